import { describe, expect, it } from 'vitest'
import { translate, type T } from '../../src/i18n'
import {
  decodeModelParams,
  DEFAULT_MODEL_PARAMS,
  echo,
  encodeModelParams,
  resolveLayer,
  type ModelParams,
} from '../../src/views/model/params'

const decode = (s: string) => decodeModelParams(new URLSearchParams(s))
const encode = (p: Partial<ModelParams>) =>
  encodeModelParams({ ...DEFAULT_MODEL_PARAMS, ...p }, new URLSearchParams()).toString()

describe('the model page’s link parameters', () => {
  it('an empty bits= or group= is invalid and gets the default, not the minimum', () => {
    const { params, notices } = decode('bits=&group=')
    expect([params.bits, params.group]).toEqual([8, 128])
    expect(notices.map((n) => [n.key, n.used])).toEqual([
      ['bits', '8'],
      ['group', '128'],
    ])
    // a number out of range is still clamped
    expect(decode('bits=1&group=1000').params).toMatchObject({ bits: 2, group: 256 })
  })

  it('keeps the table’s order and the layers’ chosen axes in the link, and reads them back', () => {
    const p: ModelParams = {
      ...DEFAULT_MODEL_PARAMS,
      src: 'loaded',
      bits: 4,
      layer: 'b.weight',
      sort: { key: 'tensor', dir: -1 },
      // names with colons, slashes, a name like an object's own key: the axis is after the last colon
      axes: { 'b.weight': 1, 'blk:0/w': 2, __proto__x: 0, 'a.weight': 3 },
    }
    const q = encodeModelParams(p, new URLSearchParams('lang=en'))
    expect(q.get('sort')).toBe('-tensor')
    // one `axis` per layer, by name, so the same choices make the same link
    expect(q.getAll('axis')).toEqual(['__proto__x:0', 'a.weight:3', 'b.weight:1', 'blk:0/w:2'])
    const back = decodeModelParams(new URLSearchParams(q.toString()))
    expect(back.notices).toEqual([])
    expect(back.params).toEqual(p)
    expect(decode('sort=name').params.sort).toEqual({ key: 'name', dir: 1 })
    expect(decode('sort=-order').params.sort).toEqual({ key: 'order', dir: -1 })
    // a layer named __proto__ is a name like any other
    const proto = decode('axis=__proto__:1').params.axes
    expect(Object.keys(proto)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
  })

  it('leaves the defaults out, so links made before sort and axis read and write as they did', () => {
    expect(encode({})).toBe('')
    expect(encode({ sort: { key: 'order', dir: 1 }, axes: {} })).toBe('')
    const old = 'src=digits-cnn&fold=0&bits=4&group=32&layer=conv1.weight'
    const { params, notices } = decode(old)
    expect(notices).toEqual([])
    expect(params.sort).toEqual({ key: 'order', dir: 1 })
    expect(params.axes).toEqual({})
    expect(encodeModelParams(params, new URLSearchParams()).toString()).toBe(old)
  })

  it('replaces an invalid sort by the network order, and ignores an invalid axis, with notices', () => {
    const { params, notices } = decode(
      'sort=sqnr&axis=a.weight&axis=:1&axis=b.weight:-1&axis=c.weight:1.5&axis=d.weight:64&axis=e.weight:1',
    )
    expect(params.sort).toEqual({ key: 'order', dir: 1 })
    expect(params.axes).toEqual({ 'e.weight': 1 })
    expect(notices).toEqual([
      { key: 'sort', value: 'sqnr', used: 'order' },
      { key: 'axis', value: 'a.weight', used: '' },
      { key: 'axis', value: ':1', used: '' },
      { key: 'axis', value: 'b.weight:-1', used: '' },
      { key: 'axis', value: 'c.weight:1.5', used: '' },
      { key: 'axis', value: 'd.weight:64', used: '' },
    ])
    for (const bad of ['', '-', '--tensor', 'Tensor', ' tensor', 'tensor ']) {
      const r = decode(`sort=${encodeURIComponent(bad)}`)
      expect(r.params.sort, bad).toEqual({ key: 'order', dir: 1 })
      expect(r.notices, bad).toEqual([{ key: 'sort', value: bad, used: 'order' }])
    }
    // a name longer than a link's layer name
    expect(decode(`axis=${'x'.repeat(301)}:1`).notices.map((n) => n.key)).toEqual(['axis'])
    expect(decode(`axis=${'x'.repeat(300)}:1`).notices).toEqual([])
  })

  it('resolves a layer by name, by a vector listed under it, or falls back to the first layer', () => {
    const rows = [{ name: 'conv.weight' }, { name: 'fc.weight' }]
    const layers = [
      { name: 'conv.weight', extras: [{ name: 'conv.bias' }] },
      { name: 'fc.weight', extras: [{ name: 'fc.bias' }] },
    ]
    expect(resolveLayer('fc.weight', rows, layers)).toEqual({ row: rows[1], how: 'exact' })
    expect(resolveLayer('fc.bias', rows, layers)).toEqual({ row: rows[1], how: 'extra' })
    // "showing the first one", as the notice says
    expect(resolveLayer('nope', rows, layers)).toEqual({ row: rows[0], how: 'first' })
    expect(resolveLayer(null, rows, layers)).toEqual({ row: null, how: 'none' })
  })

  it('shortens a long value echoed in a notice', () => {
    const t: T = (key, vars) => translate('zh-CN', key, vars)
    const long = 'x'.repeat(3000)
    const shown = echo(long, t)
    expect(shown.length).toBeLessThan(100)
    expect(shown).toContain('3000')
    expect(echo('mobilenet', t)).toBe('mobilenet')
  })
})

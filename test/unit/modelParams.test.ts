import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { translate, type T } from '../../src/i18n'
import { decodeFields, encodeFields, field, SHELL_PARAMS } from '../../src/params/paramCodec'
import {
  decodeModelParams,
  DEFAULT_MODEL_PARAMS,
  echo,
  encodeModelParams,
  MAX_AXIS,
  MAX_LAYER_NAME,
  MODEL_SCHEMA_VERSION,
  MODEL_SOURCES,
  resolveLayer,
  SORT_KEYS,
  type ModelParams,
} from '../../src/views/model/params'

const decode = (s: string) => decodeModelParams(new URLSearchParams(s))
const encode = (p: Partial<ModelParams>) => encodeModelParams({ ...DEFAULT_MODEL_PARAMS, ...p }).toString()
const V = `v=${MODEL_SCHEMA_VERSION}`

describe('the model page’s link parameters', () => {
  it('an empty link is the defaults, with no notice; encoded, only the version', () => {
    const { params, notices } = decode('')
    expect(notices).toEqual([])
    expect(params).toEqual({
      src: 'mobilenet',
      fold: true,
      bits: 8,
      group: 128,
      layer: null,
      sort: { key: 'order', dir: 1 },
      axes: {},
    })
    expect(params).toEqual(DEFAULT_MODEL_PARAMS)
    expect(encode({})).toBe(V)
    expect(encode({ sort: { key: 'order', dir: 1 }, axes: {}, layer: null })).toBe(V)
  })

  it('an empty bits= or group= is invalid and gets the default, not the minimum', () => {
    const { params, notices } = decode('bits=&group=')
    expect([params.bits, params.group]).toEqual([8, 128])
    expect(notices).toEqual([
      { key: 'bits', value: '', reason: 'invalid', used: '8' },
      { key: 'group', value: '', reason: 'invalid', used: '128' },
    ])
    // a number out of range is still clamped, a fraction rounded, each with a notice
    const r = decode('bits=1&group=1000&fold=2')
    expect(r.params).toMatchObject({ bits: 2, group: 256, fold: true })
    expect(r.notices.map((n) => [n.key, n.reason, n.used])).toEqual([
      ['bits', 'clamped', '2'],
      ['group', 'clamped', '256'],
      ['fold', 'invalid', 'true'],
    ])
    expect(decode('bits=4.5').params.bits).toBe(5)
    expect(decode('bits=4.5').notices).toEqual([{ key: 'bits', value: '4.5', reason: 'clamped', used: '5' }])
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
    const q = encodeModelParams(p)
    expect(q.get('sort')).toBe('-tensor')
    // one `axis` per layer, by name, so the same choices make the same link
    expect(q.getAll('axis')).toEqual(['__proto__x:0', 'a.weight:3', 'b.weight:1', 'blk:0/w:2'])
    const back = decodeModelParams(new URLSearchParams(q.toString()))
    expect(back.notices).toEqual([])
    expect(back.params).toEqual(p)
    expect(decode('sort=name').params.sort).toEqual({ key: 'name', dir: 1 })
    expect(decode('sort=-order').params.sort).toEqual({ key: 'order', dir: -1 })
    for (const key of SORT_KEYS) {
      expect(decode(`sort=${key}`).params.sort).toEqual({ key, dir: 1 })
      expect(decode(`sort=-${key}`).params.sort).toEqual({ key, dir: -1 })
    }
    // a layer named __proto__ is a name like any other
    const proto = decode('axis=__proto__:1').params.axes
    expect(Object.keys(proto)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
    // a name given twice keeps its last axis
    expect(decode('axis=a:1&axis=a:2').params.axes).toEqual({ a: 2 })
  })

  it('reads every link made before the shared codec as it did, and writes it back with the version', () => {
    const old = 'src=digits-cnn&fold=0&bits=4&group=32&layer=conv1.weight'
    const { params, notices } = decode(old)
    expect(notices).toEqual([])
    expect(params).toEqual({
      src: 'digits-cnn',
      fold: false,
      bits: 4,
      group: 32,
      layer: 'conv1.weight',
      sort: { key: 'order', dir: 1 },
      axes: {},
    })
    expect(encodeModelParams(params).toString()).toBe(`${V}&${old}`)
    // with the table's order, the axes and the shell's parameters (the view's own words for them are unchanged)
    const withAll =
      'lang=zh-CN&present=1&hide=controls&src=loaded&layer=a%3Ab%2Fc&sort=-rmse&axis=a%3Ab%2Fc%3A1&axis=d%3A0'
    const r = decode(withAll)
    expect(r.notices).toEqual([])
    expect(r.params).toMatchObject({ src: 'loaded', layer: 'a:b/c', sort: { key: 'rmse', dir: -1 } })
    expect(r.params.axes).toEqual({ 'a:b/c': 1, d: 0 })
    expect(encodeModelParams(r.params).toString()).toBe(
      `${V}&src=loaded&layer=a%3Ab%2Fc&sort=-rmse&axis=a%3Ab%2Fc%3A1&axis=d%3A0`,
    )
    // every source and the shell's parameters, none reported (lang=1 names no language: langParam.test.ts)
    for (const src of MODEL_SOURCES) expect(decode(`src=${src}`).params.src).toBe(src)
    expect(decode(SHELL_PARAMS.map((k) => `${k}=${k === 'lang' ? 'en' : '1'}`).join('&')).notices).toEqual([])
  })

  it('reads its own schema version quietly, and says so for another one', () => {
    expect(decode(`${V}&bits=4`)).toEqual({ params: { ...DEFAULT_MODEL_PARAMS, bits: 4 }, notices: [] })
    const { params, notices } = decode('v=2&bits=4')
    // read as this version: the parameters it knows still apply
    expect(params.bits).toBe(4)
    expect(notices).toEqual([{ key: 'v', value: '2', reason: 'version', used: String(MODEL_SCHEMA_VERSION) }])
    expect(decode('v=').notices.map((n) => n.reason)).toEqual(['version'])
  })

  it('reports a parameter #/model does not know, and a source it does not have', () => {
    const { params, notices } = decode('foo=1&src=bogus&dist=normal&bits=5')
    expect(params.src).toBe('mobilenet')
    expect(params.bits).toBe(5)
    expect(notices).toEqual([
      { key: 'foo', value: '1', reason: 'unknown' },
      { key: 'src', value: 'bogus', reason: 'invalid', used: 'mobilenet' },
      { key: 'dist', value: 'normal', reason: 'unknown' },
    ])
    // `axes` is the view's name for them, not the link's
    expect(decode('axes=a:1').notices).toEqual([{ key: 'axes', value: 'a:1', reason: 'unknown' }])
  })

  it('takes any characters in a layer name, up to MAX_LAYER_NAME', () => {
    const names = ['a b', 'x&y=z', '100%', 'блок/权重:0', 'tab\there', 'line\nbreak', '#hash?q', '+plus+']
    for (const layer of names) {
      const q = encodeModelParams({ ...DEFAULT_MODEL_PARAMS, layer })
      const r = decodeModelParams(new URLSearchParams(q.toString()))
      expect(r.notices, layer).toEqual([])
      expect(r.params.layer, layer).toBe(layer)
    }
    expect(decode(`layer=${'x'.repeat(MAX_LAYER_NAME)}`).params.layer).toHaveLength(MAX_LAYER_NAME)
    const long = decode(`layer=${'x'.repeat(MAX_LAYER_NAME + 1)}`)
    expect(long.params.layer).toBeNull()
    expect(long.notices).toEqual([
      { key: 'layer', value: 'x'.repeat(MAX_LAYER_NAME + 1), reason: 'invalid', used: '' },
    ])
    // an empty `layer=` names no layer, as before; nor is one written
    expect(decode('layer=')).toEqual({ params: DEFAULT_MODEL_PARAMS, notices: [] })
    expect(encode({ layer: '' })).toBe(V)
  })

  it('replaces an invalid sort by the network order, and ignores an invalid axis, with notices', () => {
    const { params, notices } = decode(
      'sort=sqnr&axis=a.weight&axis=:1&axis=b.weight:-1&axis=c.weight:1.5&axis=d.weight:64&axis=e.weight:1',
    )
    expect(params.sort).toEqual({ key: 'order', dir: 1 })
    expect(params.axes).toEqual({ 'e.weight': 1 })
    const ignored = (value: string) => ({ key: 'axis', value, reason: 'invalid', used: '' })
    expect(notices).toEqual([
      { key: 'sort', value: 'sqnr', reason: 'invalid', used: 'order' },
      ignored('a.weight'),
      ignored(':1'),
      ignored('b.weight:-1'),
      ignored('c.weight:1.5'),
      ignored('d.weight:64'),
    ])
    for (const bad of ['', '-', '--tensor', 'Tensor', ' tensor', 'tensor ']) {
      const r = decode(`sort=${encodeURIComponent(bad)}`)
      expect(r.params.sort, bad).toEqual({ key: 'order', dir: 1 })
      expect(r.notices, bad).toEqual([{ key: 'sort', value: bad, reason: 'invalid', used: 'order' }])
    }
    // the axes 0 … MAX_AXIS, one or two digits
    for (let a = 0; a <= MAX_AXIS; a++) expect(decode(`axis=w:${a}`).params.axes, String(a)).toEqual({ w: a })
    expect(decode('axis=w:07').params.axes).toEqual({ w: 7 })
    for (const bad of ['w:', 'w:007', 'w: 1', 'w:1 ', 'w:+1', 'w:1e1', `w:${MAX_AXIS + 1}`, 'w:x', 'w:1:'])
      expect(decode(`axis=${encodeURIComponent(bad)}`).notices, bad).toEqual([ignored(bad)])
    // a name longer than a link's layer name
    expect(decode(`axis=${'x'.repeat(301)}:1`).notices.map((n) => n.key)).toEqual(['axis'])
    expect(decode(`axis=${'x'.repeat(300)}:1`).notices).toEqual([])
    expect(decode(`axis=${'x:'.repeat(150)}:1`).params.axes).toEqual({ [`${'x:'.repeat(150)}`]: 1 })
  })

  it('any settings the page can make are written and read back as they were, with no notice', () => {
    // (whole code points: a link's text is UTF-8, and a lone surrogate half has none)
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: MAX_LAYER_NAME / 2 })
    const settings = fc.record({
      src: fc.constantFrom(...MODEL_SOURCES),
      fold: fc.boolean(),
      bits: fc.integer({ min: 2, max: 8 }),
      group: fc.integer({ min: 8, max: 256 }),
      layer: fc.option(name, { nil: null }),
      sort: fc.record({ key: fc.constantFrom(...SORT_KEYS), dir: fc.constantFrom(1 as const, -1 as const) }),
      axes: fc.dictionary(name, fc.integer({ min: 0, max: MAX_AXIS })),
    })
    fc.assert(
      fc.property(settings, (p) => {
        const link = encodeModelParams(p).toString()
        const back = decodeModelParams(new URLSearchParams(link))
        expect(back.notices).toEqual([])
        expect(back.params).toEqual({ ...p, axes: { ...p.axes } })
        // the same settings, the same link
        expect(encodeModelParams(back.params).toString()).toBe(link)
      }),
    )
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

describe('the shared codec’s list field (a parameter given once per item)', () => {
  const FIELDS = { tag: field.list(/^[a-z]+$/, 5), n: field.int(0, 9, 1) } as const

  it('collects every value in link order, drops an invalid one with a notice, and writes one each', () => {
    const { params, notices } = decodeFields(
      FIELDS,
      new URLSearchParams('tag=b&n=3&tag=BAD&tag=a&tag=toolong'),
      1,
    )
    expect(params).toEqual({ tag: ['b', 'a'], n: 3 })
    expect(notices).toEqual([
      { key: 'tag', value: 'BAD', reason: 'invalid', used: '' },
      { key: 'tag', value: 'toolong', reason: 'invalid', used: '' },
    ])
    expect(encodeFields(FIELDS, params, 1).toString()).toBe('v=1&tag=b&tag=a&n=3')
    // absent: an empty list, written as nothing; each decode has a list of its own
    const a = decodeFields(FIELDS, new URLSearchParams(''), 1).params
    const b = decodeFields(FIELDS, new URLSearchParams(''), 1).params
    expect(a.tag).toEqual([])
    expect(a.tag).not.toBe(b.tag)
    expect(encodeFields(FIELDS, a, 1).toString()).toBe('v=1')
  })
})

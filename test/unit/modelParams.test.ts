import { describe, expect, it } from 'vitest'
import { translate, type T } from '../../src/i18n'
import { decodeModelParams, echo, resolveLayer } from '../../src/views/model/params'

const decode = (s: string) => decodeModelParams(new URLSearchParams(s))

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

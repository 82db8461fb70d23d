import { describe, expect, it } from 'vitest'
import { decodeLabParams, defaultLabParams, encodeLabParams, generatedShape } from '../../src/state/labParams'

const decode = (s: string) => decodeLabParams(new URLSearchParams(s))

describe('lab link parameters', () => {
  it('reads the notes’ traitor link', () => {
    const { params, notices } = decode('dist=uniform&lo=-1&hi=1&n=10000&seed=42&outlier=10')
    expect(notices).toEqual([])
    expect(params).toMatchObject({
      dist: 'uniform',
      lo: -1,
      hi: 1,
      n: 10000,
      seed: 42,
      outlier: 10,
      outliers: 1,
      at: 0,
    })
  })

  it('clamps out-of-range numbers and says so', () => {
    const { params, notices } = decode('n=99999999&bits=1&seed=-3')
    expect(params.n).toBe(10_000_000)
    expect(params.bits).toBe(2)
    expect(params.seed).toBe(0)
    expect(notices.map((n) => [n.key, n.reason])).toEqual([
      ['n', 'clamped'],
      ['bits', 'clamped'],
      ['seed', 'clamped'],
    ])
  })

  it('replaces invalid values by defaults and ignores unknown names, with notices', () => {
    const { params, notices } = decode('dist=<script>alert(1)</script>&n=abc&bogus=1&calib=kl&lang=en')
    expect(params.dist).toBe('uniform')
    expect(params.n).toBe(10000)
    expect(params.calib).toBe('minmax')
    expect(notices.map((n) => `${n.key}:${n.reason}`)).toEqual([
      'dist:invalid',
      'n:invalid',
      'bogus:unknown',
      'calib:invalid',
    ])
    expect(notices[0].value).toBe('<script>alert(1)</script>')
  })

  it('rejects non-finite and wrongly typed numbers', () => {
    for (const bad of ['NaN', 'Infinity', '1e999', '0x10', '', ' ', '1,5']) {
      const { params, notices } = decode(`lo=${encodeURIComponent(bad)}`)
      expect(params.lo, bad).toBe(-1)
      expect(notices.length, bad).toBe(1)
    }
  })

  it('repairs a range whose ends cross, for the uniform and the drawn source, and says so', () => {
    const u = decode('dist=uniform&lo=5&hi=1')
    expect([u.params.lo, u.params.hi]).toEqual([5, 6])
    expect(u.notices.map((n) => [n.key, n.reason, n.used])).toEqual([['hi', 'order', '6']])
    const d = decode('dist=drawn&dlo=2&dhi=-3')
    expect([d.params.dlo, d.params.dhi]).toEqual([2, 3])
    expect(d.notices.map((n) => [n.key, n.reason, n.used])).toEqual([['dhi', 'order', '3']])
    // at the top of the field the low end moves down instead; with both at the far ends, the defaults
    const top = decode('dist=uniform&lo=1000000&hi=5')
    expect([top.params.lo, top.params.hi]).toEqual([4, 5])
    expect(top.notices.map((n) => n.key)).toEqual(['lo'])
    const far = decode('dist=uniform&lo=1000000&hi=-1000000')
    expect([far.params.lo, far.params.hi]).toEqual([-1, 1])
    expect(far.notices.map((n) => n.key)).toEqual(['lo', 'hi'])
  })

  it('reads back outliers placed past the tensor’s end as they were (the fields say none or only some land)', () => {
    // the Lab's fields keep `at` when the size is lowered under it (OutlierFit says so): its link, written by
    // encodeLabParams, must read back the same state, not move the outlier inside (other numbers after a reload)
    const ui = { ...defaultLabParams(), dist: 'uniform' as const, outlier: 10, n: 100, at: 9999 }
    const back = decodeLabParams(encodeLabParams(ui))
    expect(back.notices).toEqual([])
    expect(back.params).toEqual(ui)
    const past = decode('n=100&outlier=10&at=500')
    expect(past.params.at).toBe(500)
    expect(past.notices).toEqual([])
    // 10,000 values in 3 rows are 9,999: the last index is 9,998
    expect(generatedShape(10_000, 3)).toEqual({ rows: 3, cols: 3333, length: 9999 })
    const partly = decode('n=100&outlier=10&at=98&outliers=5')
    expect([partly.params.at, partly.params.outliers]).toEqual([98, 5])
    expect(partly.notices).toEqual([])
    // each field's own range still holds
    expect(decode('n=100&outlier=10&at=99999999').notices.map((n) => [n.key, n.reason])).toEqual([
      ['at', 'clamped'],
    ])
  })

  it('rounds non-integers for integer fields', () => {
    const { params, notices } = decode('n=12.6')
    expect(params.n).toBe(13)
    expect(notices[0].reason).toBe('clamped')
  })

  it('round-trips every field through encode/decode', () => {
    const p = {
      ...defaultLabParams(),
      dist: 'laplace' as const,
      sigma: 0.5,
      n: 1234,
      seed: 7,
      outlier: -3.5,
      outliers: 2,
      at: 5,
      scheme: 'asymmetric' as const,
      bits: 4,
      unsigned: true,
      calib: 'entropy' as const,
      variant: 'tvm' as const,
      pct: 99.9,
      t: 0.75,
      log: true,
      round: 'half-up' as const,
    }
    const q = encodeLabParams(p)
    expect(q.get('v')).toBe('1')
    const { params, notices } = decodeLabParams(q)
    expect(notices).toEqual([])
    expect(params).toEqual(p)
  })

  it('keeps the view’s two comparisons (KL variants overlaid, nonlinear grids) in the link, off by default', () => {
    const on = { ...defaultLabParams(), dist: 'normal' as const, variants: true, nonlinear: true }
    const q = encodeLabParams(on)
    expect([q.get('variants'), q.get('nonlinear')]).toEqual(['1', '1'])
    const { params, notices } = decodeLabParams(q)
    expect(notices).toEqual([])
    expect(params).toEqual(on)
    // off is the default: left out, so the links made before these settings were kept stay as they were
    const off = encodeLabParams({ ...on, variants: false, nonlinear: false })
    expect(off.toString()).toBe('v=1&dist=normal')
    const old = 'v=1&dist=normal&n=2000&outlier=10&calib=entropy&log=1'
    const read = decode(old)
    expect(read.notices).toEqual([])
    expect([read.params.variants, read.params.nonlinear]).toEqual([false, false])
    expect(encodeLabParams(read.params).toString()).toBe(old)
    expect(decode('variants=true&nonlinear=0').params).toMatchObject({ variants: true, nonlinear: false })
  })

  it('reads an invalid comparison toggle as off, with the notice other invalid values get', () => {
    const { params, notices } = decode('dist=normal&variants=yes&nonlinear=<b>2</b>')
    expect([params.variants, params.nonlinear]).toEqual([false, false])
    expect(notices).toEqual([
      { key: 'variants', value: 'yes', reason: 'invalid', used: 'false' },
      { key: 'nonlinear', value: '<b>2</b>', reason: 'invalid', used: 'false' },
    ])
  })

  it('reports a link from another schema version', () => {
    const { notices } = decode('v=99&n=5')
    expect(notices[0]).toMatchObject({ key: 'v', reason: 'version' })
  })
})

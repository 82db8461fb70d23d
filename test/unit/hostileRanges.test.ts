/**
 * Issue 13: ranges at the ends of float64 (subnormal, near-zero, ±1e308, narrow ranges far from zero) are data
 * like any other: the histograms, the metrics, the Lab engine and the chart ticks give defined results (or a
 * clear RangeError), never NaN and never a crash.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linearTicks, labelledTicks } from '../../src/charts/ticks'
import { formatTick } from '../../src/charts/format'
import {
  absHistogram,
  conventionQParams,
  entropyCalibrate,
  errorMetrics,
  histogram,
  histogramUpTo,
  pyFloatRepr,
  quantizationErrorMetrics,
  RandomState,
  tvmHistogram,
} from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { LAB_FORMATS } from '../../src/registry/formats'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { decodeLabParams } from '../../src/state/labParams'

/** Every value lies in the bin its edges say (numpy's rule), and the counts add up. */
function expectBinnedByEdges(x: ArrayLike<number>, h: { counts: Float64Array; edges: Float64Array }) {
  const n = h.counts.length
  const expected = new Float64Array(n)
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (!(v >= h.edges[0] && v <= h.edges[n])) continue
    let k = 0
    while (k < n - 1 && v >= h.edges[k + 1]) k++
    expected[k]++
  }
  expect(Array.from(h.counts)).toEqual(Array.from(expected))
  for (let k = 1; k <= n; k++) expect(h.edges[k]).toBeGreaterThan(h.edges[k - 1])
}

describe('histograms of tiny and narrow ranges', () => {
  it('100 values 1e6 + i·1e-11: numpy refuses 160 bins; histogramUpTo keeps as many as the range holds', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => 1e6 + i * 1e-11)
    expect(() => histogram(x, 160)).toThrow(/too many bins/)
    const h = histogramUpTo(x, 160)
    expect(h.counts.length).toBeGreaterThanOrEqual(1)
    expect(h.counts.length).toBeLessThan(160)
    expectBinnedByEdges(x, h)
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(100)
  })

  it('a constant beyond 2^52 (where numpy’s ±0.5 widening is lost) still gets a bin', () => {
    const h = histogramUpTo([1e20, 1e20], 10)
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(2)
    expect(h.edges[0]).toBeLessThan(1e20)
  })

  it('subnormal data: every value in the bin its edges say (bins/width would overflow)', () => {
    const x = Float64Array.from({ length: 2000 }, (_, i) => ((i % 97) - 48) * 2.1e-312)
    expectBinnedByEdges(x, histogram(x, 160))
    const a = absHistogram(x, 2048)
    expectBinnedByEdges(Float64Array.from(x, Math.abs), a)
  })

  it('histogramUpTo widens a constant range at the ends of float64 inward only (no infinite edge)', () => {
    // Math.log2 rounds 1.7976931348623155e308 up to 1024; stepping by that spacing overflowed to −Infinity
    for (const v of [-1.7976931348623155e308, 1.7976931348623155e308, Number.MAX_VALUE, -Number.MAX_VALUE]) {
      for (const bins of [1, 2, 7]) {
        const h = histogramUpTo([v, v], bins)
        expect(Array.from(h.edges).every(Number.isFinite)).toBe(true)
        expect(h.edges[0]).toBeLessThanOrEqual(v)
        expect(h.edges[h.edges.length - 1]).toBeGreaterThanOrEqual(v)
        expect(h.edges[0]).toBeLessThan(h.edges[h.edges.length - 1])
        expect(Array.from(h.counts).reduce((a, b) => a + b, 0)).toBe(2)
      }
    }
  })

  it('histogramUpTo equals histogram whenever histogram succeeds, and never throws for finite data', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.constantFrom(
        5e-324,
        -5e-324,
        1e308,
        -1e308,
        0,
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        -1.7976931348623155e308,
      ),
    )
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 300 }),
        (x, bins) => {
          let strict: ReturnType<typeof histogram> | null = null
          try {
            strict = histogram(x, bins)
          } catch (e) {
            expect(e).toBeInstanceOf(RangeError)
          }
          let fit: ReturnType<typeof histogram>
          try {
            fit = histogramUpTo(x, bins)
          } catch (e) {
            // only a range wider than float64 (max − min overflows) is refused
            expect(e).toBeInstanceOf(RangeError)
            expect(String(e)).toMatch(/too wide/)
            return
          }
          if (strict) {
            expect(Array.from(fit.counts)).toEqual(Array.from(strict.counts))
            expect(Array.from(fit.edges)).toEqual(Array.from(strict.edges))
          }
          expect(fit.counts.every((c) => Number.isFinite(c))).toBe(true)
          expect(fit.counts.reduce((a, b) => a + b, 0)).toBe(x.length)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the KL threshold of uniform data does not depend on its unit, down to subnormal values', () => {
    const x = Float64Array.from({ length: 4096 }, (_, i) => -1 + (2 * i) / 4095)
    const t1 = entropyCalibrate(absHistogram(x, 2048)).threshold
    const tiny = entropyCalibrate(
      absHistogram(
        x.map((v) => v * 1e-310),
        2048,
      ),
    ).threshold
    expect(tiny / 1e-310).toBeCloseTo(t1, 6)
  })

  it('TVM reads its edges as float32: data outside that range is refused with a RangeError', () => {
    expect(() => tvmHistogram([1e200, -1e200, 0])).toThrow(RangeError)
    expect(() => tvmHistogram([1e-310, -1e-310])).toThrow(/float32/)
  })
})

describe('error metrics at the ends of float64', () => {
  it('errorMetrics([1e200, −1e200], [−1e200, 1e200]): no NaN (the squares overflow: MSE is +∞)', () => {
    const m = errorMetrics([1e200, -1e200], [-1e200, 1e200])
    for (const v of Object.values(m)) expect(Number.isNaN(v)).toBe(false)
    expect(m.mse).toBe(Infinity)
    // Σx² / Σe² = 2·1e400 / (2·4e400) = 1/4 → −6.02 dB, computed in a scaled unit
    expect(m.sqnrDb).toBeCloseTo(10 * Math.log10(0.25), 10)
    expect(m.maxAbsError).toBe(2e200)
  })

  it('underflowing squares: the SQNR is still 10·log10(Σx²/Σe²), not ∞', () => {
    // errors of 1e-301 on values 1e-300: Σx²/Σe² = 100 → 20 dB (the squares, 1e-600, underflow to 0)
    const m = errorMetrics([1e-300, -1e-300], [0.9e-300, -0.9e-300])
    expect(m.sqnrDb).toBeCloseTo(20, 8)
    expect(m.maxAbsError).toBeCloseTo(1e-301, 310)
    const q = quantizationErrorMetrics([1e-300, -3e-300], { scale: 1e-300, zeroPoint: 0, qmin: -1, qmax: 1 })
    // −3e-300 clips to −1e-300: Σx² = 10e-600, Σe² = 4e-600 → 10·log10(2.5)
    expect(q.sqnrDb).toBeCloseTo(10 * Math.log10(2.5), 8)
    expect(q.clippedCount).toBe(1)
  })

  it('an error far smaller than the signal keeps its own unit: MSE and SQNR as exact arithmetic gives them', () => {
    // Σx² overflows, so the sums are rescaled; scaled by the signal's 2^-664, the error 0.5 squared to 0 (MSE 0,
    // SQNR ∞). Exactly: MSE 0.25/2, SQNR 10·log10((1e400 + 0.25)/0.25) = 4000 + 10·log10(4)
    const big = errorMetrics([1e200, 0.5], [1e200, 0])
    expect(big.mse).toBe(0.125)
    expect(big.roundErrorMse).toBe(0.125)
    expect(big.maxAbsError).toBe(0.5)
    expect(big.meanAbsError).toBe(0.25)
    expect(big.sqnrDb).toBeCloseTo(4000 + 10 * Math.log10(4), 9)
    // the ratio Σx²/Σe² overflows though both sums are finite: 1e308/1e-12
    const ratio = errorMetrics([1e154, 1e-6], [1e154, 0])
    expect(ratio.mse).toBeCloseTo(5e-13, 25)
    expect(ratio.sqnrDb).toBeCloseTo(3200, 9)
    // an error whose square underflows next to a signal of 1: 10·log10(1/1e-340)
    const tiny = errorMetrics([1, 1e-170], [1, 0])
    expect(tiny.sqnrDb).toBeCloseTo(3400, 9)
    expect(tiny.maxAbsError).toBe(1e-170)
    // a difference past the largest double: 2·(x/2 − x̂/2)
    const over = errorMetrics([1.5e308, 1], [-1.5e308, 1])
    expect(over.maxAbsError).toBe(Infinity)
    expect(over.meanAbsError).toBe(1.5e308)
    expect(over.sqnrDb).toBeCloseTo(10 * Math.log10(2.25 / 9), 10)
  })

  it('property: scaling x and x̂ by a power of two moves the MSE by its square and leaves the SQNR', () => {
    // errors and values of moderate size (the plain sums), then the same pairs scaled anywhere the scaled
    // errors stay normal doubles and the values finite: the rescaled sums must agree with the plain ones
    const pair = fc.tuple(
      fc.double({ min: -8, max: 8, noNaN: true }),
      fc.double({ min: -8, max: 8, noNaN: true }),
    )
    fc.assert(
      fc.property(
        fc.array(pair, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: -1000, max: 1015 }),
        (pairs, k) => {
          const x = pairs.map((p) => p[0])
          const h = pairs.map((p) => (Math.abs(p[0] - p[1]) < 2 ** -20 ? p[0] : p[1]))
          const plain = errorMetrics(x, h)
          const s = 2 ** k
          // only where the scaling is exact: every value, and every difference, scales back to itself
          fc.pre(x.every((v, i) => (v * s) / s === v && (h[i] * s) / s === h[i]))
          fc.pre(
            x.every((v, i) => v * s - h[i] * s === (v - h[i]) * s && Math.abs((v - h[i]) * s) !== Infinity),
          )
          const scaled = errorMetrics(
            x.map((v) => v * s),
            h.map((v) => v * s),
          )
          if (plain.mse === 0) expect(scaled.mse).toBe(0)
          else if (Number.isFinite(plain.sqnrDb))
            expect(Math.abs(scaled.sqnrDb - plain.sqnrDb)).toBeLessThan(1e-9)
          const mse = plain.mse * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2))
          const mse2 = mse * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2))
          if (mse2 > 2 ** -1000 && mse2 < 2 ** 1000)
            expect(Math.abs(scaled.mse / mse2 - 1)).toBeLessThan(1e-12)
          expect(scaled.maxAbsError).toBe(plain.maxAbsError * s)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('property: any finite x and x̂ give metrics without NaN', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 30 }), (pairs) => {
        const m = errorMetrics(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        )
        for (const v of Object.values(m)) expect(Number.isNaN(v)).toBe(false)
        expect(m.mse).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 300 },
    )
  })
})

describe('the Lab engine on hostile links', () => {
  const links = [
    'dist=uniform&lo=-1e-310&hi=1e-310',
    'dist=uniform&lo=0&hi=1e-310',
    'dist=uniform&lo=-1e-307&hi=1e-307',
    'dist=uniform&lo=-1e-300&hi=1e-300',
    'dist=normal&mu=1e6&sigma=1e-9',
    'dist=normal&mu=1e6&sigma=1e-9&calib=entropy&variant=tvm',
    'dist=uniform&lo=-1e-310&hi=1e-310&calib=entropy&variant=tvm',
    'dist=uniform&lo=-1e-310&hi=1e-310&calib=mse',
    'dist=uniform&lo=-1e-310&hi=1e-310&rows=8&gran=channel',
  ]
  for (const link of links) {
    it(link, () => {
      const { params } = decodeLabParams(new URLSearchParams(link))
      const e = new LabEngine()
      const s = e.generate(sourceSpecOf(params))
      expect(s.display.counts.reduce((a, b) => a + b, 0)).toBe(s.n)
      const r = e.quantize(quantSettingsOf(params))
      for (const v of Object.values(r.metrics)) expect(Number.isNaN(v)).toBe(false)
      expect(r.plan.scale).toBeGreaterThan(0)
      expect(Number.isFinite(r.plan.scale)).toBe(true)
      // the data is not constant: some error or an exact round trip, but never a noise-free ∞ from underflow
      expect(Number.isFinite(r.metrics.sqnrDb)).toBe(true)
      // data centred on 0 spreads over many codes; 1e6 ± 1e-9 on a symmetric grid is one code (its step ≈ 7874)
      expect(r.codesUsed).toBeGreaterThanOrEqual(link.includes('mu=1e6') ? 1 : 2)
      expect(r.errorHist.counts.reduce((a, b) => a + b, 0)).toBe(s.n)
    })
  }
})

describe('every number format and group granularity on hostile data', () => {
  // the error histogram of a format's result took numpy's rule (histogramSteps), which refuses a range narrower
  // than its bins: subnormal errors, or a narrow tensor far from zero, failed the whole result
  const data = [
    'dist=uniform&lo=0&hi=1e-320',
    'dist=uniform&lo=-1e-310&hi=1e-310',
    'dist=normal&mu=1e6&sigma=1e-9',
    'dist=uniform&lo=-1&hi=1&n=1&outlier=1e30',
    'dist=normal&mu=1e6&sigma=1e-6&calib=manual&t=1e30',
  ]
  const settings = [
    ...LAB_FORMATS.filter((f) => f !== 'int').map((f) => `fmt=${f}`),
    'gran=group&group=8',
    'gran=group&group=8&bits=4&fmt=nf4',
  ]
  for (const d of data)
    for (const q of settings) {
      const link = `${d}&${q}`
      it(link, () => {
        const { params } = decodeLabParams(new URLSearchParams(link))
        const e = new LabEngine()
        const s = e.generate(sourceSpecOf(params))
        const r = e.quantize(quantSettingsOf(params))
        for (const v of Object.values(r.metrics)) expect(Number.isNaN(v)).toBe(false)
        expect(r.errorHist.counts.reduce((a, b) => a + b, 0)).toBe(s.n)
      })
    }
})

describe('chart ticks', () => {
  it('subnormal and huge domains give finite, distinct ticks inside the domain (d3 alone throws)', () => {
    for (const [a, b] of [
      [-1e-310, 1e-310],
      [0, 1e-310],
      [0, 1e-320],
      [5e-324, 1e-323],
      [-1.7e308, 1.7e308],
      [999999.999999996, 1000000.000000004],
    ]) {
      const v = linearTicks(a, b, 6)
      expect(v.length).toBeGreaterThan(0)
      expect(new Set(v).size).toBe(v.length)
      for (const t of v) {
        expect(t).toBeGreaterThanOrEqual(a)
        expect(t).toBeLessThanOrEqual(b)
      }
    }
  })

  it('ticks of a narrow range far from zero get labels that tell them apart', () => {
    const { labels } = labelledTicks(linearTicks(999999.999999996, 1000000.000000004, 6), formatTick)
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels.length).toBeLessThanOrEqual(3)
  })
})

describe('core arguments at the edges: a clear RangeError/TypeError instead of NaN', () => {
  it('pyFloatRepr refuses a non-number with a TypeError of its own', () => {
    expect(() => pyFloatRepr('abc' as unknown as number)).toThrow(/pyFloatRepr: expected a number/)
  })

  it('standardT with df / 2 underflowing to 0 is refused (it would draw only NaN)', () => {
    expect(() => new RandomState(1).standardT(5e-324, 3)).toThrow(RangeError)
    // the smallest df that still works gives numbers, not NaN
    const ok = new RandomState(1).standardT(1e-3, 50)
    expect(ok.some(Number.isNaN)).toBe(false)
  })

  it('conventionQParams at ±1e308: a finite scale or a RangeError, never scale ∞ / zero point NaN', () => {
    for (const conv of ['notes', 'pytorch', 'onnxruntime', 'tensorrt', 'tvm'] as const) {
      for (const symmetric of [true, false]) {
        try {
          const p = conventionQParams({ min: -1e308, max: 1e308 }, conv, { symmetric })
          expect(Number.isFinite(p.scale), `${conv} ${symmetric}`).toBe(true)
          expect(Number.isFinite(p.zeroPoint), `${conv} ${symmetric}`).toBe(true)
        } catch (e) {
          expect(e, `${conv} ${symmetric}`).toBeInstanceOf(RangeError)
          expect(String(e)).toMatch(/too wide/)
        }
      }
    }
  })
})

/**
 * Issue 13 (main-thread fallback in slices): the sliced core passes (core/steps.ts) give exactly the result of
 * one pass over the whole array, for any slice length: histogram counts over a fixed range add up across
 * slices, the data range (min/max, max|x|) is the same over any split, and the metric sums are carried
 * across slices in the same order. "Whole" is the same generator with one slice longer than the array.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  absHistogramSteps,
  errorMetricsSteps,
  groupwiseQuantize,
  mxQuantize,
  RandomState,
  histogramSteps,
  histogramUpToSteps,
  percentileKeepSteps,
  runSteps,
  slices,
  tvmHistogramSteps,
  type Steps,
} from '../../src/core'
import { groupedSteps } from '../../src/engine/formatQuant'

const SEED = 1313
const WHOLE = 1 << 30

/** values of every magnitude, ±0 and a few repeats (ties on bin edges) */
const value = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-310, -1e-310, 1e300),
  fc
    .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -1074, max: 1000 }))
    .map(([m, e]) => m * 2 ** e),
)
const arr = fc.array(value, { minLength: 1, maxLength: 300 }).map((a) => Float64Array.from(a))
const step = fc.integer({ min: 1, max: 64 })

/** the result or the error message (a sliced run must fail the same way) */
function outcome<T>(f: () => T): { ok: T } | { err: string } {
  try {
    return { ok: f() }
  } catch (e) {
    return { err: String(e) }
  }
}

function counted(g: Steps<unknown>): { value: unknown; yields: number } {
  let yields = 0
  let r = g.next()
  while (!r.done) {
    yields++
    r = g.next()
  }
  return { value: r.value, yields }
}

describe('sliced core passes equal the whole-array pass exactly', () => {
  it('histogram (autodetected and fixed range), histogramUpTo, absHistogram, tvmHistogram', () => {
    fc.assert(
      fc.property(arr, step, fc.integer({ min: 1, max: 80 }), fc.boolean(), (x, s, bins, fixed) => {
        const range: [number, number] | undefined = fixed ? [-0.75, 0.5] : undefined
        for (const f of [
          (k: number) => histogramSteps(x, bins, range, k),
          (k: number) => histogramUpToSteps(x, bins, range, k),
          (k: number) => absHistogramSteps(x, bins, k),
          (k: number) => tvmHistogramSteps(x, 2 * bins + 1, k),
        ]) {
          expect(outcome(() => runSteps(f(s)))).toEqual(outcome(() => runSteps(f(WHOLE))))
        }
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('percentileKeep: the same swaps, so the same kept values in the same order', () => {
    fc.assert(
      fc.property(arr, step, fc.double({ min: 0.01, max: 1, noNaN: true }), (x, s, p) => {
        expect(outcome(() => runSteps(percentileKeepSteps(x, p, s)))).toEqual(
          outcome(() => runSteps(percentileKeepSteps(x, p, WHOLE))),
        )
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('errorMetrics: the sums carried across slices in the same order', () => {
    fc.assert(
      fc.property(arr, step, fc.double({ min: 0, max: 2, noNaN: true }), (x, s, t) => {
        const xhat = x.map((v) => Math.round(v * 4) / 4)
        const whole = runSteps(errorMetricsSteps(x, xhat, { threshold: t }, WHOLE))
        expect(runSteps(errorMetricsSteps(x, xhat, { threshold: t }, s))).toEqual(whole)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('the passes do yield between slices (so the page can run in between)', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i))
    expect(counted(histogramSteps(x, 10, undefined, 100)).yields).toBeGreaterThanOrEqual(9)
    expect(counted(absHistogramSteps(x, 10, 100)).yields).toBeGreaterThanOrEqual(9)
    // errorMetrics slices on its 8192-value chunks: 40 000 values in steps of 8192 → at least 4 yields
    const y = Float64Array.from({ length: 40_000 }, (_, i) => Math.cos(i))
    expect(counted(errorMetricsSteps(y, y.map(Math.round), {}, 8192)).yields).toBeGreaterThanOrEqual(4)
  })

  it('slices covers [0, n) once, in order, yielding between slices', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.integer({ min: 1, max: 600 }), (n, s) => {
        const seen: number[] = []
        const { yields } = counted(slices(n, (a, b) => seen.push(a, b), s))
        const expected: number[] = []
        for (let a = 0; a < n; a += s) expected.push(a, Math.min(n, a + s))
        expect(seen).toEqual(expected)
        expect(yields).toBe(Math.max(0, expected.length / 2 - 1))
      }),
      { seed: SEED },
    )
  })
})

describe('group-wise and MX formats in pieces of whole groups (engine/formatQuant groupedSteps)', () => {
  it('give the values of one call over the tensor, and as many scales', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 1),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('int4', 'nf4', 'mxfp4', 'mxfp8'),
        fc.integer(),
        (R, C, axis, group, step, kind, seed) => {
          const rs = new RandomState(Math.abs(seed) % 1000)
          const x = rs.normal(0, 1, R * C)
          if (R * C > 3) x[2] = 0
          const shape: [number, number] = [R, C]
          const mx = kind === 'mxfp4' || kind === 'mxfp8'
          const unit = mx ? 32 : group
          const whole = mx
            ? mxQuantize(x, { shape, axis, format: kind })
            : groupwiseQuantize(x, {
                shape,
                axis,
                groupSize: group,
                ...(kind === 'nf4' ? { format: 'nf4' as const } : { bits: 4 }),
              })
          const sliced = runSteps(
            groupedSteps(
              x,
              shape,
              axis,
              unit,
              (xs, sh) => {
                if (mx) {
                  const m = mxQuantize(xs, { shape: sh, axis, format: kind })
                  return { dequantized: m.dequantized, count: m.exponents.length, saturated: m.saturated }
                }
                const g = groupwiseQuantize(xs, {
                  shape: sh,
                  axis,
                  groupSize: group,
                  ...(kind === 'nf4' ? { format: 'nf4' as const } : { bits: 4 }),
                })
                return { dequantized: g.dequantized, count: g.scales.length }
              },
              step,
            ),
          )
          expect(sliced.dequantized).toEqual(whole.dequantized)
          expect(sliced.count).toBe('exponents' in whole ? whole.exponents.length : whole.scales.length)
          // MX: the pieces' saturated values add up to the whole call's (the sums in another order)
          if ('saturated' in whole) {
            expect(sliced.saturated?.count).toBe(whole.saturated.count)
            expect(sliced.saturated?.sse).toBeCloseTo(whole.saturated.sse, 9)
          } else expect(sliced.saturated).toBeNull()
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })
})

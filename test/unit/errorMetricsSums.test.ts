// ErrorMetricsSums (core/metrics.ts) is errorMetrics for x̂ made a slice at a time: the same kernel and order,
// so the same result bit for bit whatever the slicing, and null exactly where errorMetrics leaves its plain path.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ErrorMetricsSums, errorMetrics, type ErrorMetricsOptions } from '../../src/core'

/** The sums of x against x̂ added in the slices `cuts` (sorted positions inside the array). */
function sliced(x: Float64Array, xhat: Float64Array, cuts: number[], opts: ErrorMetricsOptions) {
  const sums = new ErrorMetricsSums(opts)
  const at = [0, ...cuts, x.length]
  for (let k = 0; k + 1 < at.length; k++) {
    // each slice arrives as its own arrays, as the Lab's buffers do
    sums.add(x.subarray(at[k], at[k + 1]), xhat.slice(at[k], at[k + 1]), 0, at[k + 1] - at[k])
  }
  return sums.result()
}

describe('ErrorMetricsSums', () => {
  it('equals errorMetrics over the whole arrays bit for bit, for any slicing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -50, max: 50, noNaN: true }),
            fc.double({ min: -1, max: 1, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (pairs, rawCuts, t) => {
          const x = Float64Array.from(pairs, ([a]) => a)
          // x̂ near x, as a quantizer's output is
          const xhat = Float64Array.from(pairs, ([a, d]) => Math.round(a) + d)
          const cuts = [...new Set(rawCuts.map((c) => c % x.length))]
            .filter((c) => c > 0)
            .sort((a, b) => a - b)
          const opts = { clipLow: -t, clipHigh: t }
          const s = sliced(x, xhat, cuts, opts)
          if (s !== null) expect(s).toEqual(errorMetrics(x, xhat, opts))
          else {
            // only where errorMetrics leaves its plain sums: a signal or an error too small to square
            let sig = 0
            let maxAbs = 0
            for (let i = 0; i < x.length; i++) {
              sig += x[i] * x[i]
              maxAbs = Math.max(maxAbs, Math.abs(x[i] - xhat[i]))
            }
            expect(sig < 2 ** -1000 || (maxAbs > 0 && maxAbs < 2 ** -500)).toBe(true)
          }
        },
      ),
    )
  })

  it('gives null where errorMetrics rescales (squares that overflow or underflow), and errorMetrics still answers', () => {
    const cases: [Float64Array, Float64Array][] = [
      [Float64Array.of(1e200, -3e200, 2), Float64Array.of(0, -2e200, 2)],
      [Float64Array.of(1e-300, 2e-300), Float64Array.of(0, 2e-300)],
      // a difference beyond float64's range: both values finite
      [Float64Array.of(1.5e308, 1), Float64Array.of(-1.5e308, 1)],
    ]
    for (const [x, xhat] of cases) {
      expect(sliced(x, xhat, [1], {})).toBeNull()
      // (the MSE itself may be beyond float64; the SQNR, a ratio, is not)
      expect(Number.isFinite(errorMetrics(x, xhat).sqnrDb)).toBe(true)
    }
  })

  it('gives null for a non-finite pair, and refuses an empty tensor and a reversed clip range', () => {
    expect(sliced(Float64Array.of(1, NaN), Float64Array.of(1, 0), [], {})).toBeNull()
    expect(() => new ErrorMetricsSums().result()).toThrow(/empty/)
    expect(() => new ErrorMetricsSums({ clipLow: 1, clipHigh: -1 })).toThrow(RangeError)
  })
})

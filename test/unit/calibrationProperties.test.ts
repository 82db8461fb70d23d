// Property tests (fast-check): KL is never negative, the fixed-point primitives are the exact roundings
// they claim to be (checked with BigInt), histogram counts add up.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { entropyCalibrate, klDivergence } from '../../src/core/entropy'
import {
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../src/core/fixedPoint'
import { absHistogram, histogram } from '../../src/core/histogram'

const int32 = fc.integer({ min: -2147483648, max: 2147483647 })
/** Mostly small, sometimes extreme int32 values; ±2^23 puts products against an int32 multiplier on both sides
 *  of 2^52, where the fixed-point code leaves its exact float64 path for the 64-bit one. */
const anyInt32 = fc.oneof(
  int32,
  fc.integer({ min: -70000, max: 70000 }),
  fc.integer({ min: -(2 ** 23), max: 2 ** 23 }),
  fc.constantFrom(INT32_MIN, -1, 0, 1, 2147483647),
)

/** round(n / 2^k) with ties toward +∞, in BigInt (floor division). */
function roundHalfUpPow2(n: bigint, k: bigint): bigint {
  const d = 1n << k
  const t = n + (d >> 1n)
  return t >= 0n ? t / d : -((-t + d - 1n) / d)
}

/** round(n / 2^k) with ties away from zero, in BigInt. */
function roundHalfAwayPow2(n: bigint, k: bigint): bigint {
  if (k === 0n) return n
  const half = 1n << (k - 1n)
  const a = n < 0n ? -n : n
  const q = (a + half) >> k
  return n < 0n ? -q : q
}

describe('KL divergence', () => {
  it('KL(P‖Q) ≥ 0 for random non-negative vectors (+∞ allowed)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 60 })
          .filter((a) => a.some(([p]) => p > 0) && a.some(([, q]) => q > 0)),
        (pairs) => {
          const kl = klDivergence(
            pairs.map(([p]) => p),
            pairs.map(([, q]) => q),
          )
          return kl === Infinity || kl >= -1e-12
        },
      ),
    )
  })

  it('every tensorrt sweep value is ≥ −1e-12 or +∞, and the threshold is never NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.nat(500)), { minLength: 2, maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        (counts, levels) => {
          const h = {
            counts: Float64Array.from(counts),
            edges: Float64Array.from({ length: counts.length + 1 }, (_, k) => k),
          }
          const r = entropyCalibrate(h, { levels, startBin: 1 })
          expect(Number.isNaN(r.threshold)).toBe(false)
          return r.values.every((v) => v === Infinity || v >= -1e-12)
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('fixed point is exact', () => {
  it('SRDHM(a, b) = round(a·b / 2^31), ties toward +∞ (BigInt), except INT32_MIN²', () => {
    fc.assert(
      fc.property(anyInt32, anyInt32, (a, b) => {
        const got = saturatingRoundingDoublingHighMul(a, b)
        if (a === INT32_MIN && b === INT32_MIN) return got === 2147483647
        return BigInt(got) === roundHalfUpPow2(BigInt(a) * BigInt(b), 31n)
      }),
      { numRuns: 2000 },
    )
  })

  it('RDBPOT(x, e) = round(x / 2^e), ties away from zero (BigInt)', () => {
    fc.assert(
      fc.property(anyInt32, fc.integer({ min: 0, max: 31 }), (x, e) => {
        return BigInt(roundingDivideByPOT(x, e)) === roundHalfAwayPow2(BigInt(x), BigInt(e))
      }),
      { numRuns: 2000 },
    )
  })

  it('double-rounding MultiplyByQuantizedMultiplier = RDBPOT(SRDHM(x·2^left, M0), right) (BigInt)', () => {
    fc.assert(
      fc.property(
        anyInt32,
        fc.integer({ min: 0, max: 2147483647 }),
        fc.integer({ min: -31, max: 30 }),
        (x, m, shift) => {
          const left = BigInt(Math.max(shift, 0))
          const right = BigInt(Math.max(-shift, 0))
          // x·2^left is an int32 multiply in TFLite (wraps)
          const a = BigInt.asIntN(32, BigInt(x) << left)
          const hi =
            a === BigInt(INT32_MIN) && m === INT32_MIN ? 2147483647n : roundHalfUpPow2(a * BigInt(m), 31n)
          return BigInt(multiplyByQuantizedMultiplier(x, m, shift)) === roundHalfAwayPow2(hi, right)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('single-rounding MultiplyByQuantizedMultiplier = (x·M0 + 2^(30−s)) >> (31−s) (BigInt)', () => {
    fc.assert(
      fc.property(
        anyInt32,
        fc.integer({ min: 0, max: 2147483647 }),
        fc.integer({ min: -31, max: 30 }),
        (x, m, shift) => {
          const total = BigInt(31 - shift)
          const want = BigInt.asIntN(32, (BigInt(x) * BigInt(m) + (1n << (total - 1n))) >> total)
          return BigInt(multiplyByQuantizedMultiplier(x, m, shift, { singleRounding: true })) === want
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('histogram', () => {
  it('counts sum to the number of values inside the range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (x, bins, lo, width) => {
          const range: [number, number] = [lo, lo + width]
          if (width / bins < 1e-9 * Math.max(1, Math.abs(lo))) return true // numpy: too many bins for the range
          const h = histogram(x, bins, range)
          const inside = x.filter((v) => v >= range[0] && v <= range[1]).length
          return h.counts.reduce((a, b) => a + b, 0) === inside
        },
      ),
      { numRuns: 300 },
    )
  })

  it('default range and |x| histograms count every finite value, each in the bin its edges say', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        (x, bins) => {
          // numpy refuses ranges narrower than the bins can resolve ("Too many bins for data range"): skip them
          const lo = Math.min(...x)
          const hi = Math.max(...x)
          const amax = Math.max(...x.map(Math.abs))
          fc.pre(lo === hi || hi - lo > 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi)))
          fc.pre(amax === 0 || amax > 1e-300)
          const h = histogram(x, bins)
          const a = absHistogram(x, bins)
          expect(h.counts.reduce((s, v) => s + v, 0)).toBe(x.length)
          expect(a.counts.reduce((s, v) => s + v, 0)).toBe(x.length)
          for (const v of x.slice(0, 20)) {
            const k = histogram([v], bins, [h.edges[0], h.edges[bins]]).counts.indexOf(1)
            expect(h.edges[k]).toBeLessThanOrEqual(v)
            if (k < bins - 1) expect(v).toBeLessThan(h.edges[k + 1])
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})

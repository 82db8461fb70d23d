import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dequantTensor, percentileKeep, quantTensor } from '../../src/core/notes'
import { formatScalarNumpy } from '../../src/core/numpyFormat'
import { dequantize, fakeQuantize, type QParams, qRange, quantize } from '../../src/core/qparams'
import { ROUNDING_MODES, roundHalfEven, roundWith, type RoundingMode } from '../../src/core/rounding'

const EPS = Number.EPSILON

/** Random quantization parameters: bits 2 … 16, signed or not, restricted or not, zero point inside the range. */
const qparamsArb: fc.Arbitrary<QParams> = fc
  .record({
    bits: fc.integer({ min: 2, max: 16 }),
    signed: fc.boolean(),
    restricted: fc.boolean(),
    scale: fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
    zpFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ bits, signed, restricted, scale, zpFrac }) => {
    const { qmin, qmax } = qRange(bits, { signed, restricted })
    const zeroPoint = qmin + Math.floor(zpFrac * (qmax - qmin))
    return { scale, zeroPoint: Math.min(zeroPoint, qmax), qmin, qmax }
  })

const modeArb = fc.constantFrom<RoundingMode>(...ROUNDING_MODES)

/** x inside the representable range of p, as a fraction of it. */
function inside(p: QParams, t: number): number {
  const lo = p.scale * (p.qmin - p.zeroPoint)
  const hi = p.scale * (p.qmax - p.zeroPoint)
  return lo + t * (hi - lo)
}

describe('quantize / dequantize properties', () => {
  it('|x − x̂| ≤ scale/2 inside the representable range, for every rounding mode', () => {
    fc.assert(
      fc.property(qparamsArb, fc.double({ min: 0, max: 1, noNaN: true }), modeArb, (p, t, mode) => {
        const x = inside(p, t)
        const xhat = dequantize(quantize([x], p, mode), p)[0]
        // scale/2 plus the float rounding of x/scale and of scale·(q − zp)
        return Math.abs(x - xhat) <= p.scale / 2 + 4 * EPS * (Math.abs(x) + p.scale)
      }),
      { numRuns: 2000 },
    )
  })

  it('quantize is monotone (non-decreasing in x)', () => {
    fc.assert(
      fc.property(
        qparamsArb,
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        modeArb,
        (p, a, b, mode) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          const q = quantize([lo, hi], p, mode)
          return q[0] <= q[1]
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('dequantize(quantize(k·scale)) = k·scale for integer k in range (zero point 0 and non-zero)', () => {
    fc.assert(
      fc.property(
        qparamsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        modeArb,
        fc.boolean(),
        (p0, t, mode, zeroZp) => {
          const p = zeroZp && p0.qmin <= 0 && p0.qmax >= 0 ? { ...p0, zeroPoint: 0 } : p0
          const k = p.qmin - p.zeroPoint + Math.floor(t * (p.qmax - p.qmin))
          const x = k * p.scale
          const q = quantize([x], p, mode)
          return q[0] === k + p.zeroPoint && dequantize(q, p)[0] === x
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('codes always lie in [qmin, qmax], even for huge inputs', () => {
    fc.assert(
      fc.property(
        qparamsArb,
        fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { maxLength: 20 }),
        modeArb,
        (p, xs, mode) => {
          const q = quantize(xs, p, mode)
          return q.every((v) => v >= p.qmin && v <= p.qmax && Number.isInteger(v))
        },
      ),
    )
  })

  it('fakeQuantize equals dequantize(quantize(x))', () => {
    fc.assert(
      fc.property(
        qparamsArb,
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { maxLength: 30 }),
        (p, xs) => {
          const a = fakeQuantize(xs, p)
          const b = dequantize(quantize(xs, p), p)
          return a.every((v, i) => Object.is(v, b[i]))
        },
      ),
    )
  })
})

describe('the notes’ quantTensor / dequantTensor properties', () => {
  const wbArb = fc.record({
    w: fc.double({ min: 1e-6, max: 100, noNaN: true }),
    b: fc.double({ min: -100, max: 100, noNaN: true }),
  })

  it('|x − (w·q + b)| ≤ w/2 for x in [b − 128w, b + 127w]', () => {
    fc.assert(
      fc.property(wbArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ w, b }, t) => {
        const x = b + w * (-128 + 255 * t)
        const q = quantTensor([x], w, b)
        const xhat = dequantTensor(q, w, b)[0]
        return (
          q[0] >= -128 &&
          q[0] <= 127 &&
          Math.abs(x - xhat) <= w / 2 + 8 * EPS * (Math.abs(x) + Math.abs(b) + 128 * w)
        )
      }),
      { numRuns: 2000 },
    )
  })

  it('quantTensor is monotone and stays in [qmin, qmax]', () => {
    fc.assert(
      fc.property(
        wbArb,
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        ({ w, b }, a, c) => {
          const [lo, hi] = a <= c ? [a, c] : [c, a]
          const q = quantTensor([lo, hi], w, b)
          return q[0] <= q[1] && q[0] >= -128 && q[1] <= 127
        },
      ),
    )
  })
})

describe('roundHalfEven', () => {
  it('agrees with the ties-to-even definition', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (x) => {
        const r = roundHalfEven(x)
        const d = Math.abs(x - r)
        if (!Number.isInteger(r) || d > 0.5) return false
        if (d === 0.5) return r % 2 === 0
        // not a tie: the nearest integer
        return d < 0.5
      }),
      { numRuns: 5000 },
    )
  })

  // the plain three-way form the fast one replaced (src/core/rounding.ts): the same double, sign of zero
  // included, for every input
  const plainHalfEven = (x: number): number => {
    if (!Number.isFinite(x)) return x
    const f = Math.floor(x)
    const d = x - f
    if (d < 0.5) return f
    if (d > 0.5) return f + 1
    return f % 2 === 0 ? f : f + 1
  }

  it('is the plain three-way form bit for bit, −0 and ±Infinity and NaN included', () => {
    const specials = [-0, 0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994]
    for (const x of [...specials, 2 ** 52 - 0.5, -(2 ** 52) + 0.5, 2 ** 53 + 2, 5e-324, -5e-324])
      expect(Object.is(roundHalfEven(x), plainHalfEven(x))).toBe(true)
    for (const x of [Infinity, -Infinity, NaN]) expect(Object.is(roundHalfEven(x), x)).toBe(true)
    // every kind of double (any exponent, subnormals, ±0), and halves of integers (the ties)
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((k) => k / 2),
          fc.double({ min: -4, max: 4 }),
        ),
        (x) => Object.is(roundHalfEven(x), plainHalfEven(x)),
      ),
      { numRuns: 20_000 },
    )
  })

  it('exact ties k + 0.5 go to the even neighbour; half-away and half-up differ as documented', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (k) => {
        const x = k + 0.5
        const even = k % 2 === 0 ? k : k + 1
        return (
          roundHalfEven(x) === even &&
          roundWith(x, 'half-away') === (x < 0 ? k : k + 1) &&
          roundWith(x, 'half-up') === k + 1
        )
      }),
    )
  })
})

describe('other properties', () => {
  it('percentileKeep returns the k smallest |x|', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (xs, p) => {
          const k = Math.floor(xs.length * p)
          const expected = xs
            .map(Math.abs)
            .sort((a, b) => a - b)
            .slice(0, k)
          const got = Array.from(percentileKeep(xs, p)).sort((a, b) => a - b)
          return got.length === k && got.every((v, i) => v === expected[i])
        },
      ),
    )
  })

  it('formatScalarNumpy (positional range) is the value rounded to 8 decimals, exact when it fits', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 9.9e7, noNaN: true }), fc.boolean(), (v, neg) => {
        const x = neg ? -v : v
        const s = formatScalarNumpy(x)
        const back = Number(s.endsWith('.') ? s + '0' : s)
        if (s.includes('e')) return false
        const short = String(Math.abs(x))
        const fracDigits = short.includes('.') ? short.split('.')[1].length : 0
        if (!short.includes('e') && fracDigits <= 8) return back === x
        return Math.abs(back - x) <= 0.5e-8 * (1 + 1e-9) + Math.abs(x) * EPS
      }),
      { numRuns: 3000 },
    )
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ELEMENT_FORMATS,
  formatLargest,
  formatValues,
  groupwiseQuantize,
  mxQuantize,
  NF4_CODE,
  quantizeToFormat,
  type ElementFormat,
} from '../../src/core'
import { rounderOf } from '../../src/core/formats'

/**
 * An independent decoder from the bit string of a code (not the core's): sign | exponent | mantissa, as the
 * OCP OFP8 rev 1.0 tables and MX v1.0 §5.3.3 define them. Returns NaN for NaN, ±Infinity for infinities.
 */
function decodeBits(code: number, e: number, m: number, bias: number, kind: 'fn' | 'ieee' | 'none'): number {
  const bitsText = code.toString(2).padStart(1 + e + m, '0')
  const s = bitsText[0] === '1' ? -1 : 1
  const ef = parseInt(bitsText.slice(1, 1 + e), 2)
  const mf = parseInt(bitsText.slice(1 + e), 2)
  const allOnesE = ef === 2 ** e - 1
  if (kind === 'ieee' && allOnesE) return mf === 0 ? s * Infinity : NaN
  if (kind === 'fn' && allOnesE && mf === 2 ** m - 1) return NaN
  if (ef === 0) return s * mf * 2 ** (1 - bias - m)
  return s * (2 ** m + mf) * 2 ** (ef - bias - m)
}

const LAYOUTS = {
  e4m3: { e: 4, m: 3, bias: 7, kind: 'fn' as const, largest: 448, minSub: 2 ** -9, distinct: 253 },
  e5m2: { e: 5, m: 2, bias: 15, kind: 'ieee' as const, largest: 57344, minSub: 2 ** -16, distinct: 247 },
  e2m1: { e: 2, m: 1, bias: 1, kind: 'none' as const, largest: 6, minSub: 0.5, distinct: 15 },
}

describe('formatValues and quantizeToFormat: every code of the formats', () => {
  for (const [name, L] of Object.entries(LAYOUTS)) {
    const f = name as ElementFormat
    it(`${name}: the finite codes decoded from their bits are exactly the value set, each re-encodes to itself`, () => {
      const finite = new Set<number>()
      let nonFinite = 0
      for (let c = 0; c < 2 ** (1 + L.e + L.m); c++) {
        const v = decodeBits(c, L.e, L.m, L.bias, L.kind)
        if (!Number.isFinite(v)) {
          nonFinite++
          continue
        }
        finite.add(v === 0 ? 0 : v) // +0 and −0 are one value
        // (−0 comes back as 0: the value set holds zero once)
        expect(quantizeToFormat([v], f, 1)[0]).toBe(v === 0 ? 0 : v)
        // and at another power-of-two scale the same code comes back (scaling by 2^k is exact)
        expect(quantizeToFormat([v * 8], f, 8)[0]).toBe(v === 0 ? 0 : v * 8)
      }
      const vals = formatValues(f)
      expect(vals.length).toBe(L.distinct)
      expect(Array.from(vals)).toEqual([...finite].sort((a, b) => a - b))
      expect(formatLargest(f)).toBe(L.largest)
      expect(vals[vals.length - 1]).toBe(L.largest)
      expect(vals[0]).toBe(-L.largest)
      // the smallest positive value is the smallest subnormal
      expect(vals[vals.indexOf(0) + 1]).toBe(L.minSub)
      // E4M3 FN: only S.1111.111 is NaN (2 codes); E5M2: ±∞ and 6 NaN; E2M1: none
      expect(nonFinite).toBe(name === 'e4m3' ? 2 : name === 'e5m2' ? 8 : 0)
    })
  }

  it('E2M1 is 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives (MX v1.0 table 5)', () => {
    expect(Array.from(formatValues('e2m1'))).toEqual([
      -6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6,
    ])
  })

  it('ties go to the even mantissa (even code), also across an octave and in the subnormals', () => {
    // e4m3: 1 = 0.0111.000, 1.125 = 0.0111.001: the midpoint 1.0625 goes to 1 (mantissa 000)
    expect(quantizeToFormat([1.0625], 'e4m3', 1)[0]).toBe(1)
    // 1.125 (001) and 1.25 (010): midpoint 1.1875 goes to 1.25
    expect(quantizeToFormat([1.1875], 'e4m3', 1)[0]).toBe(1.25)
    // 15 = 1.111·2³ (mantissa 111) and 16 = 1.000·2⁴: midpoint 15.5 goes to 16
    expect(quantizeToFormat([15.5, -15.5], 'e4m3', 1)).toEqual(Float64Array.from([16, -16]))
    // subnormals: 2⁻¹⁰ is halfway between 0 (code 0) and 2⁻⁹ (code 1): goes to 0; 3·2⁻¹⁰ goes to 2⁻⁸ (code 2)
    expect(quantizeToFormat([2 ** -10, 3 * 2 ** -10], 'e4m3', 1)).toEqual(Float64Array.from([0, 2 ** -8]))
    // e2m1: 5 is halfway between 4 (0.11.0) and 6 (0.11.1): goes to 4; 2.5 between 2 (0.10.0) and 3: goes to 2
    expect(quantizeToFormat([5, 2.5, 0.25, 0.75], 'e2m1', 1)).toEqual(Float64Array.from([4, 2, 0, 1]))
    // e5m2: 1.125 is halfway between 1 (00) and 1.25 (01)
    expect(quantizeToFormat([1.125, 1.375], 'e5m2', 1)).toEqual(Float64Array.from([1, 1.5]))
    // int4: half to even, saturating at −8 … 7
    expect(quantizeToFormat([2.5, -2.5, 3.5, -7.5, 7.5, -9], 'int4', 1)).toEqual(
      Float64Array.from([2, -2, 4, -8, 7, -8]),
    )
  })

  it('saturates at the largest finite value: never NaN or ∞ from finite input', () => {
    expect(Array.from(quantizeToFormat([464, 1e9, -1e300, Number.MAX_VALUE], 'e4m3', 1))).toEqual([
      448, 448, -448, 448,
    ])
    expect(Array.from(quantizeToFormat([61440, 1e30, -1e30], 'e5m2', 1))).toEqual([57344, 57344, -57344])
    expect(Array.from(quantizeToFormat([7, -100], 'e2m1', 1))).toEqual([6, -6])
    expect(Array.from(quantizeToFormat([3, -3], 'nf4', 1))).toEqual([1, -1])
    expect(Array.from(quantizeToFormat([1000, -1000], 'int8', 1))).toEqual([127, -128])
  })

  it('rejects an unknown format and a bad scale', () => {
    expect(() => formatValues('fp16' as ElementFormat)).toThrow(/format/)
    expect(() => quantizeToFormat([1], 'e4m3', 0)).toThrow(/scale/)
    expect(() => quantizeToFormat([1], 'e4m3', NaN)).toThrow(/scale/)
  })
})

describe('NF4 and the integers', () => {
  it("NF4 is bitsandbytes' 16-value code book: −1 … 1, zero once, 7 negative and 8 positive levels", () => {
    const v = formatValues('nf4')
    expect(v).toEqual(NF4_CODE)
    expect(v.length).toBe(16)
    expect(v[0]).toBe(-1)
    expect(v[15]).toBe(1)
    expect(v[7]).toBe(0)
    expect(v.filter((a) => a < 0).length).toBe(7)
    // the first positive and negative levels from bitsandbytes' create_normal_map (float32 constants)
    expect(v[8]).toBe(0.07958029955625534)
    expect(v[6]).toBe(-0.09105003625154495)
    expect(formatLargest('nf4')).toBe(1)
  })

  it('int4 is −8 … 7 and int8 is −128 … 127', () => {
    expect(Array.from(formatValues('int4'))).toEqual(Array.from({ length: 16 }, (_, i) => i - 8))
    const i8 = formatValues('int8')
    expect(i8.length).toBe(256)
    expect([i8[0], i8[255]]).toEqual([-128, 127])
  })
})

describe('properties of quantizeToFormat (fast-check)', () => {
  const fmtArb = fc.constantFrom<ElementFormat>(...ELEMENT_FORMATS)
  const scaleArb = fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  it('monotone, idempotent, never NaN/∞ from finite input', () => {
    fc.assert(
      fc.property(
        fmtArb,
        scaleArb,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (f, s, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          const q = quantizeToFormat([lo, hi], f, s)
          if (!Number.isFinite(q[0]) || !Number.isFinite(q[1])) return false
          if (q[0] > q[1]) return false
          const qq = quantizeToFormat(q, f, s)
          return qq[0] === q[0] && qq[1] === q[1]
        },
      ),
    )
  })

  it('|x − x̂| ≤ half the local spacing inside the range, and x̂ is the nearest value', () => {
    fc.assert(
      fc.property(fmtArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (f, t, neg) => {
        const vals = formatValues(f)
        const top = formatLargest(f)
        const x = (neg ? -1 : 1) * t * (neg ? -vals[0] : top)
        const xhat = quantizeToFormat([x], f, 1)[0]
        // the two neighbours of x in the value set
        let k = 0
        while (k < vals.length - 1 && vals[k + 1] <= x) k++
        const below = vals[k]
        const above = vals[Math.min(vals.length - 1, x === below ? k : k + 1)]
        const half = (above - below) / 2
        if (Math.abs(x - xhat) > half) return false
        // nearest: no value of the set is closer
        for (const v of vals) if (Math.abs(x - v) < Math.abs(x - xhat)) return false
        return true
      }),
    )
  })
})

describe('groupwiseQuantize', () => {
  it('int4 groups of 4 along each row: one absmax/7 scale per group (hand computation)', () => {
    const x = [7, 1, -3.5, 2, 0.7, 0.1, -0.35, 0, 14, 7, 3.5, -14, 0, 0, 0, 0]
    const { dequantized, scales } = groupwiseQuantize(x, { shape: [2, 8], axis: 0, groupSize: 4 })
    // groups: [7,1,-3.5,2] → s 1; [0.7,0.1,-0.35,0] → 0.1; [14,7,3.5,-14] → 2; [0,0,0,0] → 1 (zeros)
    expect(Array.from(scales)).toEqual([1, 0.7 / 7, 2, 1])
    // −3.5/1 = −3.5 → −4 (even); −0.35/0.1 = −3.4999… or −3.5 → −3 or −4; 7/2 = 3.5 → 4 (even) → 8; 3.5/2 = 1.75 → 2
    expect(Array.from(dequantized.slice(0, 4))).toEqual([7, 1, -4, 2])
    expect(Array.from(dequantized.slice(8, 12))).toEqual([14, 8, 4, -14])
    expect(Array.from(dequantized.slice(12))).toEqual([0, 0, 0, 0])
  })

  it('axis 1 of a 2-D tensor groups along the columns; a 3-D tensor flattens the other axes in C order', () => {
    // shape [3, 2], axis 1: channel 0 is x[0], x[2], x[4]; channel 1 is x[1], x[3], x[5]
    const x = [1, 100, 2, 200, 3, 300]
    const r = groupwiseQuantize(x, { shape: [3, 2], axis: 1, groupSize: 8, bits: 8 })
    expect(Array.from(r.scales)).toEqual([3 / 127, 300 / 127])
    // shape [2, 3, 2] with axis 1: channel c holds x[a, c, b] for a, b in C order
    const y = Array.from({ length: 12 }, (_, i) => (i % 5) - 2 + i / 10)
    const g = groupwiseQuantize(y, { shape: [2, 3, 2], axis: 1, groupSize: 2, format: 'e4m3' })
    for (let c = 0; c < 3; c++) {
      const slice = [y[c * 2], y[c * 2 + 1], y[6 + c * 2], y[6 + c * 2 + 1]]
      for (let gi = 0; gi < 2; gi++) {
        const part = slice.slice(gi * 2, gi * 2 + 2)
        const s = Math.max(...part.map(Math.abs)) / 448
        expect(g.scales[c * 2 + gi]).toBe(s)
        const q = quantizeToFormat(part, 'e4m3', s)
        const idx = gi === 0 ? [c * 2, c * 2 + 1] : [6 + c * 2, 6 + c * 2 + 1]
        expect([g.dequantized[idx[0]], g.dequantized[idx[1]]]).toEqual(Array.from(q))
      }
    }
  })

  it('a short last group, NF4 with absmax scale, and errors for bad shapes', () => {
    const x = [0.5, -1, 0.25, 2, 1]
    const r = groupwiseQuantize(x, { shape: [1, 5], axis: 0, groupSize: 3, format: 'nf4' })
    expect(Array.from(r.scales)).toEqual([1, 2])
    expect(r.dequantized[1]).toBe(-1)
    expect(r.dequantized[3]).toBe(2)
    expect(() => groupwiseQuantize(x, { shape: [2, 2], axis: 0, groupSize: 2 })).toThrow(/shape/)
    expect(() => groupwiseQuantize(x, { shape: [5], axis: 1, groupSize: 2 })).toThrow(/axis/)
    expect(() => groupwiseQuantize(x, { shape: [5], axis: 0, groupSize: 0 })).toThrow(/groupSize/)
  })
})

describe('mxQuantize (OCP Microscaling v1.0 §6.3)', () => {
  it('MXFP4: the shared exponent is ⌊log₂ absmax⌋ − 2, elements are E2M1 with saturation', () => {
    // absmax 10: ⌊log₂ 10⌋ = 3, X = 2^(3−2) = 2; 10/2 = 5 → tie between 4 and 6 → 4 (even code) → 8;
    // 7/2 = 3.5 → tie 3 (0.10.1) / 4 (0.11.0) → 4 → 8; 0.3/2 = 0.15 → 0; −2.9/2 = −1.45 → −1.5 → −3
    const r = mxQuantize([10, 7, 0.3, -2.9], { shape: [1, 4], axis: 0, format: 'mxfp4' })
    expect(Array.from(r.exponents)).toEqual([1])
    expect(Array.from(r.dequantized)).toEqual([8, 8, 0, -3])
    // 7.9 → X = 2^(2−2) = 1, 7.9 saturates at 6 (the OCP conversion clamps to the largest normal)
    expect(mxQuantize([7.9], { shape: [1], axis: 0, format: 'mxfp4' }).dequantized[0]).toBe(6)
  })

  it('reports the values beyond their block’s ±largest·X (they saturate there) and their squared error', () => {
    // MXFP4, max 7.5: ⌊log₂ 7.5⌋ = 2, X = 2^0 = 1, E2M1's largest 6: 6.5, 7.5 and −7 saturate; 6 and 5.9 do not
    const a = mxQuantize([6.5, 7.5, -7, 6, 5.9, 0.2], { shape: [1, 6], axis: 0, format: 'mxfp4' })
    expect(Array.from(a.exponents)).toEqual([0])
    expect(a.saturated.count).toBe(3)
    expect(a.saturated.sse).toBe(0.5 ** 2 + 1.5 ** 2 + 1 ** 2)
    // max 10 → X = 2, 6·X = 12: nothing saturates (10 rounds down to 8)
    expect(mxQuantize([10, 7, 0.3, -2.9], { shape: [1, 4], axis: 0, format: 'mxfp4' }).saturated).toEqual({
      count: 0,
      sse: 0,
    })
    // MXFP8, two blocks of 32: block 1 max 500 → X = 2^(8−8) = 1, E4M3's 448: 460 and −500 saturate;
    // block 2 max 3 → X = 2^(1−8): 448·X = 3.5, nothing saturates
    const x = Array.from({ length: 64 }, (_, i): number => (i < 32 ? 100 : 1))
    x[3] = 460
    x[9] = -500
    x[40] = 3
    const b = mxQuantize(x, { shape: [1, 64], axis: 0, format: 'mxfp8' })
    expect(Array.from(b.exponents)).toEqual([0, -7])
    expect(b.saturated.count).toBe(2)
    expect(b.saturated.sse).toBe(12 ** 2 + 52 ** 2)
  })

  it('MXFP8 (E4M3): blocks of 32 along each row, each with its own exponent', () => {
    const x = Array.from({ length: 64 }, (_, i) => (i < 32 ? 1 : 1000) * Math.sin(i + 1))
    const r = mxQuantize(x, { shape: [1, 64], axis: 0, format: 'mxfp8' })
    expect(r.exponents.length).toBe(2)
    // block 1: absmax ≈ 0.99999 → ⌊log₂⌋ = −1 → −1 − 8 = −9; block 2: absmax ≈ 999.9 → 9 − 8 = 1
    expect(Array.from(r.exponents)).toEqual([-9, 1])
    for (let i = 0; i < 64; i++) {
      const s = 2 ** r.exponents[i < 32 ? 0 : 1]
      expect(r.dequantized[i]).toBe(quantizeToFormat([x[i]], 'e4m3', s)[0])
    }
  })
})

/**
 * The element loops (quantizeInto) round without branches: the formats by a table of octave spacings, the
 * 1.5·2^52 rounding and min/max saturation, NF4 by cells holding at most one threshold each; `rounderOf` is the
 * per-value form with the branches (NF4: the binary search). They must agree on every double.
 */
describe('quantizeToFormat = the per-value rounder, value for value', () => {
  const nextUp = (v: number) => {
    const b = new Float64Array([v])
    const u = new BigInt64Array(b.buffer)
    u[0] += v >= 0 ? 1n : -1n
    return b[0]
  }
  const nextDown = (v: number) => -nextUp(-v)
  const same = (f: ElementFormat, xs: number[], scale: number) => {
    const got = quantizeToFormat(xs, f, scale)
    const r = rounderOf(f)
    xs.forEach((x, i) => {
      const want = r(x / scale) * scale
      if (!Object.is(got[i], want))
        throw new Error(`${f} at scale ${scale}: ${x} gave ${got[i]}, not ${want}`)
    })
  }
  const formats: ElementFormat[] = [...ELEMENT_FORMATS]

  it('on every value, every midpoint (ties) and its neighbours, the subnormals, saturation, ±0, ±∞ and NaN', () => {
    for (const f of formats) {
      const vals = Array.from(formatValues(f))
      const top = formatLargest(f)
      const xs: number[] = [
        0,
        -0,
        5e-324,
        -5e-324,
        NaN,
        Infinity,
        -Infinity,
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
      ]
      for (let k = 0; k < vals.length; k++) {
        xs.push(vals[k], nextUp(vals[k]), nextDown(vals[k]))
        if (k + 1 < vals.length) {
          const mid = (vals[k] + vals[k + 1]) / 2
          xs.push(mid, nextUp(mid), nextDown(mid))
        }
      }
      for (const t of [1 + 2 ** -20, 1.0625, 1.5, 2, 1e10]) xs.push(top * t, -top * t)
      // a few ulps either side of every midpoint, where a threshold between two values must fall
      for (let k = 0; k + 1 < vals.length; k++) {
        let m = (vals[k] + vals[k + 1]) / 2
        for (let u = 0; u < 4; u++) m = nextDown(m)
        for (let u = 0; u < 9; u++) xs.push((m = nextUp(m)))
      }
      for (let e = -30; e <= 2; e++) xs.push(2 ** e, -(2 ** e), 3 * 2 ** e, -(3 * 2 ** e))
      for (const scale of [1, 0.37, 3e-5, 2 ** -20, 1e6])
        same(
          f,
          xs.map((x) => x * scale),
          scale,
        )
      // NF4's cell edges (k/512 − 1, where the loop's cell changes) and their neighbours; integers past 2^51
      if (f === 'nf4')
        for (let k = 0; k <= 1024; k++) {
          const e = k / 512 - 1
          xs.push(e, nextUp(e), nextDown(e), nextUp(nextUp(e)), nextDown(nextDown(e)))
        }
      for (let e = 51; e <= 60; e++) xs.push(2 ** e, -(2 ** e), 2 ** e + 0.5 * 2 ** (e - 51), -(2 ** e) - 1)
      for (const scale of [1, 0.37])
        same(
          f,
          xs.map((x) => x * scale),
          scale,
        )
    }
    // a tie between the two largest values goes to the even mantissa (even code): known values
    const tieTop: [ElementFormat, number, number][] = [
      ['e4m3', (416 + 448) / 2, 448],
      ['e5m2', (49152 + 57344) / 2, 49152],
      ['e2m1', 5, 4],
      ['int8', 126.5, 126],
      ['int4', 6.5, 6],
    ]
    for (const [f, x, want] of tieTop) {
      expect(Array.from(quantizeToFormat([x, -x], f, 1))).toEqual([want, -want])
    }
  })

  it('on random doubles of every magnitude, and on number arrays and Float32Arrays alike', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...formats),
        fc.oneof(
          fc.array(fc.double(), { minLength: 1, maxLength: 40 }),
          fc.array(fc.double({ min: -1.5, max: 1.5 }), { minLength: 1, maxLength: 40 }),
        ),
        fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
        (f, xs, scale) => {
          same(f, xs, scale)
          const f32 = Float32Array.from(xs)
          const got = quantizeToFormat(f32, f, scale)
          const r = rounderOf(f)
          f32.forEach((x, i) => {
            if (!Object.is(got[i], r(x / scale) * scale)) throw new Error(`${f}: Float32 ${x}`)
          })
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('groupwiseQuantize, integer groups', () => {
  it('exact ties go to the even integer, and a negative value that rounds to zero is −0 (numpy)', () => {
    // one group whose largest value is qmax (bits 4: 7), so the scale is exactly 1
    const x = [7, 2.5, -2.5, 3.5, -3.5, 0.5, -0.5, -0.25]
    const { dequantized, scales } = groupwiseQuantize(x, { shape: [1, 8], axis: 0, groupSize: 8, bits: 4 })
    expect(Array.from(scales)).toEqual([1])
    expect(Array.from(dequantized.slice(0, 5))).toEqual([7, 2, -2, 4, -4])
    expect(Object.is(dequantized[5], 0)).toBe(true)
    expect(Object.is(dequantized[6], -0)).toBe(true)
    expect(Object.is(dequantized[7], -0)).toBe(true)
  })

  it('each value is its group scale times the clamped half-even integer (the sign of zero too)', () => {
    const rint = (y: number) => {
      const r = Math.round(y)
      return r - y === 0.5 && (r & 1) !== 0 ? r - 1 : r
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (rows, cols, groupSize, bits, seed) => {
          let s = seed
          const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296
          // halves and small negatives among them: ties and values that round to −0
          const x = Array.from({ length: rows * cols }, () =>
            rnd() < 0.2 ? Math.round(rnd() * 16) / 2 - 4 : rnd() * 2 - 1.2,
          )
          const { dequantized, scales } = groupwiseQuantize(x, {
            shape: [rows, cols],
            axis: 0,
            groupSize,
            bits,
          })
          const groups = Math.ceil(cols / groupSize)
          const qmax = 2 ** (bits - 1) - 1
          const qmin = -(2 ** (bits - 1))
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < cols; c++) {
              const sc = scales[r * groups + Math.floor(c / groupSize)]
              const q = rint(x[r * cols + c] / sc)
              const want = (q < qmin ? qmin : q > qmax ? qmax : q) * sc
              if (!Object.is(dequantized[r * cols + c], want)) return false
            }
          return true
        },
      ),
    )
  })
})

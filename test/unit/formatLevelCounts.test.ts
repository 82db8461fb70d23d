/**
 * countFormatLevels (core/formats.ts): the values on each level of a format, as formatIndex counts them value
 * by value (its ties to the even code, its saturation, NaN at index 0), for every element format, over the
 * whole float64 range, on each level, on the midpoints between levels and a double either side of them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  countFormatLevels,
  ELEMENT_FORMATS,
  formatIndex,
  formatValues,
  quantizeCountInto,
  quantizeInto,
  type ElementFormat,
} from '../../src/core'

/** formatIndex's counts, one value at a time (the definition). */
function byIndex(x: ArrayLike<number>, f: ElementFormat, scale: number): number[] {
  const c = new Array<number>(formatValues(f).length).fill(0)
  for (let i = 0; i < x.length; i++) c[formatIndex(x[i], f, scale)]++
  return c
}

/** countFormatLevels over x in slices of `step`, as the engine calls it. */
function bySlices(x: ArrayLike<number>, f: ElementFormat, scale: number, step = 7): number[] {
  const c = new Float64Array(formatValues(f).length)
  for (let s0 = 0; s0 < x.length; s0 += step)
    countFormatLevels(x, s0, Math.min(x.length, s0 + step), c, f, scale)
  return Array.from(c)
}

const F64 = new Float64Array(1)
const U64 = new BigInt64Array(F64.buffer)
/** the next double above (+1) or below (−1) a finite v */
function nextTo(v: number, dir: 1 | -1): number {
  if (v === 0) return dir * 5e-324
  F64[0] = v
  U64[0] += BigInt(v > 0 === dir > 0 ? 1 : -1)
  return F64[0]
}

/** every level, the midpoint of each neighbouring pair (a tie), and a double either side of each, plus specials */
function edges(f: ElementFormat): number[] {
  const v = Array.from(formatValues(f))
  const out = [0, -0, NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -5e-324]
  for (let k = 0; k < v.length; k++) {
    out.push(v[k], nextTo(v[k], 1), nextTo(v[k], -1))
    if (k + 1 < v.length) {
      const m = (v[k] + v[k + 1]) / 2
      out.push(m, nextTo(m, 1), nextTo(m, -1))
    }
  }
  // past the largest value, by a little and by an octave (saturation)
  const top = v[v.length - 1]
  out.push(top * 1.03, -top * 1.03, top * 1.5, -top * 1.5, top * 2, -top * 2, top * 1e6)
  return out
}

describe('countFormatLevels', () => {
  it('counts each level as formatIndex does, at its edges and ties, at scale 1 and others', () => {
    for (const f of ELEMENT_FORMATS) {
      const e = edges(f)
      for (const s of [1, 0.5, 3 / 448, 1 / 3, 1e-300, 1e300]) {
        // at scale s the same edges are x = edge · s (exact for a power of two; else a double near it)
        const x = e.map((v) => v * s)
        expect(bySlices(x, f, s), `${f} at scale ${s}`).toEqual(byIndex(x, f, s))
      }
    }
  })

  it('ties go to the even code (E2M1: 2.5 → 2, 3.5 → 4) and values past the largest saturate (100 → 6)', () => {
    const c = new Float64Array(15)
    countFormatLevels([2.5, 3.5, -2.5, 100], 0, 4, c, 'e2m1', 1)
    const v = Array.from(formatValues('e2m1'))
    const on = Array.from(c.entries())
      .filter(([, n]) => n > 0)
      .map(([k, n]) => [v[k], n])
    expect(on).toEqual([
      [-2, 1],
      [2, 1],
      [4, 1],
      [6, 1],
    ])
  })

  it('counts as formatIndex over any doubles, any format and any positive scale', () => {
    const anyDouble = fc.oneof(
      { weight: 5, arbitrary: fc.double({ min: -600, max: 600, noNaN: true }) },
      { weight: 2, arbitrary: fc.double() },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -1074, max: 1023 }))
          .map(([m, e]) => m * 2 ** e),
      },
    )
    const scale = fc.oneof(
      fc.constantFrom(1, 0.5, 3 / 448, 1 / 6, 5e-324, 1.7976931348623157e308),
      fc.double({ min: 1e-12, max: 1e12, noNaN: true }).filter((s) => s > 0),
    )
    fc.assert(
      fc.property(
        fc.array(anyDouble, { maxLength: 60 }),
        fc.constantFrom(...ELEMENT_FORMATS),
        scale,
        fc.integer({ min: 1, max: 20 }),
        (x, f, s, step) => {
          expect(bySlices(x, f, s, step)).toEqual(byIndex(x, f, s))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('adds to the counts it is given, and refuses counts of the wrong length', () => {
    const c = new Float64Array(16)
    c[7] = 5
    countFormatLevels([0, 0.01], 0, 2, c, 'nf4', 1)
    expect(c[7]).toBe(7)
    expect(() => countFormatLevels([1], 0, 1, new Float64Array(15), 'nf4', 1)).toThrow(
      /counts must hold 16 entries/,
    )
  })
})

/** quantizeCountInto over x in slices of `step` from `from`, and the two kernels it stands for, on the same arrays */
function fusedAndApart(x: number[], f: ElementFormat, scale: number, step: number, from: number) {
  const L = formatValues(f).length
  // sentinels outside [from, n) must stay as they are; counts start non-zero (both add to what they are given)
  const fused = { out: new Float64Array(x.length).fill(-7.25), counts: new Float64Array(L).fill(2) }
  const apart = { out: new Float64Array(x.length).fill(-7.25), counts: new Float64Array(L).fill(2) }
  for (let s0 = from; s0 < x.length; s0 += step) {
    const e0 = Math.min(x.length, s0 + step)
    quantizeCountInto(x, s0, e0, fused.out, fused.counts, f, scale)
    quantizeInto(x, s0, e0, apart.out, f, scale)
    countFormatLevels(x, s0, e0, apart.counts, f, scale)
  }
  return {
    fused: { out: Array.from(fused.out), counts: Array.from(fused.counts) },
    apart: { out: Array.from(apart.out), counts: Array.from(apart.counts) },
  }
}

describe('quantizeCountInto', () => {
  // toEqual compares numbers with Object.is: +0 and −0 differ, NaN equals NaN
  it('gives quantizeInto’s x̂ and countFormatLevels’ counts, at the levels’ edges, ties and specials', () => {
    for (const f of ELEMENT_FORMATS) {
      const e = edges(f)
      for (const s of [1, 0.5, 3 / 448, 1 / 3, 1e-300, 1e300]) {
        const x = e.map((v) => v * s)
        const { fused, apart } = fusedAndApart(x, f, s, 5, 0)
        expect(fused, `${f} at scale ${s}`).toEqual(apart)
      }
    }
  })

  it('equals the two kernels over any doubles, any format, scale, slices and start', () => {
    const anyDouble = fc.oneof(
      { weight: 5, arbitrary: fc.double({ min: -600, max: 600 }) },
      { weight: 2, arbitrary: fc.double() },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -1074, max: 1023 }))
          .map(([m, e]) => m * 2 ** e),
      },
    )
    const scale = fc.oneof(
      fc.constantFrom(1, 0.5, 3 / 448, 1 / 6, 5e-324, 1.7976931348623157e308),
      fc.double({ min: 1e-12, max: 1e12, noNaN: true }).filter((s) => s > 0),
    )
    fc.assert(
      fc.property(
        fc.array(anyDouble, { maxLength: 60 }),
        fc.constantFrom(...ELEMENT_FORMATS),
        scale,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        (x, f, s, step, from) => {
          const { fused, apart } = fusedAndApart(x, f, s, step, Math.min(from, x.length))
          expect(fused).toEqual(apart)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('crosses its chunks: 10,000 values in one call count and round as the two kernels do', () => {
    const x = Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 1.7) * 500 * Math.cos(i / 97))
    for (const f of ELEMENT_FORMATS) {
      const { fused, apart } = fusedAndApart(x, f, 448 / 300, 10_000, 0)
      expect(fused, f).toEqual(apart)
    }
  })

  it('refuses counts of the wrong length', () => {
    expect(() => quantizeCountInto([1], 0, 1, new Float64Array(1), new Float64Array(15), 'nf4', 1)).toThrow(
      /counts must hold 16 entries/,
    )
  })
})

// int8Add tabulates its rescaling (and, for narrow inputs, every output pair): it must give exactly what the
// per-element arithmetic gives, which int8AddTrace computes step by step, for every path it can take.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { int8Add, int8AddTrace, type Int8AddParams } from '../../src/core/intOps'

const scale = fc.double({ min: 1e-4, max: 10, noNaN: true })
const params = fc.record({
  s1: scale,
  z1: fc.integer({ min: -128, max: 127 }),
  s2: scale,
  z2: fc.integer({ min: -128, max: 127 }),
  sOut: scale,
  zOut: fc.integer({ min: -128, max: 127 }),
})

function traced(q1: ArrayLike<number>, q2: ArrayLike<number>, p: Int8AddParams): number[] {
  return Array.from(q1, (a, i) => int8AddTrace(a, q2[i], p).output)
}

/** Parameters whose multipliers fit (TFLite refuses a real multiplier ≥ 2^30); others throw in both. */
function usable(p: Int8AddParams): boolean {
  try {
    int8Add([0], [0], p)
    return true
  } catch {
    return false
  }
}

describe('int8Add tables equal the per-element arithmetic', () => {
  it('int8 codes: the pair table', () => {
    fc.assert(
      fc.property(
        params,
        fc.array(fc.tuple(fc.integer({ min: -128, max: 127 }), fc.integer({ min: -128, max: 127 })), {
          minLength: 1,
          maxLength: 300,
        }),
        (p, pairs) => {
          fc.pre(usable(p))
          const q1 = pairs.map((x) => x[0])
          const q2 = pairs.map((x) => x[1])
          expect(Array.from(int8Add(q1, q2, p))).toEqual(traced(q1, q2, p))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('many int8 codes (more elements than pairs): the pair table', () => {
    const n = 20000
    let seed = 12345
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 16) % 256
    const q1 = Array.from({ length: n }, () => next() - 128)
    const q2 = Array.from({ length: n }, () => next() - 128)
    for (const p of [
      { s1: 1 / 127, z1: 0, s2: 2 / 127, z2: 0, sOut: 3 / 127, zOut: 0 },
      { s1: 0.0078, z1: -3, s2: 0.0117, z2: 41, sOut: 0.02, zOut: -7, actMin: -100, actMax: 90 },
    ]) {
      expect(Array.from(int8Add(q1, q2, p))).toEqual(traced(q1, q2, p))
    }
  })

  it('wide int16 codes: input tables only', () => {
    fc.assert(
      fc.property(
        params,
        fc.array(fc.integer({ min: -30000, max: 30000 }), { minLength: 2, maxLength: 200 }),
        (p, a) => {
          fc.pre(usable(p))
          const q2 = a.slice().reverse()
          expect(Array.from(int8Add(a, q2, p))).toEqual(traced(a, q2, p))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('int32 codes beyond the table span: the per-element path', () => {
    const p = {
      s1: 0.5,
      z1: 0,
      s2: 0.25,
      z2: 0,
      // output multiplier 2·0.5 / (2^0 · 2) = 0.5: below 1, as TFLite's Prepare requires
      sOut: 2,
      zOut: 0,
      leftShift: 0,
      actMin: -(2 ** 31),
      actMax: 2 ** 31 - 1,
    }
    const q1 = [-(2 ** 20), 0, 2 ** 20, 12345]
    const q2 = [2 ** 20, 7, -(2 ** 20), -54321]
    expect(Array.from(int8Add(q1, q2, p))).toEqual(traced(q1, q2, p))
  })

  it('still rejects codes that are not int32', () => {
    const p = { s1: 1, z1: 0, s2: 1, z2: 0, sOut: 1, zOut: 0 }
    expect(() => int8Add([1.5], [0], p)).toThrow(RangeError)
    expect(() => int8Add([2 ** 31], [0], p)).toThrow(RangeError)
    expect(() => int8Add([NaN], [0], p)).toThrow(RangeError)
    expect(() => int8Add([1, 2], [0], p)).toThrow(RangeError)
    expect(Array.from(int8Add([], [], p))).toEqual([])
  })
})

// gemmlowp / TFLite fixed-point primitives against the reference oracles (ran gemmlowp fixedpoint.h and
// TFLite QuantizeMultiplier) and against exact BigInt arithmetic.
import { describe, expect, it } from 'vitest'
import calib from '../fixtures/calibration.json'
import {
  INT32_MAX,
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  quantizeMultiplier,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../src/core/fixedPoint'

const fp = calib.fixed_point

/** TFLITE_SINGLE_ROUNDING in BigInt: (x·M0 + 2^(30−shift)) >> (31−shift), cast to int32. */
function singleRef(x: number, m: number, shift: number): number {
  const total = BigInt(31 - shift)
  return Number(BigInt.asIntN(32, (BigInt(x) * BigInt(m) + (1n << (total - 1n))) >> total))
}

describe('quantizeMultiplier', () => {
  it('matches TFLite QuantizeMultiplier on the oracle list', () => {
    for (const [m, M0, shift] of fp.quantize_multiplier) {
      expect(quantizeMultiplier(m), `m = ${m}`).toEqual({ multiplier: M0, shift })
    }
  })

  it('rounds q·2^31 half away from zero and keeps M0 in [2^30, 2^31)', () => {
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 })
    for (const m of [1e-9, 0.0001, 0.3333333, 0.5, 0.7, 1, 1.5, 17, 123456.789]) {
      const { multiplier, shift } = quantizeMultiplier(m)
      expect(multiplier).toBeGreaterThanOrEqual(2 ** 30)
      expect(multiplier).toBeLessThan(2 ** 31)
      expect(Math.abs(multiplier * 2 ** (shift - 31) - m) / m).toBeLessThan(2 ** -30)
    }
    // the boundary of the flush: 2^-32 is kept (shift −31), just below it is flushed
    expect(quantizeMultiplier(2 ** -32)).toEqual({ multiplier: 2 ** 30, shift: -31 })
    expect(quantizeMultiplier(2 ** -33)).toEqual({ multiplier: 0, shift: 0 })
    // rounds up to 2^31 at shift −32, then halved to shift −31: not flushed
    expect(quantizeMultiplier(2 ** -32 * (1 - 2 ** -40))).toEqual({ multiplier: 2 ** 30, shift: -31 })
  })

  it('splits multipliers past 2^1023 too (2^e itself would be ∞ there)', () => {
    // TFLite's frexp: MAX_VALUE = (1 − 2^-53)·2^1024 rounds up to 2^31 at shift 1024, halved to shift 1025
    expect(quantizeMultiplier(Number.MAX_VALUE)).toEqual({ multiplier: 2 ** 30, shift: 1025 })
    expect(quantizeMultiplier(1.5 * 2 ** 1023)).toEqual({ multiplier: 0.75 * 2 ** 31, shift: 1024 })
    expect(quantizeMultiplier(2 ** 1023)).toEqual({ multiplier: 2 ** 30, shift: 1024 })
  })

  it('refuses negative and non-finite multipliers', () => {
    expect(() => quantizeMultiplier(-0.5)).toThrow(RangeError)
    expect(() => quantizeMultiplier(NaN)).toThrow(RangeError)
    expect(() => quantizeMultiplier(Infinity)).toThrow(RangeError)
  })
})

describe('saturatingRoundingDoublingHighMul', () => {
  it('matches gemmlowp on the oracle list', () => {
    for (const [a, b, r] of fp.srdhm) expect(saturatingRoundingDoublingHighMul(a, b), `${a}·${b}`).toBe(r)
  })

  it('is exact for large products (no float rounding)', () => {
    const cases: [number, number][] = [
      [INT32_MAX, INT32_MAX],
      [INT32_MIN, INT32_MAX],
      [INT32_MIN, INT32_MIN + 1],
      [-123456789, 987654321],
      [2147483647, 3],
      [-1, -1],
      [0, INT32_MIN],
    ]
    for (const [a, b] of cases) {
      const ab = BigInt(a) * BigInt(b)
      const want = Number((ab + (ab >= 0n ? 1n << 30n : 1n - (1n << 30n))) / (1n << 31n))
      expect(saturatingRoundingDoublingHighMul(a, b)).toBe(want)
    }
  })

  it('refuses non-int32 arguments', () => {
    expect(() => saturatingRoundingDoublingHighMul(2 ** 31, 1)).toThrow(RangeError)
    expect(() => saturatingRoundingDoublingHighMul(1.5, 1)).toThrow(TypeError)
  })
})

describe('roundingDivideByPOT', () => {
  it('matches gemmlowp on the oracle lists (ties away from zero)', () => {
    for (const [x, r] of fp.rounding_divide_by_pot.e1) expect(roundingDivideByPOT(x, 1), `${x}/2`).toBe(r)
    for (const [x, r] of fp.rounding_divide_by_pot.e2) expect(roundingDivideByPOT(x, 2), `${x}/4`).toBe(r)
  })

  it('handles exponents 0 and 31', () => {
    expect(roundingDivideByPOT(-7, 0)).toBe(-7)
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1)
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1)
    expect(roundingDivideByPOT(2 ** 30 - 1, 31)).toBe(0)
    expect(() => roundingDivideByPOT(1, 32)).toThrow(RangeError)
    expect(() => roundingDivideByPOT(1, -1)).toThrow(RangeError)
  })
})

describe('multiplyByQuantizedMultiplier', () => {
  it('double and single rounding match the TFLite oracle table', () => {
    for (const row of fp.multiply_by_quantized_multiplier) {
      expect(quantizeMultiplier(row.M)).toEqual({ multiplier: row.M0, shift: row.shift })
      row.x.forEach((x, k) => {
        expect(multiplyByQuantizedMultiplier(x, row.M0, row.shift), `double ${x}·${row.M}`).toBe(
          row.double_rounding[k],
        )
        expect(
          multiplyByQuantizedMultiplier(x, row.M0, row.shift, { singleRounding: true }),
          `single ${x}·${row.M}`,
        ).toBe(row.single_rounding[k])
      })
    }
  })

  it('x = 5, M = 0.25: double rounding gives 2, single rounding 1', () => {
    expect(multiplyByQuantizedMultiplier(5, 2 ** 30, -1)).toBe(2)
    expect(multiplyByQuantizedMultiplier(5, 2 ** 30, -1, { singleRounding: true })).toBe(1)
  })

  it('left shifts wrap like the int32 multiply in TFLite', () => {
    // x·2^shift overflows int32 before the high multiply
    const x = 3 << 28
    const wrapped = Math.imul(x, 4)
    const want = saturatingRoundingDoublingHighMul(wrapped, 2 ** 30)
    expect(multiplyByQuantizedMultiplier(x, 2 ** 30, 2)).toBe(want)
  })

  it('single rounding is exact over the whole shift range', () => {
    const xs = [INT32_MAX, INT32_MIN, -1, 1, 123456789, -987654321]
    for (const shift of [-31, -20, -1, 0, 1, 7, 30]) {
      for (const m of [2 ** 30, INT32_MAX, 1288490189]) {
        for (const x of xs)
          expect(multiplyByQuantizedMultiplier(x, m, shift, { singleRounding: true })).toBe(
            singleRef(x, m, shift),
          )
      }
    }
  })

  it('refuses out-of-range arguments', () => {
    expect(() => multiplyByQuantizedMultiplier(1, 2 ** 30, 31)).toThrow(RangeError)
    expect(() => multiplyByQuantizedMultiplier(1, 2 ** 30, -32)).toThrow(RangeError)
    expect(() => multiplyByQuantizedMultiplier(1, -5, 0, { singleRounding: true })).toThrow(RangeError)
    expect(() => multiplyByQuantizedMultiplier(2 ** 40, 5, 0)).toThrow(RangeError)
  })
})

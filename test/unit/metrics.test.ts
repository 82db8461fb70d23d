import { describe, expect, it } from 'vitest'
import { codesUsed, errorMetrics, quantizationErrorMetrics } from '../../src/core/metrics'
import { calculateQuantParam, dequantTensor, notesInputs, quantTensor } from '../../src/core/notes'
import { dequantize, quantize, representableRange } from '../../src/core/qparams'
import { RandomState } from '../../src/core/random'

describe('errorMetrics', () => {
  it('hand-checked values', () => {
    const m = errorMetrics([1, -2, 3, 0], [1.5, -2, 2, 0])
    expect(m.n).toBe(4)
    expect(m.mse).toBe((0.25 + 0 + 1 + 0) / 4)
    expect(m.maxAbsError).toBe(1)
    expect(m.meanAbsError).toBe(1.5 / 4)
    expect(m.sqnrDb).toBeCloseTo(10 * Math.log10(14 / 1.25), 12)
    expect(m.clippedCount).toBe(0)
    expect(m.clipErrorMse).toBe(0)
    expect(m.roundErrorMse).toBe(m.mse)
  })

  it('splits the squared error into clipped and rounded parts', () => {
    const p = { scale: 0.1, zeroPoint: 0, qmin: -10, qmax: 10 } // covers [-1, 1]
    const x = [0.04, 0.5, 1.7, -3, 0.95]
    const xhat = dequantize(quantize(x, p), p)
    const m = errorMetrics(x, xhat, { threshold: 1 })
    expect(m.clippedCount).toBe(2)
    expect(m.clipErrorMse).toBeCloseTo((0.7 ** 2 + 2 ** 2) / 5, 12)
    expect(m.roundErrorMse).toBeCloseTo((0.04 ** 2 + 0 + 0.05 ** 2) / 5, 12)
    expect(m.clipErrorMse + m.roundErrorMse).toBeCloseTo(m.mse, 15)
    expect(errorMetrics(x, xhat, { clipLow: -5, clipHigh: 1 }).clippedCount).toBe(1)
  })

  it('zero error is +Infinity dB; an all-zero signal with error is −Infinity dB; never NaN', () => {
    expect(errorMetrics([1, 2], [1, 2]).sqnrDb).toBe(Infinity)
    expect(errorMetrics([0, 0], [0, 0]).sqnrDb).toBe(Infinity)
    expect(errorMetrics([0, 0], [0.1, 0]).sqnrDb).toBe(-Infinity)
    const m = errorMetrics([0, 0], [0, 0])
    for (const v of Object.values(m)) expect(Number.isNaN(v)).toBe(false)
  })

  it('the notes’ traitor costs SQNR: min-max symmetric vs clean', () => {
    const clean = notesInputs().x1
    const t = notesInputs({ traitor: 10 }).x1
    const sq = (x: Float64Array) => {
      const p = calculateQuantParam(x, false)
      return errorMetrics(x, dequantTensor(quantTensor(x, p.w, p.b), p.w, p.b)).sqnrDb
    }
    expect(sq(clean)).toBeGreaterThan(40)
    expect(sq(clean) - sq(t)).toBeGreaterThan(15)
  })

  it('bad input', () => {
    expect(() => errorMetrics([], [])).toThrow(RangeError)
    expect(() => errorMetrics([1, 2], [1])).toThrow(RangeError)
    expect(() => errorMetrics([1, NaN], [1, 2])).toThrow(/x\[1\] is NaN/)
    expect(() => errorMetrics([1, 2], [1, Infinity])).toThrow(/xhat\[1\]/)
    expect(() => errorMetrics([1], [1], { threshold: -1 })).toThrow(RangeError)
    expect(() => errorMetrics([1], [1], { clipLow: 2, clipHigh: 1 })).toThrow(RangeError)
    expect(() => errorMetrics([1], [1], { clipLow: NaN })).toThrow(TypeError)
  })
})

describe('quantizationErrorMetrics (fused quantize → dequantize → metrics)', () => {
  it('equals errorMetrics on the materialised reconstruction, for every rounding mode', () => {
    const x = new RandomState(3).normal(0, 1, 20000)
    x[5] = 0.5 / 40 // exact ties at several codes
    x[6] = -2.5 / 40
    for (const p of [
      { scale: 1 / 40, zeroPoint: 0, qmin: -128, qmax: 127 },
      { scale: 0.013, zeroPoint: 37, qmin: 0, qmax: 255 },
      { scale: 0.5, zeroPoint: -3, qmin: -8, qmax: 7 },
    ]) {
      for (const mode of ['half-even', 'half-away', 'half-up'] as const) {
        const { low, high } = representableRange(p)
        const expected = errorMetrics(x, dequantize(quantize(x, p, mode), p), {
          clipLow: low,
          clipHigh: high,
        })
        expect(quantizationErrorMetrics(x, p, mode)).toEqual(expected)
      }
    }
  })

  it('bad input', () => {
    const p = { scale: 0.1, zeroPoint: 0, qmin: -128, qmax: 127 }
    expect(() => quantizationErrorMetrics([], p)).toThrow(RangeError)
    expect(() => quantizationErrorMetrics([1, NaN], p)).toThrow(/x\[1\] is NaN/)
    expect(() => quantizationErrorMetrics([1], { ...p, scale: 0 })).toThrow(RangeError)
    expect(() => quantizationErrorMetrics([1], p, 'nearest' as 'half-up')).toThrow(TypeError)
  })
})

describe('codesUsed', () => {
  it('counts distinct codes and out-of-range values', () => {
    const c = codesUsed([-128, 0, 0, 5, 127, 200], -128, 127)
    expect(c.used).toBe(4)
    expect(c.total).toBe(256)
    expect(c.outOfRange).toBe(1)
    expect(c.counts[128]).toBe(2)
    expect(c.counts[0]).toBe(1)
    expect(c.counts.reduce((s, v) => s + v, 0)).toBe(5)
  })

  it('the traitor leaves most int8 codes unused', () => {
    const t = notesInputs({ traitor: 10 }).x1
    const p = calculateQuantParam(t, false)
    const used = codesUsed(quantTensor(t, p.w, p.b), -128, 127).used
    expect(used).toBeLessThan(30)
    const c = notesInputs().x1
    const pc = calculateQuantParam(c, false)
    expect(codesUsed(quantTensor(c, pc.w, pc.b), -128, 127).used).toBeGreaterThan(250)
  })

  it('bad input', () => {
    expect(() => codesUsed([1.5], 0, 3)).toThrow(TypeError)
    expect(() => codesUsed([1], 3, 0)).toThrow(RangeError)
    expect(() => codesUsed([1], -(2 ** 31), 2 ** 31)).toThrow(RangeError)
    expect(codesUsed([], 0, 3)).toMatchObject({ used: 0, total: 4, outOfRange: 0 })
  })
})

// TFLite integer ADD and FULLY_CONNECTED against the reference oracles, their traces, and the notes' forms.
import { describe, expect, it } from 'vitest'
import calib from '../fixtures/calibration.json'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../../src/core/fixedPoint'
import {
  fullyConnectedTrace,
  int8Add,
  int8AddMultipliers,
  int8AddTrace,
  int8FullyConnected,
  notesAddRequant,
  notesAddRequantZp,
  NOTES_ZERO_POINT_LIMIT,
  notesDenseRequant,
} from '../../src/core/intOps'

const add = calib.fixed_point.tflite_int8_add
const fc = calib.fixed_point.tflite_int8_fully_connected
const addParams = {
  s1: add.s1,
  z1: add.z1,
  s2: add.s2,
  z2: add.z2,
  sOut: add.s_out,
  zOut: add.z_out,
  leftShift: add.left_shift,
}
const fcParams = {
  batch: 1,
  depth: 4,
  outputs: 2,
  sIn: fc.s_in,
  zIn: fc.z_in,
  sW: fc.s_w,
  zW: fc.z_w,
  sOut: fc.s_out,
  zOut: fc.z_out,
}

describe('int8Add (TFLite reference ADD)', () => {
  it('has the oracle multipliers', () => {
    const m = int8AddMultipliers(addParams)
    expect([m.multiplier1, m.shift1]).toEqual(add.multipliers.input1)
    expect([m.multiplier2, m.shift2]).toEqual(add.multipliers.input2)
    expect([m.outputMultiplier, m.outputShift]).toEqual(add.multipliers.output)
    expect(m.twiceMaxInputScale).toBe(0.04)
    expect(m.leftShift).toBe(20)
  })

  it('gives the oracle outputs', () => {
    const q1 = add.cases.map((c) => c[0])
    const q2 = add.cases.map((c) => c[1])
    expect(Array.from(int8Add(q1, q2, addParams))).toEqual(add.cases.map((c) => c[2]))
  })

  it('the trace shows every step and ends at the same output', () => {
    for (const [a, b, out] of add.cases) {
      const t = int8AddTrace(a, b, addParams)
      expect(t.output).toBe(out)
      expect(t.input1).toBe(a - add.z1)
      expect(t.shifted1).toBe((a - add.z1) * 2 ** 20)
      expect(t.scaled1).toBe(
        multiplyByQuantizedMultiplier(t.shifted1, t.multipliers.multiplier1, t.multipliers.shift1),
      )
      expect(t.scaled2).toBe(
        multiplyByQuantizedMultiplier(t.shifted2, t.multipliers.multiplier2, t.multipliers.shift2),
      )
      expect(t.rawSum).toBe(t.scaled1 + t.scaled2)
      expect(t.outputBeforeOffset).toBe(
        multiplyByQuantizedMultiplier(t.rawSum, t.multipliers.outputMultiplier, t.multipliers.outputShift),
      )
      expect(t.outputWithOffset).toBe(t.outputBeforeOffset + add.z_out)
      expect(Math.abs(t.realOutputCode - t.outputWithOffset)).toBeLessThanOrEqual(1)
    }
    // (50, −20): 0.02·53 + 0.01·(−25) = 0.81 → 0.81 / 0.03 − 10 = 17
    expect(int8AddTrace(50, -20, addParams).realOutputCode).toBeCloseTo(17, 10)
  })

  it('clamps to the activation range and validates its input', () => {
    expect(Array.from(int8Add([127], [127], { ...addParams, actMax: 100 }))).toEqual([100])
    expect(Array.from(int8Add([-128], [-128], { ...addParams, actMin: -120 }))).toEqual([-120])
    expect(() => int8Add([1, 2], [1], addParams)).toThrow(/entries/)
    expect(() => int8Add([1.5], [1], addParams)).toThrow(RangeError)
    expect(() => int8Add([1], [1], { ...addParams, s1: 0 })).toThrow(RangeError)
    expect(() => int8Add([1], [1], { ...addParams, actMin: 5, actMax: 4 })).toThrow(RangeError)
  })
})

describe('int8FullyConnected (TFLite reference FULLY_CONNECTED)', () => {
  const input = fc.input
  const weights = fc.weights.flat()

  it('gives the oracle multiplier, accumulators and outputs', () => {
    const r = int8FullyConnected(input, weights, fc.bias, fcParams)
    expect([r.multipliers[0], r.shifts[0]]).toEqual(fc.multiplier)
    expect(Array.from(r.accumulators)).toEqual(fc.accumulators)
    expect(Array.from(r.outputs)).toEqual(fc.outputs)
  })

  it('the trace of each output reproduces it step by step', () => {
    for (let o = 0; o < 2; o++) {
      const t = fullyConnectedTrace(input, weights, fc.bias, fcParams, 0, o)
      expect(t.accumulator).toBe(fc.accumulators[o])
      expect(t.products.reduce((a, b) => a + b, 0) + t.bias).toBe(t.accumulator)
      expect(t.rdbpot).toBe(multiplyByQuantizedMultiplier(t.accumulator, t.multiplier, t.shift))
      expect(t.output).toBe(fc.outputs[o])
      expect(t.withOffset).toBe(t.rdbpot + fc.z_out)
      expect(t.dequantized).toBeCloseTo(fc.s_out * (fc.outputs[o] - fc.z_out), 12)
    }
    // 598 · 0.01 = 5.98 → 6 − 4 = 2
    const t0 = fullyConnectedTrace(input, weights, fc.bias, fcParams, 0, 0)
    expect(t0.srdhm).toBe(Math.round((598 * 1374389535) / 2 ** 31))
    expect(t0.exactOutputCode).toBeCloseTo(1.98, 10)
  })

  it('agrees with a plain loop on random int8 data, per tensor and per channel, both roundings', () => {
    let s = 77
    const rnd = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      return (s >>> 24) - 128
    }
    const batch = 5
    const depth = 37
    const outputs = 6
    const x = Array.from({ length: batch * depth }, rnd)
    const w = Array.from({ length: outputs * depth }, rnd)
    const bias = Array.from({ length: outputs }, () => rnd() * 300)
    const sW = Array.from({ length: outputs }, (_, o) => 0.001 * (o + 1))
    for (const singleRounding of [false, true]) {
      const p = { batch, depth, outputs, sIn: 0.04, zIn: -3, sW, zW: 2, sOut: 0.5, zOut: 7, singleRounding }
      const r = int8FullyConnected(x, w, bias, p)
      for (let b = 0; b < batch; b++) {
        for (let o = 0; o < outputs; o++) {
          let acc = bias[o]
          for (let d = 0; d < depth; d++) acc += (w[o * depth + d] - 2) * (x[b * depth + d] + 3)
          const { multiplier, shift } = quantizeMultiplier((0.04 * sW[o]) / 0.5)
          const v = multiplyByQuantizedMultiplier(acc, multiplier, shift, { singleRounding }) + 7
          expect(r.accumulators[b * outputs + o]).toBe(acc)
          expect(r.outputs[b * outputs + o]).toBe(Math.max(-128, Math.min(127, v)))
          expect(fullyConnectedTrace(x, w, bias, p, b, o).output).toBe(r.outputs[b * outputs + o])
        }
      }
    }
  })

  it('wraps the accumulator like int32 and validates shapes', () => {
    const r = int8FullyConnected([1], [1], [2147483647], { ...fcParams, depth: 1, outputs: 1, zIn: 0 })
    expect(r.accumulators[0]).toBe(-2147483648)
    expect(() => int8FullyConnected([1, 2], weights, null, fcParams)).toThrow(/entries/)
    expect(() => int8FullyConnected(input, weights, [1], fcParams)).toThrow(/entries/)
    expect(() => int8FullyConnected(input, weights, null, { ...fcParams, sW: [0.1] })).toThrow(/per-channel/)
    expect(() => fullyConnectedTrace(input, weights, null, fcParams, 0, 2)).toThrow(RangeError)
  })
})

describe("the notes' float-scale forms", () => {
  it('notesAddRequant: x_c = round((w_a / w_c)(x_a + (w_b / w_a) x_b)), clamped', () => {
    const xa = [3, 1, 2, 1, 3, -1, 127]
    const xb = [1, 1, 1, 0, 0, 0, 127]
    // w_a = 0.5, w_b = 0.25, w_c = 1: x_c = 0.5·(x_a + 0.5·x_b)
    expect(Array.from(notesAddRequant(xa, xb, 0.5, 0.25, 1))).toEqual([2, 1, 1, 0, 2, 0, 95])
    expect(Array.from(notesAddRequant(xa, xb, 0.5, 0.25, 1, 'half-away'))).toEqual([2, 1, 1, 1, 2, -1, 95])
    expect(Array.from(notesAddRequant([127], [127], 0.5, 0.25, 0.25))).toEqual([127])
    expect(() => notesAddRequant([1], [1, 2], 0.5, 0.25, 1)).toThrow(RangeError)
  })

  it('notesAddRequant and int8Add part also near a tie, not only at an exact one (ops.add.diffNone)', () => {
    // scales of no special form: the exact code of (23, 44) is 27.4999995…, 4.7e-7 below the tie 27.5, so the
    // notes' float formula rounds it down; TFLite's fixed-point multipliers move it by about 1e-6, past the tie
    const wa = 0.009921302296602584
    const wb = 0.007254094959742676
    const wc = 0.019904368740367138
    const exact = (23 * wa + 44 * wb) / wc
    expect(27.5 - exact).toBeGreaterThan(1e-7)
    expect(27.5 - exact).toBeLessThan(1e-6)
    expect(Array.from(notesAddRequant([23, -23], [44, -44], wa, wb, wc))).toEqual([27, -27])
    const p = { s1: wa, z1: 0, s2: wb, z2: 0, sOut: wc, zOut: 0 }
    expect(Array.from(int8Add([23, -23], [44, -44], p))).toEqual([28, -28])
  })

  it('notesDenseRequant: x_c = round((w_a·w_b / w_c) Σ x_a·x_b)', () => {
    const r = notesDenseRequant([1, 2, 3], [1, 1, 1, 2, -1, 0, 50, 50, 50], 0.5, 0.5, 0.1, {
      batch: 1,
      depth: 3,
      outputs: 3,
    })
    expect(Array.from(r.sums)).toEqual([6, 0, 300])
    expect(Array.from(r.outputs)).toEqual([15, 0, 127])
    expect(() => notesDenseRequant([1], [1], 0.5, 0.5, 0.1, { batch: 1, depth: 2, outputs: 1 })).toThrow(
      RangeError,
    )
  })
})

describe('notesAddRequantZp (the notes’ add formula with offsets)', () => {
  it('computes z_c + (w_a/w_c)((x_a − z_a) + (w_b/w_a)(x_b − z_b)), rounded half to even and clamped', () => {
    // by hand: w_a = 0.5, w_b = 0.25, w_c = 1, z = (2, −4, 3)
    // x = (10, 0): 3 + 0.5·(8 + 0.5·4) = 8;  x = (3, −3): 3 + 0.5·(1 + 0.5·1) = 3.75 → 4
    // x = (−128, −128): 3 + 0.5·(−130 + 0.5·(−124)) = −93;  x = (127, 127): 3 + 0.5·(125 + 65.5) = 98.25 → 98
    // x = (1, −4): 3 + 0.5·(−1) = 2.5 → 2 (half to even)
    const z = { za: 2, zb: -4, zc: 3 }
    expect(
      Array.from(notesAddRequantZp([10, 3, -128, 127, 1], [0, -3, -128, 127, -4], 0.5, 0.25, 1, z)),
    ).toEqual([8, 4, -93, 98, 2])
    // clamped: z_c = 120 gives 120 + 95.25 = 215.25, past 127
    expect(Array.from(notesAddRequantZp([127], [127], 0.5, 0.25, 1, { ...z, zc: 120 }))).toEqual([127])
  })

  it('takes zero points beyond int32 (any integer float64 holds exactly), not past 2^53', () => {
    // z_a = −3·10⁹: x_a − z_a = 3·10⁹ + 10 exactly; 0 + 1e-9·(3e9 + 10 + 1·(0 − 0))… with w_a/w_c = 1e-9
    const big = -3e9
    expect(Array.from(notesAddRequantZp([10], [0], 1e-9, 1e-9, 1, { za: big, zb: 0, zc: -5 }))).toEqual([
      Math.round(-5 + 1e-9 * (10 - big)),
    ])
    // up to the limit where x − z stays exact for every int32 code x, and no further
    const L = NOTES_ZERO_POINT_LIMIT
    expect(Number.isSafeInteger(-(2 ** 31) - L)).toBe(true)
    expect(() => notesAddRequantZp([0], [0], 1, 1, 1, { za: L, zb: -L, zc: 0 })).not.toThrow()
    expect(() => notesAddRequantZp([0], [0], 1, 1, 1, { za: L + 1, zb: 0, zc: 0 })).toThrow(RangeError)
  })

  it('with every zero point 0 is the notes’ symmetric formula, element for element', () => {
    const xa = Array.from({ length: 256 }, (_, i) => i - 128)
    const xb = xa.map((v) => (v * 37) % 128)
    for (const [wa, wb, wc] of [
      [0.0078, 0.0157, 0.02],
      [1 / 64, 1 / 32, 1 / 16],
    ])
      expect(notesAddRequantZp(xa, xb, wa, wb, wc, { za: 0, zb: 0, zc: 0 })).toEqual(
        notesAddRequant(xa, xb, wa, wb, wc),
      )
  })
})

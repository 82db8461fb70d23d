import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { roundWith } from '../../src/core/rounding'
import { CONVENTIONS, conventionQParams } from '../../src/core/conventions'
import {
  computeScaleZpOrt,
  dequantize,
  dequantizePytorch,
  fakeQuantize,
  float32MinMax,
  onnxruntimeQParams,
  onnxruntimeQRange,
  pytorchMovingAverageMinMax,
  pytorchPerChannelQParams,
  pytorchQParams,
  type PytorchQParamsOptions,
  qRange,
  quantize,
  quantizePytorch,
  representableRange,
} from '../../src/core/qparams'
import calibration from '../fixtures/calibration.json'

const obs = calibration['pytorch_observers_1.13']

/** Each observer row of the fixture, as (min, max, options) for pytorchQParams. */
const ROWS: Record<string, [number, number, PytorchQParamsOptions]> = {
  'MinMax quint8 affine': [-1, 2, { dtype: 'quint8', qscheme: 'affine' }],
  'MinMax qint8 affine': [-1, 2, { dtype: 'qint8', qscheme: 'affine' }],
  'MinMax qint8 symmetric': [-1, 2, { dtype: 'qint8', qscheme: 'symmetric' }],
  'MinMax quint8 symmetric': [-1, 2, { dtype: 'quint8', qscheme: 'symmetric' }],
  'MinMax quint8 affine reduce_range': [-1, 2, { dtype: 'quint8', qscheme: 'affine', reduceRange: true }],
  'MinMax qint8 affine reduce_range': [-1, 2, { dtype: 'qint8', qscheme: 'affine', reduceRange: true }],
  'MinMax qint8 symmetric quant range [-127,127] eps 2^-12': [
    -1,
    2,
    { dtype: 'qint8', qscheme: 'symmetric', quantMin: -127, quantMax: 127, eps: 2 ** -12 },
  ],
  'MinMax quint8 affine on input [1, 3]': [1, 3, { dtype: 'quint8', qscheme: 'affine' }],
  'MinMax quint8 affine on zeros': [0, 0, { dtype: 'quint8', qscheme: 'affine' }],
  'MinMax quint8 affine on constant 2.5': [2.5, 2.5, { dtype: 'quint8', qscheme: 'affine' }],
  'MinMax quint8 affine on constant -2.5': [-2.5, -2.5, { dtype: 'quint8', qscheme: 'affine' }],
  'MinMax quint8 affine on [-2.5, 252.5] (zero-point tie, half-even)': [
    -2.5,
    252.5,
    { dtype: 'quint8', qscheme: 'affine' },
  ],
}

describe('pytorchQParams: every PyTorch 1.13 MinMax row of calibration.json', () => {
  it('covers all fixture rows', () => {
    expect(obs.input).toEqual([-1, 0, 0.5, 2])
    for (const row of obs.rows) expect(ROWS[row.observer], row.observer).toBeDefined()
  })

  for (const row of obs.rows) {
    it(row.observer, () => {
      const [min, max, opts] = ROWS[row.observer]
      const p = pytorchQParams(min, max, opts)
      expect(p.scale).toBe(row.scale)
      expect(p.zeroPoint).toBe(row.zero_point)
    })
  }

  it('the other PyTorch observers (docs/reference-algorithms.md §7)', () => {
    // default_observer = MinMaxObserver(quant_min=0, quant_max=127), quint8
    expect(pytorchQParams(-1, 2, { dtype: 'quint8', qscheme: 'affine', quantMin: 0, quantMax: 127 })).toEqual(
      {
        scale: 0.023622047156095505,
        zeroPoint: 42,
        qmin: 0,
        qmax: 127,
      },
    )
    // never observed
    expect(pytorchQParams(Infinity, -Infinity, { dtype: 'quint8', qscheme: 'affine' })).toMatchObject({
      scale: 1,
      zeroPoint: 0,
    })
    // MovingAverageMinMaxObserver(averaging_constant=0.01), batches [-1, 1] then [-3, 5]
    const ma = pytorchMovingAverageMinMax([[-1, 1], [], [-3, 5]], 0.01)
    expect(pytorchQParams(ma.min, ma.max, { dtype: 'quint8', qscheme: 'affine' })).toMatchObject({
      scale: 0.008078430779278278,
      zeroPoint: 126,
    })
    // PerChannelMinMaxObserver on rows [[-1, .5], [0, 0], [2, 4]]
    const mins = [-1, 0, 2]
    const maxs = [0.5, 0, 4]
    const sym = pytorchPerChannelQParams(mins, maxs, { dtype: 'qint8', qscheme: 'symmetric' })
    expect(sym.map((p) => p.scale)).toEqual([0.0078431377, 1.1920929e-7, 0.0313725509].map(Math.fround))
    expect(sym.map((p) => p.zeroPoint)).toEqual([0, 0, 0])
    const aff = pytorchPerChannelQParams(mins, maxs, { dtype: 'quint8', qscheme: 'affine' })
    expect(aff.map((p) => p.scale)).toEqual([0.0058823531, 1.1920929e-7, 0.0156862754].map(Math.fround))
    expect(aff.map((p) => p.zeroPoint)).toEqual([170, 0, 0])
  })

  it('custom ranges: kept as given, floor-halved with reduceRange, unsigned symmetric zp is the midpoint', () => {
    expect(
      pytorchQParams(-1, 2, { dtype: 'qint8', qscheme: 'affine', quantMin: -10, quantMax: 20 }),
    ).toMatchObject({
      qmin: -10,
      qmax: 20,
    })
    expect(
      pytorchQParams(-1, 2, {
        dtype: 'qint8',
        qscheme: 'affine',
        quantMin: -127,
        quantMax: 127,
        reduceRange: true,
      }),
    ).toMatchObject({ qmin: -64, qmax: 63 })
    expect(
      pytorchQParams(-1, 2, { dtype: 'quint8', qscheme: 'symmetric', quantMin: 0, quantMax: 127 }).zeroPoint,
    ).toBe(63)
  })

  it('bad input', () => {
    const o: PytorchQParamsOptions = { dtype: 'quint8', qscheme: 'affine' }
    expect(() => pytorchQParams(2, 1, o)).toThrow(RangeError)
    expect(() => pytorchQParams(NaN, 1, o)).toThrow(RangeError)
    expect(() => pytorchQParams(0, Infinity, o)).toThrow(RangeError)
    expect(() => pytorchQParams(0, 1, { ...o, quantMin: 1, quantMax: 5 })).toThrow(/include 0/)
    expect(() => pytorchQParams(0, 1, { ...o, quantMin: 0 })).toThrow(TypeError)
    expect(() =>
      pytorchQParams(0, 1, { dtype: 'qint8', qscheme: 'affine', quantMin: -200, quantMax: 0 }),
    ).toThrow(RangeError)
    expect(() => pytorchQParams(0, 1, { dtype: 'quint8', qscheme: 'symmetric', reduceRange: true })).toThrow(
      RangeError,
    )
    expect(() => pytorchQParams(0, 1, { ...o, eps: 0 })).toThrow(RangeError)
    expect(() => pytorchQParams(0, 1, { dtype: 'int8' as 'qint8', qscheme: 'affine' })).toThrow(TypeError)
    expect(() => pytorchMovingAverageMinMax([[1, NaN]])).toThrow(RangeError)
    expect(pytorchMovingAverageMinMax([])).toEqual({ min: Infinity, max: -Infinity })
    expect(() => float32MinMax([])).toThrow(RangeError)
  })
})

describe('quantizePytorch (torch.quantize_per_tensor rounding)', () => {
  const r = calibration.quantize_per_tensor_rounding
  it('zp 0 qint8 and zp 11 quint8: ties to even, zp added after rounding, clamped', () => {
    expect(Array.from(quantizePytorch(r.scale1_zp0_qint8.x, 1, 0, 'qint8'))).toEqual(r.scale1_zp0_qint8.q)
    expect(Array.from(quantizePytorch(r.scale1_zp11_quint8.x, 1, 11, 'quint8'))).toEqual(
      r.scale1_zp11_quint8.q,
    )
  })
  it('the FBGEMM reciprocal case: 128 via the float32 reciprocal, 127 by division', () => {
    const f = r.fbgemm_reciprocal
    expect(quantizePytorch([f.x_f32], f.scale_f32, 0, 'qint32')[0]).toBe(f.q_via_float32_reciprocal)
    const s = Math.fround(f.scale_f32)
    expect(quantize([Math.fround(f.x_f32)], { scale: s, zeroPoint: 0, qmin: -128, qmax: 127 })[0]).toBe(
      f.q_via_division,
    )
  })
  it('dequantizePytorch is a float32 product', () => {
    // float32: 0.1f · (−10) = −1.0000000149… rounds to −1 in float32
    expect(Array.from(dequantizePytorch([0, 10, 255], 0.1, 10))).toEqual([-1, 0, 24.5])
    expect(dequantizePytorch([1], 0.1, 0)[0]).toBe(Math.fround(0.1))
  })
  it('bad input', () => {
    expect(() => quantizePytorch([1], 0, 0, 'qint8')).toThrow(RangeError)
    expect(() => quantizePytorch([1], 1, 300, 'quint8')).toThrow(RangeError)
    expect(() => quantizePytorch([NaN], 1, 0, 'qint8')).toThrow(RangeError)
    expect(() => quantizePytorch([1], 1, 0, 'int8' as 'qint8')).toThrow(TypeError)
  })
})

describe('onnxruntimeQParams (quant_utils compute_scale_zp)', () => {
  it('ranges of get_qmin_qmax_for_qType', () => {
    expect(onnxruntimeQRange('int8')).toEqual({ qmin: -128, qmax: 127 })
    expect(onnxruntimeQRange('int8', { symmetric: true })).toEqual({ qmin: -127, qmax: 127 })
    expect(onnxruntimeQRange('int8', { reduceRange: true })).toEqual({ qmin: -64, qmax: 64 })
    expect(onnxruntimeQRange('uint8', { symmetric: true })).toEqual({ qmin: 0, qmax: 254 })
    expect(onnxruntimeQRange('uint8', { reduceRange: true, symmetric: true })).toEqual({ qmin: 0, qmax: 127 })
    expect(onnxruntimeQRange('int4', { symmetric: true })).toEqual({ qmin: -8, qmax: 7 })
  })

  it('asymmetric uint8 and int8 on [-1, 2]', () => {
    const u = onnxruntimeQParams(-1, 2, { qType: 'uint8', symmetric: false })
    expect(u).toEqual({ scale: Math.fround(3 / 255), zeroPoint: 85, qmin: 0, qmax: 255 })
    const i = onnxruntimeQParams(-1, 2, { qType: 'int8', symmetric: false })
    expect(i).toEqual({ scale: Math.fround(3 / 255), zeroPoint: -43, qmin: -128, qmax: 127 })
  })

  it('symmetric: 2·absmax/254, zp 0 for int8 and 127 (not 128) for the (0, 254) uint8 table', () => {
    expect(onnxruntimeQParams(-1, 2, { qType: 'int8', symmetric: true })).toEqual({
      scale: Math.fround(4 / 254),
      zeroPoint: 0,
      qmin: -127,
      qmax: 127,
    })
    expect(onnxruntimeQParams(-1, 2, { qType: 'uint8', symmetric: true }).zeroPoint).toBe(127)
    expect(computeScaleZpOrt(-1, 2, 0, 255, true).zeroPoint).toBe(128) // round(127.5) half to even
    expect(onnxruntimeQParams(-1, 2, { qType: 'uint8', symmetric: true, reduceRange: true }).zeroPoint).toBe(
      64,
    )
  })

  it('reduce_range int8 is [-64, 64]', () => {
    expect(onnxruntimeQParams(-1, 2, { qType: 'int8', symmetric: false, reduceRange: true })).toEqual({
      scale: Math.fround(3 / 128),
      zeroPoint: -21,
      qmin: -64,
      qmax: 64,
    })
  })

  it('the range always includes 0, and a zero range gives scale 1, zp 0', () => {
    expect(onnxruntimeQParams(1, 3, { qType: 'uint8', symmetric: false })).toMatchObject({
      scale: Math.fround(3 / 255),
      zeroPoint: 0,
    })
    expect(onnxruntimeQParams(0, 0, { qType: 'int8', symmetric: false })).toMatchObject({
      scale: 1,
      zeroPoint: 0,
    })
    expect(onnxruntimeQParams(0, 1e-40, { qType: 'uint8', symmetric: false })).toMatchObject({
      scale: 1,
      zeroPoint: 0,
    })
  })

  it('bad input', () => {
    expect(() => onnxruntimeQParams(2, 1, { qType: 'int8', symmetric: false })).toThrow(RangeError)
    expect(() => onnxruntimeQParams(NaN, 1, { qType: 'int8', symmetric: false })).toThrow(RangeError)
    expect(() => onnxruntimeQParams(0, 1, { qType: 'int3' as 'int8', symmetric: false })).toThrow(TypeError)
    expect(() => computeScaleZpOrt(0, 1, 1, 5)).toThrow(RangeError)
  })
})

describe('quantize / dequantize (zero-point form)', () => {
  const p = { scale: 0.5, zeroPoint: 3, qmin: -128, qmax: 127 }
  it('clamp(round(x/scale) + zp) with each rounding mode', () => {
    const x = [0.25, 0.75, -0.25, -0.75, 1, 100, -100]
    expect(Array.from(quantize(x, p))).toEqual([3, 5, 3, 1, 5, 127, -128])
    expect(Array.from(quantize(x, p, 'half-away'))).toEqual([4, 5, 2, 1, 5, 127, -128])
    expect(Array.from(quantize(x, p, 'half-up'))).toEqual([4, 5, 3, 2, 5, 127, -128])
  })
  it('dequantize = scale·(q − zp); fakeQuantize = dequantize(quantize)', () => {
    expect(Array.from(dequantize([3, 5, -128], p))).toEqual([0, 1, -65.5])
    const x = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 80)
    expect(fakeQuantize(x, p)).toEqual(dequantize(quantize(x, p), p))
    expect(representableRange(p)).toEqual({ low: -65.5, high: 62 })
  })
  it('half to even (the default) = the per-value rounding, ties and the sign of zero included', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.integer({ min: -20, max: 20 }),
        fc.array(
          fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -600, max: 600 })),
          {
            maxLength: 60,
          },
        ),
        (scale, zeroPoint, raw) => {
          const q = { scale, zeroPoint, qmin: -128, qmax: 127 }
          // integers become exact ties k/2 · scale half of the time
          const x = raw.map((v, i) => (Number.isInteger(v) && i % 2 === 0 ? (v / 2) * scale : v))
          const lo = q.qmin - zeroPoint
          const hi = q.qmax - zeroPoint
          const codes = quantize(x, q)
          const fake = fakeQuantize(x, q)
          x.forEach((v, i) => {
            const r = roundWith(Math.min(Math.max(v / scale, lo), hi), 'half-even') + 0
            expect(codes[i]).toBe(r + zeroPoint)
            expect(Object.is(fake[i], scale * r)).toBe(true)
          })
        },
      ),
    )
  })
  it('half to even on exact ties, by hand; fake-quantized zeros are +0', () => {
    const q = { scale: 0.25, zeroPoint: 0, qmin: -128, qmax: 127 }
    const x = [0.125, 0.375, 0.625, -0.125, -0.375, -0.625, -0.0625]
    expect(Array.from(quantize(x, q))).toEqual([0, 2, 2, 0, -2, -2, 0])
    const fake = fakeQuantize(x, q)
    expect(Array.from(fake)).toEqual([0, 0.5, 0.5, 0, -0.5, -0.5, 0])
    expect([fake[0], fake[3], fake[6]].every((v) => Object.is(v, 0))).toBe(true)
  })
  it('bad input', () => {
    expect(() => quantize([1], { ...p, scale: 0 })).toThrow(/zero range/)
    expect(() => quantize([1], { ...p, scale: NaN })).toThrow(RangeError)
    expect(() => quantize([1], { ...p, zeroPoint: 0.5 })).toThrow(TypeError)
    expect(() => quantize([1], { ...p, qmin: 5, qmax: 4 })).toThrow(RangeError)
    expect(() => quantize([NaN], p)).toThrow(/x\[0\] is NaN/)
    expect(() => quantize([Infinity], p)).toThrow(RangeError)
    expect(() => quantize([1], p, 'up' as 'half-up')).toThrow(TypeError)
    expect(quantize([], p)).toHaveLength(0)
  })
})

describe('qRange', () => {
  it('signed/unsigned, full/restricted', () => {
    expect(qRange(8)).toEqual({ qmin: -128, qmax: 127 })
    expect(qRange(8, { restricted: true })).toEqual({ qmin: -127, qmax: 127 })
    expect(qRange(8, { signed: false })).toEqual({ qmin: 0, qmax: 255 })
    expect(qRange(8, { signed: false, restricted: true })).toEqual({ qmin: 0, qmax: 254 })
    expect(qRange(2)).toEqual({ qmin: -2, qmax: 1 })
    expect(qRange(16, { signed: false })).toEqual({ qmin: 0, qmax: 65535 })
  })
  it('bits outside 2 … 16', () => {
    expect(() => qRange(1)).toThrow(RangeError)
    expect(() => qRange(17)).toThrow(RangeError)
    expect(() => qRange(8.5)).toThrow(TypeError)
  })
})

describe('conventionQParams: one range, five systems', () => {
  const r = { min: -1, max: 2 }
  it('symmetric int8 divisors of the threshold: notes 127, pytorch 127.5, onnxruntime 127 (2a / 254), tensorrt 127, tvm 128', () => {
    const got = Object.fromEntries(CONVENTIONS.map((c) => [c, conventionQParams(r, c)]))
    expect(got.notes).toMatchObject({ scale: 2 / 127, zeroPoint: 0, qmin: -128, qmax: 127, divisor: 127 })
    expect(got.pytorch).toMatchObject({
      scale: 0.01568627543747425,
      zeroPoint: 0,
      qmin: -128,
      qmax: 127,
      divisor: 127.5,
    })
    expect(got.onnxruntime).toMatchObject({
      scale: Math.fround(4 / 254),
      zeroPoint: 0,
      qmin: -127,
      qmax: 127,
      divisor: 127,
    })
    // the divisor is what the threshold is divided by: every scale is T / divisor (in float32 where the
    // reference computes in float32)
    for (const c of CONVENTIONS) {
      const g = got[c]
      expect(g.scale, c).toBeCloseTo(2 / g.divisor, 7)
    }
    expect(got.tensorrt).toMatchObject({ scale: 2 / 127, zeroPoint: 0, qmin: -127, qmax: 127, divisor: 127 })
    expect(got.tvm).toMatchObject({ scale: 2 / 128, zeroPoint: 0, qmin: -127, qmax: 127, divisor: 128 })
  })

  it('every scale is the threshold (symmetric) or the range (asymmetric) over the divisor', () => {
    for (const c of CONVENTIONS)
      for (const symmetric of [true, false])
        for (const signed of [true, false])
          for (const bits of [4, 8]) {
            const g = conventionQParams({ min: -0.75, max: 3 }, c, { symmetric, signed, bits })
            const span = g.symmetric ? 3 : 3.75
            expect(g.scale, `${c} ${symmetric} ${signed} ${bits}`).toBeCloseTo(span / g.divisor, 6)
          }
  })

  it('asymmetric: notes (w, float b), pytorch and onnxruntime zero points', () => {
    const n = conventionQParams([-3, 4], 'notes', { symmetric: false })
    expect(n).toMatchObject({
      scale: 7 / 255,
      offset: 4 - (7 / 255) * 127,
      zeroPoint: -19,
      qmin: -128,
      qmax: 127,
    })
    expect(conventionQParams(r, 'pytorch', { symmetric: false, signed: false })).toMatchObject({
      scale: 0.0117647061124444,
      zeroPoint: 85,
    })
    expect(conventionQParams(r, 'onnxruntime', { symmetric: false })).toMatchObject({ zeroPoint: -43 })
    // tensorrt and tvm are symmetric-only
    expect(conventionQParams(r, 'tvm', { symmetric: false }).symmetric).toBe(true)
  })

  it('other bit widths and an explicit threshold', () => {
    expect(conventionQParams(r, 'tensorrt', { bits: 4 })).toMatchObject({ scale: 2 / 7, qmin: -7, qmax: 7 })
    expect(conventionQParams(r, 'tvm', { bits: 4 })).toMatchObject({ scale: 2 / 8, qmin: -7, qmax: 7 })
    expect(conventionQParams(r, 'tensorrt', { threshold: 1 })).toMatchObject({ scale: 1 / 127 })
    expect(conventionQParams(r, 'notes', { bits: 16 })).toMatchObject({
      scale: 2 / 32767,
      qmin: -32768,
      qmax: 32767,
    })
    expect(() => conventionQParams(r, 'notes', { bits: 17 })).toThrow(RangeError)
    expect(() => conventionQParams(r, 'notes', { symmetric: false, threshold: 1 })).toThrow(RangeError)
  })

  it('zero range: each system’s documented fallback', () => {
    const z = { min: 0, max: 0 }
    expect(conventionQParams(z, 'notes')).toMatchObject({ scale: 0, zeroRange: true })
    expect(conventionQParams(z, 'pytorch')).toMatchObject({ scale: 1.1920928955078125e-7, zeroRange: true })
    expect(conventionQParams(z, 'onnxruntime')).toMatchObject({ scale: 1, zeroPoint: 0, zeroRange: true })
    expect(conventionQParams(z, 'tensorrt')).toMatchObject({ scale: 0, zeroRange: true })
    expect(conventionQParams([3, 3], 'notes', { symmetric: false })).toMatchObject({
      scale: 0,
      zeroPoint: 0,
      zeroRange: true,
    })
    expect(conventionQParams(r, 'notes').zeroRange).toBe(false)
  })

  it('bad input', () => {
    expect(() => conventionQParams([], 'notes')).toThrow(RangeError)
    expect(() => conventionQParams([1, NaN], 'notes')).toThrow(RangeError)
    expect(() => conventionQParams({ min: 2, max: 1 }, 'notes')).toThrow(RangeError)
    expect(() => conventionQParams(r, 'caffe' as 'notes')).toThrow(TypeError)
    expect(() => conventionQParams(null as unknown as number[], 'notes')).toThrow(TypeError)
  })
})

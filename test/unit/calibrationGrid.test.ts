// KL and MSE calibrate for the grid the Lab quantizes onto: its element width and its signedness
// (engine/calibrationGrid.ts). A 4-bit grid calibrated as if it had 8 bits kept int8's threshold.
import { describe, expect, it } from 'vitest'
import { absHistogram, entropyCalibrate, klMicroscope, mseCalibrate, tvmHistogram } from '../../src/core'
import { calibrationGridOf } from '../../src/engine/calibrationGrid'
import { LabEngine } from '../../src/engine/labEngine'
import { calibrateOps } from '../../src/engine/ops'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { followCandidate } from '../../src/lab/klCandidate'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), ...p })
const settings = (p: Partial<LabParams>) => quantSettingsOf(params(p))

describe('the calibration grid of the Lab’s settings', () => {
  const BOTH = { min: -1, max: 1 }
  const POS = { min: 0, max: 1 }
  const NEG = { min: -1, max: 0 }

  it('has the element’s width: the bits setting on the integer grid, a format’s own width otherwise', () => {
    expect(calibrationGridOf(settings({ bits: 4 }), BOTH)).toEqual({ numBits: 4, unsigned: false })
    expect(calibrationGridOf(settings({ bits: 16 }), BOTH)).toEqual({ numBits: 16, unsigned: false })
    // a link may keep bits=4 from the integer grid under FP8; FP4, NF4 and MXFP4 are 4 bits whatever it says
    expect(calibrationGridOf(settings({ fmt: 'e4m3', bits: 4 }), BOTH).numBits).toBe(8)
    for (const fmt of ['e2m1', 'nf4', 'mxfp4'] as const)
      expect(calibrationGridOf(settings({ fmt, bits: 8 }), BOTH).numBits, fmt).toBe(4)
  })

  it('is unsigned where the grid maps [0, T] onto 0 … 2^b − 1 over data ≥ 0, or an asymmetric grid covers data of one sign', () => {
    for (const conv of ['notes', 'tensorrt', 'tvm'] as const) {
      expect(calibrationGridOf(settings({ conv, unsigned: true }), POS).unsigned, conv).toBe(true)
      // TVM takes its uint8 rule only for min(x) ≥ 0; negatives would be folded into a grid that clips them
      expect(calibrationGridOf(settings({ conv, unsigned: true }), BOTH).unsigned, conv).toBe(false)
    }
    // PyTorch's and ONNX Runtime's unsigned symmetric grids centre ±T on a middle code: signed levels per side
    for (const conv of ['pytorch', 'onnxruntime'] as const)
      expect(calibrationGridOf(settings({ conv, unsigned: true }), POS).unsigned, conv).toBe(false)
    expect(calibrationGridOf(settings({ unsigned: false }), POS).unsigned).toBe(false)
    // TensorRT knows only the symmetric scheme: the asymmetric setting does not make it unsigned
    expect(calibrationGridOf(settings({ conv: 'tensorrt', scheme: 'asymmetric' }), POS).unsigned).toBe(false)
    expect(calibrationGridOf(settings({ scheme: 'asymmetric' }), POS).unsigned).toBe(true)
    // the mirror image: data ≤ 0 on [−T, 0] is as unsigned as data ≥ 0 on [0, T]
    expect(calibrationGridOf(settings({ scheme: 'asymmetric' }), NEG).unsigned).toBe(true)
    expect(calibrationGridOf(settings({ scheme: 'asymmetric' }), BOTH).unsigned).toBe(false)
  })

  it('is signed under a number format, whatever the unsigned and scheme settings say', () => {
    for (const fmt of ['e2m1', 'nf4', 'e4m3'] as const) {
      expect(calibrationGridOf(settings({ fmt, unsigned: true }), POS).unsigned, fmt).toBe(false)
      expect(calibrationGridOf(settings({ fmt, scheme: 'asymmetric' }), POS).unsigned, fmt).toBe(false)
    }
  })
})

describe('the Lab’s KL and MSE thresholds', () => {
  const p = { dist: 'laplace' as const, n: 20_000, seed: 3 }

  it('are the core’s sweep for the grid’s width (4 bits: not int8’s threshold)', () => {
    const e = new LabEngine()
    e.generate(sourceSpecOf(params(p)))
    const x = e.table(settings(p)).x
    const h = absHistogram(x, 2048)
    for (const variant of ['tensorrt', 'pytorch-quantization', 'tvm'] as const) {
      const q = settings({ ...p, calib: 'entropy', variant, bits: 4 })
      const want = entropyCalibrate(variant === 'tvm' ? tvmHistogram(x) : h, { variant, numBits: 4 })
      const int8 = entropyCalibrate(variant === 'tvm' ? tvmHistogram(x) : h, { variant })
      expect(want.threshold, variant).not.toBe(int8.threshold)
      expect(e.quantize(q).threshold, variant).toBe(want.threshold)
      expect(e.entropyCurve(variant, { numBits: 4, unsigned: false })!.threshold).toBe(want.threshold)
      // the histogram's markers too
      expect(e.thresholds(q).entropy).toBe(want.threshold)
    }
    const mse4 = mseCalibrate(h, { numBits: 4 }).threshold
    expect(mse4).toBeLessThan(mseCalibrate(h).threshold)
    expect(e.quantize(settings({ ...p, calib: 'mse', bits: 4 })).threshold).toBe(mse4)
    expect(e.mseCurve({ numBits: 4, unsigned: false })!.threshold).toBe(mse4)
    // and back at 8 bits, int8's (the cache is keyed by the grid)
    expect(e.quantize(settings({ ...p, calib: 'mse' })).threshold).toBe(mseCalibrate(h).threshold)
  }, 60_000)

  it('take a number format’s width: FP4 is calibrated for 4 bits, FP8 for 8', () => {
    const e = new LabEngine()
    e.generate(sourceSpecOf(params(p)))
    const x = e.table(settings(p)).x
    const h = absHistogram(x, 2048)
    expect(e.thresholds(settings({ ...p, fmt: 'e2m1' })).mse).toBe(mseCalibrate(h, { numBits: 4 }).threshold)
    expect(e.thresholds(settings({ ...p, fmt: 'e4m3', bits: 4 })).mse).toBe(mseCalibrate(h).threshold)
  })

  it('are unsigned for an asymmetric grid over data ≥ 0, per tensor and per channel', () => {
    const relu = { dist: 'relu-normal' as const, n: 8192, rows: 2, seed: 5 }
    const e = new LabEngine()
    e.generate(sourceSpecOf(params(relu)))
    const x = e.table(settings(relu)).x
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0)
    const h = absHistogram(x, 2048)
    const q = settings({ ...relu, calib: 'mse', scheme: 'asymmetric' })
    const want = mseCalibrate(h, { unsigned: true }).threshold
    expect(want).not.toBe(mseCalibrate(h).threshold)
    const r = e.quantize(q)
    expect(r.threshold).toBe(want)
    // each row on its own histogram, unsigned as well
    const view = e.channels({ ...q, gran: 'channel' }, r.metrics)!
    const row0 = x.slice(0, 4096)
    const t0 = mseCalibrate(absHistogram(row0, 2048), { unsigned: true }).threshold
    expect(t0).not.toBe(mseCalibrate(absHistogram(row0, 2048)).threshold)
    expect(view.scales[0] * 255).toBeCloseTo(Math.min(t0, Math.max(...row0)) - Math.min(...row0), 9)
  }, 60_000)
})

describe('the ops views', () => {
  it('calibrate an asymmetric int8 grid over data ≥ 0 as unsigned, a symmetric one as signed', () => {
    const x = Float64Array.from(
      { length: 5000 },
      (_, i) => ((i * 7919) % 5000) / 5000 + (i % 97 === 0 ? 3 : 0),
    )
    const h = absHistogram(x, 2048)
    expect(calibrateOps(x, 'mse', 'asymmetric', 'zp').threshold).toBe(
      mseCalibrate(h, { unsigned: true }).threshold,
    )
    expect(calibrateOps(x, 'mse', 'symmetric', 'zp').threshold).toBe(mseCalibrate(h).threshold)
    // and over data ≤ 0, the mirror image
    expect(
      calibrateOps(
        x.map((v) => -v),
        'mse',
        'asymmetric',
        'zp',
      ).threshold,
    ).toBe(mseCalibrate(h, { unsigned: true }).threshold)
  })
})

describe('the microscope’s candidate on a new curve', () => {
  const curve = (ts: number[]) => ({
    threshold: ts[0],
    thresholds: Float64Array.from(ts),
    values: new Float64Array(ts.length),
    best: 0,
    candidates: new Int32Array(ts.length),
  })
  it('keeps its threshold: the nearest candidate of the new curve', () => {
    const prev = curve([1, 2, 3, 4])
    expect(followCandidate(2, prev, curve([0.5, 1.5, 2.9, 3.5]))).toBe(2)
    expect(followCandidate(3, prev, curve([0.5, 1, 1.5]))).toBe(2)
    expect(followCandidate(null, prev, curve([1]))).toBeNull()
    expect(followCandidate(1, null, curve([1]))).toBeNull()
    expect(followCandidate(9, prev, curve([1]))).toBeNull()
  })
})

describe('TVM’s sweep on a grid of more levels than its window has bins', () => {
  it('compares the whole range with each bin its own level: Q is P but for TVM’s end bins', () => {
    const e = new LabEngine()
    e.generate(sourceSpecOf(params({ dist: 'laplace', n: 20_000, seed: 3 })))
    const x = e.table(settings({ dist: 'laplace', n: 20_000, seed: 3 })).x
    const h = tvmHistogram(x)
    for (const [numBits, unsigned] of [
      [13, false],
      [12, true],
      [16, false],
    ] as const) {
      const c = entropyCalibrate(h, { variant: 'tvm', numBits, unsigned })
      expect(c.note).toBe('full-range-fallback')
      expect(c.values.length).toBe(1)
      // (every bin merged into the last level gave a flat Q and a divergence of 0.45)
      expect(c.values[0], `${numBits} bits`).toBeLessThan(1e-3)
      const m = klMicroscope(h, 0, { variant: 'tvm', numBits, unsigned })
      expect(m.levelSums.length).toBe(h.counts.length)
      expect(Array.from(m.q.subarray(1, -1))).toEqual(Array.from(m.p.subarray(1, -1)))
      expect(m.total).toBeCloseTo(c.values[0], 6)
    }
  })
})

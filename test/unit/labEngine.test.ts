import { describe, expect, it, vi } from 'vitest'
import { CALIBRATORS, type Calibrator } from '../../src/registry/calibrators'
import { LabEngine, clipForThreshold } from '../../src/engine/labEngine'
import { gridCoder, planGrid, type GridSpec } from '../../src/engine/plan'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'
import { onnxruntimeQParams, pytorchQParams } from '../../src/core'

const spec = (p: Partial<GridSpec>): GridSpec => ({
  bits: 8,
  unsigned: false,
  range: 'full',
  scheme: 'symmetric',
  form: 'zp',
  conv: 'notes',
  ...p,
})
const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), ...p })

describe('grid plans', () => {
  it('the notes’ traitor: symmetric min-max gives 10/127', () => {
    const g = planGrid(spec({ range: 'restricted' }), -10, 10)
    expect(g.scale).toBe(10 / 127)
    expect([g.qmin, g.qmax]).toEqual([-127, 127])
  })

  it('zero-point form always includes 0, so the grid covers data away from 0', () => {
    const g = planGrid(spec({ scheme: 'asymmetric', form: 'zp' }), 2, 3)
    expect(g.zeroPoint).toBeGreaterThanOrEqual(g.qmin)
    expect(gridCoder(g).value(g.qmax)).toBeGreaterThanOrEqual(3 - 1e-12)
    expect(gridCoder(g).value(g.zeroPoint)).toBe(0)
  })

  it('the notes’ form spreads [β, α] over every step of the range it uses', () => {
    const full = planGrid(spec({ scheme: 'asymmetric', form: 'notes', range: 'full' }), -3, 4)
    expect(full.scale).toBe(7 / 255)
    expect(gridCoder(full).value(-128)).toBeCloseTo(-3, 12)
    const restricted = planGrid(spec({ scheme: 'asymmetric', form: 'notes', range: 'restricted' }), -3, 4)
    expect(restricted.scale).toBe(7 / 254)
    expect(gridCoder(restricted).value(-127)).toBeCloseTo(-3, 12)
  })

  it('unsigned symmetric follows PyTorch (127.5, zp 128) and ONNX Runtime (0…254, zp 127)', () => {
    const pt = planGrid(spec({ unsigned: true, conv: 'pytorch' }), -2, 2)
    const ref = pytorchQParams(-2, 2, { dtype: 'quint8', qscheme: 'symmetric' })
    expect(pt.zeroPoint).toBe(ref.zeroPoint)
    expect(pt.scale).toBeCloseTo(ref.scale, 7)
    const ort = planGrid(spec({ unsigned: true, conv: 'onnxruntime' }), -2, 2)
    const oref = onnxruntimeQParams(-2, 2, { qType: 'uint8', symmetric: true })
    expect(ort.zeroPoint).toBe(oref.zeroPoint)
    expect(ort.scale).toBeCloseTo(oref.scale, 8) // ORT casts the scale to float32
    expect(ort.qmax).toBe(oref.qmax)
  })

  it('a threshold below the data never gives an inverted clip range', () => {
    const [lo, hi] = clipForThreshold({ scheme: 'asymmetric', conv: 'notes' }, { min: 2, max: 5 }, 0.01)
    expect(lo).toBeLessThanOrEqual(hi)
  })
})

describe('LabEngine', () => {
  it('reports an empty clip instead of failing for a tiny manual threshold on positive data', () => {
    const e = new LabEngine()
    const p = params({ dist: 'lognormal', n: 2000, scheme: 'asymmetric', calib: 'manual', t: 0.001 })
    e.generate(sourceSpecOf(p))
    const r = e.quantize(quantSettingsOf(p))
    expect(r.emptyClip).toBe(true)
    expect(r.zeroRange).toBe(false)
    expect(Number.isFinite(r.metrics.mse)).toBe(true)
  })

  it('describes the grid actually used when the threshold is 0 (scale 1), not the empty range asked', () => {
    // #/lab?calib=manual&t=0 on the traitor: the grid falls back to scale 1, which spans ±127; no value lies
    // outside it, so nothing is clipped and every error is a rounding error
    const e = new LabEngine()
    const p = params({
      dist: 'uniform',
      lo: -1,
      hi: 1,
      n: 10_000,
      seed: 42,
      outlier: 10,
      calib: 'manual',
      t: 0,
    })
    e.generate(sourceSpecOf(p))
    const r = e.quantize(quantSettingsOf(p))
    expect(r.emptyClip).toBe(true)
    expect(r.plan.scale).toBe(1)
    expect([r.plan.lo, r.plan.hi]).toEqual([-127, 127])
    // the threshold reported is the one asked for (the curves' marker, the numpy snippet)
    expect(r.threshold).toBe(0)
    expect(r.metrics.clipped).toBe(0)
    expect(r.metrics.clipSse).toBe(0)
    expect(r.metrics.roundSse).toBeGreaterThan(0)
    // x̂ = round(x): 10 and the values rounded to ±1 or 0
    expect(r.metrics.maxAbsError).toBeLessThanOrEqual(0.5)
    // the asymmetric notes form falls back to w = 1 with b = −q_max: its grid covers [−255, 0], and the
    // positive values are clipped to 0
    const asym = planGrid(spec({ scheme: 'asymmetric', form: 'notes' }), 0, 0)
    expect([asym.scale, asym.lo, asym.hi]).toEqual([1, -255, 0])
    // ONNX Runtime's own fallback (scale 1) likewise
    const ort = planGrid(spec({ conv: 'onnxruntime' }), 0, 0)
    expect(ort.scale).toBe(1)
    expect(ort.hi).toBeGreaterThan(100)
    // a grid that does not fall back is unchanged
    expect(planGrid(spec({}), -2, 2)).toMatchObject({ lo: -2, hi: 2 })
  })

  it('keeps the previous tensor when a generator overflows, and says why', () => {
    const e = new LabEngine()
    const ok = params({ dist: 'normal', n: 500 })
    e.generate(sourceSpecOf(ok))
    const bad = params({ dist: 'lognormal', sigma: 1000, n: 500 })
    expect(() => e.generate(sourceSpecOf(bad))).toThrow(/^overflow: /)
    const r = e.quantize(quantSettingsOf(ok))
    expect(Number.isFinite(r.metrics.mse)).toBe(true)
    expect(r.metrics.n).toBe(500)
  })

  it('per-channel granularity changes the main figures, and the export, of a 2-D tensor', () => {
    const p = params({ dist: 'normal', sigma: 0.05, n: 64 * 128, rows: 64, spread: 1.5, seed: 3 })
    const e = new LabEngine()
    e.generate(sourceSpecOf(p))
    const tensor = e.quantize(quantSettingsOf(p))
    const channel = e.quantize(quantSettingsOf({ ...p, gran: 'channel' }))
    expect(tensor.perChannel).toBe(false)
    expect(channel.perChannel).toBe(true)
    expect(channel.metrics.mse).toBe(channel.channels!.metricsChannel.mse)
    expect(tensor.metrics.mse).toBe(channel.channels!.metricsTensor.mse)
    expect(channel.metrics.mse).toBeLessThan(tensor.metrics.mse)
    const tab = e.table(quantSettingsOf({ ...p, gran: 'channel' }), 200)
    let sse = 0
    for (let i = 0; i < tab.x.length; i++) sse += (tab.xhat[i] - tab.x[i]) ** 2
    const tabT = e.table(quantSettingsOf(p), 200)
    let sseT = 0
    for (let i = 0; i < tabT.x.length; i++) sseT += (tabT.xhat[i] - tabT.x[i]) ** 2
    expect(sse).not.toBe(sseT)
  })

  it('the channel view’s figures are a plain per-channel computation, by row and by column', () => {
    // one pass makes them all (channelView); here each is made on its own from the definition. A manual
    // threshold with the asymmetric scheme gives every channel its own range [max(min, −T), min(max, T)].
    const R = 130
    const C = 300
    const base = params({ dist: 'normal', n: R * C, rows: R, spread: 1, seed: 11 })
    const e = new LabEngine()
    e.generate(sourceSpecOf(base))
    for (const axis of ['row', 'col'] as const) {
      const q = quantSettingsOf({ ...base, calib: 'manual', t: 1.1, scheme: 'asymmetric', axis })
      const r = e.quantize(q)
      // per tensor: the comparison is its own call, after the result
      expect(r.channels).toBeNull()
      expect(r.channelsLater).toEqual(r.metrics)
      const view = e.channels(q, r.metrics)!
      // per channel: the same view comes with the result, whose figures are the per-channel ones
      const perChannel = e.quantize({ ...q, gran: 'channel' })
      expect(perChannel.channelsLater).toBeNull()
      expect(perChannel.channels).toEqual(view)
      expect(perChannel.metrics).toEqual(view.metricsChannel)
      const x = e.table(q, R * C).x
      const channels = axis === 'row' ? R : C
      const len = axis === 'row' ? C : R
      const at = (ch: number, k: number) => (axis === 'row' ? ch * C + k : k * C + ch)
      const xhat = new Float64Array(R * C)
      let clipped = 0
      let clipSse = 0
      for (let ch = 0; ch < channels; ch++) {
        const vals = Array.from({ length: len }, (_, k) => x[at(ch, k)])
        const [lo, hi] = clipForThreshold(q, { min: Math.min(...vals), max: Math.max(...vals) }, 1.1)
        const p = planGrid(q, lo, hi)
        const { code, value } = gridCoder(p)
        let sse = 0
        for (let k = 0; k < len; k++) {
          const i = at(ch, k)
          xhat[i] = value(code(x[i]))
          sse += (xhat[i] - x[i]) ** 2
          if (x[i] < p.lo || x[i] > p.hi) {
            clipped++
            clipSse += (xhat[i] - x[i]) ** 2
          }
        }
        expect(view.scales[ch]).toBe(p.scale)
        expect(view.mseChannel[ch]).toBeCloseTo(sse / len, 14)
      }
      expect(clipped).toBeGreaterThan(0)
      expect(view.metricsChannel.clipped).toBe(clipped)
      expect(view.metricsChannel.clipSse).toBeCloseTo(clipSse, 12)
      // the heatmaps: the largest |x̂ − x| of the elements in each of 64 × 128 cells
      expect([view.heatRows, view.heatCols]).toEqual([64, 128])
      const heatOf = (err: (i: number) => number) => {
        const h = new Float32Array(64 * 128)
        for (let i = 0; i < R * C; i++) {
          const cell = Math.floor((Math.floor(i / C) * 64) / R) * 128 + Math.floor(((i % C) * 128) / C)
          h[cell] = Math.max(h[cell], err(i))
        }
        return [...h]
      }
      expect([...view.heatChannel]).toEqual(heatOf((i) => Math.abs(xhat[i] - x[i])))
      // per-tensor: one range for all, the summary's metrics
      const tc = gridCoder(r.plan)
      expect([...view.heatTensor]).toEqual(heatOf((i) => Math.abs(tc.value(tc.code(x[i])) - x[i])))
      expect(view.metricsTensor).toEqual(r.metrics)
    }
  })

  it('under another number format, the per-channel comparison is the format’s own, against its result', () => {
    const p = params({ dist: 'normal', n: 40 * 100, rows: 40, spread: 1, seed: 4 })
    const e = new LabEngine()
    e.generate(sourceSpecOf(p))
    const int = e.quantize(quantSettingsOf(p))
    const q = quantSettingsOf({ ...p, fmt: 'e4m3' })
    const fp8 = e.quantize(q)
    expect(fp8.format).toBeDefined()
    expect(fp8.metrics.mse).not.toBe(int.metrics.mse)
    // (its integer-grid comparison, int8 of the same width, was shown beside the FP8 result before)
    const view = e.channels(q, fp8.channelsLater!)!
    expect(view.metricsTensor).toEqual(fp8.metrics)
    expect(view.format?.fmt).toBe('e4m3')
    expect(e.channels(quantSettingsOf(p), int.channelsLater!)!.metricsTensor).toEqual(int.metrics)
  })

  it('the per-channel view yields after every channel it calibrates on a histogram (a cancel is seen soon)', () => {
    const p = params({ dist: 'normal', n: 8 * 3000, rows: 8, seed: 2 })
    const e = new LabEngine()
    e.generate(sourceSpecOf(p))
    const yields = (calib: LabParams['calib']) => {
      const q = quantSettingsOf({ ...p, calib })
      const metrics = e.quantize(q).metrics
      const g = e.channelsSteps(q, metrics)
      let k = 0
      while (!g.next().done) k++
      return k
    }
    // 8 channels of 3000 values: fewer than one slice of values, so min-max may not yield at all
    expect(yields('entropy')).toBeGreaterThanOrEqual(yields('minmax') + 7)
    expect(yields('mse')).toBeGreaterThanOrEqual(yields('minmax') + 7)
  })

  it('the per-channel view calibrates each channel once per setting, also across a call stopped part-way', () => {
    const p = params({ dist: 'normal', n: 8 * 3000, rows: 8, seed: 2 })
    const e = new LabEngine()
    e.generate(sourceSpecOf(p))
    const fresh = new LabEngine()
    fresh.generate(sourceSpecOf(p))
    // (the per-channel view asks MSE for its threshold alone)
    const spy = vi.spyOn(CALIBRATORS.mse as Required<Calibrator<'mse'>>, 'thresholdOnly')
    try {
      const q = quantSettingsOf({ ...p, calib: 'mse' })
      const metrics = e.quantize(q).metrics
      spy.mockClear()
      // stopped after three channels (as a cancel or another call stops it in the worker)
      const g = e.channelsSteps(q, metrics)
      while (spy.mock.calls.length < 3) expect(g.next().done).toBe(false)
      g.return(null)
      expect(spy.mock.calls.length).toBe(3)
      // asked again: only the channels not yet calibrated are, and the view is the same as on a fresh engine
      const view = e.channels(q, metrics)
      expect(spy.mock.calls.length).toBe(8)
      expect(view).toEqual(fresh.channels(q, metrics))
      // once more (back to this calibration later): no calibration at all
      e.channels(quantSettingsOf({ ...p, calib: 'minmax' }), metrics)
      spy.mockClear()
      expect(e.channels(q, metrics)).toEqual(view)
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })

  it('each row of the per-channel view is calibrated as if it were the only one (its histograms reuse arrays)', () => {
    // rows of 3000 values (enough for the histogram methods) that differ in spread, sign and outliers: every row's
    // histograms are written over the one before's
    const R = 5
    const C = 3000
    const rows = Array.from({ length: R }, (_, r) =>
      Float64Array.from({ length: C }, (_, i) => {
        const v = ((((i * 7919 + r * 104729) % 2003) / 2003) * 2 - 1) * (r + 1) ** 2
        return i === 17 * r + 5 ? v * 40 : r === 3 ? Math.abs(v) : v
      }),
    )
    const all = new Float64Array(R * C)
    rows.forEach((row, r) => all.set(row, r * C))
    const methods = [
      ['percentile', 'tensorrt'],
      ['entropy', 'tensorrt'],
      ['entropy', 'tvm'],
      ['mse', 'tensorrt'],
    ] as const
    const viewOf = (x: Float64Array, shape: [number, number], calib: string, variant: string) => {
      const e = new LabEngine()
      e.setLoaded(x, shape)
      const q = { ...quantSettingsOf(params({ calib: 'minmax' })), calib, variant } as ReturnType<
        typeof quantSettingsOf
      >
      return e.channels(q, e.quantize(q).channelsLater!)!
    }
    // a row alone: the tensor's own calibration (per tensor) of a 1 × C tensor
    const aloneScale = (row: Float64Array, calib: string, variant: string) => {
      const e = new LabEngine()
      e.setLoaded(row, [1, C])
      const q = { ...quantSettingsOf(params({ calib: 'minmax' })), calib, variant } as ReturnType<
        typeof quantSettingsOf
      >
      return e.quantize(q).plan.scale
    }
    for (const [calib, variant] of methods) {
      const view = viewOf(all, [R, C], calib, variant)
      expect([...view.scales]).toEqual(rows.map((row) => aloneScale(row, calib, variant)))
    }
  })

  it('a channel whose histogram a calibrator cannot use falls back to max|x|, as the tensor does', () => {
    // rows of 3000 values (enough for the histogram methods): huge values overflow MSE's squared errors and
    // TVM's float32 edges, subnormal ones TVM's edges too; each used to fail the whole per-channel view
    const R = 4
    const C = 3000
    const cases = [
      [
        3e300,
        [
          ['mse', 'tensorrt'],
          ['entropy', 'tvm'],
        ],
      ],
      [1e-310, [['entropy', 'tvm']]],
    ] as const
    for (const [unit, methods] of cases) {
      const e = new LabEngine()
      e.setLoaded(
        Float64Array.from({ length: R * C }, (_, i) => (((i * 7919) % 101) - 50) * unit),
        [R, C],
      )
      const base = quantSettingsOf(params({ calib: 'minmax' }))
      const minmax = e.channels(base, e.quantize(base).metrics)!
      for (const [calib, variant] of methods) {
        const q = { ...base, calib, variant }
        const r = e.quantize(q)
        const view = e.channels(q, r.channelsLater!)!
        expect([...view.scales]).toEqual([...minmax.scales])
        expect(Number.isNaN(view.metricsChannel.mse)).toBe(false)
      }
    }
  })

  it('counts the codes the traitor’s inliers use: 27 of 255', () => {
    const p = params({ dist: 'uniform', n: 10000, seed: 42, outlier: 10 })
    const e = new LabEngine()
    e.generate(sourceSpecOf(p))
    const r = e.quantize(quantSettingsOf(p))
    expect(r.codesUsedInliers).toBe(27)
    expect(r.codesUsed).toBe(28)
    expect(r.codesTotal).toBe(255)
  })
})

describe('LabEngine and TVM’s histogram', () => {
  it('makes TVM’s 8001-bin histogram with the tensor: the TVM curve is the core’s on tvmHistogram(x)', async () => {
    const { entropyCalibrate, tvmHistogram } = await import('../../src/core')
    const e = new LabEngine()
    const data = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 7) / 10)
    e.setLoaded(data, [1, data.length])
    const want = entropyCalibrate(tvmHistogram(data), { variant: 'tvm' })
    const got = e.entropyCurve('tvm')!
    expect(got.threshold).toBe(want.threshold)
    expect([...got.values]).toEqual([...want.values])
    // a new tensor brings its own
    const other = data.map((v) => v * 2)
    e.setLoaded(other, [1, other.length])
    expect(e.entropyCurve('tvm')!.threshold).toBe(
      entropyCalibrate(tvmHistogram(other), { variant: 'tvm' }).threshold,
    )
  })

  it('a tensor beyond float32’s range loads, and has no TVM curve (TVM reads its edges as float32)', () => {
    const e = new LabEngine()
    const data = Float64Array.from([1e200, -3e199, 5, 0])
    expect(() => e.setLoaded(data, [1, 4])).not.toThrow()
    expect(e.entropyCurve('tvm')).toBeNull()
    expect(e.entropyCurve('tensorrt')).not.toBeNull()
  })
})

describe('LabEngine refuses values that are not finite, naming the first', () => {
  it('NaN is "not a number", ±Infinity an overflow, at the first such index; the tensor before stays', () => {
    const e = new LabEngine()
    e.setLoaded(Float64Array.from([1, 2, 3]), [1, 3])
    const load = (data: number[]) => () => e.setLoaded(Float64Array.from(data), [1, data.length])
    expect(load([0.5, NaN, Infinity])).toThrow(/^nonfinite: x\[1\] = NaN$/)
    expect(load([0.5, 2, -Infinity, NaN])).toThrow(/^overflow: x\[2\] = -Infinity$/)
    expect(load([NaN, NaN])).toThrow(/^nonfinite: x\[0\] = NaN$/)
    // finite values whose range overflows: the detail is the range, no English sentence inside a Chinese one
    expect(load([1e308, -1e308])).toThrow(/^overflow: \[-1e\+308, 1e\+308\]$/)
    expect(e.quantize(quantSettingsOf(params({}))).metrics.n).toBe(3)
  })
})

describe('LabEngine codes the refusals the page words in the user’s language', () => {
  it('a shape that does not hold the data is refused; the tensor before stays', () => {
    const e = new LabEngine()
    e.setLoaded(Float64Array.from([1, 2, 3]), [1, 3])
    expect(() => e.setLoaded(new Float64Array(12), [3, 3])).toThrow(/^shape: 3 × 3 ≠ 12$/)
    expect(() => e.setLoaded(new Float64Array(4), [0, 4])).toThrow(/^shape: /)
    expect(e.quantize(quantSettingsOf(params({}))).metrics.n).toBe(3)
  })

  it('a range past float32 under a float32 convention (PyTorch, ONNX Runtime) is its own refusal', () => {
    const e = new LabEngine()
    e.setLoaded(Float64Array.from([-1e39, 0.5, 1e39]), [1, 3])
    for (const conv of ['pytorch', 'onnxruntime'] as const)
      expect(() => e.quantize(quantSettingsOf(params({ conv })))).toThrow(/^float32: \[/)
    // the notes compute in float64: the same tensor quantizes
    expect(Number.isFinite(e.quantize(quantSettingsOf(params({ conv: 'notes' }))).plan.scale)).toBe(true)
  })
})

describe('the Lab’s MSE curve is pytorch-quantization’s histogram criterion, not the per-value MSE', () => {
  it('its values divide Σ count·(x̂ − c)² by the number of bins; the Error panel’s MSE divides by N', () => {
    const p = params({ dist: 'normal', n: 20000, seed: 5, calib: 'mse' })
    const e = new LabEngine()
    const s = e.generate(sourceSpecOf(p))
    const curve = e.mseCurve()!
    const r = e.quantize(quantSettingsOf(p))
    const { counts, edges } = s.absHist
    const bins = counts.length
    // the criterion at the chosen threshold, written out: every bin centre fake-quantized on [−127, 127]
    const T = curve.thresholds[curve.best]
    let sum = 0
    for (let k = 0; k < bins; k++) {
      const c = (edges[k] + edges[k + 1]) / 2
      const q = Math.min(127, Math.max(-127, Math.round((c * 127) / T)))
      sum += counts[k] * ((q * T) / 127 - c) ** 2
    }
    expect(curve.values[curve.best]).toBeCloseTo(sum / bins, 12)
    // the Lab quantizes with that threshold; its per-value MSE is the same squared error over N values, so the
    // two differ by about N / bins (≈ 9.8 here), far from equal
    expect(r.threshold).toBe(curve.threshold)
    const ratio = curve.values[curve.best] / r.metrics.mse
    expect(ratio).toBeGreaterThan(0.8 * (p.n / bins))
    expect(ratio).toBeLessThan(1.2 * (p.n / bins))
  })
})

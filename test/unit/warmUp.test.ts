// The worker's idle warm-up (src/engine/warmUp.ts): every data calibrator of the registry, with each setting
// that runs other code, through the registry's own functions, a step per calibration.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ENTROPY_VARIANTS } from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { defaultLabParams } from '../../src/params/labParams'
import {
  calibratorWarmUp,
  labWarmUp,
  PIPELINE_CALIBS,
  PIPELINE_DISTS,
  PIPELINE_ROUNDS,
  PIPELINE_SAMPLE,
  pipelineWarmUp,
  WARM_UP_ROUNDS,
  WARM_UP_SAMPLE,
  warmUpSettings,
} from '../../src/engine/warmUp'
import { CALIBRATORS, DATA_CALIBRATORS, PCT_MODES } from '../../src/registry/calibrators'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('calibrator warm-up', () => {
  it('lists each data calibrator once per setting that picks other code', () => {
    const list = warmUpSettings().map(({ id, o }) => `${id}:${CALIBRATORS[id].cacheKey(o)}`)
    expect(new Set(list).size).toBe(list.length)
    expect(new Set(warmUpSettings().map((s) => s.id))).toEqual(new Set(DATA_CALIBRATORS))
    for (const v of ENTROPY_VARIANTS) expect(list).toContain(`entropy:${v}:8s`)
    for (const m of PCT_MODES) expect(list.some((k) => k.startsWith(`percentile:${m}:`))).toBe(true)
  })

  it('runs each through the registry’s curve and threshold, WARM_UP_ROUNDS times, one per step', () => {
    const settings = warmUpSettings()
    const thresholds = DATA_CALIBRATORS.map((id) => vi.spyOn(CALIBRATORS[id], 'threshold'))
    const curves = vi.spyOn(CALIBRATORS.entropy, 'curve')
    const gen = calibratorWarmUp()
    let steps = 0
    let calls = 0
    const count = () => thresholds.reduce((s, t) => s + t.mock.calls.length, 0)
    for (;;) {
      const before = count()
      if (gen.next().done) break
      steps++
      const made = count() - before
      // never more than one calibration in a step
      expect(made).toBeLessThanOrEqual(1)
      calls += made
    }
    expect(calls).toBe(settings.length * WARM_UP_ROUNDS)
    // a step per calibration, plus the sample and its two histograms, and the 8001-bin histogram
    expect(steps).toBe(calls + 4)
    // the last TVM sweep has the Lab's 8001 bins (it sizes the sweep's kept buffers)
    const [lastInput, lastOptions] = curves.mock.calls[curves.mock.calls.length - 1]
    expect(lastOptions.variant).toBe('tvm')
    expect(lastInput.tvmHist!().counts.length).toBe(8001)
    // the curve calibrators were given their curve, from the same small sample: a finite threshold each time
    for (const t of thresholds)
      for (const [input, , curve] of t.mock.calls) {
        expect(input.values.length).toBe(WARM_UP_SAMPLE)
        expect(curve === undefined || (curve !== null && Number.isFinite(curve.threshold))).toBe(true)
      }
    for (const t of thresholds) for (const r of t.mock.results) expect(Number.isFinite(r.value)).toBe(true)
    // TVM's sweep ran on its own histogram (the one calibrator that reads it)
    const tvm = thresholds[DATA_CALIBRATORS.indexOf('entropy')].mock.calls.filter(
      ([, o]) => o.variant === 'tvm',
    )
    expect(tvm).toHaveLength(WARM_UP_ROUNDS)
  }, 30_000)
})

describe('pipeline warm-up', () => {
  it('generates and quantizes in an engine of its own, in the engine’s slices, every source and calibrator listed', () => {
    const generate = vi.spyOn(LabEngine.prototype, 'generateSteps')
    const quantize = vi.spyOn(LabEngine.prototype, 'quantizeSteps')
    const gen = pipelineWarmUp()
    let steps = 0
    while (!gen.next().done) steps++
    const tensors = PIPELINE_ROUNDS * PIPELINE_DISTS.length
    expect(generate).toHaveBeenCalledTimes(tensors)
    expect(quantize).toHaveBeenCalledTimes(tensors * PIPELINE_CALIBS.length)
    // the calls run in their slices (a 10⁵-value pass yields between slices), not one call per step
    expect(steps).toBeGreaterThan(tensors * (1 + PIPELINE_CALIBS.length) + tensors * 3)
    // one engine for all of it
    const engines = new Set([...generate.mock.contexts, ...quantize.mock.contexts])
    expect(engines.size).toBe(1)
    const engine = [...engines][0] as LabEngine
    expect(new Set(generate.mock.calls.map(([spec]) => spec.dist))).toEqual(new Set(PIPELINE_DISTS))
    expect(new Set(generate.mock.calls.map(([spec]) => spec.n))).toEqual(new Set([PIPELINE_SAMPLE]))
    expect(new Set(quantize.mock.calls.map(([q]) => q.calib))).toEqual(new Set(PIPELINE_CALIBS))
    // it ends holding a tensor of PIPELINE_SAMPLE values whose quantization works
    vi.restoreAllMocks()
    expect(engine.quantize({ ...defaultLabParams(), calib: 'mse' }).plan.scale).toBeGreaterThan(0)
  }, 30_000)

  it('the worker’s idle work runs the pipeline first, then the calibrators', () => {
    const quantize = vi.spyOn(LabEngine.prototype, 'quantizeSteps')
    const threshold = vi.spyOn(CALIBRATORS.minmax, 'threshold')
    const order: string[] = []
    const gen = labWarmUp()
    for (;;) {
      const q = quantize.mock.calls.length
      const t = threshold.mock.calls.length
      if (gen.next().done) break
      if (quantize.mock.calls.length > q) order.push('pipeline')
      else if (
        threshold.mock.calls.length > t &&
        quantize.mock.calls.length === PIPELINE_ROUNDS * PIPELINE_DISTS.length * PIPELINE_CALIBS.length
      )
        order.push('calibrators')
    }
    expect(order[0]).toBe('pipeline')
    expect(order.lastIndexOf('pipeline')).toBeLessThan(order.indexOf('calibrators'))
  }, 60_000)
})

/**
 * The calibrators, run a few times on a small sample while the Lab's worker has nothing to do (serve.ts: idle
 * work), so that the first switch to a calibrator runs its sweep as compiled code; and before them the tensor's
 * own passes (pipelineWarmUp), so that a first large tensor is generated and quantized by compiled code.
 *
 * Why: V8 compiles a function to fast code only after it has run for a while. A worker that has only ever
 * run TensorRT's sweep runs its first TVM sweep (8001 bins, 3874 candidates) in the interpreter and the
 * baseline tiers: in Chromium it took about 300 ms instead of 30–40 ms, which put a 10⁷-value tensor's first
 * switch to TVM over its 0.7 s budget (issue 17). A few runs on a 10 000-value sample compile the same code;
 * the sweep's cost depends on the bins, so the TVM histogram here has 2001 bins, not 8001, and each step stays
 * short (the warm-up gives way to any call between two steps).
 *
 * Every data calibrator of the registry is run with each of its settings that picks other code (its variants;
 * the percentile's two modes), through the registry's own `curve` and `threshold`, the functions the engine
 * calls. It touches no engine state.
 */
import { absHistogram, RandomState, tvmHistogram, type Steps } from '../core'
import {
  CALIBRATORS,
  INT8_GRID,
  DATA_CALIBRATORS,
  type Calibrator,
  PCT_MODES,
  type CalibrationInput,
  type CalibrationOptions,
  type DataCalibratorId,
} from '../registry/calibrators'
import { defaultLabParams, type LabParams } from '../params/labParams'
import { stats } from './analyze'
import { LabEngine } from './labEngine'
import { sourceSpecOf } from './sources'

/** how many times each calibrator runs (in Node, three to six runs brought TVM's sweep to its compiled speed) */
export const WARM_UP_ROUNDS = 6
export const WARM_UP_SAMPLE = 10_000
const TVM_BINS = 2001

/** Each data calibrator with each setting that runs other code: the warm-up's list. */
export function warmUpSettings(): { id: DataCalibratorId; o: CalibrationOptions }[] {
  const out: { id: DataCalibratorId; o: CalibrationOptions }[] = []
  for (const id of DATA_CALIBRATORS) {
    const c: Calibrator = CALIBRATORS[id]
    const seen = new Set<string>()
    for (const variant of c.variants.length ? c.variants : (['tensorrt'] as const))
      for (const pctmode of PCT_MODES) {
        const o: CalibrationOptions = { variant, pct: 99.99, pctmode, t: null, grid: INT8_GRID }
        const key = c.cacheKey(o)
        if (seen.has(key)) continue
        seen.add(key)
        out.push({ id, o })
      }
  }
  return out
}

/**
 * The warm-up in steps: one calibration (curve and threshold) per step, WARM_UP_ROUNDS times each, then one
 * TVM sweep of the Lab's 8001 bins.
 */
export function* calibratorWarmUp(): Steps<void> {
  const values = new RandomState(0).normal(0, 1, WARM_UP_SAMPLE)
  yield
  const { absMax } = stats(values)
  const abs = absHistogram(values, 2048)
  yield
  const tvm = tvmHistogram(values, TVM_BINS)
  yield
  const input: CalibrationInput = { values, absMax, absHist: () => abs, tvmHist: () => tvm }
  const settings = warmUpSettings()
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const { id, o } of settings) {
      const c: Calibrator = CALIBRATORS[id]
      c.threshold(input, o, c.curve ? c.curve(input, o) : undefined)
      yield
    }
  }
  // one TVM sweep of the Lab's size (8001 bins), compiled by now: the sweep keeps its buffers between sweeps
  // (tvmFast.ts), and this grows them to that size, so the first real switch to TVM does not pay their pages
  const full = tvmHistogram(values)
  yield
  CALIBRATORS.entropy.curve!({ ...input, tvmHist: () => full }, { ...settings[0].o, variant: 'tvm' })
}

/** the pipeline warm-up's tensors: large enough that every slice loop runs long enough to be compiled */
export const PIPELINE_SAMPLE = 100_000
export const PIPELINE_ROUNDS = 2
/** the sources and calibrators it goes through: the Lab's defaults and the common first changes */
export const PIPELINE_DISTS = ['normal', 'uniform'] as const
export const PIPELINE_CALIBS = ['minmax', 'entropy', 'mse', 'percentile'] as const

/**
 * The passes over a tensor (drawing it, its statistics and histograms, the quantization pass and the error
 * histograms), run on PIPELINE_SAMPLE values in an engine of its own, in the engine's own slices.
 * Why: the worker's first calls are on the Lab's small starting tensor, too short for V8 to compile these loops;
 * a first tensor of 10⁷ values then ran its first slices in the interpreter, leaving a heap number per value
 * (in Node, ~0.1 s more for the first result than with this warm-up). It touches no state of the served engine.
 */
export function* pipelineWarmUp(): Steps<void> {
  const engine = new LabEngine()
  for (let round = 0; round < PIPELINE_ROUNDS; round++) {
    for (const dist of PIPELINE_DISTS) {
      const p: LabParams = { ...defaultLabParams(), dist, n: PIPELINE_SAMPLE, rows: 1, seed: round + 1 }
      // in the engine's own slices, as a served call runs: a waiting call is held one slice at most
      yield* engine.generateSteps(sourceSpecOf(p))
      yield
      for (const calib of PIPELINE_CALIBS) {
        yield* engine.quantizeSteps({ ...p, calib })
        yield
      }
    }
  }
}

/** The Lab worker's idle work: the tensor's passes, then the calibrators. */
export function* labWarmUp(): Steps<void> {
  yield* pipelineWarmUp()
  yield* calibratorWarmUp()
}

/**
 * The calibrators, run a few times on a small sample while the Lab's worker has nothing to do (serve.ts: idle
 * work), so that the first switch to a calibrator runs its sweep as compiled code.
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
  DATA_CALIBRATORS,
  type Calibrator,
  PCT_MODES,
  type CalibrationInput,
  type CalibrationOptions,
  type DataCalibratorId,
} from '../registry/calibrators'
import { stats } from './analyze'

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
        const o: CalibrationOptions = { variant, pct: 99.99, pctmode, t: null }
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

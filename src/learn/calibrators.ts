import { LabEngine, type QuantResult, type SourceSummary } from '../engine/labEngine'
import { gridCoder, type QuantPlan } from '../engine/plan'
import { CALIBRATORS, DATA_CALIBRATORS, type DataCalibratorId } from '../registry/calibrators'
import { generateTensor, sourceSpecOf, type Tensor } from '../engine/sources'
import { defaultLabParams, TRAITOR_SOURCE, type LabParams } from '../state/labParams'

/** The calibrators the tutorial compares (registry surface 'learn'), in their registry colours. */
export const CALIBS: readonly DataCalibratorId[] = DATA_CALIBRATORS.filter((id) =>
  (CALIBRATORS[id].surfaces as readonly string[]).includes('learn'),
)
export type Calib = DataCalibratorId
export const CALIB_COLORS = Object.fromEntries(CALIBS.map((c) => [c, CALIBRATORS[c].color])) as Record<
  Calib,
  string
>

/** The tensors the calibration widgets offer: the notes' x1 with its traitor first. */
export const CAL_DISTS = ['traitor', 'laplace', 'normal', 'student-t'] as const
export type CalDist = (typeof CAL_DISTS)[number]

export function calSpec(d: CalDist): Partial<LabParams> {
  if (d === 'traitor') return { ...TRAITOR_SOURCE }
  return { dist: d, n: 10000, seed: 42 }
}

interface Loaded {
  engine: LabEngine
  summary: SourceSummary
  results: Record<Calib, QuantResult>
  /** MSE over the values that were not injected as outliers (the traitor's own error left out) */
  inlierMse: Record<Calib, number>
  /** the notes' percentile (the largest of the ⌊0.99999·N⌋ smallest |x|) and how many values lie beyond it */
  notesPct: number
  notesClipped: number
}

export function inlierMse(t: Tensor, plan: QuantPlan): number {
  const skip = new Set(Array.from(t.outlierIdx))
  const { code, value } = gridCoder(plan)
  let s = 0
  let n = 0
  for (let i = 0; i < t.data.length; i++) {
    if (skip.has(i)) continue
    const x = t.data[i]
    s += (x - value(code(x))) ** 2
    n++
  }
  return n ? s / n : 0
}

const cache = new Map<string, Loaded>()

/** A Lab engine holding one generated tensor, with every calibrator's result (memoised by the spec). */
export function calibrated(spec: Partial<LabParams>): Loaded {
  const key = JSON.stringify(spec)
  let l = cache.get(key)
  if (!l) {
    const p = { ...defaultLabParams(), ...spec }
    const engine = new LabEngine()
    const summary = engine.generate(sourceSpecOf(p))
    const tensor = generateTensor(sourceSpecOf(p))
    const results = {} as Record<Calib, QuantResult>
    const inl = {} as Record<Calib, number>
    for (const c of CALIBS) {
      results[c] = engine.quantize({ ...p, calib: c })
      inl[c] = inlierMse(tensor, results[c].plan)
    }
    const notesPct = engine.percentileThreshold(99.999, 'notes')
    let notesClipped = 0
    for (let i = 0; i < tensor.data.length; i++) if (Math.abs(tensor.data[i]) > notesPct) notesClipped++
    l = { engine, summary, results, inlierMse: inl, notesPct, notesClipped }
    cache.set(key, l)
  }
  return l
}

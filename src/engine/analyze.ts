/**
 * Everything the Lab derives from the tensor alone (not from the quantization settings): statistics, the
 * display histogram, the |x| calibration histogram, and the calibration thresholds with their curves.
 * Pure; runs on the main thread for small tensors and in the Web Worker for large ones.
 */
import {
  absHistogram,
  entropyCalibrate,
  histogramUpTo,
  mseCalibrate,
  percentileCalibrate,
  percentileKeep,
  type CurveResult,
  type EntropyVariant,
  type Histogram,
  tvmHistogram,
} from '../core'

export const CALIB_BINS = 2048
export const DISPLAY_BINS = 160

export interface Stats {
  n: number
  min: number
  max: number
  absMax: number
  mean: number
  std: number
  /** all values equal (zero range) */
  constant: boolean
}

export function stats(x: ArrayLike<number>): Stats {
  const n = x.length
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (let i = 0; i < n; i++) {
    const v = x[i]
    if (v < min) min = v
    if (v > max) max = v
    sum += v
  }
  const mean = n ? sum / n : 0
  let ss = 0
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2
  return {
    n,
    min,
    max,
    absMax: Math.max(Math.abs(min), Math.abs(max)),
    mean,
    std: n ? Math.sqrt(ss / n) : 0,
    constant: n > 0 && min === max,
  }
}

export interface Analysis {
  stats: Stats
  /** signed histogram for display, over [min, max] (numpy-widened when constant) */
  display: Histogram
  /** |x| histogram, 2048 bins over [0, max|x|]: the input of the calibrators */
  absHist: Histogram
  entropy: Record<EntropyVariant, CurveResult | null>
  mse: CurveResult | null
  /** pytorch-quantization percentile threshold for the requested percentile */
  percentile: number
  /** the notes' percentile: the largest of the kept |x| (k = ⌊n·p⌋ smallest) */
  percentileNotes: number
}

/** Two-sided percentile range on a signed histogram (ONNX Runtime compute_percentile, asymmetric). */
export function percentileRange(h: Histogram, pct: number): [number, number] {
  const total = h.counts.reduce((a, b) => a + b, 0)
  if (total === 0) return [h.edges[0], h.edges[h.edges.length - 1]]
  const cut = (100 - pct) / 200
  let cum = 0
  let lo = h.edges[0]
  let hi = h.edges[h.edges.length - 1]
  let foundLo = false
  for (let i = 0; i < h.counts.length; i++) {
    cum += h.counts[i] / total
    if (!foundLo && cum >= cut) {
      lo = h.edges[i]
      foundLo = true
    }
    if (cum >= 1 - cut) {
      hi = h.edges[i + 1]
      break
    }
  }
  return [lo, hi]
}

export function analyze(x: Float64Array, opts: { pct: number; variants: EntropyVariant[] }): Analysis {
  const st = stats(x)
  const display = histogramUpTo(x, DISPLAY_BINS)
  const absHist = absHistogram(x, CALIB_BINS)
  const zeroRange = st.absMax === 0
  const entropy: Record<EntropyVariant, CurveResult | null> = {
    tensorrt: null,
    'pytorch-quantization': null,
    tvm: null,
  }
  if (!zeroRange) {
    for (const v of opts.variants) entropy[v] = entropyFor(x, absHist, v)
  }
  const mse = zeroRange ? null : mseCalibrate(absHist)
  const percentile = zeroRange ? 0 : percentileCalibrate(absHist, opts.pct)
  const kept = percentileKeep(x, opts.pct / 100)
  let percentileNotes = 0
  for (let i = 0; i < kept.length; i++) if (kept[i] > percentileNotes) percentileNotes = kept[i]
  return { stats: st, display, absHist, entropy, mse, percentile, percentileNotes }
}

/** The entropy curve for one variant; TVM works on its own signed 8001-bin histogram. */
export function entropyFor(x: Float64Array, absHist: Histogram, variant: EntropyVariant): CurveResult {
  if (variant === 'tvm') {
    return entropyCalibrate(tvmHistogram(x), { variant: 'tvm' })
  }
  return entropyCalibrate(absHist, { variant })
}

/**
 * MSE calibration on a histogram, as NVIDIA pytorch-quantization does it
 * (NVIDIA/TensorRT `tools/pytorch-quantization/pytorch_quantization/calib/histogram.py` `_compute_amax_mse`,
 * with `tensor_quant.py` `_tensor_quant` for the fake quantization; the original runs in float32 on CUDA,
 * we compute in float64 — the choice on the reference histograms is the same).
 */
import type { CurveResult } from './entropy'
import { assertHistogram, binCentres, type HistogramLike } from './histogram'
import { assertInteger } from './validate'

export interface MseOptions {
  numBits?: number
  unsigned?: boolean
  /** First candidate bin (default 128). */
  startBin?: number
}

/**
 * pytorch-quantization `_compute_amax_mse`: candidates are the bin centres c_i for i = startBin … n − 1; for
 * each, every centre is fake-quantized with amax = c_i (scale = maxBound / amax, x̂ = clamp(roundHalfEven(x ·
 * scale), minBound, maxBound) / scale with [−127, 127], or [0, 255] unsigned; amax ≤ 2^−24 quantizes to 0) and
 * the error is mean_k(count_k · (x̂_k − c_k)²); the first minimum wins; threshold = c_best.
 * Degenerate inputs: all counts 0 → threshold 0, empty curve, best −1, note 'empty-histogram'; startBin ≥ n →
 * the last centre as the only candidate, note 'full-range-fallback'. Invalid histograms/options throw.
 */
export function mseCalibrate(h: HistogramLike, opts: MseOptions = {}): CurveResult {
  const total = assertHistogram(h, 'mseCalibrate: h')
  if (opts === null || typeof opts !== 'object')
    throw new TypeError('mseCalibrate: options must be an object')
  const numBits = opts.numBits ?? 8
  assertInteger(numBits, 'mseCalibrate: numBits', 1, 16)
  const unsigned = opts.unsigned ?? false
  if (typeof unsigned !== 'boolean') throw new TypeError('mseCalibrate: unsigned must be a boolean')
  const startBin = opts.startBin ?? 128
  assertInteger(startBin, 'mseCalibrate: startBin', 0, 1 << 22)
  if (total === 0) {
    return {
      threshold: 0,
      thresholds: new Float64Array(0),
      values: new Float64Array(0),
      best: -1,
      candidates: new Int32Array(0),
      note: 'empty-histogram',
    }
  }
  const n = h.counts.length
  const centres = binCentres(h.edges)
  const maxBound = 2 ** (numBits - 1 + (unsigned ? 1 : 0)) - 1
  const minBound = unsigned ? 0 : -maxBound
  const fallback = startBin > n - 1
  const first = fallback ? n - 1 : startBin
  const m = n - first
  // only non-empty bins contribute to the sum
  const idx: number[] = []
  for (let k = 0; k < n; k++) if (h.counts[k] !== 0) idx.push(k)
  const xs = Float64Array.from(idx, (k) => centres[k])
  const ws = Float64Array.from(idx, (k) => h.counts[k])
  const values = new Float64Array(m)
  const thresholds = new Float64Array(m)
  const candidates = new Int32Array(m)
  const epsilon = 1 / (1 << 24)
  for (let c = 0; c < m; c++) {
    const i = first + c
    const amax = centres[i]
    candidates[c] = i
    thresholds[c] = amax
    let sum = 0
    if (amax <= epsilon) {
      for (let k = 0; k < xs.length; k++) sum += xs[k] * xs[k] * ws[k]
    } else {
      const scale = maxBound / amax
      for (let k = 0; k < xs.length; k++) {
        const x = xs[k]
        const v = x * scale
        let r = Math.round(v)
        if (r - v === 0.5 && r % 2 !== 0) r -= 1 // ties to even (Math.round sends ties up)
        if (r > maxBound) r = maxBound
        else if (r < minBound) r = minBound
        const d = r / scale - x
        sum += d * d * ws[k]
      }
    }
    values[c] = sum / n
  }
  let best = 0
  for (let c = 1; c < m; c++) if (values[c] < values[best]) best = c
  const out: CurveResult = { threshold: thresholds[best], thresholds, values, best, candidates }
  if (fallback) out.note = 'full-range-fallback'
  return out
}

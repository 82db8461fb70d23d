/**
 * The KL microscope: every intermediate of ONE candidate of an entropy sweep, for the view that shows P with
 * the outliers folded in, the merged levels, Q expanded onto the non-empty bins and each bin's term of the
 * sum. It runs the same per-candidate function the sweeps use (src/core/klCandidates.ts), so `total` is the
 * curve's value: exactly for pytorch-quantization and tvm and for `entropySweepReference`, to 1e-12 for the
 * tensorrt fast sweep (a closed form of the same sum).
 * Sources: GTC 2017 TensorRT slides (backup), pytorch-quantization `calib/histogram.py`, TVM `calibrate.cc`.
 */
import { candidateThreshold, resolveEntropy, type EntropyOptions, type EntropyVariant } from './entropy'
import type { HistogramLike } from './histogram'
import { makeWorkspace, pqCandidate, prepareTvm, tensorrtCandidate, tvmCandidate } from './klCandidates'
import { assertInteger } from './validate'

export interface KlMicroscope {
  variant: EntropyVariant
  /** Index k of the candidate in the curve (values[k]). */
  index: number
  /** The candidate: i kept bins (tensorrt, pytorch-quantization) or half-width i (tvm). */
  candidate: number
  threshold: number
  /** Histogram bin of entry 0 of the arrays below (0 for the |x| variants, n/2 − i for tvm). */
  windowStart: number
  /** Number of bins in the arrays below (i, or 2i + 1 for tvm). */
  size: number
  /** Mass outside the window folded into P's last bin (tvm: also the lower tail, folded into P's first bin). */
  outliers: number
  /** P: the window's counts with the outliers folded in (raw counts; float32 values for tvm). */
  p: Float64Array
  /** Level of each bin (tensorrt ⌊j·L/i⌋; pytorch-quantization by np.digitize; tvm ⌊k/m⌋, last level wider). */
  levelOf: Int32Array
  /** Merged level totals (outliers not included). */
  levelSums: Float64Array
  /** Non-empty bins per level: each level's total is spread evenly over these. */
  levelNonZero: Int32Array
  /** Q expanded back onto the bins (raw; 0 on empty bins). */
  q: Float64Array
  /** tvm only: P and Q after eps = 1e-4 smoothing, and the sliced copy Q is built from (entry 0 is 0). */
  pSmoothed?: Float64Array
  qSmoothed?: Float64Array
  sliced?: Float64Array
  /** P and Q normalised to sum 1 (tvm: after smoothing, float32). */
  pNorm: Float64Array
  qNorm: Float64Array
  /** Each bin's term p·ln(p/q): 0 where p = 0, +∞ where q = 0 < p (pytorch-quantization: NaN for 0/0). */
  terms: Float64Array
  /** The divergence of this candidate (the sum of the terms in the variant's order and precision). */
  total: number
}

/**
 * One candidate of `entropyCalibrate(h, opts)` in full: `index` is the position k in the returned curve
 * (candidate i = first + k). Throws a RangeError for an index outside the curve or an all-zero histogram.
 */
export function klMicroscope(h: HistogramLike, index: number, opts: EntropyOptions = {}): KlMicroscope {
  const r = resolveEntropy(h, opts, 'klMicroscope')
  if (r.total === 0)
    throw new RangeError('klMicroscope: the histogram is empty (all counts are 0); there is no curve')
  assertInteger(index, 'klMicroscope: index', 0, r.last - r.first)
  const i = r.first + index
  const n = r.counts.length
  let total: number
  const ws = makeWorkspace(n, Math.max(r.levels, n))
  if (r.variant === 'tensorrt') total = tensorrtCandidate(r.counts, i, r.levels, ws)
  else if (r.variant === 'pytorch-quantization') total = pqCandidate(r.counts, i, r.levels, ws)
  else total = tvmCandidate(prepareTvm(r.counts), i, r.levels, ws)
  const len = ws.len
  const out: KlMicroscope = {
    variant: r.variant,
    index,
    candidate: i,
    threshold: candidateThreshold(r, i),
    windowStart: r.variant === 'tvm' ? (n >> 1) - i : 0,
    size: len,
    outliers: ws.outliers,
    p: ws.p.slice(0, len),
    levelOf: ws.levelOf.slice(0, len),
    levelSums: ws.levelSums.slice(0, r.levels),
    levelNonZero: Int32Array.from(ws.levelNonZero.subarray(0, r.levels)),
    q: ws.q.slice(0, len),
    pNorm: ws.pNorm.slice(0, len),
    qNorm: ws.qNorm.slice(0, len),
    terms: ws.terms.slice(0, len),
    total,
  }
  if (r.variant === 'tvm') {
    out.pSmoothed = ws.pSmooth.slice(0, len)
    out.qSmoothed = ws.qSmooth.slice(0, len)
    out.sliced = ws.sliced.slice(0, len)
  }
  return out
}

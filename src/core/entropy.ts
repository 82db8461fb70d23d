/**
 * Entropy (KL-divergence) calibration: the slide-level TensorRT algorithm (default, with a fast closed-form
 * sweep), NVIDIA pytorch-quantization's `_compute_amax_entropy` and TVM's C++ `MinimizeKL`, each returning the
 * whole divergence curve. Contract: shared spec core-api.md §5; background: reference-algorithms.md §3–§5.
 *
 * Degenerate inputs (documented results, never NaN thresholds):
 * - all counts 0 → threshold 0, empty curve, best −1, note 'empty-histogram';
 * - no candidate in range (fewer bins than `startBin`/`levels`) → one candidate, the full range (tensorrt and
 *   pytorch-quantization: i = number of bins, threshold edges[n]; tvm: the widest window), note
 *   'full-range-fallback';
 * - tensorrt with every candidate +∞ (e.g. a constant tensor: all mass in the last bin) → threshold edges[n]
 *   (the full range), best −1, note 'all-infinite';
 * - pytorch-quantization keeps the reference's NaN divergences (scipy's 0/0 when Q or P sums to 0) in `values`,
 *   and, like `np.argmin` on the reversed list, a NaN wins: best is the LAST NaN candidate if there is one
 *   (that is why all mass in the last bin gives edges[n − 1] = 2.99853515625 and not 3.0);
 * - tvm keeps the C++ choice (first minimum, also when all are +∞: note 'all-infinite').
 * Invalid histograms (no bins, edges length ≠ counts length + 1, NaN/±∞/negative counts, decreasing edges),
 * bad option values, a tvm histogram with an even number of bins or non-integer counts, and a
 * pytorch-quantization histogram with fewer than 2 bins throw RangeError/TypeError at entry.
 */
import { assertHistogram, type HistogramLike } from './histogram'
import { makeWorkspace, pqCandidate, prepareTvm, tensorrtCandidate, tvmCandidate } from './klCandidates'
import { assertInteger } from './validate'

export type EntropyVariant = 'tensorrt' | 'pytorch-quantization' | 'tvm'
export const ENTROPY_VARIANTS: readonly EntropyVariant[] = ['tensorrt', 'pytorch-quantization', 'tvm']

/** Why a curve is special (absent for an ordinary result). See the module comment. */
export type CurveNote = 'empty-histogram' | 'full-range-fallback' | 'all-infinite'

/**
 * A calibration curve. thresholds[k] is candidate k's clipping threshold, values[k] its divergence (or error),
 * candidates[k] its bin count (tensorrt / pytorch-quantization: i kept bins; tvm: half-width i of the window of
 * 2i + 1 bins; mse: the bin whose centre is the candidate); best indexes the choice (−1: none, see `note`).
 */
export interface CurveResult {
  threshold: number
  thresholds: Float64Array
  values: Float64Array
  best: number
  candidates: Int32Array
  note?: CurveNote
}

export interface EntropyOptions {
  /** 'tensorrt' (default), 'pytorch-quantization' or 'tvm'. */
  variant?: EntropyVariant
  /** Levels Q is merged into. Default: tensorrt and pytorch-quantization 2^(numBits − 1 + unsigned) = 128;
   *  tvm 2^numBits − 1 = 255 (2·255 + 1 = 511 when unsigned, TVM's uint8 rule for non-negative data). */
  levels?: number
  /** First candidate (number of kept bins). Default: tensorrt `levels`, pytorch-quantization 128. Not used by
   *  tvm, whose windows always start at half-width ⌊levels/2⌋. */
  startBin?: number
  numBits?: number
  unsigned?: boolean
}

/**
 * KL(P‖Q) = Σ_{p>0} p·ln(p/q) of two non-negative vectors, each normalised to sum 1 first; +∞ if q = 0 where
 * p > 0. The slides' example P = [1,0,2,3,5,3,1,7], Q = [2,0,2,2,4,4,4,4] gives 0.15031526533674186.
 * Source: "8-bit Inference with TensorRT" (GTC 2017) KL definition; natural log as in scipy.stats.entropy.
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p == null || q == null || typeof p.length !== 'number' || typeof q.length !== 'number') {
    throw new TypeError('klDivergence: p and q must be arrays of numbers')
  }
  if (p.length !== q.length)
    throw new RangeError(`klDivergence: p has ${p.length} entries but q has ${q.length}`)
  if (p.length === 0) throw new RangeError('klDivergence: p and q are empty')
  let sp = 0
  let sq = 0
  for (let k = 0; k < p.length; k++) {
    const a = p[k]
    const b = q[k]
    if (!Number.isFinite(a) || a < 0)
      throw new RangeError(`klDivergence: p[${k}] is ${a}; entries must be finite and >= 0`)
    if (!Number.isFinite(b) || b < 0)
      throw new RangeError(`klDivergence: q[${k}] is ${b}; entries must be finite and >= 0`)
    sp += a
    sq += b
  }
  if (!(sp > 0)) throw new RangeError('klDivergence: p sums to 0 and cannot be normalised')
  if (!(sq > 0)) throw new RangeError('klDivergence: q sums to 0 and cannot be normalised')
  let kl = 0
  for (let k = 0; k < p.length; k++) {
    const pn = p[k] / sp
    if (pn === 0) continue
    const qn = q[k] / sq
    if (qn === 0) return Infinity
    kl += pn * Math.log(pn / qn)
  }
  return kl
}

/** Options and histogram after validation: everything a sweep or the microscope needs. */
export interface ResolvedEntropy {
  variant: EntropyVariant
  levels: number
  startBin: number
  /** The counts the variant works on (pytorch-quantization: a copy with counts[0] = counts[1]). */
  counts: Float64Array
  edges: Float64Array
  /** Total of the counts as given. */
  total: number
  /** Candidate range first … last (inclusive), and whether it is the full-range fallback. */
  first: number
  last: number
  fallback: boolean
}

/** Validates a histogram and entropy options (throws RangeError/TypeError) and resolves the defaults. */
export function resolveEntropy(
  h: HistogramLike,
  opts: EntropyOptions = {},
  fn = 'entropyCalibrate',
): ResolvedEntropy {
  const total = assertHistogram(h, `${fn}: h`)
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object`)
  const variant = opts.variant ?? 'tensorrt'
  if (!ENTROPY_VARIANTS.includes(variant)) {
    throw new TypeError(`${fn}: unknown variant ${String(variant)} (use ${ENTROPY_VARIANTS.join(', ')})`)
  }
  const numBits = opts.numBits ?? 8
  assertInteger(numBits, `${fn}: numBits`, 1, 16)
  const unsigned = opts.unsigned ?? false
  if (typeof unsigned !== 'boolean') throw new TypeError(`${fn}: unsigned must be a boolean`)
  const n = h.counts.length
  let levels: number
  if (opts.levels !== undefined) levels = opts.levels
  else if (variant === 'tvm') levels = unsigned ? 2 * ((1 << numBits) - 1) + 1 : (1 << numBits) - 1
  else levels = 1 << (numBits - 1 + (unsigned ? 1 : 0))
  assertInteger(levels, `${fn}: levels`, 1, 1 << 22)
  const startBin = opts.startBin ?? (variant === 'tensorrt' ? levels : 128)
  assertInteger(startBin, `${fn}: startBin`, 1, 1 << 22)
  const edges = Float64Array.from(h.edges)
  const counts = Float64Array.from(h.counts)
  let first: number
  let last: number
  if (variant === 'tensorrt') {
    first = startBin
    last = n - 1
  } else if (variant === 'pytorch-quantization') {
    if (n < 2) {
      throw new RangeError(
        `${fn}: the pytorch-quantization variant needs at least 2 bins (it copies bin 1 into bin 0)`,
      )
    }
    counts[0] = counts[1] // on our copy: the caller's histogram is not touched
    first = startBin
    last = n
  } else {
    if (n % 2 !== 1) {
      throw new RangeError(`${fn}: the tvm variant needs an odd number of bins centred on 0 (got ${n})`)
    }
    for (let k = 0; k < n; k++) {
      if (!Number.isInteger(counts[k])) {
        throw new RangeError(`${fn}: tvm counts are int32; counts[${k}] = ${counts[k]}`)
      }
    }
    if (total > 2147483647) {
      throw new RangeError(`${fn}: tvm sums counts in int32; the total ${total} overflows`)
    }
    first = Math.floor(levels / 2)
    last = n >> 1
  }
  const fallback = first > last
  if (fallback) {
    // no candidate in range: the full range alone (tensorrt: i = n kept bins, no outliers)
    if (variant === 'tensorrt') last = n
    first = last
  }
  return { variant, levels, startBin, counts, edges, total, first, last, fallback }
}

/** Candidate i's clipping threshold for the resolved variant. */
export function candidateThreshold(r: ResolvedEntropy, i: number): number {
  const n = r.counts.length
  const e = r.edges
  if (r.variant === 'tensorrt') return i >= n ? e[n] : (e[i] + e[i + 1]) / 2 // centre of bin i = (i + 0.5)·width
  if (r.variant === 'pytorch-quantization') return e[i] // right edge of the kept bins
  return Math.fround(e[(n >> 1) + i + 1]) // TVM: right edge of the window, read as float32
}

/** The documented result for an all-zero histogram (no candidate can be normalised). */
function emptyCurve(): CurveResult {
  return {
    threshold: 0,
    thresholds: new Float64Array(0),
    values: new Float64Array(0),
    best: -1,
    candidates: new Int32Array(0),
    note: 'empty-histogram',
  }
}

/** Picks the candidate with each variant's tie rule and assembles the result. */
function finishCurve(r: ResolvedEntropy, values: Float64Array): CurveResult {
  const m = values.length
  const candidates = new Int32Array(m)
  const thresholds = new Float64Array(m)
  for (let k = 0; k < m; k++) {
    candidates[k] = r.first + k
    thresholds[k] = candidateThreshold(r, r.first + k)
  }
  let best = -1
  let note: CurveNote | undefined
  let threshold: number
  if (r.variant === 'tensorrt') {
    // first minimum; every candidate +∞ → the full range
    let min = Infinity
    for (let k = 0; k < m; k++) {
      if (values[k] < min) {
        min = values[k]
        best = k
      }
    }
    if (best < 0) note = 'all-infinite'
    threshold = best < 0 ? r.edges[r.counts.length] : thresholds[best]
  } else if (r.variant === 'pytorch-quantization') {
    // len − 1 − np.argmin(divergences[::-1]): the last minimum, and a NaN (scipy's 0/0) wins
    for (let k = m - 1; k >= 0 && best < 0; k--) if (values[k] !== values[k]) best = k
    if (best < 0) {
      best = 0
      for (let k = 1; k < m; k++) if (values[k] <= values[best]) best = k
    }
    threshold = thresholds[best]
  } else {
    // std::min_element: the first minimum
    best = 0
    for (let k = 1; k < m; k++) if (values[k] < values[best]) best = k
    if (values[best] === Infinity) note = 'all-infinite'
    threshold = thresholds[best]
  }
  if (r.fallback) note = 'full-range-fallback'
  const out: CurveResult = { threshold, thresholds, values, best, candidates }
  if (note !== undefined) out.note = note
  return out
}

let levelOffsetCache: { L: number; R: number; table: Int32Array } | null = null

/**
 * For candidate i = q·L + r, level ℓ starts at s = ℓ·q + ⌈ℓ·r/L⌉ and has width w = q + (⌈(ℓ+1)·r/L⌉ − ⌈ℓ·r/L⌉),
 * so its entry w·R + s of the width-major table is q·R + ℓ·q + offsets[r·L + ℓ] with
 * offsets[r·L + ℓ] = (⌈(ℓ+1)·r/L⌉ − ⌈ℓ·r/L⌉)·R + ⌈ℓ·r/L⌉ (cached for the last (L, R)).
 */
function levelOffsets(L: number, R: number): Int32Array {
  if (levelOffsetCache === null || levelOffsetCache.L !== L || levelOffsetCache.R !== R) {
    const table = new Int32Array(L * L)
    for (let r = 0; r < L; r++) {
      for (let l = 0; l < L; l++) {
        const s = Math.ceil((l * r) / L)
        table[r * L + l] = (Math.ceil(((l + 1) * r) / L) - s) * R + s
      }
    }
    levelOffsetCache = { L, R, table }
  }
  return levelOffsetCache.table
}

/**
 * Fast slide-level TensorRT sweep: the divergence of every candidate i in [first, last] from prefix sums, in
 * O(levels) additions per candidate and almost no logarithms. With T the total (outliers included),
 * S = Σ counts[0 … i−1], and a level of bins [s, e) with total M and nz non-empty bins (q = M/(nz·S) on each),
 *   T·KL = Σ_levels D(s, e) + S·ln(S/T) + A·ln(A/(T·q)) − c·ln(c/(T·q)),
 *   D(s, e) = Σ_{k∈[s,e)} c_k ln c_k − M·ln(M/nz)
 * where c = counts[i−1], A = c + outliers and q is the last bin's unnormalised Q (the last two terms
 * replace the last bin's count by P's, and vanish without outliers); +∞ when c = 0 < outliers. D depends only
 * on (s, e − s) and level widths are ⌊i/L⌋ or ⌈i/L⌉, so D is tabulated once per (start, width) pair (~20k
 * logs for 2048 bins / 128 levels instead of 245k). Checked against `tensorrtCandidate` to 1e-12 in the tests.
 */
function tensorrtSweepFast(counts: Float64Array, levels: number, first: number, last: number): Float64Array {
  const n = counts.length
  const L = levels
  const p: Prefix = {
    cs: new Float64Array(n + 1),
    cl: new Float64Array(n + 1),
    nz: new Float64Array(n + 1),
    T: 0,
  }
  const { cs, cl, nz } = p
  for (let k = 0; k < n; k++) {
    const c = counts[k]
    cs[k + 1] = cs[k] + c
    cl[k + 1] = c > 0 ? cl[k] + c * Math.log(c) : cl[k]
    nz[k + 1] = c > 0 ? nz[k] + 1 : nz[k]
  }
  p.T = cs[n]
  const maxWidth = Math.ceil(last / L)
  const R = last + 1
  let fill = 0
  for (let w = 2; w <= maxWidth && (w - 1) * L < last; w++) fill += Math.min(last, (w + 1) * L - 1) - w + 1
  const out = new Float64Array(last - first + 1)
  if ((maxWidth + 1) * R <= 1 << 23 && L <= 1024 && fill <= (last - first + 1) * L) {
    const table = levelTermTable(p, L, last, maxWidth)
    sweepWithTable(counts, p, table, levelOffsets(L, R), L, first, last, out)
  } else {
    sweepDirect(counts, p, L, first, last, out)
  }
  return out
}

/** Prefix sums of the counts, of c·ln c and of the non-empty bins; T the total. */
interface Prefix {
  cs: Float64Array
  cl: Float64Array
  nz: Float64Array
  T: number
}

/**
 * table[w·R + s] = D(s, s + w) with R = last + 1. A level of width w occurs only for (w − 1)·L < i < (w + 1)·L
 * and starts at s ≤ i − w; levels of width 0 and 1 have D = 0 (one bin is its own average). Width-major, so
 * a candidate (widths ⌊i/L⌋ and ⌈i/L⌉ only) reads two rows.
 */
function levelTermTable(p: Prefix, L: number, last: number, maxWidth: number): Float64Array {
  const { cs, cl, nz } = p
  const R = last + 1
  const table = new Float64Array((maxWidth + 1) * R)
  for (let w = 2; w <= maxWidth; w++) {
    if ((w - 1) * L >= last) break
    const sMax = Math.min(last, (w + 1) * L - 1) - w
    const row = w * R
    for (let s = 0; s <= sMax; s++) {
      const e = s + w
      const cnt = nz[e] - nz[s]
      const M = cs[e] - cs[s]
      if (cnt > 0 && M > 0) table[row + s] = cl[e] - cl[s] - M * Math.log(M / cnt)
    }
  }
  return table
}

/** Main loop of the fast sweep: per candidate, one table read per level (see `tensorrtSweepFast`). */
function sweepWithTable(
  counts: Float64Array,
  p: Prefix,
  table: Float64Array,
  offsets: Int32Array,
  L: number,
  first: number,
  last: number,
  out: Float64Array,
): void {
  const R = last + 1
  for (let i = first; i <= last; i++) {
    const q0 = Math.floor(i / L)
    const cb = (i - q0 * L) * L
    // level ℓ reads table[q0·R + ℓ·q0 + offsets[cb + ℓ]]
    let base = q0 * R
    let sum0 = 0
    let sum1 = 0
    let l = 0
    for (; l + 1 < L; l += 2) {
      sum0 += table[base + offsets[cb + l]]
      base += q0
      sum1 += table[base + offsets[cb + l + 1]]
      base += q0
    }
    if (l < L) sum0 += table[base + offsets[cb + l]]
    out[i - first] = finishCandidate(counts, p, L, i, sum0 + sum1)
  }
}

/** Without the table (few levels or huge ranges): D computed per level. */
function sweepDirect(
  counts: Float64Array,
  p: Prefix,
  L: number,
  first: number,
  last: number,
  out: Float64Array,
): void {
  const { cs, cl, nz } = p
  for (let i = first; i <= last; i++) {
    // level ℓ covers [⌈ℓ·i/L⌉, ⌈(ℓ+1)·i/L⌉): walk the ends with quotient/remainder arithmetic
    const q0 = Math.floor(i / L)
    const r0 = i - q0 * L
    let qt = 0
    let rm = 0
    let s = 0
    let sum = 0
    for (let l = 0; l < L; l++) {
      qt += q0
      rm += r0
      if (rm >= L) {
        rm -= L
        qt++
      }
      const e = rm > 0 ? qt + 1 : qt
      if (e - s > 1) {
        const cnt = nz[e] - nz[s]
        const M = cs[e] - cs[s]
        if (cnt > 0 && M > 0) sum += cl[e] - cl[s] - M * Math.log(M / cnt)
      }
      s = e
    }
    out[i - first] = finishCandidate(counts, p, L, i, sum)
  }
}

/** KL from the level sum: (sum + S·ln(S/T) + the last bin's outlier correction) / T; +∞ when c = 0 < outliers. */
function finishCandidate(counts: Float64Array, p: Prefix, L: number, i: number, sum: number): number {
  const { cs, nz, T } = p
  const c = counts[i - 1]
  const S = cs[i]
  const O = T - S
  if (O > 0 && c === 0) return Infinity
  let t = sum + (S < T ? S * Math.log(S / T) : 0)
  if (O > 0) {
    // the level of bin i − 1 is ⌊(i−1)·L/i⌋ (L − 1 when i ≥ L); it covers [⌈lv·i/L⌉, i)
    const lv = Math.floor(((i - 1) * L) / i)
    const sLast = Math.ceil((lv * i) / L)
    const tq = (T * (cs[i] - cs[sLast])) / ((nz[i] - nz[sLast]) * S)
    const A = c + O
    t += A * Math.log(A / tq) - c * Math.log(c / tq)
  }
  return t / T
}

/** The divergence of every candidate of the resolved variant (reference = the plain tensorrt candidates). */
function sweep(r: ResolvedEntropy, reference: boolean): Float64Array {
  const { variant, counts, levels, first, last } = r
  const n = counts.length
  if (variant === 'tensorrt' && !reference) return tensorrtSweepFast(counts, levels, first, last)
  const values = new Float64Array(last - first + 1)
  if (variant === 'tvm') {
    const prep = prepareTvm(counts)
    const ws = makeWorkspace(n, levels)
    ws.detail = false // the sweep needs only the values; the microscope asks for the arrays
    for (let i = first; i <= last; i++) values[i - first] = tvmCandidate(prep, i, levels, ws)
    return values
  }
  const ws = makeWorkspace(n, Math.max(levels, n))
  for (let i = first; i <= last; i++) {
    values[i - first] =
      variant === 'tensorrt' ? tensorrtCandidate(counts, i, levels, ws) : pqCandidate(counts, i, levels, ws)
  }
  return values
}

/**
 * Entropy calibration on a histogram (core-api.md §5), returning the whole KL curve.
 * - 'tensorrt' (default): slide-level algorithm of Migacz, "8-bit Inference with TensorRT" (GTC 2017): |x|
 *   histogram, candidates i = startBin … n − 1, threshold = centre of bin i ((i + 0.5)·width from 0).
 * - 'pytorch-quantization': NVIDIA/TensorRT `tools/pytorch-quantization/pytorch_quantization/calib/
 *   histogram.py` `_compute_amax_entropy` with its quirks (on a copy of the counts).
 * - 'tvm': apache/tvm `src/relay/quantize/calibrate.cc` `MinimizeKL` in float32, on a signed odd-bin
 *   histogram (use `tvmHistogram`).
 * See the module comment for degenerate inputs.
 */
export function entropyCalibrate(h: HistogramLike, opts: EntropyOptions = {}): CurveResult {
  const r = resolveEntropy(h, opts, 'entropyCalibrate')
  if (r.total === 0) return emptyCurve()
  return finishCurve(r, sweep(r, false))
}

/**
 * The plain reference sweep, used by the tests and the benchmark: identical to `entropyCalibrate` except that
 * the tensorrt variant evaluates every candidate the straightforward way (`tensorrtCandidate`: fresh arrays,
 * one log per bin) instead of the closed form. For the other variants it is the same computation.
 */
export function entropySweepReference(h: HistogramLike, opts: EntropyOptions = {}): CurveResult {
  const r = resolveEntropy(h, opts, 'entropySweepReference')
  if (r.total === 0) return emptyCurve()
  return finishCurve(r, sweep(r, true))
}

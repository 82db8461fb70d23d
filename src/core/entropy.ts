/**
 * Entropy (KL-divergence) calibration: the slide-level TensorRT algorithm (default, with a fast closed-form
 * sweep), NVIDIA pytorch-quantization's `_compute_amax_entropy` and TVM's C++ `MinimizeKL`, each returning the
 * whole divergence curve. Contract: docs/core-contract.md §5; background: docs/reference-algorithms.md §3–§5.
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
 *   (that is why all mass in the last bin gives edges[n − 1] = 2.99853515625 and not 3.0); when the chosen
 *   value is such a NaN (e.g. [1], all zeros, very narrow data) the note is 'undefined-divergence' (the
 *   threshold is still the reference's, finite);
 * - tvm keeps the C++ choice (first minimum, also when all are +∞: note 'all-infinite').
 * Invalid histograms (no bins, edges length ≠ counts length + 1, NaN/±∞/negative counts, decreasing edges),
 * bad option values, a tvm histogram with an even number of bins or non-integer counts, and a
 * pytorch-quantization histogram with fewer than 2 bins throw RangeError/TypeError at entry.
 */
import { assertHistogram, type HistogramLike } from './histogram'
import {
  makeWorkspace,
  pqCandidate,
  prepareTvm,
  tensorrtCandidate,
  tvmCandidate,
  type KlWorkspace,
  type TvmPrepared,
} from './klCandidates'
import { tvmSweepFast } from './tvmFast'
import { lnCount, smallIntegerLogs } from './intLogs'
import { scratchF64, scratchI32 } from './scratch'
import { assertInteger } from './validate'

export type EntropyVariant = 'tensorrt' | 'pytorch-quantization' | 'tvm'
export const ENTROPY_VARIANTS: readonly EntropyVariant[] = ['tensorrt', 'pytorch-quantization', 'tvm']

/** Why a curve is special (absent for an ordinary result). See the module comment. */
export type CurveNote = 'empty-histogram' | 'full-range-fallback' | 'all-infinite' | 'undefined-divergence'

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

/** A copy as Float64Array (`slice` is a block copy; `Float64Array.from` walks a typed array's iterator). */
function copyF64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a.slice() : Float64Array.from(a)
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
  const edges = copyF64(h.edges)
  const counts = copyF64(h.counts)
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
    // a grid of more levels than the window has bins (TVM at 13 bits and more; TVM itself only knows 255 and
    // 511 over 8001 bins): each bin its own level, Q = P before smoothing, as TensorRT's full range gives;
    // merging ⌊len/levels⌋ = 0 bins per level put every bin into the last level
    if (variant === 'tvm') levels = Math.min(levels, 2 * last + 1)
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
    // the reference's own choice, kept; the note lets the views say why its divergence is undefined
    if (values[best] !== values[best]) note = 'undefined-divergence'
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

/**
 * Fast slide-level TensorRT sweep: the divergence of every candidate i in [first, last] from prefix sums, in
 * O(levels) additions per candidate and almost no logarithms. With T the total (outliers included),
 * S = Σ counts[0 … i−1], and a level of bins [s, e) with total M and nz non-empty bins (q = M/(nz·S) on each),
 *   T·KL = Σ_levels D(s, e) + S·ln(S/T) + A·ln(A/(T·q)) − c·ln(c/(T·q)),
 *   D(s, e) = Σ_{k∈[s,e)} c_k ln c_k − M·ln(M/nz)
 * where c = counts[i−1], A = c + outliers and q is the last bin's unnormalised Q (the last two terms
 * replace the last bin's count by P's, and vanish without outliers); +∞ when c = 0 < outliers.
 *
 * Which bin ranges recur: candidate i = q0·L + r splits its i bins into L levels, level ℓ covering
 * [ℓ·q0 + c_ℓ, (ℓ+1)·q0 + c_{ℓ+1}) with c_ℓ = ⌈ℓ·r/L⌉, so every level is q0 or q0 + 1 bins wide. D therefore
 * depends only on (start, width) with width ⌊i/L⌋ or ⌈i/L⌉: tabulated once (`termRow`, ~19k logarithms for
 * 2048 bins / 128 levels instead of 245k). Two neighbouring levels are likewise one of four width pairs at one
 * start, so a pair table (additions only) lets each candidate read L/2 entries instead of L
 * (`sweepByBlocks`). Checked against `tensorrtCandidate` to 1e-12 in the tests.
 */
function tensorrtSweepFast(counts: Float64Array, levels: number, first: number, last: number): Float64Array {
  const n = counts.length
  const L = levels
  // the fast sweep's work arrays (prefix sums, two term rows, one pair block) are kept between sweeps
  // (core/scratch.ts): allocating and zeroing them each time is a measurable part of a sub-millisecond sweep.
  // Nothing that leaves this function points into them, and every entry a sweep reads is written first.
  const cs = scratchF64('entropy.cs', n + 1)
  const cl = scratchF64('entropy.cl', n + 1)
  const nz = scratchI32('entropy.nz', n + 1)
  const lnInt = smallIntegerLogs()
  cs[0] = 0
  cl[0] = 0
  nz[0] = 0
  for (let k = 0; k < n; k++) {
    const c = counts[k]
    cs[k + 1] = cs[k] + c
    cl[k + 1] = c > 0 ? cl[k] + c * lnCount(lnInt, c) : cl[k]
    nz[k + 1] = c > 0 ? nz[k] + 1 : nz[k]
  }
  const p: Prefix = { cs, cl, nz, T: cs[n], lnT: Math.log(cs[n]), lnInt }
  const out = new Float64Array(last - first + 1)
  const blocks = Math.floor(last / L) - Math.floor(first / L) + 1
  // the level tables pay off when each (start, width) serves several candidates
  if (L >= 2 && L <= 4096 && 6 * (blocks + 1) * (last + 1) <= 2 * (last - first + 1) * L) {
    sweepByBlocks(counts, p, L, first, last, out)
  } else {
    sweepDirect(counts, p, L, first, last, out)
  }
  return out
}

/** Prefix sums of the counts, of c·ln c and of the non-empty bins (arrays may be longer than n + 1); T the total. */
interface Prefix {
  cs: Float64Array
  cl: Float64Array
  nz: Int32Array
  T: number
  lnT: number
  lnInt: Float64Array
}

/**
 * Row w of the level terms: dst[s] = G(s, s + w) = −M·ln(M/nz) for s = 0 … sMax, where M is the level's total
 * and nz its non-empty bins. G is D without its Σ c·ln c part, which adds up over the levels of candidate i to
 * cl[i] and is added once per candidate. Width 1 (candidates below 2L) is −c·ln c, width 0 nothing.
 */
function termRow(p: Prefix, w: number, sMax: number, lnNz: Float64Array, dst: Float64Array): void {
  const { cs, cl, nz, lnInt } = p
  if (w === 0) {
    dst.fill(0, 0, sMax + 1)
    return
  }
  if (w === 1) {
    for (let s = 0; s <= sMax; s++) dst[s] = cl[s] - cl[s + 1]
    return
  }
  for (let s = 0; s <= sMax; s++) {
    const M = cs[s + w] - cs[s]
    // −M·ln(M/nz) as M·(ln nz − ln M): the level's Q is M/nz on each of its non-empty bins
    dst[s] = M > 0 ? M * (lnNz[nz[s + w] - nz[s]] - lnCount(lnInt, M)) : 0
  }
}

let pairOffsetCache: { L: number; offsets: Int32Array } | null = null

/**
 * offsets[r·H + m] = 4·c_{2m} + 2·δ_{2m} + δ_{2m+1} (H = ⌊L/2⌋ pairs, δ_ℓ = c_{ℓ+1} − c_ℓ, c_ℓ = ⌈ℓ·r/L⌉), so
 * pair m of candidate q0·L + r is pairs[block(q0) + 8·m·q0 + offsets[r·H + m]]. Cached for the last L.
 */
function pairOffsets(L: number): Int32Array {
  if (pairOffsetCache === null || pairOffsetCache.L !== L) {
    const H = L >> 1
    const offsets = new Int32Array(L * H)
    for (let r = 0; r < L; r++) {
      for (let m = 0; m < H; m++) {
        const c0 = Math.ceil((2 * m * r) / L)
        const c1 = Math.ceil(((2 * m + 1) * r) / L)
        const c2 = Math.ceil(((2 * m + 2) * r) / L)
        offsets[r * H + m] = 4 * c0 + 2 * (c1 - c0) + (c2 - c1)
      }
    }
    pairOffsetCache = { L, offsets }
  }
  return pairOffsetCache.offsets
}

/**
 * The fast sweep, one block of candidates q0·L … (q0 + 1)·L − 1 at a time. Their levels are q0 (narrow) or
 * q0 + 1 (wide) bins wide, so the block needs two rows of level terms; the narrow row is the previous block's
 * wide row, so each row is computed once (`termRow`, one logarithm per start). From the two rows the block's
 * pair table holds, at 4·s + (2·δ₁ + δ₂), the terms of two neighbouring levels of widths q0 + δ₁ and q0 + δ₂
 * starting at s, for every start such a pair can have; each candidate then adds L/2 pair entries. Working
 * block by block keeps everything it reads (two rows and one pair block) in the processor's cache.
 */
function sweepByBlocks(
  counts: Float64Array,
  p: Prefix,
  L: number,
  first: number,
  last: number,
  out: Float64Array,
): void {
  const H = L >> 1
  const offsets = pairOffsets(L)
  const q0Min = Math.floor(first / L)
  const q0Max = Math.floor(last / L)
  const R = last + 1
  const lnNz = new Float64Array(q0Max + 2)
  for (let k = 1; k < lnNz.length; k++) lnNz[k] = Math.log(k)
  // a level of width w occurs in candidates i < (w + 1)·L and starts at s ≤ i − w
  const rowEnd = (w: number) => Math.min(last, (w + 1) * L - 1) - w
  let narrow = scratchF64('entropy.narrow', R)
  let wide = scratchF64('entropy.wide', R)
  const pairs = scratchF64('entropy.pairs', 4 * R)
  termRow(p, q0Min, rowEnd(q0Min), lnNz, narrow)
  for (let q0 = q0Min; q0 <= q0Max; q0++) {
    termRow(p, q0 + 1, rowEnd(q0 + 1), lnNz, wide)
    const iMax = Math.min(last, (q0 + 1) * L - 1)
    // pairs: s ≤ iMax − 2q0 − 2 fits all four width pairs; the last two starts only the narrower ones
    const sAll = iMax - 2 * q0 - 2
    let at = 0
    for (let s = 0; s <= sAll; s++, at += 4) {
      const a = narrow[s]
      const b = wide[s]
      pairs[at] = a + narrow[s + q0]
      pairs[at + 1] = a + wide[s + q0]
      pairs[at + 2] = b + narrow[s + q0 + 1]
      pairs[at + 3] = b + wide[s + q0 + 1]
    }
    for (let s = Math.max(0, sAll + 1); s <= iMax - 2 * q0; s++, at += 4) {
      const room = iMax - s - 2 * q0 // 0 or 1: how many bins the pair may widen by
      pairs[at] = narrow[s] + narrow[s + q0]
      pairs[at + 1] = room >= 1 ? narrow[s] + wide[s + q0] : 0
      pairs[at + 2] = room >= 1 ? wide[s] + narrow[s + q0 + 1] : 0
      pairs[at + 3] = 0
    }
    // pair m + k of a candidate sits k·step further on; eight partial sums keep the additions independent
    const step = 8 * q0
    const step2 = 2 * step
    const step3 = 3 * step
    const step4 = 4 * step
    const step5 = 5 * step
    const step6 = 6 * step
    const step7 = 7 * step
    const step8 = 8 * step
    for (let i = Math.max(first, q0 * L); i <= iMax; i++) {
      const r = i - q0 * L
      const ob = r * H
      let idx = 0
      let sum0 = 0
      let sum1 = 0
      let sum2 = 0
      let sum3 = 0
      let sum4 = 0
      let sum5 = 0
      let sum6 = 0
      let sum7 = 0
      let m = 0
      for (; m + 7 < H; m += 8) {
        const o = ob + m
        sum0 += pairs[idx + offsets[o]]
        sum1 += pairs[idx + step + offsets[o + 1]]
        sum2 += pairs[idx + step2 + offsets[o + 2]]
        sum3 += pairs[idx + step3 + offsets[o + 3]]
        sum4 += pairs[idx + step4 + offsets[o + 4]]
        sum5 += pairs[idx + step5 + offsets[o + 5]]
        sum6 += pairs[idx + step6 + offsets[o + 6]]
        sum7 += pairs[idx + step7 + offsets[o + 7]]
        idx += step8
      }
      for (; m < H; m++, idx += step) sum0 += pairs[idx + offsets[ob + m]]
      if ((L & 1) === 1) {
        // odd L: the last level, L − 1, on its own (narrow or wide)
        const c = Math.ceil(((L - 1) * r) / L)
        sum1 += (r === c ? narrow : wide)[(L - 1) * q0 + c]
      }
      const levels = sum0 + sum1 + (sum2 + sum3) + (sum4 + sum5 + (sum6 + sum7))
      out[i - first] = finishCandidate(counts, p, L, i, p.cl[i] + levels)
    }
    const t = narrow
    narrow = wide
    wide = t
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
  const { cs, nz, T, lnT, lnInt } = p
  const c = counts[i - 1]
  const S = cs[i]
  const O = T - S
  if (O > 0 && c === 0) return Infinity
  const lnS = Math.log(S)
  let t = sum + (S < T ? S * (lnS - lnT) : 0)
  if (O > 0) {
    // the level of bin i − 1 is ⌊(i−1)·L/i⌋ (L − 1 when i ≥ L); it covers [⌈lv·i/L⌉, i), total M over cnt
    // non-empty bins, so the last bin's unnormalised Q is tq = T·M/(cnt·S), and
    // A·ln(A/tq) − c·ln(c/tq) = A·ln A − c·ln c − O·ln tq (small integers' logs from the table)
    const lv = Math.floor(((i - 1) * L) / i)
    const sLast = Math.ceil((lv * i) / L)
    const lnTq = lnT + lnCount(lnInt, cs[i] - cs[sLast]) - lnCount(lnInt, nz[i] - nz[sLast]) - lnS
    const A = c + O
    t += A * Math.log(A) - c * lnCount(lnInt, c) - O * lnTq
  }
  // KL ≥ 0; the closed form's cancellations can leave ±1e-16 where P = Q exactly, which would break ties at 0
  return Math.max(0, t / T)
}

function isPowerOfTwo(x: number): boolean {
  return x >= 1 && (x & (x - 1)) === 0
}

/**
 * pytorch-quantization's sweep through the closed form of the TensorRT sweep. Its levels come from
 * `np.digitize(range(i), np.linspace(0, i, L + 1))`: level k holds the bins j with k·(i/L) ≤ j < (k+1)·(i/L),
 * i.e. [⌈k·i/L⌉, ⌈(k+1)·i/L⌉), and with L a power of two i/L and k·(i/L) are exact, so these are exactly the
 * slide algorithm's levels. Both normalise P by its total T (outliers in the last bin) and Q by S = Σ Q =
 * Σ counts[0 … i−1], so the divergence is the same closed form (`tensorrtSweepFast`), on the copy whose
 * counts[0] = counts[1]. Where the two differ:
 * - S = 0 (the first i bins empty): scipy normalises Q by 0 and returns NaN; the closed form would say +∞.
 * - The reference sums in numpy's pairwise order, so its values differ in the last bits; the LAST minimum
 *   wins, so candidates within a hair of the minimum are recomputed the reference way (`exact`), which keeps
 *   the chosen threshold and its value identical to the plain sweep's.
 */
function pqSweepFast(r: ResolvedEntropy, exact: (i: number) => number): Float64Array {
  const { counts, levels, first, last } = r
  const values = tensorrtSweepFast(counts, levels, first, last)
  let S = 0
  for (let k = 0; k < first && k < counts.length; k++) S += counts[k]
  for (let i = first; i <= last; i++) {
    if (i > first) S += counts[i - 1]
    if (S === 0) values[i - first] = NaN
  }
  refineNearTies(values, first, exact)
  return values
}

/**
 * Recomputes, with the plain per-candidate code, every value within 1e-9 (relative) or 1e-12 of the smallest:
 * the closed forms agree with it to ~1e-13, so only these can change which candidate a tie rule picks. With
 * `onlyTies`, a minimum alone in that band keeps its closed-form value (within 1e-12 of the plain one; no other
 * candidate can take its place).
 */
function refineNearTies(
  values: Float64Array,
  first: number,
  exact: (i: number) => number,
  onlyTies = false,
): void {
  let min = Infinity
  for (let k = 0; k < values.length; k++) if (values[k] < min) min = values[k]
  if (!Number.isFinite(min)) return
  // the closed form's absolute error is ~1e-15 times ln T (a few tens at most); where P = Q exactly the
  // plain sum is 0 and the closed form ±1e-15, so the band is at least 1e-12
  const band = 1e-9 * Math.abs(min) + 1e-12
  if (onlyTies) {
    let near = 0
    for (let k = 0; k < values.length; k++) if (values[k] <= min + band) near++
    if (near < 2) return
  }
  for (let k = 0; k < values.length; k++) {
    if (values[k] <= min + band) values[k] = exact(first + k)
  }
}

/**
 * The TVM sweep's prefix sums and workspace, kept between sweeps and grown as needed: each candidate writes
 * every workspace entry it reads, and prepareTvm every prefix entry, so nothing an earlier sweep left is read.
 * Fresh, they were ~0.8 MB of new memory per 8001-bin sweep, which Chromium pays in page faults (tvmFast.ts);
 * the per-channel view of a 2-D tensor sweeps once per row.
 */
let tvmState: { prep: TvmPrepared; ws: KlWorkspace } | null = null
function tvmKept(counts: Float64Array, levels: number): { prep: TvmPrepared; ws: KlWorkspace } {
  tvmState = {
    prep: prepareTvm(counts, tvmState?.prep),
    ws: makeWorkspace(counts.length, levels, tvmState?.ws),
  }
  return tvmState
}

/**
 * Whether the closed forms (tensorrtSweepFast, pqSweepFast) may be used: they take a level's total, and the
 * outliers past a candidate, as differences of prefix sums, which are exact only for integer counts whose total
 * is an exact integer. Fractional counts spanning many orders of magnitude lost up to 1e-7 of a value (1e6 per
 * bin before a level of 1e-3 per bin), a 1e-17 tail vanished from T − S (a finite divergence where the plain
 * sweep says +∞), totals past 2^53 lost percents, and c·ln c overflowed past 2.6e305. Such histograms take the
 * plain sweep; the app's histograms are counts of values.
 */
function closedFormFits(counts: Float64Array): boolean {
  let total = 0
  for (let k = 0; k < counts.length; k++) {
    if (!Number.isInteger(counts[k])) return false
    total += counts[k]
  }
  return total <= Number.MAX_SAFE_INTEGER
}

/** The divergence of every candidate of the resolved variant (reference = the plain tensorrt candidates). */
function sweep(r: ResolvedEntropy, reference: boolean): Float64Array {
  const { variant, counts, levels, first, last } = r
  const n = counts.length
  const closedForm = !reference && variant !== 'tvm' && closedFormFits(counts)
  if (variant === 'tensorrt' && closedForm) {
    const values = tensorrtSweepFast(counts, levels, first, last)
    // the first minimum wins: where candidates tie (an empty tail gives many divergences of exactly 0) or
    // differ by an ulp, the closed form's last bits would choose among them, so candidates within a hair of
    // the minimum are recomputed the plain way and the choice is the plain sweep's (a minimum alone in that
    // band is left as it is: the slide sweep's 1 ms budget)
    let ws: KlWorkspace | null = null
    const exact = (i: number) =>
      tensorrtCandidate(counts, i, levels, (ws ??= makeWorkspace(n, Math.max(levels, n))))
    refineNearTies(values, first, exact, true)
    return values
  }
  const values = new Float64Array(last - first + 1)
  if (variant === 'tvm') {
    const { prep, ws } = tvmKept(counts, levels)
    ws.detail = false // the sweep needs only the values; the microscope asks for the arrays
    if (!reference) return tvmSweepFast(prep, levels, first, last, ws)
    for (let i = first; i <= last; i++) values[i - first] = tvmCandidate(prep, i, levels, ws)
    return values
  }
  const ws = makeWorkspace(n, Math.max(levels, n))
  if (variant === 'pytorch-quantization' && closedForm && isPowerOfTwo(levels)) {
    return pqSweepFast(r, (i) => pqCandidate(counts, i, levels, ws))
  }
  for (let i = first; i <= last; i++) {
    values[i - first] =
      variant === 'tensorrt' ? tensorrtCandidate(counts, i, levels, ws) : pqCandidate(counts, i, levels, ws)
  }
  return values
}

/**
 * Entropy calibration on a histogram (docs/core-contract.md §5), returning the whole KL curve.
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

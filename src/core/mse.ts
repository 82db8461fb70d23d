/**
 * MSE calibration on a histogram, as NVIDIA pytorch-quantization does it
 * (NVIDIA/TensorRT `tools/pytorch-quantization/pytorch_quantization/calib/histogram.py` `_compute_amax_mse`,
 * with `tensor_quant.py` `_tensor_quant` for the fake quantization; the original runs in float32 on CUDA,
 * we compute in float64 — the choice on the reference histograms is the same).
 */
import type { CurveResult } from './entropy'
import { assertHistogram, binCentres, type HistogramLike } from './histogram'
import { scratchF64 } from './scratch'
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
  return mseSweep(h, opts, 'mseCalibrate', true)
}

/**
 * The same sweep evaluated the plain way (every non-empty bin fake-quantized for every candidate), kept for
 * the tests and the benchmark: `mseCalibrate` must match it to 1e-12 and choose the same candidate.
 */
export function mseSweepReference(h: HistogramLike, opts: MseOptions = {}): CurveResult {
  return mseSweep(h, opts, 'mseSweepReference', false)
}

/** What every candidate's error needs: the bin centres, counts, and the fake quantizer's bounds. */
interface MseSetup {
  centres: Float64Array
  counts: ArrayLike<number>
  /** non-empty bins only: their centres and counts (the plain sum skips empty bins) */
  xs: Float64Array
  ws: Float64Array
  maxBound: number
  minBound: number
  /** mean over all bins, as the reference's np.mean over the histogram */
  n: number
}

const EPSILON_AMAX = 1 / (1 << 24)

/** ties to even (Math.round sends ties up), then the fake quantizer's clamp */
function fakeCode(v: number, minBound: number, maxBound: number): number {
  let r = Math.round(v)
  if (r - v === 0.5 && r % 2 !== 0) r -= 1
  return r > maxBound ? maxBound : r < minBound ? minBound : r
}

/** One candidate's error the plain way: mean_k(count_k · (x̂_k − c_k)²) over the non-empty bins. */
function plainError(st: MseSetup, amax: number): number {
  const { xs, ws, maxBound, minBound } = st
  let sum = 0
  if (amax <= EPSILON_AMAX) {
    for (let k = 0; k < xs.length; k++) sum += xs[k] * xs[k] * ws[k]
  } else {
    const scale = maxBound / amax
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]
      const d = fakeCode(x * scale, minBound, maxBound) / scale - x
      sum += d * d * ws[k]
    }
  }
  return sum / st.n
}

/**
 * Per-histogram sums for the segment form of the error. Bins are modelled as ĉ_k = c_0 + k·Δ with the
 * (tiny) deviation ε_k = ĉ_k − c_k = k·Δ − (c_k − c_0) kept, so within a run of bins [s, t) that all round to
 * code r (value q = r/scale, as the reference divides) with a = (q − c_0) − s·Δ and j = k − s:
 *   Σ w·(q − c_k)² = Σ w·((a − jΔ) + ε_k)² = a²·W − 2aΔ·J1 + Δ²·J2 + 2a·E0 − 2Δ·EJ + E2
 * with W = Σw, J1 = Σw·j, J2 = Σw·j², E0 = Σw·ε, EJ = Σw·j·ε, E2 = Σw·ε², all from prefix sums. With integer
 * counts the prefix sums of w, w·k and w·k² are exact integers (below 2^53), so J1 and J2 carry no rounding.
 * Everything is taken relative to c_0 (q − c_0, c_k − c_0): on data far from 0 (centres near 10⁵ a hundredth
 * apart) q − ĉ_s and ε_k computed from the large values themselves lost ~1e-10 of the error.
 * The six prefix sums are interleaved, row t (PRE entries from PRE·t) holding Σw, Σw·k, Σw·k², Σw·ε, Σw·k·ε and
 * Σw·ε² over the bins before t: a run reads one row where six arrays cost six cache lines.
 */
interface SegmentSums {
  c0: number
  delta: number
  pre: Float64Array
  /**
   * how close (in bins) a run's modelled end may come to a centre before the real rounding decides: 1e-6, plus
   * twice the largest |ε_k|/Δ where edges are uneven (the model may then put a centre on the wrong side)
   */
  tol: number
  /** the widest gap between neighbouring centres (whether a candidate's runs are its codes in order) */
  maxGap: number
}
const PRE = 6

/**
 * The prefix sums and the non-empty bins live in scratch slots (core/scratch.ts), kept between sweeps: a sweep
 * reads only what it wrote first, and it never runs inside another. Fresh, they were six to eight new arrays a
 * sweep, which cost more than the sweep itself when the per-channel view calibrates 1000 rows in Chromium.
 */
const kept = (slot: number, length: number): Float64Array => scratchF64(`mse.${slot}`, length)

/**
 * The prefix sums, or null where the segment form would not be exact enough (fractional or huge counts) or
 * where the model does not fit: centres more than 1e-3 of a bin off the even grid (uneven edges; the plain sum
 * takes them), or a first centre more than 10⁸ bins from 0 (a run's end x = (r + ½)·kx − c_0/Δ would carry
 * rounding near the 1e-6 margin).
 */
function segmentSums(st: MseSetup): SegmentSums | null {
  const { centres, counts } = st
  const n = centres.length
  if (n < 2) return null
  const c0 = centres[0]
  const delta = (centres[n - 1] - c0) / (n - 1)
  if (!(delta > 0) || !Number.isFinite(delta) || !(Math.abs(c0) <= 1e8 * delta)) return null
  const pre = kept(0, PRE * (n + 1))
  let maxEps = 0
  let maxGap = 0
  let p0 = 0
  let p1 = 0
  let p2 = 0
  let e0 = 0
  let e1 = 0
  let e2 = 0
  pre.fill(0, 0, PRE)
  for (let k = 0; k < n; k++) {
    const w = counts[k]
    if (!Number.isInteger(w)) return null
    const eps = k * delta - (centres[k] - c0)
    if (Math.abs(eps) > maxEps) maxEps = Math.abs(eps)
    if (k > 0 && centres[k] - centres[k - 1] > maxGap) maxGap = centres[k] - centres[k - 1]
    const o = PRE * (k + 1)
    pre[o] = p0 += w
    pre[o + 1] = p1 += w * k
    pre[o + 2] = p2 += w * k * k
    pre[o + 3] = e0 += w * eps
    pre[o + 4] = e1 += w * k * eps
    pre[o + 5] = e2 += w * eps * eps
  }
  if (p2 > Number.MAX_SAFE_INTEGER || !(maxEps <= 1e-3 * delta)) return null
  return { c0, delta, pre, tol: 1e-6 + (2 * maxEps) / delta, maxGap }
}

/**
 * One run's Σ w·(q − c_k)² over bins [s, t), from the prefix-sum rows at its ends: the start row's entries
 * 1–5 (w1…w5; entry 0 gave W = Σw), the end row at pre[u…u + 5], and a = (q − c_0) − s·Δ. The centred sums
 * J1, J2 are exact integers (see SegmentSums), with J2 = Σw·k² − 2s·Σw·k + s²·W written as P2 − s·(P1 + J1).
 */
function runSum(
  pre: Float64Array,
  u: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  w5: number,
  W: number,
  s: number,
  a: number,
  delta: number,
): number {
  const P1 = pre[u + 1] - w1
  const J1 = P1 - s * W
  const J2 = pre[u + 2] - w2 - s * (P1 + J1)
  const E0 = pre[u + 3] - w3
  const EJ = pre[u + 4] - w4 - s * E0
  return a * (a * W - 2 * (delta * J1 - E0)) + delta * (delta * J2 - 2 * EJ) + (pre[u + 5] - w5)
}

/**
 * The end of the run of code r that starts at bin s, by the real rounding of the centres, from the model's
 * guess t (which may be empty, t ≤ s, or past the end): the first bin after s whose centre is not code r.
 */
function realRunEnd(
  centres: Float64Array,
  scale: number,
  minBound: number,
  maxBound: number,
  r: number,
  s: number,
  guess: number,
): number {
  const n = centres.length
  let t = !(guess > s) ? s + 1 : guess > n ? n : guess
  while (t < n && fakeCode(centres[t] * scale, minBound, maxBound) === r) t++
  while (t - 1 > s && fakeCode(centres[t - 1] * scale, minBound, maxBound) !== r) t--
  return t
}

/**
 * One candidate's error from runs of bins that round to the same code: the centres are sorted, so the code
 * is non-decreasing in k, and each run's end is found from the model ĉ_k (where (r + ½)/scale falls) and
 * checked against the real rounding of the neighbouring centres, so the runs are exactly the plain sweep's.
 * About 2·levels rounding checks per candidate instead of one per bin. It takes plain numbers and arrays, not
 * the setup objects: V8 compiled the object form two ways from run to run, one of them twice as slow (the
 * benchmark's sweep took 3 or 6.5 ms at random).
 */
function segmentError(
  centres: Float64Array,
  pre: Float64Array,
  c0: number,
  delta: number,
  tol: number,
  maxGap: number,
  maxBound: number,
  minBound: number,
  amax: number,
): number {
  const scale = maxBound / amax
  // no gap between neighbouring centres as wide as a code step (by a margin): neighbours differ by at most one
  // code, so the runs are the codes in order. Every candidate past bin ~128 of pytorch-quantization's sweep.
  if (maxGap * scale < 0.999) {
    const e = narrowSegmentError(centres, pre, c0, delta, tol, maxBound, minBound, amax)
    if (e >= 0) return e
  }
  const n = centres.length
  // x = ((r + ½)/scale − c0)/Δ as one multiply-add (x only picks the bin; the guard below absorbs the last-bit
  // difference from the division)
  const kx = 1 / (scale * delta)
  const x0 = c0 / delta
  let sum = 0
  let s = 0
  // the run's start row of the prefix sums (PRE·s), held in locals: a run's end row is the next run's start
  let w0 = pre[0]
  let w1 = pre[1]
  let w2 = pre[2]
  let w3 = pre[3]
  let w4 = pre[4]
  let w5 = pre[5]
  let r = fakeCode(centres[0] * scale, minBound, maxBound)
  for (;;) {
    // The run of code r ends at the first centre at or past (r + ½)/scale. On the model that is bin
    // ⌈x⌉ with x = ((r + ½)/scale − c0)/Δ; only when a centre lies within a hair of the boundary (x within
    // tol of an integer) can the model and the real rounding disagree, and then the real rounding decides.
    let t = n
    if (r !== maxBound) {
      const x = (r + 0.5) * kx - x0
      t = Math.ceil(x)
      if (t - x < tol || x - (t - 1) < tol || !(t > s) || t > n) {
        t = realRunEnd(centres, scale, minBound, maxBound, r, s, t)
      }
    }
    const u = PRE * t
    const v0 = pre[u]
    const W = v0 - w0
    if (W !== 0) {
      // the code's value r/scale exactly as the reference computes it, taken relative to c0
      sum += runSum(pre, u, w1, w2, w3, w4, w5, W, s, r / scale - c0 - s * delta, delta)
      w0 = v0
      w1 = pre[u + 1]
      w2 = pre[u + 2]
      w3 = pre[u + 3]
      w4 = pre[u + 4]
      w5 = pre[u + 5]
    }
    if (t >= n) break
    s = t
    // wider gaps may skip codes: the next run's code is the next centre's
    r = fakeCode(centres[t] * scale, minBound, maxBound)
  }
  return Math.max(0, sum)
}

/**
 * segmentError where neighbouring centres are less than a code step apart: the run of code r is followed by
 * the run of r + 1, so the codes are a counted loop up to maxBound, with the clamped run [s, n) after it, and x
 * (the model's end of run r, in bins) grows by kx per code. A third faster than the general loop on the
 * benchmark's histogram: the loop has one exit test and no code lookup, and x is one addition away from the
 * previous one. The sum drifts from the product (r + ½)·kx − x0 by at most an ulp of |x| per code: where that
 * could reach 1e-8 (codes × |x| past 4.5·10⁷, e.g. 16-bit codes on more than ~700 bins; 8-bit codes on 2048
 * bins come to 5·10⁵), it returns −1 and the general loop, which takes the product, decides.
 */
function narrowSegmentError(
  centres: Float64Array,
  pre: Float64Array,
  c0: number,
  delta: number,
  tol: number,
  maxBound: number,
  minBound: number,
  amax: number,
): number {
  const n = centres.length
  const scale = maxBound / amax
  const kx = 1 / (scale * delta)
  let sum = 0
  let s = 0
  let w0 = pre[0]
  let w1 = pre[1]
  let w2 = pre[2]
  let w3 = pre[3]
  let w4 = pre[4]
  let w5 = pre[5]
  let r = fakeCode(centres[0] * scale, minBound, maxBound)
  const x0 = c0 / delta
  let x = (r + 0.5) * kx - x0
  const reach = Math.max(Math.abs(x), Math.abs((maxBound - 0.5) * kx - x0))
  if ((maxBound - r + 1) * reach * Number.EPSILON > 1e-8) return -1
  const hi = 1 - tol
  for (; r < maxBound; r++, x += kx) {
    // as in segmentError: the model's end ⌈x⌉, checked against the real rounding near a bin boundary
    let t = Math.ceil(x)
    const f = t - x
    if (!(f >= tol && f <= hi && t > s && t <= n)) {
      t = realRunEnd(centres, scale, minBound, maxBound, r, s, t)
    }
    const u = PRE * t
    const v0 = pre[u]
    const W = v0 - w0
    if (W !== 0) {
      sum += runSum(pre, u, w1, w2, w3, w4, w5, W, s, r / scale - c0 - s * delta, delta)
      w0 = v0
      w1 = pre[u + 1]
      w2 = pre[u + 2]
      w3 = pre[u + 3]
      w4 = pre[u + 4]
      w5 = pre[u + 5]
    }
    if (t >= n) return Math.max(0, sum)
    s = t
  }
  // the run clamped to maxBound: every bin from s on
  const u = PRE * n
  const W = pre[u] - w0
  if (W !== 0) sum += runSum(pre, u, w1, w2, w3, w4, w5, W, s, maxBound / scale - c0 - s * delta, delta)
  return Math.max(0, sum)
}

/**
 * For mseThreshold: amax ↦ a lower bound on the candidate's error (the mean over all bins, as the error is):
 * the clipping error of the bins that are surely clamped to amax, less a margin for the rounding of the
 * suffix-sum form. Candidates are asked from the largest amax down, so the first clamped bin moves one way.
 */
function clipBounds(st: MseSetup): (amax: number) => number {
  const { xs, ws, maxBound } = st
  const k = xs.length
  // suffix sums over the non-empty bins (sorted centres): Σw, Σw·c, Σw·c²
  const s0 = kept(8, k + 1)
  const s1 = kept(9, k + 1)
  const s2 = kept(10, k + 1)
  s0[k] = s1[k] = s2[k] = 0
  for (let j = k - 1; j >= 0; j--) {
    s0[j] = s0[j + 1] + ws[j]
    s1[j] = s1[j + 1] + ws[j] * xs[j]
    s2[j] = s2[j + 1] + ws[j] * xs[j] * xs[j]
  }
  const past = 1 + 0.5 / maxBound
  let j = k
  return (amax: number) => {
    // the first bin whose centre is clamped for sure: x·scale ≥ maxBound + ½ with a relative margin
    const edge = amax * past * (1 + 1e-9)
    while (j > 0 && xs[j - 1] >= edge) j--
    while (j < k && xs[j] < edge) j++
    const a0 = s0[j]
    const a1 = s1[j]
    const a2 = s2[j]
    // Σ w·(c − amax)² = Σw·c² − 2·amax·Σw·c + amax²·Σw, which cancels: the margin is far above its rounding
    const sum = a2 - 2 * amax * a1 + amax * amax * a0
    const margin = 1e-10 * (a2 + 2 * amax * a1 + amax * amax * a0)
    return (sum - margin) / st.n
  }
}

/**
 * mseCalibrate(h, opts).threshold without the whole curve, for callers that need only the threshold (the Lab's
 * per-channel view calibrates every row). A candidate's error is at least its clipping error alone: every bin
 * whose centre lies past amax·(1 + ½/maxBound) is clamped to amax, and Σ w·(c − amax)² over those bins comes from
 * suffix sums. Candidates whose bound (less a margin for its own rounding) exceeds the best error so far plus the
 * sweep's recompute band cannot be the choice, nor within the band of it, so they are skipped; every other
 * candidate is evaluated exactly as mseCalibrate evaluates it, and the choice follows the same rule. The
 * result equals mseCalibrate's threshold (tested on random histograms); at 8 bits about half the candidates
 * of a bell-shaped histogram are skipped.
 */
export function mseThreshold(h: HistogramLike, opts: MseOptions = {}): number {
  return mseSweep(h, opts, 'mseThreshold', true, true).threshold
}

function mseSweep(
  h: HistogramLike,
  opts: MseOptions,
  fn: string,
  fast: boolean,
  thresholdOnly = false,
): CurveResult {
  const total = assertHistogram(h, `${fn}: h`)
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object`)
  const numBits = opts.numBits ?? 8
  assertInteger(numBits, `${fn}: numBits`, 1, 16)
  const unsigned = opts.unsigned ?? false
  if (typeof unsigned !== 'boolean') throw new TypeError(`${fn}: unsigned must be a boolean`)
  const startBin = opts.startBin ?? 128
  assertInteger(startBin, `${fn}: startBin`, 0, 1 << 22)
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
  // every candidate's error is a count-weighted sum of squared differences of values up to the outer edges:
  // edges beyond √(max double / (4·total)) would make it ∞ (and ∞ − ∞ = NaN), so such a histogram is refused
  const reach = Math.max(Math.abs(h.edges[0]), Math.abs(h.edges[n]))
  if (!(reach <= Math.sqrt(Number.MAX_VALUE / (4 * total))))
    throw new RangeError(
      `${fn}: edges up to ${reach}: the squared errors overflow float64 (scale the data down)`,
    )
  const centres = binCentres(h.edges)
  const maxBound = 2 ** (numBits - 1 + (unsigned ? 1 : 0)) - 1
  const minBound = unsigned ? 0 : -maxBound
  const fallback = startBin > n - 1
  const first = fallback ? n - 1 : startBin
  const m = n - first
  // only non-empty bins contribute to the sum
  // the non-empty bins' centres and counts, in kept arrays (views of their first `used` entries)
  const xsAll = kept(6, n)
  const wsAll = kept(7, n)
  let used = 0
  for (let k = 0; k < n; k++) {
    if (h.counts[k] !== 0) {
      xsAll[used] = centres[k]
      wsAll[used++] = h.counts[k]
    }
  }
  const st: MseSetup = {
    centres,
    counts: h.counts,
    xs: xsAll.subarray(0, used),
    ws: wsAll.subarray(0, used),
    maxBound,
    minBound,
    n,
  }
  // the segment form pays off when a candidate has far fewer code runs than non-empty bins
  const g = fast && st.xs.length > 4 * (maxBound - minBound + 1) ? segmentSums(st) : null
  const values = new Float64Array(m)
  const thresholds = new Float64Array(m)
  const candidates = new Int32Array(m)
  // the largest possible error (every value quantized to 0), for the recompute band below
  let worst = 0
  for (let k = 0; k < st.xs.length; k++) worst += st.xs[k] * st.xs[k] * st.ws[k]
  const bandOf = (min: number) => 1e-9 * min + 1e-13 * (worst / n)
  const skip = thresholdOnly && g !== null ? clipBounds(st) : null
  let lowest = Infinity
  for (let c = m - 1; c >= 0; c--) {
    const i = first + c
    const amax = centres[i]
    candidates[c] = i
    thresholds[c] = amax
    if (skip && amax > EPSILON_AMAX && skip(amax) > lowest + bandOf(lowest)) {
      // (mseThreshold) cannot be chosen: its error is above the final minimum's band
      values[c] = Infinity
      continue
    }
    values[c] =
      g !== null && amax > EPSILON_AMAX
        ? segmentError(centres, g.pre, g.c0, g.delta, g.tol, g.maxGap, maxBound, minBound, amax) / n
        : plainError(st, amax)
    if (values[c] < lowest) lowest = values[c]
  }
  if (g !== null) {
    // the first minimum wins: candidates within a hair of it are recomputed the plain way, so the choice
    // (and its value) are exactly the plain sweep's
    let min = Infinity
    for (let c = 0; c < m; c++) if (values[c] < min) min = values[c]
    // relative 1e-9, and an absolute floor at 1e-13 of the largest possible error (every value quantized to
    // 0) for curves that touch 0, where the segment form leaves rounding noise
    const band = bandOf(min)
    for (let c = 0; c < m; c++) if (values[c] <= min + band) values[c] = plainError(st, thresholds[c])
  }
  let best = 0
  for (let c = 1; c < m; c++) if (values[c] < values[best]) best = c
  const out: CurveResult = { threshold: thresholds[best], thresholds, values, best, candidates }
  if (fallback) out.note = 'full-range-fallback'
  return out
}

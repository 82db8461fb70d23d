/**
 * Per-candidate KL computations of the three entropy-calibration variants. Each function evaluates ONE
 * candidate threshold, writes every intermediate array into a workspace and returns the divergence. The
 * pytorch-quantization and TVM sweeps call these functions for every candidate, the KL microscope calls them
 * for one candidate (so both show the very same numbers); the TensorRT fast sweep (entropy.ts) is a closed-form
 * rewrite that is tested against `tensorrtCandidate` to 1e-12.
 *
 * Internal module: not re-exported from index.ts.
 */

/** Scratch arrays shared by the candidate functions (sized for the largest candidate of a sweep). */
export interface KlWorkspace {
  /** P: the kept bins with the outliers folded in (raw counts; float32 values for tvm). */
  p: Float64Array
  /** Q expanded back onto the bins (raw counts). */
  q: Float64Array
  /** Level (merged bin) of each kept bin. */
  levelOf: Int32Array
  /** Level totals. */
  levelSums: Float64Array
  /** Number of non-empty bins per level (the divisor of the expansion). */
  levelNonZero: Float64Array
  /** Normalised P and Q (tvm: after smoothing). */
  pNorm: Float64Array
  qNorm: Float64Array
  /** Each bin's term p·ln(p/q). */
  terms: Float64Array
  /** tvm only: smoothed P and Q, and the "sliced" copy Q is built from. */
  pSmooth: Float64Array
  qSmooth: Float64Array
  sliced: Float64Array
  /** Number of bins of the candidate (i for the |x| variants, 2i + 1 for tvm) and of levels. */
  len: number
  levels: number
  /** Mass folded into P's end bins from outside the candidate range. */
  outliers: number
  /** Whether the tvm candidate writes its per-bin arrays (the microscope) or only computes the value. */
  detail: boolean
  /** tvm: stop after the float32 sums of smoothed P and Q (kept in pSum / qSum; the fast sweep's correction). */
  sumsOnly: boolean
  pSum: number
  qSum: number
}

/**
 * Workspace for candidates of up to `bins` bins and `levels` levels: `into`'s arrays when they are long enough
 * (entropy.ts keeps one for its sweeps; each candidate writes every entry it reads), fresh ones otherwise.
 */
export function makeWorkspace(bins: number, levels: number, into?: KlWorkspace): KlWorkspace {
  const m = Math.max(bins, 1)
  const l = Math.max(levels, 1)
  const arrays =
    into && into.p.length >= m && into.levelSums.length >= l
      ? into
      : {
          p: new Float64Array(m),
          q: new Float64Array(m),
          levelOf: new Int32Array(m),
          levelSums: new Float64Array(l),
          levelNonZero: new Float64Array(l),
          pNorm: new Float64Array(m),
          qNorm: new Float64Array(m),
          terms: new Float64Array(m),
          pSmooth: new Float64Array(m),
          qSmooth: new Float64Array(m),
          sliced: new Float64Array(m),
        }
  const { p, q, levelOf, levelSums, levelNonZero, pNorm, qNorm, terms, pSmooth, qSmooth, sliced } = arrays
  return {
    p,
    q,
    levelOf,
    levelSums,
    levelNonZero,
    pNorm,
    qNorm,
    terms,
    pSmooth,
    qSmooth,
    sliced,
    len: 0,
    levels: l,
    outliers: 0,
    detail: true,
    sumsOnly: false,
    pSum: 0,
    qSum: 0,
  }
}

// ---------------------------------------------------------------------------------------------------------
// TensorRT, slide level ("8-bit Inference with TensorRT", Migacz, GTC 2017, backup slides)
// ---------------------------------------------------------------------------------------------------------

/**
 * One candidate of the slide-level TensorRT algorithm, written the straightforward way (fresh sums, one
 * log per bin): P = counts[0 … i−1] with Σ counts[i …] added to P[i−1]; bin j belongs to level ⌊j·L/i⌋;
 * each level's total of counts[0 … i−1] is spread evenly over its non-empty bins; both normalised;
 * KL = Σ_{p>0} p·ln(p/q), +∞ where q = 0 < p (the last bin when counts[i−1] = 0 but outliers exist).
 * `i` may equal counts.length (the full-range candidate: no outliers).
 */
export function tensorrtCandidate(counts: Float64Array, i: number, levels: number, ws: KlWorkspace): number {
  const n = counts.length
  const { p, q, levelOf, levelSums, levelNonZero, pNorm, qNorm, terms } = ws
  let outliers = 0
  for (let k = i; k < n; k++) outliers += counts[k]
  for (let j = 0; j < i; j++) p[j] = counts[j]
  p[i - 1] += outliers
  levelSums.fill(0, 0, levels)
  levelNonZero.fill(0, 0, levels)
  for (let j = 0; j < i; j++) {
    const lv = Math.floor((j * levels) / i)
    levelOf[j] = lv
    levelSums[lv] += counts[j]
    if (counts[j] !== 0) levelNonZero[lv] += 1
  }
  for (let j = 0; j < i; j++) q[j] = counts[j] !== 0 ? levelSums[levelOf[j]] / levelNonZero[levelOf[j]] : 0
  let sp = 0
  let sq = 0
  for (let j = 0; j < i; j++) {
    sp += p[j]
    sq += q[j]
  }
  let total = 0
  for (let j = 0; j < i; j++) {
    const pn = p[j] / sp
    const qn = sq > 0 ? q[j] / sq : 0
    pNorm[j] = pn
    qNorm[j] = qn
    const t = pn > 0 ? (qn > 0 ? pn * Math.log(pn / qn) : Infinity) : 0
    terms[j] = t
    total += t
  }
  ws.len = i
  ws.levels = levels
  ws.outliers = outliers
  return total
}

// ---------------------------------------------------------------------------------------------------------
// NVIDIA pytorch-quantization, calib/histogram.py `_compute_amax_entropy` (NVIDIA/TensorRT tools/)
// ---------------------------------------------------------------------------------------------------------

/**
 * numpy's pairwise summation of a float64 array (numpy `_core/src/umath/loops_utils.h.src`
 * `pairwise_sum`): plain loop below 8 elements, 8 accumulators up to 128, halves (rounded to a multiple of 8)
 * above. np.sum on a contiguous float64 vector is 0 + this.
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0
    for (let i = 0; i < n; i++) res += a[start + i]
    return res
  }
  if (n <= 128) {
    let r0 = a[start]
    let r1 = a[start + 1]
    let r2 = a[start + 2]
    let r3 = a[start + 3]
    let r4 = a[start + 4]
    let r5 = a[start + 5]
    let r6 = a[start + 6]
    let r7 = a[start + 7]
    const end = n - (n % 8)
    let i = 8
    for (; i < end; i += 8) {
      const b = start + i
      r0 += a[b]
      r1 += a[b + 1]
      r2 += a[b + 2]
      r3 += a[b + 3]
      r4 += a[b + 4]
      r5 += a[b + 5]
      r6 += a[b + 6]
      r7 += a[b + 7]
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7))
    for (; i < n; i++) res += a[start + i]
    return res
  }
  let n2 = Math.floor(n / 2)
  n2 -= n2 % 8
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2)
}

/** scipy.special.rel_entr: x·ln(x/y) for x, y > 0; 0 for x = 0, y ≥ 0; +∞ otherwise; NaN in, NaN out. */
function relEntr(x: number, y: number): number {
  if (x !== x || y !== y) return NaN
  if (x > 0 && y > 0) return x * Math.log(x / y)
  if (x === 0 && y >= 0) return 0
  return Infinity
}

/**
 * One candidate of pytorch-quantization's `_compute_amax_entropy` on `bins` (the caller has already applied
 * the bins[0] = bins[1] replacement on its copy): levels by np.digitize(range(i), np.linspace(0, i, L + 1)) − 1,
 * empty bins excluded, each level's mean over its non-empty bins; P = bins[:i] with Σ bins[i:] added to
 * P[i−1]; value = scipy.stats.entropy(P, Q) (normalises both with np.sum, so 0/0 gives NaN when Q or P sums
 * to 0; +∞ where q = 0 < p). Sums use numpy's pairwise order.
 */
export function pqCandidate(bins: Float64Array, i: number, levels: number, ws: KlWorkspace): number {
  const n = bins.length
  const { p, q, levelOf, levelSums, levelNonZero, pNorm, qNorm, terms } = ws
  // np.linspace(0, i, levels + 1): space[k] = k * step for k < levels, space[levels] = i (> every j < i)
  const step = i / levels
  levelSums.fill(0, 0, levels)
  levelNonZero.fill(0, 0, levels)
  let k = 0
  for (let j = 0; j < i; j++) {
    while (k + 1 < levels && (k + 1) * step <= j) k++
    levelOf[j] = k
    if (bins[j] !== 0) {
      levelSums[k] += bins[j]
      levelNonZero[k] += 1
    }
  }
  // new_density_counts[b] / Counter(b), copied onto the level's non-empty bins
  for (let j = 0; j < i; j++) q[j] = bins[j] !== 0 ? levelSums[levelOf[j]] / levelNonZero[levelOf[j]] : 0
  const outliers = pairwiseSum(bins, i, n - i)
  for (let j = 0; j < i; j++) p[j] = bins[j]
  p[i - 1] += outliers
  const sp = pairwiseSum(p, 0, i)
  const sq = pairwiseSum(q, 0, i)
  for (let j = 0; j < i; j++) {
    const pn = p[j] / sp
    const qn = q[j] / sq
    pNorm[j] = pn
    qNorm[j] = qn
    terms[j] = relEntr(pn, qn)
  }
  ws.len = i
  ws.levels = levels
  ws.outliers = outliers
  return pairwiseSum(terms, 0, i)
}

// ---------------------------------------------------------------------------------------------------------
// TVM relay `src/relay/quantize/calibrate.cc` MinimizeKL (= MXNet C++ calibrate op), float32 arithmetic
// ---------------------------------------------------------------------------------------------------------

const f32 = Math.fround
/** The C++ `const float eps = 0.0001`. */
const EPS_F32 = f32(1e-4)

/** Per-histogram data the TVM candidates share. */
export interface TvmPrepared {
  hist: Float64Array
  /** float32 running sum of hist[0 … j] in C++ order (the `p[0] += hist[j]` loop). */
  prefixF32: Float64Array
  /** exact sums Σ hist[0 … j−1] and Σ hist[j …], and the number of non-zero bins before j. */
  cum: Float64Array
  suffix: Float64Array
  nonZero: Int32Array
  /** every float32 partial sum of the counts is exact (integer total ≤ 2^24) */
  exact: boolean
}

/** Prefix sums for `tvmCandidate` (float32 running sums as the C++ accumulates them, exact integer sums). */
export function prepareTvm(hist: Float64Array, into?: TvmPrepared): TvmPrepared {
  const n = hist.length
  // `into`'s arrays when they are long enough (entropy.ts keeps one for its sweeps): every entry below n + 1 is
  // written here before anything reads it
  const prefixF32 = into && into.prefixF32.length >= n ? into.prefixF32 : new Float64Array(n)
  const cum = into && into.cum.length >= n + 1 ? into.cum : new Float64Array(n + 1)
  const nonZero = into && into.nonZero.length >= n + 1 ? into.nonZero : new Int32Array(n + 1)
  cum[0] = 0
  nonZero[0] = 0
  let acc = 0
  for (let j = 0; j < n; j++) {
    acc = f32(acc + hist[j])
    prefixF32[j] = acc
    cum[j + 1] = cum[j] + hist[j]
    nonZero[j + 1] = nonZero[j] + (hist[j] !== 0 ? 1 : 0)
  }
  const suffix = into && into.suffix.length >= n + 1 ? into.suffix : new Float64Array(n + 1)
  for (let j = 0; j <= n; j++) suffix[j] = cum[n] - cum[j]
  return { hist, prefixF32, cum, suffix, nonZero, exact: cum[n] <= 16777216 }
}

/**
 * One candidate (half-width i, window of 2i + 1 bins around the zero bin n/2) of TVM's `MinimizeKL`, in
 * float32 like the C++:
 * - p[0] = Σ hist[0 … start] (it includes hist[start]), p[k] = hist[start + k], the upper outliers added to
 *   the last entry (float32 running sums in the C++ order);
 * - the "sliced" copy Q is built from has its first entry 0; m = ⌊(2i+1)/L⌋ bins per level, the remainder
 *   joins the last level; level totals are int sums converted to float; each level's total / (its non-zero
 *   sliced bins) is written where p ≠ 0;
 * - P and Q smoothed (`SmoothDistribution`, eps = 1e-4 on raw counts: zeros get eps, the others lose
 *   eps·zeros/nonzeros; it fails on an all-zero vector or when that loss reaches 1);
 * - KL with float32 sums, divisions and logf (`ComputeEntropy`).
 * Returns +∞ when Q cannot be smoothed, and 0 when P cannot (the C++ then sums over no bins).
 * Level totals and non-zero counts come from prefix sums (exact integers, as the C++ int sums); the per-bin
 * work is one pass to smooth and sum, one to normalise and take the logs.
 */
export function tvmCandidate(prep: TvmPrepared, i: number, levels: number, ws: KlWorkspace): number {
  const { hist, prefixF32, cum, suffix, nonZero } = prep
  const n = hist.length
  const zero = n >> 1
  const start = zero - i
  const stop = zero + i + 1
  const len = stop - start
  const last = len - 1
  const { p, q, sliced, levelOf, levelSums, levelNonZero, pSmooth, qSmooth, pNorm, qNorm, terms } = ws
  // P's two end entries (for a one-bin window they are the same entry)
  let p0 = prefixF32[start]
  let pEnd = len === 1 ? p0 : f32(hist[stop - 1])
  if (prep.exact) pEnd += suffix[stop]
  else for (let j = stop; j < n; j++) pEnd = f32(pEnd + hist[j])
  if (len === 1) p0 = pEnd
  // levels: totals, non-zero sliced bins (norm) and non-zero P bins, from prefix sums
  const m = Math.floor(len / levels)
  const hStart = hist[start]
  let pNonZero = 0
  let qNonZero = 0
  for (let j = 0; j < levels; j++) {
    const a = j * m
    const b = j === levels - 1 ? len : a + m
    // Σ sliced[a … a+m−1] (sliced[0] = 0), converted to float; the last level adds the remainder
    let sum = f32(cum[start + a + m] - cum[start + a] - (a === 0 && m > 0 ? hStart : 0))
    if (j === levels - 1) {
      const r = levels * m
      sum = f32(sum + f32(cum[stop] - cum[start + r] - (r === 0 ? hStart : 0)))
    }
    levelSums[j] = sum
    let norm = nonZero[start + b] - nonZero[start + a]
    let pnz = norm
    if (a === 0 && b > 0) {
      // sliced[0] is 0 while P[0] is the whole lower tail
      if (hStart !== 0) norm--
      pnz = norm + (p0 !== 0 ? 1 : 0)
    }
    if (b === len && last > 0) pnz += (pEnd !== 0 ? 1 : 0) - (hist[stop - 1] !== 0 ? 1 : 0)
    levelNonZero[j] = norm
    pNonZero += pnz
    if (norm > 0) qNonZero += pnz
  }
  ws.len = len
  ws.levels = levels
  ws.outliers = cum[start] + suffix[stop]
  // SmoothDistribution's eps1 = eps·zeros/nonzeros (float32); it fails when nonzeros = 0 or eps1 ≥ 1
  const eps1p = pNonZero > 0 ? f32(f32(EPS_F32 * (len - pNonZero)) / pNonZero) : 1
  const eps1q = qNonZero > 0 ? f32(f32(EPS_F32 * (len - qNonZero)) / qNonZero) : 1
  const okP = eps1p < 1
  const okQ = eps1q < 1
  if (!ws.detail && !(okP && okQ)) return okQ ? 0 : Infinity
  if (ws.sumsOnly && okP && okQ) {
    tvmSums(prep, start, len, levels, m, p0, pEnd, eps1p, eps1q, ws)
    return NaN
  }
  // pass 1: P, Q, their smoothed values and float32 sums (k ascending, as std::accumulate)
  let pSum = 0
  let qSum = 0
  const detail = ws.detail
  for (let j = 0; j < levels; j++) {
    const a = j * m
    const b = j === levels - 1 ? len : a + m
    const norm = levelNonZero[j]
    const v = norm > 0 ? f32(levelSums[j] / norm) : 0
    const qs1 = v === 0 ? EPS_F32 : f32(v - eps1q) // smoothed Q of a bin with p ≠ 0
    // the window's two end entries of P are sums, the others single counts
    const kFrom = a === 0 ? 1 : a
    const kTo = b === len ? last : b
    if (a === 0 && b > 0) {
      const pk = p0
      const ps = pk === 0 ? EPS_F32 : f32(pk - eps1p)
      const qs = pk === 0 || norm === 0 ? EPS_F32 : qs1
      pSum = f32(pSum + ps)
      qSum = f32(qSum + qs)
      pSmooth[0] = ps
      qSmooth[0] = qs
      if (detail) {
        p[0] = pk
        q[0] = pk === 0 || norm === 0 ? 0 : v
      }
    }
    for (let k = kFrom; k < kTo; k++) {
      const pk = f32(hist[start + k])
      const ps = pk === 0 ? EPS_F32 : f32(pk - eps1p)
      const qs = pk === 0 || norm === 0 ? EPS_F32 : qs1
      pSum = f32(pSum + ps)
      qSum = f32(qSum + qs)
      pSmooth[k] = ps
      qSmooth[k] = qs
    }
    if (b === len && last > 0) {
      const pk = pEnd
      const ps = pk === 0 ? EPS_F32 : f32(pk - eps1p)
      const qs = pk === 0 || norm === 0 ? EPS_F32 : qs1
      pSum = f32(pSum + ps)
      qSum = f32(qSum + qs)
      pSmooth[last] = ps
      qSmooth[last] = qs
      if (detail) {
        p[last] = pk
        q[last] = pk === 0 || norm === 0 ? 0 : v
      }
    }
    if (detail) {
      for (let k = kFrom; k < kTo; k++) {
        const pk = f32(hist[start + k])
        p[k] = pk
        q[k] = pk === 0 || norm === 0 ? 0 : v
      }
      for (let k = a; k < b; k++) {
        sliced[k] = k === 0 ? 0 : hist[start + k]
        levelOf[k] = j
      }
    }
  }
  ws.pSum = pSum
  ws.qSum = qSum
  if (ws.sumsOnly) return NaN
  if (!okQ || !okP) {
    pNorm.fill(0, 0, len)
    qNorm.fill(0, 0, len)
    terms.fill(0, 0, len)
    if (!okP) pSmooth.fill(0, 0, len)
    if (!okQ) qSmooth.fill(0, 0, len)
    return okQ ? 0 : Infinity
  }
  // pass 2: ComputeEntropy
  let ret = 0
  let lastPn = -1
  let lastQn = -1
  let lastT = 0
  for (let k = 0; k < len; k++) {
    const pn = f32(pSmooth[k] / pSum)
    const qn = f32(qSmooth[k] / qSum)
    let t = 0
    if (pn !== 0 && qn !== 0) {
      // the same (p, q) pair as the previous bin (e.g. a run of empty bins) gives the same term
      if (pn === lastPn && qn === lastQn) t = lastT
      else {
        t = f32(pn * f32(Math.log(f32(pn / qn))))
        lastPn = pn
        lastQn = qn
        lastT = t
      }
      ret = f32(ret + t)
    }
    if (detail) {
      pNorm[k] = pn
      qNorm[k] = qn
      terms[k] = t
    }
  }
  return ret
}

/**
 * `tvmCandidate`'s pass 1 reduced to the two float32 sums of smoothed P and Q (same order, same roundings,
 * no arrays written): what the fast sweep needs to correct its float64 value near the minimum.
 */
function tvmSums(
  prep: TvmPrepared,
  start: number,
  len: number,
  levels: number,
  m: number,
  p0: number,
  pEnd: number,
  eps1p: number,
  eps1q: number,
  ws: KlWorkspace,
): void {
  const { hist } = prep
  const { levelSums, levelNonZero } = ws
  const last = len - 1
  let pSum = 0
  let qSum = 0
  for (let j = 0; j < levels; j++) {
    const a = j * m
    const b = j === levels - 1 ? len : a + m
    const norm = levelNonZero[j]
    const v = norm > 0 ? f32(levelSums[j] / norm) : 0
    const qs1 = norm === 0 ? EPS_F32 : v === 0 ? EPS_F32 : f32(v - eps1q)
    const kFrom = a === 0 ? 1 : a
    const kTo = b === len ? last : b
    if (a === 0 && b > 0) {
      pSum = f32(pSum + (p0 === 0 ? EPS_F32 : f32(p0 - eps1p)))
      qSum = f32(qSum + (p0 === 0 ? EPS_F32 : qs1))
    }
    for (let k = kFrom; k < kTo; k++) {
      const pk = hist[start + k]
      if (pk === 0) {
        pSum = f32(pSum + EPS_F32)
        qSum = f32(qSum + EPS_F32)
      } else {
        pSum = f32(pSum + f32(pk - eps1p))
        qSum = f32(qSum + qs1)
      }
    }
    if (b === len && last > 0) {
      pSum = f32(pSum + (pEnd === 0 ? EPS_F32 : f32(pEnd - eps1p)))
      qSum = f32(qSum + (pEnd === 0 ? EPS_F32 : qs1))
    }
  }
  ws.pSum = pSum
  ws.qSum = qSum
}

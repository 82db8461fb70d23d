/**
 * Fast sweep of TVM's `MinimizeKL` (apache/tvm `src/relay/quantize/calibrate.cc`, as `tvmCandidate` in
 * klCandidates.ts) over every half-width i of the signed odd-bin histogram.
 *
 * Why it can be fast: after SmoothDistribution every bin's smoothed value is one of a few closed forms —
 * ps = c − δp for a non-zero count c (δp = eps·zerosP/nonzerosP), eps for an empty bin; qs = v − δq on the
 * non-empty P bins of a level whose mean over its non-empty sliced bins is v, eps elsewhere — so with
 * pSum = Σ ps and qSum = Σ qs,
 *   KL = Σ (ps/pSum)·ln((ps/pSum)/(qs/qSum)) = (1/pSum)·[Σ ps·ln ps − Σ ps·ln qs] + ln(qSum/pSum).
 * - Σ ps·ln ps over the window's interior: f(x) = x·ln x summed over (c − δp) from per-count tallies
 *   (prefix counts of each count 1 … SMALL) and, for counts c > SMALL, the series
 *   f(c − δ) = f(c) − δ(ln c + 1) + Σ_{k≥2} δ^k / (k(k−1)·c^{k−1}) (δ < 1, so with c > 16 six terms leave
 *   < 1e-9 per bin) from prefix sums of f(c), ln c and c^{−1…−5}; when δp ≤ 0.01 the series serves the small
 *   counts too (prefix sums over every non-zero count), so such a candidate takes no logarithm there;
 * - Σ ps·ln qs per level: ln(v − δq) times the level's P mass minus δp per non-empty bin, plus ln eps
 *   times the rest; the two end levels directly, the interior ones (all m bins wide, starting at
 *   zero − i + j·m) from stride-m prefix chains of M·ln v, n·ln v, n²/M, n³/M², n⁴/M³ with
 *   ln(v − δq) = ln v − δq/v − δq²/2v² − δq³/3v³ (v ≥ 1, used while δq ≤ 0.01; one log per level otherwise);
 * so each candidate costs O(levels) in float64 instead of O(bins) in float32.
 *
 * The float64 value differs from the float32 C++ one by the float32 rounding, mostly through the relative
 * error of the float32 sums pSum and qSum (it shifts the KL by about δpSum − δqSum whatever the KL): observed
 * ≲ 4e-5 absolute on 8001-bin histograms of 10⁶ values. So the choice is refined in two stages:
 * 1. the candidates within `tvmBand` of the approximate minimum, nearest it first, get the C++'s float32 sums
 *    (one pass of float32 additions, no logs: `tvmCandidate` with `sumsOnly`) and their values re-normalised
 *    with them, which leaves ≲ 3e-5 relative + 1e-7 absolute (observed); it stops at the first candidate that
 *    can no longer reach stage 2 (the rest keep their float64 approximation);
 * 2. every candidate within `tvmBand2` of that corrected minimum is recomputed exactly by `tvmCandidate`.
 * Each stage checks that the values it replaces moved by well under its band (half, a quarter); otherwise the
 * whole sweep falls back to the plain one. Below 255 levels stage 1's band is wider and has no early stop (see
 * tvmSweepFast). The chosen candidate, its threshold and its value are the plain sweep's; the other values are
 * within 5e-5 + 1e-4·|value| of it on the tests' histograms (tests/unit/fastSweeps.test.ts). Where every bin
 * holds the same count the C++'s float32 sums of identical terms round one way, and values far from the
 * minimum were seen up to 2e-4·|value| off.
 */
import { lnCount, smallIntegerLogs } from './intLogs'
import { tvmCandidate, type KlWorkspace, type TvmPrepared } from './klCandidates'

const f32 = Math.fround
const EPS = f32(1e-4)
const LN_EPS = Math.log(EPS)
/** Counts up to SMALL are tallied exactly; larger ones use the series in δ. */
const SMALL = 16
const SERIES = 5 // powers c^{-1} … c^{-5} (k = 2 … 6)

function xlnx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0
}

/**
 * Band around the approximate minimum whose candidates are recomputed exactly. The float32 C++ value is off
 * its float64 counterpart mostly through the relative rounding of the float32 sums pSum and qSum (their
 * difference shifts the KL by about δpSum − δqSum, whatever the KL), observed ≤ 1e-5 absolute on 8001-bin
 * histograms; the band is 5× that, and `tvmSweepFast` checks the observed discrepancy stays under band/4.
 */
export function tvmBand(min: number): number {
  return 5e-5 + 1e-3 * Math.abs(min)
}

/** Band after the float32-sum correction (residual observed ≤ 3e-6 at values ~0.1, ≤ 1e-7 below 1e-3). */
export function tvmBand2(min: number): number {
  return 1e-6 + 2e-4 * Math.abs(min)
}

interface Tables {
  /** tally[c·(n+1) + j]: bins with count c among hist[0 … j−1], c = 1 … SMALL */
  tally: Int32Array
  /** prefix sums over counts > SMALL: number, Σ c·ln c, Σ ln c, Σ c^{−k} (k = 1 … SERIES) */
  bigN: Int32Array
  bigF: Float64Array
  bigL: Float64Array
  bigR: Float64Array[]
  /** the same four over every non-zero count (small ones too): the series serves them all when δp is small */
  allN: Int32Array
  allF: Float64Array
  allL: Float64Array
  allR: Float64Array[]
}

/** Largest δp for which the series in δ also serves the small counts (c ≥ 1: the first term left out,
 *  δ⁷/(42·c⁶), is below 3e-16 per bin), so a candidate's Σ ps·ln ps takes no logarithm at all. */
const DP_SERIES = 0.01

/*
 * The tables and chains are kept between sweeps and grow only. Every entry a sweep reads it has written first
 * (the prefix sums from their entry 0, set here; the chains from their first entry), so what a larger earlier
 * histogram left behind is never read. Why: fresh, they were ~6 MB of new memory per 8001-bin sweep (a chain
 * per level width, each longer than the last), and in Chromium the first write to each 4 KB page of new memory
 * costs ~20 µs on this project's VMs: ~30 ms of a sweep's ~40 ms on a 10 000-value row, so the per-channel
 * view of a 2-D tensor (a sweep per row) took a minute for 1000 rows.
 */
const kept = { i32: new Map<string, Int32Array>(), f64: new Map<string, Float64Array>() }

function keptI32(key: string, size: number): Int32Array {
  let a = kept.i32.get(key)
  if (!a || a.length < size) kept.i32.set(key, (a = new Int32Array(size)))
  return a
}

function keptF64(key: string, size: number): Float64Array {
  let a = kept.f64.get(key)
  if (!a || a.length < size) kept.f64.set(key, (a = new Float64Array(size)))
  return a
}

function buildTables(hist: Float64Array): Tables {
  const n = hist.length
  const w = n + 1
  const tally = keptI32('tally', (SMALL + 1) * w)
  const bigN = keptI32('bigN', w)
  const bigF = keptF64('bigF', w)
  const bigL = keptF64('bigL', w)
  const bigR = Array.from({ length: SERIES }, (_, k) => keptF64(`bigR${k}`, w))
  const allN = keptI32('allN', w)
  const allF = keptF64('allF', w)
  const allL = keptF64('allL', w)
  const allR = Array.from({ length: SERIES }, (_, k) => keptF64(`allR${k}`, w))
  // the prefix sums start from 0 (the rest is written before it is read)
  for (let c = 1; c <= SMALL; c++) tally[c * w] = 0
  bigN[0] = allN[0] = 0
  bigF[0] = bigL[0] = allF[0] = allL[0] = 0
  for (let k = 0; k < SERIES; k++) bigR[k][0] = allR[k][0] = 0
  for (let j = 0; j < n; j++) {
    {
      const c = hist[j]
      allN[j + 1] = allN[j]
      allF[j + 1] = allF[j]
      allL[j + 1] = allL[j]
      for (let k = 0; k < SERIES; k++) allR[k][j + 1] = allR[k][j]
      if (c > 0) {
        allN[j + 1]++
        const l = Math.log(c)
        allF[j + 1] += c * l
        allL[j + 1] += l
        let inv = 1
        for (let k = 0; k < SERIES; k++) {
          inv /= c
          allR[k][j + 1] += inv
        }
      }
    }
    for (let c = 1; c <= SMALL; c++) tally[c * w + j + 1] = tally[c * w + j]
    const c = hist[j]
    bigN[j + 1] = bigN[j]
    bigF[j + 1] = bigF[j]
    bigL[j + 1] = bigL[j]
    for (let k = 0; k < SERIES; k++) bigR[k][j + 1] = bigR[k][j]
    if (c >= 1 && c <= SMALL) tally[c * w + j + 1]++
    else if (c > SMALL) {
      bigN[j + 1]++
      const l = Math.log(c)
      bigF[j + 1] += c * l
      bigL[j + 1] += l
      let inv = 1
      for (let k = 0; k < SERIES; k++) {
        inv /= c
        bigR[k][j + 1] += inv
      }
    }
  }
  return { tally, bigN, bigF, bigL, bigR, allN, allF, allL, allR }
}

/**
 * Stride-m chains over level starts s: chain[q][s − lo] = g_q(s) + chain[q][s − m − lo], where g_q is a
 * quantity of the level [s, s + m) (mass M = Σ counts, norm n = non-empty bins, mean v = M/n):
 * M·ln v, n·ln v, n²/M, n³/M², n⁴/M³ (0 where n = 0). The interior levels of candidate i (levels 1 … L−2)
 * start at zero − i + j·m, one chain, so their sums are two lookups.
 */
interface Chains {
  m: number
  lo: number
  hi: number
  q: Float64Array[]
}

function buildChains(prep: TvmPrepared, m: number, lo: number, hi: number, old: Chains | null): Chains {
  const size = hi - lo + 1
  const q =
    old !== null && old.q[0].length >= size
      ? old.q
      : Array.from({ length: 5 }, (_, k) => keptF64(`chain${k}`, size))
  const [q0, q1, q2, q3, q4] = q
  const { cum, nonZero } = prep
  const lnInt = smallIntegerLogs()
  for (let s = lo; s <= hi; s++) {
    const k = s - lo
    const M = cum[s + m] - cum[s]
    const nn = nonZero[s + m] - nonZero[s]
    let g0 = 0
    let g1 = 0
    let g2 = 0
    let g3 = 0
    let g4 = 0
    if (nn > 0) {
      // ln v = ln M − ln n from the table of integer logarithms (TVM's counts are integers; 1 ≤ nn ≤ m, far
      // below the table's end), as entropy.ts reads it: a logarithm per window was a large part of a sparse
      // row's sweep (the per-channel view sweeps every row)
      const lv = lnCount(lnInt, M) - lnInt[nn]
      g0 = M * lv
      g1 = nn * lv
      const r = nn / M
      g2 = nn * r
      g3 = g2 * r
      g4 = g3 * r
    }
    if (k >= m) {
      g0 += q0[k - m]
      g1 += q1[k - m]
      g2 += q2[k - m]
      g3 += q3[k - m]
      g4 += q4[k - m]
    }
    q0[k] = g0
    q1[k] = g1
    q2[k] = g2
    q3[k] = g3
    q4[k] = g4
  }
  return { m, lo, hi, q }
}

/** The last approximation's Σ ps·ln ps − Σ ps·ln qs and Σ ps (float64), for the float32-sum correction. */
const parts = { ab: 0, pSum: 0 }

/** Largest δq for the series ln(v − δq) = ln v − δq/v − δq²/2v² − δq³/3v³ (v ≥ 1: error < δq⁴/4 of the mass). */
const DQ_SERIES = 0.01

/**
 * Approximate (float64) divergence of candidate i, or NaN where the closed forms do not apply (the caller then
 * computes it exactly). Infinity / 0 exactly where `tvmCandidate` returns them (Q / P cannot be smoothed):
 * those tests use only integer counts and the same float32 eps1 expressions.
 */
function approxCandidate(prep: TvmPrepared, t: Tables, i: number, levels: number, ch: Chains | null): number {
  const { hist, cum, suffix, nonZero } = prep
  const n = hist.length
  const w = n + 1
  const zero = n >> 1
  const start = zero - i
  const stop = zero + i + 1
  const len = stop - start
  const L = levels
  const m = Math.floor(len / L)
  if (len < 3 || L < 3 || m < 1) return NaN
  const p0 = cum[start + 1]
  const pEnd = hist[stop - 1] + suffix[stop]
  const hStart = hist[start]
  const hEnd = hist[stop - 1]
  // level 0: [0, m), P[0] the lower tail, sliced[0] = 0
  const mass0 = cum[start + m] - cum[start] - hStart + p0
  const sum0 = cum[start + m] - cum[start] - hStart
  const norm0 = nonZero[start + m] - nonZero[start] - (hStart !== 0 ? 1 : 0)
  const pnz0 = norm0 + (p0 !== 0 ? 1 : 0)
  // level L−1: [(L−1)m, len), P's last entry the upper tail
  const aL = (L - 1) * m
  const sumL = cum[stop] - cum[start + aL]
  const massL = sumL - hEnd + pEnd
  const normL = nonZero[stop] - nonZero[start + aL]
  const pnzL = normL + (pEnd !== 0 ? 1 : 0) - (hEnd !== 0 ? 1 : 0)
  // interior levels 1 … L−2: P = sliced = counts, so pnz = norm there
  const nzI = nonZero[start + aL] - nonZero[start + m]
  const massI = cum[start + aL] - cum[start + m]
  const pNonZero = pnz0 + nzI + pnzL
  const qNonZero = (norm0 > 0 ? pnz0 : 0) + nzI + (normL > 0 ? pnzL : 0)
  const eps1p = pNonZero > 0 ? f32(f32(EPS * (len - pNonZero)) / pNonZero) : 1
  const eps1q = qNonZero > 0 ? f32(f32(EPS * (len - qNonZero)) / qNonZero) : 1
  if (!(eps1q < 1)) return Infinity
  if (!(eps1p < 1)) return 0
  const dp = eps1p
  const dq = eps1q
  const epsLnEps = EPS * LN_EPS
  // Σ ps·ln ps: the two ends, then the interior hist[start+1 … stop−2]
  const lo = start + 1
  const hi = stop - 1 // exclusive
  let A = p0 !== 0 ? xlnx(p0 - dp) : epsLnEps
  A += pEnd !== 0 ? xlnx(pEnd - dp) : epsLnEps
  const interiorNz = nonZero[hi] - nonZero[lo]
  A += (hi - lo - interiorNz) * epsLnEps
  if (dp <= DP_SERIES) {
    // every non-zero count through the series: f(c − δ) = f(c) − δ(ln c + 1) + Σ_{k≥2} δ^k / (k(k−1)·c^{k−1})
    const na = t.allN[hi] - t.allN[lo]
    if (na > 0) {
      A += t.allF[hi] - t.allF[lo] - dp * (t.allL[hi] - t.allL[lo] + na)
      let dk = dp
      for (let k = 2; k <= SERIES + 1; k++) {
        dk *= dp
        A += (dk / (k * (k - 1))) * (t.allR[k - 2][hi] - t.allR[k - 2][lo])
      }
    }
  } else {
    for (let c = 1; c <= SMALL; c++) {
      const cnt = t.tally[c * w + hi] - t.tally[c * w + lo]
      if (cnt !== 0) A += cnt * xlnx(c - dp)
    }
  }
  const nb = dp <= DP_SERIES ? 0 : t.bigN[hi] - t.bigN[lo]
  if (nb > 0) {
    A += t.bigF[hi] - t.bigF[lo] - dp * (t.bigL[hi] - t.bigL[lo] + nb)
    let dk = dp
    for (let k = 2; k <= SERIES + 1; k++) {
      dk *= dp
      A += (dk / (k * (k - 1))) * (t.bigR[k - 2][hi] - t.bigR[k - 2][lo])
    }
  }
  // Σ ps·ln qs and qSum: the two end levels directly
  let B = 0
  let qSum = 0
  const endLevel = (sum: number, norm: number, pnz: number, mass: number, width: number) => {
    const psNz = mass - dp * pnz
    const psZ = (width - pnz) * EPS
    const v = norm > 0 ? sum / norm : 0
    if (v > 0) {
      const qs1 = v - dq
      B += Math.log(qs1) * psNz + LN_EPS * psZ
      qSum += qs1 * pnz + EPS * (width - pnz)
    } else {
      B += LN_EPS * (psNz + psZ)
      qSum += EPS * width
    }
  }
  endLevel(sum0, norm0, pnz0, mass0, m)
  endLevel(sumL, normL, pnzL, massL, len - aL)
  // interior: every level has width m, P = sliced, qs = v − δq on its non-empty bins, eps elsewhere
  const zerosI = (L - 2) * m - nzI
  qSum += massI - dq * nzI + EPS * zerosI
  B += LN_EPS * EPS * zerosI
  if (ch !== null && ch.m === m && dq <= DQ_SERIES && start >= ch.lo && start + (L - 2) * m <= ch.hi) {
    const kTop = start + (L - 2) * m - ch.lo
    const kBot = start - ch.lo
    const g = (q: Float64Array) => q[kTop] - q[kBot]
    const [q0, q1, q2, q3, q4] = ch.q
    const s2 = g(q2)
    const s3 = g(q3)
    B +=
      g(q0) -
      dp * g(q1) -
      dq * (nzI - dp * s2) -
      ((dq * dq) / 2) * (s2 - dp * s3) -
      ((dq * dq * dq) / 3) * (s3 - dp * g(q4))
  } else {
    for (let j = 1; j < L - 1; j++) {
      const a = start + j * m
      const M = cum[a + m] - cum[a]
      const nn = nonZero[a + m] - nonZero[a]
      if (nn > 0) B += Math.log(M / nn - dq) * (M - dp * nn)
    }
  }
  const pSum = cum[n] - dp * pNonZero + EPS * (len - pNonZero)
  parts.ab = A - B
  parts.pSum = pSum
  return (A - B) / pSum + Math.log(qSum / pSum)
}

/** Approximations of candidates first … last into out[i − first] (NaN: compute exactly), chains per width m. */
function approxAll(
  prep: TvmPrepared,
  levels: number,
  first: number,
  last: number,
  out: Float64Array,
  ab: Float64Array | null = null,
  ps: Float64Array | null = null,
): void {
  const t = buildTables(prep.hist)
  const zero = prep.hist.length >> 1
  const L = levels
  let ch: Chains | null = null
  let i = first
  while (i <= last) {
    const m = Math.floor((2 * i + 1) / L)
    let iHi = i
    while (iHi + 1 <= last && Math.floor((2 * iHi + 3) / L) === m) iHi++
    if (m >= 1 && L >= 3) ch = buildChains(prep, m, zero - iHi, zero - i + (L - 2) * m, ch)
    for (let k = i; k <= iHi; k++) {
      parts.ab = NaN
      out[k - first] = approxCandidate(prep, t, k, L, m >= 1 && L >= 3 ? ch : null)
      if (ab !== null && ps !== null) {
        ab[k - first] = parts.ab
        ps[k - first] = parts.pSum
      }
    }
    i = iHi + 1
  }
}

/**
 * The divergence of every candidate i = first … last (values[i − first]); the minimum and every candidate near
 * it exactly as `tvmCandidate` computes them, the others to the float32 rounding (see the module comment).
 */
export function tvmSweepFast(
  prep: TvmPrepared,
  levels: number,
  first: number,
  last: number,
  ws: KlWorkspace,
  /** for the tests: `skipFar` false corrects every candidate in stage 1's band; `stats` counts its passes */
  opts: { skipFar?: boolean; stats?: { passes: number } } = {},
): Float64Array {
  const values = new Float64Array(last - first + 1)
  const plain = () => {
    for (let i = first; i <= last; i++) values[i - first] = tvmCandidate(prep, i, levels, ws)
    return values
  }
  const count = last - first + 1
  const ab = new Float64Array(count)
  const ps = new Float64Array(count)
  approxAll(prep, levels, first, last, values, ab, ps)
  let min = Infinity
  for (let i = first; i <= last; i++) {
    let v = values[i - first]
    if (v !== v) v = values[i - first] = tvmCandidate(prep, i, levels, ws)
    if (v < min) min = v
  }
  if (!Number.isFinite(min)) return values // all +∞: exact already
  // stage 1: near the minimum, replace the float64 normalisers by the C++'s float32 sums (one cheap pass, no
  // logs): KL = (Σ ps·ln ps − Σ ps·ln qs)/Ps − (Σ ps/Ps)·ln(Ps/Qs) with Ps, Qs the float32 sums
  // With few levels each level's one float32 value is added to qSum hundreds of times in a row, and the
  // rounding piles up one way: at 15 levels the approximation was seen off by up to 1.3 × tvmBand (a review's
  // random search, 2 Dec 2026; at 255 levels within band/4). The error grows with the bins per level, so the
  // band widens by 255/levels and every candidate in it is corrected (no early stop): a correction that moves
  // a value by more than half the band still falls back to the plain sweep.
  const few = levels < 255
  const band = tvmBand(min) * (few ? 255 / levels : 1)
  // Nearest the minimum first: a correction moves a value by at most band/2, so once a candidate's
  // approximation lies more than band/2 above the lowest corrected value so far plus stage 2's band, neither
  // it nor any later one can reach stage 2 or lower the corrected minimum, and their passes are skipped (on a
  // bell-shaped 8001-bin histogram 360 of the ~470 passes, each over ~6600 bins, that were most of the sweep's
  // time). band2Max bounds stage 2's band whatever the corrected minimum turns out. The bound is checked on
  // every candidate corrected (a larger move falls back to the plain sweep) and assumed for the ones skipped,
  // as it always was for those outside the band: the check no longer covers the band's far part.
  const near: number[] = []
  for (let k = 0; k < count; k++) if (values[k] <= min + band && ab[k] === ab[k]) near.push(k)
  near.sort((a, b) => values[a] - values[b])
  const band2Max = tvmBand2(Math.abs(min) + band)
  let min2 = Infinity
  ws.sumsOnly = true
  for (const k of near) {
    const v = values[k]
    if (v - band / 2 > min2 + band2Max && opts.skipFar !== false && !few) break
    if (opts.stats) opts.stats.passes++
    tvmCandidate(prep, first + k, levels, ws)
    const c = ab[k] / ws.pSum - (ps[k] / ws.pSum) * Math.log(ws.pSum / ws.qSum)
    // the correction moves a value by about the float32 sums' relative error; a larger move means the
    // closed form does not apply here
    if (!(Math.abs(c - v) <= band / 2)) {
      ws.sumsOnly = false
      return plain()
    }
    values[k] = c
    if (c < min2) min2 = c
  }
  ws.sumsOnly = false
  // stage 2: exact float32 values within BAND2 of the corrected minimum
  const band2 = tvmBand2(Math.min(min, min2))
  for (let k = 0; k < count; k++) {
    const v = values[k]
    if (v <= min2 + band2 || !(ab[k] === ab[k])) {
      const e = tvmCandidate(prep, first + k, levels, ws)
      // the approximation must be much closer than the band for the band to hold every possible minimum
      if (!(Math.abs(e - v) <= band2 / 4)) return plain()
      values[k] = e
    }
  }
  return values
}

/** Every candidate's float64 approximation alone (no refinement): for the tests and the bench. */
export function tvmSweepApprox(prep: TvmPrepared, levels: number, first: number, last: number): Float64Array {
  const values = new Float64Array(last - first + 1)
  approxAll(prep, levels, first, last, values)
  return values
}

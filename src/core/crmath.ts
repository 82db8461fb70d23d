/**
 * Correctly rounded (to nearest) `log`, `exp` and `pow` for the random-number distributions.
 *
 * Why: numpy's distributions call the C library's `log`/`exp`/`pow`. glibc's are correctly rounded in all but
 * about 4 of 10 000 calls (measured against Python's decimal module), while V8's `Math.log` (an fdlibm port) is
 * off by one ulp in about 4 % of calls, which made `RandomState.normal` differ from numpy in the last bit for
 * ~2.6 % of draws (now ~0.03 %). These versions compute in double-double arithmetic (about 90 correct bits) and
 * round once, so they are correctly rounded except when the exact value lies within ~2^-90 of a midpoint.
 *
 * Method (textbook, our own code): argument reduction with small tables computed at load time;
 * log: x = 2^k · m, m ∈ [√½, √2), c = round(128·m)/128, log m = log c + 2·atanh((m − c)/(m + c));
 * exp: x = (256q + j)·ln2/256 + r, exp x = 2^q · 2^(j/256) · exp(r) with a Taylor series for |r| ≤ ln2/512.
 * Double-double building blocks: Knuth's TwoSum and Dekker's TwoProduct (splitting by 2^27 + 1).
 */

// Scratch registers for double-double results: R[0] + R[1]. A typed array, because module-level `let` doubles
// would be boxed (one heap allocation per store).
const R = new Float64Array(2)

const SPLIT = 134217729 // 2^27 + 1

/** Dekker TwoProduct: a·b = R[0] + R[1] exactly (barring overflow). */
function twoProd(a: number, b: number): void {
  const p = a * b
  let t = SPLIT * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLIT * b
  const bh = t - (t - b)
  const bl = b - bh
  R[0] = p
  R[1] = al * bl - (p - ah * bh - al * bh - ah * bl)
}

/** (ah + al) + (bh + bl) → R, normalised. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh
  const v = s - ah
  let e = ah - (s - v) + (bh - v)
  e += al + bl
  R[0] = s + e
  R[1] = e - (R[0] - s)
}

/** (ah + al) · (bh + bl) → R, normalised. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh)
  const p = R[0]
  const e = R[1] + (ah * bl + al * bh)
  R[0] = p + e
  R[1] = e - (R[0] - p)
}

/** (ah + al) / (bh + bl) → R: three quotient digits, each from the exact remainder. */
function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh
  ddMul(q1, 0, bh, bl)
  ddAdd(ah, al, -R[0], -R[1])
  const r1h = R[0]
  const r1l = R[1]
  const q2 = r1h / bh
  ddMul(q2, 0, bh, bl)
  ddAdd(r1h, r1l, -R[0], -R[1])
  const q3 = R[0] / bh
  const s = q1 + q2
  const e = q2 - (s - q1)
  ddAdd(s, e, q3, 0)
}

// ln 2 as a double-double (hi = the double nearest ln 2).
const LN2_HI = 0.6931471805599453
const LN2_LO = 2.3190468138462996e-17

// Table: log(i/128) for i = 90 … 182 as double-doubles (covers m ∈ [√½, √2)).
const LOG_T_MIN = 90
const LOG_T_MAX = 182
const LOG_TH = new Float64Array(LOG_T_MAX - LOG_T_MIN + 1)
const LOG_TL = new Float64Array(LOG_T_MAX - LOG_T_MIN + 1)

/** log(c) = 2·atanh(s), s = (c − 1)/(c + 1), summed in double-double (slow, used to build the table). */
function slowLogDD(c: number): void {
  ddDiv(c - 1, 0, c + 1, 0)
  const sh = R[0]
  const sl = R[1]
  ddMul(sh, sl, sh, sl)
  const th = R[0]
  const tl = R[1]
  let ph = sh // current odd power s^(2n+1)
  let pl = sl
  let accH = sh
  let accL = sl
  for (let n = 1; n < 60; n++) {
    ddMul(ph, pl, th, tl)
    ph = R[0]
    pl = R[1]
    ddDiv(ph, pl, 2 * n + 1, 0)
    const termH = R[0]
    const termL = R[1]
    ddAdd(accH, accL, termH, termL)
    accH = R[0]
    accL = R[1]
    if (Math.abs(termH) < Math.abs(accH) * 1e-34) break
  }
  R[0] = 2 * accH
  R[1] = 2 * accL
}

const F64 = new Float64Array(1)
const U32 = new Uint32Array(F64.buffer)
// little-endian hosts (every JS engine in practice): U32[1] holds the sign, exponent and high mantissa bits
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const SQRT2 = Math.SQRT2
const THIRD = 1 / 3
/** POW2[j] = 2^(j − 1023), j = 0 … 2046 (read-only, so the float→bits aliasing above stays cheap). */
const POW2 = new Float64Array(2047)
for (let j = 0; j < 2047; j++) POW2[j] = Math.pow(2, j - 1023)

/**
 * log(x) as a double-double in R, for finite x > 0 given in R[0]. The hot path of the normal sampler, so the
 * TwoProduct/TwoSum steps are written out with locals instead of calling the helpers above, and x comes in
 * through R rather than as an argument: V8 passes a double to a function it does not inline as a heap
 * number, one 16-byte allocation per call (at 10⁷ normal draws, ~300 young-generation collections).
 */
function logDD(): void {
  let x = R[0]
  let k = 0
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984 // 2^54: bring subnormals into the normal range
    k = -54
  }
  F64[0] = x
  const e = (U32[HI] >>> 20) & 0x7ff
  k += e - 1023
  let m = x * POW2[2046 - e] // x · 2^(1023 − e) ∈ [1, 2), exact
  if (m > SQRT2) {
    m *= 0.5
    k += 1
  }
  const i = Math.round(m * 128)
  const c = i / 128
  // s = (m − c)/(m + c): m − c is exact (Sterbenz); m + c via TwoSum
  const d = m - c
  const sum = m + c
  const v = sum - m
  const sumL = m - (sum - v) + (c - v)
  const inv = 1 / sum // one division; the remainder step below corrects q1's extra rounding
  const q1 = d * inv
  // TwoProduct q1·sum
  let t = SPLIT * q1
  let ah = t - (t - q1)
  let al = q1 - ah
  t = SPLIT * sum
  let bh = t - (t - sum)
  let bl = sum - bh
  let p = q1 * sum
  let pe = al * bl - (p - ah * bh - al * bh - ah * bl)
  const q2 = (d - p - pe - q1 * sumL) * inv
  const sh = q1 + q2
  const sl = q2 - (sh - q1)
  // s² = p + pe exactly (TwoProduct sh·sh)
  t = SPLIT * sh
  ah = t - (t - sh)
  al = sh - ah
  p = sh * sh
  pe = al * al - (p - ah * ah - 2 * al * ah)
  // s³ ≈ s3h + s3l (TwoProduct p·sh plus first-order terms)
  t = SPLIT * p
  bh = t - (t - p)
  bl = p - bh
  const s3h = p * sh
  const s3l = bl * al - (s3h - bh * ah - bl * ah - bh * al) + pe * sh + 3 * p * sl
  // s³/3 = d1 + d2
  const d1 = s3h * THIRD
  t = SPLIT * d1
  ah = t - (t - d1)
  al = d1 - ah
  const e3 = d1 * 3
  const e3l = -(e3 - ah * 3 - al * 3) // TwoProduct d1·3 (3 needs no splitting)
  const d2 = (s3h - e3 - e3l + s3l) * THIRD
  // tail s⁵/5 + s⁷/7 + … in double (relative size ≤ 2^-36 of the s-term)
  const tail = s3h * p * (0.2 + p * (1 / 7 + p * (1 / 9 + p * (1 / 11))))
  // A = s + (d1 + d2 + tail), then ×2
  let hiS = sh + d1
  let vv = hiS - sh
  let lo = sh - (hiS - vv) + (d1 - vv) + (sl + d2 + tail)
  let hiA = hiS + lo
  let loA = lo - (hiA - hiS)
  hiA *= 2
  loA *= 2
  if (i !== 128) {
    const th = LOG_TH[i - LOG_T_MIN]
    hiS = th + hiA
    vv = hiS - th
    lo = th - (hiS - vv) + (hiA - vv) + (LOG_TL[i - LOG_T_MIN] + loA)
    hiA = hiS + lo
    loA = lo - (hiA - hiS)
  }
  if (k !== 0) {
    // k·ln2: k has at most 11 bits and LN2_HI splits into 26+27 bits, so use TwoProduct
    twoProd(k, LN2_HI)
    const kh = R[0]
    const kl = R[1] + k * LN2_LO
    hiS = kh + hiA
    vv = hiS - kh
    lo = kh - (hiS - vv) + (hiA - vv) + (kl + loA)
    hiA = hiS + lo
    loA = lo - (hiA - hiS)
  }
  R[0] = hiA
  R[1] = loA
}

// The fast path's tables: INV[i] ≈ 128/i with at most 11 significant bits (so m·INV[i] splits exactly), and
// log(1/INV[i]) as double-doubles, for i = 90 … 182 (built by initTables).
const INV = new Float64Array(LOG_T_MAX - LOG_T_MIN + 1)
const LOG_INV_H = new Float64Array(LOG_T_MAX - LOG_T_MIN + 1)
const LOG_INV_L = new Float64Array(LOG_T_MAX - LOG_T_MIN + 1)
// ln 2 = LN2_A + LN2_B (+ < 2^-95): LN2_A has 42 significant bits, so k·LN2_A is exact for |k| < 2^11
const LN2_A = Math.round(LN2_HI * 2 ** 42) / 2 ** 42
const LN2_B = LN2_HI - LN2_A + LN2_LO
/**
 * The fast path's error bound relative to its result: 8 times the bound worked out for logApprox, and ~170
 * times the largest error measured against logDD on millions of arguments (2^-68.4, in bucket 127; a unit test
 * keeps it below FAST_EPS/8).
 */
export const FAST_EPS = 2 ** -61

/**
 * crLog's fast path, after Ziv's strategy for correctly rounded functions (J.-M. Muller et al., Handbook of
 * Floating-Point Arithmetic, "Ziv's rounding test"): a cheaper approximation S2 + low with a known error bound
 * comes first, and logFast returns it only when every value within the bound rounds to the same double; the
 * rest (about 0.6 % of calls on uniform arguments) go to logDD. Where the fast path answers, the exact log is
 * more than 2^-61 (relative) from a rounding midpoint, so logDD's own result (error ~2^-90) rounds the same way:
 * crLog returns exactly what logDD alone returned. In Node a call takes ~28 ns instead of logDD's ~45, and a
 * 10⁷-value normal tensor ~350 ms instead of ~410.
 *
 * The approximation: x = 2^k·m, m ∈ [√½, √2); r = m·INV[i] − 1 with |r| < 2^-7.4, computed exactly as rh + rl
 * without a division (INV[i] has at most 11 bits, so Dekker's halves of m times INV[i] are exact products, and
 * p0 − 1 is exact by Sterbenz); log x = k·ln2 + log(1/INV[i]) + log1p(r), with log1p(r) = r − r²/2 +
 * r³·(1/3 − r/4 + … − r⁷/10), r² exact (TwoProduct) and the rest in double. Its error is below 2^-66·|r|: the
 * roundings of the small terms (~2^-67 each), the truncation (below 2^-78), the table (2^-106 absolute) and
 * ln 2's split (2^-102 per unit of k). |r| ≤ 1.01·|log x| in every bucket (|log x| > 0.0038 outside the bucket
 * of 1), so the error is below 2^-64·|S2|. Takes x (a positive normal double) in R[0], like logDD, and leaves
 * S2 in R[0] and low in R[1].
 */
function logApprox(): void {
  const x = R[0]
  F64[0] = x
  const e = (U32[HI] >>> 20) & 0x7ff
  let k = e - 1023
  let m = x * POW2[2046 - e]
  if (m > SQRT2) {
    m *= 0.5
    k += 1
  }
  const j = Math.round(m * 128) - LOG_T_MIN
  const inv = INV[j]
  // m·inv = p0 + e0 exactly (Dekker, inv needing no split); p0 − 1 is exact (Sterbenz)
  const p0 = m * inv
  let t = SPLIT * m
  const mh = t - (t - m)
  const ml = m - mh
  const e0 = -(p0 - mh * inv - ml * inv)
  const a = p0 - 1
  const rh = a + e0
  const rl = e0 - (rh - a) // |a| ≥ |e0| unless a = 0: Fast2Sum
  // rh² = sq + sqe exactly
  t = SPLIT * rh
  const h = t - (t - rh)
  const l = rh - h
  const sq = rh * rh
  const sqe = l * l - (sq - h * h - 2 * h * l)
  // r³·(1/3 − r/4 + r²/5 − … − r⁷/10) by Estrin's scheme: pairs of terms side by side, a short dependency chain
  const r4 = sq * sq
  const q =
    rh *
    sq *
    (THIRD - 0.25 * rh + sq * (0.2 - rh * (1 / 6)) + r4 * (1 / 7 - 0.125 * rh + sq * (1 / 9 - 0.1 * rh)))
  // log1p(r) = s1 + lo: rh − sq/2 by Fast2Sum, then the small terms
  const half = -0.5 * sq
  const s1 = rh + half
  const lo = rh - s1 + half + (rl - 0.5 * sqe - rh * rl + q)
  // k·ln2 + log(1/inv) + s1 by two TwoSums (both exact, also when k or the table's entry is 0), the low parts
  // added last
  const kA = k * LN2_A
  const th = LOG_INV_H[j]
  const S1 = kA + th
  let v = S1 - kA
  const e1 = kA - (S1 - v) + (th - v)
  const S2 = S1 + s1
  v = S2 - S1
  const e2 = S1 - (S2 - v) + (s1 - v)
  R[0] = S2
  R[1] = e1 + e2 + (lo + LOG_INV_L[j] + k * LN2_B)
}

/**
 * Ziv's rounding test on logApprox's S2 + low: when the interval S2 + low ± ε·|S2| rounds to one double at both
 * ends, the exact log (inside it) rounds to that double too, rounding being monotone; writes it to R[0] and
 * returns true. Otherwise returns false, and crLog asks logDD. Takes x in R[0].
 */
function logFast(): boolean {
  logApprox()
  const S2 = R[0]
  const low = R[1]
  const eps = (S2 < 0 ? -S2 : S2) * FAST_EPS
  const up = S2 + (low + eps)
  if (up !== S2 + (low - eps)) return false
  R[0] = up
  return true
}

/**
 * For the tests: logApprox's error relative to the double-double log, which FAST_EPS must bound with room to
 * spare. x positive, normal, and away from 1 by more than 2^-20.
 */
export function logApproxError(x: number): number {
  if (!tablesReady) initTables()
  R[0] = x
  logApprox()
  const ah = R[0]
  const al = R[1]
  R[0] = x
  logDD()
  return Math.abs(ah - R[0] + (al - R[1])) / Math.abs(R[0])
}

/** Correctly rounded natural logarithm (same special values as Math.log). */
export function crLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x)
  if (x === 1) return 0
  const t = x - 1 // exact for x in [0.5, 2]
  // (log1pSeries leaves its result in R[0]: a call's result would make this function's result a heap number on
  // every path once inlined into a loop, one allocation per draw)
  if (t < 9.5367431640625e-7 && t > -9.5367431640625e-7) log1pSeries(t)
  else {
    if (!tablesReady) initTables()
    R[0] = x
    if (x >= 2.2250738585072014e-308 && logFast()) return R[0]
    R[0] = x
    logDD()
    R[0] += R[1]
  }
  return R[0]
}

/**
 * The double-double log alone, without the fast path: what crLog returned before it had one, and what the tests
 * compare crLog with. Positive finite x other than 1 (and away from 1 by more than 2^-20).
 */
export function crLogDD(x: number): number {
  if (!tablesReady) initTables()
  R[0] = x
  logDD()
  return R[0] + R[1]
}

/**
 * log(1 + t) into R[0], for |t| < 2^-20 with t exact: t − t²/2 + t³/3 − … where t²/2 is kept exactly (TwoProduct), so hard
 * cases such as x = 1 − 2^-52 (whose log lies within 2^-157 of a rounding midpoint) still round correctly.
 */
function log1pSeries(t: number): void {
  twoProd(t, t)
  const ph = -0.5 * R[0]
  const pl = -0.5 * R[1]
  const rest = t * t * t * (1 / 3 - t * (0.25 - t * (0.2 - t * (1 / 6))))
  // (t + ph) exactly, then the small terms
  const s = t + ph
  const v = s - t
  const e = t - (s - v) + (ph - v)
  R[0] = s + (e + (pl + rest))
}

// Table: 2^(j/256), j = 0 … 255, as double-doubles.
const EXP_TH = new Float64Array(256)
const EXP_TL = new Float64Array(256)

let tablesReady = false

/** Builds both tables on first use (a few milliseconds), so importing the core costs nothing. */
function initTables(): void {
  for (let i = LOG_T_MIN; i <= LOG_T_MAX; i++) {
    // INV[i]: 128/i to 10 fractional bits (11 significant bits at most); 1 for i = 128, whose logs are 0
    const inv = Math.round((128 / i) * 1024) / 1024
    INV[i - LOG_T_MIN] = inv
    if (i === 128) continue
    slowLogDD(i / 128)
    LOG_TH[i - LOG_T_MIN] = R[0]
    LOG_TL[i - LOG_T_MIN] = R[1]
    slowLogDD(inv)
    LOG_INV_H[i - LOG_T_MIN] = -R[0]
    LOG_INV_L[i - LOG_T_MIN] = -R[1]
  }
  // 2^(1/256) = exp(ln2/256) by its Taylor series in double-double
  const xh = LN2_HI / 256
  const xl = LN2_LO / 256
  let termH = 1
  let termL = 0
  let accH = 1
  let accL = 0
  for (let n = 1; n < 30; n++) {
    ddMul(termH, termL, xh, xl)
    ddDiv(R[0], R[1], n, 0)
    termH = R[0]
    termL = R[1]
    ddAdd(accH, accL, termH, termL)
    accH = R[0]
    accL = R[1]
  }
  EXP_TH[0] = 1
  EXP_TL[0] = 0
  for (let j = 1; j < 256; j++) {
    ddMul(EXP_TH[j - 1], EXP_TL[j - 1], accH, accL)
    EXP_TH[j] = R[0]
    EXP_TL[j] = R[1]
  }
  tablesReady = true
}

const LN2_256_HI = LN2_HI / 256
const LN2_256_LO = LN2_LO / 256
const INV_LN2_256 = 256 / LN2_HI

/**
 * exp(xh + xl) rounded once, for results in the normal range (callers handle the extremes).
 * x = k·ln2/256 + r, |r| ≤ ln2/512; exp(r) = 1 + r + r²/2 (double-double) + r³/6 + … + r⁸/8! (double: those
 * terms are below 2^-31 of the result, so their rounding stays below 2^-84); result = 2^q · 2^(j/256) · exp(r).
 */
function expDD(xh: number, xl: number): number {
  const k = Math.round(xh * INV_LN2_256)
  const j = k & 255
  const q = (k - j) / 256
  // r = x − k·ln2/256 in double-double (k·LN2_256_HI exactly by TwoProduct)
  twoProd(k, LN2_256_HI)
  const p = R[0]
  const pe = R[1]
  const dh = xh - p
  let v = dh - xh
  const de = xh - (dh - v) + (-p - v)
  const rl0 = de - pe - k * LN2_256_LO + xl
  const rh = dh + rl0
  const rl = rl0 - (rh - dh)
  // r² = s2h + s2l
  twoProd(rh, rh)
  const s2h = R[0]
  const s2l = R[1] + 2 * rh * rl
  const tail =
    rh * s2h * (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh * (1 / 5040 + rh * (1 / 40320))))))
  // 1 + rh exactly, then + s2h/2 exactly, then the small rest
  const h1 = 1 + rh
  v = h1 - 1
  const l1 = 1 - (h1 - v) + (rh - v)
  const half = 0.5 * s2h
  const h2 = h1 + half
  v = h2 - h1
  const l2 = h1 - (h2 - v) + (half - v)
  const lo = l1 + l2 + rl + 0.5 * s2l + tail
  const eh = h2 + lo
  const el = lo - (eh - h2)
  // × 2^(j/256) in double-double
  const th = EXP_TH[j]
  twoProd(th, eh)
  const y = R[0] + (R[1] + th * el + EXP_TL[j] * eh)
  // scale by 2^q in two exact steps (q may be 1024 for results just below the overflow threshold)
  const q1 = q >> 1
  return y * POW2[q1 + 1023] * POW2[q - q1 + 1023]
}

/** Correctly rounded exp (falls back to Math.exp only where the result would be subnormal). */
export function crExp(x: number): number {
  if (!Number.isFinite(x)) return Math.exp(x)
  if (x > 709.782712893384) return Infinity
  if (x < -708.3) return Math.exp(x) // subnormal or zero results: double rounding would be possible below
  if (x === 0) return 1
  if (!tablesReady) initTables()
  return expDD(x, 0)
}

/** Correctly rounded x^y for x ≥ 0 and finite y (what the gamma sampler needs); other cases go to Math.pow. */
export function crPow(x: number, y: number): number {
  if (!(x > 0) || !Number.isFinite(x) || !Number.isFinite(y) || y === 0 || x === 1) return Math.pow(x, y)
  if (y === 1) return x
  if (!tablesReady) initTables()
  R[0] = x
  logDD()
  const lh = R[0]
  const ll = R[1]
  // far outside exp's range (e.g. the gamma sampler's u^(1/shape) for a tiny shape, y = 2e300): decided here,
  // before the exact product y·log x, whose splitting would overflow to NaN
  const approx = y * lh
  if (approx > 710) return Infinity
  if (approx < -709) return Math.pow(x, y)
  twoProd(y, lh)
  const zh0 = R[0]
  const zl0 = R[1] + y * ll
  const zh = zh0 + zl0
  const zl = zl0 - (zh - zh0)
  if (zh > 709.782712893384) return Infinity
  if (zh < -708.3) return Math.pow(x, y)
  return expDD(zh, zl)
}

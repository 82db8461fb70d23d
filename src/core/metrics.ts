/**
 * Error measures for a quantized reconstruction x̂ of x, and code-usage counts.
 *
 * Definitions (standard; e.g. Gray & Neuhoff, "Quantization", IEEE Trans. IT 1998, and the SQNR used in
 * quantization papers such as Jacob et al. 2018): MSE = mean (x − x̂)², SQNR = 10·log10(Σx² / Σ(x − x̂)²) dB.
 * The split into clipping and rounding error follows the usual decomposition of the quantization error into the
 * part from values outside the representable range (clipped) and the part from values inside (rounded).
 */
import { CHUNK, chunkEnd } from './chunks'
import { assertQParams, type QParams, roundedCode } from './qparams'
import { type RoundingMode } from './rounding'
import { assertStep, runSteps, STEP, type Steps } from './steps'
import { assertArrayLike } from './validate'

export interface ErrorMetricsOptions {
  /** values below clipLow count as clipped */
  clipLow?: number
  /** values above clipHigh count as clipped */
  clipHigh?: number
  /** shorthand for a symmetric clip range: clipLow = −threshold, clipHigh = threshold */
  threshold?: number
}

export interface ErrorMetrics {
  n: number
  /** mean (x − x̂)² */
  mse: number
  /**
   * 10·log10(Σx² / Σ(x − x̂)²) in dB. +Infinity when the reconstruction is exact (no noise, including an all-zero
   * signal reconstructed exactly); −Infinity when the signal is all zeros but the reconstruction is not.
   */
  sqnrDb: number
  maxAbsError: number
  meanAbsError: number
  /** number of x outside [clipLow, clipHigh] (0 when no clip range is given) */
  clippedCount: number
  /** Σ over clipped elements of (x − x̂)², divided by n (so clipErrorMse + roundErrorMse = mse) */
  clipErrorMse: number
  /** Σ over the other elements of (x − x̂)², divided by n */
  roundErrorMse: number
}

/**
 * Accumulates one chunk into acc = [Σx², Σ clipped e², Σ other e², Σ|e|, max|e|, clipped count]; returns the
 * index of the first non-finite pair, or −1. Branch-free apart from that exit (see chunks.ts).
 */
function metricsKernel(
  x: ArrayLike<number>,
  xhat: ArrayLike<number>,
  start: number,
  end: number,
  low: number,
  high: number,
  acc: Float64Array,
): number {
  let sig = acc[0]
  let clipSq = acc[1]
  let roundSq = acc[2]
  let absSum = acc[3]
  let maxAbs = acc[4]
  let clipped = acc[5]
  for (let i = start; i < end; i++) {
    const a = x[i]
    const e = a - xhat[i]
    if (e - e !== 0) return i // NaN or ±Inf somewhere in this pair
    const ae = Math.abs(e)
    const sq = e * e
    const c = +(a < low) + +(a > high) // 1 for a clipped element (low <= high, so at most one term is 1)
    sig += a * a
    absSum += ae
    maxAbs = Math.max(maxAbs, ae)
    clipped += c
    clipSq += c * sq
    roundSq += (1 - c) * sq
  }
  acc[0] = sig
  acc[1] = clipSq
  acc[2] = roundSq
  acc[3] = absSum
  acc[4] = maxAbs
  acc[5] = clipped
  return -1
}

/** metricsKernel's update for a single element (same operations, same order). */
function accumulateOne(acc: Float64Array, a: number, xh: number, low: number, high: number): void {
  const e = a - xh
  const ae = Math.abs(e)
  const sq = e * e
  const c = +(a < low) + +(a > high)
  acc[0] += a * a
  acc[3] += ae
  acc[4] = Math.max(acc[4], ae)
  acc[5] += c
  acc[1] += c * sq
  acc[2] += (1 - c) * sq
}

function optNumber(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new TypeError(`${name} must be a number (got ${typeof v === 'number' ? 'NaN' : typeof v})`)
  return v
}

/** The metrics from the accumulated sums. */
function finish(n: number, acc: Float64Array): ErrorMetrics {
  const [sig, clipSq, roundSq, absSum, maxAbs, clipped] = acc
  const noise = clipSq + roundSq
  let sqnrDb: number
  if (noise === 0) sqnrDb = Infinity
  else if (sig === 0) sqnrDb = -Infinity
  else sqnrDb = sqnrOf(sig, noise)
  return {
    n,
    mse: noise / n,
    sqnrDb,
    maxAbsError: maxAbs,
    meanAbsError: absSum / n,
    clippedCount: clipped,
    clipErrorMse: clipSq / n,
    roundErrorMse: roundSq / n,
  }
}

/**
 * 10·log10(sig/noise) for positive finite sums. Where the ratio itself would overflow or fall below the
 * normal range (Σx² near 1e308 over a tiny Σe², or the other way round) the logs are taken apart: the ratio's
 * ∞ or 0 would be an artefact of the division, not of the data.
 */
function sqnrOf(sig: number, noise: number): number {
  const r = sig / noise
  return r >= MIN_NORMAL && r < Infinity ? 10 * Math.log10(r) : 10 * (Math.log10(sig) - Math.log10(noise))
}

const MIN_NORMAL = 2 ** -1022

/** The clip range [low, high] the options give (±Infinity for an open side), validated. */
function clipBounds(opts: ErrorMetricsOptions): [number, number] {
  const t = optNumber(opts.threshold, 'threshold')
  let lo = optNumber(opts.clipLow, 'clipLow')
  let hi = optNumber(opts.clipHigh, 'clipHigh')
  if (t !== undefined) {
    if (t < 0) throw new RangeError(`threshold must be >= 0 (got ${t})`)
    if (lo === undefined) lo = -t
    if (hi === undefined) hi = t
  }
  const low = lo ?? -Infinity
  const high = hi ?? Infinity
  if (low > high) throw new RangeError(`clipLow must be <= clipHigh (got ${low} > ${high})`)
  return [low, high]
}

/**
 * `errorMetrics` for a caller that makes x̂ a slice at a time and never holds all of it (the Lab at N = 10⁷,
 * where a whole x̂ would be 80 MB of fresh memory, and fresh memory is slow: docs/architecture.md). The slices
 * are added in order through errorMetrics' own kernel, whose sums run value by value whatever the slicing, so
 * `result()` equals errorMetrics over the joined slices bit for bit. It returns null where errorMetrics would
 * not take its plain path (a non-finite pair, or a difference or square that overflowed or underflowed): the
 * caller then calls errorMetrics on whole arrays, which rescales or names the bad value.
 */
export class ErrorMetricsSums {
  private readonly acc = new Float64Array(6)
  private readonly low: number
  private readonly high: number
  private n = 0
  private lost = false

  constructor(opts: ErrorMetricsOptions = {}) {
    ;[this.low, this.high] = clipBounds(opts)
  }

  /** Adds the pairs (x[i], x̂[i]) for start ≤ i < end, the next values of the tensor in order. */
  add(x: ArrayLike<number>, xhat: ArrayLike<number>, start: number, end: number): void {
    if (this.lost || end <= start) return
    if (metricsKernel(x, xhat, start, end, this.low, this.high, this.acc) >= 0) this.lost = true
    this.n += end - start
  }

  /** The metrics of every pair added, or null (see the class); RangeError when nothing was added. */
  result(): ErrorMetrics | null {
    if (this.n === 0) throw new RangeError('x is empty: no error metrics for an empty tensor')
    return this.lost || needsRescale(this.acc) ? null : finish(this.n, this.acc)
  }
}

/**
 * Error metrics of x̂ against x. Both must have the same non-zero length and contain only finite numbers
 * (otherwise RangeError). Never returns NaN.
 */
export function errorMetrics(
  x: ArrayLike<number>,
  xhat: ArrayLike<number>,
  opts: ErrorMetricsOptions = {},
): ErrorMetrics {
  return runSteps(errorMetricsSteps(x, xhat, opts))
}

/**
 * `errorMetrics` yielding after about every `step` values (core/steps.ts): the same chunks, the same sums in
 * the same order, so the same result bit for bit.
 */
export function* errorMetricsSteps(
  x: ArrayLike<number>,
  xhat: ArrayLike<number>,
  opts: ErrorMetricsOptions = {},
  step = STEP,
): Steps<ErrorMetrics> {
  assertArrayLike(x, 'x')
  assertStep(step)
  assertArrayLike(xhat, 'xhat')
  const n = x.length
  if (xhat.length !== n) throw new RangeError(`x and xhat must have the same length (${n} vs ${xhat.length})`)
  if (n === 0) throw new RangeError('x is empty: no error metrics for an empty tensor')
  const [low, high] = clipBounds(opts)
  const acc = new Float64Array(6) // Σx², Σ clipped e², Σ other e², Σ|e|, max|e|, clipped count
  let next = step
  for (let s0 = 0, e0 = chunkEnd(0, n); s0 < n; s0 = e0, e0 = chunkEnd(s0, n)) {
    if (s0 >= next) {
      next = s0 + step
      yield
    }
    const bad = metricsKernel(x, xhat, s0, e0, low, high, acc)
    if (bad >= 0) {
      const a = x[bad]
      const b = xhat[bad]
      // both finite: only their difference overflowed (|x − x̂| > 1.8e308), which the scaled sums handle
      if (a - a === 0 && b - b === 0) {
        assertFinitePairs(x, xhat, bad, n)
        return yield* rescaledMetrics(x, xhat, low, high, n, step)
      }
      throw new RangeError(
        a - a !== 0
          ? `x[${bad}] is ${String(a)}; metrics need finite numbers`
          : `xhat[${bad}] is ${String(xhat[bad])}; metrics need finite numbers`,
      )
    }
  }
  return needsRescale(acc) ? yield* rescaledMetrics(x, xhat, low, high, n, step) : finish(n, acc)
}

/** RangeError naming the first non-finite value at or after `from` (the rescaled path needs finite values). */
function assertFinitePairs(x: ArrayLike<number>, xhat: ArrayLike<number>, from: number, n: number): void {
  for (let i = from; i < n; i++) {
    const a = x[i]
    const b = xhat[i]
    if (a - a !== 0) throw new RangeError(`x[${i}] is ${String(a)}; metrics need finite numbers`)
    if (b - b !== 0) throw new RangeError(`xhat[${i}] is ${String(b)}; metrics need finite numbers`)
  }
}

/**
 * Two powers of two whose product is 2^e, each representable, for an integer e in [−2000, 2000] (2^1074 is not
 * a double itself). A value times the first and then the second is x·2^e exactly unless
 * the result is subnormal: the halves lie between x and the result.
 */
function pow2Factors(e: number): [number, number] {
  const a = Math.trunc(e / 2)
  return [2 ** a, 2 ** (e - a)]
}

/** v·2^e for an integer e of any size, in steps (the result may still overflow or underflow: it is that big). */
function timesPow2(v: number, e: number): number {
  let r = v
  let k = e
  for (; k > 1000; k -= 1000) r *= 2 ** 1000
  for (; k < -1000; k += 1000) r *= 2 ** -1000
  return r * 2 ** k
}

/** An exponent k with m near 2^k (floor(log2 m), ±1 at most): only the scale's size matters. */
function exponentNear(m: number): number {
  return Math.floor(Math.log2(m))
}

/**
 * Whether the plain sums lost the answer: a square overflowed (Σ is ±Infinity or NaN from 0·Infinity in the
 * branch-free kernel) or the squares of the errors or of the signal underflowed (|e| or |x| below ~2^-500, where
 * e² loses all precision or becomes 0 and MSE 0 / SQNR ∞ would be an artefact of underflow).
 */
function needsRescale(acc: Float64Array): boolean {
  for (let k = 0; k < 5; k++) if (!Number.isFinite(acc[k])) return true
  const maxAbs = acc[4]
  if (maxAbs > 0 && maxAbs < TINY) return true
  const sig = acc[0]
  return sig < TINY * TINY
}

const TINY = 2 ** -500

/**
 * The metrics with the signal and the errors each taken in a unit of its own: every x times 2^−kS, where 2^kS
 * is near max|x|, and every error times 2^−kE, where 2^kE is near max|x − x̂|. Powers of two change only the
 * exponent, so the scaled values are exact (the sums are then taken as usual) and the sums are scaled back at
 * the end; the SQNR adds the units' ratio in dB. It is the usual remedy for overflow and underflow in sums of
 * squares (LAPACK's dnrm2, numpy.linalg.norm), with two units because one is not enough: scaled by a signal near
 * 1e200, an error of 0.5 becomes ~2^−665 and its square 0. A difference that overflows (|x − x̂| > 1.8e308, both
 * finite) is taken as 2·(x/2 − x̂/2), exact for values that large.
 */
function* rescaledMetrics(
  x: ArrayLike<number>,
  xhat: ArrayLike<number>,
  low: number,
  high: number,
  n: number,
  step = STEP,
): Steps<ErrorMetrics> {
  // the units: max|x|, the largest finite difference, and the largest half of an overflowing one
  let mx = 0
  let me = 0
  let mh = 0
  for (let s = 0; s < n; s += step) {
    if (s > 0) yield
    for (let i = s, e = Math.min(n, s + step); i < e; i++) {
      const a = x[i]
      const d = a - xhat[i]
      mx = Math.max(mx, Math.abs(a))
      if (d - d === 0) me = Math.max(me, Math.abs(d))
      else mh = Math.max(mh, Math.abs(a * 0.5 - xhat[i] * 0.5))
    }
  }
  const kS = mx > 0 ? exponentNear(mx) : 0
  const kE = mh > 0 ? exponentNear(mh) + 1 : me > 0 ? exponentNear(me) : 0
  const [xs1, xs2] = pow2Factors(-kS)
  const [es1, es2] = pow2Factors(-kE)
  const [hs1, hs2] = pow2Factors(1 - kE)
  const acc = new Float64Array(6)
  let next = step
  for (let s0 = 0; s0 < n; s0 += CHUNK) {
    if (s0 >= next) {
      next = s0 + step
      yield
    }
    for (let i = s0, e0 = Math.min(n, s0 + CHUNK); i < e0; i++) {
      const a = x[i]
      const d = a - xhat[i]
      const xs = a * xs1 * xs2
      const e = d - d === 0 ? d * es1 * es2 : (a * 0.5 - xhat[i] * 0.5) * hs1 * hs2
      const ae = Math.abs(e)
      const sq = e * e
      // the clip range is compared against the unscaled values
      const c = +(a < low) + +(a > high)
      acc[0] += xs * xs
      acc[3] += ae
      acc[4] = Math.max(acc[4], ae)
      acc[5] += c
      if (c) acc[1] += sq
      else acc[2] += sq
    }
  }
  const [sig, clipSq, roundSq, absSum, maxAbs, clipped] = acc
  const noise = clipSq + roundSq
  let sqnrDb: number
  if (noise === 0) sqnrDb = Infinity
  else if (sig === 0) sqnrDb = -Infinity
  else sqnrDb = sqnrOf(sig, noise) + 20 * (kS - kE) * Math.log10(2)
  return {
    n,
    mse: timesPow2(noise / n, 2 * kE),
    sqnrDb,
    maxAbsError: timesPow2(maxAbs, kE),
    meanAbsError: timesPow2(absSum / n, kE),
    clippedCount: clipped,
    clipErrorMse: timesPow2(clipSq / n, 2 * kE),
    roundErrorMse: timesPow2(roundSq / n, 2 * kE),
  }
}

/**
 * One pass of quantize → dequantize → error without intermediate arrays: the fast path of qparams'
 * quantizeKernel (t = clamp(x/scale, lo, hi), x̂ = scale·floor(t + 0.5)) accumulated like metricsKernel. Stops at
 * an element whose rounding needs the mode's tie rule (or at NaN/±Inf) and returns its index, after saving the
 * sums (the caller accumulates that element and resumes); −1 when the chunk is done.
 */
function fakeQuantMetricsKernel(
  x: ArrayLike<number>,
  start: number,
  end: number,
  scale: number,
  lo: number,
  hi: number,
  low: number,
  high: number,
  acc: Float64Array,
): number {
  let sig = acc[0]
  let clipSq = acc[1]
  let roundSq = acc[2]
  let absSum = acc[3]
  let maxAbs = acc[4]
  let clipped = acc[5]
  let stop = -1
  for (let i = start; i < end; i++) {
    const a = x[i]
    const t = Math.min(Math.max(a / scale, lo), hi)
    const f = Math.floor(t + 0.5)
    if (f - t >= 0.5 || a - a !== 0) {
      stop = i
      break
    }
    const e = a - scale * f
    const ae = Math.abs(e)
    const sq = e * e
    const c = +(a < low) + +(a > high)
    sig += a * a
    absSum += ae
    maxAbs = Math.max(maxAbs, ae)
    clipped += c
    clipSq += c * sq
    roundSq += (1 - c) * sq
  }
  acc[0] = sig
  acc[1] = clipSq
  acc[2] = roundSq
  acc[3] = absSum
  acc[4] = maxAbs
  acc[5] = clipped
  return stop
}

/**
 * errorMetrics(x, dequantize(quantize(x, p, rounding), p), { clipLow, clipHigh }) with the representable range
 * [scale·(qmin − zp), scale·(qmax − zp)] as the clip range, computed in one pass without intermediate arrays
 * (PRODUCT.md's budget for quantize + dequantize + metrics of 10^6 values, bench/basic.ts), for callers that need
 * no x̂. Same results, same errors for bad input. The Lab does not use it: it keeps x̂ for its charts (the
 * dequantized histogram, the error histogram, the per-channel view), and over an x̂ already made errorMetrics is
 * the faster pass (on 10^6 values about 7–10 ms against this function's 12–16 ms, which also divides).
 */
export function quantizationErrorMetrics(
  x: ArrayLike<number>,
  p: QParams,
  rounding: RoundingMode = 'half-even',
): ErrorMetrics {
  assertArrayLike(x, 'x')
  assertQParams(p)
  if (rounding !== 'half-even' && rounding !== 'half-away' && rounding !== 'half-up') {
    throw new TypeError(`unknown rounding mode: ${String(rounding)}`)
  }
  const n = x.length
  if (n === 0) throw new RangeError('x is empty: no error metrics for an empty tensor')
  const { scale, zeroPoint: zp, qmin, qmax } = p
  const lo = qmin - zp
  const hi = qmax - zp
  const low = scale * lo
  const high = scale * hi
  const acc = new Float64Array(6)
  for (let s0 = 0, e0 = chunkEnd(0, n); s0 < n; s0 = e0, e0 = chunkEnd(s0, n)) {
    for (let i = fakeQuantMetricsKernel(x, s0, e0, scale, lo, hi, low, high, acc); i >= 0;) {
      const a = x[i]
      accumulateOne(acc, a, scale * roundedCode(a, i, scale, lo, hi, rounding), low, high)
      i = fakeQuantMetricsKernel(x, i + 1, e0, scale, lo, hi, low, high, acc)
    }
  }
  if (needsRescale(acc)) {
    // rare (values near the ends of the float64 range): the round trips in full, then the scaled sums
    const xhat = new Float64Array(n)
    for (let i = 0; i < n; i++) xhat[i] = scale * roundedCode(x[i], i, scale, lo, hi, rounding)
    return runSteps(rescaledMetrics(x, xhat, low, high, n))
  }
  return finish(n, acc)
}

export interface CodesUsed {
  /** number of distinct codes in [qmin, qmax] that occur */
  used: number
  /** qmax − qmin + 1 */
  total: number
  /** counts[k] = occurrences of code qmin + k */
  counts: Uint32Array
  /** values outside [qmin, qmax] (not counted in counts) */
  outOfRange: number
}

/**
 * How many of the available codes a quantized tensor uses (e.g. the notes' traitor leaves most int8 codes empty).
 * q must hold integers (TypeError otherwise); qmin ≤ qmax integers with at most 2^24 codes.
 */
export function codesUsed(q: ArrayLike<number>, qmin: number, qmax: number): CodesUsed {
  assertArrayLike(q, 'q')
  if (!Number.isSafeInteger(qmin) || !Number.isSafeInteger(qmax)) {
    throw new TypeError(`qmin and qmax must be integers (got ${qmin}, ${qmax})`)
  }
  if (qmin > qmax) throw new RangeError(`qmin must be <= qmax (got ${qmin} > ${qmax})`)
  const total = qmax - qmin + 1
  if (total > 1 << 24) throw new RangeError(`too many codes to count (${total}); at most 2^24`)
  const counts = new Uint32Array(total)
  let outOfRange = 0
  for (let i = 0; i < q.length; i++) {
    const v = q[i]
    if (!Number.isInteger(v)) throw new TypeError(`q[${i}] is ${String(v)}; codes must be integers`)
    if (v < qmin || v > qmax) outOfRange++
    else counts[v - qmin]++
  }
  let used = 0
  for (let k = 0; k < total; k++) if (counts[k] !== 0) used++
  return { used, total, counts, outOfRange }
}

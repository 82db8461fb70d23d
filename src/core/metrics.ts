/**
 * Error measures for a quantized reconstruction x̂ of x, and code-usage counts.
 *
 * Definitions (standard; e.g. Gray & Neuhoff, "Quantization", IEEE Trans. IT 1998, and the SQNR used in
 * quantization papers such as Jacob et al. 2018): MSE = mean (x − x̂)², SQNR = 10·log10(Σx² / Σ(x − x̂)²) dB.
 * The split into clipping and rounding error follows the usual decomposition of the quantization error into the
 * part from values outside the representable range (clipped) and the part from values inside (rounded).
 */
import { assertQParams, type QParams } from './qparams'
import { type RoundingMode } from './rounding'
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

/** Chunk size for the accumulation kernel (small kernels called per chunk optimize better in V8 than one long loop). */
const CHUNK = 8192

/** Accumulates one chunk into acc; returns the index of the first non-finite pair, or −1. */
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
    sig += a * a
    absSum += ae
    if (ae > maxAbs) maxAbs = ae
    if (a < low || a > high) {
      clipped += 1
      clipSq += sq
    } else {
      roundSq += sq
    }
  }
  acc[0] = sig
  acc[1] = clipSq
  acc[2] = roundSq
  acc[3] = absSum
  acc[4] = maxAbs
  acc[5] = clipped
  return -1
}

function optNumber(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new TypeError(`${name} must be a number (got ${String(v)})`)
  return v
}

/** The metrics from the accumulated sums. */
function finish(n: number, acc: Float64Array): ErrorMetrics {
  const [sig, clipSq, roundSq, absSum, maxAbs, clipped] = acc
  const noise = clipSq + roundSq
  let sqnrDb: number
  if (noise === 0) sqnrDb = Infinity
  else if (sig === 0) sqnrDb = -Infinity
  else sqnrDb = 10 * Math.log10(sig / noise)
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
 * Error metrics of x̂ against x. Both must have the same non-zero length and contain only finite numbers
 * (otherwise RangeError). Never returns NaN.
 */
export function errorMetrics(
  x: ArrayLike<number>,
  xhat: ArrayLike<number>,
  opts: ErrorMetricsOptions = {},
): ErrorMetrics {
  assertArrayLike(x, 'x')
  assertArrayLike(xhat, 'xhat')
  const n = x.length
  if (xhat.length !== n) throw new RangeError(`x and xhat must have the same length (${n} vs ${xhat.length})`)
  if (n === 0) throw new RangeError('x is empty: no error metrics for an empty tensor')
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
  const acc = new Float64Array(6) // Σx², Σ clipped e², Σ other e², Σ|e|, max|e|, clipped count
  for (let s0 = 0; s0 < n; s0 += CHUNK) {
    const bad = metricsKernel(x, xhat, s0, Math.min(n, s0 + CHUNK), low, high, acc)
    if (bad >= 0) {
      const a = x[bad]
      throw new RangeError(
        a - a !== 0
          ? `x[${bad}] is ${String(a)}; metrics need finite numbers`
          : `xhat[${bad}] is ${String(xhat[bad])}; metrics need finite numbers`,
      )
    }
  }
  return finish(n, acc)
}

/**
 * One pass of quantize → dequantize → error, without intermediate arrays (t = clamp(x/scale, qmin − zp, qmax − zp),
 * r = round(t) with the mode's tie rule, x̂ = scale·r), accumulating like metricsKernel with the representable
 * range as the clip range. Returns the index of the first NaN/±Inf, or −1.
 */
function fakeQuantMetricsKernel(
  x: ArrayLike<number>,
  start: number,
  end: number,
  scale: number,
  lo: number,
  hi: number,
  mode: number,
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
    if (a - a !== 0) return i
    const t = Math.min(Math.max(a / scale, lo), hi)
    let r = Math.floor(t + 0.5)
    const d = r - t
    if (d >= 0.5 && (d > 0.5 || (mode === 0 ? r % 2 !== 0 : mode === 1 && t < 0))) r -= 1
    const e = a - scale * r
    const ae = Math.abs(e)
    const sq = e * e
    sig += a * a
    absSum += ae
    if (ae > maxAbs) maxAbs = ae
    if (a < low || a > high) {
      clipped += 1
      clipSq += sq
    } else {
      roundSq += sq
    }
  }
  acc[0] = sig
  acc[1] = clipSq
  acc[2] = roundSq
  acc[3] = absSum
  acc[4] = maxAbs
  acc[5] = clipped
  return -1
}

/**
 * errorMetrics(x, dequantize(quantize(x, p, rounding), p), { clipLow, clipHigh }) with the representable range
 * [scale·(qmin − zp), scale·(qmax − zp)] as the clip range, computed in one pass without intermediate arrays (the
 * fast path for interactive threshold dragging). Same results, same errors for bad input.
 */
export function quantizationErrorMetrics(
  x: ArrayLike<number>,
  p: QParams,
  rounding: RoundingMode = 'half-even',
): ErrorMetrics {
  assertArrayLike(x, 'x')
  assertQParams(p)
  const mode = rounding === 'half-even' ? 0 : rounding === 'half-away' ? 1 : rounding === 'half-up' ? 2 : -1
  if (mode < 0) throw new TypeError(`unknown rounding mode: ${String(rounding)}`)
  const n = x.length
  if (n === 0) throw new RangeError('x is empty: no error metrics for an empty tensor')
  const { scale, zeroPoint: zp, qmin, qmax } = p
  const acc = new Float64Array(6)
  for (let s0 = 0; s0 < n; s0 += CHUNK) {
    const bad = fakeQuantMetricsKernel(
      x,
      s0,
      Math.min(n, s0 + CHUNK),
      scale,
      qmin - zp,
      qmax - zp,
      mode,
      scale * (qmin - zp),
      scale * (qmax - zp),
      acc,
    )
    if (bad >= 0) throw new RangeError(`x[${bad}] is ${String(x[bad])}; only finite numbers can be quantized`)
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

// The weight report as it was made before it came in slices (src/models/report.ts at dafff22): one pass per
// figure, each channel's and group's run summed whole. The tests hold the sliced report to it, bit for bit.
/**
 * Weight quantization report of one tensor (core-api.md §7): symmetric absmax scales per tensor, per
 * output channel and per group; SQNR = 10·log10(Σw² / Σ(w − ŵ)²); the channel range spread
 * (Krishnamoorthi 2018 §3.1: a spread of per-channel ranges is what makes per-tensor scales fail) and
 * RMSE/scale (the TFLite quantization debugger's `scale-normalized RMSE`, 1/√12 ≈ 0.289 for healthy
 * rounding error).
 */

export interface WeightReportOptions {
  bits: number
  /** the output-channel axis (negative counts from the end) */
  axis: number
  /** per-group scales: runs of `groupSize` values within each channel's slice */
  groupSize?: number
}

export interface WeightReport {
  /** NaN when the weight holds a value that is NaN or ±∞ (`nonFinite`), as are the other figures of error */
  perTensorSqnrDb: number
  perChannelSqnrDb: number
  groupSqnrDb?: number
  channelRangeSpread: number
  rmseOverScale: number
  /** the range of the finite values */
  min: number
  max: number
  /**
   * how many values are NaN or ±∞. A file may hold them (a diverged training run, an fp16 overflow); no scale
   * can quantize them, so such a weight gets no figures of error rather than ones computed from NaN.
   */
  nonFinite: number
}

/** `outer × channels × inner` view of a shape around `axis` */
export function channelLayout(shape: readonly number[], axis: number) {
  const nd = shape.length
  const a = nd === 0 ? 0 : axis < 0 ? axis + nd : axis
  if (nd > 0 && (a < 0 || a >= nd || !Number.isInteger(a)))
    throw new RangeError(`axis ${axis} out of range for shape [${shape.join(', ')}]`)
  let outer = 1
  let inner = 1
  for (let i = 0; i < a; i++) outer *= shape[i]
  for (let i = a + 1; i < nd; i++) inner *= shape[i]
  const channels = nd === 0 ? 1 : shape[a]
  return { axis: a, outer, channels, inner }
}

/** max|w| of every slice along `axis`, over its finite values (NaN and ±∞ are counted by `weightReport`) */
export function channelAbsMax(
  t: { shape: readonly number[]; data: ArrayLike<number> },
  axis: number,
): Float64Array {
  const { outer, channels, inner } = channelLayout(t.shape, axis)
  const m = new Float64Array(channels)
  const d = toF64(t.data)
  for (let o = 0; o < outer; o++)
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner
      let mx = m[c]
      for (let k = 0; k < inner; k++) {
        const v = Math.abs(d[base + k])
        if (v > mx && v < Infinity) mx = v
      }
      m[c] = mx
    }
  return m
}

/**
 * Σ(x − ŵ)² of quantizing the run d[base … base+len) with one `scale`: round half to even (as `roundHalfEven`,
 * inlined), clip to ±qmax. x·(1/scale) can differ from x/scale in the last bit, which matters only next to a
 * tie, so such values are divided. The hot loop of every report; monomorphic over a Float64Array.
 */
function runError(d: Float64Array, base: number, len: number, scale: number, qmax: number): number {
  let e = 0
  const inv = 1 / scale
  // a subnormal scale has no finite reciprocal: divide throughout
  const exactOnly = !Number.isFinite(inv)
  for (let i = base, end = base + len; i < end; i++) {
    const x = d[i]
    let v = x * inv
    let q = Math.round(v)
    let f = q - v // in [−0.5, 0.5]
    if (exactOnly || f > 0.4999999 || f < -0.4999999) {
      v = x / scale
      q = Math.round(v) // ties go up; an odd result of a tie steps down to the even neighbour
      f = q - v
      if (f === 0.5 && (q & 1) !== 0) q -= 1
    }
    if (q > qmax) q = qmax
    else if (q < -qmax) q = -qmax
    const r = x - q * scale
    e += r * r
  }
  return e
}

/** a Float64Array of the values (typed arrays copy in bulk: `Float64Array.from` would walk an iterator) */
export function toF64(a: ArrayLike<number>): Float64Array {
  if (a instanceof Float64Array) return a
  if (ArrayBuffer.isView(a)) return new Float64Array(a as unknown as Float32Array)
  const o = new Float64Array(a.length)
  for (let i = 0; i < a.length; i++) o[i] = a[i]
  return o
}

/** the largest |w| for which the report's sums of squares are taken in the weight's own unit */
const SAFE_MAX = 2 ** 400
const SAFE_MIN = 2 ** -400

/**
 * `d` times the power of two that brings `absMax` near 1 (exact: only the exponents change), when its squares
 * would leave float64's range (d itself otherwise). Two factors, each representable (2^1074 is not).
 */
export function inSafeUnit(d: Float64Array, absMax: number): Float64Array {
  if (absMax === 0 || (absMax > SAFE_MIN && absMax < SAFE_MAX)) return d
  const k = Math.floor(Math.log2(absMax))
  const k1 = Math.trunc(-k / 2)
  const s1 = 2 ** k1
  const s2 = 2 ** (-k - k1)
  const out = new Float64Array(d.length)
  for (let i = 0; i < d.length; i++) out[i] = d[i] * s1 * s2
  return out
}

const sqnr = (signal: number, noise: number) =>
  noise === 0 ? Infinity : signal === 0 ? -Infinity : 10 * Math.log10(signal / noise)

export function weightReport(
  t: { shape: number[]; data: ArrayLike<number> },
  o: WeightReportOptions,
): WeightReport {
  const { bits } = o
  if (!Number.isInteger(bits) || bits < 2 || bits > 16) throw new RangeError(`bits ${bits}: 2 … 16`)
  const qmax = 2 ** (bits - 1) - 1
  const raw = toF64(t.data)
  const n = raw.length
  const { outer, channels, inner } = channelLayout(t.shape, o.axis)
  if (outer * channels * inner !== n) throw new RangeError('shape and data length differ')
  let min = Infinity
  let max = -Infinity
  let nonFinite = 0
  for (let i = 0; i < n; i++) {
    const v = raw[i]
    if (v - v !== 0) {
      nonFinite++
      continue
    }
    if (v < min) min = v
    if (v > max) max = v
  }
  if (nonFinite > 0) {
    const finite = n - nonFinite
    return {
      perTensorSqnrDb: NaN,
      perChannelSqnrDb: NaN,
      ...(o.groupSize !== undefined ? { groupSqnrDb: NaN } : {}),
      channelRangeSpread: NaN,
      rmseOverScale: NaN,
      min: finite === 0 ? NaN : min,
      max: finite === 0 ? NaN : max,
      nonFinite,
    }
  }
  // the sums of squares in a unit where max|w| is near 1, where w² would overflow (|w| ≳ 1e154) or underflow:
  // every figure of the report is a ratio, the same in any unit
  const d = inSafeUnit(raw, Math.max(Math.abs(min), Math.abs(max)))
  let signal = 0
  let absMax = 0
  for (let i = 0; i < n; i++) {
    const v = d[i]
    signal += v * v
    if (Math.abs(v) > absMax) absMax = Math.abs(v)
  }
  const scaleT = absMax === 0 ? 1 : absMax / qmax
  const chMax = channelAbsMax({ shape: t.shape, data: d }, o.axis)
  let errT = 0
  let errC = 0
  for (let oi = 0; oi < outer; oi++)
    for (let c = 0; c < channels; c++) {
      const base = (oi * channels + c) * inner
      errT += runError(d, base, inner, scaleT, qmax)
      errC += runError(d, base, inner, chMax[c] === 0 ? 1 : chMax[c] / qmax, qmax)
    }
  let groupSqnrDb: number | undefined
  if (o.groupSize !== undefined) {
    const g = o.groupSize
    if (!Number.isInteger(g) || g < 1) throw new RangeError(`groupSize ${g}`)
    // a channel's slice is the other axes flattened in C order: position p = oi·inner + k; groups are runs
    // of g positions, so a group is a set of (possibly several) runs within the inner blocks
    const perCh = outer * inner
    let errG = 0
    for (let c = 0; c < channels; c++) {
      for (let p0 = 0; p0 < perCh; p0 += g) {
        const p1 = Math.min(perCh, p0 + g)
        let m = 0
        for (let p = p0; p < p1;) {
          const oi = Math.floor(p / inner)
          const k = p - oi * inner
          const len = Math.min(inner - k, p1 - p)
          const base = (oi * channels + c) * inner + k
          for (let i = base; i < base + len; i++) {
            const a = Math.abs(d[i])
            if (a > m) m = a
          }
          p += len
        }
        const sc = m === 0 ? 1 : m / qmax
        for (let p = p0; p < p1;) {
          const oi = Math.floor(p / inner)
          const k = p - oi * inner
          const len = Math.min(inner - k, p1 - p)
          errG += runError(d, (oi * channels + c) * inner + k, len, sc, qmax)
          p += len
        }
      }
    }
    groupSqnrDb = sqnr(signal, errG)
  }
  let lo = Infinity
  let hi = 0
  // the spread from the values as they are (a channel far below the largest may be 0 in the scaled unit)
  for (const m of d === raw ? chMax : channelAbsMax({ shape: t.shape, data: raw }, o.axis)) {
    if (m > 0 && m < lo) lo = m
    if (m > hi) hi = m
  }
  return {
    perTensorSqnrDb: sqnr(signal, errT),
    perChannelSqnrDb: sqnr(signal, errC),
    ...(groupSqnrDb !== undefined ? { groupSqnrDb } : {}),
    // no non-zero channel: nothing is spread
    channelRangeSpread: hi > 0 ? hi / lo : 1,
    rmseOverScale: n === 0 ? 0 : Math.sqrt(errT / n) / scaleT,
    min: n === 0 ? 0 : min,
    max: n === 0 ? 0 : max,
    nonFinite: 0,
  }
}

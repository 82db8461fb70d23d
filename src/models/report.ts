/**
 * Weight quantization report of one tensor (core-api.md §7): symmetric absmax scales per tensor, per
 * output channel and per group; SQNR = 10·log10(Σw² / Σ(w − ŵ)²); the channel range spread
 * (Krishnamoorthi 2018 §3.1: a spread of per-channel ranges is what makes per-tensor scales fail) and
 * RMSE/scale (the TFLite quantization debugger's `scale-normalized RMSE`, 1/√12 ≈ 0.289 for healthy
 * rounding error).
 */
import { roundHalfEven } from '../core/rounding'

export interface WeightReportOptions {
  bits: number
  /** the output-channel axis (negative counts from the end) */
  axis: number
  /** per-group scales: runs of `groupSize` values within each channel's slice */
  groupSize?: number
}

export interface WeightReport {
  perTensorSqnrDb: number
  perChannelSqnrDb: number
  groupSqnrDb?: number
  channelRangeSpread: number
  rmseOverScale: number
  min: number
  max: number
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

/** max|w| of every slice along `axis` */
export function channelAbsMax(
  t: { shape: readonly number[]; data: ArrayLike<number> },
  axis: number,
): Float64Array {
  const { outer, channels, inner } = channelLayout(t.shape, axis)
  const m = new Float64Array(channels)
  const d = t.data
  for (let o = 0; o < outer; o++)
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner
      let mx = m[c]
      for (let k = 0; k < inner; k++) {
        const v = Math.abs(d[base + k])
        if (v > mx) mx = v
      }
      m[c] = mx
    }
  return m
}

/** squared error of quantizing x with `scale` to ±qmax, round half to even */
function sqErr(x: number, scale: number, qmax: number): number {
  let q = roundHalfEven(x / scale)
  if (q > qmax) q = qmax
  else if (q < -qmax) q = -qmax
  const e = x - q * scale
  return e * e
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
  const d = t.data
  const n = d.length
  const { outer, channels, inner } = channelLayout(t.shape, o.axis)
  if (outer * channels * inner !== n) throw new RangeError('shape and data length differ')
  let min = Infinity
  let max = -Infinity
  let signal = 0
  for (let i = 0; i < n; i++) {
    const v = d[i]
    if (v < min) min = v
    if (v > max) max = v
    signal += v * v
  }
  const absMax = Math.max(Math.abs(min), Math.abs(max))
  const scaleT = absMax === 0 ? 1 : absMax / qmax
  const chMax = channelAbsMax(t, o.axis)
  const scaleC = Array.from(chMax, (m) => (m === 0 ? 1 : m / qmax))
  let errT = 0
  let errC = 0
  for (let oi = 0; oi < outer; oi++)
    for (let c = 0; c < channels; c++) {
      const base = (oi * channels + c) * inner
      const sc = scaleC[c]
      for (let k = 0; k < inner; k++) {
        const v = d[base + k]
        errT += sqErr(v, scaleT, qmax)
        errC += sqErr(v, sc, qmax)
      }
    }
  let groupSqnrDb: number | undefined
  if (o.groupSize !== undefined) {
    const g = o.groupSize
    if (!Number.isInteger(g) || g < 1) throw new RangeError(`groupSize ${g}`)
    // a channel's slice is the other axes flattened in C order: position p = oi·inner + k; groups are runs
    // of g positions. Pass 1: each group's absmax; pass 2: the error.
    const perCh = outer * inner
    const groupsPerCh = Math.ceil(perCh / g)
    const gMax = new Float64Array(channels * groupsPerCh)
    for (let oi = 0; oi < outer; oi++)
      for (let c = 0; c < channels; c++) {
        const base = (oi * channels + c) * inner
        for (let k = 0; k < inner; k++) {
          const gi = c * groupsPerCh + Math.floor((oi * inner + k) / g)
          const v = Math.abs(d[base + k])
          if (v > gMax[gi]) gMax[gi] = v
        }
      }
    let errG = 0
    for (let oi = 0; oi < outer; oi++)
      for (let c = 0; c < channels; c++) {
        const base = (oi * channels + c) * inner
        for (let k = 0; k < inner; k++) {
          const m = gMax[c * groupsPerCh + Math.floor((oi * inner + k) / g)]
          errG += sqErr(d[base + k], m === 0 ? 1 : m / qmax, qmax)
        }
      }
    groupSqnrDb = sqnr(signal, errG)
  }
  let lo = Infinity
  let hi = 0
  for (const m of chMax) {
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
  }
}

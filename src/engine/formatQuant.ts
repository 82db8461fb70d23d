/**
 * The Lab with a number format other than the linear integer grid, or with group-wise scales (issue 15):
 * the round trip of the tensor through the chosen format and granularity, its storage cost in bits per
 * weight (scales included), and the trade-off sweep practitioners choose from (int4 per channel, int4
 * g32/g64/g128, NF4 g64, MXFP4, FP8, int8) on the user's tensor. Pure: no DOM.
 */
import {
  errorMetrics,
  quantizeCountInto,
  formatValues,
  groupwiseQuantize,
  mxQuantize,
  errorMetricsSteps,
  histogramSteps,
  histogramUpToSteps,
  weightedHistogram,
  runSteps,
  STEP,
  type ElementFormat,
  type MxFormat,
  type Steps,
} from '../core'
import { bitsPerWeight, elementBits, FORMAT_REGISTRY, type LabFormat } from '../registry/formats'
import type { ChannelView, Metrics, QuantResult } from './labEngine'
import { heatCells } from './heatCells'

export type FormatGranularity = 'tensor' | 'channel' | 'group' | 'block'

/** MX's clipping: values beyond their block's ±largest·X, and their squared error (core mxQuantize). */
export interface Saturation {
  count: number
  sse: number
}

export interface FormatView {
  fmt: LabFormat
  granularity: FormatGranularity
  /** the element format's levels at the per-tensor scale T / largest (null for the integer grid, and when each
   * channel, group or block has its own scale) */
  levels: Float64Array | null
  /** how many values land on each level (per-tensor scale only) */
  levelCounts: Float64Array | null
  /** the per-tensor scale (null when each channel, group or block has its own) */
  scale: number | null
  /** scales stored, values sharing each, bits of each scale */
  scaleCount: number
  valuesPerScale: number
  scaleBits: number
  elemBits: number
  bitsPerWeight: number
  /** the threshold set the scale (false: each block's own power of two, or each group's absmax) */
  calibrated: boolean
  /** the group size asked for was larger than a channel: one group per channel was used */
  groupClamped: boolean
}

export interface FormatSettings {
  fmt: LabFormat
  bits: number
  gran: 'tensor' | 'channel' | 'group'
  group: number
  axis: 'row' | 'col'
}

/** Whether the settings need this module (a format other than the integer grid, or group-wise scales). */
export function usesFormatPath(q: Pick<FormatSettings, 'fmt' | 'gran'>): boolean {
  return q.fmt !== 'int' || q.gran === 'group'
}

/**
 * Where a format's scales come from, for the settings and the tensor's shape: MX formats one per block
 * whatever the granularity; otherwise one per group, one per channel (a 2-D tensor), or one for the tensor.
 */
export function formatGranularity(q: Pick<FormatSettings, 'fmt' | 'gran'>, twoD: boolean): FormatGranularity {
  if (FORMAT_REGISTRY[q.fmt].block !== null) return 'block'
  return q.gran === 'group' ? 'group' : q.gran === 'channel' && twoD ? 'channel' : 'tensor'
}

/** The tensor as the core's [channels … ] shape: rows are channels (axis 0) or columns are (axis 1). */
function coreShape(
  shape: [number, number],
  axis: 'row' | 'col',
): { shape: number[]; axis: number; len: number } {
  const [R, C] = shape
  return axis === 'row' ? { shape: [R, C], axis: 0, len: C } : { shape: [R, C], axis: 1, len: R }
}

/**
 * Quantize through the chosen format. `T` is the calibrated threshold: per tensor, the scale maps it to the
 * format's largest value (T / 448 for E4M3, T / 1 for NF4); per channel and per group each slice's absmax
 * does (groupwiseQuantize); MX formats take each 32-value block's power of two (OCP MX v1.0).
 */
export function formatQuantize(
  x: Float64Array,
  shape: [number, number],
  q: FormatSettings,
  T: number,
): FormatRoundTrip {
  return runSteps(formatQuantizeSteps(x, shape, q, T))
}

/** A format's round trip: x̂, what the view says of it, MX's saturation and, per channel, each channel's scale. */
export interface FormatRoundTrip {
  xhat: Float64Array
  view: FormatView
  saturated: Saturation | null
  /** one scale per channel, in channel order (granularity 'channel' only; null otherwise) */
  channelScales: Float64Array | null
}

/**
 * `formatQuantize` in slices (core/steps.ts) where it is element-wise (per tensor); the MX blocks and the
 * group/channel scales are one core call each (groupwiseQuantize, mxQuantize), not split.
 */
export function* formatQuantizeSteps(
  x: Float64Array,
  shape: [number, number],
  q: FormatSettings,
  T: number,
): Steps<FormatRoundTrip> {
  const info = FORMAT_REGISTRY[q.fmt]
  const n = x.length
  const twoD = shape[0] > 1
  const cs = coreShape(twoD ? shape : [1, n], twoD ? q.axis : 'row')
  const elemBits = elementBits(q.fmt, q.bits)
  const base = { fmt: q.fmt, elemBits, groupClamped: false }
  const gran = formatGranularity(q, twoD)
  if (gran === 'block') {
    // (formatGranularity gives 'block' exactly to the formats with a block size)
    const block = info.block!
    const format = q.fmt as MxFormat
    const r = yield* groupedSteps(x, cs.shape as [number, number], cs.axis, block, (xs, shape) => {
      const m = mxQuantize(xs, { shape, axis: cs.axis, format })
      return { dequantized: m.dequantized, count: m.exponents.length, saturated: m.saturated }
    })
    return {
      xhat: r.dequantized,
      saturated: r.saturated,
      channelScales: null,
      view: {
        ...base,
        granularity: 'block',
        levels: null,
        levelCounts: null,
        scale: null,
        scaleCount: r.count,
        valuesPerScale: block,
        scaleBits: info.scaleBits,
        bitsPerWeight: bitsPerWeight(elemBits, block, info.scaleBits),
        calibrated: false,
      },
    }
  }
  const element = info.element
  if (gran !== 'tensor') {
    const groupSize = gran === 'group' ? Math.min(q.group, cs.len) : cs.len
    const r = yield* groupedSteps(x, cs.shape as [number, number], cs.axis, groupSize, (xs, shape) => {
      const g = groupwiseQuantize(xs, {
        shape,
        axis: cs.axis,
        groupSize,
        ...(element ? { format: element } : { bits: q.bits }),
      })
      return { dequantized: g.dequantized, count: g.scales.length, scales: g.scales }
    })
    return {
      xhat: r.dequantized,
      // per channel each group is a whole channel, and the pieces hold whole channels in order (groupedSteps)
      channelScales: gran === 'channel' ? r.scales : null,
      // each slice's absmax lands on the largest level: nothing lies beyond it
      saturated: null,
      view: {
        ...base,
        granularity: gran,
        groupClamped: gran === 'group' && q.group > cs.len,
        // each slice has its own scale: no one set of levels is the tensor's
        levels: null,
        levelCounts: null,
        scale: null,
        scaleCount: r.count,
        valuesPerScale: groupSize,
        scaleBits: info.scaleBits,
        bitsPerWeight: bitsPerWeight(elemBits, groupSize, info.scaleBits),
        calibrated: false,
      },
    }
  }
  // per tensor: element is set here (the integer grid per tensor never reaches this module)
  const el = element as ElementFormat
  const scale = tensorScale(q.fmt, T) ?? 1
  // quantizeToFormat(x, el, scale) slice by slice (element-wise; the format and scale are valid here), and the
  // values on each level (formatIndex's count, at any size), both from one pass (quantizeCountInto)
  const values = formatValues(el)
  const xhat = new Float64Array(n)
  const levelCounts = new Float64Array(values.length)
  for (let s0 = 0; s0 < n; s0 += STEP) {
    yield
    const e0 = Math.min(n, s0 + STEP)
    quantizeCountInto(x, s0, e0, xhat, levelCounts, el, scale)
  }
  return {
    xhat,
    // the clipping bounds are the levels' ends, ±T (applyFormatSteps)
    saturated: null,
    channelScales: null,
    view: {
      ...base,
      granularity: 'tensor',
      levels: scaled(values, scale),
      levelCounts,
      scale,
      scaleCount: 1,
      valuesPerScale: n,
      scaleBits: 32,
      bitsPerWeight: bitsPerWeight(elemBits, n, 32),
      calibrated: true,
    },
  }
}

/**
 * A format's scale for one scale per tensor: the threshold T onto its largest value (T / 448 for E4M3); null when T
 * gives none (0, or a quotient that underflows or overflows), where formatQuantize takes scale 1.
 */
export function tensorScale(fmt: LabFormat, T: number): number | null {
  const s = T / FORMAT_REGISTRY[fmt].largest!
  return T > 0 && Number.isFinite(s) && s > 0 ? s : null
}

/**
 * Per tensor, the range a format clips at for the threshold T: its lowest and highest levels at the scale
 * formatQuantize takes (±T, or ±largest at scale 1 when T gives none). A format is symmetric: for an asymmetric
 * clipping range [lo, hi] the Lab passes T = max(|lo|, |hi|), so it clips at ±T, not at [lo, hi].
 */
export function formatClip(fmt: LabFormat, T: number): [number, number] {
  const values = formatValues(FORMAT_REGISTRY[fmt].element!)
  const scale = tensorScale(fmt, T) ?? 1
  return [values[0] * scale, values[values.length - 1] * scale]
}

/**
 * A per-group quantizer (groups or MX blocks of `unit` values along each channel's slice, each with a scale
 * from its own values only) run over pieces of a [R, C] tensor that hold whole groups, a yield between pieces
 * (core/steps.ts): rows are channels (axis 0): whole rows together, or a long row in pieces of whole groups;
 * columns are channels (axis 1): blocks of rows, a whole number of groups tall. Every group is the same group
 * as in one call over the tensor (a last, shorter group included), so the values are the same; `count` adds
 * up the pieces' scales, `saturated` the pieces' saturation (MX; null when the quantizer reports none), `scales`
 * the pieces' scales one after the other (null when the quantizer returns none): one call's order only when each
 * group is a whole channel, since for groups along columns the pieces' order differs from one call's.
 */
export function* groupedSteps(
  x: Float64Array,
  shape: [number, number],
  axis: number,
  unit: number,
  run: (
    xs: Float64Array,
    shape: [number, number],
  ) => { dequantized: Float64Array; count: number; saturated?: Saturation; scales?: Float64Array },
  step = STEP,
): Steps<{
  dequantized: Float64Array
  count: number
  saturated: Saturation | null
  scales: Float64Array | null
}> {
  const [R, C] = shape
  const out = new Float64Array(x.length)
  let count = 0
  let saturated: Saturation | null = null
  const scaleParts: Float64Array[] = []
  const piece = (start: number, rows: number, cols: number) => {
    const r = run(x.subarray(start, start + rows * cols), [rows, cols])
    out.set(r.dequantized, start)
    count += r.count
    if (r.scales) scaleParts.push(r.scales)
    if (r.saturated) {
      saturated ??= { count: 0, sse: 0 }
      saturated.count += r.saturated.count
      saturated.sse += r.saturated.sse
    }
  }
  if (axis === 0) {
    if (C <= step) {
      const rows = Math.max(1, Math.floor(step / C))
      for (let r0 = 0; r0 < R; r0 += rows) {
        if (r0 > 0) yield
        piece(r0 * C, Math.min(rows, R - r0), C)
      }
    } else {
      const seg = Math.max(unit, Math.floor(step / unit) * unit)
      for (let r0 = 0; r0 < R; r0++)
        for (let c0 = 0; c0 < C; c0 += seg) {
          if (r0 > 0 || c0 > 0) yield
          piece(r0 * C + c0, 1, Math.min(seg, C - c0))
        }
    }
  } else {
    const rows = Math.max(unit, Math.floor(Math.max(1, Math.floor(step / C)) / unit) * unit)
    for (let r0 = 0; r0 < R; r0 += rows) {
      if (r0 > 0) yield
      piece(r0 * C, Math.min(rows, R - r0), C)
    }
  }
  // (the pieces' scales one after the other: the core's order, one per channel, when each group is a whole channel
  // (unit = a channel's length): every piece then holds whole channels in order)
  let scales: Float64Array | null = null
  if (scaleParts.length > 0) {
    scales = new Float64Array(scaleParts.reduce((a, b) => a + b.length, 0))
    for (let i = 0, at = 0; i < scaleParts.length; at += scaleParts[i].length, i++)
      scales.set(scaleParts[i], at)
  }
  return { dequantized: out, count, saturated, scales }
}

function scaled(v: Float64Array, s: number): Float64Array {
  const out = new Float64Array(v.length)
  for (let i = 0; i < v.length; i++) out[i] = v[i] * s
  return out
}

export interface SweepRow {
  /** a stable id (also the i18n key suffix `fmt.sweep.<id>`) */
  id: SweepId
  bitsPerWeight: number
  sqnrDb: number
  mse: number
}

export const SWEEP_IDS = [
  'int8-ch',
  'e4m3-ch',
  'e5m2-ch',
  'mxfp8',
  'int4-ch',
  'int4-g128',
  'int4-g64',
  'int4-g32',
  'nf4-g64',
  'mxfp4',
] as const
export type SweepId = (typeof SWEEP_IDS)[number]

/**
 * At most this many values enter the sweep: the first ones of the tensor, in row order. A sweep's SQNR on 2^20
 * values is within a few hundredths of a dB of the whole tensor's, and its ten formats take ~0.25 s in Node; the
 * worker answers calls one at a time, so a calibration change asked meanwhile waits for it.
 */
export const SWEEP_LIMIT = 1 << 20

/**
 * The trade-off on the user's tensor: every row is one common weight format with its scales, its SQNR and
 * its cost in bits per weight (fp16 scales per channel or group; E8M0 per 32-value block for MX).
 * Channels run along `axis` (a 1-D tensor is one channel). Large tensors use their first rows up to SWEEP_LIMIT
 * values, or the first SWEEP_LIMIT values of the first row when one row alone is longer; `used` says how many.
 */
export function formatSweep(
  x: Float64Array,
  shape: [number, number],
  axis: 'row' | 'col',
): { rows: SweepRow[]; used: number } {
  return runSteps(formatSweepSteps(x, shape, axis))
}

/** `formatSweep` with a yield after each format (each one whole core call on up to SWEEP_LIMIT values). */
export function* formatSweepSteps(
  x: Float64Array,
  shape: [number, number],
  axis: 'row' | 'col',
): Steps<{ rows: SweepRow[]; used: number }> {
  const twoD = shape[0] > 1
  let cs = coreShape(twoD ? shape : [1, x.length], twoD ? axis : 'row')
  let data = x
  if (x.length > SWEEP_LIMIT) {
    // keep whole rows (the reduction axis of each channel stays intact for axis 0; for axis 1 fewer rows
    // shorten every column's slice equally); a row longer than the limit (a 1-D tensor of 10⁷ values is one)
    // gives its first SWEEP_LIMIT values, as one row: taking it whole made the sweep 2.5 s at N = 10⁷
    const C = cs.shape[1]
    const rows = Math.floor(SWEEP_LIMIT / C)
    const side = cs.axis === 0 ? 'row' : 'col'
    if (rows >= 1) {
      data = x.subarray(0, rows * C)
      cs = coreShape([rows, C], side)
    } else {
      data = x.subarray(0, SWEEP_LIMIT)
      cs = coreShape([1, SWEEP_LIMIT], side)
    }
  }
  const len = cs.len
  const gq = (groupSize: number, o: { bits?: number; format?: ElementFormat }) =>
    groupwiseQuantize(data, { shape: cs.shape, axis: cs.axis, groupSize: Math.min(groupSize, len), ...o })
      .dequantized
  const row = (id: SweepId): SweepRow => {
    let xhat: Float64Array
    let bpw: number
    switch (id) {
      case 'int8-ch':
        xhat = gq(len, { bits: 8 })
        bpw = bitsPerWeight(8, len)
        break
      case 'e4m3-ch':
        xhat = gq(len, { format: 'e4m3' })
        bpw = bitsPerWeight(8, len)
        break
      case 'e5m2-ch':
        xhat = gq(len, { format: 'e5m2' })
        bpw = bitsPerWeight(8, len)
        break
      case 'int4-ch':
        xhat = gq(len, { bits: 4 })
        bpw = bitsPerWeight(4, len)
        break
      case 'int4-g128':
      case 'int4-g64':
      case 'int4-g32': {
        const g = Number(id.slice(6))
        xhat = gq(g, { bits: 4 })
        bpw = bitsPerWeight(4, Math.min(g, len))
        break
      }
      case 'nf4-g64':
        xhat = gq(64, { format: 'nf4' })
        bpw = bitsPerWeight(4, Math.min(64, len))
        break
      case 'mxfp4':
      case 'mxfp8':
        xhat = mxQuantize(data, { shape: cs.shape, axis: cs.axis, format: id }).dequantized
        bpw = bitsPerWeight(id === 'mxfp4' ? 4 : 8, FORMAT_REGISTRY[id].block!, FORMAT_REGISTRY[id].scaleBits)
        break
      default: {
        const never: never = id
        throw new RangeError(`unknown sweep row ${String(never)}`)
      }
    }
    const m = errorMetrics(data, xhat)
    return { id, bitsPerWeight: bpw, sqnrDb: m.sqnrDb, mse: m.mse }
  }
  const rows: SweepRow[] = []
  for (const id of SWEEP_IDS) {
    yield
    rows.push(row(id))
  }
  return { rows, used: data.length }
}

/**
 * The metrics of a format's round trip (the core's errorMetrics): per tensor the clipped values are those beyond
 * the format's levels, ±T (formatClip); with each slice's own absmax nothing is clipped; MX's saturation is the
 * clipping its quantizer reports.
 */
function* formatMetricsSteps(
  x: Float64Array,
  xhat: Float64Array,
  view: FormatView,
  T: number,
  saturated: Saturation | null,
): Steps<Metrics> {
  const [lowClip, clip] = view.granularity === 'tensor' ? formatClip(view.fmt, T) : [-Infinity, Infinity]
  const m = yield* errorMetricsSteps(x, xhat, { clipLow: lowClip, clipHigh: clip })
  let clipSse = m.clipErrorMse * m.n
  let roundSse = m.roundErrorMse * m.n
  if (saturated) {
    // MX clips at each block's own ±largest·X: the core counted those values and their squared error (the
    // metrics above, with no common bounds, put all of it under rounding)
    // (when the saturated values' sum overflows, as past ~1e154, the rest is negligible beside it: values that
    // do not saturate err by at most half their block's step, below 2^128 each; roundSse is then 0)
    const all = clipSse + roundSse
    clipSse = Math.min(saturated.sse, all)
    const rest = all - clipSse
    roundSse = rest > 0 ? rest : 0
  }
  const metrics: Metrics = {
    n: m.n,
    mse: m.mse,
    sqnrDb: m.sqnrDb,
    maxAbsError: m.maxAbsError,
    meanAbsError: m.meanAbsError,
    clipped: saturated ? saturated.count : m.clippedCount,
    clipSse,
    roundSse,
  }
  return metrics
}

/**
 * Which per-channel comparison a 2-D tensor has under a format (the Per channel panel): an element format's own
 * (formatChannelViewSteps), the integer grid's for integer groups (LabEngine's, every channel calibrated), none
 * for MX, whose blocks each have their own power of two.
 */
export function formatChannelComparison(fmt: LabFormat): 'format' | 'int' | null {
  const info = FORMAT_REGISTRY[fmt]
  return info.block !== null ? null : info.element !== null ? 'format' : 'int'
}

/**
 * The per-channel comparison of a 2-D tensor under an element format (FP8, FP4, NF4): the format with one scale for
 * the tensor (T / its largest value) against the format with one scale per channel (each channel's largest |x| onto
 * its largest value), both from formatQuantize (the core's quantizeToFormat and groupwiseQuantize), so the side of
 * the chosen granularity has the main figures' numbers. MX formats have no such comparison (each block of 32 has
 * its own power of two); the integer grid's comparison is LabEngine's.
 */
export function* formatChannelViewSteps(
  x: Float64Array,
  shape: [number, number],
  q: FormatSettings,
  T: number,
): Steps<ChannelView> {
  if (FORMAT_REGISTRY[q.fmt].element === null || FORMAT_REGISTRY[q.fmt].block !== null)
    throw new RangeError(`no per-channel comparison for ${q.fmt}`)
  const [R, C] = shape
  const byRow = q.axis === 'row'
  const channels = byRow ? R : C
  const len = byRow ? C : R
  const tensor = yield* formatQuantizeSteps(x, shape, { ...q, gran: 'tensor' }, T)
  const channel = yield* formatQuantizeSteps(x, shape, { ...q, gran: 'channel' }, T)
  const metricsTensor = yield* formatMetricsSteps(x, tensor.xhat, tensor.view, T, null)
  const metricsChannel = yield* formatMetricsSteps(x, channel.xhat, channel.view, T, null)
  const mseTensor = new Float64Array(channels)
  const mseChannel = new Float64Array(channels)
  const { heatRows, heatCols, rowCell, colCell } = heatCells(R, C)
  const heatTensor = new Float32Array(heatRows * heatCols)
  const heatChannel = new Float32Array(heatRows * heatCols)
  const xt = tensor.xhat
  const xc = channel.xhat
  let done = 0
  for (let ch = 0; ch < channels; ch++) {
    if (done >= STEP) {
      done = 0
      yield
    }
    done += len
    // element k of the channel is x[i0 + k·stride]
    const i0 = byRow ? ch * C : ch
    const stride = byRow ? 1 : C
    let sseT = 0
    let sseC = 0
    for (let k = 0, i = i0; k < len; k++, i += stride) {
      const dT = xt[i] - x[i]
      const dC = xc[i] - x[i]
      sseT += dT ** 2
      sseC += dC ** 2
      const cell = byRow ? rowCell[ch] + colCell[k] : rowCell[k] + colCell[ch]
      heatTensor[cell] = Math.max(heatTensor[cell], Math.abs(dT))
      heatChannel[cell] = Math.max(heatChannel[cell], Math.abs(dC))
    }
    mseTensor[ch] = sseT / len
    mseChannel[ch] = sseC / len
  }
  return {
    rows: R,
    cols: C,
    // (formatGranularity gives 'channel' to an element format on a 2-D tensor: one scale per channel, in order)
    scales: channel.channelScales!,
    // a format is symmetric: no zero point
    zeroPoints: new Float64Array(channels),
    mseTensor,
    mseChannel,
    metricsTensor,
    metricsChannel,
    heatRows,
    heatCols,
    heatTensor,
    heatChannel,
    minmaxFallback: false,
    format: { fmt: q.fmt, elemBits: channel.view.elemBits, threshold: T, tensorScale: tensor.view.scale! },
  }
}

/**
 * The histogram of a tensor whose values are `levels[k]`, `counts[k]` times each (weightedHistogram): the same
 * as numpy.histogram over the values, in O(levels + bins). Also the integer grid's (labEngine histogramOfCodes).
 */
export function levelHistogram(
  levels: ArrayLike<number>,
  counts: ArrayLike<number>,
  display: { bins: number; lo: number; hi: number },
): Float64Array {
  const values: number[] = []
  const weights: number[] = []
  for (let k = 0; k < counts.length; k++) {
    if (!(counts[k] > 0)) continue
    values.push(levels[k])
    weights.push(counts[k])
  }
  return weightedHistogram(values, weights, display.bins, [display.lo, display.hi]).counts
}

/**
 * The Lab's result with the format path's round trip in place of the integer grid's: metrics, the
 * dequantized histogram, the error histogram and the sample all come from the format's x̂; the integer
 * plan stays for the panels that draw the clipping range. Codes count the format's levels.
 */
export function applyFormat(
  res: QuantResult,
  x: Float64Array,
  shape: [number, number],
  q: FormatSettings,
  display: { bins: number; lo: number; hi: number },
): QuantResult {
  return runSteps(applyFormatSteps(res, x, shape, q, display))
}

/** `applyFormat` in slices (core/steps.ts): the same result. */
export function* applyFormatSteps(
  res: QuantResult,
  x: Float64Array,
  shape: [number, number],
  q: FormatSettings,
  display: { bins: number; lo: number; hi: number },
): Steps<QuantResult> {
  const T = res.threshold
  yield
  const { xhat, view, saturated } = yield* formatQuantizeSteps(x, shape, q, T)
  yield
  const metrics = yield* formatMetricsSteps(x, xhat, view, T, saturated)
  // displayCounts and histogram(err, 60), in slices. Per tensor, x̂ holds only the format's levels (each the
  // level's value times the scale: the same product as view.levels), so its histogram is the levels' counted
  // one (numpy's histogram with the counts as weights): ~0.1 s less at N = 10⁷ than binning x̂ value by value
  const dequantDisplay =
    view.levels && view.levelCounts
      ? levelHistogram(view.levels, view.levelCounts, display)
      : (yield* histogramSteps(xhat, display.bins, [display.lo, display.hi])).counts
  const sampleXhat = xhat.slice(0, res.sample.x.length)
  // x̂ is this call's own array and nothing reads it past this point: the errors x̂ − x overwrite it (a new
  // array of 10⁷ doubles cost ~40 ms in Node, its 80 MB of fresh pages zeroed)
  const err = xhat
  for (let s0 = 0; s0 < x.length; s0 += STEP) {
    yield
    for (let i = s0, e0 = Math.min(x.length, s0 + STEP); i < e0; i++) err[i] -= x[i]
  }
  // up to 60 bins, as the integer path's: an error range of a few subnormals, or a constant error far from zero,
  // holds fewer than numpy's rule would ask for (which refuses it)
  const errorHist = yield* histogramUpToSteps(err, 60)
  let used = res.codesUsed
  let total = res.codesTotal
  if (view.levelCounts) {
    used = 0
    for (const c of view.levelCounts) if (c > 0) used++
    total = view.levelCounts.length
  } else if (view.levels) total = view.levels.length
  else if (FORMAT_REGISTRY[q.fmt].element) total = formatValues(FORMAT_REGISTRY[q.fmt].element!).length
  return {
    ...res,
    metrics,
    codesUsed: used,
    codesTotal: total,
    codesUsedInliers: used,
    // the integer plan's code counts belong to the integer grid, which no format result draws
    codeCounts: null,
    dequantDisplay,
    errorHist,
    sample: { x: res.sample.x, q: res.sample.q, xhat: sampleXhat },
    perChannel: false,
    // a 2-D tensor's per-channel comparison comes from its own call (LabEngine.channels), as at per-tensor
    // granularity: the format's own for an element format, the integer grid's for integer groups, none under MX
    channels: null,
    channelsLater:
      res.channelsLater === null
        ? null
        : formatChannelComparison(q.fmt) === 'format'
          ? metrics
          : formatChannelComparison(q.fmt) === 'int'
            ? res.channelsLater
            : null,
    // the format's range is ±T per tensor, empty only when T gives no scale (formatQuantize then takes 1); with
    // each channel's, group's or block's own scale the threshold plays no part, and leaves nothing empty
    emptyClip: view.granularity === 'tensor' && !res.zeroRange && tensorScale(q.fmt, T) === null,
    format: view,
  }
}

/**
 * The Lab's computation, kept in one object that holds the tensor: used directly on the main thread for
 * small tensors and behind comlink in the Web Worker for large ones (the data then never crosses threads;
 * only the small results do). Pure: no DOM.
 */
import {
  absHistogram,
  entropyCalibrate,
  errorMetrics,
  histogram,
  klMicroscope,
  mseCalibrate,
  percentileCalibrate,
  percentileKeep,
  rounder,
  tvmHistogram,
  type CurveResult,
  type EntropyVariant,
  type Histogram,
} from '../core'
import type { LabParams } from '../state/labParams'
import { analyze, DISPLAY_BINS, entropyFor, percentileRange, stats, type Stats } from './analyze'
import { applyFormat, formatSweep, usesFormatPath, type FormatView, type SweepRow } from './formatQuant'
import { dequantCode, planGrid, type QuantPlan } from './plan'
import { generateTensor, type SourceSpec, type Tensor } from './sources'

export type QuantSettings = Pick<
  LabParams,
  | 'scheme'
  | 'form'
  | 'bits'
  | 'unsigned'
  | 'range'
  | 'gran'
  | 'axis'
  | 'round'
  | 'conv'
  | 'calib'
  | 'variant'
  | 'pct'
  | 'pctmode'
  | 't'
  | 'fmt'
  | 'group'
>

export interface SourceSummary {
  n: number
  shape: [number, number]
  outliers: number
  stats: Stats
  display: Histogram
  /** the |x| histogram the calibrators use (2048 bins) */
  absHist: Histogram
}

export interface Thresholds {
  minmax: number
  percentile: number
  entropy: number
  mse: number
}

export interface Metrics {
  n: number
  mse: number
  sqnrDb: number
  maxAbsError: number
  meanAbsError: number
  clipped: number
  clipSse: number
  roundSse: number
}

export interface ChannelView {
  rows: number
  cols: number
  /** per-channel scales and zero points */
  scales: Float64Array
  zeroPoints: Float64Array
  /** per-row MSE with one scale for the whole tensor, and with one scale per channel */
  mseTensor: Float64Array
  mseChannel: Float64Array
  metricsTensor: Metrics
  metricsChannel: Metrics
  /** |error| heatmap, downsampled to at most 64 × 128 cells: per-tensor and per-channel */
  heatRows: number
  heatCols: number
  heatTensor: Float32Array
  heatChannel: Float32Array
  /** channels too small for a 2048-bin histogram method fall back to their min-max range */
  minmaxFallback: boolean
}

export interface QuantResult {
  plan: QuantPlan
  /** the bit width the result was computed for (the settings may have moved on since) */
  bits: number
  /** the clipping threshold T (symmetric) or the upper clip (asymmetric) */
  threshold: number
  thresholds: Thresholds
  metrics: Metrics
  codesUsed: number
  codesTotal: number
  /** codes used by the values that are not injected outliers */
  codesUsedInliers: number
  /** count per code q = qmin … qmax (only for up to 4096 codes; else null) */
  codeCounts: Float64Array | null
  /** dequantized values over the display bins */
  dequantDisplay: Float64Array
  errorHist: Histogram
  /** the first values and their round trips, for the grid chart and the tables */
  sample: { x: Float64Array; q: Int32Array; xhat: Float64Array }
  channels: ChannelView | null
  /** the grid could not be made from the data's range (constant zero tensor): scale 1 was used */
  zeroRange: boolean
  /** the main figures are per channel (2-D tensor, per-channel granularity) */
  perChannel: boolean
  /** the threshold leaves an empty clipping range (e.g. 0): every value is clipped to one point */
  emptyClip: boolean
  /** a number format other than the integer grid, or group-wise scales (formatQuant.ts); else absent */
  format?: FormatView
}

const SAMPLE = 512

/** The core's error metrics (src/core/metrics.ts) in the shape the panels use: sums instead of shares. */
function accumulate(x: ArrayLike<number>, xhat: ArrayLike<number>, lo: number, hi: number): Metrics {
  const m = errorMetrics(x, xhat, { clipLow: lo, clipHigh: hi })
  return {
    n: m.n,
    mse: m.mse,
    sqnrDb: m.sqnrDb,
    maxAbsError: m.maxAbsError,
    meanAbsError: m.meanAbsError,
    clipped: m.clippedCount,
    clipSse: m.clipErrorMse * m.n,
    roundSse: m.roundErrorMse * m.n,
  }
}

/** An engine failure the UI can explain in the user's language (`code` picks the message). */
export class EngineError extends Error {
  constructor(
    public code: 'empty' | 'overflow',
    detail: string,
  ) {
    // the code leads the message: comlink carries an error's message across the worker boundary, not its fields
    super(`${code}: ${detail}`)
    this.name = 'EngineError'
  }
}

/** Whether the settings quantize symmetrically (TensorRT and TVM only know the symmetric scheme). */
export function isSymmetric(q: Pick<QuantSettings, 'scheme' | 'conv'>): boolean {
  return q.scheme === 'symmetric' || q.conv === 'tensorrt' || q.conv === 'tvm'
}

/** The clipping range a threshold T gives: ±T, or for asymmetric schemes [max(min, −T), min(max, T)]. */
export function clipForThreshold(
  q: Pick<QuantSettings, 'scheme' | 'conv'>,
  st: Pick<Stats, 'min' | 'max'>,
  T: number,
): [number, number] {
  if (isSymmetric(q)) return [-T, T]
  // a threshold below the data's smallest magnitude leaves an empty range: keep lo <= hi (it is reported)
  const lo = Math.max(st.min, -T)
  return [lo, Math.max(lo, Math.min(st.max, T))]
}

export class LabEngine {
  private x: Float64Array = new Float64Array(0)
  private shape: [number, number] = [1, 0]
  private outlierIdx: Int32Array = new Int32Array(0)
  private summary: SourceSummary | null = null
  private entropyCache = new Map<EntropyVariant, CurveResult | null>()
  private mseCache: CurveResult | null | undefined
  private pctCache = new Map<string, number>()
  private rowCache = new Map<string, Float64Array>()
  private signedCalib: Histogram | null = null
  private tvmHist: Histogram | null = null
  private sweepCache = new Map<string, { rows: SweepRow[]; used: number }>()

  /** Generate a tensor from a source spec and keep it. */
  generate(spec: SourceSpec): SourceSummary {
    return this.setTensor(generateTensor(spec))
  }

  /** Keep loaded values (already checked finite by the loader). */
  setLoaded(data: Float64Array, shape: [number, number]): SourceSummary {
    return this.setTensor({ data, shape, outlierIdx: new Int32Array(0) })
  }

  private setTensor(t: Tensor): SourceSummary {
    if (t.data.length === 0) throw new EngineError('empty', 'the tensor is empty')
    for (let i = 0; i < t.data.length; i++) {
      if (!Number.isFinite(t.data[i])) throw new EngineError('overflow', `value ${i} is ${t.data[i]}`)
    }
    // everything that can fail is computed before the engine's state changes
    const st = stats(t.data)
    const span = st.max - st.min
    if (!Number.isFinite(span)) throw new EngineError('overflow', 'the range of the values overflows')
    const display = histogram(t.data, DISPLAY_BINS)
    const absHist = absHistogram(t.data, 2048)
    this.x = t.data
    this.shape = t.shape
    this.outlierIdx = t.outlierIdx
    this.entropyCache.clear()
    this.mseCache = undefined
    this.pctCache.clear()
    this.rowCache.clear()
    this.signedCalib = null
    this.tvmHist = null
    this.sweepCache.clear()
    this.summary = {
      n: this.x.length,
      shape: this.shape,
      outliers: this.outlierIdx.length,
      stats: st,
      display,
      absHist,
    }
    return this.summary
  }

  private need(): SourceSummary {
    if (!this.summary) throw new RangeError('no tensor loaded')
    return this.summary
  }

  entropyCurve(variant: EntropyVariant): CurveResult | null {
    const s = this.need()
    if (!this.entropyCache.has(variant)) {
      this.entropyCache.set(variant, s.stats.absMax === 0 ? null : entropyFor(this.x, s.absHist, variant))
    }
    return this.entropyCache.get(variant) ?? null
  }

  mseCurve(): CurveResult | null {
    const s = this.need()
    if (this.mseCache === undefined) this.mseCache = s.stats.absMax === 0 ? null : mseCalibrate(s.absHist)
    return this.mseCache
  }

  /** Percentile threshold: the histogram-CDF version (pytorch-quantization) or the notes' partition version. */
  percentileThreshold(pct: number, mode: 'hist' | 'notes'): number {
    const s = this.need()
    const key = `${mode}:${pct}`
    if (!this.pctCache.has(key)) {
      let v = 0
      if (mode === 'hist') v = s.stats.absMax === 0 ? 0 : percentileCalibrate(s.absHist, pct)
      else {
        const kept = percentileKeep(this.x, pct / 100)
        for (let i = 0; i < kept.length; i++) if (kept[i] > v) v = kept[i]
      }
      this.pctCache.set(key, v)
    }
    return this.pctCache.get(key)!
  }

  /** One candidate of the entropy sweep in full (the same per-candidate code as the sweep). */
  microscope(variant: EntropyVariant, index: number) {
    const s = this.need()
    if (variant === 'tvm') {
      if (!this.tvmHist) this.tvmHist = tvmHistogram(this.x)
      return klMicroscope(this.tvmHist, index, { variant })
    }
    return klMicroscope(s.absHist, index, { variant })
  }

  thresholds(q: QuantSettings): Thresholds {
    const s = this.need()
    return {
      minmax: s.stats.absMax,
      percentile: this.percentileThreshold(q.pct, q.pctmode),
      entropy: this.entropyCurve(q.variant)?.threshold ?? s.stats.absMax,
      mse: this.mseCurve()?.threshold ?? s.stats.absMax,
    }
  }

  /** The clipping range the settings ask for. */
  clipRange(q: QuantSettings, th: Thresholds): [number, number] {
    const { stats: st } = this.need()
    const symmetric = isSymmetric(q)
    if (q.calib === 'minmax') return symmetric ? [-st.absMax, st.absMax] : [st.min, st.max]
    if (q.calib === 'percentile' && !symmetric && q.pctmode === 'hist') {
      if (!this.signedCalib) this.signedCalib = histogram(this.x, 2048)
      return percentileRange(this.signedCalib, q.pct)
    }
    const T =
      q.calib === 'percentile'
        ? th.percentile
        : q.calib === 'entropy'
          ? th.entropy
          : q.calib === 'mse'
            ? th.mse
            : (q.t ?? st.absMax)
    return clipForThreshold(q, st, T)
  }

  quantize(q: QuantSettings): QuantResult {
    const s = this.need()
    const th = this.thresholds(q)
    const [lo, hi] = this.clipRange(q, th)
    const plan = planGrid(q, lo, hi)
    const zeroRange = s.stats.absMax === 0
    const emptyClip = !zeroRange && !(hi > lo)
    const x = this.x
    const n = x.length
    const round = rounder(q.round)
    const codesTotal = plan.qmax - plan.qmin + 1
    const trackCodes = codesTotal <= 65536
    const counts = trackCodes ? new Float64Array(codesTotal) : null
    const xhat = new Float64Array(n)
    const qs = new Int32Array(Math.min(n, SAMPLE))
    const { scale, zeroPoint, offset, qmin, qmax } = plan
    const notesForm = plan.form === 'notes'
    for (let i = 0; i < n; i++) {
      let c = notesForm ? round((x[i] - offset) / scale) : round(x[i] / scale) + zeroPoint
      if (c < qmin) c = qmin
      else if (c > qmax) c = qmax
      xhat[i] = notesForm ? scale * c + offset : scale * (c - zeroPoint)
      if (counts) counts[c - qmin]++
      if (i < SAMPLE) qs[i] = c
    }
    let metrics = accumulate(x, xhat, plan.lo, plan.hi)
    const channel = this.shape[0] > 1 ? this.channelView(q, xhat, plan) : null
    const perChannel = channel !== null && q.gran === 'channel'
    let shown: Float64Array = xhat
    if (perChannel) {
      // per-channel granularity: every figure below is the per-channel result (codes counted on the shared
      // integer range; each channel has its own scale)
      shown = channel.xhat
      metrics = channel.view.metricsChannel
      if (counts) {
        counts.fill(0)
        for (let i = 0; i < n; i++) counts[channel.codes[i] - qmin]++
      }
      for (let i = 0; i < qs.length; i++) qs[i] = channel.codes[i]
    }
    let codesUsed = 0
    if (counts) for (let k = 0; k < codesTotal; k++) if (counts[k] > 0) codesUsed++
    let codesUsedInliers = codesUsed
    if (counts && this.outlierIdx.length > 0 && !perChannel) {
      const inl = counts.slice()
      for (const i of this.outlierIdx) {
        const c = notesForm ? round((x[i] - offset) / scale) : round(x[i] / scale) + zeroPoint
        inl[Math.min(qmax, Math.max(qmin, c)) - qmin]--
      }
      codesUsedInliers = 0
      for (let k = 0; k < codesTotal; k++) if (inl[k] > 0) codesUsedInliers++
    }
    const err = new Float64Array(n)
    for (let i = 0; i < n; i++) err[i] = shown[i] - x[i]
    const dequantDisplay = histogram(shown, s.display.counts.length, [
      s.display.edges[0],
      s.display.edges[s.display.edges.length - 1],
    ]).counts
    const res: QuantResult = {
      plan,
      bits: q.bits,
      threshold: Math.max(Math.abs(plan.lo), Math.abs(plan.hi)),
      thresholds: th,
      metrics,
      codesUsed,
      codesTotal,
      codesUsedInliers,
      codeCounts: counts && codesTotal <= 4096 ? counts : null,
      dequantDisplay,
      errorHist: histogram(err, 60),
      sample: { x: x.slice(0, SAMPLE), q: qs, xhat: shown.slice(0, SAMPLE) },
      channels: channel?.view ?? null,
      perChannel,
      zeroRange,
      emptyClip,
    }
    if (!usesFormatPath(q)) return res
    const d = s.display
    return applyFormat(res, x, this.shape, q, {
      bins: d.counts.length,
      lo: d.edges[0],
      hi: d.edges[d.edges.length - 1],
    })
  }

  /** The formats' trade-off on this tensor (formatQuant.ts formatSweep), cached per axis. */
  formatSweep(axis: 'row' | 'col'): { rows: SweepRow[]; used: number } {
    this.need()
    let r = this.sweepCache.get(axis)
    if (!r) {
      r = formatSweep(this.x, this.shape, axis)
      this.sweepCache.set(axis, r)
    }
    return r
  }

  /** Per-channel quantization of a 2-D tensor (per row or per column), against the per-tensor result. */
  private channelView(
    q: QuantSettings,
    xhatTensor: Float64Array,
    tensorPlan: QuantPlan,
  ): { view: ChannelView; xhat: Float64Array; codes: Int32Array } {
    const [R, C] = this.shape
    const byRow = q.axis === 'row'
    const channels = byRow ? R : C
    const len = byRow ? C : R
    const at = (ch: number, k: number) => (byRow ? ch * C + k : k * C + ch)
    const x = this.x
    const round = rounder(q.round)
    const scales = new Float64Array(channels)
    const zeroPoints = new Float64Array(channels)
    const mseTensor = new Float64Array(channels)
    const mseChannel = new Float64Array(channels)
    const xhat = new Float64Array(x.length)
    const codes = new Int32Array(x.length)
    const row = new Float64Array(len)
    const clipLo = new Float64Array(channels)
    const clipHi = new Float64Array(channels)
    for (let ch = 0; ch < channels; ch++) {
      for (let k = 0; k < len; k++) row[k] = x[at(ch, k)]
      const [lo, hi] = this.channelClip(row, q)
      const p = planGrid(q, lo, hi)
      scales[ch] = p.scale
      zeroPoints[ch] = p.form === 'notes' ? p.offset : p.zeroPoint
      clipLo[ch] = p.lo
      clipHi[ch] = p.hi
      let sseT = 0
      let sseC = 0
      for (let k = 0; k < len; k++) {
        const i = at(ch, k)
        let c = p.form === 'notes' ? round((x[i] - p.offset) / p.scale) : round(x[i] / p.scale) + p.zeroPoint
        c = Math.min(p.qmax, Math.max(p.qmin, c))
        codes[i] = c
        xhat[i] = dequantCode(p, c)
        sseC += (xhat[i] - x[i]) ** 2
        sseT += (xhatTensor[i] - x[i]) ** 2
      }
      mseTensor[ch] = sseT / len
      mseChannel[ch] = sseC / len
    }
    // clip-aware metrics for the per-channel result: an element is clipped against its own channel's range
    let clipped = 0
    let clipSse = 0
    for (let ch = 0; ch < channels; ch++)
      for (let k = 0; k < len; k++) {
        const i = at(ch, k)
        if (x[i] < clipLo[ch] || x[i] > clipHi[ch]) {
          clipped++
          clipSse += (xhat[i] - x[i]) ** 2
        }
      }
    const metricsChannel = accumulate(x, xhat, -Infinity, Infinity)
    metricsChannel.clipped = clipped
    metricsChannel.clipSse = clipSse
    metricsChannel.roundSse = metricsChannel.mse * metricsChannel.n - clipSse
    const heatRows = Math.min(R, 64)
    const heatCols = Math.min(C, 128)
    const heatTensor = new Float32Array(heatRows * heatCols)
    const heatChannel = new Float32Array(heatRows * heatCols)
    for (let r = 0; r < R; r++) {
      const hr = Math.floor((r * heatRows) / R)
      for (let c = 0; c < C; c++) {
        const hc = Math.floor((c * heatCols) / C)
        const i = r * C + c
        const cell = hr * heatCols + hc
        heatTensor[cell] = Math.max(heatTensor[cell], Math.abs(xhatTensor[i] - x[i]))
        heatChannel[cell] = Math.max(heatChannel[cell], Math.abs(xhat[i] - x[i]))
      }
    }
    const view: ChannelView = {
      rows: R,
      cols: C,
      scales,
      zeroPoints,
      mseTensor,
      mseChannel,
      metricsTensor: accumulate(x, xhatTensor, tensorPlan.lo, tensorPlan.hi),
      metricsChannel,
      heatRows,
      heatCols,
      heatTensor,
      heatChannel,
      minmaxFallback: LabEngine.channelFallback(q, len),
    }
    return { view, xhat, codes }
  }

  /**
   * One channel's clipping range with the same calibration method as the tensor. The histogram methods
   * (KL, MSE, histogram percentile) need far more values than bins; a channel with fewer than 2048 values
   * uses its min-max range instead (as TensorRT and PyTorch do for per-channel weights), and the view says so.
   */
  private channelClip(row: Float64Array, q: QuantSettings): [number, number] {
    const st = stats(row)
    const symmetric = isSymmetric(q)
    if (q.calib === 'minmax' || st.absMax === 0 || LabEngine.channelFallback(q, row.length)) {
      return symmetric ? [-st.absMax, st.absMax] : [st.min, st.max]
    }
    let T: number
    if (q.calib === 'manual') T = q.t ?? st.absMax
    else if (q.calib === 'percentile' && q.pctmode === 'notes') {
      const kept = percentileKeep(row, q.pct / 100)
      T = 0
      for (let i = 0; i < kept.length; i++) T = Math.max(T, kept[i])
    } else {
      const h = absHistogram(row, 2048)
      T =
        q.calib === 'percentile'
          ? percentileCalibrate(h, q.pct)
          : q.calib === 'mse'
            ? mseCalibrate(h).threshold
            : q.variant === 'tvm'
              ? entropyFor(row, h, 'tvm').threshold
              : entropyCalibrate(h, { variant: q.variant }).threshold
    }
    return clipForThreshold(q, st, T)
  }

  static channelFallback(q: QuantSettings, len: number): boolean {
    const histogramMethod =
      q.calib === 'entropy' || q.calib === 'mse' || (q.calib === 'percentile' && q.pctmode === 'hist')
    return histogramMethod && len < 2048
  }

  /** The values, quantized codes and round trips as rows (for CSV/JSON export), up to `limit` rows. */
  table(q: QuantSettings, limit = 1_000_000): { x: Float64Array; q: Int32Array; xhat: Float64Array } {
    this.need()
    const th = this.thresholds(q)
    const [lo, hi] = this.clipRange(q, th)
    const p = planGrid(q, lo, hi)
    const round = rounder(q.round)
    const n = Math.min(this.x.length, limit)
    const xs = this.x.slice(0, n)
    if (this.shape[0] > 1 && q.gran === 'channel') {
      // per-channel codes and round trips (the per-tensor comparison inside channelView is not needed here)
      const ch = this.channelView(q, new Float64Array(this.x.length), p)
      return { x: xs, q: ch.codes.slice(0, n), xhat: ch.xhat.slice(0, n) }
    }
    const qs = new Int32Array(n)
    const xh = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      let c = p.form === 'notes' ? round((xs[i] - p.offset) / p.scale) : round(xs[i] / p.scale) + p.zeroPoint
      c = Math.min(p.qmax, Math.max(p.qmin, c))
      qs[i] = c
      xh[i] = dequantCode(p, c)
    }
    return { x: xs, q: qs, xhat: xh }
  }
}

export { analyze }

/**
 * The Lab's computation, kept in one object that holds the tensor: used directly on the main thread for
 * small tensors and behind comlink in the Web Worker for large ones (the data then never crosses threads;
 * only the small results do). Pure: no DOM.
 */
import {
  absHistogramSteps,
  codesInto,
  CONVENTION_FACTS,
  ErrorMetricsSums,
  errorMetricsSteps,
  histogramSteps,
  histogramUpToSteps,
  klMicroscope,
  runSteps,
  STEP,
  tvmHistogram,
  tvmHistogramSteps,
  type CurveResult,
  type EntropyVariant,
  type ErrorMetrics,
  type Histogram,
  type Steps,
} from '../core'
import type { LabParams } from '../params/labParams'
import {
  CALIBRATORS,
  DATA_CALIBRATORS,
  needsHistogram,
  notesPercentileSteps,
  INT8_GRID,
  type CalibrationGrid,
  type CalibrationInput,
  type CalibrationOptions,
  type Calibrator,
  type CalibratorId,
  type DataCalibratorId,
  type PctMode,
} from '../registry/calibrators'
import { CALIB_BINS, DISPLAY_BINS, percentileRange, stats, statsSteps, type Stats } from './analyze'
import { gridCoder, labGridSpec, labPlan, planGrid, type QuantPlan } from './plan'
import { calibrationGridOf, isSymmetric } from './calibrationGrid'
import {
  applyFormatSteps,
  formatChannelComparison,
  levelHistogram,
  formatChannelViewSteps,
  formatQuantizeSteps,
  formatSweepSteps,
  usesFormatPath,
  type FormatView,
  type SweepRow,
} from './formatQuant'
import { EngineError } from './engineError'
import { heatCells } from './heatCells'
import { generateTensorSteps, type SourceSpec, type Tensor } from './sources'
import type { LabFormat } from '../registry/formats'

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

/** The threshold of every data-driven calibrator (registry: DATA_CALIBRATORS). */
export type Thresholds = Record<DataCalibratorId, number>

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
  /**
   * under an element format (formatChannelViewSteps): both sides are the format's, per tensor with the scale
   * T / its largest value; null for the integer grid's comparison
   */
  format: { fmt: LabFormat; elemBits: number; threshold: number; tensorScale: number } | null
}

export interface QuantResult {
  plan: QuantPlan
  /** the bit width the result was computed for (the settings may have moved on since; a format's own width
   * under FP8, NF4, …: labGridSpec) */
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
  /**
   * a 2-D tensor at per-tensor granularity, or under a number format that has a per-channel comparison
   * (formatQuant.ts formatChannelComparison): `channels` is null here, and the comparison comes from its own call
   * (`LabEngine.channels`), so that it does not hold up the main figures; the integer grid's comparison takes
   * these per-tensor metrics (an element format's computes both of its sides itself)
   */
  channelsLater: Metrics | null
  /** the threshold leaves an empty clipping range (e.g. 0): every value is clipped to one point */
  emptyClip: boolean
  /** a number format other than the integer grid, or group-wise scales (formatQuant.ts); else absent */
  format?: FormatView
}

const SAMPLE = 512

/** Up to this many codes in use, the dequantized histogram is made from the code counts (histogramOfCodes). */
const CODE_HISTOGRAM_MAX = 4096

/**
 * numpy.histogram(x̂, bins, range) from the code counts: x̂ takes one value per code, so the histogram of the
 * used codes' values weighted by their counts (the core's weightedHistogram: the same bin edges and edge rule)
 * is the same as a pass over the N values, in O(codes + bins) instead of O(N): at N = 10⁷ that pass was a
 * quarter of a calibration change. (A value outside the range is left out, as numpy.histogram leaves it out.)
 */
export function histogramOfCodes(
  counts: ArrayLike<number>,
  qmin: number,
  value: (q: number) => number,
  bins: number,
  range: [number, number],
): Histogram['counts'] {
  // a format's levels are counted the same way (formatQuant.ts levelHistogram): one implementation for both
  const levels = Float64Array.from({ length: counts.length }, (_, k) => value(qmin + k))
  return levelHistogram(levels, counts, { bins, lo: range[0], hi: range[1] })
}

/** What the first streamed pass gives: the metrics and the errors' range. */
interface Streamed {
  metrics: Metrics
  errRange: [number, number]
}

/**
 * The first pass of quantize for a tensor of one channel, without a whole x̂: each slice of x is coded, its
 * codes kept (c − qmin, two bytes a value where x̂ takes eight) and counted, its x̂ made in a slice-sized buffer
 * and added to the core's error sums (ErrorMetricsSums: the same kernel and order as errorMetrics over whole
 * arrays). The errors' min and max come along, for the error histogram's range. At N = 10⁷ a whole x̂ was 80 MB
 * of fresh memory, ~0.4 s of page faults in the browser on a tensor's first result (docs/architecture.md), and
 * two more passes over it. Null when the sums lost the answer (an overflow or underflow the core rescales): the
 * caller then takes the whole-array path.
 */
function* streamedPass(
  x: Float64Array,
  values: Float64Array,
  plan: QuantPlan,
  counts: Float64Array,
  codes: Uint16Array,
): Steps<Streamed | null> {
  const n = x.length
  const sums = new ErrorMetricsSums({ clipLow: plan.lo, clipHigh: plan.hi })
  const buf = new Float64Array(Math.min(n, STEP))
  // the errors' running min and max live in an array: as locals of this generator's loop, carried across its
  // yields, V8 kept them as heap numbers and allocated one per value (~150 MB of garbage per pass at N = 10⁷)
  const lohi = Float64Array.of(Infinity, -Infinity)
  for (let s0 = 0; s0 < n; s0 += STEP) {
    if (s0 > 0) yield
    const e0 = Math.min(n, s0 + STEP)
    codesInto(plan, x, s0, e0, codes)
    for (let i = s0, j = 0; i < e0; i++, j++) {
      const a = x[i]
      const k = codes[i]
      const v = values[k]
      counts[k]++
      buf[j] = v
      // x̂ − x, the error the histogram shows; min and max are the same in any order (as minMax takes them)
      const e = v - a
      if (e < lohi[0]) lohi[0] = e
      if (e > lohi[1]) lohi[1] = e
    }
    sums.add(x.subarray(s0, e0), buf, 0, e0 - s0)
  }
  const m = sums.result()
  return m === null ? null : { metrics: toMetrics(m), errRange: [lohi[0], lohi[1]] }
}

/**
 * The second streamed pass, from the kept codes: the histogram of the errors x̂ − x (numpy.histogram with up to
 * 60 bins over their [min, max], histogramUpTo) and, when asked, of x̂ over the display range, a slice at a time.
 * With the range given, each slice's counts use the same edges, so their sum is the histogram of whole arrays.
 */
function* streamedHistograms(
  x: Float64Array,
  codes: Uint16Array,
  values: Float64Array,
  errRange: [number, number],
  display: { bins: number; range: [number, number] } | null,
): Steps<{ errorHist: Histogram; display: Float64Array | null }> {
  const n = x.length
  const err = new Float64Array(Math.min(n, STEP))
  const xhat = display ? new Float64Array(Math.min(n, STEP)) : null
  let errorHist: Histogram | null = null
  let shown: Float64Array | null = null
  for (let s0 = 0; s0 < n; s0 += STEP) {
    yield
    const e0 = Math.min(n, s0 + STEP)
    const len = e0 - s0
    for (let i = s0, j = 0; i < e0; i++, j++) {
      const v = values[codes[i]]
      err[j] = v - x[i]
      if (xhat) xhat[j] = v
    }
    const h = yield* histogramUpToSteps(len === err.length ? err : err.subarray(0, len), 60, errRange)
    if (errorHist === null) errorHist = h
    else for (let k = 0; k < h.counts.length; k++) errorHist.counts[k] += h.counts[k]
    if (xhat && display) {
      const part = len === xhat.length ? xhat : xhat.subarray(0, len)
      const d = (yield* histogramSteps(part, display.bins, display.range)).counts
      if (shown === null) shown = d
      else for (let k = 0; k < d.length; k++) shown[k] += d[k]
    }
  }
  return { errorHist: errorHist!, display: shown }
}

/** Options for curves that ignore the rest (MSE) or take one field (entropy's variant). */
const NO_OPTIONS: CalibrationOptions = {
  variant: 'tensorrt',
  pct: 99.99,
  pctmode: 'hist',
  t: null,
  grid: INT8_GRID,
}

/** What the calibrators read of the settings, for data spanning [min, max] (the grid's signedness). */
export function calibrationOptions(q: QuantSettings, data: { min: number; max: number }): CalibrationOptions {
  return { variant: q.variant, pct: q.pct, pctmode: q.pctmode, t: q.t, grid: calibrationGridOf(q, data) }
}

/** The core's error metrics (src/core/metrics.ts) in the shape the panels use: sums instead of shares. */
function* accumulate(x: ArrayLike<number>, xhat: ArrayLike<number>, lo: number, hi: number): Steps<Metrics> {
  return toMetrics(yield* errorMetricsSteps(x, xhat, { clipLow: lo, clipHigh: hi }))
}

function toMetrics(m: ErrorMetrics): Metrics {
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

/**
 * The 2048-bin |x| histogram the calibrators read; for data whose max|x| is within a few thousand float64
 * steps of 0 (|x| ≲ 1e-320) [0, max|x|] cannot hold 2048 bins, and the histogram gets as many as it can (the
 * calibrators that need more fall back to min-max, see entropyCurve / mseCurve).
 */
export function calibrationHistogram(x: ArrayLike<number>, into?: Histogram): Histogram {
  return runSteps(calibrationHistogramSteps(x, into))
}

/** `into`: arrays for the 2048-bin histogram (absHistogram's), for a caller that reads it before its next one */
function* calibrationHistogramSteps(x: ArrayLike<number>, into?: Histogram): Steps<Histogram> {
  try {
    return yield* absHistogramSteps(x, 2048, STEP, into)
  } catch (e) {
    if (!(e instanceof RangeError) || !/too many bins/.test(e.message)) throw e
    const a = Float64Array.from(x, Math.abs)
    let m = 0
    for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i]
    return yield* histogramUpToSteps(a, 2048, [0, m])
  }
}

export { EngineError }

export { isSymmetric }

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

/**
 * A calibration curve, or null when the data's histogram cannot feed the calibrator (a range too narrow for its
 * bins: subnormal data); the threshold then falls back to max|x| like a constant tensor's.
 */
function curveOrNull(f: () => CurveResult | null): CurveResult | null {
  try {
    return f()
  } catch (e) {
    if (e instanceof RangeError) return null
    throw e
  }
}

export class LabEngine {
  private x: Float64Array = new Float64Array(0)
  private shape: [number, number] = [1, 0]
  private outlierIdx: Int32Array = new Int32Array(0)
  private summary: SourceSummary | null = null
  /** curves and thresholds by calibrator and cache key (registry: CalibratorDef.cacheKey) */
  private curveCache = new Map<string, CurveResult | null>()
  private thresholdCache = new Map<string, number>()
  /**
   * the per-channel view's row histograms (channelClip) by bin count, made on first use and written over for
   * each row after: fresh, their pages cost a quarter of a percentile view's time in Chromium (see core/scratch.ts)
   */
  private rowHistograms = new Map<number, Histogram>()
  /**
   * each channel's clipping range by calibration (channelClipsFor), filled as channelView goes: a per-channel
   * view stopped part-way (cancelled, or giving way to another call) goes on where it stopped when it is asked
   * again, and going back to a calibration costs no calibration
   */
  private channelClips = new Map<string, { lo: Float64Array; hi: Float64Array; known: Uint8Array }>()
  private signedCalib: Histogram | null = null
  private tvmHist: Histogram | null = null
  private sweepCache = new Map<string, { rows: SweepRow[]; used: number }>()
  /**
   * quantize's per-value scratch (the dequantized values, then their errors), kept between calls: at N = 10⁷ a
   * fresh 80 MB array per settings change costs its page faults and a collection; released with the tensor
   */
  private scratch: Float64Array = new Float64Array(0)
  /**
   * the codes (c − qmin), kept between calls like the scratch: a one-channel tensor's (streamedPass), or a
   * 2-D tensor's per-channel codes (channelView)
   */
  private codes: Uint16Array = new Uint16Array(0)
  /** a 2-D tensor's per-channel dequantized values, kept between calls like the scratch (channelView) */
  private channelScratch: Float64Array = new Float64Array(0)

  /*
   * The heavy methods come in two forms: `fooSteps` does the work in slices that yield (core/steps.ts), and
   * `foo` runs those very steps to the end at once (the worker, the tests). The page's fallback engine drives
   * the steps with a time budget (src/worker/steps.ts) so that it never blocks the page for long; both give
   * the same result bit for bit, since it is the same code.
   */

  /** Generate a tensor from a source spec and keep it. */
  generate(spec: SourceSpec): SourceSummary {
    return runSteps(this.generateSteps(spec))
  }

  *generateSteps(spec: SourceSpec): Steps<SourceSummary> {
    return yield* this.setTensor(yield* generateTensorSteps(spec))
  }

  /** Keep loaded values (already checked finite by the loader). */
  setLoaded(data: Float64Array, shape: [number, number]): SourceSummary {
    return runSteps(this.setLoadedSteps(data, shape))
  }

  *setLoadedSteps(data: Float64Array, shape: [number, number]): Steps<SourceSummary> {
    return yield* this.setTensor({ data, shape, outlierIdx: new Int32Array(0) })
  }

  private *setTensor(t: Tensor): Steps<SourceSummary> {
    if (t.data.length === 0) throw new EngineError('empty', 'the tensor is empty')
    const [rows, cols] = t.shape
    // (a record saved by an older or damaged version could pair data with another shape)
    if (!(
      Number.isSafeInteger(rows) &&
      Number.isSafeInteger(cols) &&
      rows >= 1 &&
      cols >= 1 &&
      rows * cols === t.data.length
    ))
      throw new EngineError('shape', `${String(rows)} × ${String(cols)} ≠ ${t.data.length}`)
    // everything that can fail is computed before the engine's state changes
    const st = yield* statsSteps(t.data)
    // a NaN or ±Infinity anywhere makes the sum (so the mean) or the min/max non-finite: only then look for
    // the first such value, which names the error (one pass over 10⁷ values less on every new tensor)
    if (!(Number.isFinite(st.min) && Number.isFinite(st.max) && Number.isFinite(st.mean))) {
      for (let s = 0; s < t.data.length; s += STEP) {
        if (s > 0) yield
        for (let i = s, e = Math.min(t.data.length, s + STEP); i < e; i++) {
          const v = t.data[i]
          if (!Number.isFinite(v)) {
            // NaN is not "too large": generated values overflow to ±Infinity, stored data may hold NaN
            throw new EngineError(Number.isNaN(v) ? 'nonfinite' : 'overflow', `x[${i}] = ${v}`)
          }
        }
      }
    }
    const span = st.max - st.min
    // the detail is the range itself (numbers read the same in every language; the message says the rest)
    if (!Number.isFinite(span)) throw new EngineError('overflow', `[${st.min}, ${st.max}]`)
    // a narrow range far from zero or subnormal values: as many display bins as the numbers allow
    const display = yield* histogramUpToSteps(t.data, DISPLAY_BINS)
    const absHist = yield* calibrationHistogramSteps(t.data)
    // TVM's own 8001-bin histogram is made with the others, so the first switch to the TVM variant costs no
    // pass over the values (at N = 10⁷ about 150 ms of a calibration change's 0.7 s budget, against a first
    // result still well inside its own). Data outside float32's range has none (curveSteps says so again).
    let tvmHist: Histogram | null = null
    if (st.absMax !== 0) {
      try {
        tvmHist = yield* tvmHistogramSteps(t.data)
      } catch (e) {
        if (!(e instanceof RangeError)) throw e
      }
    }
    this.x = t.data
    if (this.scratch.length !== t.data.length) this.scratch = new Float64Array(0)
    if (this.codes.length !== t.data.length) this.codes = new Uint16Array(0)
    if (this.channelScratch.length !== t.data.length) this.channelScratch = new Float64Array(0)
    this.shape = t.shape
    this.outlierIdx = t.outlierIdx
    this.curveCache.clear()
    this.thresholdCache.clear()
    this.channelClips.clear()
    this.signedCalib = null
    this.tvmHist = tvmHist
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

  private input(): CalibrationInput {
    const s = this.need()
    return {
      values: this.x,
      absMax: s.stats.absMax,
      absHist: () => s.absHist,
      tvmHist: () => (this.tvmHist ??= tvmHistogram(this.x)),
    }
  }

  /** A calibrator's curve for these options (cached per tensor). */
  curve(id: CalibratorId, o: CalibrationOptions): CurveResult | null {
    return runSteps(this.curveSteps(id, o))
  }

  *curveSteps(id: CalibratorId, o: CalibrationOptions): Steps<CurveResult | null> {
    const c: Calibrator = CALIBRATORS[id]
    if (!c.curve) return null
    const key = `${id}:${c.cacheKey(o)}`
    if (!this.curveCache.has(key)) {
      const s = this.need()
      if (id === 'entropy' && o.variant === 'tvm' && s.stats.absMax !== 0 && !this.tvmHist) {
        // TVM's own histogram is the one pass over the values here: made in slices, kept for the curve
        try {
          this.tvmHist = yield* tvmHistogramSteps(this.x)
        } catch (e) {
          if (!(e instanceof RangeError)) throw e
          // the same RangeError the curve would meet (curveOrNull): no curve
          this.curveCache.set(key, null)
          return null
        }
      }
      const curve = c.curve
      this.curveCache.set(
        key,
        curveOrNull(() => curve(this.input(), o)),
      )
    }
    return this.curveCache.get(key) ?? null
  }

  /** A calibrator's threshold for these options (cached per tensor). */
  threshold(id: CalibratorId, o: CalibrationOptions): number {
    return runSteps(this.thresholdSteps(id, o))
  }

  *thresholdSteps(id: CalibratorId, o: CalibrationOptions): Steps<number> {
    const c: Calibrator = CALIBRATORS[id]
    const key = `${id}:${c.cacheKey(o)}`
    let v = this.thresholdCache.get(key)
    if (v === undefined) {
      const curve = c.curve ? yield* this.curveSteps(id, o) : undefined
      yield
      // the notes' percentile selects among the values themselves: in slices too (registry: same function)
      v =
        id === 'percentile' && o.pctmode === 'notes'
          ? yield* notesPercentileSteps(this.x, o.pct)
          : c.threshold(this.input(), o, curve)
      this.thresholdCache.set(key, v)
    }
    return v
  }

  /** The KL curve of a variant for a grid (the Lab's: calibrationGrid; int8 for the tutorial's widgets). */
  entropyCurve(variant: EntropyVariant, grid: CalibrationGrid = INT8_GRID): CurveResult | null {
    return this.curve('entropy', { ...NO_OPTIONS, variant, grid })
  }

  *entropyCurveSteps(variant: EntropyVariant, grid: CalibrationGrid = INT8_GRID): Steps<CurveResult | null> {
    return yield* this.curveSteps('entropy', { ...NO_OPTIONS, variant, grid })
  }

  mseCurve(grid: CalibrationGrid = INT8_GRID): CurveResult | null {
    return this.curve('mse', { ...NO_OPTIONS, grid })
  }

  /** The grid KL and MSE calibrate for under these settings, on this tensor (the curves' `grid`). */
  calibrationGrid(q: QuantSettings): CalibrationGrid {
    return calibrationGridOf(q, this.need().stats)
  }

  /** Percentile threshold: the histogram-CDF version (pytorch-quantization) or the notes' partition version. */
  percentileThreshold(pct: number, mode: PctMode): number {
    return this.threshold('percentile', { ...NO_OPTIONS, pct, pctmode: mode })
  }

  /** One candidate of the entropy sweep in full (the same per-candidate code as the sweep). */
  microscope(variant: EntropyVariant, index: number, grid: CalibrationGrid = INT8_GRID) {
    const s = this.need()
    const opts = { variant, numBits: grid.numBits, unsigned: grid.unsigned }
    if (variant === 'tvm') return klMicroscope(this.input().tvmHist!(), index, opts)
    return klMicroscope(s.absHist, index, opts)
  }

  /** Every data-driven method's threshold (the histogram's markers). */
  thresholds(q: QuantSettings): Thresholds {
    return runSteps(this.thresholdsSteps(q))
  }

  *thresholdsSteps(q: QuantSettings): Steps<Thresholds> {
    const out = {} as Thresholds
    const o = calibrationOptions(q, this.need().stats)
    for (const id of DATA_CALIBRATORS) {
      // each calibrator's sweep over its histogram is one piece of work (it does not grow with N)
      out[id] = yield* this.thresholdSteps(id, o)
      yield
    }
    return out
  }

  /** The clipping range the settings ask for. */
  clipRange(q: QuantSettings, th: Thresholds): [number, number] {
    return runSteps(this.clipRangeSteps(q, th))
  }

  private *clipRangeSteps(q: QuantSettings, th: Thresholds): Steps<[number, number]> {
    const { stats: st } = this.need()
    const symmetric = isSymmetric(q)
    if (q.calib === 'minmax') return symmetric ? [-st.absMax, st.absMax] : [st.min, st.max]
    if (q.calib === 'percentile' && !symmetric && q.pctmode === 'hist') {
      if (!this.signedCalib) this.signedCalib = yield* histogramUpToSteps(this.x, 2048)
      return percentileRange(this.signedCalib, q.pct)
    }
    const T = q.calib === 'manual' ? (q.t ?? st.absMax) : th[q.calib]
    return clipForThreshold(q, st, T)
  }

  quantize(q: QuantSettings): QuantResult {
    return runSteps(this.quantizeSteps(q))
  }

  *quantizeSteps(q: QuantSettings): Steps<QuantResult> {
    const s = this.need()
    const th = yield* this.thresholdsSteps(q)
    const [lo, hi] = yield* this.clipRangeSteps(q, th)
    let plan: QuantPlan
    try {
      plan = labPlan(q, lo, hi)
    } catch (e) {
      // PyTorch and ONNX Runtime compute the scale in float32: past ±3.4e38 it overflows, and the page says so
      // (the integer grid's scale only: a number format computes its own in float64, labPlan)
      if (e instanceof RangeError && CONVENTION_FACTS[q.conv].float32 && /float32/.test(e.message))
        throw new EngineError('float32', `[${lo.toPrecision(4)}, ${hi.toPrecision(4)}]`)
      throw e
    }
    const zeroRange = s.stats.absMax === 0
    const emptyClip = !zeroRange && !(hi > lo)
    const x = this.x
    const n = x.length
    const { code, value } = gridCoder(plan)
    const codesTotal = plan.qmax - plan.qmin + 1
    // the threshold asked for: a grid that falls back (a threshold of 0) reports the wider range it covers. A
    // number format takes the calibrated range itself (it makes its own scale from it, in float64): the integer
    // grid's range differs where that grid fell back, as for a tensor of a few subnormals, whose integer scale
    // underflows to the fallback's 1 (a format took ±127 for its threshold there and rounded every value to 0)
    const threshold =
      emptyClip || zeroRange || usesFormatPath(q)
        ? Math.max(Math.abs(lo), Math.abs(hi))
        : Math.max(Math.abs(plan.lo), Math.abs(plan.hi))
    const d = s.display
    const display = { bins: d.counts.length, lo: d.edges[0], hi: d.edges[d.edges.length - 1] }
    if (usesFormatPath(q) && formatChannelComparison(q.fmt) !== 'int') {
      // an element format (FP8, FP4, NF4) or MX: every figure comes from the format's own round trip
      // (applyFormatSteps), which keeps of the integer grid only its plan, the threshold and the sample's values;
      // the integer grid's pass over the tensor (~0.3 s at N = 10⁷) is not made. Its metrics and code counts are
      // placeholders that applyFormatSteps replaces (a format whose levels are not counted, with a scale per
      // channel, group or block, reports 0 codes used, which the views and the export say is not counted).
      const qs = new Int32Array(Math.min(n, SAMPLE))
      for (let i = 0; i < qs.length; i++) qs[i] = code(x[i])
      const none: Metrics = {
        n,
        mse: NaN,
        sqnrDb: NaN,
        maxAbsError: NaN,
        meanAbsError: NaN,
        clipped: 0,
        clipSse: NaN,
        roundSse: NaN,
      }
      const planOnly: QuantResult = {
        plan,
        bits: labGridSpec(q).bits,
        threshold,
        thresholds: th,
        metrics: none,
        codesUsed: 0,
        codesTotal,
        codesUsedInliers: 0,
        codeCounts: null,
        dequantDisplay: new Float64Array(display.bins),
        errorHist: { counts: new Float64Array(0), edges: new Float64Array(1) },
        sample: { x: x.slice(0, SAMPLE), q: qs, xhat: Float64Array.from(qs, value) },
        channels: null,
        perChannel: false,
        channelsLater: this.shape[0] > 1 ? none : null,
        zeroRange,
        emptyClip,
      }
      return yield* applyFormatSteps(planOnly, x, this.shape, q, display)
    }
    const trackCodes = codesTotal <= 65536
    const counts = trackCodes ? new Float64Array(codesTotal) : null
    const qs = new Int32Array(Math.min(n, SAMPLE))
    const { qmin } = plan
    // per-channel granularity of a 2-D tensor: every figure is the per-channel result (channelView); under a number
    // format the format's own (applyFormat), and the integer grid is only made per tensor, for the clipping range
    const perChannel = this.shape[0] > 1 && q.gran === 'channel' && !usesFormatPath(q)
    // otherwise no whole x̂ is needed (streamedPass)
    let streamed: Streamed | null = null
    // each code's value, once: the streamed passes read x̂ from here by the code (not made for per-channel
    // granularity, which codes every channel on its own grid)
    const values =
      !perChannel && counts ? Float64Array.from({ length: codesTotal }, (_, k) => value(qmin + k)) : null
    if (counts && values) {
      if (this.codes.length !== n) this.codes = new Uint16Array(n)
      streamed = yield* streamedPass(x, values, plan, counts, this.codes)
      if (streamed) for (let i = 0; i < qs.length; i++) qs[i] = this.codes[i] + qmin
    }
    let xhat: Float64Array | null = null
    let metrics: Metrics
    if (streamed) metrics = streamed.metrics
    else {
      counts?.fill(0)
      if (this.scratch.length !== n) this.scratch = new Float64Array(n)
      xhat = this.scratch
      for (let s0 = 0; s0 < n; s0 += STEP) {
        if (s0 > 0) yield
        for (let i = s0, e0 = Math.min(n, s0 + STEP); i < e0; i++) {
          const c = code(x[i])
          xhat[i] = value(c)
          if (counts) counts[c - qmin]++
          if (i < SAMPLE) qs[i] = c
        }
      }
      metrics = yield* accumulate(x, xhat, plan.lo, plan.hi)
    }
    const channel = perChannel ? yield* this.channelView(q, { plan, metrics }) : null
    let shown = xhat
    if (channel) {
      // per-channel granularity: every figure below is the per-channel result (codes counted on the shared
      // integer range; each channel has its own scale)
      shown = channel.xhat
      metrics = channel.view.metricsChannel
      if (counts) {
        counts.fill(0)
        for (let s0 = 0; s0 < n; s0 += STEP) {
          yield
          for (let i = s0, e0 = Math.min(n, s0 + STEP); i < e0; i++) counts[channel.codes[i]]++
        }
      }
      for (let i = 0; i < qs.length; i++) qs[i] = channel.codes[i] + qmin
    }
    let codesUsed = 0
    if (counts) for (let k = 0; k < codesTotal; k++) if (counts[k] > 0) codesUsed++
    let codesUsedInliers = codesUsed
    if (counts && this.outlierIdx.length > 0 && !perChannel) {
      const inl = counts.slice()
      for (const i of this.outlierIdx) inl[code(x[i]) - qmin]--
      codesUsedInliers = 0
      for (let k = 0; k < codesTotal; k++) if (inl[k] > 0) codesUsedInliers++
    }
    const displayBins = s.display.counts.length
    const displayRange: [number, number] = [s.display.edges[0], s.display.edges[s.display.edges.length - 1]]
    const fromCodes = counts && !perChannel && codesUsed <= CODE_HISTOGRAM_MAX
    let dequantDisplay = fromCodes ? histogramOfCodes(counts, qmin, value, displayBins, displayRange) : null
    let errorHist: Histogram
    let sample: QuantResult['sample']
    if (streamed) {
      const h = yield* streamedHistograms(
        x,
        this.codes,
        values!,
        streamed.errRange,
        dequantDisplay ? null : { bins: displayBins, range: displayRange },
      )
      errorHist = h.errorHist
      dequantDisplay ??= h.display!
      sample = { x: x.slice(0, SAMPLE), q: qs, xhat: Float64Array.from(qs, value) }
    } else {
      const all = shown!
      dequantDisplay ??= (yield* histogramSteps(all, displayBins, displayRange)).counts
      sample = { x: x.slice(0, SAMPLE), q: qs, xhat: all.slice(0, SAMPLE) }
      // the errors overwrite the dequantized values (scratch of this call, read for the last time above): at
      // N = 10⁷ a separate array would be another 80 MB in the worker
      const err = all
      for (let s0 = 0; s0 < n; s0 += STEP) {
        yield
        for (let i = s0, e0 = Math.min(n, s0 + STEP); i < e0; i++) err[i] = all[i] - x[i]
      }
      errorHist = yield* histogramUpToSteps(err, 60)
    }
    const res: QuantResult = {
      plan,
      bits: labGridSpec(q).bits,
      threshold,
      thresholds: th,
      metrics,
      codesUsed,
      codesTotal,
      codesUsedInliers,
      codeCounts: counts && codesTotal <= 4096 ? counts : null,
      dequantDisplay,
      errorHist,
      sample,
      channels: channel?.view ?? null,
      perChannel,
      channelsLater: this.shape[0] > 1 && !perChannel ? metrics : null,
      zeroRange,
      emptyClip,
    }
    if (!usesFormatPath(q)) return res
    return yield* applyFormatSteps(res, x, this.shape, q, display)
  }

  /** The formats' trade-off on this tensor (formatQuant.ts formatSweep), cached per axis. */
  formatSweep(axis: 'row' | 'col'): { rows: SweepRow[]; used: number } {
    return runSteps(this.formatSweepSteps(axis))
  }

  *formatSweepSteps(axis: 'row' | 'col'): Steps<{ rows: SweepRow[]; used: number }> {
    this.need()
    let r = this.sweepCache.get(axis)
    if (!r) {
      r = yield* formatSweepSteps(this.x, this.shape, axis)
      this.sweepCache.set(axis, r)
    }
    return r
  }

  /**
   * Per-channel quantization of a 2-D tensor (per row or per column), against the per-tensor result (`tensor`:
   * its grid and metrics; null when only the codes and round trips are wanted, as for export).
   * One pass per channel makes its codes and x̂, the per-row MSEs, the clip-aware sums and both |error|
   * heatmaps: at N = 10⁷ each extra pass over the values cost 0.1–0.2 s.
   */
  private *channelView(
    q: QuantSettings,
    tensor: { plan: QuantPlan; metrics: Metrics } | null,
  ): Steps<{ view: ChannelView; xhat: Float64Array; codes: Uint16Array }> {
    const [R, C] = this.shape
    const byRow = q.axis === 'row'
    const channels = byRow ? R : C
    const len = byRow ? C : R
    const x = this.x
    const scales = new Float64Array(channels)
    const zeroPoints = new Float64Array(channels)
    const mseTensor = new Float64Array(channels)
    const mseChannel = new Float64Array(channels)
    // kept between calls (fresh memory costs page faults: docs/architecture.md); codes as c − qmin, qmin being
    // the same for every channel (the settings' integer range)
    if (this.channelScratch.length !== x.length) this.channelScratch = new Float64Array(x.length)
    if (this.codes.length !== x.length) this.codes = new Uint16Array(x.length)
    const xhat = this.channelScratch
    const codes = this.codes
    // (a format's own width: the grid the tensor's plan has)
    const spec = labGridSpec(q)
    const { qmin } = planGrid(spec, -1, 1)
    const row = new Float64Array(len)
    // the per-tensor round trip, value by value (the same coder as quantize's, so the same x̂)
    const tensorCoder = tensor ? gridCoder(tensor.plan) : null
    // the heatmap cell of element (r, c) is rowCell[r] + colCell[c]
    const { heatRows, heatCols, rowCell, colCell } = heatCells(R, C)
    const heatTensor = new Float32Array(heatRows * heatCols)
    const heatChannel = new Float32Array(heatRows * heatCols)
    // the per-channel result's clipped elements: each against its own channel's range
    let clipped = 0
    let clipSse = 0
    // a yield after about every STEP values (a channel is never split: its clip range needs all of it), and
    // after every channel calibrated on a histogram (a sweep per channel: 0.4–3 ms, 50 ms for TVM's), so that
    // a cancel is seen soon and the page's fallback driver keeps its tasks short
    const sweeps = !LabEngine.channelFallback(q, len) && needsHistogram(q.calib, q)
    const clips = this.channelClipsFor(q, channels)
    let done = 0
    for (let ch = 0; ch < channels; ch++) {
      if (done >= STEP || (sweeps && ch > 0)) {
        done = 0
        yield
      }
      done += len
      // element k of the channel is x[i0 + k·stride]
      const i0 = byRow ? ch * C : ch
      const stride = byRow ? 1 : C
      if (!clips.known[ch]) {
        for (let k = 0, i = i0; k < len; k++, i += stride) row[k] = x[i]
        ;[clips.lo[ch], clips.hi[ch]] = this.channelClip(row, q)
        clips.known[ch] = 1
      }
      const lo = clips.lo[ch]
      const hi = clips.hi[ch]
      const p = planGrid(spec, lo, hi)
      scales[ch] = p.scale
      zeroPoints[ch] = p.form === 'notes' ? p.offset : p.zeroPoint
      const { code, value } = gridCoder(p)
      const clipLo = p.lo
      const clipHi = p.hi
      let sseT = 0
      let sseC = 0
      for (let k = 0, i = i0; k < len; k++, i += stride) {
        const a = x[i]
        const c = code(a)
        const v = value(c)
        codes[i] = c - qmin
        xhat[i] = v
        const dC = v - a
        sseC += dC ** 2
        if (a < clipLo || a > clipHi) {
          clipped++
          clipSse += dC ** 2
        }
        const cell = byRow ? rowCell[ch] + colCell[k] : rowCell[k] + colCell[ch]
        heatChannel[cell] = Math.max(heatChannel[cell], Math.abs(dC))
        if (tensorCoder) {
          const dT = tensorCoder.value(tensorCoder.code(a)) - a
          sseT += dT ** 2
          heatTensor[cell] = Math.max(heatTensor[cell], Math.abs(dT))
        }
      }
      mseTensor[ch] = sseT / len
      mseChannel[ch] = sseC / len
    }
    const metricsChannel = yield* accumulate(x, xhat, -Infinity, Infinity)
    metricsChannel.clipped = clipped
    metricsChannel.clipSse = clipSse
    metricsChannel.roundSse = metricsChannel.mse * metricsChannel.n - clipSse
    const view: ChannelView = {
      rows: R,
      cols: C,
      scales,
      zeroPoints,
      mseTensor,
      mseChannel,
      metricsTensor: tensor?.metrics ?? metricsChannel,
      metricsChannel,
      heatRows,
      heatCols,
      heatTensor,
      heatChannel,
      minmaxFallback: LabEngine.channelFallback(q, len),
      format: null,
    }
    return { view, xhat, codes }
  }

  /**
   * The per-channel comparison of a 2-D tensor quantized per tensor, or under a number format
   * (`QuantResult.channelsLater`): asked after the main figures, with the per-tensor metrics those figures have.
   * Under an element format both sides are the format's (formatChannelViewSteps). Null for a tensor of one
   * channel, and under MX (each block has its own scale).
   */
  channels(q: QuantSettings, tensorMetrics: Metrics): ChannelView | null {
    return runSteps(this.channelsSteps(q, tensorMetrics))
  }

  *channelsSteps(q: QuantSettings, tensorMetrics: Metrics): Steps<ChannelView | null> {
    this.need()
    if (this.shape[0] <= 1) return null
    const th = yield* this.thresholdsSteps(q)
    const [lo, hi] = yield* this.clipRangeSteps(q, th)
    if (usesFormatPath(q)) {
      // an element format compares its own per-tensor and per-channel scales (T as tableSteps passes it); MX has
      // no comparison; integer groups take the integer grid's below
      const kind = formatChannelComparison(q.fmt)
      if (kind === null) return null
      if (kind === 'format')
        return yield* formatChannelViewSteps(this.x, this.shape, q, Math.max(Math.abs(lo), Math.abs(hi)))
    }
    const plan = labPlan(q, lo, hi)
    return (yield* this.channelView(q, { plan, metrics: tensorMetrics })).view
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
    let hist: Histogram | null = null
    let tvm: Histogram | null = null
    const input: CalibrationInput = {
      values: row,
      absMax: st.absMax,
      // one row's histograms at a time, read before the next row's: into the arrays kept for them (rowHistograms)
      absHist: () => (hist ??= calibrationHistogram(row, this.rowHistogram(2048))),
      tvmHist: () => (tvm ??= tvmHistogram(row, 8001, this.rowHistogram(8001))),
    }
    // a histogram the calibrator cannot use (a range past float32 for TVM, squared errors past float64 for MSE)
    // gives no curve, and the threshold falls back to max|x|: the same rule as the tensor's (curveSteps)
    const c: Calibrator = CALIBRATORS[q.calib]
    // the row's own signs: an asymmetric grid over a row of one sign is calibrated as unsigned (calibrationGrid)
    const o = calibrationOptions(q, st)
    if (c.thresholdOnly) {
      // the curve's threshold without the curve (MSE: candidates that cannot win are skipped, ~4× quicker)
      let t: number
      try {
        t = c.thresholdOnly(input, o)
      } catch (e) {
        if (!(e instanceof RangeError)) throw e
        t = c.threshold(input, o, null)
      }
      return clipForThreshold(q, st, t)
    }
    const curve = c.curve ? curveOrNull(() => c.curve!(input, o)) : undefined
    return clipForThreshold(q, st, c.threshold(input, o, curve))
  }

  /** the kept row histogram of `bins` bins (rowHistograms) */
  private rowHistogram(bins: number): Histogram {
    let h = this.rowHistograms.get(bins)
    if (!h) {
      h = { counts: new Float64Array(bins), edges: new Float64Array(bins + 1) }
      this.rowHistograms.set(bins, h)
    }
    return h
  }

  /** The channels' clipping ranges known so far for these settings (what channelClip depends on). */
  private channelClipsFor(q: QuantSettings, channels: number) {
    // (a row's grid differs from the tensor's only by the data's signs, fixed for the tensor)
    const o = calibrationOptions(q, this.need().stats)
    const key = JSON.stringify([q.calib, CALIBRATORS[q.calib].cacheKey(o), isSymmetric(q), q.axis])
    let c = this.channelClips.get(key)
    if (!c) {
      // a few settings' worth (two doubles a channel each)
      if (this.channelClips.size >= 16) this.channelClips.delete(this.channelClips.keys().next().value!)
      c = { lo: new Float64Array(channels), hi: new Float64Array(channels), known: new Uint8Array(channels) }
      this.channelClips.set(key, c)
    }
    return c
  }

  static channelFallback(q: QuantSettings, len: number): boolean {
    return needsHistogram(q.calib, q) && len < CALIB_BINS
  }

  /**
   * The values, quantized codes and round trips as rows (for CSV/JSON export), up to `limit` rows. Through a
   * format other than the integer grid (or group-wise scales) the round trip is the format's, as the charts
   * show it, and there is no single integer code per value (`q` is null).
   */
  table(q: QuantSettings, limit = 1_000_000): LabTable {
    return runSteps(this.tableSteps(q, limit))
  }

  *tableSteps(q: QuantSettings, limit = 1_000_000): Steps<LabTable> {
    this.need()
    const th = yield* this.thresholdsSteps(q)
    const [lo, hi] = yield* this.clipRangeSteps(q, th)
    if (usesFormatPath(q)) {
      const n = Math.min(this.x.length, limit)
      const { xhat } = yield* formatQuantizeSteps(this.x, this.shape, q, Math.max(Math.abs(lo), Math.abs(hi)))
      return { x: this.x.slice(0, n), q: null, xhat: xhat.slice(0, n), format: q.fmt }
    }
    const p = planGrid(labGridSpec(q), lo, hi)
    const { code, value } = gridCoder(p)
    const n = Math.min(this.x.length, limit)
    const xs = this.x.slice(0, n)
    if (this.shape[0] > 1 && q.gran === 'channel') {
      // per-channel codes and round trips (without the per-tensor comparison)
      const ch = yield* this.channelView(q, null)
      const codes = Int32Array.from(ch.codes.subarray(0, n), (c) => c + p.qmin)
      return { x: xs, q: codes, xhat: ch.xhat.slice(0, n), format: 'int' }
    }
    const qs = new Int32Array(n)
    const xh = new Float64Array(n)
    for (let s0 = 0; s0 < n; s0 += STEP) {
      yield
      for (let i = s0, e0 = Math.min(n, s0 + STEP); i < e0; i++) {
        qs[i] = code(xs[i])
        xh[i] = value(qs[i])
      }
    }
    return { x: xs, q: qs, xhat: xh, format: 'int' }
  }
}

/** Rows for export: the values, their integer codes (null through a non-integer format) and round trips. */
export interface LabTable {
  x: Float64Array
  q: Int32Array | null
  xhat: Float64Array
  format: LabFormat
}

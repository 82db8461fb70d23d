/**
 * Equal-width histograms with numpy.histogram semantics, plus the |x| histogram the |x|-based calibrators use
 * and the signed, float32-edged histogram TVM's KL calibration is fed with.
 *
 * Sources: numpy `numpy/lib/_histograms_impl.py` (`histogram`, `_get_outer_edges`, the uniform-bins fast
 * path with its ±1 edge correction), numpy `numpy/_core/function_base.py` (`linspace`), apache/tvm
 * `python/tvm/relay/quantize/kl_divergence.py` (`_find_scale_by_kl`).
 */
import { floorLog2 } from './formats'
import { scratchI32 } from './scratch'
import { assertStep, runSteps, STEP, type Steps } from './steps'
import { assertArrayLike, assertInteger } from './validate'

/** counts[k] is the number of values in bin k = [edges[k], edges[k + 1]); edges.length === counts.length + 1. */
export interface Histogram {
  counts: Float64Array
  edges: Float64Array
}

/** What the calibrators accept: a Histogram, or plain arrays of the same shape. */
export interface HistogramLike {
  counts: ArrayLike<number>
  edges: ArrayLike<number>
}

/** Largest number of bins any function here accepts (keeps memory bounded). */
export const MAX_BINS = 1 << 22

/**
 * numpy.linspace(start, stop, num) with endpoint=True, bit for bit: y[i] = i * step + start with
 * step = (stop - start) / (num - 1), and y[num - 1] = stop exactly (numpy `_core/function_base.py`).
 */
export function linspace(start: number, stop: number, num: number, into?: Float64Array): Float64Array {
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new RangeError(`linspace: start and stop must be finite (got ${start}, ${stop})`)
  }
  assertInteger(num, 'linspace: num', 0, MAX_BINS + 1)
  if (into !== undefined && (!(into instanceof Float64Array) || into.length !== num))
    throw new RangeError(`linspace: into must be a Float64Array of ${num} elements`)
  const y = into ?? new Float64Array(num)
  const div = num - 1
  if (div <= 0) {
    if (num === 1) y[0] = start
    return y
  }
  const delta = stop - start
  // numpy's arithmetic overflows for ends of opposite signs near ±1.8e308 (inf·0 = nan): refuse instead
  if (!Number.isFinite(delta))
    throw new RangeError(`linspace: stop − start overflows (${start} to ${stop}); the range is too wide`)
  const step = delta / div
  if (step === 0) {
    // numpy's branch for a step that underflows to 0 (gh-5437): y = i / div * delta
    for (let i = 0; i < num; i++) y[i] = (i / div) * delta + start
  } else {
    for (let i = 0; i < num; i++) y[i] = i * step + start
  }
  y[num - 1] = stop
  return y
}

/**
 * numpy `_get_outer_edges`: the explicit range, or [min, max] of the data ([0, 1] for no data); an empty range
 * is widened to [v - 0.5, v + 0.5]. Non-finite ranges are refused like numpy does.
 */
function* outerEdges(
  x: ArrayLike<number>,
  range: readonly [number, number] | undefined,
  step: number,
): Steps<[number, number]> {
  let first: number
  let last: number
  if (range !== undefined) {
    if (range === null || typeof range !== 'object' || range.length !== 2) {
      throw new TypeError('histogram: range must be a [min, max] pair')
    }
    first = range[0]
    last = range[1]
    if (
      typeof first !== 'number' ||
      typeof last !== 'number' ||
      !Number.isFinite(first) ||
      !Number.isFinite(last)
    ) {
      throw new RangeError(`histogram: range [${String(first)}, ${String(last)}] is not finite`)
    }
    if (first > last) throw new RangeError(`histogram: range min ${first} is larger than max ${last}`)
  } else if (x.length === 0) {
    first = 0
    last = 1
  } else {
    ;[first, last] = yield* minMax(x, step)
    if (!(Number.isFinite(first) && Number.isFinite(last))) {
      const i = Array.prototype.findIndex.call(x, (v: number) => !Number.isFinite(v))
      throw new RangeError(
        `histogram: x[${i}] is ${String(x[i])}; the autodetected range would not be finite`,
      )
    }
  }
  if (first === last) {
    first -= 0.5
    last += 0.5
  }
  if (!Number.isFinite(last - first))
    throw new RangeError('histogram: the range is too wide to split into bins')
  return [first, last]
}

/**
 * Bin of v in numpy's uniform-bins fast path: a first estimate from (v − first)·bins/(last − first), truncated
 * (a value on the last edge goes to the last bin), then one correction step against the actual edges (a value
 * below edges[k] moves down, one at or above edges[k + 1] moves up unless k is the last bin) — so every value
 * lands in the bin its edges say, exactly as in numpy for bins of normal width (subnormal ones: countTiny).
 * (numpy divides by the width before multiplying; both estimates are within one bin, which the correction
 * makes irrelevant.) The edges are only looked at when the estimate is within `tol` bins of an edge, `tol`
 * bounding the rounding error of the estimate and of linspace's edges. The caller has checked first ≤ v ≤ last.
 */
function binOf(
  v: number,
  first: number,
  norm: number,
  tol: number,
  lastBin: number,
  edges: Float64Array,
): number {
  const f = (v - first) * norm
  let k = f | 0
  const d = f - k
  if (!(d > tol && d < 1 - tol && k < lastBin)) {
    if (k >= lastBin) k = lastBin
    if (v < edges[k]) k--
    else if (k !== lastBin && v >= edges[k + 1]) k++
  }
  return k
}

/**
 * numpy.histogram's counting (`_histograms_impl.py`, uniform bins) of x[start … end) into `lanes`: four
 * interleaved sub-histograms (consecutive values that hit the same bin would otherwise wait on each other's
 * increment), lanes[4k … 4k + 3] for bin k, summed by the caller at the end (integer counts: the sum does not
 * depend on how the values were split into slices). `inRange`: the caller knows every value lies in
 * [first, last] (range taken from the data); otherwise values outside it and NaN are skipped. `abs` counts |x|.
 */
function countInto(
  x: ArrayLike<number>,
  start: number,
  end: number,
  edges: Float64Array,
  lanes: Int32Array,
  inRange: boolean,
  abs: boolean,
): void {
  const bins = edges.length - 1
  const first = edges[0]
  const last = edges[bins]
  const norm = bins / (last - first)
  const lastBin = bins - 1
  const tol = edgeTolerance(first, last, bins)
  if (!(norm < Infinity) || (last - first) / bins < SUBNORMAL_BINS) {
    countTiny(x, start, end, edges, lanes, inRange, abs)
    return
  }
  if (!inRange) countChecked(x, start, end, edges, lanes, abs, first, last, norm, tol, lastBin)
  else if (abs) countAbs(x, start, end, edges, lanes, first, norm, tol, lastBin)
  else countPlain(x, start, end, edges, lanes, first, norm, tol, lastBin)
}

/*
 * countInto's three loops, each a function of its own: V8 inlines binOf only up to a budget of bytecode per
 * function, and with all of them in one function the checked loop's call stayed a call, which passes each double
 * as a heap number (at N = 10⁷, ~300 MB of garbage per error histogram).
 */
function countPlain(
  x: ArrayLike<number>,
  start: number,
  end: number,
  edges: Float64Array,
  lanes: Int32Array,
  first: number,
  norm: number,
  tol: number,
  lastBin: number,
): void {
  const n4 = end - ((end - start) % 4)
  let i = start
  for (; i < n4; i += 4) {
    lanes[binOf(x[i], first, norm, tol, lastBin, edges) << 2]++
    lanes[(binOf(x[i + 1], first, norm, tol, lastBin, edges) << 2) + 1]++
    lanes[(binOf(x[i + 2], first, norm, tol, lastBin, edges) << 2) + 2]++
    lanes[(binOf(x[i + 3], first, norm, tol, lastBin, edges) << 2) + 3]++
  }
  for (; i < end; i++) lanes[binOf(x[i], first, norm, tol, lastBin, edges) << 2]++
}

function countAbs(
  x: ArrayLike<number>,
  start: number,
  end: number,
  edges: Float64Array,
  lanes: Int32Array,
  first: number,
  norm: number,
  tol: number,
  lastBin: number,
): void {
  const n4 = end - ((end - start) % 4)
  let i = start
  for (; i < n4; i += 4) {
    lanes[binOf(Math.abs(x[i]), first, norm, tol, lastBin, edges) << 2]++
    lanes[(binOf(Math.abs(x[i + 1]), first, norm, tol, lastBin, edges) << 2) + 1]++
    lanes[(binOf(Math.abs(x[i + 2]), first, norm, tol, lastBin, edges) << 2) + 2]++
    lanes[(binOf(Math.abs(x[i + 3]), first, norm, tol, lastBin, edges) << 2) + 3]++
  }
  for (; i < end; i++) lanes[binOf(Math.abs(x[i]), first, norm, tol, lastBin, edges) << 2]++
}

/** Values outside [first, last] and NaN are skipped. */
function countChecked(
  x: ArrayLike<number>,
  start: number,
  end: number,
  edges: Float64Array,
  lanes: Int32Array,
  abs: boolean,
  first: number,
  last: number,
  norm: number,
  tol: number,
  lastBin: number,
): void {
  for (let i = start; i < end; i++) {
    const v = abs ? Math.abs(x[i]) : x[i]
    if (v >= first && v <= last) lanes[(binOf(v, first, norm, tol, lastBin, edges) << 2) + (i & 3)]++
  }
}

/**
 * Bin widths below this reach the subnormal numbers, where linspace's edges carry absolute rounding errors
 * of up to 2^-1075 per step (no longer relative to the width) and bins/(last − first) can overflow.
 */
const SUBNORMAL_BINS = 2 ** -960

/**
 * countInto for ranges whose bins are subnormal-sized (data such as ±1e-310): the estimate divides by the width
 * (bins/width would overflow) and every value is checked against the actual edges, so each value still lands in
 * the bin its edges say. numpy differs here: its estimate can be off by more than a bin at these widths and
 * its single correction step leaves the value off its edges' bin (numpy 2.4, [−2e-320, 0, 4e-320] in 1000
 * bins: 0 in bin 334, though the same edges put it in bin 337, where it lands here).
 */
function countTiny(
  x: ArrayLike<number>,
  start: number,
  end: number,
  edges: Float64Array,
  lanes: Int32Array,
  inRange: boolean,
  abs: boolean,
): void {
  const bins = edges.length - 1
  const first = edges[0]
  const last = edges[bins]
  for (let i = start; i < end; i++) {
    const v = abs ? Math.abs(x[i]) : x[i]
    if (!inRange && !(v >= first && v <= last)) continue
    lanes[binByEdges(v, edges) << 2]++
  }
}

/**
 * The bin of v (first ≤ v ≤ last) by its edges alone: an estimate from the width, then steps along the edges
 * until edges[k] ≤ v < edges[k + 1] (the last bin also takes its right edge). Any estimate gives the bin the
 * edges say, so this is the reference binOf's fast path agrees with; it costs a division per value.
 */
function binByEdges(v: number, edges: Float64Array): number {
  const bins = edges.length - 1
  const first = edges[0]
  let k = Math.floor(((v - first) / (edges[bins] - first)) * bins)
  if (!(k >= 0)) k = 0
  else if (k > bins - 1) k = bins - 1
  while (k > 0 && v < edges[k]) k--
  while (k < bins - 1 && v >= edges[k + 1]) k++
  return k
}

/** Bound (in bins) on the rounding error of the index estimate and of the linspace edges (0.5: always check). */
function edgeTolerance(first: number, last: number, bins: number): number {
  const tol = 8 * Number.EPSILON * bins * (2 + (Math.abs(first) + Math.abs(last)) / (last - first))
  return tol < 0.25 ? tol : 0.5
}

/**
 * Edges by numpy.linspace (refusing zero-width bins like numpy 2), then the counting loop slice by slice;
 * int32 counts.
 */
function* build(
  x: ArrayLike<number>,
  abs: boolean,
  first: number,
  last: number,
  bins: number,
  inRange: boolean,
  step: number,
  into?: Histogram,
): Steps<Histogram> {
  const edges = binEdges(first, last, bins, into?.edges)
  // int32 counts are exact up to 2^31 − 1 values per call
  if (x.length > 2147483647) throw new RangeError('histogram: too many values')
  const n = x.length
  // counted in one slice, nothing can run between the counting and the sum: the lanes can be reused memory
  // (fresh, they were a quarter of a per-channel view's time in Chromium: see scratch.ts)
  const lanes = n <= step ? scratchI32('histogram.lanes', bins * 4).fill(0) : new Int32Array(bins * 4)
  for (let s = 0; s < n; s += step) {
    if (s > 0) yield
    countInto(x, s, Math.min(n, s + step), edges, lanes, inRange, abs)
  }
  const counts = into?.counts ?? new Float64Array(bins)
  for (let k = 0; k < bins; k++)
    counts[k] = lanes[4 * k] + lanes[4 * k + 1] + lanes[4 * k + 2] + lanes[4 * k + 3]
  return { counts, edges }
}

/** numpy.linspace's edges, refusing zero-width bins as numpy 2 does. */
function binEdges(first: number, last: number, bins: number, into?: Float64Array): Float64Array {
  const edges = linspace(first, last, bins + 1, into)
  for (let k = 0; k < bins; k++) {
    if (!(edges[k] < edges[k + 1])) {
      // numpy: "Too many bins for data range. Cannot create N finite-sized bins."
      throw new RangeError(
        `histogram: too many bins for the data range: cannot create ${bins} finite-sized bins in [${first}, ${last}]`,
      )
    }
  }
  return edges
}

/**
 * numpy.histogram(x, bins, range, weights=w): the bins of `histogram` (each value lands in the bin histogram
 * puts it in; values outside the range and NaN are left out), each value adding its (finite) weight instead of 1. For a
 * handful of distinct values with counts, e.g. the codes of a quantized tensor (numpy sums the weights with
 * `np.bincount(indices, weights)` in `_histograms_impl.py`; integer weights sum exactly in any order).
 */
export function weightedHistogram(
  x: ArrayLike<number>,
  weights: ArrayLike<number>,
  bins: number,
  range?: [number, number],
): Histogram {
  assertArrayLike(x, 'weightedHistogram: x')
  assertArrayLike(weights, 'weightedHistogram: weights')
  if (weights.length !== x.length)
    throw new RangeError(`weightedHistogram: ${weights.length} weights for ${x.length} values`)
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i]))
      throw new RangeError(
        `weightedHistogram: weights[${i}] is ${String(weights[i])}; weights must be finite`,
      )
  }
  checkBins(bins, 'weightedHistogram')
  const [first, last] = runSteps(outerEdges(x, range, STEP))
  const edges = binEdges(first, last, bins)
  const counts = new Float64Array(bins)
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (v >= first && v <= last) counts[binByEdges(v, edges)] += weights[i]
  }
  return { counts, edges }
}

/** numpy requires a positive integer number of bins. */
function checkBins(bins: number, name: string): void {
  assertInteger(bins, `${name}: bins`, 1, MAX_BINS)
}

/**
 * numpy.histogram(x, bins, range) for equal-width bins: default range [min, max] of x (widened to
 * [v - 0.5, v + 0.5] when min == max), bin k covers [edges[k], edges[k + 1]) and the last bin also its right
 * edge, values outside the range (and NaN) are not counted. Edges are numpy's linspace; a value exactly on an
 * edge lands in the same bin as in numpy. Throws a RangeError for a non-finite autodetected range.
 * Source: numpy `numpy/lib/_histograms_impl.py` `histogram`.
 */
export function histogram(x: ArrayLike<number>, bins: number, range?: [number, number]): Histogram {
  return runSteps(histogramSteps(x, bins, range))
}

/** `histogram` in slices of `step` values (core/steps.ts): the same result, yielding between slices. */
export function* histogramSteps(
  x: ArrayLike<number>,
  bins: number,
  range?: [number, number],
  step = STEP,
  into?: Histogram,
): Steps<Histogram> {
  assertArrayLike(x, 'histogram: x')
  assertStep(step)
  checkBins(bins, 'histogram')
  checkInto(into, bins, 'histogram', x)
  const [first, last] = yield* outerEdges(x, range, step)
  // with the range taken from the data every value is inside it (NaN/±Infinity were refused)
  return yield* build(x, false, first, last, bins, range === undefined, step, into)
}

/**
 * `into` (arrays lent for a histogram's result, for a caller that reads it before its next one): counts of
 * `bins` and edges of bins + 1 elements, Float64Arrays on buffers of their own, neither the values' memory
 * (the edges are written before the values are counted). Every element is written when the call succeeds.
 */
function checkInto(into: Histogram | undefined, bins: number, fn: string, x: ArrayLike<number>): void {
  if (into === undefined) return
  const { counts, edges } = into
  const xBuffer = ArrayBuffer.isView(x) ? x.buffer : null
  if (
    !(counts instanceof Float64Array) ||
    !(edges instanceof Float64Array) ||
    counts.length !== bins ||
    edges.length !== bins + 1 ||
    counts.buffer === edges.buffer ||
    counts.buffer === xBuffer ||
    edges.buffer === xBuffer
  )
    throw new RangeError(
      `${fn}: into must hold counts of ${bins} and edges of ${bins + 1} elements, in Float64Arrays of their own (not the values' memory)`,
    )
}

/**
 * numpy.histogram(x, b, range) with b the largest bin count ≤ maxBins whose edges are all distinct: a range
 * only a few float64 steps wide (values 1e6 + i·1e-11, or subnormal data such as ±1e-320) cannot hold maxBins
 * finite-sized bins, and numpy would refuse ("Too many bins for data range"); a display or an error histogram
 * wants the histogram anyway, with as many bins as the numbers allow. When numpy's ±0.5 widening of a constant
 * range is lost to rounding (|v| ≥ 2^52), the range is widened by one float64 step on each side instead (on
 * the inner side only at ±MAX_VALUE).
 * Returns exactly what `histogram` returns whenever `histogram(x, maxBins, range)` succeeds.
 */
export function histogramUpTo(x: ArrayLike<number>, maxBins: number, range?: [number, number]): Histogram {
  return runSteps(histogramUpToSteps(x, maxBins, range))
}

/** `histogramUpTo` in slices of `step` values (core/steps.ts): the same result, yielding between slices. */
export function* histogramUpToSteps(
  x: ArrayLike<number>,
  maxBins: number,
  range?: [number, number],
  step = STEP,
): Steps<Histogram> {
  assertArrayLike(x, 'histogramUpTo: x')
  assertStep(step)
  checkBins(maxBins, 'histogramUpTo')
  let [first, last] = yield* outerEdges(x, range, step)
  if (!(first < last)) {
    // at ±MAX_VALUE one side has no float64 beyond it: widen the other side only
    const below = stepAway(first, -1)
    const above = stepAway(last, 1)
    if (Number.isFinite(below)) first = below
    if (Number.isFinite(above)) last = above
  }
  let bins = maxBins
  while (bins > 1 && !distinctEdges(linspace(first, last, bins + 1))) bins = Math.max(1, bins >> 1)
  return yield* build(x, false, first, last, bins, range === undefined, step)
}

/**
 * The float64 next to v in direction dir (±1): v ± the spacing of the doubles at v (never 0 or v itself);
 * ±Infinity past ±MAX_VALUE.
 */
function stepAway(v: number, dir: 1 | -1): number {
  const a = Math.abs(v)
  // 2^(e − 52) is the spacing at |v|; below 2^-1022 the spacing is the smallest subnormal
  // (Math.log2 rounds up to 1024 just below MAX_VALUE, hence floorLog2)
  const spacing = a < 2 ** -1022 ? 5e-324 : 2 ** (floorLog2(a) - 52)
  let w = v + dir * spacing
  if (w === v) w = v + dir * 2 * spacing
  return w
}

function distinctEdges(edges: Float64Array): boolean {
  for (let k = 1; k < edges.length; k++) if (!(edges[k - 1] < edges[k])) return false
  return true
}

/**
 * Histogram of |x| over [0, max|x|] (the TensorRT slides / pytorch-quantization calibration histogram):
 * exactly numpy.histogram(|x|, bins, range=(0, max|x|)). For all-zero (or empty) x the range [0, 0] is widened
 * by numpy's rule to [-0.5, 0.5] and all values land in the middle bin; the calibrators handle such a histogram
 * without NaN (percentileCalibrate gives that bin's left edge: 0 for an even bin count such as 2048, −0.5/bins
 * for an odd one (to the last bits), and edges[0] = −0.5 at percentile 0, as for any histogram). Sources:
 * pytorch-quantization `calib/histogram.py` (`calibrate_weights`), the GTC 2017 slides.
 */
export function absHistogram(x: ArrayLike<number>, bins = 2048, into?: Histogram): Histogram {
  return runSteps(absHistogramSteps(x, bins, STEP, into))
}

/**
 * `absHistogram` in slices of `step` values (core/steps.ts): the same result, yielding between slices.
 * `into`: arrays to write the histogram to (counts of `bins` elements, edges of bins + 1), for a caller that
 * reads it before its next one (the per-channel view makes one per row).
 */
export function* absHistogramSteps(
  x: ArrayLike<number>,
  bins = 2048,
  step = STEP,
  into?: Histogram,
): Steps<Histogram> {
  assertArrayLike(x, 'absHistogram: x')
  assertStep(step)
  checkBins(bins, 'absHistogram')
  checkInto(into, bins, 'absHistogram', x)
  const max = yield* absMax(x, step)
  if (!(max < Infinity)) {
    const i = Array.prototype.findIndex.call(x, (v: number) => !Number.isFinite(v))
    throw new RangeError(`absHistogram: x[${i}] is ${String(x[i])}; max|x| would not be finite`)
  }
  const [first, last] = yield* outerEdges(x, [0, max], step)
  return yield* build(x, true, first, last, bins, true, step, into)
}

/**
 * The signed histogram TVM's KL calibration builds: t = max(|min x|, |max x|), numpy.histogram(x, bins,
 * range=(-t, t)) (widened to (-0.5, 0.5) when t = 0), with the edges rounded to float32 because TVM's C++
 * `MinimizeKL` reads them through a float pointer. Counting uses float64 numpy semantics.
 * Source: apache/tvm `python/tvm/relay/quantize/kl_divergence.py` `_find_scale_by_kl`; default 8001 bins.
 */
export function tvmHistogram(x: ArrayLike<number>, bins = 8001, into?: Histogram): Histogram {
  return runSteps(tvmHistogramSteps(x, bins, STEP, into))
}

/** max(t, max|x[s … e)|), refusing a non-finite value (tvmHistogramSteps' slice loop, see absMaxSlice). */
function finiteAbsMax(x: ArrayLike<number>, s: number, e: number, t: number): number {
  for (let i = s; i < e; i++) {
    const v = Math.abs(x[i])
    if (!Number.isFinite(v)) throw new RangeError(`tvmHistogram: x[${i}] is ${String(x[i])}`)
    if (v > t) t = v
  }
  return t
}

/** `tvmHistogram` in slices of `step` values (core/steps.ts): the same result, yielding between slices;
 *  `into` as for absHistogramSteps. */
export function* tvmHistogramSteps(
  x: ArrayLike<number>,
  bins = 8001,
  step = STEP,
  into?: Histogram,
): Steps<Histogram> {
  assertArrayLike(x, 'tvmHistogram: x')
  assertStep(step)
  checkBins(bins, 'tvmHistogram')
  checkInto(into, bins, 'tvmHistogram', x)
  if (x.length === 0) throw new RangeError('tvmHistogram: x is empty (TVM takes the min of the data)')
  let t = 0
  for (let s = 0; s < x.length; s += step) {
    if (s > 0) yield
    t = finiteAbsMax(x, s, Math.min(x.length, s + step), t)
  }
  // TVM's C++ reads the edges as float32: beyond float32's range they would be ±Infinity, below its smallest
  // normal number they would collapse onto 0 (no window could be told apart), so such data is refused here
  if (t > F32_MAX || (t > 0 && t < F32_MIN_NORMAL * bins)) {
    throw new RangeError(
      `tvmHistogram: max|x| = ${t} is outside the float32 range TVM's histogram edges are read in`,
    )
  }
  const h = yield* histogramSteps(x, bins, [-t, t], step, into)
  for (let k = 0; k < h.edges.length; k++) h.edges[k] = Math.fround(h.edges[k])
  return h
}

const F32_MAX = 3.4028234663852886e38
const F32_MIN_NORMAL = 2 ** -126

/**
 * max|x| (0 for no values); NaN if any value is NaN (Math.max propagates it), +Infinity if one is infinite.
 * Math.max is associative and commutative (−0 < +0, NaN wins), so the two lanes and the slices do not change
 * the result.
 */
function* absMax(x: ArrayLike<number>, step: number): Steps<number> {
  const m = new Float64Array(2)
  const n = x.length
  for (let s = 0; s < n; s += step) {
    if (s > 0) yield
    absMaxSlice(x, s, Math.min(n, s + step), m)
  }
  return Math.max(m[0], m[1])
}

/**
 * The slice loops of the generators here are plain functions, their running values kept in a small array: a
 * double that a generator's loop carries across a yield is a heap number in V8, one allocation per value (at
 * N = 10⁷, collections that cost a worker a tenth of a second in Chromium).
 */
function absMaxSlice(x: ArrayLike<number>, s: number, e: number, m: Float64Array): void {
  let m0 = m[0]
  let m1 = m[1]
  const e2 = e - ((e - s) % 2)
  let i = s
  for (; i < e2; i += 2) {
    m0 = Math.max(m0, Math.abs(x[i]))
    m1 = Math.max(m1, Math.abs(x[i + 1]))
  }
  if (i < e) m0 = Math.max(m0, Math.abs(x[i]))
  m[0] = m0
  m[1] = m1
}

/** [min, max] of x; NaN if any value is NaN. */
function* minMax(x: ArrayLike<number>, step: number): Steps<[number, number]> {
  const m = Float64Array.of(Infinity, -Infinity)
  const n = x.length
  for (let s = 0; s < n; s += step) {
    if (s > 0) yield
    minMaxSlice(x, s, Math.min(n, s + step), m)
  }
  return [m[0], m[1]]
}

/** minMax's slice loop (see absMaxSlice): Math.min/max, so a NaN makes the result NaN. */
function minMaxSlice(x: ArrayLike<number>, s: number, e: number, m: Float64Array): void {
  let lo = m[0]
  let hi = m[1]
  for (let i = s; i < e; i++) {
    const v = x[i]
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  m[0] = lo
  m[1] = hi
}

/** Bin centres (edges[k] + edges[k + 1]) / 2, as pytorch-quantization's `_compute_amax_mse` computes them. */
export function binCentres(edges: ArrayLike<number>): Float64Array {
  const n = Math.max(0, edges.length - 1)
  const c = new Float64Array(n)
  for (let k = 0; k < n; k++) c[k] = (edges[k + 1] + edges[k]) / 2
  return c
}

/**
 * Checks a histogram handed to a calibrator and returns its total count: at least one bin, edges one longer
 * than counts, counts finite and >= 0 (NaN, ±Infinity and negative counts are refused), edges finite and
 * non-decreasing (equal edges are allowed: pytorch-quantization produces all-zero edges for an all-zero
 * tensor). Throws TypeError/RangeError naming the problem.
 */
export function assertHistogram(h: unknown, name = 'histogram'): number {
  if (h == null || typeof h !== 'object') throw new TypeError(`${name} must be an object { counts, edges }`)
  const { counts, edges } = h as Partial<Histogram>
  assertArrayLike(counts, `${name}.counts`)
  assertArrayLike(edges, `${name}.edges`)
  if (counts.length === 0) throw new RangeError(`${name} has no bins`)
  if (counts.length > MAX_BINS) throw new RangeError(`${name} has more than ${MAX_BINS} bins`)
  if (edges.length !== counts.length + 1) {
    throw new RangeError(
      `${name}.edges must have counts.length + 1 = ${counts.length + 1} entries (got ${edges.length})`,
    )
  }
  let total = 0
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]
    if (typeof c !== 'number' || !Number.isFinite(c))
      throw new RangeError(`${name}.counts[${k}] is ${String(c)}`)
    if (c < 0) throw new RangeError(`${name}.counts[${k}] is negative (${c})`)
    total += c
  }
  if (!Number.isFinite(total)) throw new RangeError(`${name}: the total count overflows`)
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k]
    if (typeof e !== 'number' || !Number.isFinite(e))
      throw new RangeError(`${name}.edges[${k}] is ${String(e)}`)
    if (k > 0 && e < edges[k - 1])
      throw new RangeError(`${name}.edges must be non-decreasing (edges[${k}] < edges[${k - 1}])`)
  }
  return total
}

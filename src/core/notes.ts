/**
 * The notes' Python functions (shared/seed/quantization-notes.zh.md, "使用量化来计算，代码实战"), in float64 with
 * numpy semantics, plus numpy.testing.assert_allclose's comparison and failure message.
 *
 * Sources: the notes' `calculate_quant_param`, `quant_tensor`, `dequant_tensor`, `_find_scale_by_percentile`;
 * numpy 1.24 numpy/testing/_private/utils.py `assert_allclose` → `assert_array_compare` (isclose with
 * equal_nan=True, nan/inf position checks, "Mismatched elements", max abs/rel difference) and `build_err_msg`.
 */
import { formatErrMsgArray, formatG3, formatScalarNumpy } from './numpyFormat'
import { RandomState } from './random'
import { roundHalfEven } from './rounding'
import { chunkEnd } from './chunks'
import { assertStep, runSteps, STEP, type Steps } from './steps'
import { assertAllFinite, assertArrayLike, assertNonEmpty } from './validate'

export interface NotesQuantParam {
  w: number
  b: number
  /** the range used: (min, max) of x, or (−a, a) for the symmetric form */
  min: number
  max: number
}

function minMax(x: ArrayLike<number>): [number, number] {
  let lo = x[0]
  let hi = x[0]
  for (let i = 1; i < x.length; i++) {
    const v = x[i]
    if (v < lo) lo = v
    else if (v > hi) hi = v
  }
  return [lo, hi]
}

/**
 * The notes' `calculate_quant_param(x, with_bias)`:
 * - withBias: w = (max − min)/255, b = max − w·127 (maps [min, max] onto [−128, 127]);
 * - otherwise: a = max(|min|, |max|), w = a/127, b = 0, and the range reported is (−a, a).
 * Empty input or NaN/±Inf throws a RangeError. A constant tensor gives w = 0 (withBias, or all-zero input) exactly
 * as numpy does; `quantTensor` refuses w = 0 with a "zero range" RangeError instead of dividing by zero.
 */
export function calculateQuantParam(x: ArrayLike<number>, withBias: boolean): NotesQuantParam {
  assertNonEmpty(x, 'x')
  assertAllFinite(x, 'x')
  const [lo, hi] = minMax(x)
  if (withBias) {
    const w = (hi - lo) / 255
    return { w, b: hi - w * 127, min: lo, max: hi }
  }
  const a = Math.max(Math.abs(lo), Math.abs(hi))
  return { w: a / 127, b: 0, min: -a, max: a }
}

function checkQRange(qmin: number, qmax: number): void {
  if (!Number.isInteger(qmin) || !Number.isInteger(qmax)) {
    throw new TypeError(`qmin and qmax must be integers (got ${qmin}, ${qmax})`)
  }
  if (qmin > qmax) throw new RangeError(`qmin must be <= qmax (got ${qmin} > ${qmax})`)
  if (qmin < -2147483648 || qmax > 2147483647)
    throw new RangeError(`[${qmin}, ${qmax}] exceeds the int32 code range`)
}

/**
 * clip(round_half_even((x − b)/w), qmin, qmax) for one chunk, fast path only: f = floor(t + 0.5) with t clamped
 * (the bounds are integers, so clamping first is equivalent); an exact tie, a t + 0.5 that rounded up in floating
 * point, or a NaN/±Inf is handed back (returned index; −1 when done) for the caller to resolve. See chunks.ts.
 */
function quantTensorKernel(
  x: ArrayLike<number>,
  out: Int32Array,
  start: number,
  end: number,
  w: number,
  b: number,
  qmin: number,
  qmax: number,
): number {
  for (let i = start; i < end; i++) {
    const v = x[i]
    const t = Math.min(Math.max((v - b) / w, qmin), qmax)
    const f = Math.floor(t + 0.5)
    if (f - t >= 0.5 || v - v !== 0) return i
    out[i] = f
  }
  return -1
}

/**
 * The notes' `quant_tensor`: clip(np.round((x − b)/w), qmin, qmax) (round half to even, as np.round).
 * Throws a RangeError when w ≤ 0 or is not finite ("zero range": numpy would divide by zero and produce inf/nan
 * that `.astype("int8")` turns into garbage), and for NaN/±Inf in x.
 */
export function quantTensor(x: ArrayLike<number>, w: number, b: number, qmin = -128, qmax = 127): Int32Array {
  assertArrayLike(x, 'x')
  if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
    throw new RangeError(
      `w must be a finite number > 0 (got ${String(w)}): zero range, nothing to quantize with`,
    )
  }
  if (typeof b !== 'number' || !Number.isFinite(b))
    throw new RangeError(`b must be a finite number (got ${String(b)})`)
  checkQRange(qmin, qmax)
  const n = x.length
  const out = new Int32Array(n)
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n)) {
    for (let i = quantTensorKernel(x, out, s, e, w, b, qmin, qmax); i >= 0;) {
      const v = x[i]
      if (v - v !== 0) throw new RangeError(`x[${i}] is ${String(v)}; only finite numbers can be quantized`)
      out[i] = roundHalfEven(Math.min(Math.max((v - b) / w, qmin), qmax))
      i = quantTensorKernel(x, out, i + 1, e, w, b, qmin, qmax)
    }
  }
  return out
}

/** The notes' `dequant_tensor`: w·q + b in float64 (numpy's int8 array times a float64 scalar). */
export function dequantTensor(q: ArrayLike<number>, w: number, b: number): Float64Array {
  assertArrayLike(q, 'q')
  if (typeof w !== 'number' || !Number.isFinite(w))
    throw new RangeError(`w must be a finite number (got ${String(w)})`)
  if (typeof b !== 'number' || !Number.isFinite(b))
    throw new RangeError(`b must be a finite number (got ${String(b)})`)
  const n = q.length
  const out = new Float64Array(n)
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n))
    dequantTensorKernel(q, out, s, e, w, b)
  return out
}

function dequantTensorKernel(
  q: ArrayLike<number>,
  out: Float64Array,
  start: number,
  end: number,
  w: number,
  b: number,
): void {
  for (let i = start; i < end; i++) out[i] = w * q[i] + b
}

/**
 * Reorders a[lo..hi] so that a[k] holds the value it would have if sorted, everything left of it ≤ a[k] and
 * everything right ≥ a[k] (quickselect, median-of-three pivots, Hoare-style partition). In place.
 */
function* select(a: Float64Array, k: number, step: number): Steps<void> {
  // a yield after about every `step` elements the partitions have passed (the same swaps either way)
  let work = 0
  let lo = 0
  let hi = a.length - 1
  while (hi > lo) {
    if (hi - lo < 16) {
      // insertion sort for the small remainder
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i]
        let j = i - 1
        while (j >= lo && a[j] > v) {
          a[j + 1] = a[j]
          j--
        }
        a[j + 1] = v
      }
      return
    }
    const mid = (lo + hi) >>> 1
    // median of three to a[mid]
    if (a[mid] < a[lo]) swap(a, mid, lo)
    if (a[hi] < a[lo]) swap(a, hi, lo)
    if (a[hi] < a[mid]) swap(a, hi, mid)
    const pivot = a[mid]
    let i = lo
    let j = hi
    while (i <= j) {
      const i0 = i
      const j0 = j
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        swap(a, i, j)
        i++
        j--
      }
      work += i - i0 + (j0 - j)
      if (work >= step) {
        work = 0
        yield
      }
    }
    // now a[lo..j] ≤ pivot ≤ a[i..hi], and a[j+1..i-1] == pivot
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]
  a[i] = a[j]
  a[j] = t
}

/**
 * The notes' `_find_scale_by_percentile(arr, percentile)`: with x = |arr| and k = int(size·percentile), returns
 * np.partition(x, k)[0:k], i.e. the k smallest |x| (in no particular order). percentile must be in (0, 1].
 * For percentile = 1, k = size and all |x| are returned (numpy's np.partition would raise). Small inputs can keep
 * nothing (size 1 → k = 0 → an empty array, which calculateQuantParam then refuses).
 */
export function percentileKeep(x: ArrayLike<number>, percentile = 0.99999): Float64Array {
  const kept = runSteps(percentileKeepSteps(x, percentile))
  // an array of its own (not a view of the larger scratch array)
  return kept.byteLength === kept.buffer.byteLength ? kept : kept.slice()
}

/**
 * `percentileKeep` in slices of about `step` elements (core/steps.ts): the same swaps, the same values, as a
 * view of the scratch array (a copy of 10⁷ values is a long pause of its own for a caller that reads it once).
 */
export function* percentileKeepSteps(
  x: ArrayLike<number>,
  percentile = 0.99999,
  step = STEP,
): Steps<Float64Array> {
  assertStep(step)
  assertArrayLike(x, 'x')
  if (typeof percentile !== 'number' || !(percentile > 0 && percentile <= 1)) {
    throw new RangeError(`percentile must be a fraction in (0, 1] (got ${String(percentile)})`)
  }
  assertAllFinite(x, 'x')
  const n = x.length
  const a = new Float64Array(n)
  for (let s = 0; s < n; s += step) {
    yield
    for (let i = s, e = Math.min(n, s + step); i < e; i++) a[i] = Math.abs(x[i])
  }
  const k = Math.floor(n * percentile)
  if (k >= n) return a
  if (k === 0) return new Float64Array(0)
  yield* select(a, k, step)
  return a.subarray(0, k)
}

export interface AllcloseReport {
  mismatched: number
  total: number
  /** max |actual − desired| over the compared elements (0 if none) */
  maxAbsDiff: number
  /** max |actual − desired| / |desired| over compared elements with desired ≠ 0 (Infinity if all desired are 0) */
  maxRelDiff: number
  /** the position check numpy does first failed: NaN (or ±Inf) in one array where the other has none */
  locationMismatch: 'nan' | '+inf' | '-inf' | null
}

export interface Tolerance {
  rtol?: number
  atol?: number
}

function tolerances(tol: Tolerance | undefined): { rtol: number; atol: number } {
  const rtol = tol?.rtol ?? 1e-7
  const atol = tol?.atol ?? 0
  for (const [name, v] of [
    ['rtol', rtol],
    ['atol', atol],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`${name} must be a finite number >= 0 (got ${String(v)})`)
    }
  }
  return { rtol, atol }
}

function checkPair(actual: ArrayLike<number>, desired: ArrayLike<number>): void {
  assertArrayLike(actual, 'actual')
  assertArrayLike(desired, 'desired')
  if (actual.length !== desired.length) {
    throw new RangeError(
      `actual and desired must have the same length (${actual.length} vs ${desired.length})`,
    )
  }
}

/** Counts, for one chunk, positions where exactly one side is NaN / +Inf / −Inf (branch-free, see chunks.ts). */
function locationKernel(
  a: ArrayLike<number>,
  d: ArrayLike<number>,
  start: number,
  end: number,
  acc: Float64Array,
): void {
  let nan = acc[0]
  let pinf = acc[1]
  let ninf = acc[2]
  for (let i = start; i < end; i++) {
    const x = a[i]
    const y = d[i]
    nan += +((x !== x) !== (y !== y))
    pinf += +((x === Infinity) !== (y === Infinity))
    ninf += +((x === -Infinity) !== (y === -Infinity))
  }
  acc[0] = nan
  acc[1] = pinf
  acc[2] = ninf
}

/** numpy `func_assert_same_pos` for isnan, == +inf, == −inf, in that order. */
function locationCheck(a: ArrayLike<number>, d: ArrayLike<number>): 'nan' | '+inf' | '-inf' | null {
  const n = a.length
  const acc = new Float64Array(3)
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n)) locationKernel(a, d, s, e, acc)
  if (acc[0] > 0) return 'nan'
  if (acc[1] > 0) return '+inf'
  if (acc[2] > 0) return '-inf'
  return null
}

/**
 * One chunk of allclose over pairs that are finite on both sides: mismatch count, max abs and max rel
 * differences into acc. Stops at a pair with a NaN/±Inf (returns its index after saving the sums; −1 when the
 * chunk is done) so that the loop holds no rarely-taken code (see chunks.ts).
 */
function allcloseKernel(
  actual: ArrayLike<number>,
  desired: ArrayLike<number>,
  start: number,
  end: number,
  rtol: number,
  atol: number,
  acc: Float64Array,
): number {
  let mismatched = acc[0]
  let maxAbs = acc[1]
  let maxRel = acc[2]
  let anyNonZero = acc[3]
  let compared = acc[4]
  let stop = -1
  for (let i = start; i < end; i++) {
    const a = actual[i]
    const d = desired[i]
    const err = Math.abs(a - d)
    if (err - err !== 0) {
      stop = i
      break
    }
    const ad = Math.abs(d)
    compared += 1
    mismatched += +!(err <= atol + rtol * ad)
    maxAbs = Math.max(maxAbs, err)
    const nz = +(d !== 0)
    anyNonZero = Math.max(anyNonZero, nz)
    // err/|d| for d ≠ 0; for d = 0 the quotient (inf or NaN) is replaced by −inf, which never wins the max
    maxRel = Math.max(maxRel, nz === 1 ? err / ad : -Infinity)
  }
  acc[0] = mismatched
  acc[1] = maxAbs
  acc[2] = maxRel
  acc[3] = anyNonZero
  acc[4] = compared
  return stop
}

/**
 * `np.testing.assert_allclose(actual, desired, rtol, atol)` as a report instead of an exception. An element is a
 * mismatch where |a − d| > atol + rtol·|d| (numpy isclose). Positions where both are NaN, or both the same
 * infinity, are equal and excluded (equal_nan=True). A NaN/±Inf on one side only is a mismatch (numpy raises a
 * "location mismatch" error there; see `locationMismatch`); the max differences are taken over elements that are
 * finite in both arrays, so the report never contains NaN.
 */
export function allclose(
  actual: ArrayLike<number>,
  desired: ArrayLike<number>,
  tol?: Tolerance,
): AllcloseReport {
  checkPair(actual, desired)
  const { rtol, atol } = tolerances(tol)
  const n = actual.length
  const acc = new Float64Array(5) // mismatched, max abs, max rel, any desired ≠ 0, compared
  acc[2] = -Infinity
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n)) {
    for (let i = allcloseKernel(actual, desired, s, e, rtol, atol, acc); i >= 0;) {
      // a NaN/±Inf pair: equal if both NaN or the same infinity (numpy equal_nan / same-position infinities),
      // otherwise a mismatch; either way not part of the max differences (except an overflowing difference)
      const a = actual[i]
      const d = desired[i]
      if (a - a === 0 && d - d === 0) {
        // finite values whose difference overflows: an infinite error, as numpy reports it
        acc[0] += 1
        acc[1] = Infinity
        acc[4] += 1
        if (d !== 0) {
          acc[2] = Infinity
          acc[3] = 1
        }
      } else if (!((a !== a && d !== d) || a === d)) {
        acc[0] += 1
      }
      i = allcloseKernel(actual, desired, i + 1, e, rtol, atol, acc)
    }
  }
  const [mismatched, maxAbs, maxRel, anyNonZero, compared] = acc
  return {
    mismatched,
    total: n,
    maxAbsDiff: maxAbs,
    maxRelDiff: anyNonZero ? maxRel : compared === 0 ? 0 : Infinity,
    locationMismatch: locationCheck(actual, desired),
  }
}

/**
 * The text numpy 1.24's assert_allclose prints after its header lines ("Not equal to tolerance rtol=…, atol=…"),
 * e.g. for the notes:
 *   Mismatched elements: 5103 / 10000 (51%)
 *   Max absolute difference: 0.04658287
 *   Max relative difference: 38.4349307
 *    x: array([ 9.118319, -0.141494, -0.991779, ..., -0.220215, -0.913226,
 *          -2.031146])
 *    y: array([ 9.120922, -0.099835, -1.00755 , ..., -0.195489, -0.875064,
 *          -2.048925])
 * A NaN/±Inf location mismatch gives numpy's "x and y nan location mismatch:" block instead. Returns '' when the
 * arrays are close (numpy raises nothing).
 */
export function formatAllcloseFailure(
  actual: ArrayLike<number>,
  desired: ArrayLike<number>,
  tol?: Tolerance,
): string {
  checkPair(actual, desired)
  const r = allclose(actual, desired, tol)
  const arrays = formatErrMsgArray('x', actual) + '\n' + formatErrMsgArray('y', desired)
  if (r.locationMismatch !== null) return `x and y ${r.locationMismatch} location mismatch:\n` + arrays
  if (r.mismatched === 0) return ''
  const pct = (100 * r.mismatched) / r.total
  return [
    `Mismatched elements: ${r.mismatched} / ${r.total} (${formatG3(pct)}%)`,
    `Max absolute difference: ${formatScalarNumpy(r.maxAbsDiff)}`,
    `Max relative difference: ${formatScalarNumpy(r.maxRelDiff)}`,
    arrays,
  ].join('\n')
}

export interface NotesAddOptions {
  x1: ArrayLike<number>
  x2: ArrayLike<number>
  /** calculate_quant_param's with_bias */
  withBias: boolean
  /** when given, the parameters come from percentileKeep(x, percentile) (the notes' "using percentile" run) */
  percentile?: number
  /** the notes compare with atol = rtol = 0.01 */
  tol?: Tolerance
}

export interface NotesAddResult {
  w1: number
  b1: number
  w2: number
  b2: number
  q1: Int32Array
  q2: Int32Array
  f1: Float64Array
  f2: Float64Array
  /** f1 + f2 (the dequantized sum) */
  c: Float64Array
  /** x1 + x2 (the float reference) */
  exp: Float64Array
  report: AllcloseReport
  /** formatAllcloseFailure(c, exp, tol): '' when the comparison passes */
  failureText: string
}

/**
 * The notes' add experiment: parameters for x1 and x2, quantize, dequantize, c = f1 + f2, compare with x1 + x2
 * (assert_allclose, atol = rtol = 0.01). Reproduces the four "add" goldens (clean / traitor, with or without bias,
 * with or without percentile).
 */
export function notesAddExperiment(opts: NotesAddOptions): NotesAddResult {
  const { x1, x2, withBias, percentile } = opts
  checkPair(x1, x2)
  const tol = opts.tol ?? { atol: 0.01, rtol: 0.01 }
  const p1 = calculateQuantParam(percentile === undefined ? x1 : percentileKeep(x1, percentile), withBias)
  const p2 = calculateQuantParam(percentile === undefined ? x2 : percentileKeep(x2, percentile), withBias)
  const q1 = quantTensor(x1, p1.w, p1.b)
  const q2 = quantTensor(x2, p2.w, p2.b)
  const f1 = dequantTensor(q1, p1.w, p1.b)
  const f2 = dequantTensor(q2, p2.w, p2.b)
  const n = x1.length
  const c = new Float64Array(n)
  const exp = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    c[i] = f1[i] + f2[i]
    exp[i] = x1[i] + x2[i]
  }
  return {
    w1: p1.w,
    b1: p1.b,
    w2: p2.w,
    b2: p2.b,
    q1,
    q2,
    f1,
    f2,
    c,
    exp,
    report: allclose(c, exp, tol),
    failureText: formatAllcloseFailure(c, exp, tol),
  }
}

/**
 * The notes' inputs: np.random.seed(seed); x1 = uniform(−1, 1, size); x2 = uniform(−2, 1, size) (x2 drawn after
 * x1). With `traitor`, x1[0] is replaced by that value afterwards (the notes use 10); x2 is unaffected.
 */
export function notesInputs(opts: { seed?: number; size?: number; traitor?: number | null } = {}): {
  x1: Float64Array
  x2: Float64Array
} {
  const rs = new RandomState(opts.seed ?? 42)
  const size = opts.size ?? 10000
  const x1 = rs.uniform(-1, 1, size)
  const x2 = rs.uniform(-2, 1, size)
  if (opts.traitor !== undefined && opts.traitor !== null) {
    if (!Number.isFinite(opts.traitor)) throw new RangeError(`traitor must be finite (got ${opts.traitor})`)
    if (size === 0) throw new RangeError('traitor needs size >= 1')
    x1[0] = opts.traitor
  }
  return { x1, x2 }
}

/**
 * The notes' asymmetric worked example: [β, α] onto [−128, 127]: w = (α − β)/255, b_f = α − w·127,
 * b_q = round(b_f / w) (half to even), and the dequantized −128 = w·(−128) + b_f (≈ β).
 */
export function notesAsymmetricExample(
  alpha: number,
  beta: number,
): { w: number; bF: number; bQ: number; dequantMin: number } {
  if (!Number.isFinite(alpha) || !Number.isFinite(beta))
    throw new RangeError('alpha and beta must be finite numbers')
  if (!(alpha > beta))
    throw new RangeError(`alpha must be > beta (got ${alpha}, ${beta}): zero or negative range`)
  const w = (alpha - beta) / 255
  // a subnormal range divides to 0 and a range near ±1.8e308 overflows: the example's w must be a usable step
  if (!(w > 0 && Number.isFinite(w)))
    throw new RangeError(
      `(alpha − beta) / 255 is ${w} (got ${alpha}, ${beta}): the range is too small or too wide`,
    )
  const bF = alpha - w * 127
  const t = bF / w
  let bQ = Math.floor(t)
  const d = t - bQ
  if (d > 0.5 || (d === 0.5 && bQ % 2 !== 0)) bQ += 1
  return { w, bF, bQ, dequantMin: w * -128 + bF }
}

/** The notes' symmetric example: w = α/127, q = round(v / w) (half to even), dequant = q·w. */
export function notesSymmetricExample(
  alpha: number,
  value: number,
): { w: number; q: number; dequant: number } {
  if (!Number.isFinite(alpha) || !(alpha > 0))
    throw new RangeError(`alpha must be a finite number > 0 (got ${alpha})`)
  if (!Number.isFinite(value)) throw new RangeError(`value must be finite (got ${value})`)
  const w = alpha / 127
  // a subnormal alpha divides to w = 0, and value / 0 would make q NaN or ∞
  if (!(w > 0)) throw new RangeError(`alpha / 127 underflows to 0 (got ${alpha}): alpha is too small`)
  const t = value / w
  let q = Math.floor(t)
  const d = t - q
  if (d > 0.5 || (d === 0.5 && q % 2 !== 0)) q += 1
  return { w, q, dequant: q * w }
}

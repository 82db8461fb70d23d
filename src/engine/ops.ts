/**
 * View models of the Lab's add and dense views: the inputs, their calibration and quantization, the notes'
 * float-scale forms and the integer-only TFLite forms (all through the quant core), the errors against float,
 * and one element's whole computation. Pure: no DOM. Runs in the ops Web Worker (OpsEngine) or directly.
 *
 * Sources: seed notes quantization-notes.zh.md ("Add", "Dense"); TFLite `kernels/add.cc` and
 * `kernels/internal/reference/integer_ops/add.h`, `.../integer_ops/fully_connected.h`; Jacob et al. 2018
 * (arXiv:1712.05877) eq. (4)–(7).
 */
import {
  allclose,
  dotProducts,
  absHistogram,
  dequantize,
  dequantTensor,
  errorMetrics,
  fullyConnectedTrace,
  histogramUpTo,
  int8Add,
  int8AddMultipliers,
  int8AddTrace,
  int8FullyConnected,
  notesAddRequant,
  notesAddRequantZp,
  NOTES_ZERO_POINT_LIMIT,
  notesDenseRequant,
  notesInputs,
  quantize,
  quantTensor,
  RandomState,
  roundHalfEven,
  type AllcloseReport,
  type EntropyVariant,
  type ErrorMetrics,
  type FullyConnectedTrace,
  type Histogram,
  type Int8AddMultipliers,
  type Int8AddParams,
  type Int8AddTrace,
  minMaxOf,
  runSteps,
  type Steps,
} from '../core'
import { defaultLabParams } from '../params/labParams'
import { EngineError, type EngineErrorCode } from './engineError'
import {
  addSchemeOf,
  DENSE_MAX,
  OPS_PCT,
  type AddParams,
  type DenseParams,
  type OPS_FORMS,
  type OPS_SCHEMES,
} from '../params/opsParams'
import {
  CALIBRATORS,
  INT8_GRID,
  type CalibrationInput,
  type CalibrationOptions,
} from '../registry/calibrators'
import { oneSigned } from './calibrationGrid'
import { planGrid, type GridSpec } from './plan'
import { generateTensorSteps, sourceSpecOf, type SourceSpec } from './sources'
import { injectOutlierChannels, smoothSummary, type SmoothSummary } from './smoothQuant'

export const INT32_LIMIT = 2147483647
/** Dense outputs up to this many are returned cell by cell (the view draws them as buttons). */
export const DENSE_CELL_LIMIT = 256
/** The notes' dense form (a triple loop in the core) is computed up to this many multiply-adds. */
export const NOTES_DENSE_LIMIT = 1 << 26
const HIST_BINS = 60

// ---------------------------------------------------------------------------------------------------------
// Sources and calibration
// ---------------------------------------------------------------------------------------------------------

/** A generator spec with the Lab's defaults for every field not given. */
function genSpec(over: Partial<SourceSpec>): SourceSpec {
  return { ...sourceSpecOf(defaultLabParams()), outlier: null, ...over }
}

/** A tensor the user loaded in the Lab (.npy/CSV/…), as handed to the ops engine: row-major, [rows, cols]. */
export interface LoadedTensor {
  name: string
  data: Float64Array
  shape: [number, number]
}

/**
 * One add input: the notes' stream (x1 = uniform(−1, 1, n) then x2 = uniform(−2, 1, n) from seed; `which`
 * picks x1 or x2), a Lab generator, or the first n values of the loaded tensor; the outlier, when given, is
 * written at index 0 (the notes' x1[0] = 10).
 */
export function addInput(
  dist: AddParams['adist'],
  seed: number,
  n: number,
  outlier: number | null,
  which: 'x1' | 'x2',
  loaded: LoadedTensor | null = null,
): Float64Array {
  return runSteps(addInputSteps(dist, seed, n, outlier, which, loaded))
}

function* addInputSteps(
  dist: AddParams['adist'],
  seed: number,
  n: number,
  outlier: number | null,
  which: 'x1' | 'x2',
  loaded: LoadedTensor | null,
): Steps<Float64Array> {
  let x: Float64Array
  if (dist === 'loaded') {
    if (!loaded) throw new RangeError('no loaded tensor')
    x = loaded.data.slice(0, n)
  } else
    x =
      dist === 'notes'
        ? notesInputs({ seed, size: n })[which]
        : (yield* generateTensorSteps(genSpec({ dist, n, seed }))).data
  if (outlier !== null) x[0] = outlier
  return x
}

/** The number of elements an add really has: n, or fewer when an input is the (shorter) loaded tensor. */
export function addLength(p: AddParams, loaded: LoadedTensor | null): number {
  const usesLoaded = p.adist === 'loaded' || p.bdist === 'loaded'
  return usesLoaded && loaded ? Math.max(1, Math.min(p.n, loaded.data.length)) : p.n
}

export type CalibMethod = AddParams['acalib']

/** A calibrator's own settings in the ops views: the KL variant and the percentile (the notes' own mode). */
export interface OpsCalibSettings {
  variant: EntropyVariant
  pct: number
}
/** The views' default settings: TensorRT's KL and the notes' percentile 99.999 %. */
export const OPS_CALIB_DEFAULT: OpsCalibSettings = { variant: 'tensorrt', pct: OPS_PCT }

/**
 * int8 throughout; an asymmetric grid over data of one sign spends its 256 codes on [0, T] or [−T, 0] at most,
 * and KL and MSE calibrate for that unsigned grid, as the Lab does (engine/calibrationGrid.ts)
 */
const calibOptions = (o: OpsCalibSettings, unsigned = false): CalibrationOptions => ({
  variant: o.variant,
  pct: o.pct,
  pctmode: 'notes',
  t: null,
  grid: unsigned ? { numBits: 8, unsigned: true } : INT8_GRID,
})

/** A symmetric int8 scale w = T/127 (the notes' calculate_quant_param without bias) for a clipping threshold. */
export interface SymCalib {
  method: CalibMethod | 'manual'
  threshold: number
  w: number
  /** the data were all zero: w = 1 was used so that nothing divides by zero */
  zeroRange: boolean
}

/** The calibrator's input for a tensor (the |x| histogram made on first use). */
function calibInput(x: ArrayLike<number>): { input: CalibrationInput; min: number; max: number } {
  const { min, max } = minMaxOf(x)
  const absMax = Math.max(Math.abs(min), Math.abs(max))
  let hist: Histogram | null = null
  return { input: { values: x, absMax, absHist: () => (hist ??= absHistogram(x, 2048)) }, min, max }
}

/**
 * The threshold T of a calibration method on |x| (registry: src/registry/calibrators.ts): minmax and
 * percentile as in the notes (max|x|, or the largest of percentileKeep(x, pct)); entropy (KL, the chosen
 * variant) and MSE on the 2048-bin |x| histogram; then w = T / 127 (the notes' calculate_quant_param without bias).
 */
export function calibrateSym(
  x: ArrayLike<number>,
  method: CalibMethod,
  o: OpsCalibSettings = OPS_CALIB_DEFAULT,
): SymCalib {
  const { input } = calibInput(x)
  const T = CALIBRATORS[method].threshold(input, calibOptions(o))
  const zeroRange = !(T > 0)
  return { method, threshold: zeroRange ? 127 : T, w: zeroRange ? 1 : T / 127, zeroRange }
}

export type OpsScheme = (typeof OPS_SCHEMES)[number]
export type OpsForm = (typeof OPS_FORMS)[number]

/**
 * One tensor's int8 quantization in the add view. Symmetric: w = T/127, no offset (the notes'
 * calculate_quant_param(with_bias=False) on the calibrated range). Asymmetric, the notes' form: the clipping
 * range [lo, hi] maps onto [−128, 127], w = (hi − lo)/255 and the float offset b_f = hi − 127·w
 * (calculate_quant_param(with_bias=True)), quantized as round((x − b_f)/w); the integer paths use
 * b_q = round(b_f/w), i.e. the zero point z = −b_q. Asymmetric, zero-point form (Jacob et al. 2018 §2.1):
 * S = (max(hi, 0) − min(lo, 0))/255 and z = round(−128 − min(lo, 0)/S), quantized as round(x/S) + z.
 */
export interface OpsCalib extends SymCalib {
  scheme: OpsScheme
  form: OpsForm
  /** the clipping range */
  lo: number
  hi: number
  /** the notes' float offset b_f (asymmetric notes' form), else 0 */
  b: number
  /** the integer zero point the integer paths use (the notes' form: −b_q) */
  z: number
}

const ASYM_SPEC = (form: OpsForm): GridSpec => ({
  bits: 8,
  unsigned: false,
  range: 'full',
  scheme: 'asymmetric',
  form,
  conv: 'notes',
})

/**
 * Calibrate one tensor: the threshold T from the method (as calibrateSym), then symmetric ±T or, asymmetric,
 * the data's [min, max] (min-max) or [max(min, −T), min(max, T)] (the Lab's clipForThreshold), on the notes'
 * grid in the chosen form.
 */
export function calibrateOps(
  x: ArrayLike<number>,
  method: CalibMethod,
  scheme: OpsScheme,
  form: OpsForm,
  o: OpsCalibSettings = OPS_CALIB_DEFAULT,
): OpsCalib {
  if (scheme === 'symmetric') {
    const c = calibrateSym(x, method, o)
    return { ...c, scheme, form, lo: -c.threshold, hi: c.threshold, b: 0, z: 0 }
  }
  const { input, min, max } = calibInput(x)
  const T =
    method === 'minmax'
      ? input.absMax
      : CALIBRATORS[method].threshold(input, calibOptions(o, oneSigned({ min, max })))
  const lo = method === 'minmax' ? min : Math.max(min, -T)
  const hi = method === 'minmax' ? max : Math.max(lo, Math.min(max, T))
  const zeroRange = !(hi > lo)
  const g = planGrid(ASYM_SPEC(form), lo, hi)
  const w = g.scale
  const b = form === 'notes' ? g.offset : 0
  const z = form === 'notes' ? -roundHalfEven(b / w) + 0 : g.zeroPoint
  return { method, threshold: T, w, zeroRange, scheme, form, lo, hi, b, z }
}

/** Quantize with a tensor's calibration: the notes' quant_tensor (w, b_f) or clamp(round(x/S) + z). */
function quantOps(x: ArrayLike<number>, c: OpsCalib): Int32Array {
  if (c.scheme === 'symmetric' || c.form === 'notes') return quantTensor(x, c.w, c.b)
  return quantize(x, { scale: c.w, zeroPoint: c.z, qmin: -128, qmax: 127 })
}

/** The notes' dequant_tensor w·q + b_f, or S·(q − z). */
function dequantOps(q: ArrayLike<number>, c: OpsCalib): Float64Array {
  if (c.scheme === 'symmetric' || c.form === 'notes') return dequantTensor(q, c.w, c.b)
  return dequantize(q, { scale: c.w, zeroPoint: c.z, qmin: -128, qmax: 127 })
}

/** An output code on the integer grid: w_c·(x_c − z_c) (the notes' form: w_c·(x_c + b_q)). */
function dequantInt(q: ArrayLike<number>, c: OpsCalib): Float64Array {
  return c.z === 0
    ? dequantTensor(q, c.w, 0)
    : dequantize(q, { scale: c.w, zeroPoint: c.z, qmin: -2147483648, qmax: 2147483647 })
}

/** The EngineError code when a zero point is past what float64 holds exactly (see computeAddSteps). */
export const ZERO_POINT_CODE = 'zeropoint' satisfies EngineErrorCode
/**
 * The EngineError code when the output scale is so small that TFLite's ADD refuses its output multiplier (1 or
 * more: add.cc Prepare; see computeAddSteps). Its detail is the output scale.
 */
export const OUTPUT_SCALE_CODE = 'outputscale' satisfies EngineErrorCode
/** The EngineError code when a tensor's range is too wide for its scale to be a float64 (see `codedOverflow`). */
export const RANGE_CODE = 'range' satisfies EngineErrorCode
/** The EngineError code when the inputs are too large for float64 (see `codedOverflow`). */
export const OVERFLOW_CODE = 'overflow' satisfies EngineErrorCode

/**
 * The steps, with a RangeError about an overflow (a float output, an MSE sweep's squared errors past float64's
 * largest number) turned into an EngineError: the views word it in the user's language rather than show the
 * core's English.
 */
function* codedOverflow<T>(steps: Steps<T>): Steps<T> {
  try {
    return yield* steps
  } catch (e) {
    if (e instanceof RangeError && /overflows? float64/.test(e.message))
      throw new EngineError(OVERFLOW_CODE, e.message, { cause: e })
    // conventionGrid / conventionQParams: a range (e.g. of A + B for data near ±1e308) whose scale overflows
    if (e instanceof RangeError && /the range is too wide .*the scale overflows/.test(e.message))
      throw new EngineError(RANGE_CODE, e.message, { cause: e })
    throw e
  }
}

/** The notes' assert_allclose tolerance (atol = rtol = 0.01). */
export const NOTES_TOL = { atol: 0.01, rtol: 0.01 } as const

/** Error metrics and error histogram of one path against the float reference. */
export interface PathSummary {
  metrics: ErrorMetrics
  /** np.testing.assert_allclose(result, a + b, atol=0.01, rtol=0.01) as a report (the notes' verdict) */
  allclose: AllcloseReport | null
  errHist: Histogram
  /** outputs on the int8 end codes, −128 or 127 (integer paths only): clamped there or rounded to them */
  saturated: number
}

function errorsOf(reference: Float64Array, approx: Float64Array): Float64Array {
  const e = new Float64Array(reference.length)
  for (let i = 0; i < e.length; i++) e[i] = approx[i] - reference[i]
  return e
}

function rangeOf(...arrays: Float64Array[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const a of arrays)
    for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i]
      if (a[i] > hi) hi = a[i]
    }
  if (!(hi > lo)) return [lo - 0.5, hi + 0.5]
  return [lo, hi]
}

function countSaturated(q: Int32Array | null, qmin: number, qmax: number): number {
  if (!q) return 0
  let s = 0
  for (let i = 0; i < q.length; i++) if (q[i] <= qmin || q[i] >= qmax) s++
  return s
}

// ---------------------------------------------------------------------------------------------------------
// ADD
// ---------------------------------------------------------------------------------------------------------

export type AddPathKey = 'float' | 'notes' | 'int'
export const ADD_PATHS: readonly AddPathKey[] = ['float', 'notes', 'int']

/** One element of the three add paths. */
export interface AddRow {
  i: number
  a: number
  b: number
  qa: number
  qb: number
  /** float a + b */
  exact: number
  /** the notes' code: w_a·q_a + w_b·q_b (float) */
  float: number
  /** the notes' requantized x_c and the TFLite int8Add output, and their dequantized values w_c·x_c */
  notes: number
  /** null when TFLite's ADD refuses the zero points (AddSummary.intRefused) */
  int: number | null
  notesDeq: number
  intDeq: number | null
}

export interface AddSummary {
  n: number
  a: OpsCalib
  b: OpsCalib
  c: OpsCalib
  /** w_b / w_a and w_a / w_c of the notes' formula */
  ratioB: number
  ratioOut: number
  /** every zero point is 0: the notes' symmetric formula (no offsets) */
  symmetric: boolean
  /** the first values of q_a and q_b (the notes' q1, q2) */
  qaFirst: number[]
  qbFirst: number[]
  /** null with the TFLite path (intRefused) */
  multipliers: Int8AddMultipliers | null
  paths: { float: PathSummary; notes: PathSummary; int: PathSummary | null }
  /**
   * TFLite's integer ADD was not run: a zero point lies far outside the int8 grid (the notes' form gives
   * z = −b_q, far outside when a range does not contain 0, e.g. one value or data far from zero), and the
   * kernel's (q − z)·2^20 would not fit int32 (the core's int8Add refuses it).
   */
  intRefused: boolean
  /** elements where the notes' requantized code and int8Add differ */
  diffCount: number
  rows: AddRow[]
}

/** Everything the add view needs, with the arrays (kept by the engine for the element breakdowns). */
export interface AddState {
  summary: AddSummary
  a: Float64Array
  b: Float64Array
  qa: Int32Array
  qb: Int32Array
  exact: Float64Array
  floatPath: Float64Array
  notesCodes: Int32Array
  intCodes: Int32Array | null
  notesDeq: Float64Array
  intDeq: Float64Array | null
  params: Int8AddParams
}

/** int8Add parameters of the symmetric scales (zero points 0, output clamped to [−128, 127]). */
export function addParamsOf(wa: number, wb: number, wc: number): Int8AddParams {
  return { s1: wa, z1: 0, s2: wb, z2: 0, sOut: wc, zOut: 0 }
}

/** Power-of-two scales (w_a = 1/64, w_b = 1/32, w_c = 1/16): exact ties, where np.round (half to even) and
 * TFLite's rounding (SRDHM ties up, RoundingDivideByPOT ties away from zero) part ways. */
export const ADD_TIES = { a: 127 / 64, b: 127 / 32, wc: 1 / 16 } as const

const ROWS_FIRST = 8
const ROWS_DIFF = 24
/** q1's and q2's first values shown (the notes print q1[:5]) */
const FIRST = 5

/** The output's calibration: by hand (symmetric w_c, zero point 0) or a method on the float sum a + b. */
function outputCalib(p: AddParams, exact: Float64Array): OpsCalib {
  if (p.out === 'manual' && p.wc !== null)
    return {
      method: 'manual',
      threshold: p.wc * 127,
      w: p.wc,
      zeroRange: false,
      scheme: 'symmetric',
      form: p.form,
      lo: -p.wc * 127,
      hi: p.wc * 127,
      b: 0,
      z: 0,
    }
  return calibrateOps(exact, p.out === 'manual' ? 'minmax' : p.out, addSchemeOf(p, 'c'), p.form, {
    variant: p.ovariant,
    pct: p.opct,
  })
}

/**
 * The add view model. A and B are quantized with the notes' quant_tensor (symmetric w = T/127, or asymmetric
 * with w and b_f as calculate_quant_param(with_bias=True); or in the zero-point form); then three results
 * against float A + B:
 * - the notes' code: dequantize both (w·q + b_f) and add in float — with min-max on the notes' x1, x2 this is the
 *   notes' add experiment, and `allclose` is its assert_allclose verdict;
 * - the notes' requantized formula with offsets
 *   x_c = z_c + (w_a/w_c)((x_a − z_a) + (w_b/w_a)(x_b − z_b)) (core notesAddRequantZp; z = 0: notesAddRequant);
 * - TFLite's integer-only ADD (core int8Add: reference/integer_ops/add.h, input offsets −z, left shift 20,
 *   per-input fixed-point multipliers, int32 sum, output multiplier, + z_c, clamp).
 */
export function computeAdd(p: AddParams, loaded: LoadedTensor | null = null): AddState {
  return runSteps(computeAddSteps(p, loaded))
}

/**
 * `computeAdd` with a yield after each stage (core/steps.ts), for the page's fallback engine: each stage (one
 * core call over all n values) runs whole, so the result is computeAdd's exactly; the page gets a turn between
 * stages rather than after the whole computation.
 */
export function* computeAddSteps(p: AddParams, loaded: LoadedTensor | null = null): Steps<AddState> {
  const n = addLength(p, loaded)
  const a = yield* addInputSteps(p.adist, p.aseed, n, p.aoutlier, 'x1', loaded)
  const b = yield* addInputSteps(p.bdist, p.bseed, n, p.boutlier, 'x2', loaded)
  yield
  const exact = new Float64Array(n)
  for (let i = 0; i < n; i++) exact[i] = a[i] + b[i]
  yield
  const ca = calibrateOps(a, p.acalib, addSchemeOf(p, 'a'), p.form, { variant: p.avariant, pct: p.apct })
  yield
  const cb = calibrateOps(b, p.bcalib, addSchemeOf(p, 'b'), p.form, { variant: p.bvariant, pct: p.bpct })
  yield
  const cc = outputCalib(p, exact)
  // the notes' form sets z = −b/w, which for data narrow and far from 0 passes 2^53, where float64 no longer
  // holds every integer: no path can then be computed exactly (the view names the zero-point form instead)
  for (const c of [ca, cb, cc])
    if (!(Math.abs(c.z) <= NOTES_ZERO_POINT_LIMIT)) throw new EngineError(ZERO_POINT_CODE, String(c.z))
  yield
  const qa = quantOps(a, ca)
  const qb = quantOps(b, cb)
  yield
  const fa = dequantOps(qa, ca)
  const fb = dequantOps(qb, cb)
  yield
  const floatPath = new Float64Array(n)
  for (let i = 0; i < n; i++) floatPath[i] = fa[i] + fb[i]
  const symmetric = ca.z === 0 && cb.z === 0 && cc.z === 0
  const notesCodes = symmetric
    ? notesAddRequant(qa, qb, ca.w, cb.w, cc.w)
    : notesAddRequantZp(qa, qb, ca.w, cb.w, cc.w, { za: ca.z, zb: cb.z, zc: cc.z })
  yield
  const params: Int8AddParams = { s1: ca.w, z1: ca.z, s2: cb.w, z2: cb.z, sOut: cc.w, zOut: cc.z }
  let intCodes: Int32Array | null = null
  let multipliers: Int8AddMultipliers | null
  try {
    multipliers = int8AddMultipliers(params)
    intCodes = int8Add(qa, qb, params)
  } catch (err) {
    // the kernel cannot take these zero points (see AddSummary.intRefused); anything else is a real failure
    if (!(err instanceof RangeError)) throw err
    // an output scale so small that the output multiplier is 1 or more: TFLite refuses it (its left shift would
    // wrap the int32 sum), and so does the view, in the user's language, rather than show wrapped codes
    if (/output multiplier .* not below 1/.test(err.message))
      throw new EngineError(OUTPUT_SCALE_CODE, String(cc.w), { cause: err })
    multipliers = null
  }
  yield
  const notesDeq = dequantInt(notesCodes, cc)
  const intDeq = intCodes ? dequantInt(intCodes, cc) : null
  yield
  const errs = [errorsOf(exact, floatPath), errorsOf(exact, notesDeq)]
  if (intDeq) errs.push(errorsOf(exact, intDeq))
  const range = rangeOf(...errs)
  yield
  const path = (k: number, approx: Float64Array, codes: Int32Array | null): PathSummary => ({
    metrics: errorMetrics(exact, approx),
    allclose: allclose(approx, exact, NOTES_TOL),
    errHist: histogramUpTo(errs[k], HIST_BINS, range),
    saturated: countSaturated(codes, -128, 127),
  })
  const pathFloat = path(0, floatPath, null)
  yield
  const pathNotes = path(1, notesDeq, notesCodes)
  yield
  const pathInt = intDeq ? path(2, intDeq, intCodes) : null
  yield
  let diffCount = 0
  const diffIdx: number[] = []
  for (let i = 0; intCodes && i < n; i++)
    if (notesCodes[i] !== intCodes[i]) {
      diffCount++
      if (diffIdx.length < ROWS_DIFF) diffIdx.push(i)
    }
  const rowIdx = [...new Set([...Array.from({ length: Math.min(n, ROWS_FIRST) }, (_, i) => i), ...diffIdx])]
  const state = { a, b, qa, qb, exact, floatPath, notesCodes, intCodes, notesDeq, intDeq }
  const summary: AddSummary = {
    n,
    a: ca,
    b: cb,
    c: cc,
    ratioB: cb.w / ca.w,
    ratioOut: ca.w / cc.w,
    symmetric,
    qaFirst: Array.from(qa.subarray(0, FIRST)),
    qbFirst: Array.from(qb.subarray(0, FIRST)),
    multipliers,
    paths: {
      float: pathFloat,
      notes: pathNotes,
      int: pathInt,
    },
    intRefused: intCodes === null,
    diffCount,
    rows: rowIdx.map((i) => rowOf(state, i)),
  }
  return { summary, ...state, params }
}

function rowOf(s: Omit<AddState, 'summary' | 'params'>, i: number): AddRow {
  return {
    i,
    a: s.a[i],
    b: s.b[i],
    qa: s.qa[i],
    qb: s.qb[i],
    exact: s.exact[i],
    float: s.floatPath[i],
    notes: s.notesCodes[i],
    int: s.intCodes ? s.intCodes[i] : null,
    notesDeq: s.notesDeq[i],
    intDeq: s.intDeq ? s.intDeq[i] : null,
  }
}

/** One add element in full: the notes' formula step by step and the TFLite trace (every integer). */
export interface AddElement {
  row: AddRow
  /** (x_a − z_a) + (w_b/w_a)·(x_b − z_b), then z_c + (w_a/w_c)·(…) (unrounded), then the rounded, clamped code */
  notesInner: number
  notesScaled: number
  notesCode: number
  /** null when TFLite's ADD refuses the zero points (AddSummary.intRefused) */
  trace: Int8AddTrace | null
}

export function addElement(s: AddState, i: number): AddElement {
  if (!Number.isInteger(i) || i < 0 || i >= s.a.length) throw new RangeError(`element ${i} is out of range`)
  const { ratioB, ratioOut, a, b, c } = s.summary
  const notesInner = s.qa[i] - a.z + ratioB * (s.qb[i] - b.z)
  return {
    row: rowOf(s, i),
    notesInner,
    notesScaled: c.z + ratioOut * notesInner,
    notesCode: s.notesCodes[i],
    trace: s.intCodes ? int8AddTrace(s.qa[i], s.qb[i], s.params) : null,
  }
}

// ---------------------------------------------------------------------------------------------------------
// DENSE
// ---------------------------------------------------------------------------------------------------------

/** A tensor's int8 grid: real ≈ scale·(q − zeroPoint) on [qmin, qmax]. */
export interface Grid {
  scale: number
  zeroPoint: number
  qmin: number
  qmax: number
  lo: number
  hi: number
}

export interface DenseSummary {
  batch: number
  k: number
  nout: number
  scheme: DenseParams['scheme']
  wscheme: DenseParams['wscheme']
  wgran: DenseParams['wgran']
  hasBias: boolean
  x: CalibGrid
  /** per tensor: one grid; per channel: one per output row (symmetric) */
  w: Grid[]
  out: CalibGrid
  /**
   * Jacob et al. 2018 eq. (7) over the whole layer: how many operations each term costs and when. Σ q₁q₂:
   * batch·nout·k multiply-adds at run time; Z₂·Σq₁ (Z_w times each row's sum of X codes): batch·k adds at run
   * time, 0 when W is symmetric; Z₁·Σq₂ (Z_x times each channel's sum of W codes) and N·Z₁Z₂: computed once when
   * the model is converted, folded into the int32 bias.
   */
  eq7Cost: { macs: number; rowSums: number; colSums: number; z1: number; z2: number }
  /** per output: M = S_x·S_w/S_out and its (M0, shift) */
  realMultipliers: Float64Array
  multipliers: Int32Array
  shifts: Int32Array
  acc: {
    min: number
    max: number
    /** largest |x − z_x|, |w − z_w| and |bias| */
    maxX: number
    maxW: number
    maxBias: number
    /** worst case k·maxX·maxW + maxBias, and the largest k whose worst case still fits in int32 */
    worst: number
    safeK: number
  }
  metrics: ErrorMetrics
  /** the weights' own round trip W → int8 → W (where per-channel scales help most) */
  wMetrics: ErrorMetrics
  errHist: Histogram
  saturated: number
  /** the notes' float-scale form (symmetric, per tensor, no bias): its metrics, or null when it does not apply */
  notesMetrics: ErrorMetrics | null
  notesSkipped: 'asymmetric' | 'channel' | 'bias' | 'size' | null
  /** |error| per output, downsampled (max per cell) to at most 64 × 128 */
  heat: { rows: number; cols: number; values: Float32Array; max: number }
  /** every output (batch·nout ≤ DENSE_CELL_LIMIT), else null */
  cells: { out: Int32Array; deq: Float64Array; ref: Float64Array } | null
}

export interface DenseState {
  summary: DenseSummary
  xf: Float64Array
  wf: Float64Array
  biasF: Float64Array | null
  qx: Int32Array
  qw: Int32Array
  qbias: Int32Array | null
  ref: Float64Array
  deq: Float64Array
  out: Int32Array
  sW: Float64Array
}

/**
 * The add and dense views' int8 grids (TFLite's int8 scheme): symmetric T/127 (weights on [−127, 127],
 * activations on [−128, 127]) and asymmetric (max − min)/255 with an integer zero point; that is the core's
 * notes convention in its zero-point form, in float64 (src/core/conventions.ts).
 */
const SYM_SPEC = (range: 'full' | 'restricted', scheme: DenseParams['scheme']): GridSpec => ({
  bits: 8,
  unsigned: false,
  range,
  scheme,
  form: 'zp',
  conv: 'notes',
})

/** Min/max calibration onto an int8 grid. */
function gridOf(x: ArrayLike<number>, spec: GridSpec, from = 0, to = x.length): Grid {
  const { min, max } = minMaxOf(x, from, to)
  const p = planGrid(spec, min, max)
  return { scale: p.scale, zeroPoint: p.zeroPoint, qmin: p.qmin, qmax: p.qmax, lo: p.lo, hi: p.hi }
}

/** An activation grid (X or the output) from a calibration method, and what the method chose. */
export interface CalibGrid extends Grid {
  method: CalibMethod
  /** the method's threshold T on |x| (min-max: max|x|) */
  threshold: number
}

/**
 * Calibrate an activation (X or the output) onto TFLite's int8 activation grid [−128, 127]: the threshold T of
 * the method (registry; KL in the chosen variant, the notes' percentile), then ±T (symmetric, T/127) or the
 * clipping range [max(min, −T), min(max, T)] (asymmetric, min-max: [min, max]) with an integer zero point.
 */
function calibGrid(
  x: ArrayLike<number>,
  method: CalibMethod,
  scheme: OpsScheme,
  o: OpsCalibSettings,
): CalibGrid {
  const { input, min, max } = calibInput(x)
  const asym = scheme === 'asymmetric'
  const T =
    method === 'minmax'
      ? input.absMax
      : CALIBRATORS[method].threshold(input, calibOptions(o, asym && oneSigned({ min, max })))
  let lo = -T
  let hi = T
  if (asym) {
    lo = method === 'minmax' ? min : Math.max(min, -T)
    hi = method === 'minmax' ? max : Math.max(lo, Math.min(max, T))
  }
  const p = planGrid(SYM_SPEC('full', scheme), lo, hi)
  return {
    scale: p.scale,
    zeroPoint: p.zeroPoint,
    qmin: p.qmin,
    qmax: p.qmax,
    lo: p.lo,
    hi: p.hi,
    method,
    threshold: T,
  }
}

const seedPlus = (seed: number, k: number) => (seed + k) % 4294967296

/** The float reference Y = X·Wᵀ + b (X batch×k, W nout×k row-major), in float64. */
export function denseFloat(
  x: Float64Array,
  w: Float64Array,
  bias: Float64Array | null,
  batch: number,
  k: number,
  nout: number,
): Float64Array {
  const y = new Float64Array(batch * nout)
  dotProducts(x, w, batch, k, nout, y)
  if (bias) for (let r = 0; r < batch; r++) for (let o = 0; o < nout; o++) y[r * nout + o] += bias[o]
  return y
}

/**
 * The dense view model: X (batch×k) and W (nout×k; the view calls it k × n) from the Lab's generators,
 * min/max calibrated (X and the output per tensor; W per tensor or per output channel, symmetric on
 * [−127, 127] as TFLite's int8 weights, asymmetric only per tensor), the bias quantized to int32 at S_x·S_w,
 * then TFLite's integer FULLY_CONNECTED (core int8FullyConnected: int32 accumulation with the zero-point
 * terms of Jacob et al. 2018 eq. 7, requantization by M = S_x·S_w/S_out = M0·2^shift, clamp) against the
 * float reference, plus the notes' float-scale form where it applies.
 */
export interface DenseInputs {
  key: string
  batch: number
  k: number
  nout: number
  xf: Float64Array
  wf: Float64Array
  biasF: Float64Array | null
}

/**
 * The dense shape: the parameters', except that a loaded X (rows = batch) or W (rows = outputs, as PyTorch
 * and TFLite store weights: out × in) brings its own, cut to the view's limits; its columns are k.
 */
export function denseShape(
  p: DenseParams,
  loaded: LoadedTensor | null,
): { batch: number; k: number; nout: number } {
  let { batch, k, nout } = p
  if (loaded && (p.xdist === 'loaded' || p.wdist === 'loaded')) {
    const [rows, cols] = loaded.shape
    k = Math.min(cols, DENSE_MAX.k)
    if (p.wdist === 'loaded') nout = Math.min(rows, DENSE_MAX.nout)
    if (p.xdist === 'loaded') batch = Math.min(rows, DENSE_MAX.batch)
  }
  return { batch, k, nout }
}

/** rows × k block of the loaded tensor (its top-left corner). */
function loadedBlock(t: LoadedTensor, rows: number, k: number): Float64Array {
  const cols = t.shape[1]
  const out = new Float64Array(rows * k)
  for (let r = 0; r < rows; r++) out.set(t.data.subarray(r * cols, r * cols + k), r * k)
  return out
}

/** The X, W and float bias of the dense view (X from seed, W from seed + 1, bias from seed + 2, or loaded). */
export function denseInputs(p: DenseParams, loaded: LoadedTensor | null = null): DenseInputs {
  return runSteps(denseInputsSteps(p, loaded))
}

function* denseInputsSteps(p: DenseParams, loaded: LoadedTensor | null): Steps<DenseInputs> {
  if ((p.xdist === 'loaded' || p.wdist === 'loaded') && !loaded) throw new RangeError('no loaded tensor')
  const { batch, k, nout } = denseShape(p, loaded)
  const xf =
    p.xdist === 'loaded'
      ? loadedBlock(loaded!, batch, k)
      : (yield* generateTensorSteps(genSpec({ dist: p.xdist, n: batch * k, rows: batch, seed: p.seed }))).data
  const wf =
    p.wdist === 'loaded'
      ? loadedBlock(loaded!, nout, k)
      : (yield* generateTensorSteps(
          genSpec({ dist: p.wdist, n: nout * k, rows: nout, spread: p.spread, seed: seedPlus(p.seed, 1) }),
        )).data
  const biasF = p.bias ? new RandomState(seedPlus(p.seed, 2)).uniform(-0.5, 0.5, nout) : null
  // activation outlier channels (issue 15); a loaded X is a copy (loadedBlock), a generated one is fresh
  if (p.xout !== null) injectOutlierChannels(xf, batch, k, p.xout, p.xoutk)
  return { key: denseInputsKey(p), batch, k, nout, xf, wf, biasF }
}

/** What the generated inputs depend on (the quantization settings do not regenerate them). */
export const denseInputsKey = (p: DenseParams): string =>
  JSON.stringify([p.batch, p.k, p.nout, p.xdist, p.wdist, p.seed, p.spread, p.bias, p.xout, p.xoutk])

export function computeDense(p: DenseParams, inputs: DenseInputs = denseInputs(p)): DenseState {
  return runSteps(computeDenseSteps(p, inputs))
}

/** `computeDense` with a yield after each stage (see computeAddSteps): the same result exactly. */
export function* computeDenseSteps(p: DenseParams, inputs: DenseInputs): Steps<DenseState> {
  const { scheme, wgran } = p
  const { batch, k, nout, xf, wf, biasF } = inputs
  const ref = denseFloat(xf, wf, biasF, batch, k, nout)
  for (let i = 0; i < ref.length; i++)
    if (!Number.isFinite(ref[i]))
      throw new RangeError(`the float output X·Wᵀ + b overflows float64 (${ref[i]})`)
  yield

  const xg = calibGrid(xf, p.xcalib, scheme, { variant: p.xvariant, pct: p.xpct })
  yield
  // TFLite's int8 weights are symmetric; asymmetric weights only per tensor
  const wScheme = wgran === 'channel' ? 'symmetric' : p.wscheme
  const wGrids: Grid[] =
    wgran === 'channel'
      ? Array.from({ length: nout }, (_, o) =>
          gridOf(wf, SYM_SPEC('restricted', 'symmetric'), o * k, o * k + k),
        )
      : [gridOf(wf, SYM_SPEC(wScheme === 'symmetric' ? 'restricted' : 'full', wScheme))]
  const og = calibGrid(ref, p.ocalib, scheme, { variant: p.ovariant, pct: p.opct })
  yield
  const qx = quantize(xf, xg)
  yield
  const sW = new Float64Array(nout)
  const qw = new Int32Array(nout * k)
  for (let o = 0; o < nout; o++) {
    const g = wGrids[wgran === 'channel' ? o : 0]
    sW[o] = g.scale
    qw.set(quantize(wf.subarray(o * k, o * k + k), g), o * k)
  }
  const wDeq = new Float64Array(qw.length)
  for (let i = 0; i < qw.length; i++) {
    const g = wGrids[wgran === 'channel' ? Math.floor(i / k) : 0]
    wDeq[i] = g.scale * (qw[i] - g.zeroPoint)
  }
  let qbias: Int32Array | null = null
  if (biasF) {
    qbias = new Int32Array(nout)
    for (let o = 0; o < nout; o++) {
      const v = roundHalfEven(biasF[o] / (xg.scale * sW[o]))
      qbias[o] = Math.max(-INT32_LIMIT - 1, Math.min(INT32_LIMIT, v))
    }
  }
  const zW = wGrids[0].zeroPoint
  const fc = int8FullyConnected(qx, qw, qbias, {
    batch,
    depth: k,
    outputs: nout,
    sIn: xg.scale,
    zIn: xg.zeroPoint,
    sW: wgran === 'channel' ? sW : sW[0],
    zW: wgran === 'channel' ? 0 : zW,
    sOut: og.scale,
    zOut: og.zeroPoint,
  })
  yield
  const out = fc.outputs
  const deq = new Float64Array(out.length)
  for (let i = 0; i < out.length; i++) deq[i] = og.scale * (out[i] - og.zeroPoint)
  const err = errorsOf(ref, deq)
  yield

  // accumulator range against int32, and the worst case for longer k
  const { min: accMin, max: accMax } = minMaxOf(fc.accumulators)
  let maxX = 0
  for (let i = 0; i < qx.length; i++) maxX = Math.max(maxX, Math.abs(qx[i] - xg.zeroPoint))
  let maxW = 0
  const zwUsed = wgran === 'channel' ? 0 : zW
  for (let i = 0; i < qw.length; i++) maxW = Math.max(maxW, Math.abs(qw[i] - zwUsed))
  let maxBias = 0
  if (qbias) for (let o = 0; o < nout; o++) maxBias = Math.max(maxBias, Math.abs(qbias[o]))
  const perTerm = Math.max(1, maxX * maxW)
  const safeK = Math.max(0, Math.floor((INT32_LIMIT - maxBias) / perTerm))
  yield

  // the notes' form: symmetric scales, one weight scale, no bias
  let notesMetrics: ErrorMetrics | null = null
  let notesSkipped: DenseSummary['notesSkipped'] = null
  if (scheme !== 'symmetric' || wScheme !== 'symmetric') notesSkipped = 'asymmetric'
  else if (wgran === 'channel') notesSkipped = 'channel'
  else if (biasF) notesSkipped = 'bias'
  else if (batch * k * nout > NOTES_DENSE_LIMIT) notesSkipped = 'size'
  else {
    const nd = notesDenseRequant(qx, qw, xg.scale, sW[0], og.scale, { batch, depth: k, outputs: nout })
    notesMetrics = errorMetrics(ref, dequantTensor(nd.outputs, og.scale, 0))
  }

  yield
  const metrics = errorMetrics(ref, deq)
  yield
  const wMetrics = errorMetrics(wf, wDeq)
  yield
  const errHist = histogramUpTo(err, HIST_BINS, rangeOf(err))
  yield
  const heatRows = Math.min(batch, 64)
  const heatCols = Math.min(nout, 128)
  const heat = new Float32Array(heatRows * heatCols)
  let heatMax = 0
  for (let r = 0; r < batch; r++) {
    const hr = Math.floor((r * heatRows) / batch)
    for (let o = 0; o < nout; o++) {
      const cell = hr * heatCols + Math.floor((o * heatCols) / nout)
      const e = Math.abs(err[r * nout + o])
      if (e > heat[cell]) heat[cell] = e
      if (e > heatMax) heatMax = e
    }
  }
  const summary: DenseSummary = {
    batch,
    k,
    nout,
    scheme,
    wscheme: wScheme,
    wgran,
    hasBias: biasF !== null,
    x: xg,
    w: wGrids,
    out: og,
    eq7Cost: {
      macs: batch * nout * k,
      rowSums: zwUsed === 0 ? 0 : batch * k,
      colSums: xg.zeroPoint === 0 ? 0 : nout * k,
      z1: xg.zeroPoint,
      z2: zwUsed,
    },
    realMultipliers: fc.realMultipliers,
    multipliers: fc.multipliers,
    shifts: fc.shifts,
    acc: { min: accMin, max: accMax, maxX, maxW, maxBias, worst: k * maxX * maxW + maxBias, safeK },
    metrics,
    wMetrics,
    errHist,
    saturated: countSaturated(out, -128, 127),
    notesMetrics,
    notesSkipped,
    heat: { rows: heatRows, cols: heatCols, values: heat, max: heatMax },
    cells: batch * nout <= DENSE_CELL_LIMIT ? { out: out.slice(), deq: deq.slice(), ref: ref.slice() } : null,
  }
  return { summary, xf, wf, biasF, qx, qw, qbias, ref, deq, out, sW }
}

/** One dense output in full. */
export interface DenseElement {
  batchIndex: number
  outputIndex: number
  /** the row of X and the row of W (float and int8) along k */
  x: Float64Array
  w: Float64Array
  qx: Int32Array
  qw: Int32Array
  /** Jacob et al. 2018 eq. (7): N·Z1·Z2 − Z1·a2 − Z2·ā1 + Σ q1·q2 = Σ (q1 − Z1)(q2 − Z2) */
  eq7: {
    /** Σ q_x over the row (ā₁) and Σ q_w over the channel (a₂) */
    a1: number
    a2: number
    nz1z2: number
    z1a2: number
    z2a1: number
    sumQQ: number
    total: number
    /** bias_q + N·Z₁Z₂ − Z₁·a₂: known when the model is converted (the folded bias) */
    folded: number
    /** Σ q₁q₂ − Z₂·ā₁: what the kernel computes per output at run time */
    runtime: number
  }
  biasFloat: number
  sW: number
  trace: FullyConnectedTrace
  /** float reference, dequantized int8 output and their difference */
  ref: number
  deq: number
  error: number
}

export function denseElement(s: DenseState, batchIndex: number, outputIndex: number): DenseElement {
  const { batch, k, nout, x: xg, out: og } = s.summary
  if (!Number.isInteger(batchIndex) || batchIndex < 0 || batchIndex >= batch)
    throw new RangeError(`row ${batchIndex} is out of range`)
  if (!Number.isInteger(outputIndex) || outputIndex < 0 || outputIndex >= nout)
    throw new RangeError(`output ${outputIndex} is out of range`)
  const channel = s.summary.wgran === 'channel'
  const zW = channel ? 0 : s.summary.w[0].zeroPoint
  const trace = fullyConnectedTrace(
    s.qx,
    s.qw,
    s.qbias,
    {
      batch,
      depth: k,
      outputs: nout,
      sIn: xg.scale,
      zIn: xg.zeroPoint,
      sW: channel ? s.sW : s.sW[0],
      zW,
      sOut: og.scale,
      zOut: og.zeroPoint,
    },
    batchIndex,
    outputIndex,
  )
  const qx = s.qx.slice(batchIndex * k, batchIndex * k + k)
  const qw = s.qw.slice(outputIndex * k, outputIndex * k + k)
  let a1 = 0
  let a2 = 0
  let sumQQ = 0
  for (let d = 0; d < k; d++) {
    a1 += qx[d]
    a2 += qw[d]
    sumQQ += qx[d] * qw[d]
  }
  const z1 = xg.zeroPoint
  // `+ 0` turns −0 into 0
  const nz1z2 = k * z1 * zW + 0
  const z1a2 = z1 * a2 + 0
  const z2a1 = zW * a1 + 0
  const r = batchIndex * nout + outputIndex
  return {
    batchIndex,
    outputIndex,
    x: s.xf.slice(batchIndex * k, batchIndex * k + k),
    w: s.wf.slice(outputIndex * k, outputIndex * k + k),
    qx,
    qw,
    eq7: {
      a1,
      a2,
      nz1z2,
      z1a2,
      z2a1,
      sumQQ,
      total: nz1z2 - z1a2 - z2a1 + sumQQ,
      folded: (s.qbias ? s.qbias[outputIndex] : 0) + nz1z2 - z1a2,
      runtime: sumQQ - z2a1,
    },
    biasFloat: s.biasF ? s.biasF[outputIndex] : 0,
    sW: s.sW[outputIndex],
    trace,
    ref: s.ref[r],
    deq: s.deq[r],
    error: s.deq[r] - s.ref[r],
  }
}

// ---------------------------------------------------------------------------------------------------------
// The engine (one per worker): keeps the arrays, returns the small summaries
// ---------------------------------------------------------------------------------------------------------

/** The parameters that change a result (the selected element does not). */
export const addKey = (p: AddParams): string => JSON.stringify({ ...p, sel: null })
export const denseKey = (p: DenseParams): string =>
  JSON.stringify({ ...p, sel: null, alpha: null, xtok: null })

/** Results kept per engine (several embedded views may share one worker). */
const KEEP = 2

function remember<T>(m: Map<string, T>, key: string, v: T): T {
  m.delete(key)
  m.set(key, v)
  while (m.size > KEEP) m.delete(m.keys().next().value as string)
  return v
}

export class OpsEngine {
  private adds = new Map<string, AddState>()
  private denses = new Map<string, DenseState>()
  private denseIn: DenseInputs | null = null
  /** the loaded tensor as each view prepared it, and a version that changes with it */
  private loaded: Record<'add' | 'dense', { t: LoadedTensor | null; version: number }> = {
    add: { t: null, version: 0 },
    dense: { t: null, version: 0 },
  }

  /** Hand over the Lab's loaded tensor (or null) for one view; results computed from the old one are dropped. */
  setLoaded(view: 'add' | 'dense', t: LoadedTensor | null): void {
    this.loaded[view] = { t, version: this.loaded[view].version + 1 }
    if (view === 'add') this.adds.clear()
    else {
      this.denses.clear()
      this.denseIn = null
    }
  }

  // each method `foo` also as `fooSteps` (yields between stages) for the page's fallback engine (workerClient)
  add(p: AddParams): AddSummary {
    return runSteps(this.addSteps(p))
  }

  *addSteps(p: AddParams): Steps<AddSummary> {
    return (yield* this.addState(p)).summary
  }

  /** One element of the add computed for `p` (recomputed if it is no longer kept). */
  addElement(p: AddParams, i: number): AddElement {
    return runSteps(this.addElementSteps(p, i))
  }

  *addElementSteps(p: AddParams, i: number): Steps<AddElement> {
    return addElement(yield* this.addState(p), i)
  }

  private *addState(p: AddParams): Steps<AddState> {
    const key = addKey(p)
    return (
      this.adds.get(key) ??
      remember(this.adds, key, yield* codedOverflow(computeAddSteps(p, this.loaded.add.t)))
    )
  }

  /** Recompute the dense view; the generated inputs are reused when only the quantization settings changed. */
  dense(p: DenseParams): DenseSummary {
    return runSteps(this.denseSteps(p))
  }

  *denseSteps(p: DenseParams): Steps<DenseSummary> {
    return (yield* this.denseState(p)).summary
  }

  /** SmoothQuant on the dense layer's X and W (smoothQuant.ts), at the link's α and X granularity. */
  smooth(p: DenseParams): SmoothSummary {
    return runSteps(this.smoothSteps(p))
  }

  *smoothSteps(p: DenseParams): Steps<SmoothSummary> {
    yield* this.denseState(p)
    yield
    const d = this.denseIn!
    return smoothSummary({ x: d.xf, w: d.wf, batch: d.batch, k: d.k, nout: d.nout }, p.alpha, p.xtok)
  }

  denseElement(p: DenseParams, batchIndex: number, outputIndex: number): DenseElement {
    return runSteps(this.denseElementSteps(p, batchIndex, outputIndex))
  }

  *denseElementSteps(p: DenseParams, batchIndex: number, outputIndex: number): Steps<DenseElement> {
    return denseElement(yield* this.denseState(p), batchIndex, outputIndex)
  }

  private *denseState(p: DenseParams): Steps<DenseState> {
    const key = denseKey(p)
    const kept = this.denses.get(key)
    if (kept) return kept
    if (!this.denseIn || this.denseIn.key !== denseInputsKey(p)) {
      this.denseIn = null
      this.denseIn = yield* denseInputsSteps(p, this.loaded.dense.t)
    }
    return remember(this.denses, key, yield* codedOverflow(computeDenseSteps(p, this.denseIn)))
  }
}

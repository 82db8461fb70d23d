/**
 * Integer-only ADD and FULLY_CONNECTED with TFLite reference semantics, per-element traces for the views, and
 * the notes' float-scale requantization formulas (docs/core-contract.md §6, docs/reference-algorithms.md §8).
 * Sources: tensorflow/tensorflow `tensorflow/lite/kernels/add.cc` (Prepare: left_shift 20, twice_max_input_scale,
 * the three multipliers), `tensorflow/lite/kernels/internal/reference/integer_ops/add.h` (AddFunc),
 * `.../reference/integer_ops/fully_connected.h` (FullyConnected, per-channel variant); Jacob et al. 2018
 * (arXiv:1712.05877) eq. (4)–(7); seed notes `quantization-notes.zh.md` ("Add", "Dense").
 *
 * Scales are used as float64 numbers (TFLite keeps them as float32 in the model; pass Math.fround(s) to mimic
 * that). Integer steps wrap like int32 where TFLite relies on plain int32 arithmetic (x·2^left_shift, sums).
 */
import {
  INT32_MAX,
  INT32_MIN,
  mbqmUnchecked,
  quantizeMultiplier,
  rdbpotUnchecked,
  srdhmUnchecked,
} from './fixedPoint'
import { rounder, type RoundingMode } from './rounding'
import { intResultArrays, scratchF64, type IntResultArrays } from './scratch'
import { assertArrayLike, assertInteger, assertPositive } from './validate'

/** Quantized tensors: int32 integers, optionally of a given length. */
function assertIntArray(x: ArrayLike<number>, name: string, length?: number): void {
  assertArrayLike(x, name)
  if (length !== undefined && x.length !== length) {
    throw new RangeError(`${name} must have ${length} entries (got ${x.length})`)
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new RangeError(`${name}[${i}] is ${String(v)}; quantized values must be int32 integers`)
    }
  }
}

/** TFLite QuantizeMultiplier of a real multiplier, refusing ones too large for MultiplyByQuantizedMultiplier. */
function multiplierOf(real: number, name: string): { multiplier: number; shift: number } {
  const m = quantizeMultiplier(real)
  if (m.shift > 30)
    throw new RangeError(`${name} ${real} is too large for a fixed-point multiplier (shift ${m.shift} > 30)`)
  return m
}

// ---------------------------------------------------------------------------------------------------------
// ADD
// ---------------------------------------------------------------------------------------------------------

export interface Int8AddParams {
  s1: number
  z1: number
  s2: number
  z2: number
  sOut: number
  zOut: number
  /** Headroom shift applied to both inputs (TFLite: 20 for int8/uint8). */
  leftShift?: number
  actMin?: number
  actMax?: number
}

export interface Int8AddMultipliers {
  leftShift: number
  actMin: number
  actMax: number
  /** 2·max(s1, s2): the common scale the inputs are rescaled to (before the 2^leftShift headroom). */
  twiceMaxInputScale: number
  realMultiplier1: number
  realMultiplier2: number
  realOutputMultiplier: number
  multiplier1: number
  shift1: number
  multiplier2: number
  shift2: number
  outputMultiplier: number
  outputShift: number
}

/**
 * TFLite add.cc Prepare for int8: twice_max = 2·max(s1, s2); real multipliers s1/twice_max, s2/twice_max and
 * twice_max / (2^leftShift · sOut), each split by QuantizeMultiplier. Validates the parameters.
 */
export function int8AddMultipliers(p: Int8AddParams): Int8AddMultipliers {
  if (p === null || typeof p !== 'object') throw new TypeError('int8Add: parameters must be an object')
  assertPositive(p.s1, 'int8Add: s1')
  assertPositive(p.s2, 'int8Add: s2')
  assertPositive(p.sOut, 'int8Add: sOut')
  assertInteger(p.z1, 'int8Add: z1', -65536, 65536)
  assertInteger(p.z2, 'int8Add: z2', -65536, 65536)
  assertInteger(p.zOut, 'int8Add: zOut', -65536, 65536)
  const leftShift = p.leftShift ?? 20
  assertInteger(leftShift, 'int8Add: leftShift', 0, 30)
  const actMin = p.actMin ?? -128
  const actMax = p.actMax ?? 127
  assertInteger(actMin, 'int8Add: actMin', INT32_MIN, INT32_MAX)
  assertInteger(actMax, 'int8Add: actMax', INT32_MIN, INT32_MAX)
  if (actMin > actMax) throw new RangeError(`int8Add: actMin ${actMin} is larger than actMax ${actMax}`)
  const twiceMax = 2 * Math.max(p.s1, p.s2)
  const real1 = p.s1 / twiceMax
  const real2 = p.s2 / twiceMax
  const realOut = twiceMax / (2 ** leftShift * p.sOut)
  const m1 = multiplierOf(real1, 'int8Add: input 1 multiplier')
  const m2 = multiplierOf(real2, 'int8Add: input 2 multiplier')
  // add.cc Prepare splits it with QuantizeMultiplierSmallerThanOneExp, which CHECKs 0 < m < 1: an output
  // multiplier of 1 or more (sOut ≤ 2·max(s1, s2)/2^leftShift) is refused there. Taken anyway, its left shift
  // wraps the int32 sum (sOut ≈ 1e-9 turned −128 into 127)
  if (!(realOut < 1))
    throw new RangeError(
      `int8Add: output multiplier ${realOut} is not below 1 (sOut ${p.sOut} ≤ 2·max(s1, s2)/2^${leftShift}); TFLite's ADD refuses it`,
    )
  const mo = multiplierOf(realOut, 'int8Add: output multiplier')
  // ... and then CHECKs shift ≤ 0: a multiplier within ~2^-32 of 1 rounds to 2^31 and its shift becomes +1
  // (the same refusal, so the same words: the ops engine shows it in the user's language)
  if (mo.shift > 0)
    throw new RangeError(
      `int8Add: output multiplier ${realOut} is not below 1 once rounded to 31 bits (sOut ${p.sOut}); TFLite's ADD refuses it`,
    )
  return {
    leftShift,
    actMin,
    actMax,
    twiceMaxInputScale: twiceMax,
    realMultiplier1: real1,
    realMultiplier2: real2,
    realOutputMultiplier: realOut,
    multiplier1: m1.multiplier,
    shift1: m1.shift,
    multiplier2: m2.multiplier,
    shift2: m2.shift,
    outputMultiplier: mo.multiplier,
    outputShift: mo.shift,
  }
}

/** The largest span of codes (max − min + 1) per input for which `int8Add` tabulates its rescaling. */
const ADD_TABLE_SPAN = 1 << 16
/** The largest span1 × span2 for which the whole output is one table lookup per element. */
const ADD_PAIR_TABLE = 1 << 17

/** Validates int32 codes (one pass) and returns their smallest and largest value ([0, −1] when empty). */
function intRangeOf(x: ArrayLike<number>, name: string, length?: number): [number, number] {
  assertArrayLike(x, name)
  if (length !== undefined && x.length !== length) {
    throw new RangeError(`${name} must have ${length} entries (got ${x.length})`)
  }
  let lo = INT32_MAX
  let hi = INT32_MIN
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    // (v | 0) === v holds exactly for int32 integers (false for NaN, ±∞, fractions and anything wider)
    if ((v | 0) !== v) {
      throw new RangeError(`${name}[${i}] is ${String(v)}; quantized values must be int32 integers`)
    }
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return x.length === 0 ? [0, -1] : [lo, hi]
}

/** The rescaled input of every code in [lo, hi]: MBQM((q − z)·2^leftShift, M, shift). */
function rescaleTable(
  lo: number,
  hi: number,
  z: number,
  unit: number,
  multiplier: number,
  shift: number,
): Int32Array {
  const t = new Int32Array(hi - lo + 1)
  for (let q = lo; q <= hi; q++)
    t[q - lo] = mbqmUnchecked(Math.imul((q - z) | 0, unit), multiplier, shift, false)
  return t
}

/**
 * TFLite reference integer ADD (`reference/integer_ops/add.h` AddFunc) on two equally long int8 tensors:
 * v = (q − z)·2^leftShift, each rescaled by its multiplier (SRDHM then RoundingDivideByPOT), summed in int32,
 * requantized by the output multiplier, + zOut, clamped to [actMin, actMax] (default [−128, 127]).
 *
 * Why tables: every step before the sum depends on one input code only, and int8 has 256 of them, so each
 * input's rescaling is tabulated once per call; when both inputs span few codes (int8: 256 × 256) the
 * output of every pair is tabulated too and each element is one lookup. The tables hold exactly what the
 * per-element arithmetic gives (`int8AddTrace` computes it step by step; a test requires equality), so the
 * result is bit-exact; wide inputs (int32 codes) fall back to the per-element arithmetic.
 */
export function int8Add(q1: ArrayLike<number>, q2: ArrayLike<number>, p: Int8AddParams): Int32Array {
  const m = int8AddMultipliers(p)
  const [lo1, hi1] = intRangeOf(q1, 'int8Add: q1')
  const [lo2, hi2] = intRangeOf(q2, 'int8Add: q2', q1.length)
  const n = q1.length
  const out = new Int32Array(n)
  if (n === 0) return out
  const unit = 1 << m.leftShift
  const finish = (sum: number): number => {
    const raw = (mbqmUnchecked(sum | 0, m.outputMultiplier, m.outputShift, false) + p.zOut) | 0
    return raw < m.actMin ? m.actMin : raw > m.actMax ? m.actMax : raw
  }
  const span1 = hi1 - lo1 + 1
  const span2 = hi2 - lo2 + 1
  if (span1 > ADD_TABLE_SPAN || span2 > ADD_TABLE_SPAN) {
    for (let i = 0; i < n; i++) {
      const r1 = mbqmUnchecked(Math.imul((q1[i] - p.z1) | 0, unit), m.multiplier1, m.shift1, false)
      const r2 = mbqmUnchecked(Math.imul((q2[i] - p.z2) | 0, unit), m.multiplier2, m.shift2, false)
      out[i] = finish(r1 + r2)
    }
    return out
  }
  const t1 = rescaleTable(lo1, hi1, p.z1, unit, m.multiplier1, m.shift1)
  const t2 = rescaleTable(lo2, hi2, p.z2, unit, m.multiplier2, m.shift2)
  const pairs = span1 * span2
  if (pairs > ADD_PAIR_TABLE || pairs > 4 * n) {
    // too many distinct pairs to tabulate (or more than the elements): only the inputs come from tables
    for (let i = 0; i < n; i++) out[i] = finish(t1[q1[i] - lo1] + t2[q2[i] - lo2])
    return out
  }
  const pair = new Int32Array(pairs)
  for (let a = 0; a < span1; a++) {
    const r1 = t1[a]
    const row = a * span2
    for (let b = 0; b < span2; b++) pair[row + b] = finish(r1 + t2[b])
  }
  for (let i = 0; i < n; i++) out[i] = pair[(q1[i] - lo1) * span2 + (q2[i] - lo2)]
  return out
}

/** Every intermediate of one element of `int8Add` (all integers except the `real*` reference values). */
export interface Int8AddTrace {
  q1: number
  q2: number
  multipliers: Int8AddMultipliers
  /** q − z (TFLite: input offset = −z, added to q). */
  input1: number
  input2: number
  /** (q − z)·2^leftShift (int32 multiply). */
  shifted1: number
  shifted2: number
  /** SRDHM(shifted, M0) and then RoundingDivideByPOT(·, −shift) = the rescaled input. */
  srdhm1: number
  scaled1: number
  srdhm2: number
  scaled2: number
  /** scaled1 + scaled2 (int32). */
  rawSum: number
  /** SRDHM(rawSum, M0_out), then RoundingDivideByPOT: the output before the zero point. */
  srdhmOut: number
  outputBeforeOffset: number
  /** + zOut, then clamped to [actMin, actMax]. */
  outputWithOffset: number
  output: number
  /** Float reference: s1·(q1 − z1) + s2·(q2 − z2), its exact requantized value (unrounded) and the
   *  dequantized output sOut·(output − zOut). */
  realSum: number
  realOutputCode: number
  dequantized: number
}

/** The two roundings of TFLite's default MultiplyByQuantizedMultiplier, separately: [SRDHM, RDBPOT]. */
function mbqmSteps(x: number, multiplier: number, shift: number): [number, number] {
  const left = shift > 0 ? shift : 0
  const right = shift > 0 ? 0 : -shift
  const srdhm = srdhmUnchecked(Math.imul(x, 1 << left), multiplier)
  return [srdhm, rdbpotUnchecked(srdhm, right)]
}

/** One element of `int8Add` with every intermediate integer, for the view's click-through. */
export function int8AddTrace(q1: number, q2: number, p: Int8AddParams): Int8AddTrace {
  const m = int8AddMultipliers(p)
  assertIntArray([q1], 'int8AddTrace: q1')
  assertIntArray([q2], 'int8AddTrace: q2')
  const input1 = (q1 - p.z1) | 0
  const input2 = (q2 - p.z2) | 0
  const shifted1 = Math.imul(input1, 1 << m.leftShift)
  const shifted2 = Math.imul(input2, 1 << m.leftShift)
  const [srdhm1, scaled1] = mbqmSteps(shifted1, m.multiplier1, m.shift1)
  const [srdhm2, scaled2] = mbqmSteps(shifted2, m.multiplier2, m.shift2)
  const rawSum = (scaled1 + scaled2) | 0
  const [srdhmOut, outputBeforeOffset] = mbqmSteps(rawSum, m.outputMultiplier, m.outputShift)
  const outputWithOffset = (outputBeforeOffset + p.zOut) | 0
  const output = Math.min(m.actMax, Math.max(m.actMin, outputWithOffset))
  const realSum = p.s1 * (q1 - p.z1) + p.s2 * (q2 - p.z2)
  return {
    q1,
    q2,
    multipliers: m,
    input1,
    input2,
    shifted1,
    shifted2,
    srdhm1,
    scaled1,
    srdhm2,
    scaled2,
    rawSum,
    srdhmOut,
    outputBeforeOffset,
    outputWithOffset,
    output,
    realSum,
    realOutputCode: realSum / p.sOut + p.zOut,
    dequantized: p.sOut * (output - p.zOut),
  }
}

// ---------------------------------------------------------------------------------------------------------
// FULLY_CONNECTED
// ---------------------------------------------------------------------------------------------------------

export interface FullyConnectedParams {
  batch: number
  depth: number
  outputs: number
  sIn: number
  zIn: number
  /** Weight scale: one number (per tensor) or one per output row (per channel). */
  sW: number | ArrayLike<number>
  zW: number
  sOut: number
  zOut: number
  actMin?: number
  actMax?: number
  /** TFLITE_SINGLE_ROUNDING requantization instead of the default double rounding. */
  singleRounding?: boolean
}

export interface FullyConnectedResult {
  /** batch × outputs int32 accumulators Σ (w − zW)(x − zIn) + bias (row-major, int32 wrap-around). */
  accumulators: Int32Array
  /** batch × outputs requantized, offset and clamped outputs. */
  outputs: Int32Array
  /** Per output row: real multiplier sIn·sW/sOut and its (M0, shift). */
  realMultipliers: Float64Array
  multipliers: Int32Array
  shifts: Int32Array
}

interface FcChecked {
  batch: number
  depth: number
  outputs: number
  actMin: number
  actMax: number
  single: boolean
  realMultipliers: Float64Array
  multipliers: Int32Array
  shifts: Int32Array
  sW: Float64Array
}

/** Validates FULLY_CONNECTED arguments and computes the per-output multipliers (TFLite
 * GetQuantizedConvolutionMultipler: sIn·sW/sOut in double). */
function checkFc(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  p: FullyConnectedParams,
  fn: string,
): FcChecked {
  if (p === null || typeof p !== 'object') throw new TypeError(`${fn}: parameters must be an object`)
  assertInteger(p.batch, `${fn}: batch`, 1, 1 << 24)
  assertInteger(p.depth, `${fn}: depth`, 1, 1 << 24)
  assertInteger(p.outputs, `${fn}: outputs`, 1, 1 << 24)
  if (p.batch * p.depth > 1 << 28 || p.outputs * p.depth > 1 << 28)
    throw new RangeError(`${fn}: the tensors are too large`)
  assertPositive(p.sIn, `${fn}: sIn`)
  assertPositive(p.sOut, `${fn}: sOut`)
  assertInteger(p.zIn, `${fn}: zIn`, -65536, 65536)
  assertInteger(p.zW, `${fn}: zW`, -65536, 65536)
  assertInteger(p.zOut, `${fn}: zOut`, -65536, 65536)
  const actMin = p.actMin ?? -128
  const actMax = p.actMax ?? 127
  assertInteger(actMin, `${fn}: actMin`, INT32_MIN, INT32_MAX)
  assertInteger(actMax, `${fn}: actMax`, INT32_MIN, INT32_MAX)
  if (actMin > actMax) throw new RangeError(`${fn}: actMin ${actMin} is larger than actMax ${actMax}`)
  assertIntArray(input, `${fn}: input`, p.batch * p.depth)
  assertIntArray(weights, `${fn}: weights`, p.outputs * p.depth)
  if (bias !== null && bias !== undefined) assertIntArray(bias, `${fn}: bias`, p.outputs)
  // the accumulation is exact in doubles as long as every partial sum stays below 2^53
  let maxX = 0
  let maxW = 0
  let maxB = 0
  for (let k = 0; k < input.length; k++) maxX = Math.max(maxX, Math.abs(input[k] - p.zIn))
  for (let k = 0; k < weights.length; k++) maxW = Math.max(maxW, Math.abs(weights[k] - p.zW))
  if (bias) for (let k = 0; k < bias.length; k++) maxB = Math.max(maxB, Math.abs(bias[k]))
  if (maxX * maxW * p.depth + maxB >= 2 ** 53) {
    throw new RangeError(`${fn}: the input and weight values are too large for exact int32 accumulation`)
  }
  const sW = new Float64Array(p.outputs)
  if (typeof p.sW === 'number') {
    assertPositive(p.sW, `${fn}: sW`)
    sW.fill(p.sW)
  } else {
    assertArrayLike(p.sW, `${fn}: sW`)
    if (p.sW.length !== p.outputs) {
      throw new RangeError(
        `${fn}: per-channel sW must have one scale per output (${p.outputs}), got ${p.sW.length}`,
      )
    }
    for (let o = 0; o < p.outputs; o++) {
      assertPositive(p.sW[o], `${fn}: sW[${o}]`)
      sW[o] = p.sW[o]
    }
  }
  const realMultipliers = new Float64Array(p.outputs)
  const multipliers = new Int32Array(p.outputs)
  const shifts = new Int32Array(p.outputs)
  for (let o = 0; o < p.outputs; o++) {
    const real = (p.sIn * sW[o]) / p.sOut
    const m = multiplierOf(real, `${fn}: multiplier sIn·sW/sOut`)
    if (m.shift < -31) throw new RangeError(`${fn}: multiplier ${real} is too small`)
    realMultipliers[o] = real
    multipliers[o] = m.multiplier
    shifts[o] = m.shift
  }
  return {
    batch: p.batch,
    depth: p.depth,
    outputs: p.outputs,
    actMin,
    actMax,
    single: p.singleRounding ?? false,
    realMultipliers,
    multipliers,
    shifts,
    sW,
  }
}

/**
 * TFLite reference integer FULLY_CONNECTED (`reference/integer_ops/fully_connected.h`, per-tensor and
 * per-channel): input batch×depth and weights outputs×depth, row-major; acc = Σ_d (w − zW)(x − zIn) + bias[o]
 * in int32; requantize with M = sIn·sW/sOut (per output row when sW is an array) via
 * MultiplyByQuantizedMultiplier; + zOut; clamp to [actMin, actMax] (default [−128, 127]).
 * The products are exact doubles summed exactly and wrapped to int32 once (the same result as int32 wrap at
 * every step), fast enough for 256×1024×1024. `into`: arrays to write the results to (see scratch.ts).
 */
export function int8FullyConnected(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  p: FullyConnectedParams,
  into?: IntResultArrays,
): FullyConnectedResult {
  const c = checkFc(input, weights, bias, p, 'int8FullyConnected')
  const { batch, depth, outputs } = c
  const { accumulators, outputs: out } = intResultArrays(into, batch * outputs, 'int8FullyConnected')
  // temporaries in reused arrays (see scratch.ts): every element is written before it is read
  const xc = scratchF64('fc.x', batch * depth)
  for (let k = 0; k < xc.length; k++) xc[k] = input[k] - p.zIn
  const wc = scratchF64('fc.w', outputs * depth)
  for (let k = 0; k < wc.length; k++) wc[k] = weights[k] - p.zW
  const sums = scratchF64('fc.sums', batch * outputs)
  dotProducts(xc, wc, batch, depth, outputs, sums)
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outputs; o++) {
      const r = b * outputs + o
      const acc32 = (bias ? sums[r] + bias[o] : sums[r]) | 0
      accumulators[r] = acc32
      const v = (mbqmUnchecked(acc32, c.multipliers[o], c.shifts[o], c.single) + p.zOut) | 0
      out[r] = v < c.actMin ? c.actMin : v > c.actMax ? c.actMax : v
    }
  }
  return {
    accumulators,
    outputs: out,
    realMultipliers: c.realMultipliers,
    multipliers: c.multipliers,
    shifts: c.shifts,
  }
}

/**
 * sums[b·outputs + o] = Σ_d wc[o·depth + d]·xc[b·depth + d], each sum taken in order d = 0, 1, … (so it is
 * exact for the integer products here, whose partial sums the caller bounds below 2^53, and it is the plain
 * float64 dot product for real inputs — the views' float reference uses it too). Blocks of 2 input rows ×
 * 4 weight rows share their loads; the remainders take the plain loop.
 */
export function dotProducts(
  xc: Float64Array,
  wc: Float64Array,
  batch: number,
  depth: number,
  outputs: number,
  sums: Float64Array,
): void {
  let b = 0
  for (; b + 1 < batch; b += 2) {
    const x0 = b * depth
    const x1 = x0 + depth
    let o = 0
    for (; o + 3 < outputs; o += 4) {
      const w0 = o * depth
      const w1 = w0 + depth
      const w2 = w1 + depth
      const w3 = w2 + depth
      let a0 = 0
      let a1 = 0
      let a2 = 0
      let a3 = 0
      let c0 = 0
      let c1 = 0
      let c2 = 0
      let c3 = 0
      for (let d = 0; d < depth; d++) {
        const u = xc[x0 + d]
        const v = xc[x1 + d]
        const p0 = wc[w0 + d]
        const p1 = wc[w1 + d]
        const p2 = wc[w2 + d]
        const p3 = wc[w3 + d]
        a0 += p0 * u
        a1 += p1 * u
        a2 += p2 * u
        a3 += p3 * u
        c0 += p0 * v
        c1 += p1 * v
        c2 += p2 * v
        c3 += p3 * v
      }
      const r = b * outputs + o
      sums[r] = a0
      sums[r + 1] = a1
      sums[r + 2] = a2
      sums[r + 3] = a3
      sums[r + outputs] = c0
      sums[r + outputs + 1] = c1
      sums[r + outputs + 2] = c2
      sums[r + outputs + 3] = c3
    }
    for (; o < outputs; o++) {
      sums[b * outputs + o] = dot(xc, x0, wc, o * depth, depth)
      sums[(b + 1) * outputs + o] = dot(xc, x1, wc, o * depth, depth)
    }
  }
  for (; b < batch; b++)
    for (let o = 0; o < outputs; o++) sums[b * outputs + o] = dot(xc, b * depth, wc, o * depth, depth)
}

/** Plain dot product of two rows (the remainder of `dotProducts`). */
function dot(x: Float64Array, xo: number, w: Float64Array, wo: number, depth: number): number {
  let s = 0
  for (let d = 0; d < depth; d++) s += x[xo + d] * w[wo + d]
  return s
}

/** One output element of `int8FullyConnected` with its whole computation. */
export interface FullyConnectedTrace {
  batchIndex: number
  outputIndex: number
  /** x − zIn and w − zW along the depth, and their products (the terms of the accumulator). */
  inputCentred: Int32Array
  weightCentred: Int32Array
  products: Float64Array
  /** Σ products (int32), the bias and the accumulator Σ + bias (int32). */
  dot: number
  bias: number
  accumulator: number
  realMultiplier: number
  multiplier: number
  shift: number
  singleRounding: boolean
  /** Double rounding: acc·2^left (int32), SRDHM result, RoundingDivideByPOT result. Single rounding: the one
   *  rounded shift (srdhm = leftShifted = acc, rdbpot = the result). */
  leftShifted: number
  srdhm: number
  rdbpot: number
  /** + zOut, then clamped. */
  withOffset: number
  output: number
  /** Float references: the real accumulator sIn·sW·acc, the unrounded output code acc·M + zOut, and the
   *  dequantized output sOut·(output − zOut). */
  realAccumulator: number
  exactOutputCode: number
  dequantized: number
}

/** The whole computation of output (batchIndex, outputIndex) of `int8FullyConnected`, for the Dense view. */
export function fullyConnectedTrace(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  p: FullyConnectedParams,
  batchIndex: number,
  outputIndex: number,
): FullyConnectedTrace {
  const c = checkFc(input, weights, bias, p, 'fullyConnectedTrace')
  assertInteger(batchIndex, 'fullyConnectedTrace: batchIndex', 0, c.batch - 1)
  assertInteger(outputIndex, 'fullyConnectedTrace: outputIndex', 0, c.outputs - 1)
  const depth = c.depth
  const inputCentred = new Int32Array(depth)
  const weightCentred = new Int32Array(depth)
  const products = new Float64Array(depth)
  let dot = 0
  for (let d = 0; d < depth; d++) {
    inputCentred[d] = input[batchIndex * depth + d] - p.zIn
    weightCentred[d] = weights[outputIndex * depth + d] - p.zW
    products[d] = inputCentred[d] * weightCentred[d]
    dot += products[d]
  }
  const b = bias ? bias[outputIndex] : 0
  const accumulator = (dot + b) | 0
  const multiplier = c.multipliers[outputIndex]
  const shift = c.shifts[outputIndex]
  let leftShifted = accumulator
  let srdhm = accumulator
  let rdbpot: number
  if (c.single) {
    rdbpot = mbqmUnchecked(accumulator, multiplier, shift, true)
  } else {
    leftShifted = Math.imul(accumulator, 1 << (shift > 0 ? shift : 0))
    ;[srdhm, rdbpot] = mbqmSteps(accumulator, multiplier, shift)
  }
  const withOffset = (rdbpot + p.zOut) | 0
  const output = Math.min(c.actMax, Math.max(c.actMin, withOffset))
  const realMultiplier = c.realMultipliers[outputIndex]
  return {
    batchIndex,
    outputIndex,
    inputCentred,
    weightCentred,
    products,
    dot: dot | 0,
    bias: b,
    accumulator,
    realMultiplier,
    multiplier,
    shift,
    singleRounding: c.single,
    leftShifted,
    srdhm,
    rdbpot,
    withOffset,
    output,
    realAccumulator: p.sIn * c.sW[outputIndex] * accumulator,
    exactOutputCode: accumulator * realMultiplier + p.zOut,
    dequantized: p.sOut * (output - p.zOut),
  }
}

// ---------------------------------------------------------------------------------------------------------
// The notes' float-scale forms (symmetric, no zero points)
// ---------------------------------------------------------------------------------------------------------

/** round, then clamp to [qmin, qmax] (the notes' np.clip(np.round(…))). */
function clampRound(v: number, round: (x: number) => number, qmin: number, qmax: number): number {
  const r = round(v)
  return r < qmin ? qmin : r > qmax ? qmax : r
}

/** Scales of the notes' symmetric forms must be positive; the clamp range ordered. */
function checkNotesScales(wa: number, wb: number, wc: number, qmin: number, qmax: number, fn: string): void {
  assertPositive(wa, `${fn}: wa`)
  assertPositive(wb, `${fn}: wb`)
  assertPositive(wc, `${fn}: wc`)
  assertInteger(qmin, `${fn}: qmin`, INT32_MIN, INT32_MAX)
  assertInteger(qmax, `${fn}: qmax`, INT32_MIN, INT32_MAX)
  if (qmin > qmax) throw new RangeError(`${fn}: qmin ${qmin} is larger than qmax ${qmax}`)
}

/**
 * The notes' quantized ADD (quantization-notes.zh.md "Add", symmetric scales w, c = a + b):
 * w_c·x_c = w_a·(x_a + (w_b/w_a)·x_b)  ⇒  x_c = round((w_a / w_c)·(x_a + (w_b / w_a)·x_b)), clamped to
 * [qmin, qmax]; a float multiplier, element by element (xa, xb equally long). Rounding default half-even (np.round).
 */
export function notesAddRequant(
  xa: ArrayLike<number>,
  xb: ArrayLike<number>,
  wa: number,
  wb: number,
  wc: number,
  rounding: RoundingMode = 'half-even',
  qmin = -128,
  qmax = 127,
): Int32Array {
  checkNotesScales(wa, wb, wc, qmin, qmax, 'notesAddRequant')
  assertIntArray(xa, 'notesAddRequant: xa')
  assertIntArray(xb, 'notesAddRequant: xb', xa.length)
  const round = rounder(rounding)
  const out = new Int32Array(xa.length)
  const ratioOut = wa / wc
  const ratioB = wb / wa
  for (let i = 0; i < xa.length; i++)
    out[i] = clampRound(ratioOut * (xa[i] + ratioB * xb[i]), round, qmin, qmax)
  return out
}

/**
 * The largest |zero point| the notes' add with offsets takes: x − z then stays an integer float64 holds exactly
 * for any int32 code x (2^53 − 1 − 2^31).
 */
export const NOTES_ZERO_POINT_LIMIT = Number.MAX_SAFE_INTEGER - 2 ** 31

/** Zero points of the notes' add with offsets: real = w·(x − z) for A, B and C (z = −b_q of the notes' form). */
export interface NotesAddZeroPoints {
  za: number
  zb: number
  zc: number
}

/**
 * The notes' quantized ADD extended with offsets (the notes' asymmetric form y = (x_q + b_q)·w, i.e. zero point
 * z = −b_q; Jacob et al. 2018 eq. (2) for the zero-point form): c = w_a·(x_a − z_a) + w_b·(x_b − z_b) and
 * w_c·(x_c − z_c) = c give
 *   x_c = z_c + (w_a/w_c)·((x_a − z_a) + (w_b/w_a)·(x_b − z_b)),
 * rounded (default half-even) and clamped to [qmin, qmax]. With every zero point 0 this is `notesAddRequant`,
 * operation for operation. Zero points may lie beyond int32, up to NOTES_ZERO_POINT_LIMIT.
 */
export function notesAddRequantZp(
  xa: ArrayLike<number>,
  xb: ArrayLike<number>,
  wa: number,
  wb: number,
  wc: number,
  z: NotesAddZeroPoints,
  rounding: RoundingMode = 'half-even',
  qmin = -128,
  qmax = 127,
): Int32Array {
  checkNotesScales(wa, wb, wc, qmin, qmax, 'notesAddRequantZp')
  assertIntArray(xa, 'notesAddRequantZp: xa')
  assertIntArray(xb, 'notesAddRequantZp: xb', xa.length)
  // the formula is float arithmetic, not an int32 kernel: a zero point need only be an integer float64 holds
  // exactly (the notes' form puts z = −b/w far beyond int32 for data narrow and far from 0, e.g. 1000 ± 1e-4)
  const Z = NOTES_ZERO_POINT_LIMIT
  assertInteger(z.za, 'notesAddRequantZp: za', -Z, Z)
  assertInteger(z.zb, 'notesAddRequantZp: zb', -Z, Z)
  assertInteger(z.zc, 'notesAddRequantZp: zc', -Z, Z)
  const round = rounder(rounding)
  const out = new Int32Array(xa.length)
  const ratioOut = wa / wc
  const ratioB = wb / wa
  for (let i = 0; i < xa.length; i++)
    out[i] = clampRound(z.zc + ratioOut * (xa[i] - z.za + ratioB * (xb[i] - z.zb)), round, qmin, qmax)
  return out
}

/**
 * The notes' quantized Dense (quantization-notes.zh.md "Dense", symmetric scales):
 * w_c·x_c = (w_a·w_b)·Σ x_a·x_b  ⇒  x_c = round((w_a·w_b / w_c)·Σ_d x_a·x_b), clamped to [qmin, qmax].
 * xa is batch×depth and xb outputs×depth (row-major, like `int8FullyConnected`'s weights); returns the exact
 * integer sums and the outputs (batch×outputs).
 */
export function notesDenseRequant(
  xa: ArrayLike<number>,
  xb: ArrayLike<number>,
  wa: number,
  wb: number,
  wc: number,
  shape: { batch: number; depth: number; outputs: number },
  rounding: RoundingMode = 'half-even',
  qmin = -128,
  qmax = 127,
): { sums: Float64Array; outputs: Int32Array } {
  checkNotesScales(wa, wb, wc, qmin, qmax, 'notesDenseRequant')
  if (shape === null || typeof shape !== 'object')
    throw new TypeError('notesDenseRequant: shape must be an object')
  const { batch, depth, outputs } = shape
  assertInteger(batch, 'notesDenseRequant: batch', 1, 1 << 24)
  assertInteger(depth, 'notesDenseRequant: depth', 1, 1 << 24)
  assertInteger(outputs, 'notesDenseRequant: outputs', 1, 1 << 24)
  assertIntArray(xa, 'notesDenseRequant: xa', batch * depth)
  assertIntArray(xb, 'notesDenseRequant: xb', outputs * depth)
  const round = rounder(rounding)
  const ratio = (wa * wb) / wc
  const sums = new Float64Array(batch * outputs)
  const out = new Int32Array(batch * outputs)
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outputs; o++) {
      let s = 0
      for (let d = 0; d < depth; d++) s += xa[b * depth + d] * xb[o * depth + d]
      sums[b * outputs + o] = s
      out[b * outputs + o] = clampRound(ratio * s, round, qmin, qmax)
    }
  }
  return { sums, outputs: out }
}

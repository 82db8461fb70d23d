/**
 * Zero-point (affine) quantization and how each reference system turns a range into (scale, zero point).
 *
 * Sources (read, re-implemented; see docs/reference-algorithms.md §2, §6.6, §7):
 * - PyTorch 1.13 torch/ao/quantization/observer.py `UniformQuantizationObserverBase._calculate_qparams`,
 *   `MinMaxObserver`, `MovingAverageMinMaxObserver`, `PerChannelMinMaxObserver`; torch/ao/quantization/utils.py
 *   `calculate_qmin_qmax`; aten/src/ATen/native/quantized/AffineQuantizerBase.cpp `quantize_val` /
 *   `dequantize_val` (float32 arithmetic, emulated with Math.fround).
 * - ONNX Runtime onnxruntime/python/tools/quantization/quant_utils.py `compute_scale_zp`,
 *   `get_qmin_qmax_for_qType`, `ONNX_INT_TYPE_RANGE` / `_SYMMETRIC_RANGE` / `_REDUCED_RANGE`.
 * - TensorRT "8-bit Inference with TensorRT" (GTC 2017): symmetric, T ↦ 127, [−127, 127].
 * - Apache TVM python/tvm/relay/quantize/_calibrate.py `_set_params`: dom_scale = T / 2^(bits−1), clip ±127.
 * - The notes (shared/seed/quantization-notes.zh.md) `calculate_quant_param`.
 */
import { roundWith, type RoundingMode } from './rounding'
import { chunkEnd } from './chunks'
import { assertAllFinite, assertArrayLike, assertNonEmpty } from './validate'

/** real ≈ scale · (q − zeroPoint), q ∈ [qmin, qmax] */
export interface QParams {
  scale: number
  zeroPoint: number
  qmin: number
  qmax: number
}

const f32 = Math.fround
/** torch.finfo(torch.float32).eps */
export const FLOAT32_EPS = 1.1920928955078125e-7
/** numpy.finfo(numpy.float32).tiny (smallest normal float32) */
export const FLOAT32_TINY = 1.1754943508222875e-38

/** Round half to even for a finite double (np.round / torch.round / nearbyint). */
function rhe(t: number): number {
  const r = Math.floor(t)
  const d = t - r
  if (d > 0.5 || (d === 0.5 && r % 2 !== 0)) return r + 1
  return r
}

/**
 * The integer range of a `bits`-bit code: signed [−2^(b−1), 2^(b−1) − 1], or with `restricted` (the "narrow"
 * range of symmetric schemes) [−(2^(b−1) − 1), 2^(b−1) − 1]; unsigned [0, 2^b − 1], restricted [0, 2^b − 2]
 * (ORT's symmetric uint8 table (0, 254)). bits must be an integer 2 … 16.
 */
export function qRange(
  bits: number,
  opts: { signed?: boolean; restricted?: boolean } = {},
): { qmin: number; qmax: number } {
  if (typeof bits !== 'number' || !Number.isInteger(bits))
    throw new TypeError(`bits must be an integer (got ${String(bits)})`)
  if (bits < 2 || bits > 16) throw new RangeError(`bits must be between 2 and 16 (got ${bits})`)
  const signed = opts.signed ?? true
  const restricted = opts.restricted ?? false
  if (signed) {
    const h = 2 ** (bits - 1)
    return { qmin: restricted ? -(h - 1) : -h, qmax: h - 1 }
  }
  const top = 2 ** bits - 1
  return { qmin: 0, qmax: restricted ? top - 1 : top }
}

/** Throws unless p is usable for quantize/dequantize: finite scale > 0, integer zero point and bounds. */
export function assertQParams(p: QParams): void {
  if (p == null || typeof p !== 'object')
    throw new TypeError('qparams must be an object {scale, zeroPoint, qmin, qmax}')
  if (typeof p.scale !== 'number' || !Number.isFinite(p.scale) || p.scale <= 0) {
    throw new RangeError(`scale must be a finite number > 0 (got ${String(p.scale)}): zero range`)
  }
  for (const k of ['zeroPoint', 'qmin', 'qmax'] as const) {
    if (typeof p[k] !== 'number' || !Number.isSafeInteger(p[k]))
      throw new TypeError(`${k} must be an integer (got ${String(p[k])})`)
  }
  if (p.qmin > p.qmax) throw new RangeError(`qmin must be <= qmax (got ${p.qmin} > ${p.qmax})`)
  if (p.qmin < -2147483648 || p.qmax > 2147483647)
    throw new RangeError(`[${p.qmin}, ${p.qmax}] exceeds the int32 code range`)
  // a grid whose ends scale·(qmin − zp), scale·(qmax − zp) overflow would dequantize to ±∞ (and errors to NaN)
  if (
    !Number.isFinite(p.scale * (p.qmin - p.zeroPoint)) ||
    !Number.isFinite(p.scale * (p.qmax - p.zeroPoint))
  )
    throw new RangeError(
      `scale ${p.scale} with codes [${p.qmin}, ${p.qmax}] − ${p.zeroPoint} overflows float64`,
    )
}

function badValue(i: number, v: number): RangeError {
  return new RangeError(`x[${i}] is ${String(v)}; only finite numbers can be quantized`)
}

function checkMode(rounding: RoundingMode): void {
  if (rounding !== 'half-even' && rounding !== 'half-away' && rounding !== 'half-up') {
    throw new TypeError(`unknown rounding mode: ${String(rounding)}`)
  }
}

/**
 * The fast path of round(clamp(x[i]/scale, lo, hi)) + zp for lo = qmin − zp, hi = qmax − zp (integers, so clamping
 * before rounding equals clamping after, and keeps the rounding in the small-number range): f = floor(t + 0.5) is
 * the nearest integer unless t is an exact tie (f − t = 0.5, where the modes differ) or t + 0.5 rounded up in
 * floating point (f − t > 0.5). Those rare elements, and NaN/±Inf, are handed back to the caller (the returned
 * index; −1 when the chunk is done), which resolves them with roundWith and resumes. No other branches: see
 * chunks.ts for why rarely-taken code is kept out of the loops.
 */
function quantizeKernel(
  x: ArrayLike<number>,
  out: Int32Array,
  start: number,
  end: number,
  scale: number,
  zp: number,
  lo: number,
  hi: number,
): number {
  for (let i = start; i < end; i++) {
    const v = x[i]
    const t = Math.min(Math.max(v / scale, lo), hi)
    const f = Math.floor(t + 0.5)
    if (f - t >= 0.5 || v - v !== 0) return i
    out[i] = f + zp
  }
  return -1
}

/** As quantizeKernel, writing scale · (code − zp) (fake quantization). */
function fakeQuantizeKernel(
  x: ArrayLike<number>,
  out: Float64Array,
  start: number,
  end: number,
  scale: number,
  lo: number,
  hi: number,
): number {
  for (let i = start; i < end; i++) {
    const v = x[i]
    const t = Math.min(Math.max(v / scale, lo), hi)
    const f = Math.floor(t + 0.5)
    if (f - t >= 0.5 || v - v !== 0) return i
    out[i] = scale * f
  }
  return -1
}

/**
 * round(clamp(v/scale, lo, hi)) for one element the kernels handed back; throws for NaN/±Inf. `+ 0` turns a
 * −0 from rounding into +0.
 */
export function roundedCode(
  v: number,
  i: number,
  scale: number,
  lo: number,
  hi: number,
  rounding: RoundingMode,
): number {
  if (v - v !== 0) throw badValue(i, v)
  return roundWith(Math.min(Math.max(v / scale, lo), hi), rounding) + 0
}

/**
 * q = clamp(round(x / scale) + zeroPoint, qmin, qmax) (ONNX QuantizeLinear / ORT quantize_nparray; the zero
 * point is added after rounding). Rounding: 'half-even' (numpy, ONNX, PyTorch), 'half-away' (TFLite
 * std::round), 'half-up' (JavaScript Math.round). NaN/±Inf in x throw a RangeError.
 */
export function quantize(x: ArrayLike<number>, p: QParams, rounding: RoundingMode = 'half-even'): Int32Array {
  assertArrayLike(x, 'x')
  assertQParams(p)
  checkMode(rounding)
  const { scale, zeroPoint: zp, qmin, qmax } = p
  const lo = qmin - zp
  const hi = qmax - zp
  const n = x.length
  const out = new Int32Array(n)
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n)) {
    for (let i = quantizeKernel(x, out, s, e, scale, zp, lo, hi); i >= 0;) {
      out[i] = roundedCode(x[i], i, scale, lo, hi, rounding) + zp
      i = quantizeKernel(x, out, i + 1, e, scale, zp, lo, hi)
    }
  }
  return out
}

function dequantizeKernel(
  q: ArrayLike<number>,
  out: Float64Array,
  start: number,
  end: number,
  scale: number,
  zp: number,
): void {
  for (let i = start; i < end; i++) out[i] = scale * (q[i] - zp)
}

/** x̂ = scale · (q − zeroPoint) in float64 (ONNX DequantizeLinear). */
export function dequantize(q: ArrayLike<number>, p: QParams): Float64Array {
  assertArrayLike(q, 'q')
  assertQParams(p)
  const n = q.length
  const out = new Float64Array(n)
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n)) {
    dequantizeKernel(q, out, s, e, p.scale, p.zeroPoint)
  }
  return out
}

/**
 * quantize then dequantize in one pass ("fake quantization"): scale · (clamp(round(x/scale) + zp) − zp), with
 * the given rounding. Identical to dequantize(quantize(x, p, rounding), p) without the intermediate array.
 */
export function fakeQuantize(
  x: ArrayLike<number>,
  p: QParams,
  rounding: RoundingMode = 'half-even',
): Float64Array {
  assertArrayLike(x, 'x')
  assertQParams(p)
  checkMode(rounding)
  const { scale, zeroPoint: zp, qmin, qmax } = p
  const lo = qmin - zp
  const hi = qmax - zp
  const n = x.length
  const out = new Float64Array(n)
  for (let s = 0, e = chunkEnd(0, n); s < n; s = e, e = chunkEnd(s, n)) {
    for (let i = fakeQuantizeKernel(x, out, s, e, scale, lo, hi); i >= 0;) {
      out[i] = scale * roundedCode(x[i], i, scale, lo, hi, rounding)
      i = fakeQuantizeKernel(x, out, i + 1, e, scale, lo, hi)
    }
  }
  return out
}

/** The real interval the codes cover: [scale·(qmin − zp), scale·(qmax − zp)]; values outside are clipped. */
export function representableRange(p: QParams): { low: number; high: number } {
  assertQParams(p)
  return { low: p.scale * (p.qmin - p.zeroPoint), high: p.scale * (p.qmax - p.zeroPoint) }
}

// ---------------------------------------------------------------------------------------------------------------
// PyTorch

export type TorchDtype = 'qint8' | 'quint8'

export interface PytorchQParamsOptions {
  dtype: TorchDtype
  qscheme: 'affine' | 'symmetric'
  reduceRange?: boolean
  quantMin?: number
  quantMax?: number
  /** default torch.finfo(torch.float32).eps; stored as float32 */
  eps?: number
}

/** torch/ao/quantization/utils.py `calculate_qmin_qmax` plus the observer's `_validate_qmin_qmax`. */
function pytorchQRange(o: PytorchQParamsOptions): { qmin: number; qmax: number; custom: boolean } {
  if (o.dtype !== 'qint8' && o.dtype !== 'quint8')
    throw new TypeError(`dtype must be 'qint8' or 'quint8' (got ${String(o.dtype)})`)
  const hasMin = o.quantMin !== undefined && o.quantMin !== null
  const hasMax = o.quantMax !== undefined && o.quantMax !== null
  if (hasMin !== hasMax) throw new TypeError('quantMin and quantMax must be given together')
  const [lo, hi] = o.dtype === 'qint8' ? [-128, 127] : [0, 255]
  if (hasMin) {
    const a = o.quantMin as number
    const b = o.quantMax as number
    if (!Number.isInteger(a) || !Number.isInteger(b))
      throw new TypeError('quantMin and quantMax must be integers')
    if (!(a <= 0 && 0 <= b)) throw new RangeError(`the quantization range must include 0 (got [${a}, ${b}])`)
    if (!(a < b)) throw new RangeError(`quantMin must be < quantMax (got [${a}, ${b}])`)
    if (a < lo || b > hi) throw new RangeError(`[${a}, ${b}] does not fit in ${o.dtype} [${lo}, ${hi}]`)
    if (o.reduceRange) return { qmin: Math.floor(a / 2), qmax: Math.floor(b / 2), custom: true }
    return { qmin: a, qmax: b, custom: true }
  }
  if (o.reduceRange)
    return o.dtype === 'qint8'
      ? { qmin: -64, qmax: 63, custom: false }
      : { qmin: 0, qmax: 127, custom: false }
  return { qmin: lo, qmax: hi, custom: false }
}

/**
 * `_calculate_qparams` in float32: min_neg = min(min, 0), max_pos = max(max, 0);
 * symmetric: scale = max(max(−min_neg, max_pos) / ((qmax − qmin)/2), eps), zp = 0 (signed) or the midpoint
 * (unsigned: 128, or (qmin + qmax) // 2 with a custom range);
 * affine: scale = max((max_pos − min_neg)/(qmax − qmin), eps), zp = clamp(qmin − round(min_neg/scale)).
 */
export function pytorchCalculateQParams(
  minVal: number,
  maxVal: number,
  qmin: number,
  qmax: number,
  symmetric: boolean,
  unsignedMid: number | null,
  eps: number = FLOAT32_EPS,
): QParams {
  if (
    typeof minVal !== 'number' ||
    typeof maxVal !== 'number' ||
    Number.isNaN(minVal) ||
    Number.isNaN(maxVal)
  )
    throw new TypeError(`min and max must be numbers (got ${String(minVal)}, ${String(maxVal)})`)
  if (!Number.isSafeInteger(qmin) || !Number.isSafeInteger(qmax) || qmin >= qmax)
    throw new RangeError(`qmin and qmax must be integers with qmin < qmax (got ${qmin}, ${qmax})`)
  const p = calculateQParamsF32(minVal, maxVal, qmin, qmax, symmetric, unsignedMid, eps)
  // PyTorch computes in float32: a range beyond float32's (±3.4e38) overflows the scale (scale ∞, zero point NaN)
  if (!Number.isFinite(p.scale) || !Number.isFinite(p.zeroPoint))
    throw new RangeError(
      `the range [${minVal}, ${maxVal}] is too wide for float32: PyTorch's scale would be ${p.scale}`,
    )
  return p
}

function calculateQParamsF32(
  minVal: number,
  maxVal: number,
  qmin: number,
  qmax: number,
  symmetric: boolean,
  unsignedMid: number | null,
  eps: number,
): QParams {
  const minNeg = Math.min(f32(minVal), 0)
  const maxPos = Math.max(f32(maxVal), 0)
  const eps32 = f32(eps)
  if (symmetric) {
    const m = Math.max(-minNeg, maxPos)
    const scale = Math.max(f32(m / f32((qmax - qmin) / 2)), eps32)
    return { scale, zeroPoint: unsignedMid ?? 0, qmin, qmax }
  }
  const scale = Math.max(f32(f32(maxPos - minNeg) / (qmax - qmin)), eps32)
  let zp = qmin - rhe(f32(minNeg / scale))
  zp = Math.min(Math.max(zp, qmin), qmax)
  return { scale, zeroPoint: zp, qmin, qmax }
}

function checkMinMax(min: number, max: number): 'never-observed' | 'ok' {
  if (typeof min !== 'number' || typeof max !== 'number') throw new TypeError('min and max must be numbers')
  if (min === Infinity && max === -Infinity) return 'never-observed'
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`min and max must be finite (got ${min}, ${max})`)
  }
  if (min > max) throw new RangeError(`min must be <= max (got ${min} > ${max})`)
  return 'ok'
}

/**
 * PyTorch 1.13 MinMaxObserver / PerChannelMinMaxObserver `calculate_qparams` for an observed (min, max)
 * (per-tensor). Scales are float32 values. `min = +Infinity, max = −Infinity` means "never observed" and gives
 * scale 1, zero point 0 as PyTorch does. A zero range gives scale = eps (1.19e-7); a constant c > 0 gives c/255
 * (the range always includes 0). Throws for symmetric + reduceRange + quint8 (MinMaxObserver refuses it).
 */
export function pytorchQParams(min: number, max: number, opts: PytorchQParamsOptions): QParams {
  if (opts == null) throw new TypeError('opts {dtype, qscheme} are required')
  if (opts.qscheme !== 'affine' && opts.qscheme !== 'symmetric') {
    throw new TypeError(`qscheme must be 'affine' or 'symmetric' (got ${String(opts.qscheme)})`)
  }
  const { qmin, qmax, custom } = pytorchQRange(opts)
  if (opts.qscheme === 'symmetric' && opts.reduceRange && opts.dtype === 'quint8') {
    throw new RangeError('PyTorch cannot reduce range for symmetric quantization with quint8')
  }
  const eps = opts.eps ?? FLOAT32_EPS
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps <= 0)
    throw new RangeError(`eps must be > 0 (got ${eps})`)
  if (checkMinMax(min, max) === 'never-observed') return { scale: 1, zeroPoint: 0, qmin, qmax }
  const mid = opts.dtype === 'quint8' ? (custom ? Math.floor((qmin + qmax) / 2) : 128) : null
  return pytorchCalculateQParams(min, max, qmin, qmax, opts.qscheme === 'symmetric', mid, eps)
}

/** PerChannelMinMaxObserver: pytorchQParams for each channel's (min, max) (per_channel_affine / _symmetric). */
export function pytorchPerChannelQParams(
  mins: ArrayLike<number>,
  maxs: ArrayLike<number>,
  opts: PytorchQParamsOptions,
): QParams[] {
  assertArrayLike(mins, 'mins')
  assertArrayLike(maxs, 'maxs')
  if (mins.length !== maxs.length)
    throw new RangeError(`mins and maxs differ in length (${mins.length} vs ${maxs.length})`)
  const out: QParams[] = []
  for (let c = 0; c < mins.length; c++) out.push(pytorchQParams(mins[c], maxs[c], opts))
  return out
}

/** torch.aminmax of a float32 tensor: (min, max) of the values rounded to float32. NaN/±Inf throw. */
export function float32MinMax(x: ArrayLike<number>): { min: number; max: number } {
  assertNonEmpty(x, 'x')
  assertAllFinite(x, 'x')
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return { min: f32(lo), max: f32(hi) }
}

/**
 * MovingAverageMinMaxObserver's running range over batches: the first non-empty batch sets (min, max), later
 * ones move it by min += c·(batch_min − min) (float32 arithmetic, c cast to float32). Empty batches are ignored
 * (as PyTorch ignores empty tensors); with no data the result is (+Infinity, −Infinity) = never observed.
 */
export function pytorchMovingAverageMinMax(
  batches: ArrayLike<number>[],
  averagingConstant = 0.01,
): { min: number; max: number } {
  if (!Array.isArray(batches)) throw new TypeError('batches must be an array of arrays')
  if (!Number.isFinite(averagingConstant) || averagingConstant <= 0 || averagingConstant > 1) {
    throw new RangeError(`averagingConstant must be in (0, 1] (got ${averagingConstant})`)
  }
  const c = f32(averagingConstant)
  let min = Infinity
  let max = -Infinity
  for (const b of batches) {
    assertArrayLike(b, 'batch')
    if (b.length === 0) continue
    const cur = float32MinMax(b)
    if (min === Infinity && max === -Infinity) {
      min = cur.min
      max = cur.max
    } else {
      min = f32(min + f32(c * f32(cur.min - min)))
      max = f32(max + f32(c * f32(cur.max - max)))
    }
    // float32 arithmetic: batches beyond float32's range (±3.4e38) overflow to ±∞ and then to ∞ − ∞
    if (Number.isNaN(min) || Number.isNaN(max) || !Number.isFinite(cur.min) || !Number.isFinite(cur.max))
      throw new RangeError(`a batch's range [${cur.min}, ${cur.max}] overflows float32 (±3.4e38)`)
  }
  return { min, max }
}

export type TorchQuantDtype = 'qint8' | 'quint8' | 'qint32'

const TORCH_DTYPE_RANGE: Record<TorchQuantDtype, [number, number]> = {
  qint8: [-128, 127],
  quint8: [0, 255],
  qint32: [-2147483648, 2147483647],
}

/**
 * torch.quantize_per_tensor(x, scale, zero_point, dtype) (`quantize_val`, fbgemm non-legacy path):
 * inv = 1.0f / (float)scale; q = zero_point + nearbyint(x_f32 · inv) with a float32 product (ties to even),
 * clamped to the dtype's full range. The float32 reciprocal is why x = 0.273939937, scale = 0.00214854861 gives
 * 128 here but 127 by division (FBGEMM QuantUtils.h).
 */
export function quantizePytorch(
  x: ArrayLike<number>,
  scale: number,
  zeroPoint: number,
  dtype: TorchQuantDtype,
): Int32Array {
  assertArrayLike(x, 'x')
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`scale must be a finite number > 0 (got ${scale})`)
  if (!Number.isInteger(zeroPoint)) throw new TypeError(`zeroPoint must be an integer (got ${zeroPoint})`)
  const range = TORCH_DTYPE_RANGE[dtype]
  if (range === undefined) throw new TypeError(`dtype must be qint8, quint8 or qint32 (got ${String(dtype)})`)
  const [qmin, qmax] = range
  if (zeroPoint < qmin || zeroPoint > qmax)
    throw new RangeError(`zeroPoint ${zeroPoint} is out of range for ${dtype}`)
  const inv = f32(1 / f32(scale))
  const n = x.length
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const t = f32(f32(x[i]) * inv)
    if (t - t !== 0) throw badValue(i, x[i])
    const r = zeroPoint + rhe(t)
    out[i] = r < qmin ? qmin : r > qmax ? qmax : r
  }
  return out
}

/** torch dequantize (`dequantize_val`): (float)scale · (q − zero_point), a float32 result. */
export function dequantizePytorch(q: ArrayLike<number>, scale: number, zeroPoint: number): Float64Array {
  assertArrayLike(q, 'q')
  if (!Number.isFinite(scale)) throw new RangeError(`scale must be finite (got ${scale})`)
  if (!Number.isFinite(zeroPoint)) throw new RangeError(`zeroPoint must be finite (got ${zeroPoint})`)
  const s = f32(scale)
  if (!Number.isFinite(s)) throw new RangeError(`scale ${scale} overflows float32 (±3.4e38)`)
  const out = new Float64Array(q.length)
  for (let i = 0; i < q.length; i++) out[i] = f32(s * (q[i] - zeroPoint))
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// ONNX Runtime

export type OrtQType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int4' | 'uint4'

const ORT_RANGE: Record<OrtQType, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int4: [-8, 7],
  uint4: [0, 15],
}
const ORT_SYMMETRIC_RANGE: Partial<Record<OrtQType, [number, number]>> = {
  int8: [-127, 127],
  uint8: [0, 254],
  int16: [-32767, 32767],
  uint16: [0, 65534],
}
const ORT_REDUCED_RANGE: Record<OrtQType, [number, number]> = {
  int8: [-64, 64],
  uint8: [0, 127],
  int16: [-16384, 16384],
  uint16: [0, 32767],
  int4: [-4, 3],
  uint4: [0, 7],
}

/** quant_utils.py `get_qmin_qmax_for_qType(qType, reduce_range, symmetric)`. */
export function onnxruntimeQRange(
  qType: OrtQType,
  opts: { reduceRange?: boolean; symmetric?: boolean } = {},
): { qmin: number; qmax: number } {
  if (!(qType in ORT_RANGE)) throw new TypeError(`unknown qType ${String(qType)}`)
  const r = opts.reduceRange
    ? ORT_REDUCED_RANGE[qType]
    : opts.symmetric
      ? (ORT_SYMMETRIC_RANGE[qType] ?? ORT_RANGE[qType])
      : ORT_RANGE[qType]
  return { qmin: r[0], qmax: r[1] }
}

/**
 * quant_utils.py `compute_scale_zp(rmin, rmax, qmin, qmax, symmetric, min_real_range)` with float32 rmin/rmax
 * (what the calibrators produce): the range is widened to include 0; symmetric uses ±max(|rmin|, |rmax|);
 * scale = float64(rmax − rmin)/(qmax − qmin); scale < float32 tiny (e.g. an all-zero tensor) → scale 1, zp 0;
 * zp = round((qmin + qmax)/2) if symmetric (so symmetric uint8 with the (0, 254) table gives 127, not 128) else
 * round(qmin − rmin/scale), half to even; the scale is returned cast to float32.
 */
export function computeScaleZpOrt(
  rmin: number,
  rmax: number,
  qmin: number,
  qmax: number,
  symmetric = false,
  minRealRange?: number,
): QParams {
  if (!Number.isFinite(rmin) || !Number.isFinite(rmax))
    throw new RangeError(`rmin and rmax must be finite (got ${rmin}, ${rmax})`)
  if (!Number.isInteger(qmin) || !Number.isInteger(qmax))
    throw new TypeError('qmin and qmax must be integers')
  if (qmin > 0 || qmax < 0) throw new RangeError(`qmin and qmax must include 0 (got [${qmin}, ${qmax}])`)
  let lo = Math.min(f32(rmin), 0)
  let hi = Math.max(f32(rmax), 0)
  if (minRealRange !== undefined) hi = Math.max(hi, f32(lo + f32(minRealRange)))
  if (symmetric) {
    const a = Math.max(Math.abs(lo), Math.abs(hi))
    lo = -a
    hi = a
  }
  const scale = f32(hi - lo) / (qmax - qmin)
  if (scale < FLOAT32_TINY) return { scale: 1, zeroPoint: 0, qmin, qmax }
  // float32 rmin/rmax: a range beyond float32's (±3.4e38) overflows (scale ∞, zero point NaN)
  if (!Number.isFinite(f32(scale)))
    throw new RangeError(
      `the range [${rmin}, ${rmax}] is too wide for float32: the scale would be ${f32(scale)}`,
    )
  const zp = symmetric ? rhe((qmin + qmax) / 2) : rhe(qmin - lo / scale)
  return { scale: f32(scale), zeroPoint: zp, qmin, qmax }
}

/** ONNX Runtime's parameters for a calibrated range: get_qmin_qmax_for_qType + compute_scale_zp. */
export function onnxruntimeQParams(
  rmin: number,
  rmax: number,
  opts: { qType: OrtQType; symmetric: boolean; reduceRange?: boolean },
): QParams {
  if (opts == null) throw new TypeError('opts {qType, symmetric} are required')
  if (rmin > rmax) throw new RangeError(`rmin must be <= rmax (got ${rmin} > ${rmax})`)
  const { qmin, qmax } = onnxruntimeQRange(opts.qType, opts)
  return computeScaleZpOrt(rmin, rmax, qmin, qmax, !!opts.symmetric)
}

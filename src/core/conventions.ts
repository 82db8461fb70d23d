/**
 * One function per reference system for "range → integer grid": what the Lab, the add and dense views, the
 * tutorial's conventions table and the step-through all use, so that a preset shows the reference's numbers.
 * Each branch calls the golden-tested functions of qparams.ts (pytorchCalculateQParams, computeScaleZpOrt) or
 * states the reference formula it implements (docs/reference-algorithms.md §2 "Scale and zero point").
 *
 * Sources (read, re-implemented):
 * - the notes (calculate_quant_param, quant_tensor): symmetric w = a/(2^(b−1) − 1); asymmetric
 *   w = (α − β)/(2^b − 1), b = α − w·q_max (a float offset); np.round (half to even); float64 (numpy default).
 * - PyTorch 1.13 torch/ao/quantization/observer.py `_calculate_qparams` (float32 arithmetic), utils.py
 *   `calculate_qmin_qmax` (quant_min/quant_max give a custom range); ATen `quantize_val` (float32 reciprocal,
 *   nearbyint: half to even).
 * - ONNX Runtime quant_utils.py `compute_scale_zp`, `get_qmin_qmax_for_qType` (symmetric int8 uses [−127, 127],
 *   uint8 [0, 254]; int4 has no symmetric table); numpy rounding (half to even).
 * - TensorRT "8-bit Inference with TensorRT" (GTC 2017): symmetric only, T ↦ 127 on [−127, 127]; round to
 *   nearest even (TensorRT developer guide, Q/DQ layers).
 * - Apache TVM python/tvm/relay/quantize/_calibrate.py `_set_params` (dom_scale = T/2^(b−1)),
 *   src/relay/quantize/realize.cc (clip to [−127, 127], relay `round`: half away from zero, std::round).
 */
import { computeScaleZpOrt, FLOAT32_TINY, pytorchCalculateQParams, qRange, type QParams } from './qparams'
import { roundHalfEven, roundWith, type RoundingMode } from './rounding'
import { assertAllFinite, assertNonEmpty } from './validate'

export type Convention = 'notes' | 'pytorch' | 'onnxruntime' | 'tensorrt' | 'tvm'
export const CONVENTIONS = [
  'notes',
  'pytorch',
  'onnxruntime',
  'tensorrt',
  'tvm',
] as const satisfies readonly Convention[]

export type RangeKind = 'full' | 'restricted'
export type GridForm = 'notes' | 'zp'

/** What the reference system itself fixes, and what a user may change without leaving it. */
export interface ConventionFacts {
  id: Convention
  /** only the symmetric scheme exists (an asymmetric request is ignored) */
  symmetricOnly: boolean
  /** the integer range the reference uses for a scheme and signedness */
  referenceRange(symmetric: boolean, signed: boolean, bits: number): RangeKind
  /**
   * whether the other range is available in the reference for a scheme and signedness: 'free' (the notes: a
   * teaching choice), 'custom' (PyTorch's observers take quant_min/quant_max: non-default but real) or 'fixed'
   * (ONNX Runtime, TensorRT, TVM: the scheme decides the range; the notes' unsigned symmetric grid, which
   * spans every code; a request for the other one is ignored)
   */
  rangeChoice(symmetric: boolean, signed: boolean): 'free' | 'custom' | 'fixed'
  /** the float-offset form y = w·q + b exists only in the notes */
  notesForm: boolean
  /** the reference's rounding of x/scale */
  rounding: RoundingMode
  /** scale and zero point are computed in float32 (and PyTorch also quantizes in float32) */
  float32: boolean
}

export const CONVENTION_FACTS: { readonly [C in Convention]: ConventionFacts & { id: C } } = {
  notes: {
    id: 'notes',
    symmetricOnly: false,
    // the notes' symmetric grid is ±127 (w = a/127, 255 codes); their asymmetric one spans all 2^b codes, and
    // so does the unsigned symmetric one (after a ReLU: [0, T] onto 0 … 2^b − 1, w = T/(2^b − 1)), which has
    // no other range: its code below never narrows it, so a request for the restricted one is reported ignored
    referenceRange: (symmetric, signed) => (symmetric && signed ? 'restricted' : 'full'),
    rangeChoice: (symmetric, signed) => (symmetric && !signed ? 'fixed' : 'free'),
    notesForm: true,
    rounding: 'half-even',
    float32: false,
  },
  pytorch: {
    id: 'pytorch',
    symmetricOnly: false,
    referenceRange: () => 'full',
    rangeChoice: () => 'custom',
    notesForm: false,
    rounding: 'half-even',
    float32: true,
  },
  onnxruntime: {
    id: 'onnxruntime',
    symmetricOnly: false,
    // ORT_SYMMETRIC_RANGE covers 8- and 16-bit types; int4/uint4 keep their full range
    referenceRange: (symmetric, _signed, bits) => (symmetric && bits !== 4 ? 'restricted' : 'full'),
    // the quantizer takes qmin/qmax from get_qmin_qmax_for_qType: the scheme decides, a user cannot
    rangeChoice: () => 'fixed',
    notesForm: false,
    rounding: 'half-even',
    float32: true,
  },
  tensorrt: {
    id: 'tensorrt',
    symmetricOnly: true,
    referenceRange: (_symmetric, signed) => (signed ? 'restricted' : 'full'),
    rangeChoice: () => 'fixed',
    notesForm: false,
    rounding: 'half-even',
    float32: false,
  },
  tvm: {
    id: 'tvm',
    symmetricOnly: true,
    referenceRange: (_symmetric, signed) => (signed ? 'restricted' : 'full'),
    rangeChoice: () => 'fixed',
    notesForm: false,
    rounding: 'half-away',
    float32: false,
  },
}

export interface GridRequest {
  /** symmetric scheme (ignored, i.e. forced true, for tensorrt and tvm) */
  symmetric: boolean
  /** code width 2 … 16 */
  bits: number
  signed: boolean
  /** the integer range; null or absent = the convention's own */
  range?: RangeKind | null
  /** the notes' float-offset form or the zero-point form (only the notes have both; default 'notes') */
  form?: GridForm
  /** rounding of x/scale; null or absent = the convention's own */
  rounding?: RoundingMode | null
}

/** A setting the reference does not have: 'ignored' (the reference's value is used instead) or 'custom'. */
export interface GridAdjustment {
  key: 'scheme' | 'range' | 'round'
  kind: 'ignored' | 'custom'
  /** the value used */
  used: string
}

export interface ConventionGrid extends QParams {
  convention: Convention
  symmetric: boolean
  /** 'notes' = y = w·q + b_f (float offset); 'zp' = x = scale·(q − zp) */
  form: GridForm
  /** the notes' float offset b_f (0 in the zero-point form) */
  offset: number
  /** the real range that maps onto the grid (values outside are clipped) */
  lo: number
  hi: number
  /** what the threshold (symmetric) or the range (asymmetric) is divided by: 127, 127.5, 128, 254, 255, … */
  divisor: number
  range: RangeKind
  rounding: RoundingMode
  /** the reference computes scale and zero point in float32 (and PyTorch quantizes with a float32 product) */
  float32: boolean
  /** the range is zero: the reference's fallback (PyTorch eps, ONNX Runtime 1) or scale 0 (the others) */
  zeroRange: boolean
  /** what the request asked for that the reference does not do */
  adjustments: GridAdjustment[]
}

const f32 = Math.fround

/**
 * The grid a reference system makes from the clipping range [lo, hi] (symmetric schemes use
 * T = max(|lo|, |hi|)). Settings the reference lacks are reported in `adjustments`; for the 'fixed' ones the
 * reference's value is used. The scale may be 0 for a zero range under notes/tensorrt/tvm (they would divide by
 * zero); callers that must quantize anyway substitute their own fallback.
 */
export function conventionGrid(
  convention: Convention,
  lo: number,
  hi: number,
  req: GridRequest,
): ConventionGrid {
  const g = conventionGridUnchecked(convention, lo, hi, req)
  // ranges near ±1.8e308 (or beyond float32 for the conventions that compute in float32) overflow the scale:
  // say so instead of returning a grid with scale ∞ or zero point NaN
  if (!Number.isFinite(g.scale) || !Number.isFinite(g.zeroPoint) || !Number.isFinite(g.offset)) {
    throw new RangeError(
      `conventionGrid: the range is too wide for ${convention}: the scale overflows (${g.scale})`,
    )
  }
  return g
}

function conventionGridUnchecked(
  convention: Convention,
  lo: number,
  hi: number,
  req: GridRequest,
): ConventionGrid {
  const facts = CONVENTION_FACTS[convention] as ConventionFacts | undefined
  if (facts === undefined) throw new TypeError(`unknown convention: ${String(convention)}`)
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new RangeError(`lo and hi must be finite (got ${lo}, ${hi})`)
  if (lo > hi) throw new RangeError(`lo must be <= hi (got ${lo} > ${hi})`)
  const { bits, signed } = req
  qRange(bits) // validates bits
  const adjustments: GridAdjustment[] = []
  let symmetric = req.symmetric
  if (facts.symmetricOnly && !symmetric) {
    symmetric = true
    adjustments.push({ key: 'scheme', kind: 'ignored', used: 'symmetric' })
  }
  const own = facts.referenceRange(symmetric, signed, bits)
  let range: RangeKind = req.range ?? own
  if (range !== own) {
    const choice = facts.rangeChoice(symmetric, signed)
    if (choice === 'fixed') {
      adjustments.push({ key: 'range', kind: 'ignored', used: own })
      range = own
    } else if (choice === 'custom') adjustments.push({ key: 'range', kind: 'custom', used: range })
  }
  // the float-offset form exists only in the notes' asymmetric scheme (the Lab offers it only there)
  const form: GridForm = !symmetric && facts.notesForm ? (req.form ?? 'notes') : 'zp'
  const rounding = req.rounding ?? facts.rounding
  if (rounding !== facts.rounding) adjustments.push({ key: 'round', kind: 'custom', used: rounding })
  const restricted = range === 'restricted'
  const T = Math.max(Math.abs(lo), Math.abs(hi))
  const base = { convention, symmetric, range, rounding, float32: facts.float32, adjustments }

  switch (convention) {
    case 'notes': {
      if (symmetric) {
        if (!signed) {
          // unsigned symmetric (after a ReLU): [0, T] onto [0, q_max]
          const r = qRange(bits, { signed: false })
          const w = T / r.qmax
          return {
            ...base,
            ...r,
            form,
            scale: w,
            zeroPoint: 0,
            offset: 0,
            lo: 0,
            hi: T,
            divisor: r.qmax,
            zeroRange: w === 0,
          }
        }
        const r = qRange(bits, { signed, restricted })
        const divisor = 2 ** (bits - 1) - 1
        const w = T / divisor
        return {
          ...base,
          ...r,
          form,
          scale: w,
          zeroPoint: 0,
          offset: 0,
          lo: -T,
          hi: T,
          divisor,
          zeroRange: w === 0,
        }
      }
      const r = qRange(bits, { signed, restricted })
      const levels = r.qmax - r.qmin
      if (form === 'notes') {
        // calculate_quant_param(with_bias=True): w = (α − β)/levels, b_f = α − w·q_max
        const w = (hi - lo) / levels
        const offset = hi - w * r.qmax
        return {
          ...base,
          ...r,
          form,
          scale: w,
          zeroPoint: 0,
          offset,
          lo,
          hi,
          divisor: levels,
          zeroRange: w === 0,
        }
      }
      // zero-point form (Jacob et al. 2018 §2.1): the range includes 0 so that real 0 is a code
      const rmin = Math.min(lo, 0)
      const rmax = Math.max(hi, 0)
      const scale = (rmax - rmin) / levels
      const zp = scale > 0 ? Math.min(r.qmax, Math.max(r.qmin, roundHalfEven(r.qmin - rmin / scale))) : 0
      return {
        ...base,
        ...r,
        form,
        scale,
        zeroPoint: zp,
        offset: 0,
        lo: rmin,
        hi: rmax,
        divisor: levels,
        zeroRange: scale === 0,
      }
    }
    case 'pytorch': {
      const r = qRange(bits, { signed, restricted })
      // quint8 with its default range puts the symmetric zero point at 128; a custom range (quant_min/quant_max,
      // which any other width or range is) at (qmin + qmax) // 2; signed types at 0
      const custom = bits !== 8 || restricted
      const mid = signed ? null : custom ? Math.floor((r.qmin + r.qmax) / 2) : 128
      const p = pytorchCalculateQParams(
        symmetric ? -T : lo,
        symmetric ? T : hi,
        r.qmin,
        r.qmax,
        symmetric,
        mid,
      )
      // the clipping range as asked (the range always includes 0); the scale is the observer's float32
      const rmin = symmetric ? -T : Math.min(lo, 0)
      const rmax = symmetric ? T : Math.max(hi, 0)
      const divisor = symmetric ? (r.qmax - r.qmin) / 2 : r.qmax - r.qmin
      return {
        ...base,
        ...p,
        form,
        offset: 0,
        lo: rmin,
        hi: rmax,
        divisor,
        zeroRange: Math.max(Math.abs(f32(rmin)), Math.abs(f32(rmax))) === 0,
      }
    }
    case 'onnxruntime': {
      const r = qRange(bits, { signed, restricted })
      const p = computeScaleZpOrt(symmetric ? -T : lo, symmetric ? T : hi, r.qmin, r.qmax, symmetric)
      const rmin = symmetric ? -T : Math.min(lo, 0)
      const rmax = symmetric ? T : Math.max(hi, 0)
      const zeroRange = f32(f32(rmax) - f32(rmin)) / (r.qmax - r.qmin) < FLOAT32_TINY
      // symmetric: ORT divides the range 2T by qmax − qmin (254), i.e. the threshold by 127, which is what
      // `divisor` means there (the Lab's formula writes w = α / divisor)
      const divisor = symmetric ? (r.qmax - r.qmin) / 2 : r.qmax - r.qmin
      return { ...base, ...p, form, offset: 0, lo: rmin, hi: rmax, divisor, zeroRange }
    }
    case 'tensorrt': {
      const r = qRange(bits, { signed, restricted: signed })
      const s = T / r.qmax
      return {
        ...base,
        ...r,
        form,
        scale: s,
        zeroPoint: 0,
        offset: 0,
        lo: signed ? -T : 0,
        hi: T,
        divisor: r.qmax,
        zeroRange: s === 0,
      }
    }
    case 'tvm': {
      const r = qRange(bits, { signed, restricted: signed })
      const divisor = signed ? 2 ** (bits - 1) : 2 ** bits
      const s = T / divisor
      // dom_scale = T/2^(b−1), then clip to ±127: the clipping range is ±T, and T itself saturates at 127
      return {
        ...base,
        ...r,
        form,
        scale: s,
        zeroPoint: 0,
        offset: 0,
        lo: signed ? -T : 0,
        hi: T,
        divisor,
        zeroRange: s === 0,
      }
    }
    default:
      throw new TypeError(`unknown convention: ${String(convention satisfies never)}`)
  }
}

/**
 * The scalar quantizer and dequantizer of a grid: code(x) = clamp(round(x/scale) + zp) (or round((x − b)/w)
 * in the notes' form), value(q) = scale·(q − zp) (or w·q + b). PyTorch's quantize_val multiplies by the float32
 * reciprocal of the float32 scale in float32 and dequantize_val returns a float32, so a PyTorch grid does the
 * same. The grid's scale must be > 0.
 */
export function gridCoder(g: ConventionGrid): { code: (x: number) => number; value: (q: number) => number } {
  const { scale, zeroPoint: zp, offset, qmin, qmax, rounding } = g
  const round = (t: number) => (rounding === 'half-even' ? roundHalfEven(t) : roundWith(t, rounding))
  const clamp = (c: number) => (c < qmin ? qmin : c > qmax ? qmax : c)
  if (g.form === 'notes')
    return { code: (x) => clamp(round((x - offset) / scale)), value: (q) => scale * q + offset }
  if (g.convention === 'pytorch') {
    const inv = f32(1 / f32(scale))
    return { code: (x) => clamp(zp + round(f32(f32(x) * inv))), value: (q) => f32(scale * (q - zp)) }
  }
  return { code: (x) => clamp(round(x / scale) + zp), value: (q) => scale * (q - zp) }
}

/**
 * gridCoder(g).code for x[start … end), each code stored as code − qmin in out[i]: the same arithmetic as
 * gridCoder's closures (one loop per form, tested against them), for the Lab's pass over every value. Called
 * through a closure per value, V8 hands each double over as a heap number: at N = 10⁷ about 120 young-
 * generation collections per quantization, ~90 ms of a worker's time in Chromium.
 */
export function codesInto(
  g: ConventionGrid,
  x: ArrayLike<number>,
  start: number,
  end: number,
  out: Uint16Array | Int32Array,
): void {
  const { scale, zeroPoint: zp, offset, qmin, qmax, rounding } = g
  const even = rounding === 'half-even'
  if (g.form === 'notes') {
    for (let i = start; i < end; i++) {
      const t = (x[i] - offset) / scale
      const r = even ? roundHalfEven(t) : roundWith(t, rounding)
      out[i] = (r < qmin ? qmin : r > qmax ? qmax : r) - qmin
    }
  } else if (g.convention === 'pytorch') {
    const inv = f32(1 / f32(scale))
    for (let i = start; i < end; i++) {
      const t = f32(f32(x[i]) * inv)
      const c = zp + (even ? roundHalfEven(t) : roundWith(t, rounding))
      out[i] = (c < qmin ? qmin : c > qmax ? qmax : c) - qmin
    }
  } else {
    for (let i = start; i < end; i++) {
      const t = x[i] / scale
      const c = (even ? roundHalfEven(t) : roundWith(t, rounding)) + zp
      out[i] = (c < qmin ? qmin : c > qmax ? qmax : c) - qmin
    }
  }
}

export interface ConventionOptions {
  /** symmetric (no zero point); tensorrt and tvm are always symmetric. Default true. */
  symmetric?: boolean
  /** code width, 2 … 16 (default 8) */
  bits?: number
  /** signed codes (default true) */
  signed?: boolean
  /** for symmetric schemes: clip at this threshold T instead of max(|min|, |max|) */
  threshold?: number
}

export interface ConventionQParams extends QParams {
  convention: Convention
  symmetric: boolean
  bits: number
  signed: boolean
  /** what the threshold (symmetric) or the range (asymmetric) is divided by to get the scale: 127, 127.5, 128, 255, … */
  divisor: number
  /** the notes' float offset b (real = scale·q + offset); for the others −scale·zeroPoint */
  offset: number
  /** true when the range is zero and the system's fallback was used (or scale is 0: notes/tensorrt/tvm) */
  zeroRange: boolean
}

/**
 * How each system turns the same data range into (scale, zero point) with its own settings: conventionGrid
 * with each reference's range, except that the notes' symmetric grid is shown on the full [−2^(b−1), 2^(b−1) − 1]
 * their quant_tensor clips to. The notes' asymmetric offset b is also reported in the integer form
 * zeroPoint = −round(b/w). A zero range gives scale 0 for notes/tensorrt/tvm and the documented fallbacks for
 * pytorch (eps) and onnxruntime (1).
 */
export function conventionQParams(
  input: ArrayLike<number> | { min: number; max: number },
  convention: Convention,
  opts: ConventionOptions = {},
): ConventionQParams {
  const p = conventionQParamsUnchecked(input, convention, opts)
  // ranges near ±1.8e308 (or beyond float32 for the conventions that compute in float32) overflow the scale:
  // say so instead of returning scale ∞ and zero point NaN
  if (!Number.isFinite(p.scale) || !Number.isFinite(p.zeroPoint) || !Number.isFinite(p.offset)) {
    throw new RangeError(
      `conventionQParams: the range is too wide for ${convention}: the scale overflows (${p.scale})`,
    )
  }
  return p
}

function conventionQParamsUnchecked(
  input: ArrayLike<number> | { min: number; max: number },
  convention: Convention,
  opts: ConventionOptions,
): ConventionQParams {
  let min: number
  let max: number
  if (input != null && typeof (input as ArrayLike<number>).length === 'number') {
    const x = input as ArrayLike<number>
    assertNonEmpty(x, 'x')
    assertAllFinite(x, 'x')
    ;({ min, max } = minMaxOf(x))
  } else if (input != null && typeof input === 'object') {
    const r = input as { min: number; max: number }
    min = r.min
    max = r.max
    if (!Number.isFinite(min) || !Number.isFinite(max))
      throw new RangeError(`min and max must be finite (got ${min}, ${max})`)
    if (min > max) throw new RangeError(`min must be <= max (got ${min} > ${max})`)
  } else {
    throw new TypeError('input must be an array of numbers or {min, max}')
  }
  if (!(convention in CONVENTION_FACTS)) throw new TypeError(`unknown convention: ${String(convention)}`)
  const bits = opts.bits ?? 8
  const signed = opts.signed ?? true
  qRange(bits) // validates bits
  const symmetric = (opts.symmetric ?? true) || CONVENTION_FACTS[convention].symmetricOnly
  if (opts.threshold !== undefined) {
    if (!Number.isFinite(opts.threshold) || opts.threshold < 0)
      throw new RangeError(`threshold must be >= 0 (got ${opts.threshold})`)
    if (!symmetric) throw new RangeError('threshold applies to symmetric schemes only')
    min = -opts.threshold
    max = opts.threshold
  }
  const g = conventionGrid(convention, min, max, {
    symmetric,
    bits,
    signed,
    range: convention === 'notes' ? 'full' : null,
  })
  const notesAsym = g.form === 'notes'
  const zp = notesAsym ? (g.scale > 0 ? -roundHalfEven(g.offset / g.scale) : 0) : g.zeroPoint
  return {
    convention,
    symmetric: g.symmetric,
    bits,
    signed,
    scale: g.scale,
    zeroPoint: zp === 0 ? 0 : zp,
    qmin: g.qmin,
    qmax: g.qmax,
    divisor: g.divisor,
    offset: notesAsym ? g.offset : g.zeroPoint === 0 ? 0 : -g.scale * g.zeroPoint,
    zeroRange: g.zeroRange,
  }
}

/** The smallest and largest value of a non-empty array in one pass (NaN-free input). */
export function minMaxOf(x: ArrayLike<number>, from = 0, to = x.length): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (let i = from; i < to; i++) {
    const v = x[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  return { min, max }
}

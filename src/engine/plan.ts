/**
 * From a clipping range to the integer grid: how each convention turns the same range into scale and zero
 * point (reference-algorithms.md §2.2 and §6.6/§7.1), for any bit width, signedness and range.
 *
 * - notes: symmetric w = α / (2^(b−1) − 1) and clip to the full range (the notes' quant_tensor clips to
 *   [−128, 127]); asymmetric y = w·x_q + b_f with w = (α − β)/(2^b − 1), b_f = α − w·q_max.
 * - tensorrt: symmetric only, T / 127 onto [−127, 127] (GTC 2017 slides).
 * - pytorch: symmetric divides by (q_max − q_min)/2 = 127.5 over [−128, 127]; affine includes 0 in the
 *   range, zp = q_min − round(min/scale) clamped (torch/ao/quantization/observer.py _calculate_qparams).
 * - onnxruntime: symmetric int8 uses [−127, 127] so 2T/254 = T/127; affine zp = round(q_min − r_min/scale)
 *   (onnxruntime quant_utils.py compute_scale_zp).
 * - tvm: dom_scale = T / 2^(b−1) (= T/128) then clip to ±127, so T itself saturates (tvm _calibrate.py).
 */
import { roundHalfEven } from '../core'
import type { LabParams } from '../state/labParams'

export type Convention = LabParams['conv']

export interface QuantPlan {
  convention: Convention
  symmetric: boolean
  /** 'notes' = y = w·q + b_f (float offset); 'zp' = x = scale·(q − zp) */
  form: 'notes' | 'zp'
  scale: number
  zeroPoint: number
  /** the notes' float offset b_f (0 unless asymmetric in the notes' form) */
  offset: number
  qmin: number
  qmax: number
  /** the real range that maps onto the grid (values outside are clipped) */
  lo: number
  hi: number
  /** the divisor of the symmetric scale (127, 127.5, 128, …) or the level count of the asymmetric one */
  divisor: number
}

export interface GridSpec {
  bits: number
  unsigned: boolean
  range: 'full' | 'restricted'
  scheme: 'symmetric' | 'asymmetric'
  form: 'notes' | 'zp'
  conv: Convention
}

/** Conventions that only know symmetric quantization. */
export function symmetricOnly(conv: Convention): boolean {
  return conv === 'tensorrt' || conv === 'tvm'
}

/** The integer range for a bit width: full [−2^(b−1), 2^(b−1)−1] or restricted [−(2^(b−1)−1), …]. */
export function intRange(
  bits: number,
  unsigned: boolean,
  restricted: boolean,
): { qmin: number; qmax: number } {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16)
    throw new RangeError(`bits must be an integer from 2 to 16 (got ${bits})`)
  if (unsigned) return { qmin: 0, qmax: 2 ** bits - 1 }
  const h = 2 ** (bits - 1)
  return { qmin: restricted ? -(h - 1) : -h, qmax: h - 1 }
}

/**
 * Plan the grid for a clipping range [lo, hi] (symmetric schemes use T = max(|lo|, |hi|)).
 * A zero range (constant zero tensor) gets scale 1 and zero point 0, as ONNX Runtime does, and is reported
 * by the caller; the scale is never 0, NaN or infinite.
 */
export function planGrid(spec: GridSpec, lo: number, hi: number): QuantPlan {
  const conv = spec.conv
  const symmetric = spec.scheme === 'symmetric' || symmetricOnly(conv)
  let restricted = spec.range === 'restricted'
  if (conv === 'tensorrt' || conv === 'tvm') restricted = true
  if (conv === 'pytorch' && symmetric) restricted = false
  const { qmin, qmax } = intRange(spec.bits, spec.unsigned, restricted)
  const safe = (s: number) => (Number.isFinite(s) && s > 0 ? s : 1)

  if (symmetric) {
    const T = Math.max(Math.abs(lo), Math.abs(hi))
    if (spec.unsigned) {
      if (conv === 'pytorch' || conv === 'onnxruntime') {
        // quint8 symmetric keeps negative values: PyTorch scale = T/((q_max − q_min)/2) = T/127.5 with zp 128
        // (observer.py _calculate_qparams); ONNX Runtime's symmetric UINT8 table is (0, 254): 2T/254, zp 127
        // (quant_utils.py compute_scale_zp)
        const top = conv === 'onnxruntime' ? qmax - 1 : qmax
        const divisor = (top - qmin) / 2
        const scale = safe(T / divisor)
        const zeroPoint = conv === 'pytorch' ? (qmin + qmax + 1) / 2 : roundHalfEven((qmin + top) / 2)
        return {
          convention: conv,
          symmetric,
          form: 'zp',
          scale,
          zeroPoint,
          offset: 0,
          qmin,
          qmax: top,
          lo: -T,
          hi: T,
          divisor,
        }
      }
      // unsigned symmetric (activations after ReLU, as the notes and TensorRT treat them): [0, T] onto [0, q_max]
      const divisor = qmax
      const scale = safe(T / divisor)
      return {
        convention: conv,
        symmetric,
        form: 'zp',
        scale,
        zeroPoint: 0,
        offset: 0,
        qmin,
        qmax,
        lo: 0,
        hi: T,
        divisor,
      }
    }
    const h = 2 ** (spec.bits - 1)
    const divisor = conv === 'pytorch' ? (qmax - qmin) / 2 : conv === 'tvm' ? h : h - 1
    const scale = safe(T / divisor)
    return {
      convention: conv,
      symmetric,
      form: 'zp',
      scale,
      zeroPoint: 0,
      offset: 0,
      qmin,
      qmax,
      lo: -T,
      hi: T,
      divisor,
    }
  }

  if (conv === 'notes' && spec.form === 'notes') {
    // the notes spread [β, α] over every step of the grid: 255 steps for [−128, 127], 254 for [−127, 127]
    const levels = qmax - qmin
    const w = safe((hi - lo) / levels)
    const offset = hi - w * qmax
    return {
      convention: conv,
      symmetric,
      form: 'notes',
      scale: w,
      zeroPoint: 0,
      offset,
      qmin,
      qmax,
      lo,
      hi,
      divisor: levels,
    }
  }
  // zero-point form: the range always includes 0 so that real 0 is exact and the zero point is a code
  // (Jacob et al. 2018 §2.1; PyTorch and ONNX Runtime do the same)
  const rmin = Math.min(lo, 0)
  const rmax = Math.max(hi, 0)
  const divisor = qmax - qmin
  const scale = safe((rmax - rmin) / divisor)
  let zeroPoint = conv === 'pytorch' ? qmin - roundHalfEven(rmin / scale) : roundHalfEven(qmin - rmin / scale)
  zeroPoint = Math.min(qmax, Math.max(qmin, zeroPoint))
  return {
    convention: conv,
    symmetric,
    form: 'zp',
    scale,
    zeroPoint,
    offset: 0,
    qmin,
    qmax,
    lo: rmin,
    hi: rmax,
    divisor,
  }
}

/** Real value of code q under a plan. */
export function dequantCode(p: QuantPlan, q: number): number {
  return p.form === 'notes' ? p.scale * q + p.offset : p.scale * (q - p.zeroPoint)
}

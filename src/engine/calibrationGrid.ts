/**
 * The grid the Lab's KL and MSE calibrators choose a threshold for: the grid its settings quantize onto, not
 * always int8. A 4-bit grid (bits=4, or FP4, NF4, MXFP4) calibrated as if it had 8 bits keeps the threshold
 * that suits 128 levels; with 8 levels the best threshold clips far more (pytorch-quantization calibrates with
 * its quantizer's `num_bits` and `unsigned`: pytorch_quantization/calib/histogram.py, `compute_amax`).
 * Pure: no DOM, no React, no app state.
 */
import type { CalibrationGrid } from '../registry/calibrators'
import type { LabFormat } from '../registry/formats'
import { labGridSpec, planGrid, type Convention, type GridSpec } from './plan'

/** Whether the settings quantize symmetrically (TensorRT and TVM only know the symmetric scheme). */
export function isSymmetric(q: { scheme: 'symmetric' | 'asymmetric'; conv: Convention }): boolean {
  return q.scheme === 'symmetric' || q.conv === 'tensorrt' || q.conv === 'tvm'
}

export type CalibrationGridSettings = GridSpec & { fmt: LabFormat }

/** Whether data spanning [min, max] lie on one side of 0: an asymmetric grid then spends every code on that side. */
export function oneSigned(data: { min: number; max: number }): boolean {
  return data.min >= 0 || data.max <= 0
}

/**
 * The calibration grid of the Lab's settings for data spanning [min, max]:
 * - its width is the element's (a number format's own: FP8 8 bits, FP4 and NF4 4; else the `bits` setting),
 *   the integer grid of that width standing in for the format's levels; a number format is signed, ±T, whatever
 *   the unsigned and scheme settings say (the controls disable them there);
 * - a symmetric grid is unsigned when it maps [0, T] onto 0 … 2^b − 1 (the notes', TensorRT's and TVM's unsigned
 *   grid, after a ReLU) and the data are ≥ 0, as TVM's calibration takes its uint8 rule only for min(x) ≥ 0 and
 *   pytorch-quantization's unsigned quantizer refuses negative inputs; PyTorch's and ONNX Runtime's unsigned
 *   symmetric grids centre ±T on a middle code, with the signed grid's levels per side;
 * - an asymmetric grid spends all 2^b codes on its clipping range, which for data of one sign is [0, T] or
 *   [−T, 0] at most: the unsigned grid's levels over the |x| histogram. For data of both signs T bounds both
 *   sides, and the signed grid's 2^(b−1) levels per side stand in for it (the grid's split between the sides
 *   follows the data, which one threshold on |x| cannot follow).
 */
export function calibrationGridOf(
  q: CalibrationGridSettings,
  data: { min: number; max: number },
): CalibrationGrid {
  const spec = labGridSpec(q)
  if (q.fmt !== 'int') return { numBits: spec.bits, unsigned: false }
  if (!isSymmetric(q)) return { numBits: spec.bits, unsigned: oneSigned(data) }
  const unit = planGrid(spec, -1, 1)
  return { numBits: spec.bits, unsigned: unit.lo === 0 && data.min >= 0 }
}

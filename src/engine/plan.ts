/**
 * From a clipping range to the integer grid for the Lab, the add/dense views and the tutorial widgets. The
 * numbers come from the core's conventionGrid (src/core/conventions.ts), the golden-tested functions of each
 * reference system (docs/reference-algorithms.md §2); this module only adds the Lab's fallback for a grid
 * that cannot be made (a zero range) and the per-element coder.
 */
import {
  CONVENTION_FACTS,
  conventionGrid,
  gridCoder,
  type Convention,
  type ConventionGrid,
  type GridForm,
  type RangeKind,
  type RoundingMode,
} from '../core'

export type { Convention }

/** The grid the Lab quantizes with: the reference's grid (scale never 0, NaN or infinite). */
export type QuantPlan = ConventionGrid

export interface GridSpec {
  bits: number
  unsigned: boolean
  /** null = the convention's own */
  range: RangeKind | null
  scheme: 'symmetric' | 'asymmetric'
  form: GridForm
  conv: Convention
  /** null or absent = the convention's own */
  round?: RoundingMode | null
}

/** Conventions that only know symmetric quantization. */
export function symmetricOnly(conv: Convention): boolean {
  return CONVENTION_FACTS[conv].symmetricOnly
}

/**
 * Plan the grid for a clipping range [lo, hi] (symmetric schemes use T = max(|lo|, |hi|)).
 * A zero range (constant zero tensor) gets scale 1 and zero point 0, as ONNX Runtime does, and is reported
 * by the caller; the scale is never 0, NaN or infinite.
 */
export function planGrid(spec: GridSpec, lo: number, hi: number): QuantPlan {
  const g = conventionGrid(spec.conv, lo, hi, {
    symmetric: spec.scheme === 'symmetric',
    bits: spec.bits,
    signed: !spec.unsigned,
    range: spec.range,
    form: spec.form,
    rounding: spec.round ?? null,
  })
  if (Number.isFinite(g.scale) && g.scale > 0) return g
  return { ...g, scale: 1, offset: g.form === 'notes' ? hi - g.qmax : 0 }
}

export { gridCoder }

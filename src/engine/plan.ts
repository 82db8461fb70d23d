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
import { elementBits, type LabFormat } from '../registry/formats'
import { usesFormatPath, type FormatSettings } from './formatQuant'

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

/**
 * The grid spec of the Lab's settings: a number format of its own width (FP8 E4M3 and MXFP8 are 8 bits, FP4,
 * NF4 and MXFP4 4) fixes the bits, whatever the `bits` setting still holds from the integer grid (a link may
 * say `fmt=e4m3&bits=4`); the integer grid takes the setting. The engine plans every Lab grid with it, and the
 * controls and the live plan read their grids from it, so the bits field, the range switch's codes and the
 * engine's plan name one width.
 */
export function labGridSpec<Q extends GridSpec & { fmt: LabFormat }>(q: Q): Q {
  const bits = elementBits(q.fmt, q.bits)
  return bits === q.bits ? q : { ...q, bits }
}

/**
 * The grid the Lab's engine plans for its settings: planGrid(labGridSpec(q), lo, hi). Under a number format or
 * group-wise scales (usesFormatPath) the format sets its own scale in float64 (T / its largest value, or each
 * channel's, group's or block's own: formatQuant.ts), and this grid only carries the clipping range to it; a
 * convention that computes its scale in float32 (PyTorch, ONNX Runtime) and overflows there has no part in the
 * format's numbers, so the range is planned in float64 (the notes' arithmetic) instead of refused. The integer
 * grid's own refusal stays (the engine words it: EngineError 'float32').
 */
export function labPlan(
  q: GridSpec & { fmt: LabFormat; gran: FormatSettings['gran'] },
  lo: number,
  hi: number,
): QuantPlan {
  const spec = labGridSpec(q)
  try {
    return planGrid(spec, lo, hi)
  } catch (e) {
    if (
      !(e instanceof RangeError) ||
      !usesFormatPath(q) ||
      !CONVENTION_FACTS[spec.conv].float32 ||
      !/float32/.test(e.message)
    )
      throw e
    return planGrid({ ...spec, conv: 'notes' }, lo, hi)
  }
}

/** Conventions that only know symmetric quantization. */
export function symmetricOnly(conv: Convention): boolean {
  return CONVENTION_FACTS[conv].symmetricOnly
}

/**
 * Plan the grid for a clipping range [lo, hi] (symmetric schemes use T = max(|lo|, |hi|)).
 * A zero range (constant zero tensor, or a threshold of 0) gets scale 1 and zero point 0, as ONNX Runtime
 * does, and is reported by the caller; the scale is never 0, NaN or infinite. A grid that falls back (here or
 * in the reference's own code) reports as its [lo, hi] the range its scale covers, not the empty one asked.
 */
export function planGrid(spec: GridSpec, lo: number, hi: number): QuantPlan {
  const req = {
    symmetric: spec.scheme === 'symmetric',
    bits: spec.bits,
    signed: !spec.unsigned,
    range: spec.range,
    form: spec.form,
    rounding: spec.round ?? null,
  }
  const g = conventionGrid(spec.conv, lo, hi, req)
  if (g.scale > 0 && !g.zeroRange) return g
  const used = g.scale > 0 ? g : { ...g, scale: 1, offset: g.form === 'notes' ? hi - g.qmax : 0 }
  // the fallback grid does not span [lo, hi] (a point): its clipping range is the one its scale stands for, so
  // that the clipped count, the error split and the grid's description are of the grid the values land on
  if (used.symmetric) {
    const T = used.scale * used.divisor
    const own = conventionGrid(spec.conv, -T, T, req)
    return { ...used, lo: own.lo, hi: own.hi }
  }
  const { value } = gridCoder(used)
  return { ...used, lo: value(used.qmin), hi: value(used.qmax) }
}

export { gridCoder }

/**
 * The KL microscope's candidate across curves. The candidate is an index into the KL curve; a new curve (another
 * variant, or a grid of another width, whose candidates start elsewhere) would put the same index on another
 * threshold, so the microscope follows the threshold instead: the new curve's candidate nearest to it.
 */
import type { CurveResult } from '../core'
import type { CalibrationGrid } from '../registry/calibrators'
import { INT8_GRID } from '../registry/calibrators'

/** Index of the candidate whose threshold is nearest to x. */
export function nearestCandidate(c: CurveResult, x: number): number {
  let best = 0
  for (let k = 1; k < c.thresholds.length; k++)
    if (Math.abs(c.thresholds[k] - x) < Math.abs(c.thresholds[best] - x)) best = k
  return best
}

/** The candidate on `next` that stands where `candidate` stood on `prev` (null: none chosen, or no curve). */
export function followCandidate(
  candidate: number | null,
  prev: CurveResult | null,
  next: CurveResult | null,
): number | null {
  if (candidate === null || !prev || !next || next.thresholds.length === 0) return null
  if (candidate >= prev.thresholds.length) return null
  return nearestCandidate(next, prev.thresholds[candidate])
}

/** The grid each KL curve was computed for (the microscope opens its candidates on the same grid). */
const curveGrids = new WeakMap<CurveResult, CalibrationGrid>()

export function noteCurveGrid(c: CurveResult | null, grid: CalibrationGrid): void {
  if (c) curveGrids.set(c, grid)
}

/** The grid a curve was computed for: int8 for a curve the Lab did not fetch itself (the tutorial's, a test's). */
export function gridOfCurve(c: CurveResult): CalibrationGrid {
  return curveGrids.get(c) ?? INT8_GRID
}

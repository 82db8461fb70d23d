/**
 * The grid the Lab's KL and MSE curves are computed for (engine/calibrationGrid.ts): the settings' element width
 * and the grid's signedness on the current tensor. The curves, the microscope and the result all read it, so
 * that the curve a threshold is the minimum of is the curve the charts draw.
 */
import { calibrationGridOf } from '../engine/calibrationGrid'
import type { SourceSummary } from '../engine/labEngine'
import type { LabParams } from '../state/labParams'
import type { CalibrationGrid } from '../registry/calibrators'
import { useLab } from './labStore'

/** The calibration grid of these settings on this tensor (int8 before a tensor is there). */
export function calibrationGridFor(p: LabParams, summary: SourceSummary | null): CalibrationGrid {
  return calibrationGridOf(p, summary ? summary.stats : { min: 0, max: 0 })
}

/** The grid's two fields, for effects that fetch a curve when they change. */
export function useCalibrationGrid(): CalibrationGrid {
  const numBits = useLab((s) => calibrationGridFor(s.params, s.summary).numBits)
  const unsigned = useLab((s) => calibrationGridFor(s.params, s.summary).unsigned)
  return { numBits, unsigned }
}

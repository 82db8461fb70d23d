/**
 * The grid the Lab's KL and MSE curves are computed for (engine/calibrationGrid.ts): the settings' element width
 * and the grid's signedness on the current tensor. The curves, the microscope and the result all read it, so
 * that the curve a threshold is the minimum of is the curve the charts draw.
 */
import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { calibrationGridOf } from '../engine/calibrationGrid'
import type { CalibrationGrid } from '../registry/calibrators'
import { useLab } from './labStore'

/**
 * The current grid, for effects that fetch a curve when its fields change. The store changes on every step of a
 * threshold drag: the selector only picks the fields the grid depends on, and the grid is planned when they change.
 */
export function useCalibrationGrid(): CalibrationGrid {
  const inputs = useLab(
    useShallow((s) => ({
      scheme: s.params.scheme,
      conv: s.params.conv,
      bits: s.params.bits,
      unsigned: s.params.unsigned,
      range: s.params.range,
      form: s.params.form,
      round: s.params.round,
      fmt: s.params.fmt,
      min: s.summary ? s.summary.stats.min : 0,
      max: s.summary ? s.summary.stats.max : 0,
    })),
  )
  return useMemo(() => calibrationGridOf(inputs, inputs), [inputs])
}

import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { clipForThreshold } from '../engine/labEngine'
import { planGrid, type QuantPlan } from '../engine/plan'
import { useLab } from './labStore'
import { quantSettingsOf } from './useLabCompute'
import { useDeferredResult } from './useDeferredResult'

/**
 * The grid for the current settings, at once. While the user drags the threshold, the scale, zero point and
 * clipping range follow the pointer in the same frame (they need no pass over the data); the metrics and
 * histograms follow when the engine's result arrives.
 */
export function useLivePlan(): QuantPlan | null {
  const result = useDeferredResult()
  // the quantization settings alone (a shallow-equal copy keeps its identity): a new n or seed does not
  // re-render the panels that read the plan before their new result arrives
  const q = useLab(useShallow((s) => quantSettingsOf(s.params)))
  const stats = useLab((s) => s.summary?.stats)
  return useMemo(() => {
    if (!result) return null
    if (q.calib !== 'manual' || q.t === null || !stats || result.zeroRange) return result.plan
    const [lo, hi] = clipForThreshold(q, stats, q.t)
    return planGrid(q, lo, hi)
  }, [result, q, stats])
}

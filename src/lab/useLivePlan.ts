import { useMemo } from 'react'
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
  const params = useLab((s) => s.params)
  const stats = useLab((s) => s.summary?.stats)
  return useMemo(() => {
    if (!result) return null
    if (params.calib !== 'manual' || params.t === null || !stats || result.zeroRange) return result.plan
    const q = quantSettingsOf(params)
    const [lo, hi] = clipForThreshold(q, stats, params.t)
    return planGrid(q, lo, hi)
  }, [result, params, stats])
}

import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { clipForThreshold } from '../engine/labEngine'
import { labPlan, type QuantPlan } from '../engine/plan'
import { formatClip } from '../engine/formatQuant'
import { useLab } from './labStore'
import { quantSettingsOf } from './useLabCompute'
import { useDeferredResult, useDeferredSummary } from './useDeferredResult'

/**
 * The grid for the current settings, at once. While the user drags the threshold, the scale, zero point and
 * clipping range follow the pointer in the same frame (they need no pass over the data); the metrics and
 * histograms follow when the engine's result arrives.
 */
export function useLivePlan(): QuantPlan | null {
  const result = useDeferredResult()
  // the quantization settings alone (a shallow-equal copy keeps its identity), and the tensor's statistics as
  // the panels draw it (in a transition): a new n or seed re-renders the panels that read the plan only when
  // the new tensor reaches them, never in the task that applied the new link or stored the new tensor
  const q = useLab(useShallow((s) => quantSettingsOf(s.params)))
  const stats = useDeferredSummary()?.stats
  return useMemo(() => {
    if (!result) return null
    if (q.calib !== 'manual' || q.t === null || !stats || result.zeroRange) return result.plan
    const [lo, hi] = clipForThreshold(q, stats, q.t)
    return labPlan(q, lo, hi)
  }, [result, q, stats])
}

/**
 * Under a number format with one scale for the tensor, the range the format clips at, following a dragged
 * threshold at once like the plan: formatClip of T = max(|lo|, |hi|) of the clipping range, the T the engine passes
 * the format (so ±T, also when an asymmetric scheme's range [lo, hi] is not symmetric). Null when the result is the
 * integer grid's (it clips at the plan's range) or each channel's, group's or block's own scale's.
 */
export function useLiveFormatClip(): [number, number] | null {
  const result = useDeferredResult()
  const q = useLab(useShallow((s) => quantSettingsOf(s.params)))
  const stats = useDeferredSummary()?.stats
  return useMemo(() => {
    const f = result?.format
    if (!result || !f || f.granularity !== 'tensor') return null
    if (q.calib !== 'manual' || q.t === null || !stats || result.zeroRange)
      return formatClip(f.fmt, result.threshold)
    const [lo, hi] = clipForThreshold(q, stats, q.t)
    return formatClip(f.fmt, Math.max(Math.abs(lo), Math.abs(hi)))
  }, [result, q, stats])
}

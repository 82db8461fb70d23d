import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { clipForThreshold } from '../engine/labEngine'
import { labPlan, type QuantPlan } from '../engine/plan'
import { formatClip } from '../engine/formatQuant'
import { useLab } from './labStore'
import { quantSettingsOf } from './useLabCompute'
import { useDeferredResult, useDeferredSummary } from './useDeferredResult'

/** The grid for the current settings, and the range a number format clips at, as `useLiveGrid` gives them. */
export interface LiveGrid {
  /** the integer grid's plan: scale, zero point and clipping range [lo, hi] */
  plan: QuantPlan
  /**
   * Under a number format with one scale for the tensor, the range the format clips at: formatClip of
   * T = max(|lo|, |hi|) of the clipping range, the T the engine passes the format (so ±T, also when an
   * asymmetric scheme's range [lo, hi] is not symmetric). Null when the result is the integer grid's (it clips
   * at the plan's range) or each channel's, group's or block's own scale's.
   */
  formatRange: [number, number] | null
}

/**
 * The grid for the current settings, at once, and the range a number format with one scale for the tensor clips
 * at. While the user drags the threshold, the histogram's clipped regions follow the pointer in the same frame
 * (the clipping range needs no pass over the data); the metrics, the summary's grid and the histograms follow
 * when the engine's result arrives. Null until the engine's first result.
 */
export function useLiveGrid(): LiveGrid | null {
  const result = useDeferredResult()
  // the quantization settings alone (a shallow-equal copy keeps its identity), and the tensor's statistics as
  // the panels draw it (in a transition): a new n or seed re-renders the panels that read the plan only when
  // the new tensor reaches them, never in the task that applied the new link or stored the new tensor
  const q = useLab(useShallow((s) => quantSettingsOf(s.params)))
  const stats = useDeferredSummary()?.stats
  return useMemo(() => {
    if (!result) return null
    const f = result.format?.granularity === 'tensor' ? result.format : null
    if (q.calib !== 'manual' || q.t === null || !stats || result.zeroRange)
      return { plan: result.plan, formatRange: f && formatClip(f.fmt, result.threshold) }
    // the manual threshold's clipping range, worked out once for the plan and the format
    const [lo, hi] = clipForThreshold(q, stats, q.t)
    return {
      plan: labPlan(q, lo, hi),
      formatRange: f && formatClip(f.fmt, Math.max(Math.abs(lo), Math.abs(hi))),
    }
  }, [result, q, stats])
}

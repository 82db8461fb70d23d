import { useDeferredValue } from 'react'
import { useLab } from './labStore'

/**
 * The engine's latest result for panels that need not follow a drag frame by frame (formulas, curves,
 * grid, error): React renders them in the background and drops stale renders, so they never hold up the
 * threshold handle, the clipping region and the key numbers, which update in the same frame as the input.
 */
export function useDeferredResult() {
  return useDeferredValue(useLab((s) => s.result))
}

/**
 * The tensor's summary for the panels that draw it (histograms, summary strip, formats): a new tensor's
 * panels are rendered in the background like a new result, in slices the page can interrupt, instead of in
 * one task (at N = 10⁶ mounting every panel at once took a quarter of a second).
 */
export function useDeferredSummary() {
  return useDeferredValue(useLab((s) => s.summary))
}

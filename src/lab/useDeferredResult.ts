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

import { startTransition, useEffect, useRef, useState } from 'react'
import { useLab, type LabState } from './labStore'

/**
 * A slice of the Lab's store that reaches its component only in a transition: a store subscriber sets React
 * state inside startTransition, so a change is rendered in React's background lane, in slices the page can
 * interrupt, and never in the task that changed the store. useDeferredValue over the store's hook did not do
 * that: a store update cannot be a transition, so every subscriber was first rendered at once with its old
 * value, ~5 ms of each engine result's message task during a drag at N = 10⁵ (issue 17's input budget).
 * All subscribers set their state in the same notification, so they render in the same transition. `pick` must
 * be a stable function (defined once, outside the component).
 */
export function useTransitionSlice<T>(pick: (s: LabState) => T): T {
  const [value, setValue] = useState(() => pick(useLab.getState()))
  const last = useRef(value)
  useEffect(() => {
    const sync = () => {
      const v = pick(useLab.getState())
      if (Object.is(v, last.current)) return
      last.current = v
      startTransition(() => setValue(v))
    }
    // a change between this component's render and this effect
    sync()
    return useLab.subscribe(sync)
  }, [pick])
  return value
}

const pickResult = (s: LabState) => s.result
const pickSummary = (s: LabState) => s.summary
/** slices the curve and per-channel panels take through useTransitionSlice (stable functions, as it needs) */
export const pickEntropy = (s: LabState) => s.entropy
export const pickEntropyAll = (s: LabState) => s.entropyAll
export const pickMse = (s: LabState) => s.mse
export const pickChannelView = (s: LabState) => s.channelView

/**
 * The engine's latest result for panels that need not follow a drag frame by frame (formulas, curves,
 * grid, error): React renders them in the background and drops stale renders, so they never hold up the
 * threshold handle and the clipping region, which update in the same frame as the input.
 */
export function useDeferredResult() {
  return useTransitionSlice(pickResult)
}

/**
 * The tensor's summary for the panels that draw it (histograms, summary strip, formats): a new tensor's
 * panels are rendered in the background like a new result, in slices the page can interrupt, instead of in
 * one task (at N = 10⁶ mounting every panel at once took a quarter of a second).
 */
export function useDeferredSummary() {
  return useTransitionSlice(pickSummary)
}

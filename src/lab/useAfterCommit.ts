import { startTransition, useEffect, useState } from 'react'

/**
 * `value`, one render later: once the render that brought a new `value` has been committed (and so can be
 * painted), a background render (a transition) hands it on. For panels that should not hold up the figure
 * beside them. Why not useDeferredValue: inside a transition it does not defer, and results arrive in one
 * (`useCoalesced`), so the confusion matrix and the misclassified images were rendered and committed in the
 * same render as the accuracy they sit under.
 */
export function useAfterCommit<T>(value: T): T {
  const [shown, setShown] = useState(value)
  useEffect(() => {
    if (Object.is(value, shown)) return
    // a task of its own: the passive effects of a transition's commit may run before the browser paints
    const timer = setTimeout(() => startTransition(() => setShown(value)), 0)
    return () => clearTimeout(timer)
  }, [value, shown])
  return shown
}

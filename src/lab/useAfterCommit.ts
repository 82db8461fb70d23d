import { startTransition, useEffect, useState } from 'react'

/**
 * `value`, one render later: once the render that brought a new `value` has been committed, a task of its own
 * hands it on in a background render (a transition, which yields to the browser every few milliseconds, so
 * the figure is usually painted before these panels are done). For panels that should not hold up the figure
 * beside them. Why not useDeferredValue: inside a transition it does not defer, and results arrive in one
 * (`useCoalesced`), so the confusion matrix and the misclassified images were rendered and committed in the
 * same render as the accuracy they sit under.
 */
export function useAfterCommit<T>(value: T): T {
  const [shown, setShown] = useState(value)
  useEffect(() => {
    if (Object.is(value, shown)) return
    // a task of its own, not this effect: a transition's passive effects may run before the browser paints
    const timer = setTimeout(() => startTransition(() => setShown(value)), 0)
    return () => clearTimeout(timer)
  }, [value, shown])
  return shown
}

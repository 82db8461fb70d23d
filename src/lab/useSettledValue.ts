import { startTransition, useEffect, useRef, useState } from 'react'

/**
 * A value that follows `value` once it has stopped changing for `quietMs`, and at least every `maxWaitMs` while
 * it keeps changing. For panels whose update is costly compared with what a reader can follow during a drag
 * (re-typesetting the formulas with KaTeX is the largest cost of a result there): they keep up at a
 * readable pace and show the final numbers as soon as the drag stops.
 */
export function useSettledValue<T>(value: T, quietMs: number, maxWaitMs: number): T {
  const [shown, setShown] = useState(value)
  const pendingSince = useRef<number | null>(null)
  useEffect(() => {
    if (Object.is(value, shown)) {
      pendingSince.current = null
      return
    }
    const now = performance.now()
    pendingSince.current ??= now
    const wait = Math.max(0, Math.min(quietMs, pendingSince.current + maxWaitMs - now))
    const timer = setTimeout(() => {
      pendingSince.current = null
      startTransition(() => setShown(value))
    }, wait)
    return () => clearTimeout(timer)
  }, [value, shown, quietMs, maxWaitMs])
  return shown
}

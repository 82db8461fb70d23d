import { startTransition, useEffect, useRef, useState } from 'react'

/**
 * A value that follows `value`: at once after a quiet spell, and while it keeps changing (a drag) once it has
 * stopped changing for `quietMs`, or at least every `maxWaitMs`. For panels whose update is costly compared
 * with what a reader can follow during a drag (re-typesetting the formulas with KaTeX is the largest cost of a
 * result there): a single change shows at once, a drag keeps up at a readable pace and ends on the final
 * numbers.
 */
export function useSettledValue<T>(value: T, quietMs: number, maxWaitMs: number): T {
  const [shown, setShown] = useState(value)
  const pendingSince = useRef<number | null>(null)
  const lastChange = useRef(-Infinity)
  useEffect(() => {
    if (Object.is(value, shown)) {
      pendingSince.current = null
      return
    }
    const now = performance.now()
    const quiet = now - lastChange.current >= quietMs
    lastChange.current = now
    if (quiet && pendingSince.current === null) {
      startTransition(() => setShown(value))
      return
    }
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

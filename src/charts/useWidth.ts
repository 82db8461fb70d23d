import { useCallback, useRef, useState } from 'react'

/**
 * The width of an element, kept up to date with a ResizeObserver (charts redraw at their real size).
 * A callback ref, so it measures whenever the element mounts, even if the component rendered nothing first.
 */
export function useWidth<T extends HTMLElement>(initial = 640): [(el: T | null) => void, number] {
  const [width, setWidth] = useState(initial)
  const observer = useRef<ResizeObserver | null>(null)
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect()
    observer.current = null
    if (!el) return
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width)
      if (w > 0) setWidth(w)
    }
    measure()
    if (typeof ResizeObserver === 'undefined') return
    observer.current = new ResizeObserver(measure)
    observer.current.observe(el)
  }, [])
  return [ref, width]
}

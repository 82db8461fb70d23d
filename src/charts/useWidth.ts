import { useCallback, useRef, useState } from 'react'

/** One observer for every chart: a layout change that resizes several charts re-renders them in one go. */
let shared: ResizeObserver | null = null
const listeners = new Map<Element, (width: number) => void>()

function observe(el: Element, onWidth: (width: number) => void): () => void {
  shared ??= new ResizeObserver((entries) => {
    // the sizes come with the entries (border box = getBoundingClientRect's width): no layout is forced
    for (const e of entries) {
      const box = e.borderBoxSize as ReadonlyArray<ResizeObserverSize> | undefined
      const w = Math.floor(box?.[0]?.inlineSize ?? e.target.getBoundingClientRect().width)
      if (w > 0) listeners.get(e.target)?.(w)
    }
  })
  listeners.set(el, onWidth)
  shared.observe(el)
  return () => {
    listeners.delete(el)
    shared?.unobserve(el)
  }
}

/**
 * The width of an element, kept up to date with a ResizeObserver (charts redraw at their real size).
 * A callback ref, so it measures whenever the element mounts, even if the component rendered nothing first.
 * The width comes from the observer, which the browser runs after its own layout: reading it in the ref
 * (during React's commit) forced a layout of the whole page per chart, a tenth of a second when a new tensor
 * mounts the Lab's charts. Until the first report a chart is drawn at `initial` (never wider than the window, so
 * a phone does not scroll sideways for that frame); without ResizeObserver (tests) the width is measured once.
 */
export function useWidth<T extends HTMLElement>(initial = 640): [(el: T | null) => void, number] {
  const [width, setWidth] = useState(() =>
    typeof window === 'undefined' || !(window.innerWidth > 0)
      ? initial
      : Math.min(initial, Math.max(160, window.innerWidth - 48)),
  )
  const stop = useRef<(() => void) | null>(null)
  const ref = useCallback((el: T | null) => {
    stop.current?.()
    stop.current = null
    if (!el) return
    if (typeof ResizeObserver === 'undefined') {
      const w = Math.floor(el.getBoundingClientRect().width)
      if (w > 0) setWidth(w)
      return
    }
    // the observer reports the element's size once when observing starts, then on every change
    stop.current = observe(el, setWidth)
  }, [])
  return [ref, width]
}

/**
 * Whether a page-wide arrow key (a lesson's or the step-through's ←/→) should leave this keydown to what has
 * the focus: a widget that handled it already (a chart's candidate, a slider: it calls preventDefault, and
 * React's handlers run before the window's), a field being typed in, or a slider (a native range input moves
 * without preventDefault).
 */
export function keyBelongsToFocus(e: KeyboardEvent): boolean {
  if (e.defaultPrevented) return true
  const el = e.target as HTMLElement | null
  if (!el || typeof el.getAttribute !== 'function') return false
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    el.getAttribute('role') === 'slider'
  )
}

import { useEffect } from 'react'
import { useApp } from '../state/appStore'

/**
 * Classroom mode keys: `F` toggles fullscreen, `Esc` leaves classroom mode. (Arrow keys are handled by
 * the view that has steps: the step-through.) Keys typed into form fields are left alone.
 */
export function usePresenterKeys() {
  const present = useApp((s) => s.present)
  const setPresent = useApp((s) => s.setPresent)
  useEffect(() => {
    if (!present) return
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return
      if (e.ctrlKey || e.metaKey || e.altKey) return
      if (e.key === 'f' || e.key === 'F') {
        e.preventDefault()
        if (document.fullscreenElement) void document.exitFullscreen()
        else void document.documentElement.requestFullscreen?.().catch(() => undefined)
      } else if (e.key === 'Escape' && !document.fullscreenElement) {
        setPresent(false)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [present, setPresent])
}

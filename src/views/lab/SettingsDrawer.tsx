/**
 * The settings column of the Lab, add and dense views. On wide screens it is the left column; on a tablet or
 * a phone (≤ 980 px, where the column would stack above the charts) and in classroom mode (whose large type
 * leaves no room for it) the charts come first and the settings slide in as a drawer from a "Settings"
 * button in a bar at the window's bottom, closed by Esc, the backdrop or "Show the results" — so a student
 * sees the picture first and the page never scrolls sideways. Closed, the drawer is `visibility: hidden`, so
 * its controls leave the tab order.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { useT } from '../../i18n'
import { useApp } from '../../state/appStore'

/** Screens too narrow for the settings column beside the charts (styles.css stacks them below this). */
const NARROW = '(max-width: 980px)'

function subscribeNarrow(cb: () => void) {
  const mq = window.matchMedia(NARROW)
  mq.addEventListener('change', cb)
  return () => mq.removeEventListener('change', cb)
}

/** True where the settings are a drawer: a narrow screen, or classroom mode. */
export function useDrawerMode(): boolean {
  const narrow = useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(NARROW).matches,
    () => false,
  )
  const present = useApp((s) => s.present)
  return narrow || present
}

export function SettingsDrawer({ label, children }: { label: string; children: ReactNode }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const drawer = useDrawerMode()
  const id = useId()
  const panel = useRef<HTMLElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  // leaving drawer mode (a wider window, classroom mode off) closes the drawer: no hidden open state to
  // come back, and Esc no longer belongs to it
  const [wasDrawer, setWasDrawer] = useState(drawer)
  if (wasDrawer !== drawer) {
    setWasDrawer(drawer)
    if (!drawer) setOpen(false)
  }
  useEffect(() => {
    if (!open || !drawer) return
    panel.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false)
        toggle.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, drawer])
  return (
    <>
      {/* the button's own bar at the window's bottom (styles.css), so that it covers none of the page */}
      <div className={drawer ? 'drawer-bar as-drawer' : 'drawer-bar'} data-hide-id="controls">
        <button
          ref={toggle}
          type="button"
          className={drawer ? 'drawer-toggle as-drawer' : 'drawer-toggle'}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
        >
          {t('drawer.open')}
        </button>
      </div>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={() => setOpen(false)} />}
      <aside
        id={id}
        ref={panel}
        tabIndex={-1}
        className={`lab-controls${drawer ? ' as-drawer' : ''}${drawer && open ? ' open' : ''}`}
        aria-label={label}
        data-hide-id="controls"
      >
        <button
          type="button"
          className="drawer-close"
          onClick={() => {
            setOpen(false)
            toggle.current?.focus()
          }}
        >
          {t('drawer.close')}
        </button>
        {children}
      </aside>
    </>
  )
}

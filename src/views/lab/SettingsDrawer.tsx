/**
 * The settings column of the Lab, add and dense views. On wide screens it is the left column; on a phone
 * (≤ 640 px, see styles.css) the charts come first and the settings slide in as a drawer from a "Settings"
 * button, closed by Esc, the backdrop or "Show the results" — so a student sees the picture first and the
 * page never scrolls sideways. Closed, the drawer is `visibility: hidden`, so its controls leave the tab order.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useT } from '../../i18n'

export function SettingsDrawer({ label, children }: { label: string; children: ReactNode }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const id = useId()
  const panel = useRef<HTMLElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!open) return
    panel.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false)
        toggle.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])
  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="drawer-toggle"
        aria-expanded={open}
        aria-controls={id}
        data-hide-id="controls"
        onClick={() => setOpen((o) => !o)}
      >
        {t('drawer.open')}
      </button>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={() => setOpen(false)} />}
      <aside
        id={id}
        ref={panel}
        tabIndex={-1}
        className={open ? 'lab-controls open' : 'lab-controls'}
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

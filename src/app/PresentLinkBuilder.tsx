import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { useT } from '../i18n'
import { LANGS, type Lang } from '../i18n/lang'
import { flushLinkWrites, useApp } from '../state/appStore'
import { HIDEABLE, presentationLink, type Hideable } from './presentation'

/**
 * The teacher's link builder: take the view as it is set up now, choose the language and the parts to hide,
 * and copy a classroom-mode link (validated: only known parts can be hidden). A modal: drawn over everything
 * on the page, the Lab's floating "Settings" button and the update notice too.
 */
export function PresentLinkBuilder({ onClose }: { onClose: () => void }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const [linkLang, setLinkLang] = useState<Lang>(lang)
  const [hide, setHide] = useState<Hideable[]>([])
  const [copied, setCopied] = useState<'ok' | 'fail' | null>(null)
  const dialog = useRef<HTMLDivElement>(null)
  flushLinkWrites() // the address bar may trail a drag by a few frames
  const base = `${window.location.origin}${window.location.pathname}${window.location.search}`
  const link = presentationLink(base, window.location.hash, hide, linkLang)

  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null
    // a modal dialog: the page behind it takes no focus, clicks or screen reader's attention while it is open
    // (Tab left the dialog for the page's controls under the backdrop); the dialog is on the body, outside it
    const page = document.getElementById('root')
    const wasInert = page?.inert ?? false
    if (page) page.inert = true
    dialog.current?.querySelector<HTMLElement>('select, input, button')?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation()
        onClose()
      } else if (e.key === 'Tab' && dialog.current) {
        // Tab goes round the dialog's controls: past the last one it would leave the page for the browser's
        const stops = [
          ...dialog.current.querySelectorAll<HTMLElement>(
            'a[href], button, input, select, textarea, [tabindex]',
          ),
        ].filter((el) => !el.matches(':disabled, [tabindex="-1"]') && el.getClientRects().length > 0)
        const first = stops[0]
        const last = stops[stops.length - 1]
        if (!first || !last) return
        const at = document.activeElement
        if (e.shiftKey ? at === first || !dialog.current.contains(at) : at === last) {
          e.preventDefault()
          ;(e.shiftKey ? last : first).focus()
        }
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      if (page) page.inert = wasInert
      prev?.focus()
    }
  }, [onClose])

  const toggle = (id: Hideable, on: boolean) => setHide((h) => (on ? [...h, id] : h.filter((x) => x !== id)))
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link)
      setCopied('ok')
    } catch {
      setCopied('fail')
    }
  }
  // on the page's body, not in the header: the sticky header is a layer of its own below the page's floating
  // buttons (the Lab's "Settings" on a phone), which were drawn over the dialog from inside it
  return createPortal(
    <div className="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="plb-h" ref={dialog}>
        <h2 id="plb-h">{t('present.builderTitle')}</h2>
        <p className="muted">{t('present.builderIntro')}</p>
        <div className="field">
          <label htmlFor="plb-lang">{t('lang.label')}</label>
          <select id="plb-lang" value={linkLang} onChange={(e) => setLinkLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {l === 'zh-CN' ? '简体中文' : 'English'}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="hide-options">
          <legend>{t('present.hideLegend')}</legend>
          {HIDEABLE.map((id) => (
            <label key={id} className="toggle">
              <input
                type="checkbox"
                name={`hide-${id}`}
                checked={hide.includes(id)}
                onChange={(e) => toggle(id, e.target.checked)}
              />
              {t(`present.part.${id}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="plb-link">{t('present.link')}</label>
          <input
            id="plb-link"
            className="link-out"
            readOnly
            value={link}
            onFocus={(e) => e.target.select()}
          />
        </div>
        <p className="muted small" role="status">
          {copied === 'ok' ? t('export.copied') : copied === 'fail' ? t('export.copyFailed') : ''}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('present.close')}
          </button>
          {/* the link opens in this tab, where the dialog would stay over the classroom view: it closes */}
          <a className="button-link" href={link} onClick={onClose}>
            {t('present.openLink')}
          </a>
          <button type="button" className="primary" onClick={() => void copy()}>
            {t('export.copyLink')}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  )
}

import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useT } from '../i18n'
import { PresentLinkBuilder } from './PresentLinkBuilder'
import { useApp } from '../state/appStore'
import { buildHash, routePath, type Route } from '../state/route'

interface NavItem {
  route: Route
  label: 'nav.home' | 'nav.lab' | 'nav.traitor' | 'nav.learn' | 'nav.model' | 'nav.accuracy'
  /** a shorter label for phones (the header keeps to one line at 360 px) */
  short?: 'nav.traitorShort' | 'nav.modelShort'
  active: (r: Route) => boolean
  /** phones: listed under "More" instead of in the one-line nav */
  more?: boolean
}

/** The views that exist; only these are linked. */
export const NAV_ITEMS: NavItem[] = [
  { route: { name: 'home' }, label: 'nav.home', active: (r) => r.name === 'home' },
  { route: { name: 'learn', chapter: 'linear' }, label: 'nav.learn', active: (r) => r.name === 'learn' },
  { route: { name: 'lab', tab: 'tensor' }, label: 'nav.lab', active: (r) => r.name === 'lab' },
  {
    route: { name: 'traitor' },
    label: 'nav.traitor',
    short: 'nav.traitorShort',
    active: (r) => r.name === 'traitor',
  },
  {
    route: { name: 'model' },
    label: 'nav.model',
    short: 'nav.modelShort',
    active: (r) => r.name === 'model',
  },
  { route: { name: 'accuracy' }, label: 'nav.accuracy', active: (r) => r.name === 'accuracy', more: true },
]

/** px: the width of the fade at a side of the nav that has more (styles.css) */
const NAV_FADE = 20

/** Marks the sides where the nav has more than it shows: `data-more` start, end or both (styles.css fades them). */
function noteNavMore(nav: HTMLElement) {
  const start = nav.scrollLeft > 1
  const end = nav.scrollLeft < nav.scrollWidth - nav.clientWidth - 1
  const more = start && end ? 'both' : start ? 'start' : end ? 'end' : null
  if (more) nav.dataset.more = more
  else delete nav.dataset.more
}

export function Header() {
  const t = useT()
  const route = useApp((s) => s.route)
  const lang = useApp((s) => s.lang)
  // not the whole query: it changes on every step of a drag
  const hasLang = useApp((s) => s.query.has('lang'))
  const setLang = useApp((s) => s.setLang)
  const present = useApp((s) => s.present)
  const setPresent = useApp((s) => s.setPresent)
  // the classroom-link dialog belongs to the page it was opened on, like the "More" menu below: Back or a link
  // to another page closes it (it stayed open over the next page, inert behind it)
  const [builderAt, setBuilderAt] = useState<string | null>(null)
  const closeBuilder = useCallback(() => setBuilderAt(null), [])
  // phones: the classroom buttons live behind "More" so the header stays on one line. The menu belongs to the
  // page it was opened on (another page, by the nav, a link or Back, finds it closed); Escape or a tap outside
  // it closes it too.
  const [moreAt, setMoreAt] = useState<string | null>(null)
  const moreId = useId()
  const moreButton = useRef<HTMLButtonElement>(null)
  const moreMenu = useRef<HTMLDivElement>(null)
  // phones: the nav scrolls sideways when it must; the current page's link is kept in view, clear of the fade
  // (styles.css) that marks a side with more, which `data-more` switches on as the nav scrolls or resizes
  const navRef = useRef<HTMLElement>(null)
  const path = routePath(route)
  const more = moreAt === path
  const builder = builderAt === path
  const setMore = (open: boolean) => setMoreAt(open ? path : null)
  useEffect(() => {
    if (!more) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      // (the Escape is the menu's: classroom mode does not also leave on it)
      e.stopPropagation()
      setMoreAt(null)
      moreButton.current?.focus()
    }
    const onDown = (e: PointerEvent) => {
      const at = e.target as Node
      if (!moreMenu.current?.contains(at) && !moreButton.current?.contains(at)) setMoreAt(null)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onDown)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onDown)
    }
  }, [more])
  useEffect(() => {
    const nav = navRef.current
    if (!nav) return
    const note = () => noteNavMore(nav)
    note()
    nav.addEventListener('scroll', note, { passive: true })
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(note)
    ro?.observe(nav)
    return () => {
      nav.removeEventListener('scroll', note)
      ro?.disconnect()
    }
  }, [])
  // on every new page, a new chapter too (the reader may have scrolled the nav away from the current link)
  useEffect(() => {
    const nav = navRef.current
    const current = nav?.querySelector<HTMLElement>('a[aria-current="page"]')
    if (nav && current && nav.scrollWidth > nav.clientWidth) {
      const a = current.getBoundingClientRect()
      const n = nav.getBoundingClientRect()
      // (past either end the browser stops the scroll at the end, where that side has no fade)
      if (a.right > n.right - NAV_FADE) nav.scrollLeft += a.right - (n.right - NAV_FADE)
      else if (a.left < n.left + NAV_FADE) nav.scrollLeft -= n.left + NAV_FADE - a.left
    }
    if (nav) noteNavMore(nav)
  }, [path, lang])
  // the sticky header's height, for the page's scroll padding (styles.css): a section scrolled to from a link,
  // the contents or classroom mode's arrow keys, or a control given focus, lands below the header, not under it
  const headerRef = useRef<HTMLElement>(null)
  useEffect(() => {
    const header = headerRef.current
    if (!header || typeof ResizeObserver === 'undefined') return
    const root = document.documentElement
    const note = () =>
      root.style.setProperty('--header-h', `${Math.ceil(header.getBoundingClientRect().height)}px`)
    note()
    const ro = new ResizeObserver(note)
    ro.observe(header)
    return () => ro.disconnect()
  }, [])
  // Links keep the language and classroom mode the reader chose.
  const shellQuery = new URLSearchParams()
  if (hasLang) shellQuery.set('lang', lang)
  if (present) shellQuery.set('present', '1')
  return (
    <header className="app-header" ref={headerRef}>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault()
          document.getElementById('main')?.focus()
        }}
      >
        {t('nav.skip')}
      </a>
      <a className="brand" href={buildHash({ name: 'home' }, shellQuery)}>
        <span className="brand-mark" aria-hidden="true">
          ▮▯
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </a>
      <nav ref={navRef} aria-label={t('nav.main')} data-hide-id="nav">
        <ul>
          {NAV_ITEMS.map((item) => (
            <li
              key={item.label}
              className={item.route.name === 'home' ? 'nav-home' : item.more ? 'nav-wide' : undefined}
            >
              <a
                href={buildHash(item.route, shellQuery)}
                aria-current={item.active(route) ? 'page' : undefined}
              >
                {item.short ? (
                  <>
                    <span className="nav-full">{t(item.label)}</span>
                    <span className="nav-short">{t(item.short)}</span>
                  </>
                ) : (
                  t(item.label)
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="header-tools">
        <button
          type="button"
          className="lang-switch"
          data-hide-id="lang"
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          aria-label={`${t('lang.switchTo')} (${t('lang.switchToName')})`}
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('lang.switchTo')}
        </button>
        <button
          type="button"
          ref={moreButton}
          className="header-more"
          aria-expanded={more}
          aria-controls={moreId}
          onClick={() => setMore(!more)}
        >
          {t('nav.more')}
        </button>
        <div
          id={moreId}
          ref={moreMenu}
          className={more ? 'header-extra open' : 'header-extra'}
          onClick={() => setMore(false)}
        >
          {NAV_ITEMS.filter((item) => item.more).map((item) => (
            <a
              key={item.label}
              className="nav-more-link"
              href={buildHash(item.route, shellQuery)}
              aria-current={item.active(route) ? 'page' : undefined}
            >
              {t(item.label)}
            </a>
          ))}
          {!present && (
            <button
              type="button"
              className="present-builder"
              onClick={() => setBuilderAt(path)}
              aria-haspopup="dialog"
            >
              {t('present.builder')}
            </button>
          )}
          <button
            type="button"
            className="present-toggle"
            aria-pressed={present}
            onClick={() => setPresent(!present)}
          >
            {present ? t('present.off') : t('present.on')}
          </button>
        </div>
      </div>
      {builder && <PresentLinkBuilder onClose={closeBuilder} />}
    </header>
  )
}

/**
 * The shell's state: where we are (route + query), the language and classroom mode. The URL hash is the
 * source of truth; this store mirrors it and is the only place that writes it.
 */
import { create } from 'zustand'
import { registerLangSource } from '../i18n'
import { langFromNavigator, type Lang } from '../i18n/lang'
import { buildHash, parseHash, type Route } from './route'
import { parseHide } from '../params/hide'
import { langFromParam } from '../params/langParam'
import { lastParam } from '../params/lastParam'

export interface AppState {
  route: Route
  query: URLSearchParams
  lang: Lang
  present: boolean
  /** controls the teacher chose to hide in classroom mode (`hide=` list) */
  hidden: ReadonlySet<string>
  /** the language was not in the link: it came from the browser */
  syncFromLocation: () => void
  navigate: (route: Route, query?: URLSearchParams, opts?: { replace?: boolean }) => void
  setQuery: (query: URLSearchParams, opts?: { replace?: boolean }) => void
  setLang: (lang: Lang) => void
  setPresent: (on: boolean) => void
}

function browserLang(): Lang {
  return typeof navigator === 'undefined'
    ? 'en'
    : langFromNavigator(navigator.languages ?? [navigator.language])
}

/** Keep the previous route/hidden objects when they did not change, so a query change alone re-renders
 *  only what reads the query (a threshold drag rewrites the link on every step). */
function stable(prev: Partial<AppState> | undefined, next: ReturnType<typeof rawStateFromHash>) {
  if (!prev) return next
  const route =
    prev.route && JSON.stringify(prev.route) === JSON.stringify(next.route) ? prev.route : next.route
  const same =
    prev.hidden && prev.hidden.size === next.hidden.size && [...next.hidden].every((h) => prev.hidden!.has(h))
  return { ...next, route, hidden: same ? prev.hidden! : next.hidden }
}

function stateFromHash(hash: string, prev?: Partial<AppState>) {
  return stable(prev, rawStateFromHash(hash))
}

function rawStateFromHash(hash: string) {
  const { route, query } = parseHash(hash)
  // (a variant, zh-TW or en-GB, reads as the app's language of it; any other value is said by the views'
  // link notices, langNotices)
  const lang: Lang = langFromParam(lastParam(query, 'lang')) ?? browserLang()
  const present = lastParam(query, 'present') === '1'
  const hidden = new Set<string>(parseHide(lastParam(query, 'hide')))
  return { route, query, lang, present, hidden }
}

/** Keep the shell params (lang, present, hide) when a view replaces the rest of the query. */
function withShellParams(
  query: URLSearchParams,
  s: Pick<AppState, 'lang' | 'present' | 'hidden'>,
  explicitLang: boolean,
) {
  const q = new URLSearchParams(query)
  if (explicitLang && !q.has('lang')) q.set('lang', s.lang)
  if (s.present && !q.has('present')) q.set('present', '1')
  if (s.present && s.hidden.size > 0 && !q.has('hide')) q.set('hide', [...s.hidden].join(','))
  return q
}

/**
 * Link writes. A drag or a held arrow key replaces the link on every step, and `history.replaceState` is
 * dear: ~2 ms a call in Chromium on a fast machine, ~10 ms on a small one (an input event that arrives during
 * it waits), and Chromium starts refusing after ~200 calls in 10 s. So a replacement is written at once only
 * after a quiet spell (a language switch, a single change); one that follows another write within
 * REPLACE_QUIET_MS waits until the steps have been quiet that long, and at most REPLACE_MAX_MS. The last one
 * always lands (before a push, before anything reads the address bar via flushLinkWrites, and on leaving the
 * page: rememberPendingOnLeave). A push (a new history entry) writes any pending replacement first, and
 * Back/Forward drops it: the user has left that entry.
 */
const REPLACE_QUIET_MS = 300
const REPLACE_MAX_MS = 1500
let pendingReplace: string | null = null
let replaceTimer: ReturnType<typeof setTimeout> | null = null
/** when the oldest replacement still pending was asked for */
let pendingSince = -Infinity
/** when the address was last written (a replacement or a push) */
let lastWrite = -Infinity

function applyHash(hash: string, replace: boolean) {
  if (window.location.hash === hash) return
  lastWrite = performance.now()
  const url = `${window.location.pathname}${window.location.search}${hash}`
  if (replace) window.history.replaceState(null, '', url)
  else window.history.pushState(null, '', url)
}

/** Write a coalesced link replacement now (before something reads the address bar). */
export function flushLinkWrites(): void {
  flushReplace()
}

function flushReplace() {
  if (replaceTimer !== null) clearTimeout(replaceTimer)
  replaceTimer = null
  if (pendingReplace !== null) {
    const hash = pendingReplace
    pendingReplace = null
    applyHash(hash, true)
  }
}

function dropPendingReplace() {
  if (replaceTimer !== null) clearTimeout(replaceTimer)
  replaceTimer = null
  pendingReplace = null
}

function writeHash(hash: string, replace: boolean) {
  if (typeof window === 'undefined') return
  if (!replace) {
    flushReplace()
    applyHash(hash, false)
    return
  }
  const now = performance.now()
  if (pendingReplace === null && now - lastWrite >= REPLACE_QUIET_MS) {
    applyHash(hash, true)
    return
  }
  if (pendingReplace === null) pendingSince = now
  pendingReplace = hash
  if (replaceTimer !== null) clearTimeout(replaceTimer)
  // quiet for REPLACE_QUIET_MS, or REPLACE_MAX_MS after the first pending step, whichever comes first
  replaceTimer = setTimeout(
    flushReplace,
    Math.max(0, Math.min(REPLACE_QUIET_MS, pendingSince + REPLACE_MAX_MS - now)),
  )
}

/**
 * A reload takes the address as it is when the reload starts, which can be before beforeunload/pagehide have
 * written the coalesced replacement (a reload mid-drag restored a step from 150 ms earlier). So the page also
 * leaves the pending address in sessionStorage (this tab only) with the address it replaces, and the next load
 * of the same tab takes it when it starts on exactly that older address.
 */
const PENDING_KEY = 'quant-lab:pending-link'

function rememberPendingOnLeave() {
  if (pendingReplace === null) return
  try {
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ from: window.location.hash, to: pendingReplace }))
  } catch {
    /* no storage: the flush below is all there is */
  }
}

function restorePendingLink() {
  if (typeof window === 'undefined') return
  try {
    const raw = sessionStorage.getItem(PENDING_KEY)
    if (raw === null) return
    sessionStorage.removeItem(PENDING_KEY)
    const p = JSON.parse(raw) as { from?: unknown; to?: unknown }
    if (typeof p.to === 'string' && p.to.startsWith('#') && p.from === window.location.hash)
      applyHash(p.to, true)
  } catch {
    /* unreadable: the address as loaded stands */
  }
}
restorePendingLink()

export const useApp = create<AppState>((set, get) => ({
  ...stateFromHash(typeof window === 'undefined' ? '' : window.location.hash),
  syncFromLocation: () => set(stateFromHash(window.location.hash, get())),
  navigate: (route, query = new URLSearchParams(), opts = {}) => {
    const s = get()
    const q = withShellParams(query, s, s.query.has('lang'))
    writeHash(buildHash(route, q), opts.replace ?? false)
    set(stateFromHash(buildHash(route, q), get()))
  },
  setQuery: (query, opts = {}) => {
    const s = get()
    const q = withShellParams(query, s, s.query.has('lang'))
    writeHash(buildHash(s.route, q), opts.replace ?? false)
    set(stateFromHash(buildHash(s.route, q), get()))
  },
  setLang: (lang) => {
    const s = get()
    const q = new URLSearchParams(s.query)
    q.set('lang', lang)
    writeHash(buildHash(s.route, q), true)
    set({ lang, query: q })
  },
  setPresent: (on) => {
    const s = get()
    const q = new URLSearchParams(s.query)
    if (on) q.set('present', '1')
    else {
      q.delete('present')
      q.delete('hide')
    }
    writeHash(buildHash(s.route, q), false)
    set(stateFromHash(buildHash(s.route, q), get()))
  },
}))

// the translator (i18n/useT) follows the store's language
registerLangSource(() => useApp((s) => s.lang))

/** Start listening to Back/Forward and hand-edited hashes. Returns the unsubscribe function. */
export function listenToLocation(): () => void {
  const onChange = () => {
    dropPendingReplace()
    useApp.getState().syncFromLocation()
  }
  // a replacement still waiting is written first when the page is left (reload, closing the tab) and on any
  // click, before a link navigates away from the entry or a button copies the address. beforeunload as well as
  // pagehide: a reload takes the address as it is when the reload starts, before pagehide runs (a reload
  // mid-drag restored a step from 150 ms earlier)
  const flush = () => flushReplace()
  const leave = () => {
    rememberPendingOnLeave()
    flushReplace()
  }
  window.addEventListener('hashchange', onChange)
  window.addEventListener('popstate', onChange)
  window.addEventListener('pagehide', leave)
  window.addEventListener('beforeunload', leave)
  document.addEventListener('click', flush, true)
  // the address can change between the store's first read and this point (a link followed while the app was
  // still starting: its hashchange came before these listeners and was lost, and the page stayed on the old
  // view): catch up once; an unchanged address keeps the store's objects (stateFromHash)
  if (pendingReplace === null) useApp.getState().syncFromLocation()
  return () => {
    window.removeEventListener('hashchange', onChange)
    window.removeEventListener('popstate', onChange)
    window.removeEventListener('pagehide', leave)
    window.removeEventListener('beforeunload', leave)
    document.removeEventListener('click', flush, true)
  }
}

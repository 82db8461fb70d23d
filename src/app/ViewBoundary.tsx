import { Component, use, type ComponentType, type ReactNode } from 'react'
import { useT } from '../i18n'
import { useApp } from '../state/appStore'
import { buildHash } from '../state/route'
import { isChunkLoadError } from '../engine/engineError'

/** Views whose load failed: their rejected load is forgotten when a boundary unmounts (the user moved on). */
const failedViews = new Set<() => void>()

/**
 * A view loaded on demand whose failed load is tried again the next time it is shown. React.lazy keeps a
 * rejected import for good (a chunk that was 404 once, after a redeploy or while offline, would fail forever in
 * this tab). Here the rejected load stays cached while the failure is on screen (React renders again after an
 * error; a fresh import each time would loop) and is dropped when the view's boundary unmounts, so leaving the
 * view and coming back retries.
 */
export function lazyView<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null
  let pending: Promise<void> | null = null
  let failure: unknown = null
  const forget = () => {
    pending = null
  }
  function LazyView(props: P) {
    if (!loaded) {
      pending ??= retryLoad(load, failure).then(
        (m) => {
          loaded = m.default
          failure = null
        },
        (e: unknown) => {
          failure = e
          failedViews.add(forget)
          throw e
        },
      )
      use(pending)
    }
    const View = loaded!
    return <View {...props} />
  }
  return LazyView
}

/** The module a failed dynamic import names (Chromium: "Failed to fetch dynamically imported module: <url>"). */
export function failedModuleUrl(e: unknown): string | null {
  const m = /dynamically imported module:?\s+(\S+)/i.exec(e instanceof Error ? e.message : String(e))
  if (!m) return null
  try {
    const url = new URL(m[1], location.href)
    return url.origin === location.origin ? url.href : null
  } catch {
    return null
  }
}

/**
 * The view's module again after a failed load. Chromium keeps a failed dynamic import in the document's module
 * map (the HTML spec's module map caches a fetch that failed), so importing the same URL again fails at once
 * without a request, even once the file is back; the same file under a new query is a new entry in the map
 * and is fetched. The service worker's precache does not hold it under that query, so it comes from the network.
 * Without a URL in the error (other browsers' messages), `load` is asked again.
 */
function retryLoad<M>(load: () => Promise<M>, failure: unknown): Promise<M> {
  const url = failure === null ? null : failedModuleUrl(failure)
  if (url === null) return load()
  const again = new URL(url)
  again.searchParams.set('retry', String(Date.now()))
  return import(/* @vite-ignore */ again.href) as Promise<M>
}

interface BoundaryProps {
  children: ReactNode
  /** where the view was (for the test hooks and the message) */
  name: string
  /**
   * A change of this value clears a caught failure, so the children are tried again, without remounting
   * them when nothing failed (a `key` would remount the whole subtree: for the Lab's panels on a new tensor
   * that was one 250 ms task, where their deferred updates render in slices).
   */
  resetKey?: unknown
}

interface BoundaryState {
  error: unknown
  resetKey: unknown
}

/**
 * Catches what a view throws while rendering (including a failed chunk load) and shows a message in the
 * user's language with a reload button instead of unmounting the whole app: the header, the footer and the
 * other views keep working. Give it a `key` per route so that navigating away resets it.
 */
export class ViewBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, resetKey: this.props.resetKey }

  static getDerivedStateFromError(error: unknown) {
    return { error }
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey }
  }

  override componentDidCatch(error: unknown) {
    // kept visible for whoever looks at the console; the page itself says what happened
    console.warn(`view ${this.props.name} failed:`, error)
  }

  override componentWillUnmount() {
    for (const f of failedViews) f()
    failedViews.clear()
  }

  override render() {
    if (this.state.error !== null) return <ViewFailed name={this.props.name} error={this.state.error} />
    return this.props.children
  }
}

function ViewFailed({ name, error }: { name: string; error: unknown }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const raw = error instanceof Error ? error.message : String(error)
  // a chunk URL or a stack can be long: the first line, shortened
  const detail = raw.split('\n')[0].slice(0, 160)
  return (
    <div className="view-failed notice error" role="alert" data-view-failed={name}>
      <p>{isChunkLoadError(error) ? t('view.chunkFailed') : t('view.failed', { detail })}</p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          {t('view.reload')}
        </button>{' '}
        {name !== 'lab' && (
          <a href={buildHash({ name: 'lab', tab: 'tensor' }, new URLSearchParams({ lang }))}>
            {t('view.back')}
          </a>
        )}
      </p>
    </div>
  )
}

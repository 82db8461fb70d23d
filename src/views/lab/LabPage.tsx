import { Suspense, useEffect } from 'react'
import { ViewBoundary, lazyView } from '../../app/ViewBoundary'
import { fmtInt } from '../../charts/format'
import { useT } from '../../i18n'
import { restoreLoaded } from '../../lab/loadedDb'
import { setUrlWriter, useLab } from '../../lab/labStore'
import { useLabCompute } from '../../lab/useLabCompute'
import { useApp } from '../../state/appStore'
import { encodeLabParams } from '../../state/labParams'
import { buildHash } from '../../state/route'
import { ChannelPanel } from './ChannelPanel'
import { CurvesPanel } from './CurvesPanel'
import { ErrorPanel } from './ErrorPanel'
import { ExportPanel } from './ExportPanel'
import { FormatControls } from './FormatControls'
import { FormatsPanel } from './FormatsPanel'
import { FormulaPanel } from './FormulaPanel'
import { GridPanel } from './GridPanel'
import { HistogramPanel } from './HistogramPanel'
import { Messages } from './Messages'
import { MicroscopePanel } from './MicroscopePanel'
import { CalibControls, QuantControls } from './QuantControls'
import { SourceControls } from './SourceControls'
import { SummaryStrip } from './SummaryStrip'
import { SettingsDrawer } from './SettingsDrawer'

/** Keep the store and the link in step: the link is read on arrival and on Back/Forward; changes write it. */
function useLabUrl() {
  const query = useApp((s) => s.query)
  const setQuery = useApp((s) => s.setQuery)
  useEffect(() => {
    setUrlWriter((q, replace) => setQuery(q, { replace }))
    return () => setUrlWriter(() => undefined)
  }, [setQuery])
  useEffect(() => {
    const current = encodeLabParams(useLab.getState().params).toString()
    const incoming = new URLSearchParams(query)
    for (const k of ['lang', 'present', 'hide']) incoming.delete(k)
    if (incoming.toString() !== current) useLab.getState().fromQuery(query)
  }, [query])
}

function useUndoKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return
      const el = e.target as HTMLElement | null
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA')) return
      e.preventDefault()
      if (e.shiftKey) useLab.getState().redo()
      else useLab.getState().undo()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

function useRestoreLoaded() {
  const dist = useLab((s) => s.params.dist)
  const loaded = useLab((s) => s.loaded)
  useEffect(() => {
    if (dist !== 'loaded' || loaded) return
    let live = true
    void restoreLoaded().then((d) => {
      if (live && d) useLab.setState({ loaded: d })
    })
    return () => {
      live = false
    }
  }, [dist, loaded])
}

/** The hooks that keep the Lab running, in a component of their own so their store reads re-render nothing. */
function LabEffects() {
  useLabUrl()
  useUndoKeys()
  useRestoreLoaded()
  useLabCompute()
  return null
}

const summaryKeys = new WeakMap<object, number>()
let nextSummaryKey = 1
function summaryKey(s: object): number {
  let k = summaryKeys.get(s)
  if (k === undefined) {
    k = nextSummaryKey++
    summaryKeys.set(s, k)
  }
  return k
}

function TensorLab() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const busy = useLab((s) => s.busy)
  const past = useLab((s) => s.past.length > 0)
  const future = useLab((s) => s.future.length > 0)
  const summary = useLab((s) => s.summary)
  const dist = useLab((s) => s.params.dist)
  const loaded = useLab((s) => s.loaded)
  return (
    <div className="lab">
      <LabEffects />
      <SettingsDrawer label={t('lab.controls')}>
        <div className="undo-row">
          <button
            type="button"
            className="small"
            onClick={() => useLab.getState().undo()}
            disabled={!past}
            aria-keyshortcuts="Control+Z"
          >
            {t('lab.undo')}
          </button>
          <button
            type="button"
            className="small"
            onClick={() => useLab.getState().redo()}
            disabled={!future}
            aria-keyshortcuts="Control+Shift+Z"
          >
            {t('lab.redo')}
          </button>
        </div>
        <SourceControls />
        <QuantControls />
        <FormatControls />
        <CalibControls />
      </SettingsDrawer>
      <div className="lab-main">
        <h1 className="lab-title">{t('lab.title')}</h1>
        <Messages />
        {dist === 'loaded' && !loaded && (
          <p className="notice" role="status" data-message="lab.loadedMissing">
            {t('lab.loadedMissing')}
          </p>
        )}
        {/* the tensor line and the busy line share a row: a result that takes a while adds no band above the
            charts (the busy line keeps its height so the charts never jump) */}
        <div className="lab-status">
          {summary && (
            <p className="muted small source-line">
              {t('lab.sourceLine', {
                n: fmtInt(summary.n, lang),
                rows: summary.shape[0],
                cols: summary.shape[1],
              })}
            </p>
          )}
          <div className="busy" role="status" aria-live="polite">
            {busy && (
              <>
                <span className="spinner" aria-hidden="true" />
                {t(busy === 'generate' ? 'lab.busyGenerate' : 'lab.busyQuantize')}
                <progress aria-label={t('lab.progress')} />
              </>
            )}
          </div>
        </div>
        {/* a chart that throws takes only the panels down, not the controls (the file input lives there); a
            new tensor tries the panels again */}
        <ViewBoundary resetKey={summary ? summaryKey(summary) : 0} name="lab-panels">
          <SummaryStrip />
          <div className="lab-grid">
            <HistogramPanel />
            <GridPanel />
            <ErrorPanel />
            <FormatsPanel />
            <CurvesPanel />
            <MicroscopePanel />
            <ChannelPanel />
            <FormulaPanel />
            <ExportPanel />
          </div>
        </ViewBoundary>
      </div>
    </div>
  )
}

const AddView = lazyView(() => import('../ops/AddView'))
const DenseView = lazyView(() => import('../ops/DenseView'))

type LabTab = 'tensor' | 'add' | 'dense'
const TABS: { tab: LabTab; label: 'lab.tabTensor' | 'lab.tabAdd' | 'lab.tabDense' }[] = [
  { tab: 'tensor', label: 'lab.tabTensor' },
  { tab: 'add', label: 'lab.tabAdd' },
  { tab: 'dense', label: 'lab.tabDense' },
]

/** The Lab's three views, each with its own link (its own state stays in its own link parameters). */
function LabTabs({ tab }: { tab: LabTab }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)
  const q = new URLSearchParams({ lang })
  if (present) q.set('present', '1')
  return (
    <nav className="lab-tabs" aria-label={t('lab.tabs')} data-hide-id="nav">
      <ul>
        {TABS.map((x) => (
          <li key={x.tab}>
            <a
              href={buildHash({ name: 'lab', tab: x.tab }, q)}
              aria-current={x.tab === tab ? 'page' : undefined}
            >
              {t(x.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export default function LabPage({ tab }: { tab: LabTab }) {
  return (
    <>
      <LabTabs tab={tab} />
      {tab === 'tensor' ? (
        <TensorLab />
      ) : (
        <ViewBoundary key={tab} name={`lab-${tab}`}>
          <Suspense
            fallback={
              <div className="loading" role="status">
                …
              </div>
            }
          >
            {tab === 'add' ? <AddView /> : <DenseView />}
          </Suspense>
        </ViewBoundary>
      )}
    </>
  )
}

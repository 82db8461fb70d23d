import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { HistogramChart } from '../../charts/HistogramChart'
import { NoBreak } from '../../charts/NoBreak'
import { fmt, fmtInt } from '../../charts/format'
import { ENTROPY_VARIANTS, type EntropyVariant, type ErrorMetrics, type Histogram } from '../../core'
import { useT, type MessageKey, type T } from '../../i18n'
import { useApp } from '../../state/appStore'
import type { ParamNotice } from '../../state/paramCodec'
import { NumberField, Select } from '../lab/controls'

/** Integers are shown exactly (every digit counts in a fixed-point trace); −0 as 0. */
export const int = (v: number): string => String(v + 0)
/** A count, its digits grouped as the rest of the app writes counts (10,000; both languages use commas). */
export const count = (v: number): string => fmtInt(v + 0, 'en')
/** A real number, 10 significant digits (scales, multipliers). */
export const real = (v: number): string => fmt(v, 10)

/**
 * Typed link state of one view: decoded from the shell's query on every change (so Back/Forward and edited
 * links work), written back as a new history entry (or replacing it, for the selected element). Embedded in a
 * tutorial chapter (`embed` = the initial query, e.g. 'aoutlier=10'), the state stays inside the component and
 * the page's link is left alone.
 */
export function useLinkParams<P>(
  decode: (q: URLSearchParams) => { params: P; notices: ParamNotice[] },
  encode: (p: P) => URLSearchParams,
  embed?: string,
): { params: P; notices: ParamNotice[]; set: (patch: Partial<P>, replace?: boolean) => void } {
  const query = useApp((s) => s.query)
  const [local, setLocal] = useState(embed ?? '')
  const embedded = embed !== undefined
  const queryText = embedded ? local : query.toString()
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const decoded = useMemo(() => decode(new URLSearchParams(queryText)), [queryText])
  // stable: reads the current state when called, so memoized panels keep their callbacks
  const set = useCallback(
    (patch: Partial<P>, replace = false) => {
      if (embedded) {
        setLocal((cur) => encode({ ...decode(new URLSearchParams(cur)).params, ...patch }).toString())
        return
      }
      const app = useApp.getState()
      const current = decode(new URLSearchParams(app.query)).params
      app.setQuery(encode({ ...current, ...patch }), { replace })
    },
    [decode, encode, embedded],
  )
  return { params: decoded.params, notices: decoded.notices, set }
}

/**
 * Runs an async job when `key` changes (and `enabled`); only the newest job's result is kept, and the last
 * result stays until the next one arrives (`resultKey` tells which key it belongs to).
 */
export function useLatest<R>(
  key: string,
  job: () => Promise<R>,
  enabled = true,
): { result: R | null; busy: boolean; error: string | null; resultKey: string | null } {
  const [state, setState] = useState<{ key: string | null; result: R | null; error: string | null }>({
    key: null,
    result: null,
    error: null,
  })
  const gen = useRef(0)
  useEffect(() => {
    if (!enabled) return
    const my = ++gen.current
    job().then(
      (result) => {
        // a transition: React renders the new figures in slices, so the page never blocks for long
        if (my === gen.current) startTransition(() => setState({ key, result, error: null }))
      },
      (e: unknown) => {
        if (my === gen.current)
          setState((s) => ({ key, result: s.result, error: e instanceof Error ? e.message : String(e) }))
      },
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled])
  return {
    result: state.result,
    busy: enabled && state.key !== key,
    error: state.key === key ? state.error : null,
    resultKey: state.key,
  }
}

export function Busy({ busy, label }: { busy: boolean; label: string }) {
  return (
    <div className="busy" role="status" aria-live="polite">
      {busy && (
        <>
          <span className="spinner" aria-hidden="true" />
          {label}
        </>
      )}
    </div>
  )
}

/** Key figures as a labelled list (data-key for tests). */
export function Strip({ label, items }: { label: string; items: [string, string, string][] }) {
  return (
    <div className="summary-strip" role="group" aria-label={label}>
      <dl>
        {items.map(([k, l, value]) => (
          <div key={k} className="summary-item" data-key={k}>
            <dt>{l}</dt>
            <dd className="figure-num">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

/** a range written in a label, two numbers and a short word between them: "−128 or 127", "−128 或 127" */
const RANGE = /[-−]?\d+(?:\.\d+)? \S{1,3} [-−]?\d+(?:\.\d+)?/g

/** A label whose ranges ("At the end codes (−128 or 127)") are kept on one line (a .nobreak span), the text unchanged. */
function GlueRanges({ text }: { text: string }) {
  return <NoBreak text={text} pattern={RANGE} />
}

/** Rows of label / value (value in a monospace cell, data-key for tests). */
export function KV({ rows, className }: { rows: [string, string, string][]; className?: string }) {
  return (
    <table className={`metrics-table ${className ?? ''}`}>
      <tbody>
        {rows.map(([k, label, value]) => (
          <tr key={k} data-key={k}>
            <th scope="row">
              <GlueRanges text={label} />
            </th>
            <td className="figure-num">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function metricRows(t: T, m: ErrorMetrics): [string, string, string][] {
  return [
    ['mse', t('ops.metric.mse'), fmt(m.mse, 6)],
    ['sqnr', t('ops.metric.sqnr'), `${fmt(m.sqnrDb, 5)} dB`],
    ['max', t('ops.metric.max'), fmt(m.maxAbsError, 6)],
    ['mean', t('ops.metric.mean'), fmt(m.meanAbsError, 6)],
  ]
}

/** One result path: its error metrics and the histogram of (result − float). */
export const PathPanel = memo(function PathPanel({
  name,
  title,
  note,
  metrics,
  hist,
  extra,
}: {
  name: string
  title: string
  note: string
  metrics: ErrorMetrics
  hist: Histogram
  extra?: [string, string, string][] | undefined
}) {
  const t = useT()
  return (
    <ChartFrame
      title={title}
      name={name}
      summary={t('ops.path.summary', {
        title,
        mse: fmt(metrics.mse, 4),
        max: fmt(metrics.maxAbsError, 4),
        sqnr: fmt(metrics.sqnrDb, 4),
      })}
    >
      <p className="muted small ops-note">{note}</p>
      <KV className="ops-path-kv" rows={[...metricRows(t, metrics), ...(extra ?? [])]} />
      <HistogramChart
        edges={hist.edges}
        counts={hist.counts}
        height={160}
        xLabel={t('ops.err.x')}
        yLabel={t('ops.err.y')}
        log
      />
    </ChartFrame>
  )
})

/** A labelled step of a computation: the formula (plain text) and its exact value. */
export function Steps({
  rows,
  label,
}: {
  rows: { key: string; step: string; value: string }[]
  label: string
}) {
  return (
    <ol className="ops-steps" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key} data-step={r.key}>
          <span className="ops-step-what">{r.step}</span>
          <span className="ops-step-val figure-num">{r.value}</span>
        </li>
      ))}
    </ol>
  )
}

/**
 * One tensor's calibrator (every data calibrator of the registry that the ops views offer) with its own
 * setting: the KL variant for entropy, the percentile for percentile. Names: `{prefix}calib`,
 * `{prefix}variant`, `{prefix}pct` (the link parameters).
 */
export function CalibFields<M extends string>({
  prefix,
  label,
  method,
  methods,
  methodLabel,
  variant,
  pct,
  onChange,
}: {
  prefix: string
  label: string
  method: M
  methods: readonly M[]
  methodLabel?: ((m: M) => string) | undefined
  variant: EntropyVariant
  pct: number
  onChange: (patch: { calib?: M; variant?: EntropyVariant; pct?: number }) => void
}) {
  const t = useT()
  return (
    <>
      <Select
        label={label}
        name={`${prefix}calib`}
        value={method}
        options={methods.map((m) => ({
          value: m,
          label: methodLabel ? methodLabel(m) : t(`ops.calib.${m}` as MessageKey),
        }))}
        onChange={(v) => onChange({ calib: v })}
      />
      {method === 'entropy' && (
        <Select
          label={t('ops.variant')}
          name={`${prefix}variant`}
          value={variant}
          options={ENTROPY_VARIANTS.map((v) => ({ value: v, label: t(`variant.${v}`) }))}
          onChange={(v) => onChange({ variant: v })}
        />
      )}
      {method === 'percentile' && (
        <NumberField
          label={t('ops.pct')}
          name={`${prefix}pct`}
          value={pct}
          min={0.001}
          max={100}
          onCommit={(v) => onChange({ pct: v })}
          invalidText={(min, max) => t('ops.invalidNumber', { min, max })}
        />
      )}
    </>
  )
}

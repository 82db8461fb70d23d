import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { download } from '../../charts/exportChart'
import { useT, type MessageKey, type T } from '../../i18n'
import type { LoadedData } from '../../lab/labStore'
import { acceptLoaded, engineReason, takeLoaded } from '../../lab/useLabCompute'
import type { LayerRow, ReportSettings } from '../../models/analyze'
import { useApp } from '../../state/appStore'
import { fmtInt } from '../../charts/format'
import { spread } from './figures'
import { defaultLabParams, encodeLabParams, MAX_N } from '../../state/labParams'
import { ChannelMaxChart, SqnrChart, WeightHistogram } from './charts'
import { useWorkerFailure } from '../../app/WorkerNotice'
import { cancelLoad, dismissError, loadModel, shippedInput, useModel, type Handle } from './modelStore'
import { buildHash } from '../../state/route'
import { isCancelled } from '../../worker/cancel'
import {
  decodeModelParams,
  echo,
  encodeModelParams,
  GROUPS,
  MODEL_SOURCES,
  resolveLayer,
  type ModelParams,
  type SortKey,
  type TableSort,
} from './params'
import { compareRows } from './tableOrder'
import { LinkMessages } from '../lab/Messages'
import type { ParamNotice } from '../../params/paramCodec'
import { modelErrorText, nameList } from './errorText'
import { visibleText } from '../../i18n/visibleText'
import './model.css'
import { lastParam } from '../../params/lastParam'

const num = (v: number) =>
  Number.isNaN(v)
    ? '—'
    : v === 0
      ? '0'
      : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3
        ? v.toExponential(2)
        : v.toPrecision(4)
/** a figure to fixed digits, "—" when there is none (NaN), "∞" past float64 (a spread over a subnormal channel) */
const fixed = (v: number, digits: number) =>
  Number.isNaN(v) ? '—' : v === Infinity ? '∞' : v.toFixed(digits)
// an SQNR: "–" where none was asked for, exact (+∞) in words; NaN (a weight holding NaN or ±∞) as `fixed`
const db = (v: number | undefined, t: T) =>
  v === undefined ? '–' : v === Infinity ? t('model.inf') : v === -Infinity ? '−∞' : fixed(v, 1)
// binary units, named as such: "5.38 MB" for 5,641,000 bytes read as 5.6 decimal megabytes to anyone who checks
// (a no-break space: a size never splits from its unit)
const bytes = (b: number) =>
  b >= 2 ** 20
    ? `${(b / 2 ** 20).toFixed(2)}\u00a0MiB`
    : b >= 1024
      ? `${(b / 1024).toFixed(1)}\u00a0KiB`
      : `${b}\u00a0B`

/** how much per tensor loses against per channel, in dB (∞ when per channel is exact) */
function loss(r: LayerRow): number {
  if (r.perChannelSqnrDb === Infinity) return r.perTensorSqnrDb === Infinity ? 0 : Infinity
  return r.perChannelSqnrDb - r.perTensorSqnrDb
}

export function useModelParams(): [
  ModelParams,
  ParamNotice[],
  (p: Partial<ModelParams>, replace?: boolean) => void,
] {
  const query = useApp((s) => s.query)
  const { params, notices } = useMemo(() => decodeModelParams(query), [query])
  // the link as it is when called, not as it was at the last render: two changes in one task (or before the page
  // renders again) both reach the link, as with the other views' useLinkParams. (The shell's parameters, lang,
  // present and hide, are kept by setQuery.)
  const set = useCallback((patch: Partial<ModelParams>, replace = false) => {
    const app = useApp.getState()
    app.setQuery(encodeModelParams({ ...decodeModelParams(app.query).params, ...patch }), { replace })
  }, [])
  return [params, notices, set]
}

const SORTERS: Record<SortKey, (r: LayerRow, i: number) => number | string> = {
  order: (_, i) => i,
  name: (r) => r.name,
  kind: (r) => r.kind,
  params: (r) => r.params,
  spread: (r) => r.channelRangeSpread,
  tensor: (r) => r.perTensorSqnrDb,
  channel: (r) => r.perChannelSqnrDb,
  group: (r) => r.groupSqnrDb ?? 0,
  rmse: (r) => r.rmseOverScale,
}

export default function ModelPage() {
  const t = useT()
  const [params, notices, setParams] = useModelParams()
  const models = useModel((s) => s.models)
  const loading = useModel((s) => s.loading)
  const errors = useModel((s) => s.errors)
  const info = useModel((s) => s.info)
  const handle = models[params.src]
  const lang = useApp((s) => lastParam(s.query, 'lang'))
  // the axes chosen in the link, as one object while they stay the same (a new one would recompute the report)
  const axesKey = JSON.stringify(Object.entries(params.axes))
  const layerAxes = useMemo(() => Object.fromEntries(JSON.parse(axesKey) as [string, number][]), [axesKey])
  const uiLang = useApp((s) => s.lang)
  const settings: ReportSettings = useMemo(
    () => ({ bits: params.bits, group: params.group, fold: params.fold, axes: layerAxes }),
    [params.bits, params.group, params.fold, layerAxes],
  )
  const [rows, setRows] = useState<{ handle: Handle; settings: ReportSettings; rows: LayerRow[] } | null>(
    null,
  )

  // the shipped model is fetched only when this view shows it
  useEffect(() => {
    const shipped = shippedInput(params.src)
    if (shipped && !models[params.src] && !useModel.getState().loading)
      void loadModel(params.src, shipped.input, shipped.label)
  }, [params.src, models])

  // a report that failed (not cancelled): said so, instead of "Computing…" for ever (after a worker gave up, the
  // page's own reading of the model can fail too: the file changed, or the shipped one is not at hand offline)
  const [failed, setFailed] = useState<{ handle: Handle; settings: ReportSettings; detail: string } | null>(
    null,
  )
  useEffect(() => {
    if (!handle) return
    let live = true
    handle.api.report(settings).then(
      (r) => live && setRows({ handle, settings, rows: r }),
      (e: unknown) => {
        // cancelled (newer settings, another model), or the model was replaced: nothing to show
        if (!live || isCancelled(e)) return
        setFailed({ handle, settings, detail: e instanceof Error ? e.message : String(e) })
      },
    )
    return () => {
      live = false
      // a stale report stops at its next layer instead of holding up the new one (serve.ts)
      handle.api.cancel('report')
    }
  }, [handle, settings])

  // the previous report stays on screen while the next one is computed
  const shown = rows && rows.handle === handle ? rows.rows : null
  const failedNow = failed && failed.handle === handle && failed.settings === settings ? failed : null
  const busy = !!handle && !failedNow && (!rows || rows.handle !== handle || rows.settings !== settings)
  const hasBn = !!handle?.layers.some((l) => l.bn)
  const picked = resolveLayer(params.layer, shown ?? [], handle?.layers ?? [])
  const selected = picked.row
  // an axis the link chose for a layer the model does not have, or that the layer does not have: ignored
  const axisNotices: ParamNotice[] = handle
    ? Object.entries(params.axes)
        .filter(([name, a]) => {
          const l = handle.layers.find((x) => x.name === name)
          return !l || a >= l.shape.length
        })
        .map(([name, a]) => ({ key: 'axis', value: `${name}:${a}`, reason: 'invalid' as const, used: '' }))
    : []
  const allNotices = [...notices, ...axisNotices]

  const onFiles = (list: FileList | File[] | null) => {
    const files = list ? Array.from(list) : []
    if (files.length === 0) return
    const label = files.map((f) => f.name).join(', ')
    void loadModel('loaded', { files }, label).then((ok) => {
      if (ok) setParams({ src: 'loaded', layer: null, axes: {} })
    })
  }

  return (
    <div className="page model-page">
      <h1>{t('model.title')}</h1>
      <p className="lede">{t('model.intro')}</p>
      <LinkMessages notices={allNotices} />
      <SourcePanel params={params} setParams={setParams} onFiles={onFiles} />
      {/* each model's own notice: the one shown, and the one loading (its worker can give up meanwhile) */}
      {handle && <ModelWorkerNotice notice={handle.notice} label={handle.label} />}
      {handle && <SkippedNotice handle={handle} />}
      {loading && loading.notice !== handle?.notice && (
        <ModelWorkerNotice notice={loading.notice} label={loading.what} />
      )}
      {loading && <ProgressBar />}
      {info === 'cancelled' && !loading && (
        <p className="notice" role="status">
          {t('model.cancelled')}
        </p>
      )}
      {errors.length > 0 && (
        <div className="notices" role="alert">
          {errors.map((e) => (
            <div key={e.id} className="notice error">
              {/* (an unexpected failure's own words, in English, only as a tooltip) */}
              <span title={e.code === 'unknown' && e.detail ? e.detail : undefined}>
                {modelErrorText(t, uiLang, e)} {e.kept && t('model.kept')}
              </span>
              <button type="button" className="small" onClick={() => dismissError(e.id)} aria-label="×">
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      {failedNow && (
        // (the engine's own words, in English, only as the notice's title: the sentence is in the page's language)
        <p className="notice error" role="alert" data-message="model.reportFailed" title={failedNow.detail}>
          {t('model.reportFailed')}
        </p>
      )}
      {params.src === 'loaded' && !handle && !loading && <p className="notice">{t('model.noLoaded')}</p>}
      {params.src === 'mobilenet' && <AboutMobilenet handle={models.mobilenet} />}
      {(params.src === 'digits-mlp' || params.src === 'digits-cnn') && (
        <p className="model-accuracy-link">
          <a
            href={buildHash(
              { name: 'accuracy' },
              new URLSearchParams({
                ...(params.src === 'digits-cnn' ? { net: 'cnn' } : {}),
                ...(lang ? { lang } : {}),
              }),
            )}
          >
            {t('model.accuracyLink')}
          </a>
        </p>
      )}
      {handle && (
        <>
          <Settings
            params={params}
            setParams={setParams}
            hasBn={hasBn}
            rows={shown}
            handle={handle}
            busy={busy}
          />
          {shown && (
            <Glance handle={handle} rows={shown} params={params} onSelect={(n) => setParams({ layer: n })} />
          )}
          {shown && <NonFiniteNotice rows={shown} />}
          {shown && (
            <ReportTable
              rows={shown}
              selected={params.layer}
              onSelect={(n) => setParams({ layer: n })}
              params={params}
              onSort={(sort) => setParams({ sort })}
            />
          )}
          {shown && params.layer && picked.how === 'first' && (
            <p className="notice">{t('model.layer.unknown', { name: echo(params.layer, t) })}</p>
          )}
          {shown && params.layer && picked.how === 'extra' && selected && (
            <p className="notice">
              {t('model.layer.extra', { name: echo(params.layer, t), layer: selected.name })}
            </p>
          )}
          {selected ? (
            <LayerDetail
              key={`${handle.label}:${selected.name}`}
              handle={handle}
              row={selected}
              settings={settings}
              params={params}
              setAxis={(a) => {
                // the layer's own axis is left out of the link
                const axes = Object.fromEntries(
                  Object.entries(params.axes).filter(([n]) => n !== selected.name),
                )
                setParams({ axes: a === selected.defaultAxis ? axes : { ...axes, [selected.name]: a } })
              }}
            />
          ) : (
            shown && <p className="muted">{t('model.layer.none')}</p>
          )}
        </>
      )}
    </div>
  )
}

function SourcePanel({
  params,
  setParams,
  onFiles,
}: {
  params: ModelParams
  setParams: (p: Partial<ModelParams>) => void
  onFiles: (f: FileList | File[] | null) => void
}) {
  const t = useT()
  const loaded = useModel((s) => s.models.loaded)
  const [over, setOver] = useState(false)
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setOver(false)
    onFiles(e.dataTransfer.files)
  }
  return (
    <section className="panel model-source" aria-label={t('model.source')}>
      <fieldset className="src-choice">
        <legend>{t('model.source')}</legend>
        {MODEL_SOURCES.map((s) => (
          <label key={s}>
            <input
              type="radio"
              name="model-src"
              value={s}
              checked={params.src === s}
              onChange={() => setParams({ src: s, layer: null, axes: {} })}
            />{' '}
            {t(`model.src.${s}`)}
            {s === 'loaded' && loaded && <span className="muted"> ({loaded.label})</span>}
          </label>
        ))}
      </fieldset>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('model.drop')}</p>
        <label className="file-pick">
          <span className="button-like">{t('model.pick')}</span>
          <input
            type="file"
            multiple
            className="sr-only"
            data-testid="model-files"
            accept=".safetensors,.npz,.npy,.json,.bin,.onnx"
            onChange={(e) => {
              onFiles(e.currentTarget.files)
              e.currentTarget.value = ''
            }}
          />
        </label>
        <p className="muted small-print">{t('model.privacy')}</p>
      </div>
    </section>
  )
}

/** Says that the model `label` is read and computed on the page, and why (its client's record `notice`). */
function ModelWorkerNotice({ notice, label }: { notice: string; label: string }) {
  const t = useT()
  const detail = useWorkerFailure(notice)
  if (detail === null) return null
  return (
    <p className="notice" role="status" data-message="model.workerFallback">
      {t('model.workerFallback', { model: label, detail })}
    </p>
  )
}

/** Names the members of the model's .npz archives that are not arrays, which were left unread. */
function SkippedNotice({ handle }: { handle: Handle }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  return handle.skipped.map((s, i) => (
    <p key={`${i}:${s.file}`} className="notice" role="status" data-message="model.skipped">
      {t('model.skipped', {
        n: fmtInt(s.members.length, lang),
        file: s.file,
        names: nameList(t, lang, s.members),
      })}
    </p>
  ))
}

function ProgressBar() {
  const t = useT()
  const l = useModel((s) => s.loading)
  if (!l) return null
  const pct = l.total > 0 ? Math.round((100 * l.done) / l.total) : undefined
  const text =
    l.stage === 'read'
      ? l.total > 0
        ? t('model.progress.read', { done: bytes(l.done), total: bytes(l.total) })
        : t('model.loading', { what: l.what })
      : l.stage === 'parse'
        ? t('model.progress.parse')
        : t('model.progress.report', { done: l.done, total: l.total })
  return (
    <div className="model-progress panel" role="status" aria-live="polite">
      <span>{t('model.loading', { what: l.what })}</span>
      <progress max={100} value={pct} aria-label={text} />
      <span className="muted">{text}</span>
      <button type="button" onClick={cancelLoad}>
        {t('model.cancel')}
      </button>
    </div>
  )
}

function AboutMobilenet({ handle }: { handle: Handle | undefined }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  return (
    <section className="panel model-about" aria-labelledby="model-about-h">
      <h2 id="model-about-h">{t('model.about.title')}</h2>
      <p>{t('model.about.origin')}</p>
      {handle && (
        <p>
          {t('model.about.tfjs', {
            n: fmtInt(handle.overview.params, lang),
            // one byte per parameter (test/unit/mobilenetManifest.test.ts: every tensor shown is uint8 codes)
            bytes: bytes(handle.overview.params),
            f32: bytes(4 * handle.overview.params),
          })}
        </p>
      )}
      <p>{t('model.about.fold')}</p>
    </section>
  )
}

function Settings({
  params,
  setParams,
  hasBn,
  rows,
  handle,
  busy,
}: {
  params: ModelParams
  setParams: (p: Partial<ModelParams>, replace?: boolean) => void
  hasBn: boolean
  rows: LayerRow[] | null
  handle: Handle
  busy: boolean
}) {
  const t = useT()
  const exportCsv = () => {
    if (!rows) return
    const head = [
      'layer',
      'kind',
      'shape',
      'params',
      'axis',
      'folded',
      'min',
      'max',
      'channel_range_spread',
      'sqnr_tensor_db',
      'sqnr_channel_db',
      `sqnr_group${params.group}_db`,
      'rmse_over_scale',
      'non_finite',
      'extras',
    ]
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
    const lines = rows.map((r) =>
      [
        r.name,
        r.kind,
        r.shape.join('x'),
        r.params,
        r.axis,
        r.folded ? 1 : 0,
        r.min,
        r.max,
        r.channelRangeSpread,
        r.perTensorSqnrDb,
        r.perChannelSqnrDb,
        r.groupSqnrDb ?? '',
        r.rmseOverScale,
        r.nonFinite,
        r.extras.map((e) => e.name).join(' '),
      ]
        // a figure a weight with NaN or ±∞ does not have is left empty
        .map((v) => (typeof v === 'number' && Number.isNaN(v) ? '' : q(String(v))))
        .join(','),
    )
    download(
      `model-report-${params.bits}bit.csv`,
      new Blob([[head.join(','), ...lines].join('\n') + '\n'], { type: 'text/csv' }),
    )
  }
  const exportJson = () => {
    if (!rows) return
    // JSON has no ∞: spelled out; no figure (NaN, a weight with NaN or ±∞) is null
    const inf = (v: number | undefined) =>
      v === undefined || Number.isFinite(v) ? v : Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity'
    const body = {
      model: handle.label,
      format: handle.overview.format,
      settings: { bits: params.bits, group: params.group, fold: params.fold },
      layers: rows.map((r) => ({
        name: r.name,
        kind: r.kind,
        shape: r.shape,
        params: r.params,
        axis: r.axis,
        folded: r.folded,
        extras: r.extras.map((e) => e.name),
        min: inf(r.min),
        max: inf(r.max),
        channelRangeSpread: inf(r.channelRangeSpread),
        perTensorSqnrDb: inf(r.perTensorSqnrDb),
        perChannelSqnrDb: inf(r.perChannelSqnrDb),
        groupSqnrDb: inf(r.groupSqnrDb),
        rmseOverScale: inf(r.rmseOverScale),
        nonFinite: r.nonFinite,
      })),
    }
    download(
      `model-report-${params.bits}bit.json`,
      new Blob([JSON.stringify(body, null, 1)], { type: 'application/json' }),
    )
  }
  return (
    <section className="panel model-settings" aria-label={t('model.settings')}>
      <label>
        {t('model.bits')}{' '}
        <input
          type="range"
          min={2}
          max={8}
          step={1}
          value={params.bits}
          onChange={(e) => setParams({ bits: Number(e.currentTarget.value) }, true)}
        />{' '}
        <output className="mono">{params.bits}</output>
      </label>
      <label>
        {t('model.group')}{' '}
        <select value={params.group} onChange={(e) => setParams({ group: Number(e.currentTarget.value) })}>
          {!(GROUPS as readonly number[]).includes(params.group) && (
            <option value={params.group}>{params.group}</option>
          )}
          {GROUPS.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <label title={hasBn ? undefined : t('model.foldNone')}>
        <input
          type="checkbox"
          checked={params.fold}
          disabled={!hasBn}
          onChange={(e) => setParams({ fold: e.currentTarget.checked })}
        />{' '}
        {t('model.fold')}
      </label>
      <span className="spacer" />
      {busy && (
        <span className="muted" role="status">
          {t('model.busy')}
        </span>
      )}
      <button type="button" onClick={exportCsv} disabled={!rows}>
        {t('model.exportCsv')}
      </button>
      <button type="button" onClick={exportJson} disabled={!rows}>
        {t('model.exportJson')}
      </button>
    </section>
  )
}

function Glance({
  handle,
  rows,
  params,
  onSelect,
}: {
  handle: Handle
  rows: LayerRow[]
  params: ModelParams
  onSelect: (n: string) => void
}) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const o = handle.overview
  const extras = o.params - o.weightParams
  let int8 = extras * 4
  let int8Scales = 0
  let int4 = extras * 4
  let int4Scales = 0
  for (const r of rows) {
    const n = r.shape.reduce((a, b) => a * b, 1)
    const perCh = n / Math.max(1, r.channels)
    int8 += n
    int8Scales += r.channels * 4
    int4 += n / 2
    int4Scales += r.channels * Math.ceil(perCh / params.group) * 4
  }
  int8 += int8Scales
  int4 += int4Scales
  // the lowest per-tensor SQNR among the layers that have one (not those holding NaN or ±∞)
  let worst: LayerRow | null = null
  for (const r of rows)
    if (!Number.isNaN(r.perTensorSqnrDb) && (!worst || r.perTensorSqnrDb < worst.perTensorSqnrDb)) worst = r
  return (
    <section className="model-glance" aria-labelledby="glance-h">
      <h2 id="glance-h">{t('model.glance')}</h2>
      <dl className="glance-grid panel">
        <div>
          <dt>{t('model.params')}</dt>
          <dd className="mono" data-testid="model-params">
            {fmtInt(o.params, lang)}
          </dd>
        </div>
        <div>
          <dt>{t('model.weightTensors')}</dt>
          <dd className="mono">{o.layerCount}</dd>
        </div>
        <div>
          <dt>{t('model.fileSize')}</dt>
          <dd className="mono">{bytes(o.fileBytes)}</dd>
        </div>
        <div>
          <dt>{t('model.size.f32')}</dt>
          <dd className="mono">{bytes(o.params * 4)}</dd>
        </div>
        <div>
          <dt>{t('model.size.int8')}</dt>
          <dd className="mono">
            {bytes(int8)}{' '}
            <small className="muted">{t('model.size.scales', { size: bytes(int8Scales) })}</small>
          </dd>
        </div>
        <div>
          <dt>{t('model.size.int4', { group: params.group })}</dt>
          <dd className="mono">
            {bytes(int4)}{' '}
            <small className="muted">{t('model.size.scales', { size: bytes(int4Scales) })}</small>
          </dd>
        </div>
      </dl>
      <ChartFrame
        title={t('model.chart.title')}
        name="model-sqnr"
        summary={
          worst
            ? t('model.chart.summary', {
                n: rows.length,
                bits: params.bits,
                worst: worst.name,
                db: db(worst.perTensorSqnrDb, t),
              })
            : t('model.chart.summaryNone', { n: rows.length, bits: params.bits })
        }
      >
        <SqnrChart
          rows={rows}
          selected={params.layer}
          onSelect={onSelect}
          labels={{
            tensor: t('model.chart.tensor'),
            channel: t('model.chart.channel'),
            layer: t('model.chart.layer'),
            depthwise: t('model.chart.depthwise'),
            nonFinite: t('model.nonFinite.chart'),
          }}
        />
      </ChartFrame>
    </section>
  )
}

/** Layers whose weights hold NaN or ±∞: how many, and what the page does about them. */
function NonFiniteNotice({ rows }: { rows: LayerRow[] }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  let layers = 0
  let count = 0
  for (const r of rows)
    if (r.nonFinite > 0) {
      layers++
      count += r.nonFinite
    }
  if (layers === 0) return null
  return (
    <p className="notice" role="status" data-testid="non-finite-notice">
      {t('model.nonFinite.notice', { layers, total: rows.length, count: fmtInt(count, lang) })}
    </p>
  )
}

function ReportTable({
  rows,
  selected,
  onSelect,
  params,
  onSort,
}: {
  rows: LayerRow[]
  selected: string | null
  onSelect: (n: string) => void
  params: ModelParams
  onSort: (s: TableSort) => void
}) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const sort = params.sort
  const worst = useMemo(() => {
    const ranked = rows
      .map((r) => ({ name: r.name, l: loss(r) }))
      .filter((x) => x.l >= 3)
      .sort((a, b) => b.l - a.l)
      .slice(0, 5)
    return new Map(ranked.map((x) => [x.name, x.l]))
  }, [rows])
  const sorted = useMemo(() => {
    const f = SORTERS[sort.key]
    const idx = rows.map((r, i) => ({ r, i, v: f(r, i) }))
    idx.sort((a, b) => compareRows(a, b, sort.dir))
    return idx
  }, [rows, sort.key, sort.dir])
  const head = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() =>
          onSort({
            key,
            dir:
              sort.key === key
                ? (-sort.dir as 1 | -1)
                : key === 'order' || key === 'name' || key === 'kind'
                  ? 1
                  : -1,
          })
        }
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  )
  return (
    // a scrolling region must be reachable by keyboard
    <div className="model-table-wrap panel" tabIndex={0} role="region" aria-label={t('model.table.caption')}>
      <table className="model-table">
        <caption>{t('model.table.caption')}</caption>
        <thead>
          <tr>
            {head('order', '#')}
            {head('name', t('model.col.name'))}
            {head('kind', t('model.col.kind'))}
            <th scope="col">{t('model.col.shape')}</th>
            {head('params', t('model.col.params'))}
            <th scope="col">{t('model.col.range')}</th>
            {head('spread', t('model.col.spread'))}
            {head('tensor', t('model.col.tensor'))}
            {head('channel', t('model.col.channel'))}
            {head('group', `${t('model.col.group')} g=${params.group}`)}
            {head('rmse', t('model.col.rmse'))}
          </tr>
        </thead>
        <tbody>
          {sorted.map(({ r, i }) => {
            const w = worst.get(r.name)
            return (
              <tr
                key={r.name}
                data-layer={r.name}
                className={`${r.name === selected ? 'selected' : ''} ${w !== undefined ? 'worst' : ''} kind-${r.kind}`}
                aria-selected={r.name === selected}
              >
                <td className="mono">{i}</td>
                <th scope="row" className="layer-name">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onSelect(r.name)}
                    aria-label={t('model.select', { name: r.name })}
                  >
                    {visibleText(r.name)}
                  </button>
                  {r.folded && <span className="tag">{t('model.folded')}</span>}
                  {r.nonFinite > 0 && (
                    <span className="tag tag-warn" data-testid="non-finite-tag">
                      {t('model.nonFinite.tag', { count: fmtInt(r.nonFinite, lang) })}
                    </span>
                  )}
                  {w !== undefined && (
                    <span className="worst-tag">
                      ▲ {t('model.worst', { db: Number.isFinite(w) ? w.toFixed(1) : '∞' })}
                    </span>
                  )}
                  {r.extras.length > 0 && (
                    <ul className="extras">
                      {r.extras.map((e) => (
                        <li key={e.name} className="mono">
                          {visibleText(e.name)} [{e.shape.join('×')}]
                        </li>
                      ))}
                    </ul>
                  )}
                </th>
                <td>{t(`model.kind.${r.kind}` as MessageKey)}</td>
                <td className="mono">[{r.shape.join('×')}]</td>
                <td className="mono num">{fmtInt(r.params, lang)}</td>
                <td className="mono">
                  {num(r.min)} … {num(r.max)}
                </td>
                <td className="mono num">{spread(r.channelRangeSpread, lang)}</td>
                <td className="mono num sqnr-t">{db(r.perTensorSqnrDb, t)}</td>
                <td className="mono num sqnr-c">{db(r.perChannelSqnrDb, t)}</td>
                <td className="mono num sqnr-g">{db(r.groupSqnrDb, t)}</td>
                <td className="mono num">{fixed(r.rmseOverScale, 3)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function LayerDetail({
  handle,
  row,
  settings,
  params,
  setAxis,
}: {
  handle: Handle
  row: LayerRow
  settings: ReportSettings
  params: ModelParams
  setAxis: (a: number) => void
}) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const navigate = useApp((s) => s.navigate)
  const [detail, setDetail] = useState<Awaited<ReturnType<Handle['api']['detail']>> | null>(null)
  useEffect(() => {
    let live = true
    handle.api.detail(row.name, settings).then(
      (d) => live && setDetail(d),
      // cancelled (another layer, newer settings), or the model was replaced meanwhile: nothing to show
      () => undefined,
    )
    return () => {
      live = false
      // a stale detail (another layer, newer settings) stops at its next slice instead of holding up the new
      // one; so does a matrix for "open in the Lab" still being made for the layer left (openInLab then stays)
      handle.api.cancel('detail')
      handle.api.cancel('matrix')
    }
  }, [handle, row.name, settings])
  const n = row.shape.reduce((a, b) => a * b, 1)
  const cols = n / Math.max(1, row.channels)
  const fitsLab = row.channels <= 4096 && n <= MAX_N && row.nonFinite === 0
  const [refused, setRefused] = useState<{ name: string; key: MessageKey; detail: string } | null>(null)
  const openInLab = async () => {
    let m
    try {
      m = await handle.api.matrix(row.name, settings)
    } catch (e) {
      // another layer or newer settings were chosen, or the model was replaced meanwhile: nothing to open
      if (isCancelled(e)) return
      setRefused({ name: `${handle.label} · ${row.name}`, ...engineReason(e) })
      return
    }
    const d: LoadedData = {
      name: `${handle.label} · ${row.name}`,
      data: m.data,
      shape: [m.rows, m.cols],
      dropped: 0,
    }
    // the Lab's engine checks the tensor first: only what it accepts replaces the Lab's data and the saved copy
    let summary
    try {
      summary = await acceptLoaded(d)
    } catch (e) {
      setRefused({ name: d.name, ...engineReason(e) })
      return
    }
    takeLoaded(d, summary)
    const lp = {
      ...defaultLabParams(),
      dist: 'loaded' as const,
      gran: 'channel' as const,
      axis: 'row' as const,
      rows: m.rows,
      bits: params.bits,
    }
    navigate({ name: 'lab', tab: 'tensor' }, encodeLabParams(lp))
  }
  let lo = Infinity
  let hi = 0
  if (detail)
    for (const v of detail.chMax) {
      if (v > 0 && v < lo) lo = v
      if (v > hi) hi = v
    }
  const levels = 2 ** params.bits - 1
  return (
    <section className="model-detail" aria-labelledby="detail-h">
      <h2 id="detail-h">{t('model.layer.title', { name: row.name })}</h2>
      <div className="panel detail-head">
        <label>
          {t('model.axis')}{' '}
          <select
            value={row.axis}
            onChange={(e) => setAxis(Number(e.currentTarget.value))}
            data-testid="axis-select"
          >
            {row.shape.map((size, a) => (
              <option key={a} value={a}>
                {t('model.axis.option', {
                  axis: a,
                  size,
                  conv:
                    a === row.defaultAxis && row.layout
                      ? t('model.axis.convention', { layout: row.layout })
                      : '',
                })}
              </option>
            ))}
          </select>
        </label>
        <p>
          {t('model.stored')}: <span className="mono">{row.stored}</span>
          {row.folded && <span className="tag">{t('model.folded')}</span>}
        </p>
        {row.tfjsQuant && (
          <p className="small-print">
            {t('model.tfjsQuant', {
              dtype: row.tfjsQuant.dtype,
              scale: num(row.tfjsQuant.scale),
              min: num(row.tfjsQuant.min),
            })}
          </p>
        )}
        {row.nonFinite > 0 && (
          <p className="notice" data-testid="non-finite-detail">
            {t('model.nonFinite.detail', { count: fmtInt(row.nonFinite, lang) })}
          </p>
        )}
        <button type="button" className="primary" onClick={() => void openInLab()} disabled={!fitsLab}>
          {t('model.openLab')}
        </button>{' '}
        <span className="muted">{t('model.openLabHint', { rows: row.channels, cols })}</span>
        {refused && (
          <p className="notice error" role="alert">
            {t('load.rejected', { name: refused.name })} {t(refused.key, { detail: refused.detail })}
          </p>
        )}
      </div>
      {detail && (
        <div className="detail-charts">
          <ChartFrame
            title={t('model.chMax.title')}
            name="model-channel-max"
            summary={t('model.chMax.summary', {
              n: detail.chMax.length,
              hi: num(hi),
              lo: num(Number.isFinite(lo) ? lo : 0),
              // from the channel maxima drawn (the finite values'), as the table's spread is for a finite weight
              spread: fixed(hi > 0 && Number.isFinite(lo) ? hi / lo : 1, 1),
              t: num(hi),
              levels,
            })}
          >
            <ChannelMaxChart
              chMax={detail.chMax}
              xLabel={t('model.chMax.channel')}
              tLabel={t('model.chMax.threshold')}
            />
          </ChartFrame>
          <ChartFrame
            title={t('model.hist.title')}
            name="model-histogram"
            summary={t('model.hist.summary', {
              n: fmtInt(n - row.nonFinite, lang),
              lo: num(detail.hist.lo),
              hi: num(detail.hist.hi),
            })}
          >
            <WeightHistogram hist={detail.hist} label={t('model.hist.title')} />
          </ChartFrame>
        </div>
      )}
    </section>
  )
}

/**
 * `#/model/accuracy`: a small network trained on the UCI digits, quantized with the Lab's settings and run in
 * integers in a worker; float vs quantized accuracy, which answers changed, the error layer by layer, each
 * layer's sensitivity (one click keeps it in float), accuracy against activation bits for every calibrator,
 * the images it now gets wrong and any layer's input histogram. All of it recomputed on every change.
 * Embedded in chapter 9 (`embed` = the widget's initial query, `parts` = the panels shown), the state stays
 * in the component and the page's link is left alone.
 */
import { memo, useEffect, useId, useMemo, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { CurveChart } from '../../charts/CurveChart'
import { fmt, fmtInt } from '../../charts/format'
import { HistogramChart, type Marker } from '../../charts/HistogramChart'
import { histogram } from '../../core'
import { useT, type MessageKey, type T } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { useAfterCommit } from '../../lab/useAfterCommit'
import { saveLoaded } from '../../lab/loadedDb'
import {
  ACC_CALIBS,
  ACC_VARIANTS,
  ACCURACY_PRESETS,
  decodeAccuracyParams,
  encodeAccuracyParams,
  NET_LAYERS,
  NETS,
  presetParams,
  TRAIN_ROWS,
  WGRANS,
  type AccuracyParams,
  type AccuracyPreset,
} from '../../params/accuracyParams'
import { CALIBRATORS, DATA_CALIBRATORS } from '../../registry/calibrators'
import { useApp } from '../../state/appStore'
import { defaultLabParams, encodeLabParams } from '../../state/labParams'
import { WorkerNotice } from '../../app/WorkerNotice'
import { engineCode } from '../../engine/engineError'
import { NumberField, Segmented, Select, Toggle } from '../lab/controls'
import { SettingsDrawer } from '../lab/SettingsDrawer'
import { SummaryValue } from '../lab/SummaryStrip'
import { Busy, useLinkParams } from '../ops/common'
import { LinkMessages } from '../lab/Messages'
import { ConfusionMatrix, Digit, LayerSqnrChart } from './charts'
import type { EvalView, NetInfo } from '../../engine/accuracyTypes'
import { db, pct } from './format'
import {
  backgroundFor,
  prefetchEvaluation,
  SWEEP_BITS,
  useActivations,
  useBitsSweep,
  useCoalesced,
  useEvaluation,
  useNetInfo,
  useSensitivity,
} from './useAccuracy'
import '../ops/ops.css'
import './accuracy.css'

type Set = (patch: Partial<AccuracyParams>, replace?: boolean) => void

export type AccuracyPart =
  'metrics' | 'presets' | 'layers' | 'confusion' | 'bits' | 'acts' | 'misses' | 'data'
const ALL_PARTS: readonly AccuracyPart[] = [
  'metrics',
  'presets',
  'layers',
  'confusion',
  'bits',
  'acts',
  'misses',
  'data',
]

/** A labelled range slider: every step replaces the link (a drag is one history entry). */
/** A failure's message: a network failure (coded by the engine) has its own, anything else "could not evaluate". */
function accuracyFailure(error: string | null): { key: MessageKey; detail: string } | null {
  if (error === null) return null
  const c = engineCode(error)
  return c?.code === 'network'
    ? { key: 'acc.err.network', detail: c.detail }
    : { key: 'acc.failed', detail: error.slice(0, 300) }
}

function RangeField({
  label,
  value,
  min,
  max,
  name,
  onChange,
}: {
  label: string
  value: number
  min: number
  max: number
  name: string
  onChange: (v: number) => void
}) {
  const id = useId()
  return (
    <div className="field acc-range">
      <label htmlFor={id}>{label}</label>
      <div className="acc-range-row">
        <input
          id={id}
          name={name}
          type="range"
          min={min}
          max={max}
          step={1}
          value={value}
          onChange={(e) => onChange(Number(e.currentTarget.value))}
        />
        <output htmlFor={id} className="figure-num">
          {value}
        </output>
      </div>
    </div>
  )
}

function PresetButtons({ set }: { set: Set }) {
  const t = useT()
  return (
    <div className="button-row acc-presets" role="group" aria-label={t('acc.presets')}>
      {ACCURACY_PRESETS.map((pr) => (
        <button
          key={pr.id}
          type="button"
          className="small"
          data-preset={pr.id}
          onClick={() => set(presetParams(pr))}
        >
          {t(`acc.preset.${pr.id}`)}
        </button>
      ))}
    </div>
  )
}

const Controls = memo(function Controls({ p, set }: { p: AccuracyParams; set: Set }) {
  const t = useT()
  const invalid = (min: number, max: number) => t('acc.invalidNumber', { min, max })
  return (
    <SettingsDrawer label={t('acc.controls')}>
      <Segmented
        legend={t('acc.net')}
        name="net"
        value={p.net}
        options={NETS.map((n) => ({ value: n, label: t(`acc.net.${n}`) }))}
        onChange={(net) => set({ net, float: [] })}
      />
      <h2 className="acc-h">{t('acc.presets')}</h2>
      <PresetButtons set={set} />
      <section className="control-group" aria-labelledby="acc-w">
        <h2 id="acc-w">{t('acc.weights')}</h2>
        <RangeField
          label={t('acc.wbits')}
          name="wbits"
          value={p.wbits}
          min={2}
          max={8}
          onChange={(wbits) => set({ wbits }, true)}
        />
        <Segmented
          legend={t('acc.wgran')}
          name="wgran"
          value={p.wgran}
          options={WGRANS.map((g) => ({ value: g, label: t(`acc.wgran.${g}`) }))}
          onChange={(wgran) => set({ wgran })}
        />
        {p.wgran === 'group' && (
          <Select
            label={t('acc.group')}
            name="group"
            value={String(p.group)}
            options={['8', '16', '32', '64', '128', '256'].map((g) => ({ value: g, label: g }))}
            onChange={(g) => set({ group: Number(g) })}
          />
        )}
      </section>
      <section className="control-group" aria-labelledby="acc-a">
        <h2 id="acc-a">{t('acc.acts')}</h2>
        <RangeField
          label={t('acc.abits')}
          name="abits"
          value={p.abits}
          min={2}
          max={8}
          onChange={(abits) => set({ abits }, true)}
        />
        <Select
          label={t('acc.calib')}
          name="calib"
          value={p.calib}
          options={ACC_CALIBS.map((c) => ({ value: c, label: t(CALIBRATORS[c].labelKey) }))}
          onChange={(calib) => set({ calib })}
        />
        {p.calib === 'entropy' && (
          <Select
            label={t('acc.variant')}
            name="variant"
            value={p.variant}
            options={ACC_VARIANTS.map((v) => ({ value: v, label: t(`acc.variant.${v}`) }))}
            onChange={(variant) => set({ variant })}
          />
        )}
        {p.calib === 'percentile' && (
          <NumberField
            label={t('acc.pct')}
            name="pct"
            value={p.pct}
            min={0.001}
            max={100}
            onCommit={(pct) => set({ pct })}
            invalidText={invalid}
          />
        )}
        <RangeField
          label={t('acc.ncal')}
          name="ncal"
          value={p.ncal}
          min={1}
          max={TRAIN_ROWS}
          onChange={(ncal) => set({ ncal }, true)}
        />
      </section>
      <section className="control-group" aria-labelledby="acc-tr">
        <h2 id="acc-tr">{t('acc.traitor')}</h2>
        <Toggle
          label={t('acc.traitorOn')}
          name="traitorOn"
          checked={p.traitor !== null}
          onChange={(on) => set({ traitor: on ? 40 : null })}
        />
        {p.traitor !== null && (
          <NumberField
            label={t('acc.traitorValue')}
            name="traitor"
            value={p.traitor}
            min={-1e6}
            max={1e6}
            onCommit={(traitor) => set({ traitor })}
            invalidText={invalid}
          />
        )}
        <p className="muted small">{t('acc.traitorNote')}</p>
      </section>
      <fieldset className="control-group acc-float">
        <legend>{t('acc.float')}</legend>
        {NET_LAYERS[p.net].map((l) => (
          <Toggle
            key={l}
            label={l}
            name={`float-${l}`}
            checked={p.float.includes(l)}
            onChange={(on) => set({ float: on ? [...p.float, l] : p.float.filter((x) => x !== l) })}
          />
        ))}
      </fieldset>
    </SettingsDrawer>
  )
})

/** "name: value; name: value" for a caption, with each language's own punctuation (Chinese：and；). */
function captionList(t: T, items: [string, string][]): string {
  return items.map(([name, value]) => t('acc.caption.item', { name, value })).join(t('acc.caption.sep'))
}

function Metrics({ e, stale }: { e: EvalView; stale: boolean }) {
  const t = useT()
  const items: [string, string, string, string][] = [
    ['float-accuracy', t('acc.floatAcc'), pct(e.floatAccuracy), ''],
    ['quant-accuracy', t('acc.quantAcc'), pct(e.quantAccuracy), ''],
    ['changed', t('acc.changed'), t('acc.changedOf', { n: e.changed, total: e.testN }), ''],
    [
      'drop',
      t('acc.drop'),
      t('acc.points', { v: ((e.floatAccuracy - e.quantAccuracy) * 100).toFixed(2) }),
      '',
    ],
  ]
  return (
    <div
      className="summary-strip acc-metrics"
      role="group"
      aria-label={t('acc.summary')}
      data-stale={stale ? '' : undefined}
      aria-busy={stale}
    >
      <dl>
        {items.map(([k, label, value]) => (
          <div key={k} className="summary-item" data-key={k}>
            <dt>{label}</dt>
            <SummaryValue value={value} metric={k} />
          </div>
        ))}
      </dl>
    </div>
  )
}

/** What the current settings mean, in one sentence (the story without a click). */
function Story({ p, e }: { p: AccuracyParams; e: EvalView }) {
  const t = useT()
  const drop = e.floatAccuracy - e.quantAccuracy
  const key: MessageKey =
    e.quantAccuracy < 0.3 ? 'acc.story.collapse' : drop > 0.02 ? 'acc.story.drop' : 'acc.story.fine'
  return (
    <p className="acc-story" data-story={key}>
      {t(key, {
        wbits: p.wbits,
        abits: p.abits,
        calib: t(CALIBRATORS[p.calib].labelKey),
        q: pct(e.quantAccuracy),
        f: pct(e.floatAccuracy),
        n: e.changed,
      })}
      {p.traitor !== null && t('acc.story.traitor', { v: fmt(p.traitor, 6) })}
    </p>
  )
}

/** The teacher's presets as cards, each with its own quantized accuracy, computed on load. */
function PresetCards({
  p,
  set,
  ready,
  hold,
}: {
  p: AccuracyParams
  set: Set
  ready: boolean
  hold: boolean
}) {
  const t = useT()
  const key = ready ? 'presets' : null
  const job = useCoalesced(
    key,
    async () => {
      const out: Record<string, number> = {}
      for (const pr of ACCURACY_PRESETS) {
        const q = presetParams(pr)
        // the preset's network may not be the one on screen: load it (once) first
        const r = await (await backgroundFor(q.net)).evaluate(q)
        out[pr.id] = r.quantAccuracy
      }
      return out
    },
    hold,
  )
  const current = (pr: AccuracyPreset) => JSON.stringify(presetParams(pr)) === JSON.stringify(p)
  return (
    <section className="panel span-2 acc-story-panel" aria-labelledby="acc-presets-h" data-panel="presets">
      <h3 id="acc-presets-h">{t('acc.presets.title')}</h3>
      <p className="muted small">{t('acc.presets.intro')}</p>
      <ol className="acc-cards">
        {ACCURACY_PRESETS.map((pr) => (
          <li key={pr.id} data-preset-card={pr.id} className={current(pr) ? 'on' : undefined}>
            <button type="button" onClick={() => set(presetParams(pr))} aria-pressed={current(pr)}>
              <span className="acc-card-name">{t(`acc.preset.${pr.id}`)}</span>
              <span className="acc-card-acc figure-num">{job.result ? pct(job.result[pr.id]) : '…'}</span>
              <span className="acc-card-note muted small">{t(`acc.presetNote.${pr.id}`)}</span>
            </button>
          </li>
        ))}
      </ol>
      {job.error && (
        <p className="notice error">
          {t(accuracyFailure(job.error)!.key, { detail: accuracyFailure(job.error)!.detail })}
        </p>
      )}
    </section>
  )
}

function LayersPanel({
  p,
  set,
  e,
  ready,
  hold,
}: {
  p: AccuracyParams
  set: Set
  e: EvalView
  ready: boolean
  hold: boolean
}) {
  const t = useT()
  const sens = useSensitivity(p, ready, hold)
  return (
    <section className="panel span-2" aria-labelledby="acc-layers-h" data-panel="layers">
      <h3 id="acc-layers-h">{t('acc.layers.title')}</h3>
      <p className="muted small">{t('acc.layers.intro')}</p>
      <div className="acc-layers-grid">
        <ChartFrame
          title={t('acc.sqnr.title')}
          name="accuracy-sqnr"
          summary={captionList(
            t,
            e.layers.map((l) => [l.name, l.quantized ? db(l.sqnrDb) : t('acc.inFloat')]),
          )}
        >
          <LayerSqnrChart layers={e.layers} yLabel={t('acc.sqnr.y')} floatLabel={t('acc.inFloat')} />
        </ChartFrame>
        <div className="table-x">
          <table className="ops-table acc-layer-table">
            <thead>
              <tr>
                <th scope="col">{t('acc.col.layer')}</th>
                <th scope="col">{t('acc.col.range')}</th>
                <th scope="col">{t('acc.col.clipped')}</th>
                <th scope="col">{t('acc.col.sqnr')}</th>
                <th scope="col">{t('acc.col.sens')}</th>
                <th scope="col">{t('acc.col.float')}</th>
              </tr>
            </thead>
            <tbody>
              {e.layers.map((l) => {
                const s = sens.result?.find((x) => x.layer === l.name)
                const kept = p.float.includes(l.name)
                return (
                  <tr key={l.name} data-layer={l.name}>
                    <th scope="row" className="mono">
                      {l.name}
                    </th>
                    <td className="figure-num">
                      {l.quantized ? `[${fmt(l.lo, 4)}, ${fmt(l.hi, 4)}]` : t('acc.inFloat')}
                    </td>
                    <td className="figure-num">{l.quantized ? pct(l.clipped) : '—'}</td>
                    <td className="figure-num">{l.quantized ? db(l.sqnrDb) : '—'}</td>
                    <td className="figure-num" data-sens={l.name}>
                      {s ? pct(s.accuracy) : '…'}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="small"
                        aria-pressed={kept}
                        data-keep={l.name}
                        onClick={() =>
                          set({ float: kept ? p.float.filter((x) => x !== l.name) : [...p.float, l.name] })
                        }
                      >
                        {kept ? t('acc.quantizeAgain') : t('acc.keepFloat')}
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </div>
      <p className="muted small">{t('acc.sens.note')}</p>
    </section>
  )
}

// memo: with the figures' result deferred (below), the render that shows the new accuracy skips it
const ConfusionPanel = memo(function ConfusionPanel({ e }: { e: EvalView }) {
  const t = useT()
  let off = 0
  for (let tr = 0; tr < 10; tr++)
    for (let pr = 0; pr < 10; pr++) if (tr !== pr) off += e.confusion[tr * 10 + pr]
  return (
    <ChartFrame
      title={t('acc.confusion.title')}
      name="accuracy-confusion"
      summary={t('acc.confusion.summary', { wrong: off, total: e.testN })}
    >
      <ConfusionMatrix
        confusion={e.confusion}
        rowLabel={t('acc.confusion.truth')}
        colLabel={t('acc.confusion.pred')}
        cellLabel={(truth, pred, count) => t('acc.confusion.cell', { truth, pred, count })}
      />
    </ChartFrame>
  )
})

function BitsPanel({ p, ready, hold }: { p: AccuracyParams; ready: boolean; hold: boolean }) {
  const t = useT()
  const { sweep, done, total } = useBitsSweep(p, ready, hold)
  const xs = useMemo(() => Float64Array.from(SWEEP_BITS), [])
  const series = DATA_CALIBRATORS.map((c) => ({
    key: c,
    label: t(CALIBRATORS[c].labelKey),
    color: CALIBRATORS[c].color,
    dash: CALIBRATORS[c].dash,
    xs,
    ys: sweep[c].map((v) => v * 100),
  }))
  return (
    <ChartFrame
      title={t('acc.bits.title')}
      name="accuracy-vs-bits"
      summary={captionList(
        t,
        DATA_CALIBRATORS.map((c) => [
          t(CALIBRATORS[c].labelKey),
          sweep[c].map((v, i) => `${SWEEP_BITS[i]} → ${pct(v)}`).join(t('acc.caption.comma')),
        ]),
      )}
    >
      <p className="muted small">
        {t('acc.bits.intro')}{' '}
        {done < total && (
          <span role="status" data-sweep-progress>
            {t('acc.bits.progress', { done, total })}
          </span>
        )}
      </p>
      <CurveChart
        series={series}
        xLabel={t('acc.bits.x')}
        yLabel={t('acc.bits.y')}
        markerX={p.abits}
        height={220}
        fromZero={false}
      />
    </ChartFrame>
  )
}

function ActsPanel({
  p,
  info,
  ready,
  hold,
}: {
  p: AccuracyParams
  info: NetInfo
  ready: boolean
  hold: boolean
}) {
  const t = useT()
  const navigate = useApp((s) => s.navigate)
  const lang = useApp((s) => s.lang)
  const [layer, setLayer] = useState(info.layers[0]?.name ?? '')
  const name = info.layers.some((l) => l.name === layer) ? layer : (info.layers[0]?.name ?? '')
  const acts = useActivations(p, name, ready && name !== '', hold)
  const a = acts.result
  const hist = useMemo(() => (a && a.values.length > 0 ? histogram(a.values, 120) : null), [a])
  const markers: Marker[] = a
    ? DATA_CALIBRATORS.map((c) => ({
        key: c,
        x: a.thresholds[c],
        label: CALIBRATORS[c].short ?? t(CALIBRATORS[c].labelKey),
        color: CALIBRATORS[c].color,
        dash: CALIBRATORS[c].dash,
      }))
    : []
  const openInLab = () => {
    if (!a) return
    const d = {
      name: t('acc.acts.labName', { net: t(`acc.net.${p.net}`), layer: a.layer }),
      data: Float64Array.from(a.values),
      shape: [1, a.values.length] as [number, number],
      dropped: 0,
    }
    useLab.setState({ loaded: d })
    void saveLoaded(d)
    navigate(
      { name: 'lab', tab: 'tensor' },
      encodeLabParams({
        ...defaultLabParams(),
        dist: 'loaded',
        n: a.values.length,
        bits: p.abits,
        // the network's activation grid: asymmetric with a zero point (engine/network/evaluate.ts), so that the
        // Lab calibrates KL and MSE for the same grid (unsigned over values ≥ 0) and its markers are the chart's
        scheme: 'asymmetric',
        form: 'zp',
        calib: p.calib,
        variant: p.variant,
        pct: p.pct,
      }),
    )
  }
  return (
    <ChartFrame
      title={t('acc.acts.title', { layer: name })}
      name="accuracy-activations"
      summary={
        a
          ? t('acc.acts.summary', {
              layer: a.layer,
              n: fmtInt(a.values.length, lang),
              min: fmt(a.min, 4),
              max: fmt(a.max, 4),
              hi: fmt(a.hi, 4),
            })
          : '…'
      }
      actions={
        <button
          type="button"
          className="small primary"
          onClick={openInLab}
          disabled={!a}
          data-action="open-lab"
        >
          {t('acc.openLab')}
        </button>
      }
    >
      <Select
        label={t('acc.acts.layer')}
        name="acts-layer"
        value={name}
        options={info.layers.map((l) => ({ value: l.name, label: l.name }))}
        onChange={setLayer}
      />
      {hist && a && (
        <HistogramChart
          edges={hist.edges}
          counts={hist.counts}
          log
          markers={markers}
          clip={{ lo: a.lo, hi: a.hi }}
          height={200}
          xLabel={t('acc.acts.x')}
          yLabel={t('acc.acts.y')}
        />
      )}
      {/* the chart shades a clipped part only where the range stops short of the values */}
      {a && (
        <p className="muted small">
          {t(a.hi < a.max || a.lo > a.min ? 'acc.acts.note' : 'acc.acts.noteNoClip')}
        </p>
      )}
    </ChartFrame>
  )
}

const MAX_MISSES = 24

/** The test images the quantized network gets wrong (exported for its layout test). */
export const MissesPanel = memo(function MissesPanel({ e }: { e: EvalView }) {
  const t = useT()
  const shown = e.misclassified.slice(0, MAX_MISSES)
  return (
    <section className="panel span-2" aria-labelledby="acc-miss-h" data-panel="misses">
      <h3 id="acc-miss-h">{t('acc.misses.title', { n: e.misclassified.length })}</h3>
      {e.misclassified.length > MAX_MISSES && (
        <p className="muted small">{t('acc.misses.first', { n: MAX_MISSES })}</p>
      )}
      {shown.length === 0 ? (
        <p className="muted">{t('acc.misses.none')}</p>
      ) : (
        <ul className="acc-misses">
          {shown.map((m) => (
            <li key={m.index} data-miss={m.index}>
              <Digit
                image={m.image}
                label={t('acc.misses.alt', { label: m.label, f: m.floatPred, q: m.quantPred })}
              />
              <div className="acc-miss-text small">
                <div>
                  {t('acc.misses.truth')} <strong>{m.label}</strong>
                </div>
                <div className={m.floatPred === m.label ? 'ok' : 'bad'}>
                  {t('acc.misses.float')} {m.floatPred}
                </div>
                <div className={m.quantPred === m.label ? 'ok' : 'bad'}>
                  {t('acc.misses.quant')} {m.quantPred}
                </div>
              </div>
              {/* under the digit and its answers, across the whole card: the table needs the card's width */}
              <details className="acc-miss-logits small">
                <summary>{t('acc.misses.logits')}</summary>
                <table className="acc-logits">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('acc.misses.float')}</th>
                      <th scope="col">{t('acc.misses.quant')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Array.from(m.floatLogits, (f, k) => (
                      <tr key={k}>
                        <th scope="row">{k}</th>
                        <td className="figure-num">{f.toFixed(2)}</td>
                        <td className="figure-num">{m.quantLogits[k].toFixed(2)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
})

function DataNote({ info }: { info: NetInfo | null }) {
  const t = useT()
  return (
    <section className="panel span-2 acc-data" aria-labelledby="acc-data-h" data-panel="data">
      <h3 id="acc-data-h">{t('acc.data.title')}</h3>
      <p className="small">
        {t('acc.data.split', {
          test: fmtInt(info?.testN ?? 359, 'en'),
          train: fmtInt(info?.trainN ?? TRAIN_ROWS, 'en'),
        })}
      </p>
      <p className="small">{t('acc.data.licence')}</p>
      <p className="small">{t('acc.data.integer')}</p>
    </section>
  )
}

/** The view: the page (`#/model/accuracy`) or a chapter's widget (`embed`, `parts`). */
export function AccuracyView({
  embed,
  parts = ALL_PARTS,
  title,
}: {
  embed?: string | undefined
  parts?: readonly AccuracyPart[]
  /** a chapter's widget: its own title, the presets instead of the settings column */
  title?: string | undefined
}) {
  const t = useT()
  const embedded = embed !== undefined
  const { params: p, notices, set } = useLinkParams(decodeAccuracyParams, encodeAccuracyParams, embed)
  // ask for the accuracy of new settings as soon as the link changes, before this view renders them
  useEffect(() => {
    if (embedded) return
    return useApp.subscribe((s, prev) => {
      if (s.query !== prev.query && s.route.name === 'accuracy')
        prefetchEvaluation(decodeAccuracyParams(s.query).params)
    })
  }, [embedded])
  const info = useNetInfo(p)
  const ready = info.result !== null && info.result.net === p.net
  const ev = useEvaluation(p, ready)
  const e = ev.result
  // the panels below the figures follow a moment later: the render that shows the new accuracy (the figure
  // a dragged slider waits for) skips the confusion matrix and the misclassified images
  const later = useAfterCommit(e)
  // the panels' own jobs (sensitivity, activations, presets) wait for the accuracy of these settings: their
  // effects run before this component's, and the worker answers in order
  const hold = e === null || ev.stale
  const has = (x: AccuracyPart) => parts.includes(x)
  const error = info.error ?? ev.error
  const Title = embedded ? 'h2' : 'h1'
  return (
    <div
      className={`lab ops-view acc-view${embedded ? ' ops-embedded acc-widget' : ''}`}
      data-view="accuracy"
    >
      {embedded ? null : <Controls p={p} set={set} />}
      <div className="lab-main">
        <Title className="lab-title">{title ?? t('acc.title')}</Title>
        {embedded && <PresetButtons set={set} />}
        {!embedded && <p className="muted ops-intro">{t('acc.intro')}</p>}
        <LinkMessages
          notices={notices}
          error={accuracyFailure(error)?.detail ?? null}
          failedKey={accuracyFailure(error)?.key ?? 'acc.failed'}
        />
        <WorkerNotice name="accuracy" />
        <Busy busy={!info.result && !info.error} label={t('acc.loading')} />
        {e && has('metrics') && (
          <>
            <Metrics e={e} stale={ev.stale} />
            <Story p={p} e={e} />
          </>
        )}
        <div className="lab-grid acc-grid">
          {has('presets') && <PresetCards p={p} set={set} ready={ready} hold={hold} />}
          {e && has('layers') && <LayersPanel p={p} set={set} e={e} ready={ready} hold={hold} />}
          {later && has('confusion') && <ConfusionPanel e={later} />}
          {has('bits') && <BitsPanel p={p} ready={ready} hold={hold} />}
          {info.result && ready && has('acts') && (
            <ActsPanel p={p} info={info.result} ready={ready} hold={hold} />
          )}
          {later && has('misses') && <MissesPanel e={later} />}
          {has('data') && <DataNote info={info.result} />}
        </div>
      </div>
    </div>
  )
}

export default function AccuracyPage() {
  return <AccuracyView />
}

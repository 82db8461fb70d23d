import { memo, useCallback } from 'react'
import { fmt } from '../../charts/format'
import { Tex, texNum } from '../../charts/Tex'
import { ADD_PATHS, ADD_TIES, type AddElement, type AddSummary } from '../../engine/ops'
import { useT, type MessageKey } from '../../i18n'
import {
  ADD_DISTS,
  ADD_MAX_N,
  decodeAddParams,
  encodeAddParams,
  OPS_CALIBS,
  OUT_MODES,
  type AddParams,
} from '../../state/opsParams'
import { NumberField, Select, Toggle } from '../lab/controls'
import { int, KV, PathPanel, real, Steps, Strip, useLinkParams } from './common'
import { OpsHead, useOpsElement, useOpsModel } from './useOpsModel'
import './ops.css'
import { SettingsDrawer } from '../lab/SettingsDrawer'

type Side = 'a' | 'b'

function InputControls({
  side,
  p,
  set,
}: {
  side: Side
  p: AddParams
  set: (patch: Partial<AddParams>) => void
}) {
  const t = useT()
  const dist = side === 'a' ? p.adist : p.bdist
  const seed = side === 'a' ? p.aseed : p.bseed
  const outlier = side === 'a' ? p.aoutlier : p.boutlier
  const calib = side === 'a' ? p.acalib : p.bcalib
  const k = (name: string) => `${side}${name}`
  const put = (name: string, v: unknown) => set({ [k(name)]: v })
  const invalid = (min: number, max: number) => t('ops.invalidNumber', { min, max })
  return (
    <section className="control-group" aria-labelledby={`ops-in-${side}`}>
      <h2 id={`ops-in-${side}`}>{t(side === 'a' ? 'ops.add.inputA' : 'ops.add.inputB')}</h2>
      <Select
        label={t('ops.source')}
        name={k('dist')}
        value={dist}
        options={ADD_DISTS.map((d) => ({
          value: d,
          label: d === 'notes' ? t(side === 'a' ? 'ops.dist.notesA' : 'ops.dist.notesB') : t(`ops.dist.${d}`),
        }))}
        onChange={(v) => put('dist', v)}
      />
      <NumberField
        label={t('ops.seed')}
        name={k('seed')}
        value={seed}
        min={0}
        max={4294967295}
        integer
        onCommit={(v) => put('seed', v)}
        invalidText={invalid}
      />
      <Toggle
        label={t('ops.add.outlierOn', { name: side === 'a' ? 'A' : 'B' })}
        name={k('outlierOn')}
        checked={outlier !== null}
        onChange={(on) => put('outlier', on ? 10 : null)}
      />
      {outlier !== null && (
        <NumberField
          label={t('ops.add.outlierValue', { name: side === 'a' ? 'A' : 'B' })}
          name={k('outlier')}
          value={outlier}
          min={-1e6}
          max={1e6}
          onCommit={(v) => put('outlier', v)}
          invalidText={invalid}
        />
      )}
      <Select
        label={t('ops.calib')}
        name={k('calib')}
        value={calib}
        options={OPS_CALIBS.map((c) => ({ value: c, label: t(`ops.calib.${c}`) }))}
        onChange={(v) => put('calib', v)}
      />
    </section>
  )
}

function Controls({ p, set }: { p: AddParams; set: (patch: Partial<AddParams>) => void }) {
  const t = useT()
  const invalid = (min: number, max: number) => t('ops.invalidNumber', { min, max })
  return (
    <SettingsDrawer label={t('ops.controls')}>
      <NumberField
        label={t('ops.add.n')}
        name="n"
        value={p.n}
        min={1}
        max={ADD_MAX_N}
        integer
        onCommit={(v) => set({ n: v, sel: null })}
        invalidText={invalid}
      />
      <div className="button-row">
        <button
          type="button"
          className="small"
          onClick={() =>
            set({ adist: 'notes', bdist: 'notes', aseed: 42, bseed: 42, aoutlier: null, boutlier: null })
          }
        >
          {t('ops.add.presetClean')}
        </button>
        <button
          type="button"
          className="small"
          onClick={() => set({ adist: 'notes', bdist: 'notes', aseed: 42, bseed: 42, aoutlier: 10 })}
        >
          {t('ops.add.presetTraitor')}
        </button>
        <button
          type="button"
          className="small"
          onClick={() =>
            set({
              adist: 'notes',
              bdist: 'notes',
              aseed: 42,
              bseed: 42,
              aoutlier: ADD_TIES.a,
              boutlier: ADD_TIES.b,
              out: 'manual',
              wc: ADD_TIES.wc,
              sel: null,
            })
          }
        >
          {t('ops.add.presetTies')}
        </button>
      </div>
      <InputControls side="a" p={p} set={set} />
      <InputControls side="b" p={p} set={set} />
      <p className="muted small">{t('ops.add.calibNote')}</p>
      <section className="control-group" aria-labelledby="ops-out">
        <h2 id="ops-out">{t('ops.add.output')}</h2>
        <Select
          label={t('ops.add.outMode')}
          name="out"
          value={p.out}
          options={OUT_MODES.map((m) => ({
            value: m,
            label:
              m === 'manual'
                ? t('ops.add.outManual')
                : t('ops.add.outFromSum', { method: t(`ops.calib.${m}`) }),
          }))}
          onChange={(v) => set({ out: v, wc: v === 'manual' ? (p.wc ?? 0.025) : null })}
        />
        {p.out === 'manual' && p.wc !== null && (
          <NumberField
            label={t('ops.add.wc')}
            name="wc"
            value={p.wc}
            min={1e-9}
            max={1e6}
            onCommit={(v) => set({ wc: v })}
            invalidText={invalid}
          />
        )}
      </section>
    </SettingsDrawer>
  )
}

const PATH_TITLE: Record<(typeof ADD_PATHS)[number], MessageKey> = {
  float: 'ops.add.path.float',
  notes: 'ops.add.path.notes',
  int: 'ops.add.path.int',
}
const PATH_NOTE: Record<(typeof ADD_PATHS)[number], MessageKey> = {
  float: 'ops.add.path.floatNote',
  notes: 'ops.add.path.notesNote',
  int: 'ops.add.path.intNote',
}

const ElementsPanel = memo(function ElementsPanel({
  s,
  sel,
  onSelect,
}: {
  s: AddSummary
  sel: number
  onSelect: (i: number) => void
}) {
  const t = useT()
  return (
    <section className="panel span-2" aria-labelledby="ops-add-el" data-panel="elements">
      <h3 id="ops-add-el">{t('ops.add.elements')}</h3>
      <p className="muted small">
        {s.diffCount > 0
          ? t('ops.add.diffSome', { count: s.diffCount, n: s.n })
          : t('ops.add.diffNone', { n: s.n })}
      </p>
      <div className="table-x ops-rows">
        <table className="ops-table">
          <thead>
            <tr>
              <th scope="col">i</th>
              <th scope="col">a</th>
              <th scope="col">b</th>
              <th scope="col">
                x<sub>a</sub>
              </th>
              <th scope="col">
                x<sub>b</sub>
              </th>
              <th scope="col">a + b</th>
              <th scope="col">{t('ops.add.col.float')}</th>
              <th scope="col">{t('ops.add.col.notes')}</th>
              <th scope="col">{t('ops.add.col.int')}</th>
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <tr
                key={r.i}
                data-row={r.i}
                className={`${r.notes !== r.int ? 'differs' : ''} ${r.i === sel ? 'selected' : ''}`}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="small ops-pick"
                    aria-pressed={r.i === sel}
                    aria-label={t('ops.add.showElement', { i: r.i })}
                    onClick={() => onSelect(r.i)}
                  >
                    {r.i}
                  </button>
                </th>
                <td className="figure-num">{fmt(r.a, 6)}</td>
                <td className="figure-num">{fmt(r.b, 6)}</td>
                <td className="figure-num">{int(r.qa)}</td>
                <td className="figure-num">{int(r.qb)}</td>
                <td className="figure-num">{fmt(r.exact, 6)}</td>
                <td className="figure-num">{fmt(r.float, 6)}</td>
                <td className="figure-num">{int(r.notes)}</td>
                <td className="figure-num">{int(r.int)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NumberField
        label={t('ops.add.pickIndex', { max: s.n - 1 })}
        name="sel"
        value={sel}
        min={0}
        max={s.n - 1}
        integer
        onCommit={onSelect}
        invalidText={(min, max) => t('ops.invalidNumber', { min, max })}
      />
    </section>
  )
})

const BreakdownBody = memo(function BreakdownBody({ s, e }: { s: AddSummary; e: AddElement }) {
  const t = useT()
  const tr = e.trace
  const m = tr.multipliers
  const r = e.row
  const rdb = (shift: number) => `RoundingDivideByPOT(·, ${-shift})`
  return (
    <>
      <h3 id="ops-add-bd">{t('ops.add.breakdown', { i: r.i })}</h3>
      <KV
        className="ops-kv-narrow"
        rows={[
          ['a', 'a', fmt(r.a, 10)],
          ['b', 'b', fmt(r.b, 10)],
          ['exact', t('ops.add.exact'), fmt(r.exact, 10)],
          ['qa', `x_a = round(a / w_a)`, int(r.qa)],
          ['qb', `x_b = round(b / w_b)`, int(r.qb)],
        ]}
      />
      <div className="ops-three">
        <div>
          <h4>{t('ops.add.path.float')}</h4>
          <Steps
            label={t('ops.add.path.float')}
            rows={[
              { key: 'f-sum', step: 'w_a·x_a + w_b·x_b', value: fmt(r.float, 10) },
              { key: 'f-err', step: t('ops.errorVsFloat'), value: fmt(r.float - r.exact, 6) },
            ]}
          />
        </div>
        <div>
          <h4>{t('ops.add.path.notes')}</h4>
          <Steps
            label={t('ops.add.path.notes')}
            rows={[
              { key: 'n-inner', step: 'x_a + (w_b/w_a)·x_b', value: fmt(e.notesInner, 10) },
              { key: 'n-scaled', step: '(w_a/w_c)·(…)', value: fmt(e.notesScaled, 10) },
              { key: 'n-code', step: t('ops.add.roundClamp'), value: int(e.notesCode) },
              { key: 'n-deq', step: 'w_c·x_c', value: fmt(r.notesDeq, 10) },
              { key: 'n-err', step: t('ops.errorVsFloat'), value: fmt(r.notesDeq - r.exact, 6) },
            ]}
          />
        </div>
        <div>
          <h4>{t('ops.add.path.int')}</h4>
          <Steps
            label={t('ops.add.path.int')}
            rows={[
              { key: 'i-in1', step: 'q_a − z_a', value: int(tr.input1) },
              { key: 'i-sh1', step: `(q_a − z_a)·2^${m.leftShift}`, value: int(tr.shifted1) },
              { key: 'i-srdhm1', step: `SRDHM(·, ${int(m.multiplier1)})`, value: int(tr.srdhm1) },
              { key: 'i-sc1', step: rdb(m.shift1), value: int(tr.scaled1) },
              { key: 'i-in2', step: 'q_b − z_b', value: int(tr.input2) },
              { key: 'i-sh2', step: `(q_b − z_b)·2^${m.leftShift}`, value: int(tr.shifted2) },
              { key: 'i-srdhm2', step: `SRDHM(·, ${int(m.multiplier2)})`, value: int(tr.srdhm2) },
              { key: 'i-sc2', step: rdb(m.shift2), value: int(tr.scaled2) },
              { key: 'i-sum', step: t('ops.add.int32Sum'), value: int(tr.rawSum) },
              { key: 'i-srdhmo', step: `SRDHM(·, ${int(m.outputMultiplier)})`, value: int(tr.srdhmOut) },
              { key: 'i-rdbo', step: rdb(m.outputShift), value: int(tr.outputBeforeOffset) },
              { key: 'i-zp', step: '+ z_c', value: int(tr.outputWithOffset) },
              { key: 'i-out', step: t('ops.clampTo', { lo: m.actMin, hi: m.actMax }), value: int(tr.output) },
              { key: 'i-exact', step: t('ops.add.exactCode'), value: fmt(tr.realOutputCode, 10) },
              { key: 'i-deq', step: 'w_c·(x_c − z_c)', value: fmt(tr.dequantized, 10) },
              { key: 'i-err', step: t('ops.errorVsFloat'), value: fmt(tr.dequantized - r.exact, 6) },
            ]}
          />
        </div>
      </div>
      {r.notes !== r.int && <p className="ops-differs">{t('ops.add.differsWhy')}</p>}
      <p className="muted small">{t('ops.add.wcNote', { wc: real(s.c.w) })}</p>
    </>
  )
})

/** The selected element's computation; dimmed (and aria-busy) while a newer one is being computed. */
function Breakdown({ s, e, stale }: { s: AddSummary; e: AddElement; stale: boolean }) {
  return (
    <section
      className={`panel span-2${stale ? ' ops-stale' : ''}`}
      aria-labelledby="ops-add-bd"
      aria-busy={stale}
      data-panel="breakdown"
      data-element={e.row.i}
    >
      <BreakdownBody s={s} e={e} />
    </section>
  )
}

const Derivation = memo(function Derivation({ s, e }: { s: AddSummary; e: AddElement | null }) {
  const t = useT()
  const m = s.multipliers
  const mult = (name: string, realV: number, m0: number, shift: number) =>
    `${name} = ${texNum(realV)} \\approx \\frac{M_0}{2^{31}} \\cdot 2^{${shift}} = \\frac{${m0}}{2^{31}} \\cdot 2^{${shift}} = ${texNum((m0 / 2 ** 31) * 2 ** shift)}`
  const formulas: { key: string; tex: string }[] = [
    { key: 'c', tex: 'c = a + b = (w_a x_a) + (w_b x_b) = w_a \\left(x_a + \\frac{w_b}{w_a} x_b\\right)' },
    {
      key: 'xc',
      tex: 'w_c x_c = w_a \\left(x_a + \\frac{w_b}{w_a} x_b\\right) \\;\\Rightarrow\\; x_c = \\frac{w_a}{w_c}\\left(x_a + \\frac{w_b}{w_a} x_b\\right)',
    },
    {
      key: 'w',
      tex: `w_a = ${texNum(s.a.w)},\\; w_b = ${texNum(s.b.w)},\\; w_c = ${texNum(s.c.w)}`,
    },
    {
      key: 'ratios',
      tex: `\\frac{w_b}{w_a} = ${texNum(s.ratioB)},\\qquad \\frac{w_a}{w_c} = ${texNum(s.ratioOut)}`,
    },
  ]
  if (e)
    formulas.push({
      key: 'el',
      tex: `x_c = \\operatorname{round}\\!\\left(${texNum(s.ratioOut)} \\cdot \\left(${e.row.qa} + ${texNum(s.ratioB)} \\cdot (${e.row.qb})\\right)\\right) = \\operatorname{round}(${texNum(e.notesScaled)}) = ${e.notesCode}`,
    })
  formulas.push(
    {
      key: 'm1',
      tex: mult('M_1 = \\frac{w_a}{2\\max(w_a, w_b)}', m.realMultiplier1, m.multiplier1, m.shift1),
    },
    {
      key: 'm2',
      tex: mult('M_2 = \\frac{w_b}{2\\max(w_a, w_b)}', m.realMultiplier2, m.multiplier2, m.shift2),
    },
    {
      key: 'mo',
      tex: mult(
        `M_c = \\frac{2\\max(w_a, w_b)}{2^{${m.leftShift}} w_c}`,
        m.realOutputMultiplier,
        m.outputMultiplier,
        m.outputShift,
      ),
    },
    {
      key: 'int',
      tex: `x_c = \\operatorname{clamp}\\!\\Big(z_c + M_c \\big(M_1 (x_a - z_a) 2^{${m.leftShift}} + M_2 (x_b - z_b) 2^{${m.leftShift}}\\big)\\Big)`,
    },
  )
  return (
    <section className="panel span-2 formulas" aria-labelledby="ops-add-der" data-panel="derivation">
      <h3 id="ops-add-der">{t('ops.derivation')}</h3>
      <p className="muted small">{t('ops.add.derivationIntro')}</p>
      {formulas.map((f) => (
        <div key={f.key} className="formula" data-formula={f.key}>
          <Tex tex={f.tex} display />
        </div>
      ))}
      <KV
        className="ops-mult-table"
        rows={[
          ['m1', 'M₁: M0 / shift', `${int(m.multiplier1)} / ${int(m.shift1)}`],
          ['m2', 'M₂: M0 / shift', `${int(m.multiplier2)} / ${int(m.shift2)}`],
          ['mo', 'M_c: M0 / shift', `${int(m.outputMultiplier)} / ${int(m.outputShift)}`],
        ]}
      />
    </section>
  )
})

const Paths = memo(function Paths({ s }: { s: AddSummary }) {
  const t = useT()
  return (
    <div className="ops-three ops-paths">
      {ADD_PATHS.map((k) => (
        <PathPanel
          key={k}
          name={`add-${k}`}
          title={t(PATH_TITLE[k])}
          note={t(PATH_NOTE[k])}
          metrics={s.paths[k].metrics}
          hist={s.paths[k].errHist}
          extra={
            k === 'float'
              ? undefined
              : [['sat', t('ops.saturated'), `${int(s.paths[k].saturated)} / ${int(s.n)}`]]
          }
        />
      ))}
    </div>
  )
})

/** `#/lab/add`: quantized A + B three ways (notes' float code, notes' requantized formula, TFLite int8 ADD). */
export default function AddView({ embed }: { embed?: string } = {}) {
  const t = useT()
  const { params: p, notices, set } = useLinkParams(decodeAddParams, encodeAddParams, embed)
  const usesLoaded = p.adist === 'loaded' || p.bdist === 'loaded'
  const { engine, loaded, missing, key, model } = useOpsModel('add', p, usesLoaded, (en, q) => en.add(q))
  const s = model.result
  const firstDiff = s?.rows.find((r) => r.notes !== r.int)?.i ?? 0
  const sel = s ? Math.min(p.sel ?? firstDiff, s.n - 1) : 0
  const { element, stale, consistent } = useOpsElement(model, key, sel, () => engine.addElement(p, sel))
  const e = element.result
  const onSelect = useCallback((i: number) => set({ sel: i }, true), [set])
  return (
    <div className={`lab ops-view${embed !== undefined ? ' ops-embedded' : ''}`} data-view="add">
      <Controls p={p} set={set} />
      <div className="lab-main">
        <OpsHead
          view="add"
          embedded={embed !== undefined}
          notices={notices}
          error={model.error ?? element.error}
          busy={model.busy}
          missing={missing}
        />
        {usesLoaded && loaded.data && s && (
          <p className="muted small" data-message="ops.add.loadedUsed">
            {t('ops.add.loadedUsed', { name: loaded.data.name, n: s.n, total: loaded.data.data.length })}
          </p>
        )}
        {s && (
          <>
            <Strip
              label={t('ops.summary')}
              items={[
                ['wa', 'w_a', real(s.a.w)],
                ['wb', 'w_b', real(s.b.w)],
                ['wc', 'w_c', real(s.c.w)],
                ['diff', t('ops.add.diffCount'), `${int(s.diffCount)} / ${int(s.n)}`],
                ['mse-int', t('ops.add.mseInt'), fmt(s.paths.int.metrics.mse, 6)],
              ]}
            />
            {(s.a.zeroRange || s.b.zeroRange || s.c.zeroRange) && (
              <p className="notice" role="status">
                {t('ops.zeroRange')}
              </p>
            )}
            <Paths s={s} />
            <div className="lab-grid ops-grid">
              <ElementsPanel s={s} sel={sel} onSelect={onSelect} />
              {e && <Breakdown s={s} e={e} stale={stale} />}
              <Derivation s={s} e={consistent ? e : null} />
            </div>
          </>
        )}
      </div>
    </div>
  )
}

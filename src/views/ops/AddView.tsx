import { memo, useCallback } from 'react'
import { loadedName } from '../../lab/loadedName'
import { fmt } from '../../charts/format'
import { FitTex } from '../../charts/FitTex'
import { texNum } from '../../charts/Tex'
import type { Int8AddTrace } from '../../core'
import { formatG3 } from '../../core/numpyFormat'
import { ADD_PATHS, ADD_TIES, type AddElement, type AddSummary } from '../../engine/ops'
import { useT, type MessageKey } from '../../i18n'
import {
  ADD_DISTS,
  ADD_MAX_N,
  decodeAddParams,
  encodeAddParams,
  OPS_CALIBS,
  OPS_FORMS,
  OPS_SCHEMES,
  OUT_MODES,
  type AddParams,
} from '../../state/opsParams'
import { NumberField, Segmented, Select, Toggle } from '../lab/controls'
import { CalibFields, count, int, KV, PathPanel, real, Steps, Strip, useLinkParams } from './common'
import { OpsShell, useOpsElement, useOpsModel } from './useOpsModel'
import './ops.css'
import { SettingsDrawer } from '../lab/SettingsDrawer'

type Side = 'a' | 'b'

/** The notes' add experiment: x1, x2 from seed 42, min/max, asymmetric (calculate_quant_param with w and b). */
const NOTES_PRESET: Partial<AddParams> = {
  adist: 'notes',
  bdist: 'notes',
  aseed: 42,
  bseed: 42,
  scheme: 'asymmetric',
  form: 'notes',
  ascheme: null,
  bscheme: null,
  cscheme: null,
  acalib: 'minmax',
  bcalib: 'minmax',
  out: 'minmax',
  wc: null,
  sel: null,
}

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
      <CalibFields
        prefix={side}
        label={t('ops.calib')}
        method={calib}
        methods={OPS_CALIBS}
        variant={side === 'a' ? p.avariant : p.bvariant}
        pct={side === 'a' ? p.apct : p.bpct}
        onChange={(c) => {
          if (c.calib) put('calib', c.calib)
          if (c.variant) put('variant', c.variant)
          if (c.pct !== undefined) put('pct', c.pct)
        }}
      />
      <SchemeOverride
        name={k('scheme')}
        value={side === 'a' ? p.ascheme : p.bscheme}
        onChange={(v) => put('scheme', v)}
      />
    </section>
  )
}

/** One tensor's scheme: the view's (`scheme`) unless set here. */
function SchemeOverride({
  name,
  value,
  onChange,
}: {
  name: string
  value: AddParams['ascheme']
  onChange: (v: AddParams['ascheme']) => void
}) {
  const t = useT()
  return (
    <Select
      label={t('ops.add.tensorScheme')}
      name={name}
      value={value ?? 'same'}
      options={[
        { value: 'same', label: t('ops.add.schemeSame') },
        ...OPS_SCHEMES.map((v) => ({ value: v, label: t(`ops.dense.scheme.${v}`) })),
      ]}
      onChange={(v) => onChange(v === 'same' ? null : v)}
    />
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
          onClick={() => set({ ...NOTES_PRESET, aoutlier: null, boutlier: null })}
        >
          {t('ops.add.presetClean')}
        </button>
        <button
          type="button"
          className="small"
          onClick={() => set({ ...NOTES_PRESET, aoutlier: 10, boutlier: null })}
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
              scheme: 'symmetric',
              ascheme: null,
              bscheme: null,
              cscheme: null,
              acalib: 'minmax',
              bcalib: 'minmax',
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
      <section className="control-group" aria-labelledby="ops-scheme">
        <h2 id="ops-scheme">{t('ops.add.quant')}</h2>
        <Segmented
          legend={t('ops.dense.scheme')}
          name="scheme"
          value={p.scheme}
          options={OPS_SCHEMES.map((g) => ({ value: g, label: t(`ops.dense.scheme.${g}`) }))}
          onChange={(v) => set({ scheme: v })}
        />
        <Segmented
          legend={t('ops.add.form')}
          name="form"
          value={p.form}
          options={OPS_FORMS.map((f) => ({ value: f, label: t(`ops.add.form.${f}`) }))}
          onChange={(v) => set({ form: v })}
        />
      </section>
      <InputControls side="a" p={p} set={set} />
      <InputControls side="b" p={p} set={set} />
      <p className="muted small">{t('ops.add.calibNote')}</p>
      <section className="control-group" aria-labelledby="ops-out">
        <h2 id="ops-out">{t('ops.add.output')}</h2>
        <CalibFields
          prefix="o"
          label={t('ops.add.outMode')}
          method={p.out}
          methods={OUT_MODES}
          methodLabel={(m) =>
            m === 'manual' ? t('ops.add.outManual') : t('ops.add.outFromSum', { method: t(`ops.calib.${m}`) })
          }
          variant={p.ovariant}
          pct={p.opct}
          onChange={(c) => {
            if (c.calib) set({ out: c.calib, wc: c.calib === 'manual' ? (p.wc ?? 0.025) : null })
            if (c.variant) set({ ovariant: c.variant })
            if (c.pct !== undefined) set({ opct: c.pct })
          }}
        />
        {p.out !== 'manual' && (
          <SchemeOverride name="cscheme" value={p.cscheme} onChange={(v) => set({ cscheme: v })} />
        )}
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
          ? t('ops.add.diffSome', { count: count(s.diffCount), n: count(s.n) })
          : t('ops.add.diffNone', { n: count(s.n) })}
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
                className={`${r.int !== null && r.notes !== r.int ? 'differs' : ''} ${r.i === sel ? 'selected' : ''}`}
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
                <td className="figure-num">{r.int === null ? '—' : int(r.int)}</td>
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
  const r = e.row
  const code = (x: 'a' | 'b') =>
    s[x].scheme === 'symmetric'
      ? `x_${x} = round(${x} / w_${x})`
      : s[x].form === 'notes'
        ? `x_${x} = round((${x} − b_f,${x}) / w_${x})`
        : `x_${x} = round(${x} / w_${x}) + z_${x}`
  const deq = (x: 'a' | 'b') =>
    s[x].scheme === 'symmetric'
      ? `w_${x}·x_${x}`
      : s[x].form === 'notes'
        ? `w_${x}·x_${x} + b_f,${x}`
        : `w_${x}·(x_${x} − z_${x})`
  return (
    <>
      <h3 id="ops-add-bd">{t('ops.add.breakdown', { i: r.i })}</h3>
      <KV
        className="ops-kv-narrow"
        rows={[
          ['a', 'a', fmt(r.a, 10)],
          ['b', 'b', fmt(r.b, 10)],
          ['exact', t('ops.add.exact'), fmt(r.exact, 10)],
          ['qa', code('a'), int(r.qa)],
          ['qb', code('b'), int(r.qb)],
        ]}
      />
      <div className="ops-three">
        <div>
          <h4>{t('ops.add.path.float')}</h4>
          <Steps
            label={t('ops.add.path.float')}
            rows={[
              { key: 'f-sum', step: `${deq('a')} + ${deq('b')}`, value: fmt(r.float, 10) },
              { key: 'f-err', step: t('ops.errorVsFloat'), value: fmt(r.float - r.exact, 6) },
            ]}
          />
        </div>
        <div>
          <h4>{t('ops.add.path.notes')}</h4>
          <Steps
            label={t('ops.add.path.notes')}
            rows={[
              {
                key: 'n-inner',
                step: s.symmetric ? 'x_a + (w_b/w_a)·x_b' : '(x_a − z_a) + (w_b/w_a)·(x_b − z_b)',
                value: fmt(e.notesInner, 10),
              },
              {
                key: 'n-scaled',
                step: s.symmetric ? '(w_a/w_c)·(…)' : 'z_c + (w_a/w_c)·(…)',
                value: fmt(e.notesScaled, 10),
              },
              { key: 'n-code', step: t('ops.add.roundClamp'), value: int(e.notesCode) },
              { key: 'n-deq', step: s.symmetric ? 'w_c·x_c' : 'w_c·(x_c − z_c)', value: fmt(r.notesDeq, 10) },
              { key: 'n-err', step: t('ops.errorVsFloat'), value: fmt(r.notesDeq - r.exact, 6) },
            ]}
          />
        </div>
        <div>
          <h4>{t('ops.add.path.int')}</h4>
          {tr ? (
            <IntSteps tr={tr} exact={r.exact} />
          ) : (
            <p className="notice" role="status">
              {t('ops.add.intRefused', { za: s.a.z, zb: s.b.z, zc: s.c.z })}
            </p>
          )}
        </div>
      </div>
      {r.int !== null && r.notes !== r.int && <p className="ops-differs">{t('ops.add.differsWhy')}</p>}
      <p className="muted small">{t('ops.add.wcNote', { wc: real(s.c.w), zc: s.c.z })}</p>
    </>
  )
})

/** TFLite's integer ADD of one element, every intermediate integer (core int8AddTrace). */
function IntSteps({ tr, exact }: { tr: Int8AddTrace; exact: number }) {
  const t = useT()
  const m = tr.multipliers
  const rdb = (shift: number) => `RoundingDivideByPOT(·, ${-shift})`
  return (
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
        { key: 'i-err', step: t('ops.errorVsFloat'), value: fmt(tr.dequantized - exact, 6) },
      ]}
    />
  )
}

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

/** A number for TeX, in parentheses when negative. */
const texP = (v: number): string => (v < 0 ? `(${texNum(v)})` : texNum(v))

/** The notes' derivation (symmetric: no offsets), with the live scales and the selected element. */
function symmetricFormulas(s: AddSummary, e: AddElement | null): { key: string; tex: string }[] {
  const f: { key: string; tex: string }[] = [
    { key: 'c', tex: 'c = a + b = (w_a x_a) + (w_b x_b) = w_a \\left(x_a + \\frac{w_b}{w_a} x_b\\right)' },
    {
      key: 'xc',
      tex: 'w_c x_c = w_a \\left(x_a + \\frac{w_b}{w_a} x_b\\right) \\;\\Rightarrow\\; x_c = \\frac{w_a}{w_c}\\left(x_a + \\frac{w_b}{w_a} x_b\\right)',
    },
    { key: 'w', tex: `w_a = ${texNum(s.a.w)},\\; w_b = ${texNum(s.b.w)},\\; w_c = ${texNum(s.c.w)}` },
    {
      key: 'ratios',
      tex: `\\frac{w_b}{w_a} = ${texNum(s.ratioB)},\\qquad \\frac{w_a}{w_c} = ${texNum(s.ratioOut)}`,
    },
  ]
  if (e)
    f.push({
      key: 'el',
      tex: `x_c = \\operatorname{round}\\!\\left(${texNum(s.ratioOut)} \\cdot \\left(${e.row.qa} + ${texNum(s.ratioB)} \\cdot (${e.row.qb})\\right)\\right) = \\operatorname{round}(${texNum(e.notesScaled)}) = ${e.notesCode}`,
    })
  return f
}

/**
 * The notes' derivation extended with offsets: each tensor a = w·(x − z) (the notes' form y = (x_q + b_q)·w,
 * z = −b_q; or the zero-point form), so x_c = z_c + (w_a/w_c)((x_a − z_a) + (w_b/w_a)(x_b − z_b)); the offsets
 * fold into one constant K per layer.
 */
function offsetFormulas(s: AddSummary, e: AddElement | null): { key: string; tex: string }[] {
  const { a, b, c } = s
  const notes = a.form === 'notes'
  const K = c.z - s.ratioOut * (a.z + s.ratioB * b.z)
  const f: { key: string; tex: string }[] = [
    {
      key: 'form',
      tex: notes
        ? 'a = w_a x_a + b_{f,a} \\approx w_a \\left(x_a + b_{q,a}\\right),\\quad b_q = \\operatorname{round}\\!\\left(\\frac{b_f}{w}\\right) = -z \\;\\Rightarrow\\; a = w_a (x_a - z_a)'
        : 'a = w_a (x_a - z_a),\\quad z_a = \\operatorname{round}\\!\\left(-128 - \\frac{\\min(\\beta, 0)}{w_a}\\right)',
    },
    {
      key: 'c',
      tex: 'c = a + b = w_a (x_a - z_a) + w_b (x_b - z_b) = w_a \\left((x_a - z_a) + \\frac{w_b}{w_a} (x_b - z_b)\\right)',
    },
    {
      key: 'xc',
      tex: 'w_c (x_c - z_c) = c \\;\\Rightarrow\\; x_c = z_c + \\frac{w_a}{w_c}\\left((x_a - z_a) + \\frac{w_b}{w_a} (x_b - z_b)\\right)',
    },
    {
      key: 'k',
      tex: `x_c = \\frac{w_a}{w_c}\\left(x_a + \\frac{w_b}{w_a} x_b\\right) + K,\\quad K = z_c - \\frac{w_a}{w_c}\\left(z_a + \\frac{w_b}{w_a} z_b\\right) = ${texNum(K)}`,
    },
    {
      key: 'w',
      tex: `w_a = ${texNum(a.w)},\\; z_a = ${a.z},\\quad w_b = ${texNum(b.w)},\\; z_b = ${b.z},\\quad w_c = ${texNum(c.w)},\\; z_c = ${c.z}`,
    },
    ...(notes
      ? [
          {
            key: 'bf',
            tex: `b_{f,a} = ${texNum(a.b)},\\; b_{f,b} = ${texNum(b.b)},\\; b_{f,c} = ${texNum(c.b)}`,
          },
        ]
      : []),
    {
      key: 'ratios',
      tex: `\\frac{w_b}{w_a} = ${texNum(s.ratioB)},\\qquad \\frac{w_a}{w_c} = ${texNum(s.ratioOut)}`,
    },
  ]
  if (e)
    f.push({
      key: 'el',
      tex: `x_c = \\operatorname{round}\\!\\left(${c.z} + ${texNum(s.ratioOut)} \\cdot \\left((${e.row.qa} - ${texP(a.z)}) + ${texNum(s.ratioB)} \\cdot (${e.row.qb} - ${texP(b.z)})\\right)\\right) = \\operatorname{round}(${texNum(e.notesScaled)}) = ${e.notesCode}`,
    })
  return f
}

const Derivation = memo(function Derivation({ s, e }: { s: AddSummary; e: AddElement | null }) {
  const t = useT()
  const m = s.multipliers
  const mult = (name: string, realV: number, m0: number, shift: number) =>
    `${name} = ${texNum(realV)} \\approx \\frac{M_0}{2^{31}} \\cdot 2^{${shift}} = \\frac{${m0}}{2^{31}} \\cdot 2^{${shift}} = ${texNum((m0 / 2 ** 31) * 2 ** shift)}`
  const formulas: { key: string; tex: string }[] = s.symmetric
    ? symmetricFormulas(s, e)
    : offsetFormulas(s, e)
  if (m)
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
        <FitTex key={f.key} className="formula" data-formula={f.key} tabIndex={0} tex={f.tex} />
      ))}
      {m ? (
        <KV
          className="ops-mult-table"
          rows={[
            ['m1', 'M₁: M0 / shift', `${int(m.multiplier1)} / ${int(m.shift1)}`],
            ['m2', 'M₂: M0 / shift', `${int(m.multiplier2)} / ${int(m.shift2)}`],
            ['mo', 'M_c: M0 / shift', `${int(m.outputMultiplier)} / ${int(m.outputShift)}`],
          ]}
        />
      ) : (
        <p className="notice" role="status">
          {t('ops.add.intRefused', { za: s.a.z, zb: s.b.z, zc: s.c.z })}
        </p>
      )}
    </section>
  )
})

const Paths = memo(function Paths({ s }: { s: AddSummary }) {
  const t = useT()
  return (
    <div className="ops-three ops-paths">
      {ADD_PATHS.map((k) => {
        const path = s.paths[k]
        if (!path)
          return (
            <section key={k} className="panel" data-panel={`add-${k}`}>
              <h3>{t(PATH_TITLE[k])}</h3>
              <p className="notice" role="status">
                {t('ops.add.intRefused', { za: s.a.z, zb: s.b.z, zc: s.c.z })}
              </p>
            </section>
          )
        return (
          <PathPanel
            key={k}
            name={`add-${k}`}
            title={t(PATH_TITLE[k])}
            note={t(PATH_NOTE[k])}
            metrics={path.metrics}
            hist={path.errHist}
            extra={[
              [
                'allclose',
                t('ops.add.mismatched'),
                `${count(path.allclose?.mismatched ?? 0)} / ${count(s.n)}`,
              ],
              ...(k === 'float'
                ? []
                : [
                    ['sat', t('ops.saturated'), `${count(path.saturated)} / ${count(s.n)}`] as [
                      string,
                      string,
                      string,
                    ],
                  ]),
            ]}
          />
        )
      })}
    </div>
  )
})

/** The offset of one tensor as the form writes it: b_f and b_q = −z (the notes' form), or z. */
function offsetItems(s: AddSummary, t: 'a' | 'b' | 'c', form: AddParams['form']): [string, string, string][] {
  const c = s[t]
  if (c.scheme === 'symmetric') return []
  if (form === 'notes')
    return [
      [`b${t}`, `b_${t}`, real(c.b)],
      [`bq${t}`, `b_q,${t}`, int(-c.z)],
    ]
  return [[`z${t}`, `z_${t}`, int(c.z)]]
}

/** The notes' verdict: np.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01) on the notes' code path. */
const Verdict = memo(function Verdict({ s }: { s: AddSummary }) {
  const t = useT()
  const r = s.paths.float.allclose
  if (!r) return null
  const pass = r.mismatched === 0
  return (
    <section
      className={`panel span-2 ops-verdict ${pass ? 'pass' : 'fail'}`}
      aria-labelledby="ops-add-verdict"
      data-panel="verdict"
      data-mismatched={r.mismatched}
    >
      <h3 id="ops-add-verdict">{t('ops.add.verdictTitle')}</h3>
      <pre className="ops-code">
        <code>np.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01)</code>
      </pre>
      <p data-key="verdict">
        {pass ? (
          t('ops.add.verdictPass', { n: count(s.n) })
        ) : (
          <>
            {t('ops.add.verdictFail', {
              count: count(r.mismatched),
              n: count(s.n),
              pct: fmt((100 * r.mismatched) / s.n, 3),
            })}{' '}
            {/* numpy's own line, quoted as code in either language (its digits are not grouped) */}
            <code data-key="numpy-line">{`Mismatched elements: ${r.mismatched} / ${s.n} (${formatG3((100 * r.mismatched) / s.n)}%)`}</code>
          </>
        )}
      </p>
      <KV
        rows={[
          ['q1', t('ops.add.qFirst', { name: 'q_a' }), s.qaFirst.join(', ')],
          ['q2', t('ops.add.qFirst', { name: 'q_b' }), s.qbFirst.join(', ')],
          ['maxabs', t('ops.add.maxAbs'), fmt(r.maxAbsDiff, 8)],
          ['maxrel', t('ops.add.maxRel'), fmt(r.maxRelDiff, 8)],
        ]}
      />
      <p className="muted small">{t('ops.add.verdictNote')}</p>
    </section>
  )
})

/** `#/lab/add`: quantized A + B three ways (notes' float code, notes' requantized formula, TFLite int8 ADD). */
export default function AddView({ embed }: { embed?: string | undefined } = {}) {
  const t = useT()
  const { params: p, notices, set } = useLinkParams(decodeAddParams, encodeAddParams, embed)
  const usesLoaded = p.adist === 'loaded' || p.bdist === 'loaded'
  const { engine, loaded, missing, key, model } = useOpsModel('add', p, usesLoaded, (en, q) => en.add(q))
  const s = model.result
  const firstDiff = s?.rows.find((r) => r.int !== null && r.notes !== r.int)?.i ?? 0
  const sel = s ? Math.min(p.sel ?? firstDiff, s.n - 1) : 0
  const { element, stale, consistent } = useOpsElement(model, key, sel, () => engine.addElement(p, sel))
  const e = element.result
  const onSelect = useCallback((i: number) => set({ sel: i }, true), [set])
  return (
    <OpsShell
      view="add"
      embedded={embed !== undefined}
      controls={<Controls p={p} set={set} />}
      notices={notices}
      error={model.error ?? element.error}
      busy={model.busy}
      missing={missing}
    >
      {usesLoaded && loaded.data && s && (
        <p className="muted small" data-message="ops.add.loadedUsed">
          {t('ops.add.loadedUsed', {
            name: loadedName(loaded.data.name, t),
            n: count(s.n),
            total: count(loaded.data.data.length),
          })}
        </p>
      )}
      {s && (
        <>
          <Strip
            label={t('ops.summary')}
            items={[
              ['wa', 'w_a', real(s.a.w)],
              ...offsetItems(s, 'a', s.a.form),
              ['wb', 'w_b', real(s.b.w)],
              ...offsetItems(s, 'b', s.b.form),
              ['wc', 'w_c', real(s.c.w)],
              ...offsetItems(s, 'c', s.c.form),
              [
                'mismatched',
                t('ops.add.mismatched'),
                `${count(s.paths.float.allclose?.mismatched ?? 0)} / ${count(s.n)}`,
              ],
              ['diff', t('ops.add.diffCount'), `${count(s.diffCount)} / ${count(s.n)}`],
              ['mse-int', t('ops.add.mseInt'), s.paths.int ? fmt(s.paths.int.metrics.mse, 6) : '—'],
            ]}
          />
          {(s.a.zeroRange || s.b.zeroRange || s.c.zeroRange) && (
            <p className="notice" role="status">
              {t('ops.zeroRange')}
            </p>
          )}
          <Paths s={s} />
          <div className="lab-grid ops-grid">
            <Verdict s={s} />
            <ElementsPanel s={s} sel={sel} onSelect={onSelect} />
            {e && <Breakdown s={s} e={e} stale={stale} />}
            <Derivation s={s} e={consistent ? e : null} />
          </div>
        </>
      )}
    </OpsShell>
  )
}

import { interpolateViridis } from 'd3'
import { loadedName } from '../../lab/loadedName'
import { memo, useCallback, useState, type MouseEvent } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { fmt } from '../../charts/format'
import { FitTex } from '../../charts/FitTex'
import { texNum } from '../../charts/Tex'
import { INT32_LIMIT, type DenseElement, type DenseSummary } from '../../engine/ops'
import { useT } from '../../i18n'
import {
  decodeDenseParams,
  DENSE_MAX,
  encodeDenseParams,
  DENSE_DISTS,
  OPS_CALIBS,
  OPS_SCHEMES,
  WGRANS,
  type DenseParams,
} from '../../state/opsParams'
import { NumberField, Segmented, Select, Toggle } from '../lab/controls'
import { CalibFields, count, int, KV, PathPanel, real, Steps, Strip, useLinkParams } from './common'
import { Heatmap } from '../../charts/Heatmap'
import { SmoothPanel } from './SmoothPanel'
import { OpsShell, useOpsElement, useOpsModel } from './useOpsModel'
import './ops.css'
import { SettingsDrawer } from '../lab/SettingsDrawer'

/** A negative number in a product gets parentheses. */
const paren = (v: number) => (v < 0 ? `(${v})` : String(v))

/** Terms of the dot product listed at first (all on request; the sums are always over all of k). */
const TERMS_SHOWN = 64
/** Per-output multipliers listed (per channel). */
const MULT_ROWS = 16

function Controls({ p, set }: { p: DenseParams; set: (patch: Partial<DenseParams>) => void }) {
  const t = useT()
  const invalid = (min: number, max: number) => t('ops.invalidNumber', { min, max })
  const dists = DENSE_DISTS.map((d) => ({ value: d, label: t(`ops.dist.${d}`) }))
  return (
    <SettingsDrawer label={t('ops.controls')}>
      <section className="control-group" aria-labelledby="ops-shape">
        <h2 id="ops-shape">{t('ops.dense.shape')}</h2>
        <div className="field-grid">
          <NumberField
            label={t('ops.dense.batch')}
            name="batch"
            value={p.batch}
            min={1}
            max={DENSE_MAX.batch}
            integer
            onCommit={(v) => set({ batch: v, sel: null })}
            invalidText={invalid}
          />
          <NumberField
            label={t('ops.dense.k')}
            name="k"
            value={p.k}
            min={1}
            max={DENSE_MAX.k}
            integer
            onCommit={(v) => set({ k: v })}
            invalidText={invalid}
          />
          <NumberField
            label={t('ops.dense.nout')}
            name="nout"
            value={p.nout}
            min={1}
            max={DENSE_MAX.nout}
            integer
            onCommit={(v) => set({ nout: v, sel: null })}
            invalidText={invalid}
          />
        </div>
        <div className="button-row">
          <button
            type="button"
            className="small"
            onClick={() => set({ batch: 1, k: 16, nout: 8, sel: null })}
          >
            {t('ops.dense.presetSmall')}
          </button>
          <button
            type="button"
            className="small"
            onClick={() => set({ batch: 256, k: 1024, nout: 1024, sel: null })}
          >
            {t('ops.dense.presetLarge')}
          </button>
        </div>
      </section>
      <section className="control-group" aria-labelledby="ops-data">
        <h2 id="ops-data">{t('ops.dense.data')}</h2>
        <Select
          label={t('ops.dense.xdist')}
          name="xdist"
          value={p.xdist}
          options={dists}
          onChange={(v) => set({ xdist: v })}
        />
        <Select
          label={t('ops.dense.wdist')}
          name="wdist"
          value={p.wdist}
          options={dists}
          onChange={(v) => set({ wdist: v })}
        />
        <NumberField
          label={t('ops.seed')}
          name="seed"
          value={p.seed}
          min={0}
          max={4294967295}
          integer
          onCommit={(v) => set({ seed: v })}
          invalidText={invalid}
        />
        <NumberField
          label={t('ops.dense.spread')}
          name="spread"
          value={p.spread}
          min={0}
          max={3}
          onCommit={(v) => set({ spread: v })}
          invalidText={invalid}
        />
        <Toggle label={t('ops.dense.bias')} name="bias" checked={p.bias} onChange={(v) => set({ bias: v })} />
      </section>
      <section className="control-group" aria-labelledby="ops-quant">
        <h2 id="ops-quant">{t('ops.dense.quant')}</h2>
        <Segmented
          legend={t('ops.dense.wgran')}
          name="wgran"
          value={p.wgran}
          options={WGRANS.map((g) => ({ value: g, label: t(`ops.dense.wgran.${g}`) }))}
          onChange={(v) => set({ wgran: v })}
        />
        <Segmented
          legend={t('ops.dense.scheme')}
          name="scheme"
          value={p.scheme}
          options={OPS_SCHEMES.map((g) => ({ value: g, label: t(`ops.dense.scheme.${g}`) }))}
          onChange={(v) => set({ scheme: v })}
        />
        <CalibFields
          prefix="x"
          label={t('ops.dense.xcalib')}
          method={p.xcalib}
          methods={OPS_CALIBS}
          variant={p.xvariant}
          pct={p.xpct}
          onChange={(c) =>
            set({
              ...(c.calib && { xcalib: c.calib }),
              ...(c.variant && { xvariant: c.variant }),
              ...(c.pct !== undefined && { xpct: c.pct }),
            })
          }
        />
        <CalibFields
          prefix="o"
          label={t('ops.dense.ocalib')}
          method={p.ocalib}
          methods={OPS_CALIBS}
          variant={p.ovariant}
          pct={p.opct}
          onChange={(c) =>
            set({
              ...(c.calib && { ocalib: c.calib }),
              ...(c.variant && { ovariant: c.variant }),
              ...(c.pct !== undefined && { opct: c.pct }),
            })
          }
        />
        <Segmented
          legend={t('ops.dense.wscheme')}
          name="wscheme"
          value={p.wgran === 'channel' ? 'symmetric' : p.wscheme}
          options={OPS_SCHEMES.map((g) => ({
            value: g,
            label: t(`ops.dense.scheme.${g}`),
            disabled: g === 'asymmetric' && p.wgran === 'channel',
          }))}
          onChange={(v) => set({ wscheme: v })}
        />
        <p className="muted small">{t('ops.dense.quantNote')}</p>
      </section>
    </SettingsDrawer>
  )
}

function cellColour(v: number, max: number): { background: string; color: string } {
  const f = max > 0 ? Math.min(1, v / max) : 0
  // viridis passes 4.5:1 with white text below f ≈ 0.44 and with black text above it
  return { background: interpolateViridis(f), color: f > 0.44 ? '#000' : '#fff' }
}

const OutputPanel = memo(function OutputPanel({
  s,
  sel,
  onSelect,
}: {
  s: DenseSummary
  sel: number
  onSelect: (i: number) => void
}) {
  const t = useT()
  const { batch, nout, heat } = s
  const selB = Math.floor(sel / nout)
  const selO = sel % nout
  const onHeatClick = (e: MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    const fx = (e.clientX - r.left) / r.width
    const fy = (e.clientY - r.top) / r.height
    const b = Math.min(batch - 1, Math.max(0, Math.floor(fy * batch)))
    const o = Math.min(nout - 1, Math.max(0, Math.floor(fx * nout)))
    onSelect(b * nout + o)
  }
  const invalid = (min: number, max: number) => t('ops.invalidNumber', { min, max })
  return (
    <ChartFrame
      className="span-2"
      name="dense-error-heatmap"
      kind="canvas"
      title={t('ops.dense.heatTitle')}
      summary={t('ops.dense.heatSummary', {
        batch,
        nout,
        rows: heat.rows,
        cols: heat.cols,
        max: fmt(heat.max, 4),
      })}
    >
      {s.cells ? (
        <div
          className="ops-cells"
          role="grid"
          aria-label={t('ops.dense.cellsLabel')}
          style={{ gridTemplateColumns: `repeat(${nout}, minmax(38px, 1fr))` }}
        >
          {Array.from({ length: batch }, (_, b) => (
            <div role="row" key={b} className="ops-cells-row">
              {Array.from({ length: nout }, (_, o) => {
                const i = b * nout + o
                const err = Math.abs(s.cells!.deq[i] - s.cells!.ref[i])
                return (
                  <div role="gridcell" key={o}>
                    <button
                      type="button"
                      className={`ops-cell ${i === sel ? 'selected' : ''}`}
                      style={cellColour(err, heat.max)}
                      aria-pressed={i === sel}
                      data-cell={i}
                      aria-label={t('ops.dense.cellLabel', {
                        b,
                        o,
                        q: s.cells!.out[i],
                        err: fmt(err, 4),
                      })}
                      onClick={() => onSelect(i)}
                    >
                      {s.cells!.out[i]}
                    </button>
                  </div>
                )
              })}
            </div>
          ))}
        </div>
      ) : (
        <div className="ops-heat" onClick={onHeatClick} title={t('ops.dense.heatClick')}>
          <Heatmap
            rows={heat.rows}
            cols={heat.cols}
            values={heat.values}
            max={heat.max}
            label={t('ops.dense.heatTitle')}
            height={Math.min(320, Math.max(80, heat.rows * 5))}
          />
        </div>
      )}
      <p className="muted small">
        {t('ops.dense.heatLegend', { max: fmt(heat.max, 4) })}
        {!s.cells && ' ' + t('ops.dense.heatDown', { rows: heat.rows, cols: heat.cols })}
      </p>
      <div className="field-grid ops-pick-row">
        <NumberField
          label={t('ops.dense.pickRow', { max: batch - 1 })}
          name="selrow"
          value={selB}
          min={0}
          max={batch - 1}
          integer
          onCommit={(v) => onSelect(v * nout + selO)}
          invalidText={invalid}
        />
        <NumberField
          label={t('ops.dense.pickCol', { max: nout - 1 })}
          name="selcol"
          value={selO}
          min={0}
          max={nout - 1}
          integer
          onCommit={(v) => onSelect(selB * nout + v)}
          invalidText={invalid}
        />
      </div>
    </ChartFrame>
  )
})

const AccumulatorPanel = memo(function AccumulatorPanel({ s }: { s: DenseSummary }) {
  const t = useT()
  const a = s.acc
  const frac = (v: number) => Math.min(1, Math.abs(v) / INT32_LIMIT)
  const worstFrac = frac(a.worst)
  const usedFrac = Math.max(frac(a.min), frac(a.max))
  return (
    <section className="panel" aria-labelledby="ops-acc" data-panel="accumulator">
      <h3 id="ops-acc">{t('ops.dense.accTitle')}</h3>
      <KV
        rows={[
          ['acc-range', t('ops.dense.accRange'), `[${int(a.min)}, ${int(a.max)}]`],
          ['int32', t('ops.dense.int32'), `[${int(-INT32_LIMIT - 1)}, ${int(INT32_LIMIT)}]`],
          ['acc-used', t('ops.dense.accUsed'), `${fmt(usedFrac * 100, 3)}\u00a0%`],
          ['worst', t('ops.dense.worst', { k: s.k }), int(a.worst)],
          ['safe-k', t('ops.dense.safeK'), int(a.safeK)],
        ]}
      />
      <div
        className="ops-bar"
        role="img"
        aria-label={t('ops.dense.accBar', { used: fmt(usedFrac * 100, 3), worst: fmt(worstFrac * 100, 3) })}
      >
        <span className="ops-bar-worst" style={{ width: `${Math.max(worstFrac * 100, 0.5)}%` }} />
        <span className="ops-bar-used" style={{ width: `${Math.max(usedFrac * 100, 0.3)}%` }} />
      </div>
      <p className="muted small">
        {t('ops.dense.accExplain', { maxX: a.maxX, maxW: a.maxW, bias: a.maxBias, safeK: int(a.safeK) })}
      </p>
      {s.k > a.safeK && <p className="notice">{t('ops.dense.overflow')}</p>}
    </section>
  )
})

const MultipliersPanel = memo(function MultipliersPanel({ s }: { s: DenseSummary }) {
  const t = useT()
  const n = s.wgran === 'channel' ? Math.min(MULT_ROWS, s.nout) : 1
  return (
    <section className="panel span-2" aria-labelledby="ops-mult" data-panel="multipliers">
      <h3 id="ops-mult">{t('ops.dense.multTitle')}</h3>
      <p className="muted small">
        {t(s.wgran === 'channel' ? 'ops.dense.multChannel' : 'ops.dense.multTensor')}
      </p>
      <div className="table-x table-scroll">
        <table className="ops-table">
          <thead>
            <tr>
              {s.wgran === 'channel' && <th scope="col">o</th>}
              <th scope="col">S_w</th>
              <th scope="col">M = S_x·S_w / S_out</th>
              <th scope="col">M0</th>
              <th scope="col">shift</th>
              <th scope="col">M0·2^(shift−31)</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: n }, (_, o) => (
              <tr key={o} data-mult={o}>
                {s.wgran === 'channel' && <th scope="row">{o}</th>}
                <td className="figure-num">{real(s.w[s.wgran === 'channel' ? o : 0].scale)}</td>
                <td className="figure-num">{real(s.realMultipliers[o])}</td>
                <td className="figure-num">{int(s.multipliers[o])}</td>
                <td className="figure-num">{int(s.shifts[o])}</td>
                <td className="figure-num">{real(s.multipliers[o] * 2 ** (s.shifts[o] - 31))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {s.wgran === 'channel' && s.nout > MULT_ROWS && (
        <p className="muted small">{t('ops.dense.multMore', { shown: MULT_ROWS, n: s.nout })}</p>
      )}
    </section>
  )
})

const BreakdownBody = memo(function BreakdownBody({ s, e }: { s: DenseSummary; e: DenseElement }) {
  const t = useT()
  const tr = e.trace
  const k = e.qx.length
  const [all, setAll] = useState(false)
  const shown = all ? k : Math.min(k, TERMS_SHOWN)
  const zx = s.x.zeroPoint
  const zw = s.wgran === 'channel' ? 0 : s.w[0].zeroPoint
  const steps: { key: string; step: string; value: string }[] = [
    { key: 'dot', step: t('ops.dense.stepDot', { k }), value: int(tr.dot) },
    {
      key: 'bias',
      step: t('ops.dense.stepBias', { b: fmt(e.biasFloat, 6) }),
      value: int(tr.bias),
    },
    { key: 'acc', step: t('ops.dense.stepAcc'), value: int(tr.accumulator) },
    { key: 'm', step: 'M = S_x·S_w / S_out', value: real(tr.realMultiplier) },
    { key: 'm0', step: 'M0, shift', value: `${int(tr.multiplier)}, ${int(tr.shift)}` },
  ]
  if (tr.shift > 0) steps.push({ key: 'left', step: `acc · 2^${tr.shift}`, value: int(tr.leftShifted) })
  steps.push(
    { key: 'srdhm', step: `SRDHM(·, ${int(tr.multiplier)})`, value: int(tr.srdhm) },
    {
      key: 'rdbpot',
      step: `RoundingDivideByPOT(·, ${Math.max(0, -tr.shift)})`,
      value: int(tr.rdbpot),
    },
    { key: 'zp', step: '+ z_out', value: int(tr.withOffset) },
    { key: 'out', step: t('ops.clampTo', { lo: -128, hi: 127 }), value: int(tr.output) },
    { key: 'exact', step: t('ops.dense.exactCode'), value: fmt(tr.exactOutputCode, 10) },
    { key: 'deq', step: 'S_out·(q − z_out)', value: fmt(e.deq, 10) },
    { key: 'ref', step: t('ops.dense.floatRef'), value: fmt(e.ref, 10) },
    { key: 'err', step: t('ops.errorVsFloat'), value: fmt(e.error, 6) },
  )
  return (
    <>
      <h3 id="ops-dense-bd">{t('ops.dense.breakdown', { b: e.batchIndex, o: e.outputIndex })}</h3>
      <div className="ops-bd">
        <div>
          <h4>{t('ops.dense.terms')}</h4>
          <div
            className="table-x table-scroll ops-terms"
            tabIndex={0}
            role="region"
            aria-label={t('ops.termsRegion')}
          >
            <table className="ops-table">
              <thead>
                <tr>
                  <th scope="col">d</th>
                  <th scope="col">x</th>
                  <th scope="col">w</th>
                  <th scope="col">q_x − z_x</th>
                  <th scope="col">q_w − z_w</th>
                  <th scope="col">{t('ops.dense.product')}</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: shown }, (_, d) => (
                  <tr key={d}>
                    <th scope="row">{d}</th>
                    <td className="figure-num">{fmt(e.x[d], 5)}</td>
                    <td className="figure-num">{fmt(e.w[d], 5)}</td>
                    <td className="figure-num">{int(tr.inputCentred[d])}</td>
                    <td className="figure-num">{int(tr.weightCentred[d])}</td>
                    <td className="figure-num">{int(tr.products[d])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {k > shown && (
            <p className="muted small">
              {t('ops.dense.termsMore', { shown, k })}{' '}
              <button type="button" className="small" onClick={() => setAll(true)}>
                {t('ops.dense.termsAll', { k })}
              </button>
            </p>
          )}
        </div>
        <div>
          <h4>{t('ops.dense.steps')}</h4>
          <Steps label={t('ops.dense.steps')} rows={steps} />
        </div>
      </div>
      {(zx !== 0 || zw !== 0) && <Eq7Table s={s} e={e} />}
    </>
  )
})

/**
 * Jacob et al. 2018 eq. (7) for one output, each term with its live value and what it costs: Σ q₁q₂ and
 * Z₂·Σq₁ are run-time work (Z₂·Σq₁ needs each input row's sum, once per row), Z₁·Σq₂ and N·Z₁Z₂ depend only on
 * the weights and are folded into the int32 bias when the model is converted.
 */
function Eq7Table({ s, e }: { s: DenseSummary; e: DenseElement }) {
  const t = useT()
  const c = s.eq7Cost
  const k = e.qx.length
  const rows: [string, string, string, string][] = [
    ['sumqq', 'Σ q_x·q_w', int(e.eq7.sumQQ), t('ops.dense.eq7.sumqq', { k, macs: c.macs })],
    [
      'z2a1',
      `− Z_w·Σ q_x  (Z_w = ${c.z2})`,
      int(-e.eq7.z2a1),
      c.z2 === 0
        ? t('ops.dense.eq7.z2a1Zero')
        : t('ops.dense.eq7.z2a1', { k, rows: c.rowSums, batch: s.batch }),
    ],
    [
      'z1a2',
      `− Z_x·Σ q_w  (Z_x = ${c.z1})`,
      int(-e.eq7.z1a2),
      c.z1 === 0 ? t('ops.dense.eq7.z1a2Zero') : t('ops.dense.eq7.z1a2', { adds: c.colSums, n: s.nout }),
    ],
    ['nz1z2', `N·Z_x·Z_w  (N = ${k})`, int(e.eq7.nz1z2), t('ops.dense.eq7.nz1z2')],
    ['eq7', t('ops.dense.eq7Total'), int(e.eq7.total), ''],
    ['folded', t('ops.dense.eq7.folded'), int(e.eq7.folded), t('ops.dense.eq7.foldedWhen')],
    ['runtime', t('ops.dense.eq7.runtime'), int(e.eq7.runtime), t('ops.dense.eq7.runtimeWhen')],
  ]
  return (
    <>
      <h4>{t('ops.dense.eq7')}</h4>
      <div className="table-x">
        <table className="ops-table ops-eq7" data-panel="eq7">
          <thead>
            <tr>
              <th scope="col">{t('ops.dense.eq7.term')}</th>
              <th scope="col">{t('ops.dense.eq7.value')}</th>
              <th scope="col">{t('ops.dense.eq7.cost')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, label, value, cost]) => (
              <tr key={key} data-key={key}>
                <th scope="row">{label}</th>
                <td className="figure-num">{value}</td>
                <td className="small">{cost}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

/** The selected element's computation; dimmed (and aria-busy) while a newer one is being computed. */
function Breakdown({ s, e, stale }: { s: DenseSummary; e: DenseElement; stale: boolean }) {
  return (
    <section
      className={`panel span-2${stale ? ' ops-stale' : ''}`}
      aria-busy={stale}
      aria-labelledby="ops-dense-bd"
      data-panel="breakdown"
      data-element={`${e.batchIndex},${e.outputIndex}`}
    >
      <BreakdownBody s={s} e={e} />
    </section>
  )
}

const Derivation = memo(function Derivation({ s, e }: { s: DenseSummary; e: DenseElement | null }) {
  const t = useT()
  // a stale element (shown while its layer recomputes) may belong to a wider layer
  const o = e && e.outputIndex < s.nout ? e.outputIndex : 0
  const sw = s.w[s.wgran === 'channel' ? o : 0].scale
  const formulas: { key: string; tex: string }[] = [
    {
      key: 'notes',
      tex: 'c = \\sum_{i=1}^{n} a b = (w_a w_b) \\sum_{i=1}^{n} x_a x_b \\;\\Rightarrow\\; x_c = \\frac{w_a w_b}{w_c} \\sum_{i=1}^{n} x_a x_b',
    },
    {
      key: 'eq4',
      tex: 'q_3 = Z_3 + M \\sum_{j} (q_1 - Z_1)(q_2 - Z_2),\\qquad M = \\frac{S_1 S_2}{S_3} = 2^{-n} M_0',
    },
    {
      key: 'eq7',
      tex: '\\sum_j (q_1 - Z_1)(q_2 - Z_2) = N Z_1 Z_2 - Z_1 a_2 - Z_2 \\bar a_1 + \\sum_j q_1 q_2',
    },
    {
      key: 'live',
      tex: `S_x = ${texNum(s.x.scale)},\\; Z_x = ${s.x.zeroPoint},\\; S_w = ${texNum(sw)},\\; S_{out} = ${texNum(s.out.scale)},\\; Z_{out} = ${s.out.zeroPoint}`,
    },
    {
      key: 'm',
      tex: `M = \\frac{${texNum(s.x.scale)} \\cdot ${texNum(sw)}}{${texNum(s.out.scale)}} = ${texNum(s.realMultipliers[o])} \\approx \\frac{${s.multipliers[o]}}{2^{31}} \\cdot 2^{${s.shifts[o]}}`,
    },
  ]
  if (e && (e.eq7.nz1z2 !== 0 || e.eq7.z1a2 !== 0 || e.eq7.z2a1 !== 0))
    formulas.push({
      key: 'eq7live',
      tex: `N Z_1 Z_2 - Z_1 a_2 - Z_2 \\bar a_1 + \\sum_j q_1 q_2 = ${e.qx.length} \\cdot ${paren(s.eq7Cost.z1)} \\cdot ${paren(s.eq7Cost.z2)} - ${paren(s.eq7Cost.z1)} \\cdot ${paren(e.eq7.a2)} - ${paren(s.eq7Cost.z2)} \\cdot ${paren(e.eq7.a1)} + ${paren(e.eq7.sumQQ)} = ${e.eq7.total}`,
    })
  if (e)
    formulas.push({
      key: 'el',
      tex: `q_{out} = \\operatorname{clamp}\\!\\big(${s.out.zeroPoint} + M \\cdot ${paren(e.trace.accumulator)}\\big) = \\operatorname{clamp}(${texNum(e.trace.exactOutputCode)}) \\to ${e.trace.output}`,
    })
  return (
    <section className="panel span-2 formulas" aria-labelledby="ops-dense-der" data-panel="derivation">
      <h3 id="ops-dense-der">{t('ops.derivation')}</h3>
      <p className="muted small">{t('ops.dense.derivationIntro')}</p>
      {formulas.map((f) => (
        <FitTex key={f.key} className="formula" data-formula={f.key} tabIndex={0} tex={f.tex} />
      ))}
    </section>
  )
})

const ErrorPanel = memo(function ErrorPanel({ s }: { s: DenseSummary }) {
  const t = useT()
  return (
    <PathPanel
      name="dense-error"
      title={t('ops.dense.errTitle')}
      note={t('ops.dense.errNote')}
      metrics={s.metrics}
      hist={s.errHist}
      extra={[
        ['sat', t('ops.saturated'), `${count(s.saturated)} / ${count(s.batch * s.nout)}`],
        ['w-mse', t('ops.dense.wMse'), fmt(s.wMetrics.mse, 6)],
        [
          'notes-mse',
          t('ops.dense.notesMse'),
          s.notesMetrics ? fmt(s.notesMetrics.mse, 6) : t(`ops.dense.notesSkip.${s.notesSkipped ?? 'size'}`),
        ],
      ]}
    />
  )
})

/** `#/lab/dense`: X·Wᵀ + b through TFLite's integer FULLY_CONNECTED, against float, with any output's computation. */
export default function DenseView({ embed }: { embed?: string | undefined } = {}) {
  const t = useT()
  const { params: p, notices, set } = useLinkParams(decodeDenseParams, encodeDenseParams, embed)
  const usesLoaded = p.xdist === 'loaded' || p.wdist === 'loaded'
  const { engine, loaded, missing, key, model } = useOpsModel('dense', p, usesLoaded, (en, q) => en.dense(q))
  const s = model.result
  const last = s ? s.batch * s.nout - 1 : 0
  const sel = s ? Math.min(p.sel ?? 0, last) : 0
  const nout = s ? s.nout : 1
  const { element, stale, consistent } = useOpsElement(model, key, sel, () =>
    engine.denseElement(p, Math.floor(sel / nout), sel % nout),
  )
  const e = element.result
  const onSelect = useCallback((i: number) => set({ sel: i }, true), [set])
  return (
    <OpsShell
      view="dense"
      embedded={embed !== undefined}
      controls={<Controls p={p} set={set} />}
      notices={notices}
      error={model.error ?? element.error}
      busy={model.busy}
      missing={missing}
    >
      {usesLoaded && loaded.data && s && (
        <p className="muted small" data-message="ops.dense.loadedUsed">
          {t('ops.dense.loadedUsed', {
            name: loadedName(loaded.data.name, t),
            rows: loaded.data.shape[0],
            cols: loaded.data.shape[1],
            batch: s.batch,
            k: s.k,
            n: s.nout,
          })}
        </p>
      )}
      {s && (
        <>
          <Strip
            label={t('ops.summary')}
            items={[
              ['shape', t('ops.dense.shapeValue'), `${s.batch} × ${s.k} × ${s.nout}`],
              [
                'sx',
                s.x.zeroPoint ? 'S_x (Z_x)' : 'S_x',
                s.x.zeroPoint ? `${real(s.x.scale)} (${s.x.zeroPoint})` : real(s.x.scale),
              ],
              [
                'sw',
                'S_w',
                s.wgran === 'channel'
                  ? t('ops.dense.perChannelScales', { n: s.nout })
                  : s.w[0].zeroPoint
                    ? `${real(s.w[0].scale)} (${s.w[0].zeroPoint})`
                    : real(s.w[0].scale),
              ],
              [
                'sout',
                s.out.zeroPoint ? 'S_out (Z_out)' : 'S_out',
                s.out.zeroPoint ? `${real(s.out.scale)} (${s.out.zeroPoint})` : real(s.out.scale),
              ],
              ['m', s.wgran === 'channel' ? 'M (o = 0)' : 'M', real(s.realMultipliers[0])],
              ['mse', t('ops.metric.mse'), fmt(s.metrics.mse, 6)],
              ['sqnr', t('ops.metric.sqnr'), `${fmt(s.metrics.sqnrDb, 5)} dB`],
            ]}
          />
          <div className="lab-grid ops-grid">
            <OutputPanel s={s} sel={sel} onSelect={onSelect} />
            <ErrorPanel s={s} />
            <AccumulatorPanel s={s} />
            <MultipliersPanel s={s} />
            {e && <Breakdown key={`${e.batchIndex},${e.outputIndex}`} s={s} e={e} stale={stale} />}
            <Derivation s={s} e={consistent ? e : null} />
            <SmoothPanel p={p} set={set} engine={engine} modelKey={key} size={s.batch * s.k * s.nout} />
          </div>
        </>
      )}
    </OpsShell>
  )
}

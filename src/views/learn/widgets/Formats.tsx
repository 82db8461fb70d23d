import { scaleLinear, scaleLog } from 'd3'
import { useMemo, useState } from 'react'
import { Axis } from '../../../charts/Axis'
import { ChartFrame } from '../../../charts/ChartFrame'
import { fmt } from '../../../charts/format'
import { SweepChart, type SweepPoint } from '../../../charts/SweepChart'
import { useWidth } from '../../../charts/useWidth'
import { errorMetrics, formatValues, groupwiseQuantize, quantizeToFormat } from '../../../core'
import { bitsPerWeight } from '../../../registry/formats'
import { formatSweep, type SweepRow } from '../../../engine/formatQuant'
import { smoothQuant, injectOutlierChannels } from '../../../engine/smoothQuant'
import { useT, type T } from '../../../i18n'
import { Toggle } from '../../lab/controls'
import { useQueryChoice, useQueryNumber } from '../state'
import { Controls, Panel, Segmented, Slider } from './common'
import { absMax, sample } from '../../../learn/data'
import { GROUP_COST_SHAPE, groupCostWeights } from '../../../learn/figures'

const GRID_FORMATS = ['e4m3', 'e5m2', 'e2m1', 'nf4', 'int4'] as const
const LABEL: Record<(typeof GRID_FORMATS)[number], string> = {
  e4m3: 'E4M3',
  e5m2: 'E5M2',
  e2m1: 'E2M1',
  nf4: 'NF4',
  int4: 'int4',
}
const OCTAVE_COLORS = ['#0072b2', '#d55e00']

/**
 * A format's positive levels on a number line (linear or log axis), coloured by octave (the exponent), and
 * its SQNR on normal weights scaled by absmax: the floating-point grid is dense near 0 and coarse far away.
 */
export function FormatGridWidget() {
  const t = useT()
  const [f, setF] = useQueryChoice('f', GRID_FORMATS, 'e4m3')
  const [log, setLog] = useState(true)
  const [ref, width] = useWidth<HTMLDivElement>()
  const pos = useMemo(() => Array.from(formatValues(f)).filter((v) => v > 0), [f])
  const w = sample({ dist: 'normal', n: 4096, seed: 3 })
  const table = useMemo(
    () =>
      GRID_FORMATS.map((g) => {
        const vals = formatValues(g)
        const top = vals[vals.length - 1]
        const m = errorMetrics(w, quantizeToFormat(w, g, absMax(w) / top))
        return { g, levels: vals.length, top, sqnr: m.sqnrDb }
      }),
    [w],
  )
  const H = 90
  const lo = pos[0]
  const hi = pos[pos.length - 1]
  const x = log
    ? scaleLog()
        .domain([lo / 1.3, hi * 1.3])
        .range([20, Math.max(40, width - 20)])
    : scaleLinear()
        .domain([0, hi * 1.02])
        .range([20, Math.max(40, width - 20)])
  const float = f !== 'nf4' && f !== 'int4'
  const summary = t('learn.fmt.gridSummary', {
    format: LABEL[f],
    n: pos.length,
    lo: fmt(lo, 6),
    hi: fmt(hi, 6),
  })
  return (
    <ChartFrame title={t('learn.fmt.gridTitle')} summary={summary} name="learn-format-grid">
      <Controls>
        <Segmented
          legend={t('fmt.label')}
          name="f"
          value={f}
          options={GRID_FORMATS.map((g) => ({ value: g, label: LABEL[g] }))}
          onChange={setF}
        />
        <Toggle name="flog" label={t('fmt.gridLog')} checked={log} onChange={setLog} />
      </Controls>
      <div ref={ref} className="chart-wrap">
        <svg className="chart" width={width} height={H} role="img" aria-label={summary}>
          {pos.map((v) => (
            <line
              key={v}
              x1={x(v)}
              x2={x(v)}
              y1={14}
              y2={50}
              stroke={float ? OCTAVE_COLORS[((Math.floor(Math.log2(v)) % 2) + 2) % 2] : '#0072b2'}
              strokeWidth={1.5}
            />
          ))}
          <Axis scale={x} orient="bottom" at={56} />
        </svg>
      </div>
      <p className="muted small" data-testid="format-grid-summary">
        {summary}
      </p>
      <table className="metrics-table num-table" data-testid="format-grid-table">
        <thead>
          <tr>
            <th scope="col">{t('fmt.sweepCol.format')}</th>
            <th scope="col">{t('learn.fmt.levels')}</th>
            <th scope="col">{t('learn.fmt.largest')}</th>
            <th scope="col">{t('learn.fmt.sqnrNormal')}</th>
          </tr>
        </thead>
        <tbody>
          {table.map((r) => (
            <tr key={r.g} className={r.g === f ? 'selected' : undefined}>
              <th scope="row">{LABEL[r.g]}</th>
              <td className="figure-num">{r.levels}</td>
              <td className="figure-num">{fmt(r.top, 6)}</td>
              <td className="figure-num">{fmt(r.sqnr, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFrame>
  )
}

/**
 * The group-size chart's points: the common formats of the sweep and the current group size (int4 with one
 * scale per g values). The sweep's int4 row of the same group size is that point itself: one dot, one label.
 */
export function groupCostPoints(
  sweep: readonly SweepRow[],
  cur: { g: number; bpw: number; sqnr: number },
  t: T,
): SweepPoint[] {
  return [
    ...sweep
      .filter((s) => !(Math.abs(s.bitsPerWeight - cur.bpw) < 1e-9 && Math.abs(s.sqnrDb - cur.sqnr) < 1e-9))
      .map((s) => ({ key: s.id, label: t(`fmt.sweep.${s.id}`), x: s.bitsPerWeight, y: s.sqnrDb })),
    { key: 'cur', label: `int4 g${cur.g}`, x: cur.bpw, y: cur.sqnr, current: true },
  ]
}

const [G_ROWS, G_COLS] = GROUP_COST_SHAPE

/** int4 with one scale per group of g along each row: error and cost side by side, and the whole trade-off. */
export function GroupCostWidget() {
  const t = useT()
  const [gi, setGi] = useQueryNumber('g', 3, 0, 5, true)
  const g = 2 ** (gi + 3)
  const w = groupCostWeights()
  const sweep = useMemo(() => formatSweep(w, [G_ROWS, G_COLS], 'row').rows, [w])
  const r = useMemo(() => {
    const shape = [G_ROWS, G_COLS]
    const ch = errorMetrics(w, groupwiseQuantize(w, { shape, axis: 0, groupSize: G_COLS }).dequantized)
    const gr = errorMetrics(w, groupwiseQuantize(w, { shape, axis: 0, groupSize: g }).dequantized)
    return { ch: ch.sqnrDb, gr: gr.sqnrDb }
  }, [w, g])
  const bpw = bitsPerWeight(4, g)
  const summary = t('learn.fmt.groupSummary', {
    g,
    sqnr: fmt(r.gr, 4),
    bpw: fmt(bpw, 5),
    ch: fmt(r.ch, 4),
    chBpw: fmt(bitsPerWeight(4, G_COLS), 5),
  })
  return (
    <ChartFrame title={t('learn.fmt.groupTitle')} summary={summary} name="learn-group-cost">
      <Controls>
        <Slider
          label={t('fmt.group')}
          value={gi}
          min={0}
          max={5}
          step={1}
          onChange={setGi}
          format={(v) => String(2 ** (v + 3))}
          name="g"
        />
      </Controls>
      <SweepChart
        xLabel={t('fmt.sweepX')}
        yLabel={t('fmt.sweepY')}
        points={groupCostPoints(sweep, { g, bpw, sqnr: r.gr }, t)}
      />
    </ChartFrame>
  )
}

const SQ = { batch: 32, k: 64, nout: 16 }

/** SmoothQuant on a small layer whose X has outlier channels: α, the error before and after, the best α. */
export function SmoothQuantWidget() {
  const t = useT()
  const [alpha, setAlpha] = useQueryNumber('alpha', 0.5, 0, 1)
  const [factor, setFactor] = useQueryNumber('xout', 30, 1, 100)
  const [tok, setTok] = useQueryChoice('tok', ['0', '1'] as const, '0')
  const r = useMemo(() => {
    const x = sample({ dist: 'normal', n: SQ.batch * SQ.k, rows: SQ.batch, seed: 8 }).slice()
    injectOutlierChannels(x, SQ.batch, SQ.k, factor, 3)
    const w = sample({ dist: 'normal', sigma: 0.1, n: SQ.nout * SQ.k, rows: SQ.nout, seed: 9 })
    return smoothQuant({ x, w, ...SQ }, alpha, { perToken: tok === '1' })
  }, [alpha, factor, tok])
  const summary = t('learn.fmt.sqSummary', {
    before: fmt(r.before.sqnrDb, 4),
    after: fmt(r.after.sqnrDb, 4),
    alpha: fmt(alpha, 3),
    best: fmt(r.best.alpha, 3),
    bestSqnr: fmt(r.best.sqnrDb, 4),
  })
  return (
    <Panel title={t('learn.fmt.sqTitle')} testId="smooth-quant">
      <Controls>
        <Slider label="α" value={alpha} min={0} max={1} step={0.05} onChange={setAlpha} name="alpha" />
        <Slider
          label={t('sq.factor')}
          value={factor}
          min={1}
          max={100}
          step={1}
          onChange={setFactor}
          name="xout"
        />
        <Toggle
          name="tok"
          label={t('sq.perToken')}
          checked={tok === '1'}
          onChange={(on) => setTok(on ? '1' : '0')}
        />
      </Controls>
      <p data-testid="sq-summary">{summary}</p>
      <table className="metrics-table">
        <tbody>
          <tr>
            <th scope="row">{t('sq.xMax')}</th>
            <td className="figure-num">
              {fmt(r.xMax[0], 4)} → {fmt(r.xMax[1], 4)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('sq.wMax')}</th>
            <td className="figure-num">
              {fmt(r.wMax[0], 4)} → {fmt(r.wMax[1], 4)}
            </td>
          </tr>
        </tbody>
      </table>
      <SweepChart
        xLabel="α"
        yLabel={t('fmt.sweepY')}
        height={200}
        xDomain={[-0.05, 1.15]}
        points={r.sweep
          .filter((_, i) => i % 2 === 0)
          .map((p): SweepPoint => ({ key: String(p.alpha), label: '', x: p.alpha, y: p.sqnrDb }))
          .concat([
            { key: 'cur', label: `α = ${fmt(alpha, 3)}`, x: alpha, y: r.after.sqnrDb, current: true },
          ])}
      />
    </Panel>
  )
}

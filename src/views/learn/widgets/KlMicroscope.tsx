import { scaleLinear } from 'd3'
import { useMemo } from 'react'
import { ChartFrame } from '../../../charts/ChartFrame'
import { CurveChart } from '../../../charts/CurveChart'
import { fmt } from '../../../charts/format'
import { Tex, texNum } from '../../../charts/Tex'
import { useWidth } from '../../../charts/useWidth'
import type { KlMicroscope as Micro } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryChoice, useQueryNumber } from '../state'
import { Controls, Segmented, Slider } from './common'
import { CAL_DISTS, calibrated, calSpec } from './engine'

function stepPath(values: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  let d = `M${x(0)},${y(0)}`
  for (let i = 0; i < values.length; i++) {
    const v = Number.isFinite(values[i]) ? values[i] : 0
    d += `V${y(v).toFixed(2)}H${x(i + 1).toFixed(2)}`
  }
  return d + `V${y(0)}`
}

function MicroChart({ m, stage }: { m: Micro; stage: number }) {
  const t = useT()
  const [ref, width] = useWidth<HTMLDivElement>()
  const H = 150
  const x = scaleLinear()
    .domain([0, m.size])
    .range([8, width - 8])
  let top = 0
  for (let i = 0; i < m.size; i++) top = Math.max(top, m.pNorm[i], stage >= 2 ? m.qNorm[i] : 0)
  const y = scaleLinear()
    .domain([0, top || 1])
    .range([H - 10, 18])
  let tmax = 0
  let tmin = 0
  for (let i = 0; i < m.size; i++) {
    const v = m.terms[i]
    if (Number.isFinite(v)) {
      tmax = Math.max(tmax, v)
      tmin = Math.min(tmin, v)
    }
  }
  const ty = scaleLinear()
    .domain([tmin, tmax || 1])
    .range([100, 18])
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        className="chart micro"
        width={width}
        height={stage >= 3 ? H + 110 : H}
        role="img"
        aria-label={t('learn.kl.chart')}
      >
        <text x={8} y={12} className="axis-label" textAnchor="start">
          {stage >= 2 ? t('learn.kl.pq') : t('learn.kl.p')}
        </text>
        <path d={stepPath(m.pNorm, x, y)} className="micro-p" />
        {stage >= 2 && <path d={stepPath(m.qNorm, x, y)} className="micro-q" />}
        {stage >= 3 && (
          <g transform={`translate(0,${H})`}>
            <text x={8} y={12} className="axis-label" textAnchor="start">
              {t('learn.kl.terms')}
            </text>
            <line x1={x(0)} x2={x(m.size)} y1={ty(0)} y2={ty(0)} className="axis-line" />
            <path
              d={stepPath(m.terms, x, ty).replace(/^M[^V]*/, `M${x(0)},${ty(0)}`)}
              className="micro-terms"
            />
          </g>
        )}
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: '#0072b2' }} aria-hidden="true" />P
        </li>
        {stage >= 2 && (
          <li>
            <span className="swatch" style={{ background: '#d55e00' }} aria-hidden="true" />Q
          </li>
        )}
        {stage >= 3 && (
          <li>
            <span className="swatch" style={{ background: '#009e73' }} aria-hidden="true" />
            {t('learn.kl.termLegend')}
          </li>
        )}
      </ul>
    </div>
  )
}

const STAGES = ['1', '2', '3'] as const

/** One KL candidate under the microscope: P with the outliers folded in, Q merged and expanded, the sum. */
export function KlMicroscope() {
  const t = useT()
  const [dist, setDist] = useQueryChoice('cdist', CAL_DISTS, 'traitor')
  const { engine } = calibrated(calSpec(dist))
  const curve = engine.entropyCurve('tensorrt')
  const count = curve ? curve.values.length : 1
  const best = curve && curve.best >= 0 ? curve.best : 0
  const [index, setIndex] = useQueryNumber('kl', best, 0, count - 1, true)
  const [stageS, setStage] = useQueryChoice('klstep', STAGES, '3')
  const stage = Number(stageS)
  const m = useMemo(() => (curve ? engine.microscope('tensorrt', index) : null), [engine, curve, index])
  if (!curve || !m) return null
  const nearest = (thr: number) => {
    let k = 0
    for (let j = 1; j < curve.thresholds.length; j++)
      if (Math.abs(curve.thresholds[j] - thr) < Math.abs(curve.thresholds[k] - thr)) k = j
    return k
  }
  let total = 0
  for (let i = 0; i < m.p.length; i++) total += m.p[i]
  const outlierShare = total > 0 ? m.outliers / total : 0
  return (
    <ChartFrame
      title={t('learn.kl.title')}
      name="learn-kl-microscope"
      summary={t('learn.kl.summary', {
        i: m.candidate,
        threshold: fmt(m.threshold, 6),
        kl: fmt(m.total, 6),
        best: fmt(curve.threshold, 6),
      })}
    >
      <Controls>
        <Segmented
          legend={t('learn.dist')}
          name="kl-dist"
          value={dist}
          options={CAL_DISTS.map((d) => ({ value: d, label: t(`learn.dist.${d}`) }))}
          onChange={setDist}
        />
        <Slider
          label={t('learn.kl.candidate')}
          value={index}
          min={0}
          max={count - 1}
          step={1}
          onChange={(v) => setIndex(v)}
          format={(v) => String(curve.candidates[v] ?? v)}
          name="kl"
        />
        <Segmented
          legend={t('learn.kl.stage')}
          name="kl-stage"
          value={stageS}
          options={STAGES.map((s) => ({ value: s, label: t(`learn.kl.stage${s}`) }))}
          onChange={setStage}
        />
        <button type="button" className="small" onClick={() => setIndex(best)}>
          {t('learn.kl.toBest')}
        </button>
      </Controls>
      <p className="micro-facts" data-testid="kl-facts">
        {t('learn.kl.facts', {
          i: m.candidate,
          threshold: fmt(m.threshold, 6),
          outliers: m.outliers,
          share: fmt(outlierShare * 100, 3),
          levels: m.levelSums.length,
        })}
      </p>
      <MicroChart m={m} stage={stage} />
      {stage >= 3 && (
        <div className="learn-formulas">
          <Tex
            display
            tex={`D(P\\,\\|\\,Q) = \\sum_{j=0}^{${m.size - 1}} p_j \\ln\\frac{p_j}{q_j} = ${texNum(m.total)}`}
          />
        </div>
      )}
      {m.total === Infinity && (
        <p className="notice" data-testid="kl-infinite">
          {t('learn.kl.infinite')}
        </p>
      )}
      <CurveChart
        series={[
          {
            key: 'kl',
            label: t('learn.kl.curve'),
            color: '#d55e00',
            xs: curve.thresholds,
            ys: curve.values,
            best: curve.best,
          },
        ]}
        xLabel={t('learn.calib.threshold')}
        yLabel="KL"
        log
        height={200}
        markerX={m.threshold}
        selectedX={m.threshold}
        onSelectX={(thr) => setIndex(nearest(thr))}
        selectLabel={t('learn.kl.candidate')}
      />
    </ChartFrame>
  )
}

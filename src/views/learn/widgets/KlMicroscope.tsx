import { useMemo } from 'react'
import { ChartFrame } from '../../../charts/ChartFrame'
import { CurveChart } from '../../../charts/CurveChart'
import { fmt, fmtInt } from '../../../charts/format'
import { FitTex } from '../../../charts/FitTex'
import { texNum } from '../../../charts/Tex'
import { KlMicroChart } from '../../../charts/KlMicroChart'
import type { KlMicroscope as Micro } from '../../../core'
import { useT } from '../../../i18n'
import { useApp } from '../../../state/appStore'
import { useQueryChoice, useQueryNumber } from '../state'
import { Controls, DistChoice, Segmented, Slider } from './common'
import { CAL_DISTS, calibrated, calSpec } from '../../../learn/calibrators'
import { KL_MICRO_DEFAULT } from '../../../learn/klDefaults'

function MicroChart({ m, stage }: { m: Micro; stage: number }) {
  const t = useT()
  return (
    <KlMicroChart
      m={m}
      stage={Math.min(3, Math.max(1, stage)) as 1 | 2 | 3}
      capFold
      labels={{
        p: t('learn.kl.p'),
        pq: t('learn.kl.pq'),
        terms: t('learn.kl.terms'),
        termLegend: t('learn.kl.termLegend'),
        chart: t('learn.kl.chart'),
      }}
    />
  )
}

const STAGES = ['1', '2', '3'] as const

/** One KL candidate under the microscope: P with the outliers folded in, Q merged and expanded, the sum. */
export function KlMicroscope() {
  const t = useT()
  const lang = useApp((st) => st.lang)
  // its own data choice (not the calibrators' cdist): it opens where merging is visible, not on the traitor
  const [dist, setDist] = useQueryChoice('kdist', CAL_DISTS, KL_MICRO_DEFAULT.dist)
  const { engine } = calibrated(calSpec(dist))
  const curve = engine.entropyCurve('tensorrt')
  const count = curve ? curve.values.length : 1
  const best = curve && curve.best >= 0 ? curve.best : 0
  const start = curve ? Math.max(0, curve.candidates.indexOf(KL_MICRO_DEFAULT.candidate)) : 0
  const [index, setIndex] = useQueryNumber('kl', start, 0, count - 1, true)
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
        <DistChoice name="kl-dist" value={dist} options={CAL_DISTS} onChange={setDist} />
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
          outliers: fmtInt(m.outliers, lang),
          share: fmt(outlierShare * 100, 3),
          levels: m.levelSums.length,
          per: fmt(m.candidate / m.levelSums.length, 3),
        })}
      </p>
      <MicroChart m={m} stage={stage} />
      {stage >= 3 && (
        <div className="learn-formulas">
          <FitTex
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
        selectedX={m.threshold}
        selectedLabel={t('learn.kl.shown')}
        onSelectX={(thr) => setIndex(nearest(thr))}
        selectLabel={t('learn.kl.candidate')}
      />
    </ChartFrame>
  )
}

import { useMemo } from 'react'
import { ChartFrame } from '../../../charts/ChartFrame'
import { CurveChart } from '../../../charts/CurveChart'
import { fmt } from '../../../charts/format'
import { HistogramChart } from '../../../charts/HistogramChart'
import { useT } from '../../../i18n'
import { useQueryChoice, useQueryNumber } from '../state'
import { BitsSlider, Controls, DistChoice, useValuesText } from './common'
import { RANGE_DATA as DATA, RANGE_DEFAULT_BITS, rangeMetricsAt, rangeSweep } from '../../../learn/figures'

/** Rounding error vs clipping error as the clipping threshold α moves, on a heavy-tailed tensor. */
export function RangeSweep() {
  const t = useT()
  const values = useValuesText()
  const [kind, setKind] = useQueryChoice('rdata', DATA, 'laplace')
  const [bits, setBits] = useQueryNumber('rbits', RANGE_DEFAULT_BITS, 2, 8, true)
  const data = useMemo(() => rangeSweep(kind, bits), [kind, bits])
  const [alphaRaw, setAlpha] = useQueryNumber('alpha', data.max, 0.05, 1e6)
  const alpha = Math.min(data.max, Math.max(data.lo, alphaRaw))
  const m = useMemo(() => rangeMetricsAt(data.x, alpha, bits), [data, alpha, bits])
  const bestAlpha = data.alphas[data.best]
  const set = (v: number) => setAlpha(Number(v.toFixed(3)))
  return (
    <ChartFrame
      title={t('learn.range.title')}
      name="learn-range-sweep"
      summary={t('learn.range.summary', {
        alpha: fmt(alpha, 4),
        clip: fmt(m.clipErrorMse, 4),
        round: fmt(m.roundErrorMse, 4),
        total: fmt(m.mse, 4),
        best: fmt(bestAlpha, 4),
        max: fmt(data.max, 4),
      })}
    >
      <Controls>
        <DistChoice name="range-data" value={kind} options={DATA} onChange={setKind} />
        <BitsSlider name="rbits" value={bits} onChange={setBits} />
      </Controls>
      <HistogramChart
        edges={data.hist.edges}
        counts={data.hist.counts}
        log
        height={200}
        // α runs up to max |x|, which may lie on the other side: the axis spans ±max |x| so that the handle and
        // its mirror both sit at ±α
        xDomain={[-data.max, data.max]}
        clip={{ lo: -alpha, hi: alpha }}
        markers={[
          {
            key: 'best',
            x: bestAlpha,
            label: t('learn.range.best'),
            color: '#009e73',
            dash: '4 3',
            mirror: true,
          },
        ]}
        handle={{
          value: alpha,
          min: data.lo,
          max: data.max,
          step: (data.max - data.lo) / 200,
          label: t('learn.range.alpha'),
          valueText: fmt(alpha, 4),
          mirror: true,
          onChange: (v) => set(v),
        }}
        xLabel="x"
        yLabel={t('learn.count')}
      />
      <CurveChart
        series={[
          { key: 'clip', label: t('learn.range.clip'), color: '#d55e00', xs: data.alphas, ys: data.clip },
          { key: 'round', label: t('learn.range.round'), color: '#0072b2', xs: data.alphas, ys: data.round },
          {
            key: 'total',
            label: t('learn.range.total'),
            color: '#000000',
            xs: data.alphas,
            ys: data.total,
            best: data.best,
          },
        ]}
        xLabel="α"
        yLabel="MSE"
        log
        height={230}
        markerX={alpha}
        selectedX={alpha}
        onSelectX={set}
        selectLabel={t('learn.range.alpha')}
      />
      <p className="learn-readout figure-num" data-testid="range-readout">
        {t('learn.range.readout', {
          alpha: fmt(alpha, 4),
          clip: fmt(m.clipErrorMse, 4),
          round: fmt(m.roundErrorMse, 4),
          total: fmt(m.mse, 4),
          clipped: values(m.clippedCount),
        })}
      </p>
    </ChartFrame>
  )
}

import { ChartFrame } from '../../../charts/ChartFrame'
import { CurveChart } from '../../../charts/CurveChart'
import { fmt } from '../../../charts/format'
import { HistogramChart } from '../../../charts/HistogramChart'
import { ENTROPY_VARIANTS, type EntropyVariant } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryChoice } from '../state'
import { Controls, DistChoice } from './common'
import { CAL_DISTS, calibrated, calSpec } from '../../../learn/calibrators'

const COLORS: Record<EntropyVariant, string> = {
  tensorrt: '#d55e00',
  'pytorch-quantization': '#0072b2',
  tvm: '#009e73',
}

/** The three KL calibrators on one histogram: different bins, levels, smoothing and threshold rules. */
export function KlVariants() {
  const t = useT()
  const [dist, setDist] = useQueryChoice('kdist', CAL_DISTS, 'traitor')
  const { engine, summary } = calibrated(calSpec(dist))
  const curves = ENTROPY_VARIANTS.map((v) => ({ v, c: engine.entropyCurve(v) }))
  const name = (v: EntropyVariant) => t(`learn.klv.${v}`)
  return (
    <ChartFrame
      title={t('learn.klv.title')}
      name="learn-kl-variants"
      summary={t('learn.klv.summary', {
        tensorrt: fmt(curves[0].c?.threshold, 6),
        pq: fmt(curves[1].c?.threshold, 6),
        tvm: fmt(curves[2].c?.threshold, 6),
      })}
    >
      <Controls>
        <DistChoice name="klv-dist" value={dist} options={CAL_DISTS} onChange={setDist} />
      </Controls>
      <HistogramChart
        edges={summary.display.edges}
        counts={summary.display.counts}
        log
        height={200}
        markers={curves.map(({ v, c }) => ({
          key: v,
          x: c?.threshold ?? 0,
          label: name(v),
          color: COLORS[v],
          mirror: true,
        }))}
        xLabel="x"
        yLabel={t('learn.count')}
      />
      <CurveChart
        series={curves.map(({ v, c }) => ({
          key: v,
          label: name(v),
          color: COLORS[v],
          xs: c?.thresholds ?? [],
          ys: c?.values ?? [],
          best: c?.best,
        }))}
        xLabel={t('learn.calib.threshold')}
        yLabel="KL"
        log
        height={220}
      />
      <div className="learn-scroll">
        <table className="learn-table">
          <thead>
            <tr>
              <th scope="col">{t('learn.klv.variant')}</th>
              <th scope="col">{t('learn.klv.rule')}</th>
              <th scope="col">{t('learn.klv.candidates')}</th>
              <th scope="col">{t('learn.calib.threshold')}</th>
              <th scope="col">{t('learn.scale')}</th>
            </tr>
          </thead>
          <tbody>
            {curves.map(({ v, c }) => (
              <tr key={v}>
                <th scope="row">
                  <span className="swatch" style={{ background: COLORS[v] }} aria-hidden="true" /> {name(v)}
                </th>
                <td className="wrap">{t(`learn.klv.rule.${v}`)}</td>
                <td className="figure-num">{c?.values.length ?? 0}</td>
                <td className="figure-num" data-testid={`klv-${v}`}>
                  {fmt(c?.threshold, 6)}
                </td>
                <td className="figure-num">{c ? fmt(c.threshold / (v === 'tvm' ? 128 : 127), 6) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFrame>
  )
}

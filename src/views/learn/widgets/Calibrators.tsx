import { ChartFrame } from '../../../charts/ChartFrame'
import { fmt } from '../../../charts/format'
import { HistogramChart } from '../../../charts/HistogramChart'
import { useT } from '../../../i18n'
import { useQueryChoice } from '../state'
import { Controls, DistChoice, useValuesText } from './common'
import { CAL_DISTS, CALIB_COLORS, CALIBS, calibrated, calSpec } from '../../../learn/calibrators'

/** Min-max, percentile, KL and MSE on the same tensor: four thresholds, four error budgets. */
export function Calibrators() {
  const t = useT()
  const [dist, setDist] = useQueryChoice('cdist', CAL_DISTS, 'traitor')
  const values = useValuesText()
  const { summary, results, inlierMse, notesPct, notesClipped } = calibrated(calSpec(dist))
  const best = CALIBS.reduce((a, b) => (results[b].metrics.mse < results[a].metrics.mse ? b : a))
  const bestInl = CALIBS.reduce((a, b) => (inlierMse[b] < inlierMse[a] ? b : a))
  const name = (c: (typeof CALIBS)[number]) => t(`learn.calib.${c}`)
  return (
    <ChartFrame
      title={t('learn.calib.title')}
      name="learn-calibrators"
      summary={t('learn.calib.summary', {
        minmax: fmt(results.minmax.threshold, 4),
        percentile: fmt(results.percentile.threshold, 4),
        entropy: fmt(results.entropy.threshold, 4),
        mse: fmt(results.mse.threshold, 4),
        best: name(best),
        bestInl: name(bestInl),
      })}
    >
      <Controls>
        <DistChoice name="calib-dist" value={dist} options={CAL_DISTS} onChange={setDist} />
      </Controls>
      <HistogramChart
        edges={summary.display.edges}
        counts={summary.display.counts}
        log
        height={220}
        markers={CALIBS.map((c) => ({
          key: c,
          x: results[c].threshold,
          label: name(c),
          color: CALIB_COLORS[c],
          dash: c === 'minmax' ? '2 3' : undefined,
          mirror: true,
        }))}
        xLabel="x"
        yLabel={t('learn.count')}
      />
      {/* the table can be wider than a narrow column: a focusable region, so it scrolls from the keyboard */}
      <div className="learn-scroll" tabIndex={0} role="region" aria-label={t('learn.calib.title')}>
        <table className="learn-table">
          <thead>
            <tr>
              <th scope="col">{t('learn.calib.method')}</th>
              <th scope="col">{t('learn.calib.threshold')}</th>
              <th scope="col">{t('learn.calib.mseAll')}</th>
              <th scope="col">{t('learn.calib.inlierMse')}</th>
              <th scope="col">{t('learn.calib.clipped')}</th>
            </tr>
          </thead>
          <tbody>
            {CALIBS.map((c) => (
              <tr key={c}>
                <th scope="row">
                  <span className="swatch" style={{ background: CALIB_COLORS[c] }} aria-hidden="true" />{' '}
                  {name(c)}
                </th>
                <td className="figure-num" data-testid={`calib-t-${c}`}>
                  {fmt(results[c].threshold, 6)}
                </td>
                <td className="figure-num" data-testid={`calib-mse-${c}`}>
                  {fmt(results[c].metrics.mse, 4)}
                  {c === best ? ` ← ${t('learn.lowest')}` : ''}
                </td>
                <td className="figure-num" data-testid={`calib-inl-${c}`}>
                  {fmt(inlierMse[c], 4)}
                  {c === bestInl ? ` ← ${t('learn.lowest')}` : ''}
                </td>
                <td className="figure-num">{results[c].metrics.clipped}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small" data-testid="calib-notes-pct">
        {t('learn.calib.notesPct', { alpha: fmt(notesPct, 6), clipped: values(notesClipped) })}
      </p>
    </ChartFrame>
  )
}

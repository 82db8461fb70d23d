import { memo } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { HistogramChart } from '../../charts/HistogramChart'
import { fmt, fmtInt, fmtPct } from '../../charts/format'
import { codesText } from './SummaryStrip'
import { useT } from '../../i18n'
import { useDeferredResult } from '../../lab/useDeferredResult'
import { useApp } from '../../state/appStore'

/** Error metrics, the clip/round split of the squared error, and the histogram of x̂ − x. */
// memo: no props, so it re-renders only when the store slices it reads change
export const ErrorPanel = memo(function ErrorPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const r = useDeferredResult()
  if (!r) return null
  const m = r.metrics
  const total = m.clipSse + m.roundSse
  const clipShare = total > 0 ? m.clipSse / total : 0
  const rows: [string, string][] = [
    [t('err.mse'), fmt(m.mse, 6)],
    [t('err.sqnr'), `${fmt(m.sqnrDb, 5)} dB`],
    [t('err.maxAbs'), fmt(m.maxAbsError, 6)],
    [t('err.meanAbs'), fmt(m.meanAbsError, 6)],
    [t('err.clipped'), `${fmtInt(m.clipped, lang)} / ${fmtInt(m.n, lang)}`],
    [t('err.codes'), codesText(r, t, lang)],
  ]
  const summary = t('err.summary', {
    mse: fmt(m.mse, 4),
    sqnr: fmt(m.sqnrDb, 4),
    clip: fmtPct(clipShare, 1),
    round: fmtPct(1 - clipShare, 1),
  })
  return (
    <ChartFrame title={t('err.title')} summary={summary} name="error" hideId="error">
      <table className="metrics-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="figure-num">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div
        className="split-bar"
        aria-label={t('err.split', { clip: fmtPct(clipShare, 1), round: fmtPct(1 - clipShare, 1) })}
        role="img"
      >
        <span className="split-clip" style={{ width: `${clipShare * 100}%` }} />
        <span className="split-round" style={{ width: `${(1 - clipShare) * 100}%` }} />
      </div>
      <p className="muted small">
        {t('err.split', { clip: fmtPct(clipShare, 1), round: fmtPct(1 - clipShare, 1) })}
      </p>
      <HistogramChart
        edges={r.errorHist.edges}
        counts={r.errorHist.counts}
        height={170}
        xLabel={t('err.x')}
        yLabel={t('hist.y')}
        log
      />
    </ChartFrame>
  )
})

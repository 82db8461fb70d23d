import { memo } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { HistogramChart } from '../../charts/HistogramChart'
import { fmt, fmtInt, fmtPct } from '../../charts/format'
import { codesText } from './SummaryStrip'
import { useT } from '../../i18n'
import { useDeferredResult } from '../../lab/useDeferredResult'
import { useApp } from '../../state/appStore'

/**
 * The share of the squared error that clipping causes (null: not known). Sums of squares overflow to ∞ for
 * values past ~1e154 (the means stay finite): a sum that overflowed outweighs a finite one by ~10³⁰⁸; when
 * both overflowed the split is unknown, and the view says so with a dash instead of "NaN %".
 */
export function clipShare(clipSse: number, roundSse: number): number | null {
  if (clipSse === Infinity) return roundSse === Infinity ? null : 1
  if (roundSse === Infinity) return 0
  if (!(clipSse >= 0 && roundSse >= 0)) return null
  // (halved, so that two finite sums cannot overflow when added)
  const total = clipSse / 2 + roundSse / 2
  return total > 0 ? clipSse / 2 / total : 0
}

/** Error metrics, the clip/round split of the squared error, and the histogram of x̂ − x. */
// memo: no props, so it re-renders only when the store slices it reads change
export const ErrorPanel = memo(function ErrorPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const r = useDeferredResult()
  if (!r) return null
  const m = r.metrics
  // no error at all (every value comes back exactly): nothing to split, not "clipping 0 %, rounding 100 %"; both
  // sums 0 while some error is not (squares that underflow) leave the split unknown
  const noSse = m.clipSse === 0 && m.roundSse === 0
  const exact = noSse && m.maxAbsError === 0
  const share = noSse ? null : clipShare(m.clipSse, m.roundSse)
  const rows: [string, string][] = [
    [t('err.mse'), fmt(m.mse, 6)],
    [t('err.sqnr'), `${fmt(m.sqnrDb, 5)} dB`],
    [t('err.maxAbs'), fmt(m.maxAbsError, 6)],
    [t('err.meanAbs'), fmt(m.meanAbsError, 6)],
    [t('err.clipped'), `${fmtInt(m.clipped, lang)} / ${fmtInt(m.n, lang)}`],
    [t('err.codes'), codesText(r, t, lang)],
  ]
  const shares = {
    clip: share === null ? '—' : fmtPct(share, 1),
    round: share === null ? '—' : fmtPct(1 - share, 1),
  }
  const split = exact ? t('err.splitNone') : t('err.split', shares)
  const figures = { mse: fmt(m.mse, 4), sqnr: fmt(m.sqnrDb, 4) }
  const summary = exact ? t('err.summaryNone', figures) : t('err.summary', { ...figures, ...shares })
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
      {share !== null && (
        <div className="split-bar" aria-label={split} role="img">
          <span className="split-clip" style={{ width: `${share * 100}%` }} />
          <span className="split-round" style={{ width: `${(1 - share) * 100}%` }} />
        </div>
      )}
      <p className="muted small" data-key="split">
        {split}
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

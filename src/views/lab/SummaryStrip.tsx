import { memo } from 'react'
import { fmt, fmtInt } from '../../charts/format'
import { useT } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { useDeferredResult, useDeferredSummary } from '../../lab/useDeferredResult'
import { useLivePlan } from '../../lab/useLivePlan'
import { useApp } from '../../state/appStore'

/** The key numbers of the current view, each labelled (and read out by screen readers as a list). */
// memo: no props, so it re-renders only when the store slices it reads change
export const SummaryStrip = memo(function SummaryStrip() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const r = useDeferredResult()
  const summary = useDeferredSummary()
  const pl = useLivePlan()
  // a new tensor or a new result has been computing for longer than STALE_AFTER_MS: the figures below are the old ones
  const busy = useLab((s) => s.busy)
  const stale = busy === 'generate' || busy === 'quantize'
  if (!r || !summary || !pl) return null
  const items: [string, string, string][] = [
    r.perChannel && r.channels
      ? ['scale', t('sum.scale'), t('sum.perChannelScales', { n: fmtInt(r.channels.scales.length, lang) })]
      : ['scale', pl.form === 'notes' ? t('sum.w') : t('sum.scale'), fmt(pl.scale, 10)],
    pl.form === 'notes'
      ? ['offset', t('sum.bf'), fmt(pl.offset, 10)]
      : ['zp', t('sum.zp'), String(pl.zeroPoint)],
    ['range', t('sum.clip'), `[${fmt(pl.lo, 6)}, ${fmt(pl.hi, 6)}]`],
    [
      'codes',
      t('sum.codes'),
      t('sum.codesValue', { used: fmtInt(r.codesUsed, lang), total: fmtInt(r.codesTotal, lang) }),
    ],
    ['mse', 'MSE', fmt(r.metrics.mse, 4)],
    ['sqnr', 'SQNR', `${fmt(r.metrics.sqnrDb, 4)} dB`],
  ]
  return (
    <div
      className="summary-strip"
      role="group"
      aria-label={t('sum.label')}
      aria-busy={stale}
      data-stale={stale ? '1' : undefined}
    >
      {stale && (
        <p className="muted small stale-note" role="status">
          {t(busy === 'generate' ? 'lab.stale' : 'lab.staleQuantize')}
        </p>
      )}
      <dl>
        {items.map(([k, label, value]) => (
          <div key={k} className="summary-item" data-key={k}>
            <dt>{label}</dt>
            <dd className="figure-num">{value}</dd>
          </div>
        ))}
      </dl>
      {summary.outliers > 0 && r.codesUsedInliers !== r.codesUsed && (
        <p className="inlier-note" data-key="inliers">
          {t('sum.inliers', {
            used: fmtInt(r.codesUsedInliers, lang),
            total: fmtInt(r.codesTotal, lang),
            outliers: fmtInt(summary.outliers, lang),
          })}
        </p>
      )}
      {r.metrics.mse === 0 && r.metrics.maxAbsError > 0 && (
        <p className="muted small" data-key="mse-underflow">
          {t('lab.mseUnderflow')}
        </p>
      )}
      {r.emptyClip && (
        <p className="notice" role="status" data-key="empty-clip">
          {t('sum.emptyClip', { used: fmtInt(r.codesUsed, lang) })}
        </p>
      )}
      {r.zeroRange && (
        <p className="notice" role="status">
          {t('sum.zeroRange')}
        </p>
      )}
    </div>
  )
})

import { memo, type CSSProperties } from 'react'
import { fmt, fmtInt } from '../../charts/format'
import { NoBreak } from '../../charts/NoBreak'
import { useT, type T } from '../../i18n'
import type { Lang } from '../../i18n/lang'
import type { QuantResult } from '../../engine/labEngine'
import { FORMAT_REGISTRY } from '../../registry/formats'
import { useLab } from '../../lab/labStore'
import { useDeferredResult, useDeferredSummary } from '../../lab/useDeferredResult'
import { useApp } from '../../state/appStore'
import { emptyClipText, zeroRangeNote } from './rangeNotes'

/**
 * A number as the strip writes it, with its sign, separators, exponent and a unit after it ("28.13 dB", "15 个"): the
 * line may break around it, never inside it.
 */
const NUMBER = /[-−+]?\d[\d.,]*(?:e[-+]?\d+)?(?: (?:dB|%|个))?/g
/** characters a line may break between (CJK), so they do not count towards an unbreakable run */
const BREAKABLE = /[\u3000-\u9fff\uff00-\uffef]/g

/** The value with each number in a no-break span (the text, as read or copied, is unchanged). */
export function NoBreakNumbers({ text }: { text: string }) {
  return <NoBreak text={text} pattern={NUMBER} />
}

/**
 * The longest run of the value that cannot wrap, in characters of the monospace font: a number with the
 * punctuation that sticks to it ("[-7.66026,"), or a word. The card shrinks the value's font when this run is
 * wider than the card (styles.css, .lab-summary).
 */
export function longestRun(text: string): number {
  const runs = text
    // a number's spaces do not break, and its unit 个 sticks to it (two columns wide)
    .replace(NUMBER, (n) => n.replace(/ /g, '\u00a0').replace(BREAKABLE, 'xx'))
    .replace(BREAKABLE, ' ')
    .split(/ +/)
  return Math.max(0, ...runs.map((r) => r.length))
}

/**
 * "used of total" codes; a format whose levels were not counted (per channel, group or block, where each
 * scale has its own levels: formatQuant.ts) has no used count, and says so ("not counted") rather than give the integer grid's.
 */
export function codesText(r: QuantResult, t: T, lang: Lang): string {
  if (r.format && !r.format.levelCounts) return t('sum.codesUncounted', { total: fmtInt(r.codesTotal, lang) })
  return t('sum.codesValue', { used: fmtInt(r.codesUsed, lang), total: fmtInt(r.codesTotal, lang) })
}

/**
 * One card's value. Memoised on its text: a threshold step changes only the clipping range's card, and the
 * others (their number spans and run lengths) are then not rebuilt on every step of a drag.
 */
export const SummaryValue = memo(function SummaryValue({
  value,
  metric,
}: {
  value: string
  metric?: string
}) {
  return (
    <dd className="figure-num" data-metric={metric} style={{ '--run': longestRun(value) } as CSSProperties}>
      <NoBreakNumbers text={value} />
    </dd>
  )
})

/** The key numbers of the current view, each labelled (and read out by screen readers as a list). */
// memo: no props, so it re-renders only when the store slices it reads change
export const SummaryStrip = memo(function SummaryStrip() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const r = useDeferredResult()
  const summary = useDeferredSummary()
  // a new tensor or a new result has been computing for longer than STALE_AFTER_MS: the figures below are the old ones
  const busy = useLab((s) => s.busy)
  const stale = busy === 'generate' || busy === 'quantize'
  if (!r || !summary) return null
  // the grid of the same result as the counts and errors beside it, not the live one the histogram's handle
  // follows: during a drag the scale ran ahead of the MSE and SQNR it sits next to, and re-laying the strip
  // on every step cost each step's frame a layout and a repaint (issue 17's arrow-key budget: the share of
  // keys over one frame went from ~20 % to ~11 % on a 2-core machine)
  const pl = r.plan
  // a number format (FP8, NF4, …, or integer groups) has its own scale: T / its largest value, or one per
  // channel, group or block; the integer grid's plan does not apply to it
  const f = r.format
  // the format's clipping range: ±T per tensor; each slice's own largest |x| per channel or group; an MX block
  // saturates at ±largest·2^e, its power of two from its own largest |x| (core/formats.ts mxQuantize)
  const formatRange = (fv: NonNullable<typeof f>, T: number) =>
    fv.granularity === 'block'
      ? t('sum.blockRanges', { largest: fmt(FORMAT_REGISTRY[fv.fmt].largest ?? NaN, 6) })
      : fv.calibrated
        ? `[${fmt(-T, 6)}, ${fmt(T, 6)}]`
        : t('sum.ownRanges')
  const items: [string, string, string][] = [
    f
      ? [
          'scale',
          t('sum.scale'),
          f.scale !== null
            ? fmt(f.scale, 10)
            : t('sum.formatScales', { n: fmtInt(f.scaleCount, lang), per: fmtInt(f.valuesPerScale, lang) }),
        ]
      : r.perChannel && r.channels
        ? ['scale', t('sum.scale'), t('sum.perChannelScales', { n: fmtInt(r.channels.scales.length, lang) })]
        : ['scale', pl.form === 'notes' ? t('sum.w') : t('sum.scale'), fmt(pl.scale, 10)],
    // (a format is symmetric: zero point 0, clipping at ±T, or at each slice's own range when its scales are
    // not the calibrated one's)
    // (per channel, each channel has its own zero point or offset unless they are all 0)
    f
      ? ['zp', t('sum.zp'), '0']
      : r.perChannel && r.channels && r.channels.zeroPoints.some((z) => z !== 0)
        ? [
            pl.form === 'notes' ? 'offset' : 'zp',
            pl.form === 'notes' ? t('sum.bf') : t('sum.zp'),
            t('sum.perChannelRanges'),
          ]
        : pl.form === 'notes'
          ? ['offset', t('sum.bf'), fmt(pl.offset, 10)]
          : ['zp', t('sum.zp'), String(pl.zeroPoint)],
    f
      ? ['range', t('sum.clip'), formatRange(f, r.threshold)]
      : r.perChannel && r.channels
        ? ['range', t('sum.clip'), t('sum.perChannelRanges')]
        : ['range', t('sum.clip'), `[${fmt(pl.lo, 6)}, ${fmt(pl.hi, 6)}]`],
    ['codes', t('sum.codes'), codesText(r, t, lang)],
    ['mse', 'MSE', fmt(r.metrics.mse, 4)],
    ['sqnr', 'SQNR', `${fmt(r.metrics.sqnrDb, 4)} dB`],
  ]
  return (
    <div
      className="summary-strip lab-summary"
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
            <SummaryValue value={value} />
          </div>
        ))}
      </dl>
      {/* (every value an injected outlier, n = 1 with the traitor: no other values to speak of) */}
      {summary.outliers > 0 && summary.outliers < summary.n && r.codesUsedInliers !== r.codesUsed && (
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
      {r.metrics.mse === Infinity && (
        <p className="muted small" data-key="mse-overflow">
          {t('lab.mseOverflow')}
        </p>
      )}
      {r.emptyClip && (
        <p className="notice" role="status" data-key="empty-clip">
          {emptyClipText(r, summary.stats, t, lang)}
        </p>
      )}
      {r.zeroRange && (
        <p className="notice" role="status" data-key="zero-range">
          {zeroRangeNote(r, t)}
        </p>
      )}
    </div>
  )
})

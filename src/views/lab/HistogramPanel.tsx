import { memo } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { HistogramChart, type Marker } from '../../charts/HistogramChart'
import { fmt, fmtInt } from '../../charts/format'
import { useT, type MessageKey } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { useDeferredResult, useDeferredSummary } from '../../lab/useDeferredResult'
import { useLiveGrid } from '../../lab/useLiveGrid'
import { CALIBRATORS, DATA_CALIBRATORS } from '../../registry/calibrators'
import { formatClip, type FormatGranularity } from '../../engine/formatQuant'
import { useApp } from '../../state/appStore'
import { formatName } from './formatName'

/** A step for the threshold slider: about 1/500 of the range, rounded to 1, 2 or 5 × 10^k. */
export function niceStep(range: number): number {
  if (!(range > 0)) return 0.001
  const raw = range / 500
  const p = 10 ** Math.floor(Math.log10(raw))
  const m = raw / p
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p
}

/** The histogram's words when the format's scales come from each channel's, group's or block's own values. */
function ownScalesSummaryKey(granularity: FormatGranularity | undefined): MessageKey | null {
  switch (granularity) {
    case undefined:
    case 'tensor':
      return null
    case 'channel':
      return 'hist.summaryOwnChannel'
    case 'group':
      return 'hist.summaryOwnGroup'
    case 'block':
      return 'hist.summaryBlocks'
    default: {
      const never: never = granularity
      throw new RangeError(`unknown granularity ${String(never)}`)
    }
  }
}

// memo: no props, so it re-renders only when the store slices it reads change
export const HistogramPanel = memo(function HistogramPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const summary = useDeferredSummary()
  const result = useDeferredResult()
  // only what the panel shows: a new n or seed re-renders nothing here until the new tensor reaches it
  const log = useLab((s) => s.params.log)
  const manualT = useLab((s) => (s.params.calib === 'manual' ? s.params.t : null))
  const update = useLab((s) => s.update)
  const hoverX = useLab((s) => s.hoverX)
  // the live grid, and under a number format with one scale for the tensor the range it clips at: its own ±T,
  // whatever the scheme's [lo, hi] (one hook, so a threshold step works the clipping range out once)
  const live = useLiveGrid()
  if (!summary || !result || !live) return null
  const { plan, formatRange } = live
  const th = result.thresholds
  const symmetric = plan.symmetric
  const markers: Marker[] = DATA_CALIBRATORS.map((id) => {
    const c = CALIBRATORS[id]
    return { key: id, x: th[id], label: c.short ?? t(c.labelKey), color: c.color, dash: c.dash, mirror: true }
  })
  const st = summary.stats
  // the handle's range and the x axis depend on the data only, so the axis never moves under a drag
  const max = st.absMax * 1.05 || 1
  const step = niceStep(st.absMax)
  // while the user drags, the handle follows the link state at once; the rest follows the engine's result
  const value = manualT ?? result.threshold
  // a format whose channels, groups or blocks take their scales from their own values ignores the threshold:
  // no clipped range to shade and no handle to drag (the summary says why)
  const own = result.format && !result.format.calibrated ? result.format : null
  const clip = formatRange ? { lo: formatRange[0], hi: formatRange[1] } : { lo: plan.lo, hi: plan.hi }
  // the range the summary names, from the same result as the count it clips
  const [shownLo, shownHi] =
    result.format?.granularity === 'tensor'
      ? formatClip(result.format.fmt, result.threshold)
      : [result.plan.lo, result.plan.hi]
  // per channel, each channel clips at its own grid: the count is theirs, the shaded range the tensor's
  const summaryText = t(
    ownScalesSummaryKey(own?.granularity) ?? (result.perChannel ? 'hist.summaryPerChannel' : 'hist.summary'),
    {
      n: fmtInt(summary.n, lang),
      format: own ? formatName(own, t) : '',
      block: own ? fmtInt(own.valuesPerScale, lang) : '',
      min: fmt(st.min),
      max: fmt(st.max),
      // the range and the count it clips from the same result: during a drag the live range ran ahead of the
      // count, and re-laying this paragraph on every step cost each step's frame a layout and a repaint
      lo: fmt(shownLo),
      hi: fmt(shownHi),
      clipped: fmtInt(result.metrics.clipped, lang),
      minmax: fmt(th.minmax),
      percentile: fmt(th.percentile),
      entropy: fmt(th.entropy),
      mse: fmt(th.mse),
    },
  )
  return (
    <ChartFrame title={t('hist.title')} summary={summaryText} name="histogram" className="span-2">
      <HistogramChart
        edges={summary.display.edges}
        counts={summary.display.counts}
        overlay={{ counts: result.dequantDisplay, label: t('hist.dequant') }}
        log={log}
        markers={markers}
        clip={result.zeroRange || own ? null : clip}
        xDomain={
          symmetric
            ? [-max, max]
            : // (a grid that falls back at a threshold of 0 covers far more than the data: not the axis)
              [Math.min(st.min, Math.max(clip.lo, -max)), Math.max(st.max, Math.min(clip.hi, max))]
        }
        hoverX={hoverX}
        onHoverX={(x) => useLab.setState({ hoverX: x })}
        xLabel={t('hist.x')}
        yLabel={log ? t('hist.yLog') : t('hist.y')}
        handle={
          own
            ? undefined
            : {
                value,
                min: 0,
                max,
                step,
                label: t('hist.threshold'),
                valueText: t('hist.thresholdValue', {
                  value: fmt(value),
                  clipped: fmtInt(result.metrics.clipped, lang),
                }),
                mirror: true,
                onChange: (v, commit, key) =>
                  update({ calib: 'manual', t: Number(v.toPrecision(6)) }, { commit, step: key }),
              }
        }
      />
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: 'var(--hist)' }} aria-hidden="true" />
          {t('hist.original')}
        </li>
        <li>
          <span className="swatch" style={{ background: 'var(--accent-2)' }} aria-hidden="true" />
          {t('hist.dequant')}
        </li>
        {markers.map((m) => (
          <li key={m.key}>
            <span className="swatch line" style={{ borderColor: m.color }} aria-hidden="true" />
            {m.label} {fmt(m.x, 4)}
          </li>
        ))}
        {own ? null : (
          <li>
            <span className="swatch" style={{ background: 'var(--clip)' }} aria-hidden="true" />
            {t('hist.clipped')}
          </li>
        )}
      </ul>
    </ChartFrame>
  )
})

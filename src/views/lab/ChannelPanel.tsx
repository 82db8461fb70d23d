import { memo } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { Heatmap } from '../../charts/Heatmap'
import { fmt, fmtInt } from '../../charts/format'
import { useT } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { pickChannelView, useDeferredResult, useTransitionSlice } from '../../lab/useDeferredResult'
import { FORMAT_REGISTRY, largestLevel } from '../../registry/formats'
import { formatChannelComparison } from '../../engine/formatQuant'
import { useApp } from '../../state/appStore'
import { formatName } from './formatName'

/**
 * How the per-channel MSE compares with the per-tensor one: the message and the factor as shown (3 digits).
 * Equal MSEs (both 0 when the squares underflow, as for subnormal data) are "the same", not "∞× smaller"; a
 * factor that shows as 1 ("1× smaller", "1/1") is "about the same".
 */
export function channelComparison(
  tensor: number,
  channel: number,
): { key: 'ch.summary' | 'ch.summaryWorse' | 'ch.summarySame' | 'ch.summaryAbout'; gain: string } {
  const ratio = channel > 0 ? tensor / channel : Infinity
  const gain = fmt(ratio >= 1 ? ratio : 1 / ratio, 3)
  if (channel === tensor) return { key: 'ch.summarySame', gain }
  if (gain === '1') return { key: 'ch.summaryAbout', gain }
  return { key: ratio >= 1 ? 'ch.summary' : 'ch.summaryWorse', gain }
}

/** Per-channel view of a 2-D tensor: per-tensor vs per-channel error, side by side, and each channel's scale. */
// memo: no props, so it re-renders only when the store slices it reads change
export const ChannelPanel = memo(function ChannelPanel() {
  const t = useT()
  const r = useDeferredResult()
  const gran = useLab((s) => s.params.gran)
  // the comparison arrives on its own, seconds after the result at N = 10⁷: rendered in React's background lane,
  // in slices, like the result (its 256-row table was a 30–40 ms task of its own)
  const later = useTransitionSlice(pickChannelView)
  const failed = useLab((s) => s.channelsFailed)
  const shape = useLab((s) => s.summary?.shape)
  const lang = useApp((s) => s.lang)
  if (r?.format && formatChannelComparison(r.format.fmt) === null && shape && shape[0] > 1) {
    // MX: each block has its own power of two; a comparison of one scale per tensor and one per channel would be
    // the integer grid's or another format's, not this one's
    return (
      <section className="chart-frame panel span-2" data-chart="per-channel">
        <div className="chart-head">
          <h3>{t('ch.title')}</h3>
        </div>
        <p className="muted" data-key="ch-blocks">
          {t('fmtview.ch.blocks', {
            format: formatName(r.format, t),
            block: fmtInt(FORMAT_REGISTRY[r.format.fmt].block ?? r.format.valuesPerScale, lang),
          })}
        </p>
      </section>
    )
  }
  if (!r || (!r.channels && !r.channelsLater) || (!r.channels && failed === r)) return null
  // per-tensor granularity: the comparison comes after the result (useLabCompute), the last one shown as stale
  // until then; one of a tensor of another shape is not shown at all
  const fromLater =
    r.channelsLater && later && shape && later.view.rows === shape[0] && later.view.cols === shape[1]
      ? later
      : null
  const ch = r.channels ?? fromLater?.view ?? null
  const stale = !r.channels && fromLater !== null && fromLater.result !== r
  if (!ch) {
    // nothing to draw or export yet: the panel's title and what it is waiting for, said once
    return (
      <section className="chart-frame panel span-2" data-chart="per-channel" aria-busy="true">
        <div className="chart-head">
          <h3>{t('ch.title')}</h3>
        </div>
        <p className="muted" role="status">
          {r.format && formatChannelComparison(r.format.fmt) === 'format'
            ? t('fmtview.ch.computing', { format: formatName(r.format, t) })
            : t('ch.computing')}
        </p>
      </section>
    )
  }
  let max = 0
  for (let i = 0; i < ch.heatTensor.length; i++) max = Math.max(max, ch.heatTensor[i], ch.heatChannel[i])
  const { key, gain } = channelComparison(ch.metricsTensor.mse, ch.metricsChannel.mse)
  const summary = t(key, {
    rows: ch.rows,
    cols: ch.cols,
    tensor: fmt(ch.metricsTensor.mse, 4),
    channel: fmt(ch.metricsChannel.mse, 4),
    gain,
  })
  const shown = Math.min(ch.scales.length, 256)
  return (
    <ChartFrame
      title={t('ch.title')}
      summary={summary}
      name="per-channel"
      kind="canvas"
      className={stale ? 'span-2 stale' : 'span-2'}
    >
      {stale && (
        <p className="muted small stale-note" role="status">
          {t('ch.stale')}
        </p>
      )}
      <p className="ch-verdict" aria-busy={stale}>
        {summary}
      </p>
      {ch.format && (
        <p className="muted small" data-key="ch-format">
          {t('fmtview.ch.format', {
            format: formatName(ch.format, t),
            largest: fmt(largestLevel(ch.format.fmt, ch.format.elemBits), 6),
            scale: fmt(ch.format.tensorScale, 6),
            T: fmt(ch.format.threshold, 6),
          })}
        </p>
      )}
      {ch.minmaxFallback && (
        <p className="muted small">{t('ch.fallback', { len: ch.rows === 0 ? 0 : ch.cols })}</p>
      )}
      <div className="heat-pair">
        <div className={gran === 'tensor' ? 'chosen' : undefined}>
          <h4>
            {t('gran.tensor')} · MSE {fmt(ch.metricsTensor.mse, 4)}
          </h4>
          <Heatmap
            rows={ch.heatRows}
            cols={ch.heatCols}
            values={ch.heatTensor}
            max={max}
            label={t('ch.heatTensor')}
          />
        </div>
        <div className={gran === 'channel' ? 'chosen' : undefined}>
          <h4>
            {t('gran.channel')} · MSE {fmt(ch.metricsChannel.mse, 4)}
          </h4>
          <Heatmap
            rows={ch.heatRows}
            cols={ch.heatCols}
            values={ch.heatChannel}
            max={max}
            label={t('ch.heatChannel')}
          />
        </div>
      </div>
      <p className="muted small">{t('ch.heatLegend', { max: fmt(max, 4) })}</p>
      {/* focusable: a scrolling region must be reachable by keyboard (WCAG 2.1.1) */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('ch.tableCaption')}>
        <table className="channel-table">
          <caption className="sr-only">{t('ch.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ch.channel')}</th>
              <th scope="col">{t('ch.scale')}</th>
              <th scope="col">{t('ch.zp')}</th>
              <th scope="col">{t('ch.mseTensor')}</th>
              <th scope="col">{t('ch.mseChannel')}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: shown }, (_, i) => (
              <tr key={i}>
                <td>{i}</td>
                <td className="figure-num">{fmt(ch.scales[i], 6)}</td>
                <td className="figure-num">{fmt(ch.zeroPoints[i], 6)}</td>
                <td className="figure-num">{fmt(ch.mseTensor[i], 4)}</td>
                <td className="figure-num">{fmt(ch.mseChannel[i], 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFrame>
  )
})

import { memo } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { CurveChart, type Series } from '../../charts/CurveChart'
import { fmt, fmtInt } from '../../charts/format'
import { useT } from '../../i18n'
import { useApp } from '../../state/appStore'
import { useLab } from '../../lab/labStore'
import {
  pickEntropy,
  pickEntropyAll,
  pickMse,
  useDeferredResult,
  useTransitionSlice,
} from '../../lab/useDeferredResult'
import { CALIBRATORS } from '../../registry/calibrators'
import { gridOfCurve, nearestCandidate } from '../../lab/klCandidate'
import type { CurveNote } from '../../core'

const VARIANT_STYLE = {
  tensorrt: { color: '#d55e00', dash: undefined },
  'pytorch-quantization': { color: '#0072b2', dash: '6 3' },
  tvm: { color: '#009e73', dash: '2 2' },
} as const

/** What the KL curve's summary says, by the sweep's note (core/entropy.ts: CurveNote). */
function klSummaryKey(note: CurveNote | undefined) {
  switch (note) {
    case undefined:
      return 'kl.summary'
    case 'undefined-divergence':
      return 'kl.undefinedSummary'
    case 'all-infinite':
      return 'kl.allInfiniteSummary'
    // a grid of as many levels as the histogram has bins (12 bits and more for TensorRT's sweep): no candidate
    case 'full-range-fallback':
      return 'kl.fallbackSummary'
    // (the Lab gives an all-zero tensor no curve at all: registry/calibrators.ts)
    case 'empty-histogram':
      return 'kl.emptySummary'
    default:
      throw new TypeError(`unknown curve note: ${String(note satisfies never)}`)
  }
}

/** The KL divergence of every candidate threshold (minimum marked) and the MSE curve beside it. */
// memo: no props, so it re-renders only when the store slices it reads change
export const CurvesPanel = memo(function CurvesPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  // new curves (another tensor or variant: up to 3,874 points each) are drawn in the background
  const entropy = useTransitionSlice(pickEntropy)
  const mse = useTransitionSlice(pickMse)
  const all = useTransitionSlice(pickEntropyAll)
  const showVariants = useLab((s) => s.params.variants)
  const variant = useLab((s) => s.params.variant)
  const r = useDeferredResult()
  const candidate = useLab((s) => s.candidate)
  const hoverX = useLab((s) => s.hoverX)
  if (!entropy || !mse || !r) return null
  const series: Series[] = showVariants
    ? (Object.keys(VARIANT_STYLE) as (keyof typeof VARIANT_STYLE)[])
        .filter((v) => all[v])
        .map((v) => ({
          key: v,
          label: t(`variant.${v}`),
          ...VARIANT_STYLE[v],
          xs: all[v]!.thresholds,
          ys: all[v]!.values,
          best: all[v]!.best >= 0 ? all[v]!.best : undefined,
        }))
    : [
        {
          // the key names the curve, not the variant: a variant change redraws when its curve arrives
          key: 'entropy',
          label: t(`variant.${variant}`),
          color: CALIBRATORS.entropy.color,
          xs: entropy.thresholds,
          ys: entropy.values,
          best: entropy.best >= 0 ? entropy.best : undefined,
        },
      ]
  const selected = candidate ?? (entropy.best >= 0 ? entropy.best : 0)
  // pytorch-quantization picks a candidate whose divergence is undefined (scipy's 0/0) on data such as [1],
  // all zeros or a very narrow range: say so instead of naming a minimum; nor is there one when every candidate
  // of the slide-level sweep is +∞ (a single value), which then takes the whole range
  const klSummary = t(klSummaryKey(entropy.note), {
    count: fmtInt(entropy.thresholds.length, lang),
    from: fmt(entropy.thresholds[0], 4),
    to: fmt(entropy.thresholds[entropy.thresholds.length - 1], 4),
    best: fmt(entropy.threshold, 6),
    value: fmt(entropy.best >= 0 ? entropy.values[entropy.best] : NaN, 4),
    bits: gridOfCurve(entropy).numBits,
  })
  let infinite = 0
  for (let k = 0; k < entropy.values.length; k++) if (entropy.values[k] === Infinity) infinite++
  const mseSummary = t('mse.summary', {
    best: fmt(mse.threshold, 6),
    value: fmt(mse.best >= 0 ? mse.values[mse.best] : NaN, 4),
  })
  // the threshold in use, unless the format takes each channel's, group's or block's scale from its own values
  const current = r.format && !r.format.calibrated ? null : r.threshold
  return (
    <>
      <ChartFrame title={t('kl.title')} summary={klSummary} name="kl-curve" hideId="curves">
        <CurveChart
          series={series}
          xLabel={t('kl.x')}
          yLabel={t('kl.y')}
          log
          markerX={current}
          markerLabel={t('kl.current')}
          selectedX={entropy.thresholds[selected]}
          selectedLabel={t('kl.selected')}
          onSelectX={(x) => useLab.setState({ candidate: nearestCandidate(entropy, x) })}
          selectLabel={t('kl.select')}
          hoverX={hoverX}
          onHoverX={(x) => useLab.setState({ hoverX: x })}
        />
        {infinite > 0 && (
          <p className="muted small" data-testid="kl-infinite">
            {t(variant === 'tvm' ? 'kl.infNote.tvm' : 'kl.infNote', {
              count: fmtInt(infinite, lang),
              total: fmtInt(entropy.values.length, lang),
            })}
          </p>
        )}
      </ChartFrame>
      <ChartFrame title={t('mse.title')} summary={mseSummary} name="mse-curve" hideId="curves">
        <CurveChart
          series={[
            {
              key: 'mse',
              label: 'MSE',
              color: CALIBRATORS.mse.color,
              xs: mse.thresholds,
              ys: mse.values,
              best: mse.best >= 0 ? mse.best : undefined,
            },
          ]}
          xLabel={t('kl.x')}
          yLabel={t('mse.y')}
          log
          markerX={current}
          markerLabel={t('kl.current')}
          hoverX={hoverX}
          onHoverX={(x) => useLab.setState({ hoverX: x })}
        />
      </ChartFrame>
    </>
  )
})

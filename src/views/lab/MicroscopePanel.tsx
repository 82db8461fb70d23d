import { memo, useDeferredValue, useEffect, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { fmt } from '../../charts/format'
import { KlMicroChart } from '../../charts/KlMicroChart'
import type { KlMicroscope } from '../../core'
import { useT } from '../../i18n'
import { labEngine } from '../../lab/useLabCompute'
import { useLab } from '../../lab/labStore'
import { gridOfCurve } from '../../lab/klCandidate'
import { pickEntropy, useDeferredSummary, useTransitionSlice } from '../../lab/useDeferredResult'

/** The KL microscope: one candidate's P, merged levels, expanded Q and each bin's term of the sum. */
// memo: no props, so it re-renders only when the store slices it reads change
export const MicroscopePanel = memo(function MicroscopePanel() {
  const t = useT()
  const entropy = useTransitionSlice(pickEntropy)
  const variant = useLab((s) => s.params.variant)
  const candidate = useLab((s) => s.candidate)
  const summary = useDeferredSummary()
  const [fresh, setM] = useState<KlMicroscope | null>(null)
  // drawn in the background: a TVM candidate has thousands of bins
  const m = useDeferredValue(fresh)
  const index = candidate ?? (entropy && entropy.best >= 0 ? entropy.best : 0)
  useEffect(() => {
    if (!entropy || !summary) return
    let live = true
    labEngine()
      // the candidate of the curve drawn beside it, on that curve's grid (lab/klCandidate.ts)
      .microscope(variant, Math.min(index, entropy.values.length - 1), gridOfCurve(entropy))
      .then((res) => live && setM(res))
      .catch(() => live && setM(null))
    return () => {
      live = false
    }
  }, [entropy, variant, index, summary])
  if (!entropy || !m) return null
  // TVM's candidate is a window of 2i + 1 bins around 0 with both tails folded in and P, Q smoothed;
  // pytorch-quantization's is TensorRT's on a copy with bins[0] = bins[1] (core/klCandidates.ts)
  const tvm = m.variant === 'tvm'
  const facts = {
    i: m.candidate,
    size: m.size,
    threshold: fmt(m.threshold, 6),
    outliers: fmt(m.outliers, 6),
    levels: m.levelSums.length,
    kl: fmt(m.total, 6),
  }
  const summaryText = t(tvm ? 'micro.summary.tvm' : 'micro.summary', facts)
  const step = (d: number) =>
    useLab.setState({ candidate: Math.max(0, Math.min(entropy.values.length - 1, index + d)) })
  return (
    <ChartFrame
      title={t('micro.title')}
      summary={summaryText}
      name="kl-microscope"
      hideId="microscope"
      className="span-2"
      actions={
        <>
          <button type="button" className="small" onClick={() => step(-1)} aria-label={t('micro.prev')}>
            ←
          </button>
          <button type="button" className="small" onClick={() => step(1)} aria-label={t('micro.next')}>
            →
          </button>
          <button type="button" className="small" onClick={() => useLab.setState({ candidate: null })}>
            {t('micro.best')}
          </button>
        </>
      }
    >
      <p className="micro-facts">
        {t(
          tvm ? 'micro.facts.tvm' : m.variant === 'pytorch-quantization' ? 'micro.facts.pq' : 'micro.facts',
          facts,
        )}
      </p>
      <KlMicroChart
        m={m}
        labels={{
          p: 'P',
          pq: t(tvm ? 'micro.pq.tvm' : 'micro.pq'),
          terms: t('micro.terms'),
          termLegend: t('micro.termLegend'),
          chart: t('micro.chartLabel'),
        }}
      />
    </ChartFrame>
  )
})

import { scaleLinear } from 'd3'
import { memo, useEffect, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { fmt } from '../../charts/format'
import { useWidth } from '../../charts/useWidth'
import type { KlMicroscope } from '../../core'
import { useT } from '../../i18n'
import { labEngine } from '../../lab/useLabCompute'
import { useLab } from '../../lab/labStore'

function path(values: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  let d = `M${x(0)},${y(0)}`
  for (let i = 0; i < values.length; i++) {
    const v = Number.isFinite(values[i]) ? values[i] : 0
    d += `V${y(v).toFixed(2)}H${x(i + 1).toFixed(2)}`
  }
  return d + `V${y(0)}`
}

function MicroChart({ m }: { m: KlMicroscope }) {
  const t = useT()
  const [ref, width] = useWidth<HTMLDivElement>()
  const H = 150
  const x = scaleLinear()
    .domain([0, m.size])
    .range([8, width - 8])
  let top = 0
  for (let i = 0; i < m.size; i++) top = Math.max(top, m.pNorm[i], m.qNorm[i])
  const y = scaleLinear()
    .domain([0, top || 1])
    .range([H - 18, 8])
  let tmax = 0
  let tmin = 0
  for (let i = 0; i < m.size; i++) {
    const v = m.terms[i]
    if (Number.isFinite(v)) {
      tmax = Math.max(tmax, v)
      tmin = Math.min(tmin, v)
    }
  }
  const ty = scaleLinear()
    .domain([tmin, tmax || 1])
    .range([108, 8])
  // level boundaries (every level start) as faint ticks
  const bounds: number[] = []
  for (let i = 1; i < m.size; i++) if (m.levelOf[i] !== m.levelOf[i - 1]) bounds.push(i)
  const showBounds = bounds.length <= 160
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        className="chart micro"
        width={width}
        height={H + 120}
        role="img"
        aria-label={t('micro.chartLabel')}
      >
        <text x={8} y={12} className="axis-label" textAnchor="start">
          {t('micro.pq')}
        </text>
        {showBounds &&
          bounds.map((b) => <line key={b} x1={x(b)} x2={x(b)} y1={8} y2={H - 18} className="level-bound" />)}
        <path d={path(m.pNorm, x, y)} className="micro-p" />
        <path d={path(m.qNorm, x, y)} className="micro-q" />
        <g transform={`translate(0,${H})`}>
          <text x={8} y={4} className="axis-label" textAnchor="start">
            {t('micro.terms')}
          </text>
          <line x1={x(0)} x2={x(m.size)} y1={ty(0)} y2={ty(0)} className="axis-line" />
          <path d={path(m.terms, x, ty).replace(/^M[^V]*/, `M${x(0)},${ty(0)}`)} className="micro-terms" />
          {Array.from(m.terms).map((v, i) =>
            v === Infinity ? <circle key={i} cx={x(i + 0.5)} cy={10} r={3} className="micro-inf" /> : null,
          )}
        </g>
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: '#0072b2' }} aria-hidden="true" />P
        </li>
        <li>
          <span className="swatch" style={{ background: '#d55e00' }} aria-hidden="true" />Q
        </li>
        <li>
          <span className="swatch" style={{ background: '#009e73' }} aria-hidden="true" />
          {t('micro.termLegend')}
        </li>
      </ul>
    </div>
  )
}

/** The KL microscope: one candidate's P, merged levels, expanded Q and each bin's term of the sum. */
// memo: no props, so it re-renders only when the store slices it reads change
export const MicroscopePanel = memo(function MicroscopePanel() {
  const t = useT()
  const entropy = useLab((s) => s.entropy)
  const variant = useLab((s) => s.params.variant)
  const candidate = useLab((s) => s.candidate)
  const summary = useLab((s) => s.summary)
  const [m, setM] = useState<KlMicroscope | null>(null)
  const index = candidate ?? (entropy && entropy.best >= 0 ? entropy.best : 0)
  useEffect(() => {
    if (!entropy || !summary) return
    let live = true
    labEngine()
      .microscope(variant, Math.min(index, entropy.values.length - 1))
      .then((res) => live && setM(res))
      .catch(() => live && setM(null))
    return () => {
      live = false
    }
  }, [entropy, variant, index, summary])
  if (!entropy || !m) return null
  const summaryText = t('micro.summary', {
    i: m.candidate,
    threshold: fmt(m.threshold, 6),
    outliers: fmt(m.outliers, 6),
    levels: m.levelSums.length,
    kl: fmt(m.total, 6),
  })
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
        {t('micro.facts', {
          i: m.candidate,
          threshold: fmt(m.threshold, 6),
          outliers: fmt(m.outliers, 6),
          levels: m.levelSums.length,
          kl: fmt(m.total, 6),
        })}
      </p>
      <MicroChart m={m} />
    </ChartFrame>
  )
})

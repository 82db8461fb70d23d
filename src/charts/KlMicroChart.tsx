import { scaleLinear } from 'd3'
import type { KlMicroscope } from '../core'
import { useWidth } from './useWidth'

export interface KlMicroLabels {
  /** heading of the top plot with P only, and with P and Q */
  p: string
  pq: string
  terms: string
  termLegend: string
  chart: string
}

function stepPath(values: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  let d = `M${x(0)},${y(0)}`
  for (let i = 0; i < values.length; i++) {
    const v = Number.isFinite(values[i]) ? values[i] : 0
    d += `V${y(v).toFixed(2)}H${x(i + 1).toFixed(2)}`
  }
  return d + `V${y(0)}`
}

/**
 * One KL candidate drawn: P (outliers folded in), Q (levels spread over the non-empty bins) and each bin's
 * term p·ln(p/q), with the level boundaries; `stage` 1 shows P, 2 adds Q, 3 adds the terms (the tutorial
 * reveals them one by one; the Lab shows all three). Infinite terms (q = 0 < p) are marked on top.
 */
export function KlMicroChart({
  m,
  stage = 3,
  labels,
}: {
  m: KlMicroscope
  stage?: 1 | 2 | 3
  labels: KlMicroLabels
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const H = 150
  const x = scaleLinear()
    .domain([0, m.size])
    .range([8, width - 8])
  let top = 0
  for (let i = 0; i < m.size; i++) top = Math.max(top, m.pNorm[i], stage >= 2 ? m.qNorm[i] : 0)
  const y = scaleLinear()
    .domain([0, top || 1])
    .range([H - 10, 18])
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
    .range([100, 18])
  const bounds: number[] = []
  for (let i = 1; i < m.size; i++) if (m.levelOf[i] !== m.levelOf[i - 1]) bounds.push(i)
  const infinite: number[] = []
  for (let i = 0; i < m.size; i++) if (m.terms[i] === Infinity) infinite.push(i)
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        className="chart micro"
        width={width}
        height={stage >= 3 ? H + 110 : H}
        role="img"
        aria-label={labels.chart}
      >
        <text x={8} y={12} className="axis-label" textAnchor="start">
          {stage >= 2 ? labels.pq : labels.p}
        </text>
        {stage >= 2 &&
          bounds.length <= 160 &&
          bounds.map((b) => <line key={b} x1={x(b)} x2={x(b)} y1={18} y2={H - 10} className="level-bound" />)}
        <path d={stepPath(m.pNorm, x, y)} className="micro-p" />
        {stage >= 2 && <path d={stepPath(m.qNorm, x, y)} className="micro-q" />}
        {stage >= 3 && (
          <g transform={`translate(0,${H})`}>
            <text x={8} y={12} className="axis-label" textAnchor="start">
              {labels.terms}
            </text>
            <line x1={x(0)} x2={x(m.size)} y1={ty(0)} y2={ty(0)} className="axis-line" />
            <path
              d={stepPath(m.terms, x, ty).replace(/^M[^V]*/, `M${x(0)},${ty(0)}`)}
              className="micro-terms"
            />
            {infinite.map((i) => (
              <circle key={i} cx={x(i + 0.5)} cy={18} r={3} className="micro-inf" />
            ))}
          </g>
        )}
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: '#0072b2' }} aria-hidden="true" />P
        </li>
        {stage >= 2 && (
          <li>
            <span className="swatch" style={{ background: '#d55e00' }} aria-hidden="true" />Q
          </li>
        )}
        {stage >= 3 && (
          <li>
            <span className="swatch" style={{ background: '#009e73' }} aria-hidden="true" />
            {labels.termLegend}
          </li>
        )}
      </ul>
    </div>
  )
}

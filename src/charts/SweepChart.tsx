import { extent, scaleLinear } from 'd3'
import { Axis } from './Axis'
import { useWidth } from './useWidth'

export interface SweepPoint {
  key: string
  label: string
  x: number
  y: number
  /** the point of the current settings (drawn larger, in another colour) */
  current?: boolean
}

const M = { top: 14, right: 16, bottom: 44, left: 52 }

/** A labelled scatter: SQNR against bits per weight (D3 scales, React draws). */
export function SweepChart({
  points,
  xLabel,
  yLabel,
  height = 260,
  xDomain,
}: {
  points: SweepPoint[]
  /** the x range (default: the points' range widened to whole numbers) */
  xDomain?: [number, number]
  xLabel: string
  yLabel: string
  height?: number
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
  const [x0, x1] = extent(finite, (p) => p.x) as [number, number]
  const [y0, y1] = extent(finite, (p) => p.y) as [number, number]
  const x = scaleLinear()
    .domain(xDomain ?? [Math.floor((x0 ?? 3) - 0.5), Math.ceil((x1 ?? 9) + 0.5)])
    .range([M.left, Math.max(M.left + 10, width - M.right)])
  const y = scaleLinear()
    .domain([Math.floor((y0 ?? 0) - 3), Math.ceil((y1 ?? 40) + 3)])
    .nice()
    .range([height - M.bottom, M.top])
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        className="chart sweep"
        width={width}
        height={height}
        role="img"
        aria-label={`${yLabel} / ${xLabel}`}
      >
        <Axis scale={x} orient="bottom" at={height - M.bottom} label={xLabel} />
        <Axis scale={y} orient="left" at={M.left} label={yLabel} />
        {finite.map((p, i) => (
          <g key={p.key} transform={`translate(${x(p.x)},${y(p.y)})`}>
            <circle r={p.current ? 6 : 4} fill={p.current ? '#d55e00' : '#0072b2'} stroke="#fff" />
            <text
              x={p.current ? 9 : 7}
              y={i % 2 === 0 ? -6 : 12}
              className="axis-text"
              style={{ fontWeight: p.current ? 600 : 400 }}
            >
              {p.label}
            </text>
          </g>
        ))}
      </svg>
    </div>
  )
}

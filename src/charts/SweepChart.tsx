import { extent, scaleLinear } from 'd3'
import { Axis } from './Axis'
import { measureLabel, placeLabels } from './placeLabels'
import { useWidth } from './useWidth'

export interface SweepPoint {
  key: string
  label: string
  x: number
  y: number
  /** the point of the current settings (drawn larger, in another colour) */
  current?: boolean
  /** the dot's hover text, when its label alone does not say what it is (the current point's ★) */
  title?: string
}

const M = { top: 14, right: 16, bottom: 44, left: 52 }
/** a label's line height in px (11 px type) */
const LABEL_H = 13

/**
 * The chart's height when its user gives none: taller on a phone, where the formats' dots near 4 bits per
 * weight crowd into ~25 px across and need the room above and below for their labels.
 */
export function sweepHeight(width: number): number {
  return width < 480 ? 320 : 260
}

/** The last layouts (placing the labels takes a few ms: a re-render with the same points reuses them). */
const layouts = new Map<string, ReturnType<typeof computeLayout>>()

/** The dots' positions and their labels' places for a width (the layout SweepChart draws; tests read it). */
export function sweepLayout(
  points: readonly SweepPoint[],
  width: number,
  height = sweepHeight(width),
  xDomain?: [number, number],
) {
  const sig = [
    width,
    height,
    xDomain?.join(' ') ?? '',
    ...points.map((p) => `${p.key} ${p.label} ${p.x} ${p.y} ${p.current ? 1 : 0}`),
  ].join('\n')
  let layout = layouts.get(sig)
  if (!layout) {
    layout = computeLayout(points, width, height, xDomain)
    if (layouts.size >= 8) layouts.delete(layouts.keys().next().value!)
    layouts.set(sig, layout)
  }
  return layout
}

function computeLayout(
  points: readonly SweepPoint[],
  width: number,
  height: number,
  xDomain?: [number, number],
) {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
  const [x0, x1] = extent(finite, (p) => p.x) as [number, number]
  const [y0, y1] = extent(finite, (p) => p.y) as [number, number]
  const x = scaleLinear()
    .domain(xDomain ?? [Math.floor(((x0 ?? 3) - 0.25) * 2) / 2, Math.ceil(((x1 ?? 9) + 0.25) * 2) / 2])
    .range([M.left, Math.max(M.left + 10, width - M.right)])
  const y = scaleLinear()
    .domain([Math.floor((y0 ?? 0) - 3), Math.ceil((y1 ?? 40) + 3)])
    .nice()
    .range([height - M.bottom, M.top])
  const dots = finite.map((p) => ({
    x: x(p.x),
    y: y(p.y),
    r: p.current ? 6 : 4,
    w: p.label ? measureLabel(p.label, p.current ? 600 : 400) : 0,
    h: LABEL_H,
    first: p.current === true,
  }))
  // labels stay over the plot: right of the y axis, above the x axis, inside the svg
  const bounds = { x: M.left + 2, y: 0, w: Math.max(0, width - M.left - 4), h: height - M.bottom - 2 }
  return { finite, x, y, dots, bounds, labels: placeLabels(dots, { bounds }) }
}

/**
 * A labelled scatter: SQNR against bits per weight (D3 scales, React draws). Each label sits beside its own
 * dot, or at the end of a short leader line where the dots crowd; one with no room is left out, and every
 * dot keeps its name in a hover title.
 */
export function SweepChart({
  points,
  xLabel,
  yLabel,
  height: heightProp,
  xDomain,
}: {
  points: SweepPoint[]
  /** the x range (default: the points' range with at least a quarter bit each side, in half bits) */
  xDomain?: [number, number]
  xLabel: string
  yLabel: string
  height?: number
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const height = heightProp ?? sweepHeight(width)
  const { finite, x, y, dots, labels } = sweepLayout(points, width, height, xDomain)
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
          <circle
            key={p.key}
            cx={dots[i].x}
            cy={dots[i].y}
            r={dots[i].r}
            fill={p.current ? '#d55e00' : '#0072b2'}
            stroke="#fff"
            data-point={p.key}
          >
            {(p.title ?? p.label) && <title>{p.title ?? p.label}</title>}
          </circle>
        ))}
        {finite.map((p, i) => {
          const l = labels[i]
          if (!l) return null
          return (
            <g key={p.key} data-label-for={p.key}>
              {l.leader && (
                <line
                  className="sweep-leader"
                  x1={l.leader[0]}
                  y1={l.leader[1]}
                  x2={l.leader[2]}
                  y2={l.leader[3]}
                />
              )}
              <text
                x={l.box.x}
                y={l.box.y + l.box.h / 2}
                dy="0.35em"
                className="axis-text"
                style={{ fontWeight: p.current ? 600 : 400 }}
              >
                {p.label}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

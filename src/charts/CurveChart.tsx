import { scaleLinear, scaleLog } from 'd3'
import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { Axis } from './Axis'
import { useWidth } from './useWidth'

export interface Series {
  key: string
  label: string
  color: string
  dash?: string | undefined
  xs: ArrayLike<number>
  ys: ArrayLike<number>
  /** index of the chosen point (the minimum), marked with a dot */
  best?: number | undefined
}

interface Props {
  series: Series[]
  xLabel: string
  yLabel: string
  log?: boolean
  height?: number
  /** a vertical marker (e.g. the current threshold) */
  markerX?: number | null
  /** the marker's legend entry (none without it) */
  markerLabel?: string
  /** the selected x (e.g. the candidate under the KL microscope) */
  selectedX?: number | null
  /** the selected line's legend entry (none without it) */
  selectedLabel?: string
  onSelectX?: (x: number) => void
  hoverX?: number | null
  onHoverX?: (x: number | null) => void
  selectLabel?: string
  /**
   * false: the value axis spans the curves (with a margin) instead of starting at 0, for curves that differ
   * by a little high up the axis (accuracies of 96–98 % on a 0–100 axis drew one line)
   */
  fromZero?: boolean
}

const M = { top: 16, right: 16, bottom: 42, left: 64 }

/** The curves' range with a tenth of it (at least 1 unit) as margin on either side. */
function spanned(ymin: number, ymax: number): [number, number] {
  const pad = Math.max(1, (ymax - ymin) / 10)
  return [ymin - pad, ymax + pad]
}

/** A point is drawn when finite (and positive on a log axis); infinite divergences are gaps. */
function isDrawable(v: number, log: boolean | undefined): boolean {
  return Number.isFinite(v) && (!log || v > 0)
}

/**
 * The previous series array while every series has the same data and style (labels are read from the live
 * series): callers build a new array on each render, and the memoized paths should only follow real changes.
 */
function useStableSeries(series: Series[]): Series[] {
  const [stable, setStable] = useState(series)
  // React's "adjust state while rendering" pattern: re-rendered at once, before anything is committed
  const same = stable === series || sameSeries(stable, series)
  if (!same) setStable(series)
  return same ? stable : series
}

function sameSeries(a: Series[], b: Series[]): boolean {
  return (
    a.length === b.length &&
    b.every((s, k) => {
      const o = a[k]
      return (
        o.key === s.key &&
        o.color === s.color &&
        o.dash === s.dash &&
        o.xs === s.xs &&
        o.ys === s.ys &&
        o.best === s.best
      )
    })
  )
}

function linePath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  x: (v: number) => number,
  y: (v: number) => number,
  ok: (v: number) => boolean,
) {
  let d = ''
  let pen = false
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i]
    if (!ok(v)) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${x(xs[i]).toFixed(1)},${y(v).toFixed(1)}`
    pen = true
  }
  return d
}

/** Line chart of one or more curves over candidate thresholds (KL divergence, MSE), infinite values as gaps. */
export function CurveChart({
  series,
  xLabel,
  yLabel,
  log,
  height = 220,
  markerX,
  markerLabel,
  selectedX,
  selectedLabel,
  onSelectX,
  hoverX,
  onHoverX,
  selectLabel,
  fromZero = true,
}: Props) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const svgRef = useRef<SVGSVGElement>(null)
  const stable = useStableSeries(series)
  // Scales, curves and axes depend on the curves and the size only; the markers move on every drag step
  // and are all that re-renders then (building the paths of 2,000-point curves was the drag's largest cost).
  const { x, yScale, xmin, xmax, step, paths } = useMemo(() => {
    let xmin = Infinity
    let xmax = -Infinity
    let ymin = Infinity
    let ymax = -Infinity
    for (const s of stable) {
      for (let i = 0; i < s.xs.length; i++) {
        const v = s.ys[i]
        xmin = Math.min(xmin, s.xs[i])
        xmax = Math.max(xmax, s.xs[i])
        if (Number.isFinite(v) && (!log || v > 0)) {
          ymin = Math.min(ymin, v)
          ymax = Math.max(ymax, v)
        }
      }
    }
    if (!Number.isFinite(xmin)) {
      xmin = 0
      xmax = 1
    }
    if (!(xmax > xmin)) xmax = xmin + 1
    if (!Number.isFinite(ymin)) {
      ymin = log ? 1e-6 : 0
      ymax = 1
    }
    if (!(ymax > ymin)) {
      // a flat curve: around its value when the axis spans the curves (97.5 % drew an axis up to 210)
      if (!fromZero && !log) [ymin, ymax] = [ymin - 1, ymax + 1]
      else ymax = ymin * 2 || 1
    }
    const x = scaleLinear()
      .domain([xmin, xmax])
      .range([M.left, width - M.right])
    const yScale = log
      ? scaleLog()
          .domain([ymin, ymax])
          .nice()
          .range([height - M.bottom, M.top])
          .clamp(true)
      : scaleLinear()
          .domain(fromZero ? [Math.min(0, ymin), ymax] : spanned(ymin, ymax))
          .nice()
          .range([height - M.bottom, M.top])
    const ok = (v: number) => isDrawable(v, log)
    const paths = stable.map((s) => linePath(s.xs, s.ys, x, (v) => yScale(v), ok))
    const step = stable[0] && stable[0].xs.length > 1 ? (xmax - xmin) / (stable[0].xs.length - 1) : 0.01
    return { x, yScale, xmin, xmax, step, paths }
  }, [stable, log, width, height, fromZero])
  const top = M.top
  const bottom = height - M.bottom
  const staticLayer = useMemo(
    () => (
      <>
        <Axis scale={x} orient="bottom" at={bottom} label={xLabel} />
        <Axis scale={yScale} orient="left" at={M.left} ticks={4} label={yLabel} />
        {stable.map((s, k) => (
          <path
            key={s.key}
            d={paths[k]}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            strokeDasharray={s.dash}
          />
        ))}
        {stable.map((s) =>
          s.best !== undefined && isDrawable(s.ys[s.best], log) ? (
            <circle
              key={`${s.key}-best`}
              cx={x(s.xs[s.best])}
              cy={yScale(s.ys[s.best])}
              r={5}
              fill={s.color}
              stroke="#fff"
              strokeWidth={1.5}
            />
          ) : null,
        )}
      </>
    ),
    [stable, paths, x, yScale, bottom, log, xLabel, yLabel],
  )

  const pointerX = (e: PointerEvent<SVGElement>) =>
    x.invert(e.clientX - svgRef.current!.getBoundingClientRect().left)
  const onKey = (e: KeyboardEvent<SVGRectElement>) => {
    if (!onSelectX) return
    const cur = selectedX ?? xmin
    if (e.key === 'ArrowRight') onSelectX(Math.min(xmax, cur + step))
    else if (e.key === 'ArrowLeft') onSelectX(Math.max(xmin, cur - step))
    else return
    e.preventDefault()
  }
  const showMarker = markerX != null && markerX >= xmin && markerX <= xmax
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        ref={svgRef}
        className="chart curve"
        width={width}
        height={height}
        role="group"
        aria-label={`${yLabel} / ${xLabel}`}
      >
        {staticLayer}
        {showMarker && <line className="current-line" x1={x(markerX)} x2={x(markerX)} y1={top} y2={bottom} />}
        {selectedX != null && (
          <line className="selected-line" x1={x(selectedX)} x2={x(selectedX)} y1={top} y2={bottom} />
        )}
        {hoverX != null && hoverX >= xmin && hoverX <= xmax && (
          <line className="hover-line" x1={x(hoverX)} x2={x(hoverX)} y1={top} y2={bottom} />
        )}
        <rect
          className="hit-area"
          x={M.left}
          y={top}
          width={Math.max(0, width - M.left - M.right)}
          height={bottom - top}
          tabIndex={onSelectX ? 0 : undefined}
          role={onSelectX ? 'button' : undefined}
          aria-label={onSelectX ? selectLabel : undefined}
          onKeyDown={onKey}
          onPointerMove={(e) => onHoverX?.(pointerX(e))}
          onPointerLeave={() => onHoverX?.(null)}
          onClick={(e) => onSelectX?.(pointerX(e as unknown as PointerEvent<SVGElement>))}
          style={{ cursor: onSelectX ? 'pointer' : 'crosshair' }}
        />
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
        {showMarker && markerLabel && (
          <li key="marker">
            <span className="swatch line current" aria-hidden="true" />
            {markerLabel}
          </li>
        )}
        {selectedX != null && selectedLabel && (
          <li key="selected">
            <span className="swatch line selected" aria-hidden="true" />
            {selectedLabel}
          </li>
        )}
      </ul>
    </div>
  )
}

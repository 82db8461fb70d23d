import { scaleLinear, scaleSymlog } from 'd3'
import { useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react'
import { Axis } from './Axis'
import { labelInk, labelRows } from './labelRows'
import { measureLabel } from './placeLabels'
import { askForFrame, holdTransformAnimation, layOutBeforeFrame } from './layerMotion'
import { useWidth } from './useWidth'

export interface Marker {
  key: string
  x: number
  label: string
  color: string
  dash?: string | undefined
  /** also draw at −x (symmetric thresholds) */
  mirror?: boolean
}

export interface ThresholdHandle {
  value: number
  min: number
  max: number
  step: number
  /** accessible name, e.g. "clipping threshold" */
  label: string
  valueText: string
  /** symmetric: the handle sits at +value and a twin line at −value; dragging uses |x| */
  mirror: boolean
  /** commit: false while the pointer drags; key: the change is one keyboard step */
  onChange: (value: number, commit: boolean, key?: boolean) => void
}

interface Props {
  edges: ArrayLike<number>
  counts: ArrayLike<number>
  overlay?: { counts: ArrayLike<number>; label: string }
  log?: boolean
  markers?: Marker[]
  clip?: { lo: number; hi: number } | null
  handle?: ThresholdHandle | undefined
  hoverX?: number | null
  onHoverX?: (x: number | null) => void
  height?: number
  xLabel: string
  yLabel: string
  /** extra x-domain to show (e.g. to keep a threshold beyond the data visible) */
  xDomain?: [number, number]
}

// (the top margin holds three rows of marker names, 12 px apart: at 34 px the third row's baseline sat at 6 px,
// its 11 px letters 4 px above the chart, cut off)
const M = { top: 38, right: 16, bottom: 42, left: 56 }
/** the width of the handle's own small SVG (the grip is 14 px wide, with a 3 px focus stroke) */
const HANDLE_W = 20
/** the room above and below the plot in the handle's SVG, for the grip's focus stroke */
const HANDLE_PAD = 4

/** the device pixels per CSS pixel (zoom included) */
function pixelRatio(): number {
  return (typeof window !== 'undefined' && window.devicePixelRatio) || 1
}

/** a position on the device's pixel grid: a moved layer off the grid is drawn blurred by the compositor */
function snapPx(v: number): number {
  const dpr = pixelRatio()
  return Math.round(v * dpr) / dpr
}

/** a length rounded up to whole device pixels */
function ceilPx(v: number): number {
  const dpr = pixelRatio()
  return Math.ceil(v * dpr - 1e-9) / dpr
}

function stepPath(
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
  x: (v: number) => number,
  y: (v: number) => number,
) {
  let d = `M${x(edges[0])},${y(0)}`
  // counts of another tensor (a result still on its way) can be longer than these edges: draw what matches
  const n = Math.min(counts.length, edges.length - 1)
  for (let i = 0; i < n; i++) {
    const yy = y(counts[i])
    d += `V${yy}H${x(edges[i + 1])}`
  }
  return d + `V${y(0)}Z`
}

/**
 * Histogram of the tensor (SVG: a few hundred bins at most), with the clipped regions shaded, the
 * calibration thresholds marked, the dequantized distribution overlaid and the clipping threshold as a
 * draggable, keyboard-steppable ARIA slider.
 */
export function HistogramChart(props: Props) {
  const {
    edges,
    counts,
    overlay,
    log,
    markers = [],
    clip,
    handle,
    hoverX,
    onHoverX,
    height = 260,
    xLabel,
    yLabel,
  } = props
  const [ref, width] = useWidth<HTMLDivElement>()
  const svgRef = useRef<SVGSVGElement>(null)
  const dragging = useRef(false)
  // The scales, the bars, the overlay and the axes change with the data, not with the threshold: computed
  // once per data/size change, so a drag re-renders only the handle, the clip regions and the markers.
  const xd0 = props.xDomain?.[0]
  const xd1 = props.xDomain?.[1]
  // an overlay from another tensor (its result not yet replaced) has other bins: not drawn
  const overlayCounts = overlay && overlay.counts.length === counts.length ? overlay.counts : undefined
  const { x, yScale, lo, hi, bars, overlayPath } = useMemo(() => {
    const n = counts.length
    let lo = edges[0]
    let hi = edges[n]
    if (xd0 !== undefined && xd1 !== undefined) {
      lo = Math.min(lo, xd0)
      hi = Math.max(hi, xd1)
    }
    if (!(hi > lo)) hi = lo + 1
    const x = scaleLinear()
      .domain([lo, hi])
      .range([M.left, width - M.right])
    let maxCount = 1
    for (let i = 0; i < n; i++) maxCount = Math.max(maxCount, counts[i])
    if (overlayCounts)
      for (let i = 0; i < overlayCounts.length; i++) maxCount = Math.max(maxCount, overlayCounts[i])
    const yScale = (log ? scaleSymlog().constant(1) : scaleLinear())
      .domain([0, maxCount])
      .nice()
      .range([height - M.bottom, M.top])
    const y = (v: number) => yScale(v)
    const bars = stepPath(edges, counts, x, y)
    const overlayPath = overlayCounts ? stepPath(edges, overlayCounts, x, y) : null
    return { x, yScale, lo, hi, bars, overlayPath }
  }, [edges, counts, overlayCounts, log, width, height, xd0, xd1])
  const plotTop = M.top
  const plotBottom = height - M.bottom
  const staticLayer = useMemo(
    () => (
      <>
        <path className="hist-bars" d={bars} />
        {overlayPath !== null && <path className="hist-overlay" d={overlayPath} />}
        <Axis scale={x} orient="bottom" at={plotBottom} label={xLabel} />
        <Axis scale={yScale} orient="left" at={M.left} ticks={4} label={yLabel} />
      </>
    ),
    [bars, overlayPath, x, yScale, plotBottom, xLabel, yLabel],
  )

  // the chart's left edge, read when a drag starts: reading it on every move forced a layout per move (the
  // previous move's changes leave the layout dirty), a few milliseconds of each frame of a drag
  const left = useRef<number | null>(null)
  const chartLeft = () => left.current ?? svgRef.current!.getBoundingClientRect().left
  const valueAt = (clientX: number) => {
    const v = x.invert(clientX - chartLeft())
    return handle?.mirror ? Math.abs(v) : v
  }
  const clampHandle = (v: number) => (handle ? Math.min(handle.max, Math.max(handle.min, v)) : v)

  const onPointerDown = (e: PointerEvent<SVGElement>) => {
    if (!handle) return
    e.preventDefault()
    dragging.current = true
    left.current = svgRef.current!.getBoundingClientRect().left
    ;(e.currentTarget as Element).setPointerCapture?.(e.pointerId)
    handle.onChange(clampHandle(valueAt(e.clientX)), false)
  }
  const onPointerMove = (e: PointerEvent<SVGElement>) => {
    if (dragging.current && handle) handle.onChange(clampHandle(valueAt(e.clientX)), false)
    else onHoverX?.(x.invert(e.clientX - chartLeft()))
  }
  const onPointerUp = (e: PointerEvent<SVGElement>) => {
    if (dragging.current && handle) {
      dragging.current = false
      handle.onChange(clampHandle(valueAt(e.clientX)), true)
    }
  }
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (!handle) return
    const big = handle.step * 10
    let v: number | null = null
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') v = handle.value + handle.step
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') v = handle.value - handle.step
    else if (e.key === 'PageUp') v = handle.value + big
    else if (e.key === 'PageDown') v = handle.value - big
    else if (e.key === 'Home') v = handle.min
    else if (e.key === 'End') v = handle.max
    if (v !== null) {
      e.preventDefault()
      askForFrame()
      handle.onChange(clampHandle(v), true, true)
      layOutBeforeFrame(svgRef.current)
    }
  }

  // Marker names above the plot: markers at the same spot share one label (their names side by side, each in
  // its colour), and labels that would overlap go to up to three rows.
  const groups: { x: number; members: Marker[] }[] = []
  for (const m of markers) {
    if (!(m.x >= lo && m.x <= hi)) continue
    const mx = x(m.x)
    const g = groups.find((gr) => Math.abs(gr.x - mx) < 3)
    if (g) g.members.push(m)
    else groups.push({ x: mx, members: [m] })
  }
  // a shared label wider than the chart (three long names on a phone) becomes one label per name, which the
  // rows below stack
  const groupWidth = (g: { members: Marker[] }) =>
    g.members.reduce((sum, m) => sum + measureLabel(m.label, 600), 0) + 13 * (g.members.length - 1)
  for (let gi = groups.length - 1; gi >= 0; gi--) {
    const g = groups[gi]
    if (g.members.length > 1 && groupWidth(g) > width - 8)
      groups.splice(gi, 1, ...g.members.map((m) => ({ x: g.x, members: [m] })))
  }
  // each label centred on its line, but kept inside the chart: a threshold at the data's edge (an activation's
  // max) had half its label cut off by the panel
  const labels = groups.map((g) => {
    const w = groupWidth(g)
    return { x: Math.max(w / 2, Math.min(width - w / 2, g.x)), width: w }
  })
  const rows = labelRows(labels, 3)
  const markerLayer = (
    <>
      {markers.flatMap((m) =>
        (m.mirror && m.x !== 0 ? [m.x, -m.x] : [m.x]).map((mx, i) =>
          mx >= lo && mx <= hi ? (
            <line
              key={`${m.key}-${i}`}
              className="marker"
              x1={x(mx)}
              x2={x(mx)}
              y1={plotTop}
              y2={plotBottom}
              stroke={m.color}
              strokeDasharray={m.dash}
              strokeWidth={2}
            />
          ) : null,
        ),
      )}
      {groups.map((g, gi) => (
        <text
          key={g.members.map((m) => m.key).join('+')}
          x={labels[gi].x}
          y={plotTop - 4 - rows[gi] * 12}
          textAnchor="middle"
          className="marker-label"
        >
          {g.members.map((m, k) => (
            <tspan key={m.key} fill={labelInk(m.color)}>
              {k > 0 ? ' · ' : ''}
              {m.label}
            </tspan>
          ))}
        </text>
      ))}
    </>
  )
  // Stacked layers: the bars with their axes and labels, the clipped regions shaded over them, and the
  // pointer's hit area and the threshold handle on top. What follows a threshold step never repaints the bars
  // (issue 17's arrow-key budget: on a 2-core machine each step re-drew the whole chart, 8 tiles of bars,
  // when the regions and the handle were shapes in the chart's SVGs). The two regions (plain boxes of one
  // colour, cut to the plot by the pane around them), the handle and its twin are drawn once and moved with a
  // CSS transform; with a handle they are composited layers (`.chart-layers.moves` in styles.css), so a step
  // only moves them. The regions lie over the bars: under them, the bars would be a layer of their own that
  // the compositor blends again at every step. Export (exportChart.ts) joins the layers back into one SVG, each
  // where the browser shows it.
  const plotL = x(lo)
  const plotW = Math.max(0, x(hi) - plotL)
  const plotH = Math.max(0, plotBottom - plotTop)
  // Each moved layer's offset is on the device's pixel grid as a whole (at a fractional devicePixelRatio, 125 %
  // or 110 % zoom, a grid position minus the plot's width or the handle's half width is not): the left region
  // is as wide as the plot rounded up to whole device pixels, so its right edge, the threshold, is on the grid
  // too, and the handles are placed so that their line, at their middle, is within half a device pixel of the
  // threshold.
  const leftW = ceilPx(plotW)
  const handleX = handle ? snapPx(x(Math.min(hi, Math.max(lo, handle.value))) - HANDLE_W / 2) : 0
  // the handle's layers span the plot's height and the grip's focus ring: the screen area a step redraws is
  // the union of what moved, from the summary above the chart down to the lowest moved layer
  const handleTop = plotTop - HANDLE_PAD
  const handleH = Math.max(0, plotBottom - plotTop) + 2 * HANDLE_PAD
  const moveRef = handle ? holdTransformAnimation : undefined
  return (
    <div ref={ref} className={handle ? 'chart-wrap chart-layers moves' : 'chart-wrap chart-layers'}>
      <svg
        ref={svgRef}
        className="chart histogram"
        width={width}
        height={height}
        role="group"
        aria-label={yLabel + ' / ' + xLabel}
      >
        {staticLayer}
        {markerLayer}
      </svg>
      <div className="clip-pane" style={{ left: plotL, top: plotTop, width: plotW, height: plotH }}>
        {clip && clip.lo > lo && (
          <div
            ref={moveRef}
            className="clip-region slide"
            style={{
              width: leftW,
              transform: `translateX(${snapPx(x(Math.min(clip.lo, hi)) - plotL - leftW)}px)`,
            }}
          />
        )}
        {clip && clip.hi < hi && (
          <div
            ref={moveRef}
            className="clip-region slide"
            style={{ width: plotW, transform: `translateX(${snapPx(x(Math.max(clip.hi, lo)) - plotL)}px)` }}
          />
        )}
      </div>
      <svg className="chart-layer over" width={width} height={height}>
        {hoverX != null && hoverX >= lo && hoverX <= hi && (
          <line className="hover-line" x1={x(hoverX)} x2={x(hoverX)} y1={plotTop} y2={plotBottom} />
        )}
        <rect
          className="hit-area"
          x={M.left}
          y={plotTop}
          width={Math.max(0, width - M.left - M.right)}
          height={plotBottom - plotTop}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerEnter={() => {
            left.current = svgRef.current!.getBoundingClientRect().left
          }}
          onPointerLeave={() => {
            if (!dragging.current) left.current = null
            onHoverX?.(null)
          }}
          style={{ cursor: handle ? 'ew-resize' : 'crosshair', touchAction: 'none' }}
        />
      </svg>
      {handle && handle.mirror && -handle.value >= lo && (
        <svg
          ref={moveRef}
          className="chart-layer over slide"
          width={HANDLE_W}
          height={handleH}
          aria-hidden="true"
          style={{ top: handleTop, transform: `translateX(${snapPx(x(-handle.value) - HANDLE_W / 2)}px)` }}
        >
          <line
            className="handle-twin"
            x1={HANDLE_W / 2}
            x2={HANDLE_W / 2}
            y1={plotTop - handleTop}
            y2={plotBottom - handleTop}
          />
        </svg>
      )}
      {handle && (
        <svg
          ref={moveRef}
          className="chart-layer over slide"
          width={HANDLE_W}
          height={handleH}
          style={{ top: handleTop, transform: `translateX(${handleX}px)` }}
        >
          <g
            className="threshold-handle"
            role="slider"
            tabIndex={0}
            aria-label={handle.label}
            aria-valuemin={handle.min}
            aria-valuemax={handle.max}
            aria-valuenow={handle.value}
            aria-valuetext={handle.valueText}
            aria-orientation="horizontal"
            onKeyDown={onKeyDown}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            style={{ cursor: 'ew-resize', touchAction: 'none' }}
            transform={`translate(${HANDLE_W / 2},${plotTop - handleTop})`}
          >
            <line y1={0} y2={plotBottom - plotTop} className="handle-line" />
            <rect
              x={-7}
              y={(plotBottom - plotTop) / 2 - 16}
              width={14}
              height={32}
              rx={5}
              className="handle-grip"
            />
          </g>
        </svg>
      )}
    </div>
  )
}

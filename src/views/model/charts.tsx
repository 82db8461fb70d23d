import { scaleBand, scaleLinear } from 'd3'
import { Axis } from '../../charts/Axis'
import { useWidth } from '../../charts/useWidth'
import type { LayerRow } from '../../models/analyze'
import { visibleText } from '../../i18n/visibleText'

const finiteDb = (v: number, cap: number) => (Number.isFinite(v) ? v : v > 0 ? cap : 0)

/** SQNR per layer in network order: per tensor beside per channel; depthwise layers shaded. */
export function SqnrChart({
  rows,
  selected,
  onSelect,
  labels,
}: {
  rows: LayerRow[]
  selected: string | null
  onSelect: (name: string) => void
  labels: { tensor: string; channel: string; layer: string; depthwise: string; nonFinite: string }
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const h = 240
  const m = { l: 44, r: 10, t: 10, b: 40 }
  const finite = rows.flatMap((r) => [r.perTensorSqnrDb, r.perChannelSqnrDb]).filter(Number.isFinite)
  const top = Math.max(10, ...finite) + 5
  const bottom = Math.min(0, ...finite)
  const x = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([m.l, width - m.r])
    .paddingInner(0.15)
  const y = scaleLinear()
    .domain([bottom, top])
    .range([h - m.b, m.t])
    .nice()
  const bw = Math.max(1, x.bandwidth() / 2)
  // the layer axis: whole layer numbers under their bars' centres, at most about ten of them
  const centre = (i: number) => x(0)! + x.bandwidth() / 2 + i * x.step()
  // (i ↦ centre(i), stretched over the whole plot: with one layer there is no second centre to map)
  const idx = scaleLinear()
    .domain([(m.l - centre(0)) / x.step(), (width - m.r - centre(0)) / x.step()])
    .range([m.l, width - m.r])
  const every = Math.max(1, Math.ceil(rows.length / 10))
  const layerTicks = rows.map((_, i) => i).filter((i) => i % every === 0)
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        className="chart"
        width={width}
        height={h}
        role="img"
        aria-label={labels.tensor + ' / ' + labels.channel}
      >
        {rows.map((r, i) =>
          r.kind === 'depthwise' ? (
            <rect
              key={`d${i}`}
              className="dw-band"
              x={x(i)! - 1}
              width={x.bandwidth() + 2}
              y={m.t}
              height={h - m.b - m.t}
            />
          ) : null,
        )}
        {rows.map((r, i) => (
          <g
            key={r.name}
            className={r.name === selected ? 'sqnr-sel' : undefined}
            onClick={() => onSelect(r.name)}
          >
            <title>
              {r.nonFinite > 0
                ? `${visibleText(r.name)}: ${labels.nonFinite}`
                : `${visibleText(r.name)}: ${r.perTensorSqnrDb.toFixed(1)} / ${r.perChannelSqnrDb.toFixed(1)} dB`}
            </title>
            {r.nonFinite > 0 ? (
              // no bars: a mark on the axis says there is nothing to draw, rather than an SQNR of 0
              <text className="bar-none" x={x(i)! + x.bandwidth() / 2} y={h - m.b - 3} textAnchor="middle">
                ×
              </text>
            ) : (
              <>
                <rect
                  className="bar-tensor"
                  x={x(i)}
                  width={bw}
                  y={y(Math.max(bottom, finiteDb(r.perTensorSqnrDb, top)))}
                  height={Math.max(0, y(bottom) - y(finiteDb(r.perTensorSqnrDb, top)))}
                />
                <rect
                  className="bar-channel"
                  x={x(i)! + bw}
                  width={bw}
                  y={y(Math.max(bottom, finiteDb(r.perChannelSqnrDb, top)))}
                  height={Math.max(0, y(bottom) - y(finiteDb(r.perChannelSqnrDb, top)))}
                />
              </>
            )}
            <rect className="hit-area" x={x(i)} width={x.bandwidth()} y={m.t} height={h - m.b - m.t} />
          </g>
        ))}
        <Axis scale={y} orient="left" at={m.l} ticks={5} label="dB" />
        <Axis
          scale={idx}
          orient="bottom"
          at={h - m.b}
          values={layerTicks}
          label={labels.layer}
          format={(v) => String(Math.round(v))}
        />
      </svg>
      <div className="legend">
        <span>
          <span className="swatch sw-tensor" /> {labels.tensor}
        </span>
        <span>
          <span className="swatch sw-channel" /> {labels.channel}
        </span>
        <span>
          <span className="swatch sw-dw" /> {labels.depthwise}
        </span>
        {rows.some((r) => r.nonFinite > 0) && (
          <span>
            <span className="legend-none" aria-hidden="true">
              ×
            </span>{' '}
            {labels.nonFinite}
          </span>
        )}
      </div>
    </div>
  )
}

/** max|w| of each output channel as a bar, with the per-tensor threshold drawn across. */
export function ChannelMaxChart({
  chMax,
  xLabel,
  tLabel,
}: {
  chMax: Float64Array
  xLabel: string
  tLabel: string
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const h = 220
  const m = { l: 50, r: 10, t: 14, b: 40 }
  let t = 0
  for (const v of chMax) if (v > t) t = v
  const x = scaleLinear()
    .domain([0, chMax.length])
    .range([m.l, width - m.r])
  const y = scaleLinear()
    .domain([0, t || 1])
    .range([h - m.b, m.t])
    .nice()
  const bw = Math.max(0.5, (width - m.l - m.r) / chMax.length)
  return (
    <div ref={ref} className="chart-wrap">
      <svg className="chart" width={width} height={h} role="img" aria-label={xLabel}>
        {Array.from(chMax, (v, c) => (
          <rect
            key={c}
            className="bar-channel"
            x={x(c)}
            width={bw > 2 ? bw - 0.5 : bw}
            y={y(v)}
            height={y(0) - y(v)}
          />
        ))}
        <line className="threshold-line" x1={m.l} x2={width - m.r} y1={y(t)} y2={y(t)} />
        <text className="marker-label" x={width - m.r - 4} y={y(t) - 4} textAnchor="end">
          {tLabel}
        </text>
        <Axis scale={y} orient="left" at={m.l} ticks={5} />
        <Axis
          scale={x}
          orient="bottom"
          at={h - m.b}
          ticks={6}
          label={xLabel}
          format={(v) => String(Math.round(v))}
        />
      </svg>
    </div>
  )
}

export function WeightHistogram({
  hist,
  label,
}: {
  hist: { lo: number; hi: number; counts: Float64Array }
  /** what the chart shows, in the page's language (its accessible name) */
  label: string
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const h = 200
  const m = { l: 50, r: 10, t: 10, b: 30 }
  const x = scaleLinear()
    .domain([hist.lo, hist.hi])
    .range([m.l, width - m.r])
  let top = 1
  for (const c of hist.counts) if (c > top) top = c
  const y = scaleLinear()
    .domain([0, top])
    .range([h - m.b, m.t])
    .nice()
  const step = (hist.hi - hist.lo) / hist.counts.length
  return (
    <div ref={ref} className="chart-wrap">
      <svg className="chart" width={width} height={h} role="img" aria-label={label}>
        <g className="hist-bars">
          {Array.from(hist.counts, (c, i) => (
            <rect
              key={i}
              x={x(hist.lo + i * step)}
              width={Math.max(0.5, x(hist.lo + step) - x(hist.lo) - 0.5)}
              y={y(c)}
              height={y(0) - y(c)}
            />
          ))}
        </g>
        <Axis scale={y} orient="left" at={m.l} ticks={4} />
        <Axis scale={x} orient="bottom" at={h - m.b} ticks={6} />
      </svg>
    </div>
  )
}

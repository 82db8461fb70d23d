/**
 * The accuracy view's own charts: the confusion matrix (SVG, D3 band and colour scales), per-layer SQNR along
 * the network (SVG bars) and an 8×8 digit (canvas, one cell per pixel). React owns the DOM; D3 computes.
 */
import { interpolateBlues, scaleBand, scaleLinear, scaleSequential } from 'd3'
import { useEffect, useRef } from 'react'
import { Axis } from '../../charts/Axis'
import { useWidth } from '../../charts/useWidth'

/**
 * The confusion matrix's type sizes and margins (px). Each label sits in its own band, from its font's ascent
 * above the baseline to its descent below (taken generously, CJK glyphs reach further than digits): the
 * column title above the column digits, the row title left of the row digits, so neither is drawn over the
 * other in any language. The sizes are inline styles, so a stylesheet cannot change them behind the layout.
 */
export const CM_TYPE = { title: 12, tick: 13, ascent: 1, descent: 0.3, digitWidth: 0.7, gap: 3 }

export function confusionLayout(size: number) {
  const { title, tick, ascent, descent, digitWidth, gap } = CM_TYPE
  /** baseline of the column title; its band is [0, titleBottom] */
  const titleY = Math.ceil(title * ascent)
  const titleBottom = titleY + Math.ceil(title * descent)
  /** baseline of the column digits; their band starts at tickTop */
  const tickY = titleBottom + gap + Math.ceil(tick * ascent)
  const tickTop = tickY - Math.ceil(tick * ascent)
  /** the row title, turned a quarter: its baseline is at x = rowTitleX, its band [0, rowTitleRight] */
  const rowTitleX = Math.ceil(title * ascent)
  const rowTitleRight = rowTitleX + Math.ceil(title * descent)
  /** the row digits end (text-anchor end) at rowTickX; they start at rowTickLeft */
  const rowTickLeft = rowTitleRight + gap
  const rowTickX = rowTickLeft + Math.ceil(tick * digitWidth)
  const m = { l: rowTickX + 6, t: tickY + Math.ceil(tick * descent) + 2, r: 4, b: 4 }
  return { m, titleY, titleBottom, tickY, tickTop, rowTitleX, rowTitleRight, rowTickX, rowTickLeft, size }
}

const titleStyle = { fontSize: CM_TYPE.title }
const tickStyle = { fontSize: CM_TYPE.tick }

/** 10 × 10 counts, true class in rows, quantized prediction in columns; the diagonal outlined. */
export function ConfusionMatrix({
  confusion,
  rowLabel,
  colLabel,
  cellLabel,
}: {
  confusion: Int32Array
  rowLabel: string
  colLabel: string
  cellLabel: (truth: number, pred: number, count: number) => string
}) {
  const [ref, width] = useWidth<HTMLDivElement>(320)
  const size = Math.max(200, Math.min(width, 360))
  const L = confusionLayout(size)
  const m = L.m
  const digits = Array.from({ length: 10 }, (_, i) => i)
  const x = scaleBand<number>()
    .domain(digits)
    .range([m.l, size - m.r])
    .padding(0.04)
  const y = scaleBand<number>()
    .domain(digits)
    .range([m.t, size - m.b])
    .padding(0.04)
  let max = 1
  for (const c of confusion) max = Math.max(max, c)
  const color = scaleSequential(interpolateBlues).domain([0, max])
  return (
    <div ref={ref} className="chart-wrap">
      <svg className="chart" width={size} height={size} role="img" aria-label={`${rowLabel} × ${colLabel}`}>
        <text
          x={m.l + (size - m.r - m.l) / 2}
          y={L.titleY}
          textAnchor="middle"
          className="axis-label cm-col-title"
          style={titleStyle}
        >
          {colLabel}
        </text>
        <text
          transform={`translate(${L.rowTitleX}, ${m.t + (size - m.b - m.t) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="axis-label cm-row-title"
          style={titleStyle}
        >
          {rowLabel}
        </text>
        {digits.map((d) => (
          <g key={`l${d}`}>
            <text
              x={x(d)! + x.bandwidth() / 2}
              y={L.tickY}
              textAnchor="middle"
              className="tick-label cm-col-tick"
              style={tickStyle}
            >
              {d}
            </text>
            <text
              x={L.rowTickX}
              y={y(d)! + y.bandwidth() / 2 + Math.round(CM_TYPE.tick * 0.35)}
              textAnchor="end"
              className="tick-label cm-row-tick"
              style={tickStyle}
            >
              {d}
            </text>
          </g>
        ))}
        {digits.map((tr) =>
          digits.map((pr) => {
            const c = confusion[tr * 10 + pr]
            return (
              <g key={`${tr}-${pr}`}>
                <rect
                  x={x(pr)}
                  y={y(tr)}
                  width={x.bandwidth()}
                  height={y.bandwidth()}
                  fill={c === 0 ? '#f4f4f4' : color(c)}
                  stroke={tr === pr ? '#333' : 'none'}
                  strokeWidth={tr === pr ? 1 : 0}
                >
                  <title>{cellLabel(tr, pr, c)}</title>
                </rect>
                {c > 0 && (
                  <text
                    x={x(pr)! + x.bandwidth() / 2}
                    y={y(tr)! + y.bandwidth() / 2 + 4}
                    textAnchor="middle"
                    className="cm-count"
                    fill={c > max * 0.55 ? 'white' : '#222'}
                  >
                    {c}
                  </text>
                )}
              </g>
            )
          }),
        )}
      </svg>
    </div>
  )
}

/** SQNR of each layer's output against float, in network order (float layers drawn as "∞"). */
export function LayerSqnrChart({
  layers,
  yLabel,
  floatLabel,
}: {
  layers: { name: string; sqnrDb: number; quantized: boolean }[]
  yLabel: string
  floatLabel: string
}) {
  const [ref, width] = useWidth<HTMLDivElement>(320)
  const h = 200
  const m = { l: 48, r: 8, t: 12, b: 28 }
  const finite = layers.map((l) => l.sqnrDb).filter(Number.isFinite)
  const top = Math.max(10, ...finite) + 5
  const bottom = Math.min(0, ...finite)
  const x = scaleBand<string>()
    .domain(layers.map((l) => l.name))
    .range([m.l, Math.max(m.l + 40, width - m.r)])
    .padding(0.3)
  const y = scaleLinear()
    .domain([bottom, top])
    .range([h - m.b, m.t])
    .nice()
  return (
    <div ref={ref} className="chart-wrap">
      <svg className="chart" width={width} height={h} role="img" aria-label={yLabel}>
        <Axis scale={y} orient="left" at={m.l} ticks={5} label={yLabel} />
        <line x1={m.l} x2={width - m.r} y1={y(0)} y2={y(0)} stroke="#999" />
        {layers.map((l) => {
          const v = Number.isFinite(l.sqnrDb) ? l.sqnrDb : top
          const y0 = y(Math.max(0, bottom))
          return (
            <g key={l.name} data-layer={l.name}>
              <rect
                x={x(l.name)}
                width={x.bandwidth()}
                y={Math.min(y(v), y0)}
                height={Math.abs(y0 - y(v))}
                fill={l.quantized ? '#0072b2' : '#cfd8e3'}
              />
              <text
                x={x(l.name)! + x.bandwidth() / 2}
                y={Math.min(y(v), y0) - 3}
                textAnchor="middle"
                className="tick-label"
              >
                {l.quantized && Number.isFinite(l.sqnrDb)
                  ? l.sqnrDb.toFixed(1)
                  : l.quantized
                    ? '∞'
                    : floatLabel}
              </text>
              <text
                x={x(l.name)! + x.bandwidth() / 2}
                y={h - 10}
                textAnchor="middle"
                className="tick-label mono"
              >
                {l.name}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

/** One 8×8 digit, pixel / 16 in [0, 1] as grey levels (values beyond 1, e.g. the traitor, drawn black). */
export function Digit({ image, label, size = 48 }: { image: Float32Array; label: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    const ctx = c?.getContext('2d')
    if (!c || !ctx) return
    c.width = 8
    c.height = 8
    const img = ctx.createImageData(8, 8)
    for (let i = 0; i < 64; i++) {
      const g = Math.round(255 * (1 - Math.min(1, Math.max(0, image[i]))))
      img.data.set([g, g, g, 255], i * 4)
    }
    ctx.putImageData(img, 0, 0)
  }, [image])
  return (
    <canvas
      ref={ref}
      className="digit"
      role="img"
      aria-label={label}
      style={{ width: size, height: size, imageRendering: 'pixelated' }}
    />
  )
}

import type { ScaleContinuousNumeric } from 'd3'
import { formatTick } from './format'
import { labelledTicks, linearTicks } from './ticks'

interface AxisProps {
  scale: ScaleContinuousNumeric<number, number>
  orient: 'bottom' | 'left'
  /** translate of the axis line: y for bottom, x for left */
  at: number
  ticks?: number
  /** the tick values themselves (e.g. whole layer numbers), instead of `ticks` nice ones */
  values?: number[] | undefined
  label?: string
  format?: (v: number) => string
}

/** px between two labelled ticks of a vertical axis: a line of the labels' 11 px type, with air between lines */
const MIN_GAP = 16

/** The values, in order, without any that lies closer than `gap` px to the last one kept. */
export function spaced(values: number[], px: (v: number) => number, gap: number): number[] {
  const out: number[] = []
  for (const v of values)
    if (out.length === 0 || Math.abs(px(v) - px(out[out.length - 1])) >= gap) out.push(v)
  return out
}

/** Rough width of a tick label in the axis' 11 px type (digits and signs are about 0.6 em wide). */
const LABEL_CHAR_PX = 6.6
/** Air between two labels of a horizontal axis. */
const LABEL_GAP_PX = 8

/** True when no two neighbouring centred labels of a horizontal axis overlap (with some air between). */
export function labelsApart(values: number[], labels: string[], px: (v: number) => number): boolean {
  for (let i = 1; i < values.length; i++) {
    const half = ((labels[i - 1].length + labels[i].length) * LABEL_CHAR_PX) / 2
    if (Math.abs(px(values[i]) - px(values[i - 1])) < half + LABEL_GAP_PX) return false
  }
  return true
}

/** An axis drawn by React from a D3 scale's ticks (D3 computes, React owns the DOM). */
export function Axis({ scale, orient, at, ticks = 6, values: given, label, format = formatTick }: AxisProps) {
  // log and symlog scales: keep powers of ten only, so labels never pile up
  const d = scale.domain()
  const isLog = 'base' in scale || 'constant' in scale
  let values = given ?? (isLog ? [] : linearTicks(d[0], d[d.length - 1], ticks))
  if (isLog && !given) {
    const top = Math.max(Math.abs(d[0]), Math.abs(d[1]))
    const lo = Math.min(Math.abs(d[0]), Math.abs(d[1]))
    const decades: number[] = 'constant' in scale ? [0] : []
    const start = 'constant' in scale ? 0 : Math.floor(Math.log10(Math.max(lo, 1e-300)))
    for (let e = start; 10 ** e <= top * 1.0001; e++) {
      if (10 ** e >= lo || 'constant' in scale) decades.push(10 ** e)
      if (decades.length > 40) break
    }
    const step = Math.ceil(decades.length / (ticks + 1))
    values = decades.filter((_, i) => i % step === 0 || i === 0)
  }
  // on a vertical axis, a tick closer than a line of its 11 px text to the one below it is left out (a symlog
  // axis puts 0 and 1 a few pixels apart on a short chart: their labels overlapped)
  if (orient === 'left') values = spaced(values, (v) => scale(v), MIN_GAP)
  let shown = labelledTicks(values, format)
  // on a horizontal axis, every other tick is left out while two neighbouring labels would touch (a narrow
  // chart with labels such as -0.015 ran them together)
  if (orient === 'bottom')
    while (shown.values.length > 2 && !labelsApart(shown.values, shown.labels, (v) => scale(v))) {
      shown = labelledTicks(
        shown.values.filter((_, i) => i % 2 === 0),
        format,
      )
    }
  values = shown.values
  const labels = shown.labels
  if (orient === 'bottom') {
    return (
      <g className="axis" transform={`translate(0,${at})`}>
        <line x1={scale.range()[0]} x2={scale.range()[1]} className="axis-line" />
        {values.map((v, i) => (
          <g key={v} transform={`translate(${scale(v)},0)`}>
            <line y2={5} className="axis-tick" />
            <text y={17} textAnchor="middle" className="axis-text">
              {labels[i]}
            </text>
          </g>
        ))}
        {label && (
          <text
            x={(scale.range()[0] + scale.range()[1]) / 2}
            y={34}
            textAnchor="middle"
            className="axis-label"
          >
            {label}
          </text>
        )}
      </g>
    )
  }
  return (
    <g className="axis" transform={`translate(${at},0)`}>
      <line y1={scale.range()[0]} y2={scale.range()[1]} className="axis-line" />
      {values.map((v, i) => (
        <g key={v} transform={`translate(0,${scale(v)})`}>
          <line x2={-5} className="axis-tick" />
          <text x={-8} dy="0.32em" textAnchor="end" className="axis-text">
            {labels[i]}
          </text>
        </g>
      ))}
      {label && (
        <text
          transform={`translate(${-at + 1},${(scale.range()[0] + scale.range()[1]) / 2}) rotate(-90)`}
          // its letters' tops a pixel in from the chart's left edge, whatever their size: with the baseline 12 px
          // in, classroom mode's 16 px type ran 3 px past the edge, cut off
          dy="0.95em"
          textAnchor="middle"
          className="axis-label"
        >
          {label}
        </text>
      )}
    </g>
  )
}

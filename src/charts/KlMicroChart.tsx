import { scaleLinear } from 'd3'
import { useMemo } from 'react'
import type { KlMicroscope } from '../core'
import { useApp } from '../state/appStore'
import { wrapLabel } from './labelRows'
import { useWidth } from './useWidth'

export interface KlMicroLabels {
  /** heading of the top plot with P only, and with P and Q */
  p: string
  pq: string
  terms: string
  termLegend: string
  chart: string
}

const H = 150

/**
 * Step outline of values[0 … n − 1] over bins i ↦ [x(i), x(i + 1)). Where bins are narrower than a pixel
 * (a TVM candidate has up to 8,001) each pixel column draws the range of its bins, which looks the same and
 * keeps the path to about one segment per pixel instead of one per bin.
 */
function stepPath(values: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  const n = values.length
  const x0 = x(0)
  const perBin = n > 0 ? (x(n) - x0) / n : 0
  const y0 = y(0)
  // y is linear: evaluate it as a·v + b in the loop (a d3 scale call per point is most of the cost)
  const b = y0
  const a = y(1) - y0
  const fmt = (v: number) => Math.round(v * 100) / 100
  const val = (i: number) => (Number.isFinite(values[i]) ? values[i] : 0)
  let d = `M${fmt(x0)},${fmt(y0)}`
  // (a chart squeezed to a few pixels has no room for columns: drawn bin by bin)
  if (!(perBin > 0 && perBin < 1)) {
    for (let i = 0; i < n; i++) d += `V${fmt(a * val(i) + b)}H${fmt(x0 + perBin * (i + 1))}`
    return d + `V${fmt(y0)}`
  }
  let i = 0
  for (let col = 0; i < n; col++) {
    const end = Math.min(n, Math.ceil((col + 1) / perBin))
    let lo = val(i)
    let hi = lo
    const first = lo
    for (let k = i + 1; k < end; k++) {
      const v = val(k)
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    const last = val(end - 1)
    d += `V${fmt(a * first + b)}V${fmt(a * lo + b)}V${fmt(a * hi + b)}V${fmt(a * last + b)}H${fmt(x0 + perBin * end)}`
    i = end
  }
  return d + `V${fmt(y0)}`
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
  capFold = false,
}: {
  m: KlMicroscope
  stage?: 1 | 2 | 3
  labels: KlMicroLabels
  /** scale the plots to the kept bins, cutting off the last bin when the folded tail dwarfs them (its bar
   *  then ends in an arrow): the tutorial uses it so that the merging of the other bins stays visible */
  capFold?: boolean
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  // the geometry depends on the candidate and the size only; with TVM's 8001-bin histograms these are paths of
  // thousands of steps, so they are not rebuilt when the panel re-renders for anything else
  const g = useMemo(() => {
    const x = scaleLinear()
      .domain([0, m.size])
      .range([8, width - 8])
    let top = 0
    const last = m.size - 1
    for (let i = 0; i < m.size; i++) {
      if (capFold && i === last && m.size > 1) continue
      top = Math.max(top, m.pNorm[i], stage >= 2 ? m.qNorm[i] : 0)
    }
    const lastP = m.pNorm[last] ?? 0
    const pCut = capFold && m.size > 1 && lastP > top * 1.2
    if (!pCut) top = Math.max(top, lastP, stage >= 2 ? (m.qNorm[last] ?? 0) : 0)
    const pDraw = pCut ? Float64Array.from(m.pNorm, (v, i) => (i === last ? top * 1.12 : v)) : m.pNorm
    const y = scaleLinear()
      .domain([0, top || 1])
      .range([H - 10, 18])
    let tmax = 0
    let tmin = 0
    for (let i = 0; i < m.size; i++) {
      if (pCut && i === last) continue
      const v = m.terms[i]
      if (Number.isFinite(v)) {
        tmax = Math.max(tmax, v)
        tmin = Math.min(tmin, v)
      }
    }
    const lastT = m.terms[last]
    const tCut = pCut && Number.isFinite(lastT) && lastT > tmax * 1.2
    if (pCut && !tCut && Number.isFinite(lastT)) tmax = Math.max(tmax, lastT)
    const ty = scaleLinear()
      .domain([tmin, tmax || 1])
      .range([100, 18])
    const tDraw = tCut ? Float64Array.from(m.terms, (v, i) => (i === last ? tmax * 1.12 : v)) : m.terms
    const bounds: number[] = []
    for (let i = 1; i < m.size; i++) if (m.levelOf[i] !== m.levelOf[i - 1]) bounds.push(x(i))
    const infinite: number[] = []
    for (let i = 0; i < m.size; i++) if (m.terms[i] === Infinity) infinite.push(x(i + 0.5))
    return {
      x0: x(0),
      xEnd: x(m.size),
      zero: ty(0),
      bounds,
      infinite,
      p: stepPath(pDraw, x, y),
      /** the x of the cut last bin's arrow (null when nothing is cut) */
      cutX: pCut ? x(last + 0.5) : null,
      tCutX: tCut ? x(last + 0.5) : null,
      q: stage >= 2 ? stepPath(m.qNorm, x, y) : '',
      terms: stage >= 3 ? stepPath(tDraw, x, ty).replace(/^M[^V]*/, `M${x(0)},${ty(0)}`) : '',
    }
  }, [m, stage, width, capFold])
  // the heading in as many lines as the width needs, in its type's size (12 px, 16 px in classroom mode:
  // styles.css), its first baseline a size down from the top; the plots move down by the extra lines. (Wrapped
  // for 12 px type, classroom mode's heading ran 30 px past a phone's chart, its first line 3 px above it.)
  const present = useApp((s) => s.present)
  const size = present ? 16 : 12
  const lineH = present ? 19 : 14
  const heading = wrapLabel(stage >= 2 ? labels.pq : labels.p, Math.max(120, width - 16), size)
  const extra = (heading.length - 1) * lineH + size - 12
  return (
    <div ref={ref} className="chart-wrap">
      <svg
        className="chart micro"
        width={width}
        height={(stage >= 3 ? H + 110 : H) + extra}
        role="img"
        aria-label={labels.chart}
      >
        <text x={8} y={size} className="axis-label" textAnchor="start">
          {heading.map((line, k) => (
            <tspan key={k} x={8} dy={k === 0 ? 0 : lineH}>
              {line}
            </tspan>
          ))}
        </text>
        <g transform={`translate(0,${extra})`}>
          {stage >= 2 &&
            g.bounds.length <= 160 &&
            g.bounds.map((b) => <line key={b} x1={b} x2={b} y1={18} y2={H - 10} className="level-bound" />)}
          <path d={g.p} className="micro-p" />
          {stage >= 2 && <path d={g.q} className="micro-q" />}
          {g.cutX !== null && (
            <text x={g.cutX} y={14} className="axis-text" textAnchor="end" data-testid="micro-cut">
              ↑
            </text>
          )}
          {stage >= 3 && (
            <g transform={`translate(0,${H})`}>
              <text x={8} y={12} className="axis-label" textAnchor="start">
                {labels.terms}
              </text>
              <line x1={g.x0} x2={g.xEnd} y1={g.zero} y2={g.zero} className="axis-line" />
              <path d={g.terms} className="micro-terms" />
              {g.tCutX !== null && (
                <text x={g.tCutX} y={14} className="axis-text" textAnchor="end">
                  ↑
                </text>
              )}
              {g.infinite.map((cx) => (
                <circle key={cx} cx={cx} cy={18} r={3} className="micro-inf" />
              ))}
            </g>
          )}
        </g>
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

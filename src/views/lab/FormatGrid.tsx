import { scaleLinear, scaleSymlog } from 'd3'
import { useEffect, useRef, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { fmt, fmtInt } from '../../charts/format'
import { useWidth } from '../../charts/useWidth'
import { FORMAT_REGISTRY } from '../../engine/formatRegistry'
import type { QuantResult } from '../../engine/labEngine'
import { formatValues } from '../../core'
import { useT } from '../../i18n'

const H = 150

/**
 * The grid panel for a number format (issue 15): one tick per level of the format at the tensor's scale,
 * so the uneven spacing shows (dense near 0, one octave per exponent), bars for the values on each level,
 * the first values snapping; a symmetric log axis shows every octave at the same width.
 */
export function FormatGrid({ r }: { r: QuantResult }) {
  const t = useT()
  const [log, setLog] = useState(false)
  const [ref, width] = useWidth<HTMLDivElement>()
  const canvas = useRef<HTMLCanvasElement>(null)
  const f = r.format!
  const levels = f.levels
  useEffect(() => {
    const c = canvas.current
    if (!c || !levels) return
    const dpr = window.devicePixelRatio || 1
    const w = Math.round(width * dpr)
    const h = Math.round(H * dpr)
    if (c.width !== w) c.width = w
    if (c.height !== h) c.height = h
    const ctx = c.getContext('2d')
    if (!ctx) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.clearRect(0, 0, width, H)
    const top = Math.max(Math.abs(levels[0]), Math.abs(levels[levels.length - 1])) || 1
    // symlog: linear within the smallest positive level, logarithmic beyond it (each octave equally wide)
    let small = top
    for (const v of levels) if (v > 0 && v < small) small = v
    const x = log
      ? scaleSymlog()
          .constant(small)
          .domain([-top * 1.04, top * 1.04])
          .range([12, width - 12])
      : scaleLinear()
          .domain([-top * 1.04, top * 1.04])
          .range([12, width - 12])
    const axisY = 110
    ctx.font = '11px system-ui, sans-serif'
    if (f.levelCounts) {
      let max = 1
      for (const v of f.levelCounts) max = Math.max(max, v)
      ctx.fillStyle = 'rgba(0,114,178,0.55)'
      for (let k = 0; k < f.levelCounts.length; k++) {
        const v = f.levelCounts[k]
        if (!v) continue
        const hh = (Math.log1p(v) / Math.log1p(max)) * 55
        ctx.fillRect(x(levels[k]) - 1.5, axisY - 4 - hh, 3, hh)
      }
    }
    ctx.strokeStyle = '#5b6475'
    ctx.lineWidth = levels.length > 200 ? 0.5 : 1
    ctx.beginPath()
    for (const v of levels) {
      ctx.moveTo(x(v), axisY)
      ctx.lineTo(x(v), axisY + 8)
    }
    ctx.moveTo(x(levels[0]), axisY)
    ctx.lineTo(x(levels[levels.length - 1]), axisY)
    ctx.stroke()
    const n = Math.min(200, r.sample.x.length)
    const lines = new Path2D()
    const dots = new Path2D()
    for (let i = 0; i < n; i++) {
      const xv = x(Math.max(-top * 1.04, Math.min(top * 1.04, r.sample.x[i])))
      lines.moveTo(xv, 14)
      lines.lineTo(x(r.sample.xhat[i]), axisY)
      dots.moveTo(xv + 2, 14)
      dots.arc(xv, 14, 2, 0, Math.PI * 2)
    }
    ctx.strokeStyle = 'rgba(213,94,0,0.35)'
    ctx.stroke(lines)
    ctx.fillStyle = '#d55e00'
    ctx.fill(dots)
    ctx.fillStyle = '#1d2330'
    ctx.textAlign = 'left'
    ctx.fillText(fmt(levels[0], 4), x(levels[0]), axisY + 32)
    ctx.textAlign = 'right'
    ctx.fillText(fmt(levels[levels.length - 1], 4), x(levels[levels.length - 1]), axisY + 32)
  }, [levels, width, log, f.levelCounts, r.sample])

  const label = t(FORMAT_REGISTRY[f.fmt].labelKey)
  if (!levels) {
    const total = FORMAT_REGISTRY[f.fmt].element ? formatValues(FORMAT_REGISTRY[f.fmt].element!).length : 0
    return (
      <ChartFrame
        title={t('fmt.gridTitle', { format: label })}
        summary={t('fmt.gridNoLevels', { format: label })}
        name="grid"
        hideId="grid"
      >
        <p className="muted small" data-testid="codes-used">
          {t('fmt.gridNoLevels', { format: label })} ({total})
        </p>
      </ChartFrame>
    )
  }
  const summary = t('fmt.gridSummary', {
    format: label,
    levels: levels.length,
    lo: fmt(levels[0], 5),
    hi: fmt(levels[levels.length - 1], 5),
    used: f.levelCounts ? fmtInt(r.codesUsed, 'en') : '—',
  })
  return (
    <ChartFrame
      title={t('fmt.gridTitle', { format: label })}
      summary={summary}
      name="grid"
      hideId="grid"
      kind="canvas"
      actions={
        <label className="toggle small">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          {t('fmt.gridLog')}
        </label>
      }
    >
      <div ref={ref} className="chart-wrap">
        <canvas ref={canvas} style={{ width, height: H }} role="img" aria-label={summary} />
      </div>
      <p className="grid-codes" data-testid="codes-used">
        {t('sum.codesValue', { used: f.levelCounts ? r.codesUsed : '—', total: levels.length })}
      </p>
    </ChartFrame>
  )
}

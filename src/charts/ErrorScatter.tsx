import { scaleLinear, scaleLog } from 'd3'
import { useEffect, useRef } from 'react'
import { useWidth } from './useWidth'

/**
 * |actual − desired| for every element (canvas: 10⁴ points), with numpy's tolerance atol + rtol·|desired|;
 * elements above it (the ones assert_allclose reports) in vermillion.
 */
export function ErrorScatter({
  actual,
  desired,
  atol,
  rtol,
  label,
  height = 180,
}: {
  actual: ArrayLike<number>
  desired: ArrayLike<number>
  atol: number
  rtol: number
  label: string
  height?: number
}) {
  const [ref, width] = useWidth<HTMLDivElement>()
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = canvas.current
    if (!c) return
    const dpr = window.devicePixelRatio || 1
    c.width = Math.round(width * dpr)
    c.height = Math.round(height * dpr)
    const ctx = c.getContext('2d')
    if (!ctx) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.clearRect(0, 0, width, height)
    const n = actual.length
    let max = atol * 10
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(actual[i] - desired[i]))
    const x = scaleLinear()
      .domain([0, Math.max(1, n - 1)])
      .range([44, width - 8])
    const y = scaleLog()
      .domain([1e-6, max * 1.5])
      .range([height - 22, 8])
      .clamp(true)
    ctx.font = '11px system-ui, sans-serif'
    ctx.fillStyle = '#5b6475'
    for (const v of y.ticks(4)) {
      if (Math.log10(v) % 1 !== 0) continue
      ctx.fillText(v.toExponential(0), 2, y(v) + 4)
      ctx.fillRect(42, y(v), 4, 1)
    }
    for (let i = 0; i < n; i++) {
      const e = Math.abs(actual[i] - desired[i])
      const bad = e > atol + rtol * Math.abs(desired[i])
      ctx.fillStyle = bad ? 'rgba(213,94,0,0.9)' : 'rgba(0,114,178,0.25)'
      const r = bad ? 2.2 : 1.2
      ctx.fillRect(x(i) - r / 2, y(Math.max(e, 1e-6)) - r / 2, r, r)
    }
    ctx.strokeStyle = '#000'
    ctx.setLineDash([4, 3])
    ctx.beginPath()
    ctx.moveTo(44, y(atol))
    ctx.lineTo(width - 8, y(atol))
    ctx.stroke()
    ctx.setLineDash([])
    // the label sits over the points: a white halo keeps it legible where the failing ones crowd the line (the
    // traitor's 1,981 failures drew a solid band over it)
    const tag = `atol = ${atol}`
    ctx.lineWidth = 3
    ctx.lineJoin = 'round'
    ctx.strokeStyle = 'rgba(255,255,255,0.92)'
    ctx.strokeText(tag, width - 70, y(atol) - 4)
    ctx.fillStyle = '#000'
    ctx.fillText(tag, width - 70, y(atol) - 4)
  }, [actual, desired, atol, rtol, width, height])
  return (
    <div ref={ref} className="chart-wrap">
      <canvas ref={canvas} style={{ width, height }} role="img" aria-label={label} />
    </div>
  )
}

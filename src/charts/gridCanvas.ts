/**
 * Canvas pieces the quantization-grid charts share (the integer grid in GridPanel, a number format's levels in
 * FormatGrid): hundreds of ticks and points, so they are drawn on a canvas, with one path per kind of mark.
 */

/** Size the canvas for the device's pixel ratio (reallocating only when the size changed) and clear it. */
export function prepareCanvas(
  c: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  // not measured yet (useWidth reports 0 until the layout has been done): nothing to draw
  if (!(width > 0)) return null
  const dpr = window.devicePixelRatio || 1
  const w = Math.round(width * dpr)
  const h = Math.round(height * dpr)
  if (c.width !== w) c.width = w
  if (c.height !== h) c.height = h
  const ctx = c.getContext('2d')
  if (!ctx) return null
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.clearRect(0, 0, width, height)
  ctx.font = '11px system-ui, sans-serif'
  return ctx
}

/** How many values land on each level: a bar above the axis, on a log1p scale up to 55 px. */
export function drawLevelCounts(
  ctx: CanvasRenderingContext2D,
  counts: ArrayLike<number>,
  xOf: (k: number) => number,
  axisY: number,
): void {
  let max = 1
  for (let k = 0; k < counts.length; k++) max = Math.max(max, counts[k])
  ctx.fillStyle = 'rgba(0,114,178,0.55)'
  for (let k = 0; k < counts.length; k++) {
    const v = counts[k]
    if (!v) continue
    const h = (Math.log1p(v) / Math.log1p(max)) * 55
    ctx.fillRect(xOf(k) - 1.5, axisY - 4 - h, 3, h)
  }
}

/**
 * The first values (at most 200) snapping to where they are represented: a dot at the top for x, a line to
 * x̂ on the axis. x is held inside [lo, hi] so an outlier stays on the chart. One path for all the lines and
 * one for all the dots: 2 draw calls instead of 400.
 */
export function drawSnaps(
  ctx: CanvasRenderingContext2D,
  sample: { x: ArrayLike<number>; xhat: ArrayLike<number> },
  x: (v: number) => number,
  lo: number,
  hi: number,
  axisY: number,
): void {
  const n = Math.min(200, sample.x.length)
  const lines = new Path2D()
  const dots = new Path2D()
  for (let i = 0; i < n; i++) {
    const xv = x(Math.min(hi, Math.max(lo, sample.x[i])))
    lines.moveTo(xv, 14)
    lines.lineTo(x(sample.xhat[i]), axisY)
    dots.moveTo(xv + 2, 14)
    dots.arc(xv, 14, 2, 0, Math.PI * 2)
  }
  ctx.strokeStyle = 'rgba(213,94,0,0.35)'
  ctx.stroke(lines)
  ctx.fillStyle = '#d55e00'
  ctx.fill(dots)
}

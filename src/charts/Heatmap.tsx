import { interpolateViridis } from 'd3'
import { useEffect, useRef } from 'react'

/** A heatmap on a canvas (rows × cols cells, colour = value / max, viridis: colour-blind safe). */
export function Heatmap({
  rows,
  cols,
  values,
  max,
  label,
  height = 140,
}: {
  rows: number
  cols: number
  values: Float32Array
  max: number
  label: string
  height?: number
}) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    if (!c) return
    c.width = cols
    c.height = rows
    const ctx = c.getContext('2d')
    if (!ctx) return
    const img = ctx.createImageData(cols, rows)
    for (let i = 0; i < rows * cols; i++) {
      const col = interpolateViridis(max > 0 ? Math.min(1, values[i] / max) : 0)
      const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(col) ?? /#(..)(..)(..)/.exec(col)
      const rgb = col.startsWith('#')
        ? [1, 2, 3].map((k) => parseInt(m![k], 16))
        : [1, 2, 3].map((k) => Number(m![k]))
      img.data.set([rgb[0], rgb[1], rgb[2], 255], i * 4)
    }
    ctx.putImageData(img, 0, 0)
  }, [rows, cols, values, max])
  return (
    <canvas
      ref={ref}
      className="heatmap"
      style={{ width: '100%', height, imageRendering: 'pixelated' }}
      role="img"
      aria-label={label}
    />
  )
}

import { interpolateViridis, rgb } from 'd3'
import { useEffect, useRef } from 'react'

/** 256 viridis colours, computed once (a colour lookup per cell would cost a string parse each). */
let LUT: Uint8ClampedArray | null = null
function viridisLut(): Uint8ClampedArray {
  if (LUT) return LUT
  LUT = new Uint8ClampedArray(256 * 4)
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolateViridis(i / 255))
    LUT.set([c.r, c.g, c.b, 255], i * 4)
  }
  return LUT
}

/**
 * A canvas heatmap (e.g. |error| per element or per output) (rows × cols cells, viridis: colour-blind safe, dark = small), filled
 * through a colour table so that even 64 × 128 cells draw in well under a millisecond.
 */
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
    const lut = viridisLut()
    const img = ctx.createImageData(cols, rows)
    const px = img.data
    for (let i = 0; i < rows * cols; i++) {
      const k = max > 0 ? Math.min(255, Math.max(0, Math.round((values[i] / max) * 255))) : 0
      px[i * 4] = lut[k * 4]
      px[i * 4 + 1] = lut[k * 4 + 1]
      px[i * 4 + 2] = lut[k * 4 + 2]
      px[i * 4 + 3] = 255
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

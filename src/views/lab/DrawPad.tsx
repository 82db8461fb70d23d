import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { useT } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { DEFAULT_DRAWING, decodeDrawing, encodeDrawing } from '../../engine/sources'

const COLS = 32
const H = 120

/**
 * Sketch a density with mouse, pen or touch (Pointer Events): each of 32 columns takes the height under the
 * pointer. Keyboard: ←/→ pick a column, ↑/↓ change it. The drawing goes into the link (`draw=`), compactly.
 */
export function DrawPad() {
  const t = useT()
  const draw = useLab((s) => s.params.draw)
  const update = useLab((s) => s.update)
  const stored = decodeDrawing(draw) ?? decodeDrawing(DEFAULT_DRAWING)!
  const [live, setLive] = useState<number[] | null>(null)
  const [col, setCol] = useState(0)
  const svg = useRef<SVGSVGElement>(null)
  const heights = live ?? Array.from(stored, (v) => v / 35)
  const resized =
    heights.length === COLS
      ? heights
      : Array.from({ length: COLS }, (_, i) => heights[Math.floor((i * heights.length) / COLS)])

  const at = (e: PointerEvent) => {
    const r = svg.current!.getBoundingClientRect()
    const c = Math.min(COLS - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * COLS)))
    const h = Math.min(1, Math.max(0, 1 - (e.clientY - r.top) / r.height))
    return [c, h] as const
  }
  const paint = (e: PointerEvent) => {
    const [c, h] = at(e)
    const next = [...resized]
    next[c] = h
    setLive(next)
  }
  const commit = (next: number[]) => {
    setLive(null)
    if (next.some((v) => v > 0)) update({ draw: encodeDrawing(next) })
  }
  const onKey = (e: KeyboardEvent) => {
    const next = [...resized]
    if (e.key === 'ArrowLeft') setCol(Math.max(0, col - 1))
    else if (e.key === 'ArrowRight') setCol(Math.min(COLS - 1, col + 1))
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      next[col] = Math.min(1, Math.max(0, next[col] + (e.key === 'ArrowUp' ? 0.1 : -0.1)))
      commit(next)
    } else return
    e.preventDefault()
  }
  const w = 100 / COLS
  return (
    <div className="draw-pad">
      <p className="muted">{t('draw.hint')}</p>
      <svg
        ref={svg}
        viewBox={`0 0 100 ${H}`}
        preserveAspectRatio="none"
        className="draw-surface"
        role="application"
        aria-label={t('draw.label', { col: col + 1, height: Math.round(resized[col] * 100) })}
        tabIndex={0}
        onKeyDown={onKey}
        onPointerDown={(e) => {
          ;(e.currentTarget as Element).setPointerCapture?.(e.pointerId)
          paint(e)
        }}
        onPointerMove={(e) => {
          if (e.buttons || e.pressure > 0) paint(e)
        }}
        onPointerUp={() => live && commit(live)}
        style={{ touchAction: 'none' }}
      >
        {resized.map((h, i) => (
          <rect
            key={i}
            x={i * w + 0.3}
            width={w - 0.6}
            y={H - h * H}
            height={h * H}
            className={i === col ? 'draw-col active' : 'draw-col'}
          />
        ))}
      </svg>
      <button type="button" className="small" onClick={() => update({ draw: null })}>
        {t('draw.reset')}
      </button>
    </div>
  )
}

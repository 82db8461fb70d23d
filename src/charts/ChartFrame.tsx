import { useId, useRef, type ReactNode } from 'react'
import { useT } from '../i18n'
import { canvasToBlob, download, downloadSvg, svgToPngBlob } from './exportChart'

interface Props {
  title: string
  /** what the chart shows, in words, for screen readers (and anyone who prefers text) */
  summary: string
  /** file name stem for exports */
  name: string
  children: ReactNode
  actions?: ReactNode
  className?: string
  /** canvas charts export PNG only; a frame that draws no chart ('none', only text) has nothing to export */
  kind?: 'svg' | 'canvas' | 'none'
  /** classroom mode: the part this chart belongs to (see app/presentation.ts) */
  hideId?: string
}

/** A chart's frame: heading, text summary, export buttons (SVG and PNG) and the chart itself. */
export function ChartFrame({
  title,
  summary,
  name,
  children,
  actions,
  className,
  kind = 'svg',
  hideId,
}: Props) {
  const t = useT()
  const id = useId()
  const body = useRef<HTMLDivElement>(null)
  const svg = () => body.current?.querySelector('svg.chart') as SVGSVGElement | null
  const canvas = () => body.current?.querySelector('canvas') as HTMLCanvasElement | null
  const exportSvg = () => {
    const s = svg()
    if (s) downloadSvg(s, name)
  }
  const exportPng = async () => {
    const s = svg()
    const c = canvas()
    const blob = s ? await svgToPngBlob(s) : c ? await canvasToBlob(c) : null
    if (blob) download(`${name}.png`, blob)
  }
  return (
    <figure
      className={`chart-frame panel ${className ?? ''}`}
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-s`}
      data-chart={name}
      data-hide-id={hideId}
    >
      <div className="chart-head">
        <h3 id={`${id}-t`}>{title}</h3>
        <div className="chart-actions" data-hide-id="export">
          {actions}
          {kind === 'svg' && (
            <button
              type="button"
              className="small"
              onClick={exportSvg}
              aria-label={t('chart.exportSvgOf', { title })}
            >
              SVG
            </button>
          )}
          {kind !== 'none' && (
            <button
              type="button"
              className="small"
              onClick={() => void exportPng()}
              aria-label={t('chart.exportPngOf', { title })}
            >
              PNG
            </button>
          )}
        </div>
      </div>
      <div ref={body} className="chart-body">
        {children}
      </div>
      <figcaption id={`${id}-s`} className="chart-summary">
        {summary}
      </figcaption>
    </figure>
  )
}

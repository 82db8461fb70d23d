/**
 * Chart export: the chart's SVG (styles inlined from the computed style of each element, so the file looks
 * the same outside the app) or a PNG rendered from it; canvas charts export their canvas.
 */
const STYLE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'fill-opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
]

const SVG_NS = 'http://www.w3.org/2000/svg'

/**
 * A chart drawn in stacked layers (HistogramChart: the chart's own SVG, then `.chart-layer` SVGs and
 * `.clip-region` boxes over it, some moved with a CSS transform and cut by a `.clip-pane`) is exported as one
 * SVG: each layer after the chart's own drawing, in document order, at the place the browser shows it
 * relative to the chart, a box as a rect of its colour cut to its pane.
 */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement
  const styleFrom = (src: Element, dst: Element) => {
    const a = src.querySelectorAll('*')
    const b = dst.querySelectorAll('*')
    a.forEach((el, i) => {
      const cs = getComputedStyle(el)
      const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';')
      ;(b[i] as SVGElement).setAttribute('style', style)
    })
  }
  styleFrom(svg, clone)
  const origin = svg.getBoundingClientRect()
  const wrap = svg.parentElement
  const layers = wrap
    ? [...wrap.querySelectorAll('svg.chart-layer, .clip-region')].filter(
        (el) => el !== svg && !(el instanceof SVGElement && !(el instanceof SVGSVGElement)),
      )
    : []
  for (const layer of layers) {
    const at = layer.getBoundingClientRect()
    let node: SVGElement
    if (layer instanceof SVGSVGElement) {
      const copy = layer.cloneNode(true) as SVGSVGElement
      styleFrom(layer, copy)
      node = document.createElementNS(SVG_NS, 'g')
      node.setAttribute(
        'transform',
        `translate(${round2(at.left - origin.left)},${round2(at.top - origin.top)})`,
      )
      node.append(...copy.childNodes)
    } else {
      // a box: the part of it its pane shows
      const pane = layer.closest('.clip-pane')?.getBoundingClientRect() ?? at
      const left = Math.max(at.left, pane.left)
      const right = Math.min(at.right, pane.right)
      const top = Math.max(at.top, pane.top)
      const bottom = Math.min(at.bottom, pane.bottom)
      node = document.createElementNS(SVG_NS, 'rect')
      node.setAttribute('class', layer.getAttribute('class') ?? '')
      node.setAttribute('x', String(round2(left - origin.left)))
      node.setAttribute('y', String(round2(top - origin.top)))
      node.setAttribute('width', String(round2(Math.max(0, right - left))))
      node.setAttribute('height', String(round2(Math.max(0, bottom - top))))
      node.setAttribute('style', `fill:${getComputedStyle(layer).backgroundColor}`)
    }
    clone.append(node)
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  const box = exportBox(svg)
  clone.setAttribute('width', String(box.width))
  clone.setAttribute('height', String(box.height))
  clone.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`)
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  bg.setAttribute('x', String(box.x))
  bg.setAttribute('y', String(box.y))
  bg.setAttribute('width', String(box.width))
  bg.setAttribute('height', String(box.height))
  bg.setAttribute('fill', '#ffffff')
  clone.insertBefore(bg, clone.firstChild)
  return new XMLSerializer().serializeToString(clone)
}

const round2 = (v: number) => Math.round(v * 100) / 100

/**
 * The part of the page an exported chart covers, in its SVG's coordinates: the SVG's own box and whatever it
 * draws outside it (charts show their overflow: the histogram's third row of threshold names sits above the
 * box and was cut off in the file), in whole pixels.
 */
export function exportBox(svg: SVGSVGElement): { x: number; y: number; width: number; height: number } {
  const { width, height } = svg.getBoundingClientRect()
  let x0 = 0
  let y0 = 0
  let x1 = width
  let y1 = height
  try {
    const b = svg.getBBox()
    if (b.width > 0 && b.height > 0) {
      x0 = Math.min(x0, b.x)
      y0 = Math.min(y0, b.y)
      x1 = Math.max(x1, b.x + b.width)
      y1 = Math.max(y1, b.y + b.height)
    }
  } catch {
    /* no layout (not shown): the SVG's own box */
  }
  const x = Math.floor(x0)
  const y = Math.floor(y0)
  return { x, y, width: Math.ceil(x1) - x, height: Math.ceil(y1) - y }
}

export function download(filename: string, data: Blob) {
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function downloadSvg(svg: SVGSVGElement, name: string) {
  download(`${name}.svg`, new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }))
}

export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = serializeSvg(svg)
  const { width, height } = exportBox(svg)
  const img = new Image()
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }))
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = () => reject(new Error('could not render the chart'))
      img.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(width * scale)
    canvas.height = Math.round(height * scale)
    const ctx = canvas.getContext('2d')!
    ctx.scale(scale, scale)
    ctx.drawImage(img, 0, 0)
    return await canvasToBlob(canvas)
  } finally {
    URL.revokeObjectURL(url)
  }
}

export function canvasToBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('empty canvas'))), 'image/png'),
  )
}

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

/**
 * A chart drawn in stacked SVG layers (`.chart-layer` siblings: `under` below the chart's own SVG, the others
 * above it) is exported as one SVG with the layers' contents in that order.
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
  const layers = svg.parentElement
    ? [...svg.parentElement.children].filter(
        (el): el is SVGSVGElement => el !== svg && el.classList.contains('chart-layer'),
      )
    : []
  for (const layer of layers) {
    const copy = layer.cloneNode(true) as SVGSVGElement
    styleFrom(layer, copy)
    const kids = [...copy.childNodes]
    if (layer.classList.contains('under')) clone.prepend(...kids)
    else clone.append(...kids)
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  const { width, height } = svg.getBoundingClientRect()
  clone.setAttribute('width', String(Math.round(width)))
  clone.setAttribute('height', String(Math.round(height)))
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  bg.setAttribute('width', '100%')
  bg.setAttribute('height', '100%')
  bg.setAttribute('fill', '#ffffff')
  clone.insertBefore(bg, clone.firstChild)
  return new XMLSerializer().serializeToString(clone)
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
  const { width, height } = svg.getBoundingClientRect()
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

/** Rough width in px of a label in the charts' 11 px bold type: CJK characters are square, Latin ones narrower. */
export function labelWidth(text: string): number {
  let w = 0
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 11 : 6.5
  return w
}

/**
 * Rows for labels centred at x (left to right, greedy): each label takes the first row where it clears the
 * previous label by `gap` px, else the row with the most room. Threshold markers often sit on top of each
 * other (every method agrees on a constant tensor), and their names must stay readable.
 */
export function labelRows(items: readonly { x: number; width: number }[], rows: number, gap = 4): number[] {
  const order = items.map((_, k) => k).sort((a, b) => items[a].x - items[b].x)
  const ends = new Array<number>(rows).fill(-Infinity)
  const out = new Array<number>(items.length).fill(0)
  for (const k of order) {
    const left = items[k].x - items[k].width / 2
    let row = ends.findIndex((e) => e + gap <= left)
    if (row < 0) row = ends.indexOf(Math.min(...ends))
    out[k] = row
    ends[row] = items[k].x + items[k].width / 2
  }
  return out
}

/**
 * A chart's label broken into lines no wider than `maxWidth` px (estimated as labelWidth, scaled to `size` px
 * type): between words, and between any two CJK characters (Chinese has no spaces). A word longer than a line
 * gets a line of its own. SVG text does not wrap, and a long label ran off a phone's chart.
 */
export function wrapLabel(text: string, maxWidth: number, size = 12): string[] {
  const scale = size / 11
  const tokens = text.split(/(?<=\s)|(?=[\u2e80-\u9fff\uff00-\uffef])|(?<=[\u2e80-\u9fff\uff00-\uffef])/)
  const lines: string[] = []
  let line = ''
  for (const tok of tokens) {
    if (line !== '' && labelWidth((line + tok).trimEnd()) * scale > maxWidth) {
      lines.push(line.trimEnd())
      line = tok.trimStart()
    } else line += tok
  }
  if (line.trim() !== '') lines.push(line.trimEnd())
  return lines
}

/**
 * A line colour darkened for text: the palette's green, vermillion and pink are 3–4 : 1 against white, under
 * the 4.5 : 1 that 11 px labels need (WCAG AA); 72 % of each channel brings every one past 5 : 1, same hue.
 */
export function labelInk(color: string): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color)
  if (!m) return color
  const n = parseInt(m[1], 16)
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * 0.72)
  return `rgb(${ch(16)}, ${ch(8)}, ${ch(0)})`
}

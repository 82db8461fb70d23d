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

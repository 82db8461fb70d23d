import type { Inline } from './parse'

/** A formula or live number with the punctuation that must stay on its line. */
export interface Bound {
  t: 'bound'
  /** an opening bracket or quote right before it */
  lead: string
  node: Inline
  /** the closing punctuation right after it (or a unit sign after a space: "10 %") */
  trail: string
}

const LEAD = /[(（“‘[]$/
const CLOSE = '，。、；：！？,.;:!?)）”’\\]'
const TRAIL = new RegExp(`^(?: ?[%‰][${CLOSE}]*|[${CLOSE}]+)`)

/**
 * The inlines with each formula and live number bound to the punctuation around it: a line may not start
 * with "，" or "." or ")" that belongs to the formula before it, nor end with the "(" that opens it, nor split
 * a number from its "%". The text around loses only the characters moved into the group, which the renderer
 * keeps on one line.
 */
export function bindPunctuation(c: readonly Inline[]): (Inline | Bound)[] {
  const out: (Inline | Bound)[] = []
  const items = c.slice()
  for (let k = 0; k < items.length; k++) {
    const n = items[k]
    if (n.t !== 'math' && n.t !== 'live') {
      out.push(n)
      continue
    }
    let lead = ''
    const prev = out[out.length - 1]
    if (prev && prev.t === 'text') {
      const m = LEAD.exec(prev.v)
      if (m) {
        lead = m[0]
        const rest = prev.v.slice(0, -lead.length)
        if (rest) out[out.length - 1] = { t: 'text', v: rest }
        else out.pop()
      }
    }
    let trail = ''
    const next = items[k + 1]
    if (next && next.t === 'text') {
      const m = TRAIL.exec(next.v)
      if (m) {
        trail = m[0]
        items[k + 1] = { t: 'text', v: next.v.slice(trail.length) }
      }
    }
    out.push({ t: 'bound', lead, node: n, trail })
  }
  return out.filter((n) => n.t !== 'text' || n.v !== '')
}

/**
 * Label placement for a labelled scatter (SweepChart): every label goes next to its own dot, overlapping no
 * other label, no dot and no leader line, and staying inside the chart. Greedy: each label takes the first
 * free spot of its list (right of the dot, left, above, below, the four corners, then spots further out
 * joined to the dot by a leader line, nearest first); a label with no free spot is dropped (its dot keeps its
 * name in a hover title). Several orders of the labels are tried and the best layout kept (fewest dropped,
 * then fewest leaders, then the shortest distances). Pure geometry in px: no DOM, no React.
 */

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface LabelDot {
  /** the dot's centre and radius in px */
  x: number
  y: number
  r: number
  /** the label's size in px (width 0: no label) */
  w: number
  h: number
  /** placed first (the point of the current settings) */
  first?: boolean
}

export interface Placement {
  box: Box
  /** the leader line from the dot's edge to the label, when the label is not right at the dot */
  leader: [number, number, number, number] | null
}

/** px between a label and anything else */
const PAD = 2
/** px from a dot's edge to a label beside it */
const GAP = 3
/** a label at the end of a leader keeps this far from other dots */
const LEADER_CLEAR = 6
/** a leader line is at least this long (px from the dot's centre to the label), so that it shows */
const LEADER_MIN = 9
/** how far (px) a label may go from its dot, at the end of a leader */
const REACH = 110
/** the spots that need a leader line: its length beyond the dot's radius (px), and how many directions */
const RINGS = [LEADER_MIN, 13, 18, 24, 31, 40, 50, 62, 76, 92, REACH]
const DIRECTIONS = 24
/** a box that reaches to one side of its leader's end starts this far (px) on the other side */
const OVERHANG = 2
/** two dots closer than this are one spot: their labels need not tell them apart */
const SAME = 1.5
/** shuffled orders tried when the fixed ones leave a label out */
const SHUFFLES = 80

const overlaps = (a: Box, b: Box, pad = 0) =>
  a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad

/** distance from a point to a box (0 inside) */
export function boxDistance(b: Box, x: number, y: number): number {
  const dx = Math.max(b.x - x, 0, x - (b.x + b.w))
  const dy = Math.max(b.y - y, 0, y - (b.y + b.h))
  return Math.hypot(dx, dy)
}

/** whether the segment p–q passes through the box grown by pad (Liang–Barsky clipping) */
function segmentHitsBox(s: readonly number[], b: Box, pad: number): boolean {
  const [x0, y0, x1, y1] = s
  const dx = x1 - x0
  const dy = y1 - y0
  let t0 = 0
  let t1 = 1
  const edges: [number, number][] = [
    [-dx, x0 - (b.x - pad)],
    [dx, b.x + b.w + pad - x0],
    [-dy, y0 - (b.y - pad)],
    [dy, b.y + b.h + pad - y0],
  ]
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false
      continue
    }
    const t = q / p
    if (p < 0) t0 = Math.max(t0, t)
    else t1 = Math.min(t1, t)
    if (t0 > t1) return false
  }
  return true
}

/** distance from a point to a segment */
function segmentDistance(s: readonly number[], x: number, y: number): number {
  const [x0, y0, x1, y1] = s
  const dx = x1 - x0
  const dy = y1 - y0
  const len2 = dx * dx + dy * dy
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2)) : 0
  return Math.hypot(x0 + t * dx - x, y0 + t * dy - y)
}

function segmentsCross(a: readonly number[], b: readonly number[]): boolean {
  const side = (x0: number, y0: number, x1: number, y1: number, x: number, y: number) =>
    Math.sign((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0))
  return (
    side(a[0], a[1], a[2], a[3], b[0], b[1]) * side(a[0], a[1], a[2], a[3], b[2], b[3]) < 0 &&
    side(b[0], b[1], b[2], b[3], a[0], a[1]) * side(b[0], b[1], b[2], b[3], a[2], a[3]) < 0
  )
}

interface Candidate {
  box: Box
  leader: [number, number, number, number] | null
  /** px from the dot's centre to the box */
  dist: number
  /** whether the dots and the bounds allow it (worked out when first asked) */
  ok?: boolean
}

export interface PlaceOptions {
  /** the area labels must stay in */
  bounds: Box
}

const inside = (b: Box, o: Box) =>
  b.x >= o.x && b.y >= o.y && b.x + b.w <= o.x + o.w && b.y + b.h <= o.y + o.h

/**
 * The spots for dot i's label, best first: beside the dot (right, left, above, below, then a corner of the
 * box at the dot), then boxes at the end of a leader line in 24 directions and growing lengths (each box
 * centred on the leader's end or reaching to either side of it), nearest first, the leader running from
 * the dot's edge to the box's nearest point. `allowed` says whether the dots and the bounds allow a spot: the
 * box stays inside, clears every other dot, and (beside the dot) is nearer to its own dot than to any other
 * so that it cannot be read as another's, or (at the end of a leader) keeps clear of the other dots, its
 * leader passing no other dot.
 */
function candidates(dots: readonly LabelDot[], i: number, bounds: Box) {
  const d = dots[i]
  const others = dots.filter((_, j) => j !== i)
  // a dot whose centre lies inside another's is on the same spot: no label could tell the two apart
  const distinct = others.filter((o) => Math.hypot(o.x - d.x, o.y - d.y) >= Math.max(SAME, d.r, o.r))
  const allowed = ({ box, leader, dist }: Candidate) =>
    inside(box, bounds) &&
    others.every((o) => boxDistance(box, o.x, o.y) >= o.r + PAD) &&
    distinct.every((o) => {
      const far = boxDistance(box, o.x, o.y)
      if (!leader) return far >= dist + o.r + PAD
      return far >= o.r + LEADER_CLEAR && segmentDistance(leader, o.x, o.y) >= o.r + PAD
    })
  const spots: Candidate[] = []
  const beside = (x: number, y: number) => {
    const box = { x, y, w: d.w, h: d.h }
    spots.push({ box, leader: null, dist: boxDistance(box, d.x, d.y) })
  }
  const g = d.r + GAP
  beside(d.x + g, d.y - d.h / 2)
  beside(d.x - g - d.w, d.y - d.h / 2)
  beside(d.x - d.w / 2, d.y - g - d.h)
  beside(d.x - d.w / 2, d.y + g)
  const c = d.r * Math.SQRT1_2 + 1
  beside(d.x + c, d.y - c - d.h)
  beside(d.x + c, d.y + c)
  beside(d.x - c - d.w, d.y - c - d.h)
  beside(d.x - c - d.w, d.y + c)
  const far: { x: number; y: number; dist: number; key: number }[] = []
  const min = d.r + LEADER_MIN
  const push = (x: number, y: number) => {
    if (x < bounds.x || y < bounds.y || x + d.w > bounds.x + bounds.w || y + d.h > bounds.y + bounds.h) return
    const dist = Math.hypot(Math.max(x - d.x, 0, d.x - x - d.w), Math.max(y - d.y, 0, d.y - y - d.h))
    if (dist < min || dist > REACH) return
    // ties: a label to the right reads first, then one above or below, then one to the left
    far.push({ x, y, dist, key: dist + (x + d.w <= d.x ? 1 : x < d.x ? 0.5 : 0) })
  }
  for (const ring of RINGS)
    for (let a = 0; a < DIRECTIONS; a++) {
      const cos = Math.cos((a * 2 * Math.PI) / DIRECTIONS)
      const sin = Math.sin((a * 2 * Math.PI) / DIRECTIONS)
      const px = d.x + (d.r + ring) * cos
      const py = d.y + (d.r + ring) * sin
      // the box's top or bottom edge at the leader's end: the box reaching right, centred, or reaching left
      if (Math.abs(sin) > 0.3) {
        const y = sin > 0 ? py : py - d.h
        push(px - OVERHANG, y)
        push(px - d.w / 2, y)
        push(px - d.w + OVERHANG, y)
      }
      // its left or right edge there: the box reaching down, centred, or reaching up
      if (Math.abs(cos) > 0.3) {
        const x = cos > 0 ? px : px - d.w
        push(x, py - OVERHANG)
        push(x, py - d.h / 2)
        push(x, py - d.h + OVERHANG)
      }
    }
  far.sort((p, q) => p.key - q.key)
  for (const { x, y, dist } of far) {
    const nx = Math.max(x, Math.min(d.x, x + d.w))
    const ny = Math.max(y, Math.min(d.y, y + d.h))
    const ux = (nx - d.x) / dist
    const uy = (ny - d.y) / dist
    spots.push({
      box: { x, y, w: d.w, h: d.h },
      leader: [d.x + (d.r + 1) * ux, d.y + (d.r + 1) * uy, nx - 1.5 * ux, ny - 1.5 * uy],
      dist,
    })
  }
  return { spots, allowed }
}

const crosses = (leader: readonly number[], boxes: Box[], leaders: (readonly number[])[]) =>
  boxes.some((b) => segmentHitsBox(leader, b, PAD)) || leaders.some((s) => segmentsCross(s, leader))

/** Greedy in one order: each label takes its first spot that no label or leader placed before it takes. */
function placeInOrder(lists: readonly ReturnType<typeof candidates>[], order: readonly number[]) {
  const out: (Placement | null)[] = lists.map(() => null)
  const boxes: Box[] = []
  const leaders: (readonly number[])[] = []
  const dropped: number[] = []
  let leaderCount = 0
  let distance = 0
  for (const i of order) {
    const { spots, allowed } = lists[i]
    const found = spots.find(
      (c) =>
        (c.ok ??= allowed(c)) &&
        !boxes.some((b) => overlaps(b, c.box, PAD)) &&
        !leaders.some((s) => segmentHitsBox(s, c.box, PAD)) &&
        (!c.leader || !crosses(c.leader, boxes, leaders)),
    )
    if (!found) {
      dropped.push(i)
      continue
    }
    out[i] = { box: found.box, leader: found.leader }
    boxes.push(found.box)
    if (found.leader) {
      leaders.push(found.leader)
      leaderCount++
    }
    distance += found.dist
  }
  return { out, dropped, score: dropped.length * 1e6 + leaderCount * 1e3 + distance }
}

/**
 * A place for each dot's label (null: no label, or no room for it). Several orders are tried (the current
 * point's label first, then as given, the most constrained first, by crowding, by position; then shuffled
 * ones while a label is left out), and a label left without room moves to the front for another try; the
 * layout with the fewest dropped labels, then the fewest leaders, then the shortest distances wins.
 * Deterministic: the same dots and bounds give the same layout.
 */
export function placeLabels(dots: readonly LabelDot[], { bounds }: PlaceOptions): (Placement | null)[] {
  // dots on one spot (the current settings on a format of the sweep): labels keep clear of the largest
  const spread = dots.map((d) => ({
    ...d,
    r: Math.max(d.r, ...dots.filter((o) => Math.hypot(o.x - d.x, o.y - d.y) < SAME).map((o) => o.r)),
  }))
  const labelled = spread.map((_, i) => i).filter((i) => spread[i].w > 0)
  const lists = spread.map((_, i) =>
    spread[i].w > 0 ? candidates(spread, i, bounds) : { spots: [], allowed: () => false },
  )
  // how many spots beside its dot a label has before any other label is placed (0: it needs a leader)
  const room = lists.map(
    ({ spots, allowed }) => spots.filter((c) => !c.leader && (c.ok ??= allowed(c))).length,
  )
  const crowd = spread.map(
    (d) => spread.filter((o) => o !== d && Math.abs(o.x - d.x) < 80 && Math.abs(o.y - d.y) < 40).length,
  )
  const firstThen = (rest: number[]) => [
    ...rest.filter((i) => spread[i].first),
    ...rest.filter((i) => !spread[i].first),
  ]
  const by = (f: (a: number, b: number) => number) =>
    firstThen([...labelled].sort((a, b) => f(a, b) || a - b))
  const orders = [
    firstThen(labelled),
    by((a, b) => room[a] - room[b]),
    by((a, b) => crowd[b] - crowd[a]),
    by((a, b) => spread[a].x - spread[b].x),
    by((a, b) => spread[b].x - spread[a].x),
    by((a, b) => spread[a].y - spread[b].y),
    by((a, b) => spread[b].y - spread[a].y),
  ]
  let best: ReturnType<typeof placeInOrder> | null = null
  for (const order of orders) {
    let r = placeInOrder(lists, order)
    // repair: the labels left out go first (a few rounds)
    for (let round = 0; round < 3 && r.dropped.length > 0; round++) {
      const next = placeInOrder(lists, [...r.dropped, ...order.filter((i) => !r.dropped.includes(i))])
      if (next.score >= r.score) break
      r = next
    }
    if (!best || r.score < best.score) best = r
    if (best.score < 1e3) break
  }
  // still crowded: more orders, shuffled (a fixed seed: the same dots always get the same layout)
  let seed = 12345
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  for (let round = 0; best && best.dropped.length > 0 && round < SHUFFLES; round++) {
    const order = [...labelled]
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1))
      ;[order[k], order[j]] = [order[j], order[k]]
    }
    let r = placeInOrder(lists, [...best.dropped, ...order.filter((i) => !best!.dropped.includes(i))])
    if (r.dropped.length > 0) {
      const again = placeInOrder(lists, [...r.dropped, ...order.filter((i) => !r.dropped.includes(i))])
      if (again.score < r.score) r = again
    }
    if (r.score < best.score) best = r
  }
  return best ? best.out : dots.map(() => null)
}

/** a character's width in 11 px sans-serif type, roughly (DejaVu Sans, one of the wider faces) */
function estimate(ch: string): number {
  if (ch.codePointAt(0)! >= 0x2e80) return 11
  if ("ijlftr|!.,:;'()[]{} /".includes(ch)) return 4
  if (ch === 'M' || ch === 'W' || ch === 'm' || ch === 'w') return 9.6
  if (/[A-Z0-9]/.test(ch)) return 7.4
  if (/[a-z]/.test(ch)) return 6.9
  return 9
}

let ctx: CanvasRenderingContext2D | null | undefined
let family = ''
const widths = new Map<string, number>()

/**
 * The width in px of a label in the charts' 11 px axis type (.axis-text): measured on a canvas in the page's
 * font when there is one, else estimated on the wide side (CJK characters square, Latin ones narrower).
 */
export function measureLabel(text: string, weight: 400 | 600 = 400): number {
  const key = `${weight}\n${text}`
  const known = widths.get(key)
  if (known !== undefined) return known
  if (ctx === undefined) {
    try {
      ctx =
        typeof document === 'undefined' || /jsdom|happy-?dom/i.test(navigator.userAgent)
          ? null
          : document.createElement('canvas').getContext('2d')
      if (ctx) family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif'
    } catch {
      ctx = null
    }
  }
  let w = 0
  if (ctx) {
    ctx.font = `${weight} 11px ${family}`
    w = ctx.measureText(text).width
  }
  if (!(w > 0)) for (const ch of text) w += estimate(ch) * (weight > 400 ? 1.08 : 1)
  w = Math.ceil(w) + 1
  widths.set(key, w)
  return w
}

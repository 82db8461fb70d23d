// The labelled scatter of the formats (SweepChart): every label next to its own dot, none on another label or
// dot, none outside the chart, at the real positions of the Learn chapter's and the Lab's default states.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { errorMetrics, groupwiseQuantize } from '../../src/core'
import {
  boxDistance,
  placeLabels,
  type Box,
  type LabelDot,
  type Placement,
} from '../../src/charts/placeLabels'
import { sweepHeight, sweepLayout, type SweepPoint } from '../../src/charts/SweepChart'
import { formatSweep } from '../../src/engine/formatQuant'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { translate } from '../../src/i18n'
import type { Lang } from '../../src/i18n/lang'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { GROUP_COST_SHAPE, groupCostWeights } from '../../src/learn/figures'
import { bitsPerWeight } from '../../src/registry/formats'
import { defaultLabParams } from '../../src/state/labParams'
import { sweepPoints } from '../../src/views/lab/FormatsPanel'
import { groupCostPoints } from '../../src/views/learn/widgets/Formats'

const LANGS: Lang[] = ['en', 'zh-CN']
/** the chart's width in the Learn chapter at 1280 px, in the Lab's half column at 1280 px, a phone's (360 px) */
const WIDTHS = [826, 640, 415, 306, 302]
/** the labels' widths as estimated, and as narrower fonts draw them (DejaVu Sans measures about 0.9 of it) */
const SCALES = [1, 0.93, 0.85]

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

function segmentsCross(a: readonly number[], b: readonly number[]): boolean {
  const side = (p: readonly number[], x: number, y: number) =>
    Math.sign((p[2] - p[0]) * (y - p[1]) - (p[3] - p[1]) * (x - p[0]))
  return side(a, b[0], b[1]) * side(a, b[2], b[3]) < 0 && side(b, a[0], a[1]) * side(b, a[2], a[3]) < 0
}

/** points of a segment, 1 px apart */
function along(s: readonly number[]): [number, number][] {
  const n = Math.max(1, Math.ceil(Math.hypot(s[2] - s[0], s[3] - s[1])))
  return Array.from({ length: n + 1 }, (_, k) => [
    s[0] + ((s[2] - s[0]) * k) / n,
    s[1] + ((s[3] - s[1]) * k) / n,
  ])
}

/** the radius of the largest dot on a dot's spot (within 1.5 px) */
const spotRadius = (dots: readonly LabelDot[], d: LabelDot) =>
  Math.max(...dots.filter((o) => Math.hypot(o.x - d.x, o.y - d.y) < 1.5).map((o) => o.r))

/** two dots no label could tell apart: the centre of one inside the other */
const sameSpot = (dots: readonly LabelDot[], d: LabelDot, o: LabelDot) =>
  Math.hypot(o.x - d.x, o.y - d.y) < Math.max(1.5, spotRadius(dots, d), spotRadius(dots, o))

/**
 * What is wrong with a layout: labels on each other, on a dot or outside, a label beside a dot that is nearer
 * to another dot (it reads as the other's), a leader that does not join its dot to its label or crosses
 * another label, dot or leader. `dropped` lists the labels left out.
 */
function check(
  dots: readonly LabelDot[],
  placed: readonly (Placement | null)[],
  bounds: Box,
  names: string[],
) {
  const problems: string[] = []
  const dropped: string[] = []
  dots.forEach((d, i) => {
    const p = placed[i]
    if (!(d.w > 0)) {
      if (p) problems.push(`${names[i]}: placed without a label`)
      return
    }
    if (!p) {
      dropped.push(names[i])
      return
    }
    const b = p.box
    if (
      b.x < bounds.x ||
      b.y < bounds.y ||
      b.x + b.w > bounds.x + bounds.w ||
      b.y + b.h > bounds.y + bounds.h
    )
      problems.push(`${names[i]}: outside the chart`)
    if (b.w < d.w || b.h < d.h) problems.push(`${names[i]}: box smaller than its label`)
    dots.forEach((o, j) => {
      if (boxDistance(b, o.x, o.y) < o.r) problems.push(`${names[i]}: on the dot of ${names[j]}`)
    })
    placed.forEach((q, j) => {
      if (j > i && q && overlap(b, q.box)) problems.push(`${names[i]}: on the label of ${names[j]}`)
    })
    const own = boxDistance(b, d.x, d.y)
    if (!p.leader) {
      // beside its dot, and nearer to it than to any other dot (a dot on the same spot aside)
      if (own > d.r + 6) problems.push(`${names[i]}: ${own.toFixed(1)} px from its dot, no leader`)
      dots.forEach((o, j) => {
        if (j !== i && !sameSpot(dots, d, o) && boxDistance(b, o.x, o.y) <= own)
          problems.push(`${names[i]}: reads as the label of ${names[j]}`)
      })
    } else {
      const s = p.leader
      // (at the edge of the largest dot on its spot: the current point's may hide a format's)
      const edge = spotRadius(dots, d)
      const start = Math.hypot(s[0] - d.x, s[1] - d.y)
      if (Math.abs(start - edge - 1) > 0.5) problems.push(`${names[i]}: leader does not start at its dot`)
      if (boxDistance(b, s[2], s[3]) > 2) problems.push(`${names[i]}: leader does not reach its label`)
      if (own > 140) problems.push(`${names[i]}: ${own.toFixed(0)} px from its dot`)
      dots.forEach((o, j) => {
        if (j !== i && !sameSpot(dots, d, o) && along(s).some(([x, y]) => Math.hypot(x - o.x, y - o.y) < o.r))
          problems.push(`${names[i]}: leader through the dot of ${names[j]}`)
      })
      placed.forEach((q, j) => {
        if (j === i || !q) return
        if (along(s).some(([x, y]) => boxDistance(q.box, x, y) === 0))
          problems.push(`${names[i]}: leader through the label of ${names[j]}`)
        if (q.leader && j > i && segmentsCross(s, q.leader))
          problems.push(`${names[i]}: leader crosses ${names[j]}'s`)
      })
    }
  })
  return { problems, dropped }
}

/**
 * The chart's layout at a width, as SweepChart draws it (`scale` 1: the labels' widths as estimated without
 * a browser, on the wide side), or with every label narrower by `scale` (a browser's narrower fonts).
 */
function checkChart(points: SweepPoint[], width: number, scale = 1) {
  const l = sweepLayout(points, width)
  const dots = l.dots.map((d) => ({ ...d, w: Math.round(d.w * scale) }))
  const labels = scale === 1 ? l.labels : placeLabels(dots, { bounds: l.bounds })
  // the bounds the test holds the labels to: the svg, right of the y axis's ticks and above the x axis's
  const bounds = { x: 52, y: 0, w: width - 52, h: sweepHeight(width) - 44 }
  return check(
    dots,
    labels,
    bounds,
    l.finite.map((p) => p.label || p.key),
  )
}

/** the Learn chapter's group-size chart (GroupCostWidget) for a group size */
function learnPoints(lang: Lang, g: number) {
  const w = groupCostWeights()
  const sweep = formatSweep(w, GROUP_COST_SHAPE, 'row').rows
  const gr = errorMetrics(
    w,
    groupwiseQuantize(w, { shape: GROUP_COST_SHAPE, axis: 0, groupSize: g }).dequantized,
  )
  return groupCostPoints(sweep, { g, bpw: bitsPerWeight(4, g), sqnr: gr.sqnrDb }, (k, v) =>
    translate(lang, k, v),
  )
}

/** the Lab's trade-off chart on its default tensor with a format chosen (#/lab?fmt=…) */
function labPoints(lang: Lang, fmt: 'nf4' | 'e4m3' | 'mxfp4' | 'int') {
  // (int: int4 with a scale per 64 values, the current point on the sweep's int4 g64)
  const p = {
    ...defaultLabParams(),
    fmt,
    ...(fmt === 'int' ? { bits: 4, gran: 'group' as const, group: 64 } : {}),
  }
  const e = new LabEngine()
  e.generate(sourceSpecOf(p))
  const r = e.quantize(quantSettingsOf(p))
  const { rows } = e.formatSweep(p.axis)
  return sweepPoints(rows, { bpw: r.format!.bitsPerWeight, sqnr: r.metrics.sqnrDb }, (k, v) =>
    translate(lang, k, v),
  )
}

describe('the formats chart labels, at the real dots', () => {
  for (const lang of LANGS)
    it(`#/learn/formats (${lang}): every group size and width: each label by its own dot, all placed`, () => {
      for (const g of [8, 16, 32, 64, 128, 256]) {
        const points = learnPoints(lang, g)
        // the sweep's own int4 g64 is the current point at g = 64: one dot for it
        if (g === 64) expect(points.filter((p) => p.label === 'int4 g64')).toHaveLength(1)
        for (const width of WIDTHS)
          for (const scale of SCALES) {
            const { problems, dropped } = checkChart(points, width, scale)
            expect(problems, `g${g} at ${width} px, ×${scale}`).toEqual([])
            // every label at every group size and width down to a 360 px phone's (302 px): there the cluster at
            // 4 bits is ~25 px wide, and the taller chart (sweepHeight) gives its labels room above and below
            // (at 260 px high, g32's MXFP4 was hemmed in by NF4 g64, int4 g64 and the current point)
            expect(dropped, `g${g} at ${width} px, ×${scale}`).toEqual([])
          }
      }
    })

  for (const lang of LANGS)
    it(`#/lab?fmt=… (${lang}): the default tensor's sweep, every width`, () => {
      for (const fmt of ['nf4', 'e4m3', 'mxfp4', 'int'] as const) {
        const points = labPoints(lang, fmt)
        for (const width of WIDTHS)
          for (const scale of SCALES) {
            const { problems, dropped } = checkChart(points, width, scale)
            expect(problems, `${fmt} at ${width} px, ×${scale}`).toEqual([])
            expect(dropped, `${fmt} at ${width} px, ×${scale}`).toEqual([])
          }
      }
    })

  it('the check catches the old layout (every label 7 px right of its dot, alternately above and below)', () => {
    const points = learnPoints('en', 64)
    const l = sweepLayout(points, 826)
    const old = l.dots.map((d, i) => ({
      box: { x: d.x + (d.r > 4 ? 9 : 7), y: d.y + (i % 2 === 0 ? -6 : 12) - 9, w: d.w, h: d.h },
      leader: null,
    }))
    const { problems } = check(
      l.dots,
      old,
      { x: 52, y: 0, w: 826 - 52, h: 216 },
      points.map((p) => p.label),
    )
    expect(problems.some((p) => p.includes('on the label of'))).toBe(true)
    expect(problems.some((p) => p.includes('reads as the label of'))).toBe(true)
  })
})

describe('the Lab chart’s current point', () => {
  it('is titled with what it is, its cost and its SQNR, in both languages', () => {
    for (const lang of LANGS) {
      const cur = labPoints(lang, 'nf4').find((q) => q.current)!
      expect(cur.label).toBe('★')
      expect(cur.title).toContain(lang === 'en' ? 'bits per weight' : '每个权重')
      expect(cur.title).toMatch(/\d+(\.\d+)? dB$/)
    }
  })
})

describe('placeLabels', () => {
  const bounds = { x: 0, y: 0, w: 300, h: 200 }

  it('puts a lone label right of its dot, and leaves dots without a label unlabelled', () => {
    const out = placeLabels(
      [
        { x: 100, y: 100, r: 4, w: 40, h: 13 },
        { x: 200, y: 50, r: 4, w: 0, h: 13 },
      ],
      { bounds },
    )
    expect(out[0]!.box).toEqual({ x: 107, y: 93.5, w: 40, h: 13 })
    expect(out[0]!.leader).toBeNull()
    expect(out[1]).toBeNull()
  })

  it('goes left at the right edge, and labels two dots on one spot both', () => {
    const edge = placeLabels([{ x: 290, y: 100, r: 4, w: 40, h: 13 }], { bounds })
    expect(edge[0]!.box.x + 40).toBeLessThanOrEqual(290 - 4)
    const same = placeLabels(
      [
        { x: 100, y: 100, r: 4, w: 50, h: 13 },
        { x: 100, y: 100, r: 6, w: 50, h: 13, first: true },
      ],
      { bounds },
    )
    expect(same.every((p) => p !== null)).toBe(true)
    expect(overlap(same[0]!.box, same[1]!.box)).toBe(false)
  })

  it('drops a label with no room at all (the dot keeps its title)', () => {
    const out = placeLabels([{ x: 20, y: 10, r: 4, w: 200, h: 13 }], { bounds: { x: 0, y: 0, w: 60, h: 20 } })
    expect(out).toEqual([null])
  })

  it('on random clouds: what it places keeps clear of the other labels, the dots and the edges', () => {
    const dot = fc.record({
      x: fc.double({ min: 0, max: 300, noNaN: true }),
      y: fc.double({ min: 0, max: 200, noNaN: true }),
      r: fc.constantFrom(4, 6),
      w: fc.constantFrom(0, 12, 40, 90, 130),
    })
    fc.assert(
      fc.property(fc.array(dot, { maxLength: 14 }), (raw) => {
        const dots = raw.map((d) => ({ ...d, h: 13 }))
        const out = placeLabels(dots, { bounds })
        const { problems } = check(
          dots,
          out,
          bounds,
          dots.map((_, i) => `#${i}`),
        )
        expect(problems).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})

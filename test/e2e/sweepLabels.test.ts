// The formats' trade-off chart and tables in a real browser, with its fonts: in #/learn/formats and in the
// Lab's formats panel, at 1280 px and on a phone (360 px), in both languages, every label sits by its own dot
// (or at the end of its leader), on no other label or dot and inside the chart, and the tables' number
// columns are right-aligned under right-aligned headers, with room between the columns.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

/** what is wrong with the labels of the chart in `frame` (measured with getBBox, in the svg's px) */
async function labelProblems(page: Page, frame: string) {
  const chart = page.locator(`${frame} svg.sweep`)
  await chart.locator('g[data-label-for]').first().waitFor()
  return chart.evaluate((svg: SVGSVGElement) => {
    const problems: string[] = []
    const width = svg.width.baseVal.value
    const height = svg.height.baseVal.value
    const dots = [...svg.querySelectorAll('circle[data-point]')].map((c) => ({
      key: c.getAttribute('data-point')!,
      x: Number(c.getAttribute('cx')),
      y: Number(c.getAttribute('cy')),
      r: Number(c.getAttribute('r')),
      named: (c.querySelector('title')?.textContent ?? '') !== '',
    }))
    const labels = [...svg.querySelectorAll<SVGGElement>('g[data-label-for]')].map((g) => {
      const b = g.querySelector('text')!.getBBox()
      const line = g.querySelector('line')
      return {
        key: g.dataset.labelFor!,
        box: { x: b.x, y: b.y, w: b.width, h: b.height },
        leader: line ? [0, 1, 2, 3].map((k) => Number(line.getAttribute(['x1', 'y1', 'x2', 'y2'][k]))) : null,
      }
    })
    const dist = (b: { x: number; y: number; w: number; h: number }, x: number, y: number) =>
      Math.hypot(Math.max(b.x - x, 0, x - b.x - b.w), Math.max(b.y - y, 0, y - b.y - b.h))
    for (const d of dots)
      if (d.named && !labels.some((l) => l.key === d.key)) problems.push(`${d.key}: no label`)
    labels.forEach((l, i) => {
      const b = l.box
      if (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height) problems.push(`${l.key}: outside`)
      for (const m of labels.slice(i + 1)) {
        const o = m.box
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h)
          problems.push(`${l.key} on ${m.key}`)
      }
      const own = dots.find((d) => d.key === l.key)!
      for (const d of dots) if (dist(b, d.x, d.y) < d.r) problems.push(`${l.key} on the dot of ${d.key}`)
      if (l.leader) {
        if (Math.abs(Math.hypot(l.leader[0] - own.x, l.leader[1] - own.y) - own.r - 1) > 2.5)
          problems.push(`${l.key}: leader not from its dot`)
        if (dist(b, l.leader[2], l.leader[3]) > 3) problems.push(`${l.key}: leader not at its label`)
      } else {
        const near = dist(b, own.x, own.y)
        if (near > own.r + 6) problems.push(`${l.key}: ${near.toFixed(1)} px from its dot`)
        for (const d of dots)
          if (
            d !== own &&
            Math.hypot(d.x - own.x, d.y - own.y) > Math.max(own.r, d.r) &&
            dist(b, d.x, d.y) <= near
          )
            problems.push(`${l.key}: nearer to ${d.key}`)
      }
    })
    return problems
  })
}

/** what is wrong with a table: a number column or its header not right-aligned, columns touching, overflow */
async function tableProblems(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((table: HTMLTableElement) => {
    const problems: string[] = []
    const heads = [...table.querySelectorAll('thead th')]
    heads.forEach((th, k) => {
      const cells = [...table.querySelectorAll(`tbody tr > :nth-child(${k + 1})`)]
      const want = k === 0 ? 'left' : 'right'
      for (const c of [th, ...cells]) {
        const s = getComputedStyle(c)
        if (s.textAlign !== want && !(want === 'left' && s.textAlign === 'start'))
          problems.push(`column ${k + 1} "${c.textContent}": ${s.textAlign}`)
        if (k > 0 && parseFloat(s.paddingLeft) < 8) problems.push(`column ${k + 1}: no room before it`)
        if (c.scrollWidth > c.clientWidth + 1) problems.push(`"${c.textContent}" overflows its cell`)
      }
    })
    return problems
  })
}

describe('the formats trade-off chart and tables', () => {
  for (const lang of ['en', 'zh-CN'] as const)
    for (const width of [1280, 360]) {
      it(`#/learn/formats (${lang}, ${width} px)`, async () => {
        const page = await h.open(`#/learn/formats?lang=${lang}`, { viewport: { width, height: 900 } })
        expect(await labelProblems(page, '[data-chart="learn-group-cost"]')).toEqual([])
        expect(await tableProblems(page, 'format-grid-table')).toEqual([])
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width)
        expect(h.problems).toEqual([])
      })

      it(`#/lab?fmt=nf4 (${lang}, ${width} px)`, async () => {
        const page = await h.open(`#/lab?lang=${lang}&fmt=nf4`, { viewport: { width, height: 900 } })
        await page.getByTestId('fmt-sweep').waitFor({ timeout: 30_000 })
        expect(await labelProblems(page, '[data-chart="format-sweep"]')).toEqual([])
        expect(await tableProblems(page, 'fmt-sweep')).toEqual([])
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width)
        expect(h.problems).toEqual([])
      })
    }
})

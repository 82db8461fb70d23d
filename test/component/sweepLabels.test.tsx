// The group-size chart of #/learn/formats as React draws it: one label per dot, each in its own place, the
// current point once, every dot named in a hover title; the formats table marks its number columns.
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { measureLabel } from '../../src/charts/placeLabels'
import { useApp } from '../../src/state/appStore'
import { FormatGridWidget, GroupCostWidget } from '../../src/views/learn/widgets/Formats'

interface Drawn {
  key: string
  x: number
  y: number
  w: number
  h: number
}

/** the label boxes as drawn: text x is the box's left edge, y its middle (dy 0.35em), 13 px tall */
function labels(svg: SVGSVGElement): Drawn[] {
  return [...svg.querySelectorAll('g[data-label-for]')].map((g) => {
    const text = g.querySelector('text')!
    const bold = text.style.fontWeight === '600'
    return {
      key: g.getAttribute('data-label-for')!,
      x: Number(text.getAttribute('x')),
      y: Number(text.getAttribute('y')) - 6.5,
      w: measureLabel(text.textContent ?? '', bold ? 600 : 400),
      h: 13,
    }
  })
}

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('the group-size chart (GroupCostWidget)', () => {
  for (const lang of ['en', 'zh-CN'] as const)
    it(`${lang}: every dot labelled once, no label on another, each label by its dot or at its leader's end`, () => {
      act(() => useApp.setState({ lang }))
      const { container } = render(<GroupCostWidget />)
      const svg = container.querySelector<SVGSVGElement>('svg.sweep')!
      const dots = [...svg.querySelectorAll('circle[data-point]')].map((c) => ({
        key: c.getAttribute('data-point')!,
        x: Number(c.getAttribute('cx')),
        y: Number(c.getAttribute('cy')),
        r: Number(c.getAttribute('r')),
        title: c.querySelector('title')?.textContent ?? '',
      }))
      // ten formats, the int4 g64 of the sweep being the current point (g = 64 by default): ten dots
      expect(dots).toHaveLength(10)
      expect(dots.every((d) => d.title !== '')).toBe(true)
      expect(dots.filter((d) => d.title === 'int4 g64')).toHaveLength(1)
      const drawn = labels(svg)
      expect(drawn.map((l) => l.key).sort()).toEqual(dots.map((d) => d.key).sort())
      const width = Number(svg.getAttribute('width'))
      for (const [i, a] of drawn.entries()) {
        expect(a.x, a.key).toBeGreaterThanOrEqual(52)
        expect(a.x + a.w, a.key).toBeLessThanOrEqual(width)
        for (const b of drawn.slice(i + 1))
          expect(
            a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h,
            `${a.key} on ${b.key}`,
          ).toBe(false)
        const dot = dots.find((d) => d.key === a.key)!
        const leader = svg.querySelector(`g[data-label-for="${a.key}"] line`)
        const dx = Math.max(a.x - dot.x, 0, dot.x - a.x - a.w)
        const dy = Math.max(a.y - dot.y, 0, dot.y - a.y - a.h)
        if (leader) {
          // the leader starts at the dot's edge
          const x1 = Number(leader.getAttribute('x1'))
          const y1 = Number(leader.getAttribute('y1'))
          expect(Math.hypot(x1 - dot.x, y1 - dot.y), a.key).toBeCloseTo(dot.r + 1, 0)
        } else expect(Math.hypot(dx, dy), a.key).toBeLessThanOrEqual(dot.r + 6)
      }
    })
})

describe('the formats table (FormatGridWidget)', () => {
  it('marks its number columns (styles.css aligns their headers right, over the numbers)', () => {
    const { getByTestId } = render(<FormatGridWidget />)
    const table = getByTestId('format-grid-table')
    expect(table.classList.contains('num-table')).toBe(true)
    const heads = table.querySelectorAll('thead th')
    const cells = table.querySelectorAll('tbody tr:first-child > *')
    expect(heads.length).toBe(cells.length)
    // the first column names the format (a row header), the others hold numbers
    expect(cells[0].tagName).toBe('TH')
    for (const c of [...cells].slice(1)) expect(c.classList.contains('figure-num')).toBe(true)
  })
})

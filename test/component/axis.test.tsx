import { render } from '@testing-library/react'
import { scaleLinear, scaleSymlog } from 'd3'
import { describe, expect, it } from 'vitest'
import { Axis } from '../../src/charts/Axis'

/** the y of every labelled tick of a vertical axis, from its transform */
function tickYs(container: HTMLElement): number[] {
  return [...container.querySelectorAll('g.axis > g')].map((g) =>
    Number(/translate\(0,([-\d.e]+)\)/.exec(g.getAttribute('transform')!)![1]),
  )
}

describe('a vertical axis', () => {
  it('keeps its tick labels a line apart: a short symlog axis drops 1, which sat on 0', () => {
    // the error histogram's count axis: symlog, 0 … 400 over its 112 px plot (0 and 1 were 13 px apart)
    const scale = scaleSymlog().constant(1).domain([0, 400]).range([126, 14])
    const { container } = render(
      <svg>
        <Axis scale={scale} orient="left" at={40} ticks={4} />
      </svg>,
    )
    const ys = tickYs(container)
    const labels = [...container.querySelectorAll('.axis-text')].map((t) => t.textContent)
    expect(labels).toContain('0')
    expect(labels).toContain('100')
    expect(labels).not.toContain('1')
    for (let i = 1; i < ys.length; i++) expect(Math.abs(ys[i] - ys[i - 1])).toBeGreaterThanOrEqual(16)
  })

  it('keeps every tick of a tall linear axis', () => {
    const scale = scaleLinear().domain([0, 40]).range([260, 0])
    const { container } = render(
      <svg>
        <Axis scale={scale} orient="left" at={40} ticks={8} />
      </svg>,
    )
    expect([...container.querySelectorAll('.axis-text')].map((t) => t.textContent)).toEqual([
      '0',
      '5',
      '10',
      '15',
      '20',
      '25',
      '30',
      '35',
      '40',
    ])
  })
})

describe('a horizontal axis', () => {
  const xs = (container: HTMLElement) =>
    [...container.querySelectorAll('g.axis > g')].map((g) =>
      Number(/translate\(([-\d.e]+),0\)/.exec(g.getAttribute('transform')!)![1]),
    )

  it('leaves out every other tick while its labels would run together (the narrow error histogram)', () => {
    // the add view's error histogram on a phone: -0.02 … 0.01 over ~250 px gave seven 6-character labels
    const scale = scaleLinear().domain([-0.02, 0.01]).range([40, 290])
    const { container } = render(
      <svg>
        <Axis scale={scale} orient="bottom" at={100} ticks={6} />
      </svg>,
    )
    const labels = [...container.querySelectorAll('.axis-text')].map((t) => t.textContent)
    const at = xs(container)
    expect(labels.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < at.length; i++)
      expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(
        ((labels[i].length + labels[i - 1].length) * 6.6) / 2 + 8,
      )
  })

  it('keeps every tick where there is room', () => {
    const scale = scaleLinear().domain([-0.02, 0.01]).range([40, 1000])
    const { container } = render(
      <svg>
        <Axis scale={scale} orient="bottom" at={100} ticks={6} />
      </svg>,
    )
    expect(container.querySelectorAll('.axis-text').length).toBe(7)
  })
})

import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CurveChart } from '../../src/charts/CurveChart'

/** the labels of the value axis, as numbers */
function yTicks(container: HTMLElement): number[] {
  const axes = container.querySelectorAll('g.axis')
  return [...axes[axes.length - 1].querySelectorAll('.axis-text')].map((t) => Number(t.textContent))
}

const series = [
  { key: 'a', label: 'A', color: '#000', xs: Float64Array.from([2, 4, 8]), ys: [96.2, 97.1, 97.5] },
  { key: 'b', label: 'B', color: '#f00', xs: Float64Array.from([2, 4, 8]), ys: [96.9, 97.3, 97.4] },
]

describe('a curve chart’s value axis', () => {
  it('starts at 0 by default', () => {
    const { container } = render(<CurveChart series={series} xLabel="bits" yLabel="%" />)
    expect(Math.min(...yTicks(container))).toBe(0)
  })

  it('spans the curves when told to (accuracies of 96–98 % drew one line on a 0–100 axis)', () => {
    const { container } = render(<CurveChart series={series} xLabel="bits" yLabel="%" fromZero={false} />)
    const ticks = yTicks(container)
    expect(Math.min(...ticks)).toBeGreaterThan(90)
    expect(Math.max(...ticks)).toBeLessThan(100)
  })
})

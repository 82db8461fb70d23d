import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { LayerRow } from '../../src/models/analyze'
import { SqnrChart } from '../../src/views/model/charts'

const labels = {
  tensor: 'per tensor',
  channel: 'per channel',
  layer: 'layer',
  depthwise: 'dw',
  nonFinite: 'NaN',
}
const rows = (n: number, nonFinite = 0) =>
  Array.from({ length: n }, (_, i) => ({
    name: `l${i}`,
    kind: 'dense',
    perTensorSqnrDb: i === 0 && nonFinite ? NaN : 30 + i,
    perChannelSqnrDb: i === 0 && nonFinite ? NaN : 35 + i,
    nonFinite: i === 0 ? nonFinite : 0,
  })) as unknown as LayerRow[]

describe('the model page’s SQNR chart', () => {
  it('labels whole layers under their bars, inside the plot, for 1, 2 and 25 layers', () => {
    for (const n of [1, 2, 25]) {
      const { container, unmount } = render(
        <SqnrChart rows={rows(n)} selected={null} onSelect={() => {}} labels={labels} />,
      )
      const svg = container.querySelector('svg.chart')!
      const width = Number(svg.getAttribute('width'))
      const axis = [...container.querySelectorAll('g.axis')].find((g) =>
        g.getAttribute('transform')?.startsWith('translate(0,'),
      )!
      const ticks = [...axis.querySelectorAll('g[transform]')]
      const texts = ticks.map((g) => g.textContent)
      expect(texts.every((s) => /^\d+$/.test(s ?? ''))).toBe(true)
      expect(texts[0]).toBe('0')
      for (const g of ticks) {
        const x = Number(/translate\(([-\d.]+)/.exec(g.getAttribute('transform')!)![1])
        expect(x).toBeGreaterThan(0)
        expect(x).toBeLessThan(width)
      }
      // the axis line spans the plot, not past it
      const line = axis.querySelector('line.axis-line')!
      expect(Number(line.getAttribute('x2'))).toBeLessThanOrEqual(width)
      unmount()
    }
  })

  it('marks a layer holding NaN or ±∞ with a × and names it in the legend', () => {
    const { container } = render(
      <SqnrChart rows={rows(3, 2)} selected={null} onSelect={() => {}} labels={labels} />,
    )
    expect(container.querySelectorAll('text.bar-none')).toHaveLength(1)
    expect(container.querySelector('.legend')?.textContent).toContain('NaN')
    expect(container.querySelectorAll('rect.bar-tensor')).toHaveLength(2)
  })
})

import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { HistogramChart } from '../../src/charts/HistogramChart'
import { NumberField } from '../../src/views/lab/controls'

describe('NumberField', () => {
  it('commits a valid number on Enter', () => {
    const onCommit = vi.fn()
    render(<NumberField label="Size N" value={100} min={1} max={1000} integer onCommit={onCommit} invalidText={(a, b) => `from ${a} to ${b}`} />)
    const input = screen.getByLabelText('Size N')
    fireEvent.change(input, { target: { value: '250' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onCommit).toHaveBeenCalledWith(250)
  })

  it('refuses words and out-of-range values with a message, keeping the old value', () => {
    const onCommit = vi.fn()
    render(<NumberField label="Size N" value={100} min={1} max={1000} integer onCommit={onCommit} invalidText={(a, b) => `from ${a} to ${b}`} />)
    const input = screen.getByLabelText('Size N')
    for (const bad of ['abc', '5000', '1.5', '']) {
      fireEvent.change(input, { target: { value: bad } })
      fireEvent.keyDown(input, { key: 'Enter' })
      expect(screen.getByRole('alert').textContent).toBe('from 1 to 1000')
      expect(input.getAttribute('aria-invalid')).toBe('true')
    }
    expect(onCommit).not.toHaveBeenCalled()
    fireEvent.keyDown(input, { key: 'Escape' })
    expect((input as HTMLInputElement).value).toBe('100')
  })
})

describe('HistogramChart threshold handle', () => {
  const edges = [0, 1, 2, 3, 4]
  const counts = [5, 3, 2, 1]
  it('is an ARIA slider that steps with the keyboard and clamps to its range', () => {
    const onChange = vi.fn()
    render(
      <HistogramChart
        edges={edges}
        counts={counts}
        xLabel="x"
        yLabel="count"
        handle={{ value: 2, min: 0, max: 4, step: 0.5, label: 'Clipping threshold', valueText: '±2', mirror: true, onChange }}
      />,
    )
    const slider = screen.getByRole('slider', { name: 'Clipping threshold' })
    expect(slider.getAttribute('aria-valuenow')).toBe('2')
    expect(slider.getAttribute('aria-valuetext')).toBe('±2')
    fireEvent.keyDown(slider, { key: 'ArrowRight' })
    expect(onChange).toHaveBeenLastCalledWith(2.5, true)
    fireEvent.keyDown(slider, { key: 'ArrowLeft' })
    expect(onChange).toHaveBeenLastCalledWith(1.5, true)
    fireEvent.keyDown(slider, { key: 'PageUp' })
    expect(onChange).toHaveBeenLastCalledWith(4, true)
    fireEvent.keyDown(slider, { key: 'Home' })
    expect(onChange).toHaveBeenLastCalledWith(0, true)
  })

  it('draws one bar path and shades clipped regions', () => {
    const { container } = render(<HistogramChart edges={edges} counts={counts} xLabel="x" yLabel="count" clip={{ lo: 1, hi: 3 }} />)
    expect(container.querySelectorAll('path.hist-bars')).toHaveLength(1)
    expect(container.querySelectorAll('rect.clip-region')).toHaveLength(2)
  })
})

import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { CurveChart } from '../../src/charts/CurveChart'
import { KlMicroChart } from '../../src/charts/KlMicroChart'
import { klMicroscope } from '../../src/core'
import { HistogramChart, type ThresholdHandle } from '../../src/charts/HistogramChart'
import { serializeSvg } from '../../src/charts/exportChart'
import { labelWidth } from '../../src/charts/labelRows'
import { NumberField } from '../../src/views/lab/controls'

describe('NumberField', () => {
  const renderSizeField = (onCommit: (v: number) => void) =>
    render(
      <NumberField
        label="Size N"
        value={100}
        min={1}
        max={1000}
        integer
        onCommit={onCommit}
        invalidText={(a, b) => `from ${a} to ${b}`}
      />,
    )

  it('reads fullwidth digits and the minus sign U+2212; refuses hexadecimal, which Number() would read', () => {
    const onCommit = vi.fn()
    render(
      <NumberField
        label="Low"
        value={-1}
        min={-1000}
        max={1000}
        onCommit={onCommit}
        invalidText={(a, b) => `from ${a} to ${b}`}
      />,
    )
    const input = screen.getByLabelText('Low')
    for (const [typed, read] of [
      ['－１２．５', -12.5],
      ['\u22123', -3],
      ['１e2', 100],
    ] as const) {
      fireEvent.change(input, { target: { value: typed } })
      fireEvent.keyDown(input, { key: 'Enter' })
      expect(onCommit).toHaveBeenLastCalledWith(read)
    }
    onCommit.mockClear()
    for (const typed of ['0x10', '0b11', 'Infinity', '']) {
      fireEvent.change(input, { target: { value: typed } })
      fireEvent.keyDown(input, { key: 'Enter' })
      expect(screen.getByRole('alert').textContent).toBe('from -1000 to 1000')
    }
    expect(onCommit).not.toHaveBeenCalled()
  })

  it('runs its check against the other fields and keeps the value when it fails', () => {
    const onCommit = vi.fn()
    render(
      <NumberField
        label="Low"
        value={-1}
        min={-10}
        max={10}
        onCommit={onCommit}
        invalidText={(a, b) => `from ${a} to ${b}`}
        check={(v) => (v < 1 ? null : 'below High (1)')}
      />,
    )
    const input = screen.getByLabelText('Low')
    fireEvent.change(input, { target: { value: '5' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onCommit).not.toHaveBeenCalled()
    expect(screen.getByRole('alert').textContent).toBe('below High (1)')
    fireEvent.change(input, { target: { value: '0.5' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onCommit).toHaveBeenCalledWith(0.5)
  })

  it('commits a valid number on Enter', () => {
    const onCommit = vi.fn()
    renderSizeField(onCommit)
    const input = screen.getByLabelText('Size N')
    fireEvent.change(input, { target: { value: '250' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(onCommit).toHaveBeenCalledWith(250)
  })

  it('refuses words and out-of-range values with a message, keeping the old value', () => {
    const onCommit = vi.fn()
    renderSizeField(onCommit)
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
  /** the same four bins in every test here */
  const base = { edges: [0, 1, 2, 3, 4], counts: [5, 3, 2, 1], xLabel: 'x', yLabel: 'count' }
  /** a mirrored threshold handle at 2 on [0, 4] with steps of 0.5 */
  const handleAt2 = (onChange: ThresholdHandle['onChange']): ThresholdHandle => ({
    value: 2,
    min: 0,
    max: 4,
    step: 0.5,
    label: 'Clipping threshold',
    valueText: '±2',
    mirror: true,
    onChange,
  })

  it('is an ARIA slider that steps with the keyboard and clamps to its range', () => {
    const onChange = vi.fn()
    render(<HistogramChart {...base} handle={handleAt2(onChange)} />)
    const slider = screen.getByRole('slider', { name: 'Clipping threshold' })
    expect(slider.getAttribute('aria-valuenow')).toBe('2')
    expect(slider.getAttribute('aria-valuetext')).toBe('±2')
    fireEvent.keyDown(slider, { key: 'ArrowRight' })
    expect(onChange).toHaveBeenLastCalledWith(2.5, true, true)
    fireEvent.keyDown(slider, { key: 'ArrowLeft' })
    expect(onChange).toHaveBeenLastCalledWith(1.5, true, true)
    fireEvent.keyDown(slider, { key: 'PageUp' })
    expect(onChange).toHaveBeenLastCalledWith(4, true, true)
    fireEvent.keyDown(slider, { key: 'Home' })
    expect(onChange).toHaveBeenLastCalledWith(0, true, true)
  })

  it('keeps marker labels inside the chart, even for a threshold on the data’s edge', () => {
    const { container } = render(
      <HistogramChart
        {...base}
        markers={[
          { key: 'a', x: 4, label: 'Min-max', color: '#000' },
          { key: 'b', x: 4, label: 'Percentile', color: '#111' },
          { key: 'c', x: 0, label: 'KL divergence', color: '#222' },
        ]}
      />,
    )
    const width = Number(container.querySelector('svg.chart')!.getAttribute('width'))
    const texts = [...container.querySelectorAll('text.marker-label')]
    expect(texts).toHaveLength(2)
    for (const el of texts) {
      // the chart's own estimate: each name's width, 13 px per ' · ' between names
      const names = [...el.querySelectorAll('tspan')].map((t) => (t.textContent ?? '').replace(/^ · /, ''))
      const w = names.reduce((sum, n) => sum + labelWidth(n), 0) + 13 * (names.length - 1)
      const x = Number(el.getAttribute('x'))
      expect(x - w / 2).toBeGreaterThanOrEqual(0)
      expect(x + w / 2).toBeLessThanOrEqual(width)
    }
  })

  it('splits a shared marker label wider than the chart into one label per name, stacked', () => {
    const long = (k: string) => `${k} calibrator with a very long descriptive name`
    const { container } = render(
      <HistogramChart
        {...base}
        markers={['a', 'b', 'c'].map((k, i) => ({ key: k, x: 1, label: long(k), color: `#00${i}` }))}
      />,
    )
    const width = Number(container.querySelector('svg.chart')!.getAttribute('width'))
    // together they are wider than the chart: three labels, on three rows, each inside it
    expect(3 * labelWidth(long('a')) + 26).toBeGreaterThan(width)
    const texts = [...container.querySelectorAll('text.marker-label')]
    expect(texts).toHaveLength(3)
    expect(new Set(texts.map((el) => el.getAttribute('y'))).size).toBe(3)
    for (const el of texts) {
      const w = labelWidth(el.textContent ?? '')
      expect(Number(el.getAttribute('x')) + w / 2).toBeLessThanOrEqual(width)
    }
  })

  it('draws one bar path and shades clipped regions', () => {
    const { container } = render(<HistogramChart {...base} clip={{ lo: 1, hi: 3 }} />)
    expect(container.querySelectorAll('path.hist-bars')).toHaveLength(1)
    expect(container.querySelectorAll('.clip-region')).toHaveLength(2)
  })

  /** the horizontal offset of an element moved with translateX */
  const shift = (el: Element) =>
    Number(/translateX\(([-\d.e]+)px\)/.exec((el as HTMLElement).style.transform)![1])

  it('puts each clip region’s edge at its threshold and the handle and its twin at ±the threshold', () => {
    const { container } = render(
      <HistogramChart
        {...base}
        clip={{ lo: 1, hi: 3 }}
        handle={{ ...handleAt2(() => undefined), value: 3 }}
      />,
    )
    const pane = container.querySelector<HTMLElement>('.clip-pane')!
    const [left, right] = [...pane.querySelectorAll<HTMLElement>('.clip-region')]
    const plotLeft = parseFloat(pane.style.left)
    const plotWidth = parseFloat(pane.style.width)
    // the plot spans [0, 4]: value v sits at plotLeft + v / 4 · plotWidth
    const at = (v: number) => plotLeft + (v / 4) * plotWidth
    // each region is the plot's width; the left one ends at lo = 1, the right one starts at hi = 3
    expect(parseFloat(left.style.width)).toBeCloseTo(plotWidth, 5)
    expect(plotLeft + shift(left) + plotWidth).toBeCloseTo(at(1), 0)
    expect(plotLeft + shift(right)).toBeCloseTo(at(3), 0)
    // the handle's and the twin's small SVGs are centred on ±value (the twin at −3 lies off the plot: none)
    const slides = [...container.querySelectorAll('svg.chart-layer.slide')]
    expect(slides).toHaveLength(1)
    const w = Number(slides[0].getAttribute('width'))
    expect(shift(slides[0]) + w / 2).toBeCloseTo(at(3), 0)
  })

  it('puts every moved layer on the device pixel grid at a fractional zoom, each edge within half a device pixel of its threshold', () => {
    const before = window.devicePixelRatio
    try {
      // 110 %, 125 %, 150 %, 175 % and 250 %: the plot (568 px) and the handle's half width (10 px) are not
      // whole device pixels at all of them
      for (const dpr of [1.1, 1.25, 1.5, 1.75, 2.5]) {
        window.devicePixelRatio = dpr
        for (const t of [0.37, 2.13, 3.999]) {
          const { container, unmount } = render(
            <HistogramChart
              {...base}
              edges={[-4, -2, 0, 2, 4]}
              clip={{ lo: -t, hi: t }}
              handle={{ ...handleAt2(() => undefined), value: t }}
            />,
          )
          const pane = container.querySelector<HTMLElement>('.clip-pane')!
          const [left, right] = [...pane.querySelectorAll<HTMLElement>('.clip-region')]
          const [twin, grip] = [...container.querySelectorAll<SVGSVGElement>('svg.chart-layer.slide')]
          const plotLeft = parseFloat(pane.style.left)
          const plotWidth = parseFloat(pane.style.width)
          // the plot spans [−4, 4]: value v sits at (v + 4) / 8 · plotWidth from the pane's left
          const at = (v: number) => ((v + 4) / 8) * plotWidth
          const where = `${dpr}, ±${t}`
          // every offset a whole number of device pixels (the compositor draws a layer off the grid blurred)
          for (const el of [left, right, twin, grip]) {
            const device = shift(el) * dpr
            expect(
              Math.abs(device - Math.round(device)),
              `${where}: ${el.getAttribute('class')}`,
            ).toBeLessThan(1e-6)
          }
          // the visible edges: within half a device pixel of the thresholds (the handles' line at their middle)
          const half = 0.5 / dpr + 1e-9
          const w = Number(grip.getAttribute('width'))
          expect(Math.abs(shift(left) + parseFloat(left.style.width) - at(-t)), where).toBeLessThanOrEqual(
            half,
          )
          expect(Math.abs(shift(right) - at(t)), where).toBeLessThanOrEqual(half)
          expect(Math.abs(shift(grip) + w / 2 - (plotLeft + at(t))), where).toBeLessThanOrEqual(half)
          expect(Math.abs(shift(twin) + w / 2 - (plotLeft + at(-t))), where).toBeLessThanOrEqual(half)
          // and the regions still reach the plot's ends
          expect(shift(left), where).toBeLessThanOrEqual(0)
          expect(shift(right) + parseFloat(right.style.width), where).toBeGreaterThanOrEqual(plotWidth)
          unmount()
        }
      }
    } finally {
      window.devicePixelRatio = before
    }
  })

  it('moves only the regions and the handle on a threshold step: the bars and every size stay as they were', () => {
    const chart = (value: number) => (
      <HistogramChart
        {...base}
        edges={[-4, -2, 0, 2, 4]}
        clip={{ lo: -value, hi: value }}
        handle={{ ...handleAt2(() => undefined), value, min: 0 }}
      />
    )
    const { container, rerender } = render(chart(2))
    const bars = container.querySelector('path.hist-bars')!
    const d = bars.getAttribute('d')
    const regions = [...container.querySelectorAll<HTMLElement>('.clip-region')]
    const slides = [...container.querySelectorAll<SVGSVGElement>('svg.chart-layer.slide')]
    expect(slides).toHaveLength(2)
    const before = [...regions, ...slides].map(shift)
    const sizes = () => [
      ...regions.map((r) => r.style.width),
      ...slides.map((el) => `${el.getAttribute('width')}x${el.getAttribute('height')}`),
    ]
    const sizesBefore = sizes()
    rerender(chart(2.5))
    // the same nodes, the bars untouched, only the offsets changed (the regions outwards, the handles apart)
    expect(container.querySelector('path.hist-bars')).toBe(bars)
    expect(bars.getAttribute('d')).toBe(d)
    expect([...container.querySelectorAll('.clip-region')]).toEqual(regions)
    expect(sizes()).toEqual(sizesBefore)
    const after = [...regions, ...slides].map(shift)
    expect(after[0]).toBeLessThan(before[0])
    expect(after[1]).toBeGreaterThan(before[1])
    expect(after[2]).toBeLessThan(before[2])
    expect(after[3]).toBeGreaterThan(before[3])
  })

  it('holds a paused animation on each moving layer; a key step asks for a frame first and lays the page out after', async () => {
    const held: Element[] = []
    const animate = vi.spyOn(Element.prototype, 'animate').mockImplementation(function (this: Element) {
      held.push(this)
      return { pause: () => undefined, cancel: () => undefined } as unknown as Animation
    })
    const read = vi.spyOn(Element.prototype, 'getBoundingClientRect')
    try {
      const onChange = vi.fn()
      const { container, rerender } = render(
        <HistogramChart {...base} clip={{ lo: 1, hi: 3 }} handle={{ ...handleAt2(onChange), value: 3 }} />,
      )
      // both regions and the handle are the moving layers (the twin at −3 lies off the plot: none)
      const moving = [...container.querySelectorAll('.slide')]
      expect(moving).toHaveLength(3)
      expect(held).toEqual(moving)
      // a chart without a handle never moves: no animation held
      rerender(<HistogramChart {...base} clip={{ lo: 1, hi: 3 }} />)
      expect(animate).toHaveBeenCalledTimes(3)
      rerender(<HistogramChart {...base} clip={{ lo: 1, hi: 3 }} handle={handleAt2(onChange)} />)
      read.mockClear()
      const raf = vi.spyOn(window, 'requestAnimationFrame')
      fireEvent.keyDown(screen.getByRole('slider'), { key: 'ArrowRight' })
      expect(onChange).toHaveBeenCalledTimes(1)
      // the frame is asked for before the step's own work starts
      expect(raf).toHaveBeenCalled()
      expect(raf.mock.invocationCallOrder[0]).toBeLessThan(onChange.mock.invocationCallOrder[0])
      await Promise.resolve()
      expect(read).toHaveBeenCalled()
      raf.mockRestore()
    } finally {
      animate.mockRestore()
      read.mockRestore()
    }
  })

  it('keeps the handle over the bars and exports every layer as one SVG, the regions over the bars', () => {
    const { container } = render(
      <HistogramChart
        {...base}
        edges={[-4, -2, 0, 2, 4]}
        clip={{ lo: -2, hi: 2 }}
        handle={handleAt2(() => undefined)}
      />,
    )
    const svgs = [...container.querySelectorAll('.chart-wrap svg')]
    expect(svgs.map((l) => l.getAttribute('class'))).toEqual([
      'chart histogram',
      'chart-layer over',
      'chart-layer over slide',
      'chart-layer over slide',
    ])
    expect(svgs[3].querySelector('[role="slider"]')).not.toBeNull()
    const text = serializeSvg(svgs[0] as SVGSVGElement)
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
    const order = [
      ...doc.documentElement.querySelectorAll(
        'rect.clip-region, path.hist-bars, g.threshold-handle, line.handle-twin',
      ),
    ].map((el) => el.classList[0])
    expect(order).toEqual(['hist-bars', 'clip-region', 'clip-region', 'handle-twin', 'threshold-handle'])
  })
})

// The charts keep their scales, paths and axes between renders that only move a marker (the drag path);
// these tests check that the memoized layer still follows every real change of the data.
describe('chart layers follow the data, not the markers', () => {
  it('HistogramChart redraws the overlay when it changes and keeps the bars when only the clip moves', () => {
    const edges = [0, 1, 2, 3, 4]
    const counts = [5, 3, 2, 1]
    const props = { edges, counts, xLabel: 'x', yLabel: 'count' }
    const { container, rerender } = render(
      <HistogramChart {...props} clip={{ lo: 1, hi: 3 }} overlay={{ counts: [5, 3, 2, 1], label: 'q' }} />,
    )
    const bars = container.querySelector('path.hist-bars')!.getAttribute('d')
    const overlay = container.querySelector('path.hist-overlay')!.getAttribute('d')
    expect(overlay).toBe(bars)
    rerender(
      <HistogramChart
        {...props}
        clip={{ lo: 0.5, hi: 3.5 }}
        overlay={{ counts: [0, 5, 0, 3], label: 'q' }}
      />,
    )
    expect(container.querySelector('path.hist-bars')!.getAttribute('d')).toBe(bars)
    expect(container.querySelector('path.hist-overlay')!.getAttribute('d')).not.toBe(overlay)
    expect(container.querySelectorAll('.clip-region')).toHaveLength(2)
    rerender(<HistogramChart {...props} counts={[1, 1, 1, 9]} clip={{ lo: 0.5, hi: 3.5 }} />)
    expect(container.querySelector('path.hist-bars')!.getAttribute('d')).not.toBe(bars)
    expect(container.querySelector('path.hist-overlay')).toBeNull()
  })

  it('CurveChart keeps its curve for a new series array with the same data and redraws for new data', () => {
    const xs = Float64Array.from([1, 2, 3, 4])
    const ys = Float64Array.from([4, 1, 2, 3])
    const series = (values: Float64Array) => [
      { key: 'kl', label: 'KL', color: '#000', xs, ys: values, best: 1 },
    ]
    const { container, rerender } = render(
      <CurveChart series={series(ys)} xLabel="T" yLabel="KL" log markerX={2} />,
    )
    const d = container.querySelector('path[stroke="#000"]')!.getAttribute('d')
    const marker = () => container.querySelector('line.current-line')!.getAttribute('x1')
    const at2 = marker()
    rerender(<CurveChart series={series(ys)} xLabel="T" yLabel="KL" log markerX={3} />)
    expect(container.querySelector('path[stroke="#000"]')!.getAttribute('d')).toBe(d)
    expect(marker()).not.toBe(at2)
    rerender(
      <CurveChart series={series(Float64Array.from([1, 2, 3, 4]))} xLabel="T" yLabel="KL" log markerX={3} />,
    )
    expect(container.querySelector('path[stroke="#000"]')!.getAttribute('d')).not.toBe(d)
  })

  it('CurveChart names its vertical lines in the legend only while it draws them', () => {
    const series = [
      {
        key: 'kl',
        label: 'KL',
        color: '#000',
        xs: Float64Array.from([1, 2, 3]),
        ys: Float64Array.from([3, 1, 2]),
      },
    ]
    const legend = (c: HTMLElement) => [...c.querySelectorAll('.legend li')].map((li) => li.textContent)
    const { container, rerender } = render(
      <CurveChart
        series={series}
        xLabel="T"
        yLabel="KL"
        markerX={2}
        markerLabel="in use"
        selectedX={3}
        selectedLabel="picked"
      />,
    )
    expect(legend(container)).toEqual(['KL', 'in use', 'picked'])
    expect(container.querySelector('.legend .swatch.current')).not.toBeNull()
    // no marker (a format that ignores the threshold) and one beyond the curve: no line, no entry
    rerender(<CurveChart series={series} xLabel="T" yLabel="KL" markerX={null} markerLabel="in use" />)
    expect(legend(container)).toEqual(['KL'])
    rerender(<CurveChart series={series} xLabel="T" yLabel="KL" markerX={9} markerLabel="in use" />)
    expect(container.querySelector('line.current-line')).toBeNull()
    expect(legend(container)).toEqual(['KL'])
  })
})

describe('KlMicroChart', () => {
  const labels = { p: 'P', pq: 'P and Q', terms: 'terms', termLegend: 'term', chart: 'microscope' }
  const histogramOf = (n: number) => {
    const counts = Array.from({ length: n }, (_, k) => 1 + ((k * 7919) % 97))
    return { counts, edges: Array.from({ length: n + 1 }, (_, k) => k / n) }
  }

  it('draws one step per bin when the bins are wider than a pixel', () => {
    const m = klMicroscope(histogramOf(300), 0, { levels: 16, startBin: 40 })
    const { container } = render(<KlMicroChart m={m} labels={labels} />)
    const d = container.querySelector('path.micro-p')!.getAttribute('d')!
    expect(d.split('H')).toHaveLength(m.size + 1)
  })

  it('draws each pixel column once when there are more bins than pixels, keeping the extremes', () => {
    const m = klMicroscope(histogramOf(4000), 0, { levels: 128, startBin: 3000 })
    expect(m.size).toBeGreaterThan(2000)
    const { container } = render(<KlMicroChart m={m} labels={labels} />)
    const d = container.querySelector('path.micro-p')!.getAttribute('d')!
    // the default width is 640 px: about one segment per pixel, not one per bin
    expect(d.split('H').length).toBeLessThan(700)
    // the highest bin is still reached: the smallest y on the path is the top of the plot (18 px)
    const ys = [...d.matchAll(/V([\d.]+)/g)].map((x) => Number(x[1]))
    expect(Math.min(...ys)).toBeCloseTo(18, 0)
  })
})

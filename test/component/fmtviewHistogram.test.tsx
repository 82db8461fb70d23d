/**
 * The histogram's clipped regions under a number format with one scale for the tensor: the format is symmetric
 * (scale T / its largest value, T = max(|lo|, |hi|)), so it clips at ±T. In the asymmetric scheme the panel used to
 * shade the integer grid's [lo, hi] and name it as the grid's range, beside the count of values outside ±T.
 */
import { act, render } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { fmt } from '../../src/charts/format'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'
import { HistogramPanel } from '../../src/views/lab/HistogramPanel'

// the chart itself draws the regions it is given (HistogramChart's own tests): here, which range it is given
vi.mock('../../src/charts/HistogramChart', () => ({
  HistogramChart: (p: { clip: { lo: number; hi: number } | null }) => (
    <div data-testid="chart" data-clip={JSON.stringify(p.clip)} />
  ),
}))

function setUp(over: Partial<LabParams>) {
  const p: LabParams = { ...defaultLabParams(), n: 4000, seed: 3, ...over }
  const e = new LabEngine()
  const summary = e.generate(sourceSpecOf(p))
  const result = e.quantize(quantSettingsOf(p))
  useLab.setState({ params: p, committed: p, summary, result, busy: null })
  return { e, p, result }
}

const clipOf = (c: HTMLElement) =>
  JSON.parse(c.querySelector('[data-testid="chart"]')!.getAttribute('data-clip')!) as {
    lo: number
    hi: number
  }

beforeEach(() => useApp.setState({ lang: 'en' }))

describe('the histogram under a number format, asymmetric scheme', () => {
  it('shades outside the format’s ±T and names that range beside the count it clips', () => {
    // percentile on both sides of a skewed tensor: the integer grid's range [lo, hi] is far from symmetric
    const { e, p, result } = setUp({
      dist: 'lognormal',
      mu: 0,
      sigma: 0.5,
      outlier: null,
      scheme: 'asymmetric',
      calib: 'percentile',
      pct: 90,
      fmt: 'e4m3',
    })
    expect(result.plan.lo).toBeGreaterThan(0)
    // the format's lowest and highest levels at its scale T / 448
    const levels = result.format!.levels!
    const [lo, hi] = [levels[0], levels[levels.length - 1]]
    expect(lo).toBe(-hi)
    expect(hi).toBeCloseTo(result.threshold, 12)
    const { container } = render(<HistogramPanel />)
    expect(clipOf(container)).toEqual({ lo, hi })
    const x = e.table(quantSettingsOf(p)).x
    const outside = x.filter((v) => v < lo || v > hi).length
    expect(result.metrics.clipped).toBe(outside)
    const text = container.textContent ?? ''
    expect(text).toContain(`covers ${fmt(lo)} to ${fmt(hi)}; ${outside} values`)
  })

  it('a dragged threshold moves the shading to the format’s ±t at once, not to [max(min, −t), t]', () => {
    setUp({ dist: 'relu-normal', outlier: null, scheme: 'asymmetric', calib: 'manual', t: 1, fmt: 'nf4' })
    const { container } = render(<HistogramPanel />)
    expect(clipOf(container)).toEqual({ lo: -1, hi: 1 })
    // the store's settings move, the engine's result has not come yet
    act(() => useLab.setState({ params: { ...useLab.getState().params, t: 2 } }))
    // NF4's levels run from −1 to 1: at scale t / 1 the format clips at ±2
    expect(clipOf(container)).toEqual({ lo: -2, hi: 2 })
  })

  it('the integer grid still shades its own asymmetric range', () => {
    const { result } = setUp({
      dist: 'relu-normal',
      outlier: null,
      scheme: 'asymmetric',
      calib: 'manual',
      t: 1,
    })
    const { container } = render(<HistogramPanel />)
    expect(clipOf(container)).toEqual({ lo: result.plan.lo, hi: result.plan.hi })
    expect(result.plan.lo).toBe(0)
  })
})

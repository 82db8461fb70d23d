/**
 * Issue 17: a new link that changes only the source (n, seed) re-renders nothing in the histogram panel until
 * the new tensor reaches it, and the new tensor's summary renders it once (in a transition, as the panels take
 * it). The panel and its live plan used to read the whole settings object, so a change of n re-drew the
 * chart's markers and handle in the task that applied the link (one of the Lab's recurring main-thread tasks
 * over 50 ms at N = 10⁶); the live plan read the store's summary, so a new tensor rendered it twice.
 */
import { act, render } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { HistogramPanel } from '../../src/views/lab/HistogramPanel'
import { fmt as fmtOf } from '../../src/charts/format'
import { renderCountedHistogram, storeLabResult } from '../helpers/labView'

function setUp() {
  const p = { ...defaultLabParams(), dist: 'normal' as const, n: 2000, calib: 'minmax' as const }
  storeLabResult(p)
  return p
}

const handleText = (c: HTMLElement) => c.querySelector('[role="slider"]')?.getAttribute('aria-valuenow')

describe('the histogram panel during a change of source', () => {
  beforeEach(() => {
    useApp.setState({ lang: 'en' })
  })

  it('does not re-render for a new n or seed, but does for what it shows (log scale, manual threshold)', () => {
    const p = setUp()
    const { container, renders } = renderCountedHistogram()
    expect(container.querySelector('.hist-bars')).not.toBeNull()
    renders.mockClear()

    act(() => useLab.setState({ params: { ...useLab.getState().params, n: 1_000_000 } }))
    act(() => useLab.setState({ params: { ...useLab.getState().params, seed: p.seed + 1 } }))
    expect(renders).not.toHaveBeenCalled()

    // the new tensor's summary (its result not yet in): one render
    const next = new LabEngine().generate(sourceSpecOf({ ...useLab.getState().params, n: 3000 }))
    act(() => useLab.setState({ summary: next }))
    expect(renders).toHaveBeenCalledTimes(1)
    renders.mockClear()

    act(() => useLab.setState({ params: { ...useLab.getState().params, log: !p.log } }))
    expect(renders).toHaveBeenCalled()
    expect(container.textContent?.includes('count (log scale)')).toBe(!p.log)

    // a manual threshold moves the handle at once, before any new result
    renders.mockClear()
    act(() => useLab.setState({ params: { ...useLab.getState().params, calib: 'manual', t: 0.5 } }))
    expect(renders).toHaveBeenCalled()
    expect(Number(handleText(container))).toBe(0.5)
  })

  it("keeps the caption's range with the count it clips: a threshold step moves the handle, the caption follows the result", () => {
    setUp()
    const { container } = render(<HistogramPanel />)
    const caption = () => container.querySelector('.chart-summary')?.textContent ?? ''
    const covers = (lo: string, hi: string) => `The grid covers ${lo} to ${hi};`
    const before = useLab.getState().result!.plan
    expect(caption()).toContain(covers(fmtOf(before.lo), fmtOf(before.hi)))

    act(() => useLab.setState({ params: { ...useLab.getState().params, calib: 'manual', t: 0.5 } }))
    expect(Number(handleText(container))).toBe(0.5)
    // the live range is ±0.5 now, but the count below is still the old result's: the caption waits for it
    expect(caption()).toContain(covers(fmtOf(before.lo), fmtOf(before.hi)))
    expect(caption()).not.toContain(covers(fmtOf(-0.5), fmtOf(0.5)))

    const next = new LabEngine()
    next.generate(sourceSpecOf(useLab.getState().params))
    const result = next.quantize(quantSettingsOf(useLab.getState().params))
    act(() => useLab.setState({ result }))
    expect(caption()).toContain(covers(fmtOf(-0.5), fmtOf(0.5)))
    expect(caption()).toContain(`${result.metrics.clipped.toLocaleString('en')} values lie outside`)
  })
})

/**
 * Issue 13: a recompute of the Lab's result that takes a while (a calibration change at N = 10⁷ takes
 * ~0.5–1 s) marks the summary's numbers stale and shows the busy line, after STALE_AFTER_MS so that quick
 * results (small N, a drag) never flicker; the marks go when the newest settings' result is in.
 */
import { act, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LabEngine, type QuantResult, type QuantSettings } from '../../src/engine/labEngine'
import type { SourceSpec } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { STALE_AFTER_MS, useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { SummaryStrip } from '../../src/views/lab/SummaryStrip'

/** The engine the hook talks to: real numbers, but each quantize answers only when the test says so. */
const pendingQuantize: { settings: QuantSettings; answer: () => void }[] = []
vi.mock('../../src/lab/engineClient', () => ({
  createEngine: () => {
    const e = new LabEngine()
    return {
      generate: (s: SourceSpec) => Promise.resolve(e.generate(s)),
      entropyCurve: () => Promise.resolve(null),
      mseCurve: () => Promise.resolve(null),
      quantize: (s: QuantSettings) =>
        new Promise<QuantResult>((resolve) => {
          pendingQuantize.push({ settings: s, answer: () => resolve(e.quantize(s)) })
        }),
    }
  },
}))

function Lab() {
  useLabCompute()
  return <SummaryStrip />
}

const strip = (c: HTMLElement) => c.querySelector('.summary-strip')

/** advances the clock in 5 ms steps until the hook has asked the engine (it spaces requests RESULT_GAP_MS apart) */
async function untilAsked() {
  for (let i = 0; i < 100 && pendingQuantize.length === 0; i++)
    await act(() => vi.advanceTimersByTimeAsync(5))
  expect(pendingQuantize.length).toBe(1)
}

/** answers every waiting request; a result is taken just after the next frame (the fake clock's frame is 16 ms) */
async function answerAll() {
  await act(async () => {
    while (pendingQuantize.length) pendingQuantize.shift()!.answer()
    await vi.advanceTimersByTimeAsync(20)
  })
}

describe('the summary during a recompute', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    pendingQuantize.length = 0
    useApp.setState({ lang: 'en' })
    const p = { ...defaultLabParams(), n: 2000 }
    useLab.setState({ params: p, committed: p, summary: null, result: null, busy: null })
  })
  afterEach(() => vi.useRealTimers())

  it('marks the numbers stale only when a result takes longer than the delay, in both languages', async () => {
    const { container } = render(<Lab />)
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(pendingQuantize.length).toBe(1)
    await answerAll()
    expect(strip(container)).not.toBeNull()
    expect(strip(container)!.getAttribute('data-stale')).toBeNull()

    // a quick answer: never marked
    act(() => useLab.getState().update({ calib: 'percentile' }))
    await untilAsked()
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS - 20))
    expect(strip(container)!.getAttribute('data-stale')).toBeNull()
    await answerAll()
    await act(() => vi.advanceTimersByTimeAsync(500))
    expect(strip(container)!.getAttribute('data-stale')).toBeNull()
    expect(useLab.getState().busy).toBeNull()

    // a slow one: marked after the delay, with the busy line, until the newest settings' result is in
    act(() => useLab.getState().update({ calib: 'mse' }))
    await untilAsked()
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS + 10))
    expect(strip(container)!.getAttribute('data-stale')).toBe('1')
    expect(strip(container)!.getAttribute('aria-busy')).toBe('true')
    expect(useLab.getState().busy).toBe('quantize')
    expect(container.textContent).toContain('Recomputing with the new settings')
    act(() => useApp.setState({ lang: 'zh-CN' }))
    expect(container.textContent).toContain('正在按新设置重新计算')
    // newer settings arrive while the slow request runs: still stale after the first answer
    act(() => useLab.getState().update({ calib: 'entropy' }))
    await answerAll()
    expect(strip(container)!.getAttribute('data-stale')).toBe('1')
    await untilAsked()
    expect(pendingQuantize.map((q) => q.settings.calib)).toEqual(['entropy'])
    await answerAll()
    expect(strip(container)!.getAttribute('data-stale')).toBeNull()
    expect(useLab.getState().busy).toBeNull()
  })
  it('shows the grid of the result beside its errors while a threshold step waits for its own', async () => {
    const { container } = render(<Lab />)
    await act(() => vi.advanceTimersByTimeAsync(0))
    await answerAll()
    const card = (k: string) => container.querySelector(`.summary-item[data-key="${k}"] dd`)!.textContent
    act(() => useLab.getState().update({ calib: 'manual', t: 2 }))
    await untilAsked()
    await answerAll()
    const before = { scale: card('scale'), range: card('range'), mse: card('mse') }
    expect(before.range).toBe('[-2, 2]')
    // a keyboard step: the handle moves at once, the strip's scale and range wait with its MSE for the result
    act(() => useLab.getState().update({ calib: 'manual', t: 3 }, { commit: true, step: true }))
    expect(card('range')).toBe(before.range)
    expect(card('scale')).toBe(before.scale)
    await untilAsked()
    await answerAll()
    expect(card('range')).toBe('[-3, 3]')
    expect(card('scale')).not.toBe(before.scale)
    expect(card('mse')).not.toBe(before.mse)
  })
})

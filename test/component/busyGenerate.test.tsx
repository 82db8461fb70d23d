/**
 * Issue 17: a new tensor shows the busy line and the stale marks only when it takes longer than
 * STALE_AFTER_MS, as a slow result does. A quick one never flickers them, and a large one's marks are rendered
 * in a task of their own, not in the task that applied the new link.
 */
import { act, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LabEngine, type QuantSettings, type SourceSummary } from '../../src/engine/labEngine'
import type { SourceSpec } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { STALE_AFTER_MS, useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { SummaryStrip } from '../../src/views/lab/SummaryStrip'

/** The engine the hook talks to: real numbers, but each new tensor is ready only when the test says so. */
const pendingGenerate: { answer: () => void; fail: (e: Error) => void }[] = []
/** quantizations held until the test answers them (while `hold.quantize` is set) */
const hold = { quantize: false }
const pendingQuantize: (() => void)[] = []
vi.mock('../../src/lab/engineClient', () => ({
  createEngine: () => {
    const e = new LabEngine()
    return {
      generate: (s: SourceSpec) =>
        new Promise<SourceSummary>((resolve, reject) => {
          pendingGenerate.push({ answer: () => resolve(e.generate(s)), fail: reject })
        }),
      entropyCurve: () => Promise.resolve(null),
      mseCurve: () => Promise.resolve(null),
      quantize: (s: QuantSettings) =>
        hold.quantize
          ? new Promise((resolve) => pendingQuantize.push(() => resolve(e.quantize(s))))
          : Promise.resolve(e.quantize(s)),
    }
  },
}))

function Lab() {
  useLabCompute()
  return <SummaryStrip />
}

const busy = () => useLab.getState().busy
const stale = (c: HTMLElement) => c.querySelector('.summary-strip')?.getAttribute('data-stale') ?? null

async function answer() {
  await act(async () => {
    pendingGenerate.shift()!.answer()
    await vi.advanceTimersByTimeAsync(0)
  })
}

describe('the busy line while a new tensor is made', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    pendingGenerate.length = 0
    pendingQuantize.length = 0
    hold.quantize = false
    useApp.setState({ lang: 'en' })
    const p = { ...defaultLabParams(), dist: 'normal' as const, n: 2000 }
    useLab.setState({ params: p, committed: p, summary: null, result: null, busy: null, messages: [] })
  })
  afterEach(() => vi.useRealTimers())

  it('shows only for a tensor that takes longer than the delay, and goes when it is in', async () => {
    const { container } = render(<Lab />)
    await act(() => vi.advanceTimersByTimeAsync(0))
    await answer()
    await act(() => vi.advanceTimersByTimeAsync(500))
    expect(busy()).toBeNull()
    expect(stale(container)).toBeNull()

    // a quick tensor: never marked
    act(() => useLab.getState().update({ n: 3000 }))
    expect(busy()).toBeNull()
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS - 20))
    expect(busy()).toBeNull()
    await answer()
    await act(() => vi.advanceTimersByTimeAsync(500))
    expect(busy()).toBeNull()
    expect(stale(container)).toBeNull()

    // a slow one: marked after the delay, in both the store and the strip, until it is in
    act(() => useLab.getState().update({ n: 4000 }))
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS - 20))
    expect(busy()).toBeNull()
    await act(() => vi.advanceTimersByTimeAsync(40))
    expect(busy()).toBe('generate')
    expect(stale(container)).not.toBeNull()
    await answer()
    expect(busy()).toBeNull()

    // a source replaced before the delay: only the newest one's delay counts, and its answer clears the mark
    act(() => useLab.getState().update({ n: 5000 }))
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS / 2))
    act(() => useLab.getState().update({ n: 6000 }))
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS / 2 + 10))
    expect(busy()).toBeNull()
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS / 2))
    expect(busy()).toBe('generate')
    await act(async () => {
      pendingGenerate.shift()!.answer() // the replaced one: dropped
      await vi.advanceTimersByTimeAsync(0)
    })
    expect(busy()).toBe('generate')
    await answer()
    expect(busy()).toBeNull()
    expect(useLab.getState().summary?.n).toBe(6000)
  })

  it('a tensor that fails before the delay leaves no busy line behind', async () => {
    render(<Lab />)
    await act(() => vi.advanceTimersByTimeAsync(0))
    await act(async () => {
      pendingGenerate.shift()!.fail(new Error('overflow: x[3] = Infinity'))
      await vi.advanceTimersByTimeAsync(0)
    })
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS * 3))
    expect(busy()).toBeNull()
    expect(useLab.getState().messages.map((m) => m.key)).toContain('lab.errorOverflow')
  })

  it('leaving the Lab before the delay sets no busy line on the way out', async () => {
    const { unmount } = render(<Lab />)
    await act(() => vi.advanceTimersByTimeAsync(0))
    unmount()
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS * 3))
    expect(busy()).toBeNull()
  })

  it('turns a busy line already shown for a slow result into "generating" at once, with no gap', async () => {
    render(<Lab />)
    await act(() => vi.advanceTimersByTimeAsync(0))
    await answer()
    await act(() => vi.advanceTimersByTimeAsync(500))
    // a slow result: marked after the delay
    hold.quantize = true
    act(() => useLab.getState().update({ calib: 'percentile' }))
    await act(() => vi.advanceTimersByTimeAsync(STALE_AFTER_MS + 20))
    expect(busy()).toBe('quantize')
    // a new tensor meanwhile: the line says so at once, and the old result's answer does not take it down
    const seen: (string | null)[] = []
    const stop = useLab.subscribe((st) => seen.push(st.busy))
    act(() => useLab.getState().update({ n: 7000 }))
    expect(busy()).toBe('generate')
    await act(async () => {
      pendingQuantize.shift()!()
      await vi.advanceTimersByTimeAsync(0)
    })
    expect(busy()).toBe('generate')
    hold.quantize = false
    await answer()
    await act(() => vi.advanceTimersByTimeAsync(500))
    stop()
    expect(busy()).toBeNull()
    // never off between the two: the line went from "quantizing" to "generating" and then away
    expect(seen.filter((b, i) => b !== seen[i - 1])).toEqual(['quantize', 'generate', null])
  })
})

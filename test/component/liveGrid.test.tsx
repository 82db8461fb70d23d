/**
 * useLiveGrid: the integer grid's plan and, under a number format with one scale for the tensor, the range the
 * format clips at, both following a manual threshold at once (before the engine's result), from one working-out
 * of the clipping range. They were two hooks (useLivePlan, useLiveFormatClip), which the histogram panel both
 * called, so each arrow-key step of the threshold computed the manual clipping range twice.
 */
import { act, renderHook } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { clipForThreshold } from '../../src/engine/labEngine'
import { formatClip } from '../../src/engine/formatQuant'
import { useLab } from '../../src/lab/labStore'
import { useLiveGrid } from '../../src/lab/useLiveGrid'
import { decodeLabParams } from '../../src/state/labParams'
import { renderCountedHistogram, storeLabResult } from '../helpers/labView'

// the real clipForThreshold, counted
vi.mock('../../src/engine/labEngine', async (actual) => {
  const m = await actual<typeof import('../../src/engine/labEngine')>()
  return { ...m, clipForThreshold: vi.fn(m.clipForThreshold) }
})

/** the store with a link's tensor and its engine result */
const setUp = (query: string) => storeLabResult(decodeLabParams(new URLSearchParams(query)).params)
/** a manual threshold `t`, set in the link state alone (no new result) */
const step = (t: number) =>
  act(() => useLab.setState({ params: { ...useLab.getState().params, calib: 'manual', t } }))

// (in braces: a function beforeEach returns is run after the test)
beforeEach(() => {
  vi.mocked(clipForThreshold).mockClear()
})

describe('useLiveGrid', () => {
  it('is null before the engine’s first result', () => {
    setUp('dist=normal&n=2000')
    useLab.setState({ result: null })
    expect(renderHook(() => useLiveGrid()).result.current).toBeNull()
  })

  it('under the integer grid: the result’s plan, no format range; a threshold step moves the plan', () => {
    const result = setUp('dist=normal&n=2000&calib=minmax')
    const { result: live } = renderHook(() => useLiveGrid())
    expect(live.current).toEqual({ plan: result.plan, formatRange: null })
    step(0.5)
    expect(live.current?.plan).toMatchObject({ lo: -0.5, hi: 0.5 })
    expect(live.current?.plan.scale).toBe(0.5 / 127)
    expect(live.current?.formatRange).toBeNull()
  })

  it('under FP8 per tensor: the plan and the format’s range, and a threshold step moves both at once', () => {
    const result = setUp('dist=normal&n=2000&calib=minmax&fmt=e4m3')
    const { result: live } = renderHook(() => useLiveGrid())
    expect(live.current?.plan).toBe(result.plan)
    expect(live.current?.formatRange).toEqual(formatClip('e4m3', result.threshold))
    step(0.5)
    expect(live.current?.plan).toMatchObject({ lo: -0.5, hi: 0.5 })
    expect(live.current?.formatRange).toEqual(formatClip('e4m3', 0.5))
    expect(live.current?.formatRange).not.toEqual(formatClip('e4m3', result.threshold))
  })

  it('asymmetric under FP8: the format clips at ±max(|lo|, |hi|) of the plan’s range', () => {
    setUp('dist=relu-normal&n=2000&scheme=asymmetric&calib=minmax&fmt=e4m3')
    const { result: live } = renderHook(() => useLiveGrid())
    step(0.5)
    const { lo, hi } = live.current!.plan
    expect(lo).not.toBe(-hi)
    expect(live.current?.formatRange).toEqual(formatClip('e4m3', Math.max(Math.abs(lo), Math.abs(hi))))
  })

  it('per channel of a 2-D tensor under NF4: no single range the format clips at', () => {
    setUp('dist=normal&n=4096&rows=16&gran=channel&fmt=nf4')
    expect(renderHook(() => useLiveGrid()).result.current?.formatRange).toBeNull()
  })

  it('works the clipping range out once for each threshold step of the histogram panel, in one render', () => {
    setUp('dist=normal&n=2000&calib=minmax&fmt=e4m3')
    const { container, renders } = renderCountedHistogram()
    expect(container.querySelector('.hist-bars')).not.toBeNull()
    vi.mocked(clipForThreshold).mockClear()
    renders.mockClear()
    step(0.5)
    expect(clipForThreshold).toHaveBeenCalledTimes(1)
    step(0.6)
    expect(clipForThreshold).toHaveBeenCalledTimes(2)
    // and renders the panel once a step
    expect(renders).toHaveBeenCalledTimes(2)
  })
})

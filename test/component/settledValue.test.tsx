import { act, render } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { useSettledValue } from '../../src/lab/useSettledValue'

function Show({ v }: { v: number }) {
  return <output>{useSettledValue(v, 200, 500)}</output>
}

describe('useSettledValue', () => {
  beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }))
  afterAll(() => vi.useRealTimers())

  it('shows a single change at once, and a burst when it settles or at least every maxWait', () => {
    vi.advanceTimersByTime(1000)
    const { container, rerender } = render(<Show v={0} />)
    const shown = () => container.querySelector('output')!.textContent
    // a lone change after a quiet spell: at once
    rerender(<Show v={1} />)
    expect(shown()).toBe('1')
    // then a change every 100 ms: no quiet 200 ms, so only maxWait (500 ms) lets one through
    for (let v = 2; v <= 5; v++) {
      act(() => {
        vi.advanceTimersByTime(100)
      })
      rerender(<Show v={v} />)
    }
    expect(shown()).toBe('1')
    act(() => {
      vi.advanceTimersByTime(100)
    })
    rerender(<Show v={6} />)
    act(() => {
      vi.advanceTimersByTime(100)
    })
    expect(shown()).toBe('6')
    // the end of the burst: the last value once it has been still for 200 ms
    rerender(<Show v={7} />)
    act(() => {
      vi.advanceTimersByTime(150)
    })
    expect(shown()).toBe('6')
    act(() => {
      vi.advanceTimersByTime(100)
    })
    expect(shown()).toBe('7')
  })
})

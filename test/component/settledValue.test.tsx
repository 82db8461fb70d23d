import { act, render } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { useSettledValue } from '../../src/lab/useSettledValue'

function Show({ v }: { v: number }) {
  return <output>{useSettledValue(v, 200, 500)}</output>
}

describe('useSettledValue', () => {
  beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }))
  afterAll(() => vi.useRealTimers())

  it('follows a value once it stops changing, and at least every maxWait while it keeps changing', () => {
    const { container, rerender } = render(<Show v={0} />)
    const shown = () => container.querySelector('output')!.textContent
    // a change every 100 ms: no quiet 200 ms, so only maxWait (500 ms) lets one through
    for (let v = 1; v <= 4; v++) {
      rerender(<Show v={v} />)
      act(() => vi.advanceTimersByTime(100))
    }
    expect(shown()).toBe('0')
    rerender(<Show v={5} />)
    act(() => vi.advanceTimersByTime(100))
    expect(shown()).toBe('5')
    rerender(<Show v={6} />)
    act(() => vi.advanceTimersByTime(150))
    expect(shown()).toBe('5')
    act(() => vi.advanceTimersByTime(100))
    expect(shown()).toBe('6')
  })
})

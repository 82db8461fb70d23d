// afterNextFrame: an engine result is taken just after the page's next frame (not inside it, not before it), and
// a page that draws no frame (hidden) still gets it after the fallback delay.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { afterNextFrame } from '../../src/lab/afterNextFrame'

describe('afterNextFrame', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('resolves in a task after the next frame’s callbacks, not before the frame', async () => {
    const log: string[] = []
    void afterNextFrame().then(() => log.push('resolved'))
    requestAnimationFrame(() => log.push('frame'))
    await vi.advanceTimersByTimeAsync(10)
    expect(log).toEqual([])
    await vi.advanceTimersByTimeAsync(10)
    expect(log).toEqual(['frame', 'resolved'])
    // the fallback was cleared: nothing more happens later
    await vi.advanceTimersByTimeAsync(200)
    expect(log).toEqual(['frame', 'resolved'])
  })

  it('resolves after the fallback delay on a page that draws no frame, once', async () => {
    vi.stubGlobal('requestAnimationFrame', () => 1)
    vi.stubGlobal('cancelAnimationFrame', () => {})
    let n = 0
    void afterNextFrame(100).then(() => n++)
    await vi.advanceTimersByTimeAsync(99)
    expect(n).toBe(0)
    await vi.advanceTimersByTimeAsync(2)
    expect(n).toBe(1)
  })
})

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { listenToLocation, useApp } from '../../src/state/appStore'

// a drag writes the link on every step; the shell coalesces the replacements (see writeHash in appStore.ts)
describe('link writes while dragging', () => {
  const writes: string[] = []
  let unlisten = () => {}
  // one fake clock for the whole file: like the real one, it never goes back
  beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }))
  afterAll(() => vi.useRealTimers())
  beforeEach(() => {
    unlisten = listenToLocation()
    vi.advanceTimersByTime(1000)
    writes.length = 0
    vi.spyOn(window.history, 'replaceState').mockImplementation((_s, _t, url) => {
      writes.push(`replace ${String(url).split('#')[1]}`)
    })
    vi.spyOn(window.history, 'pushState').mockImplementation((_s, _t, url) => {
      writes.push(`push ${String(url).split('#')[1]}`)
    })
    useApp.setState({ route: { name: 'lab', tab: 'tensor' }, query: new URLSearchParams() })
  })
  afterEach(() => {
    unlisten()
    vi.restoreAllMocks()
  })

  const step = (t: number, replace = true) =>
    useApp.getState().setQuery(new URLSearchParams(`t=${t}`), { replace })

  it('writes a lone replacement at once, and the rest of a burst after a quiet spell', () => {
    step(1)
    expect(writes).toEqual(['replace /lab?t=1'])
    step(2)
    step(3)
    step(4)
    // the store follows every step, the address bar catches up
    expect(useApp.getState().query.get('t')).toBe('4')
    expect(writes).toHaveLength(1)
    vi.advanceTimersByTime(299)
    expect(writes).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(writes).toEqual(['replace /lab?t=1', 'replace /lab?t=4'])
  })

  it('writes at least every 1.5 s during a long drag, and the last step at its end', () => {
    for (let k = 1; k <= 20; k++) {
      step(k)
      vi.advanceTimersByTime(100)
    }
    // steps 1 … 20 at 0, 100, …, 1900 ms: step 1 is written at once; the rest wait, at most until 1500 ms after
    // step 2, when step 16 (at 1500 ms) is the latest
    expect(writes).toEqual(['replace /lab?t=1', 'replace /lab?t=16'])
    vi.advanceTimersByTime(300)
    expect(writes).toEqual(['replace /lab?t=1', 'replace /lab?t=16', 'replace /lab?t=20'])
  })

  it('writes a pending replacement before a new history entry', () => {
    step(1)
    step(2)
    step(3, false)
    expect(writes).toEqual(['replace /lab?t=1', 'replace /lab?t=2', 'push /lab?t=3'])
    vi.advanceTimersByTime(2000)
    expect(writes).toHaveLength(3)
  })

  it('writes a pending replacement on any click (a link or "copy link" reads the address next)', () => {
    step(1)
    step(2)
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(writes).toEqual(['replace /lab?t=1', 'replace /lab?t=2'])
  })

  it('drops a pending replacement when the user goes Back', () => {
    step(1)
    step(2)
    window.dispatchEvent(new PopStateEvent('popstate'))
    vi.advanceTimersByTime(2000)
    expect(writes).toEqual(['replace /lab?t=1'])
  })
})

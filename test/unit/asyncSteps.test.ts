// Sliced work that also waits between its slices (core/steps.ts `AsyncSteps`: the model engine's `loadSteps`
// waits for a file's next bytes), run by the page's driver (worker/steps.ts, after a worker gave up) and by the
// served engine in a worker (worker/serve.ts): the same answer as running it straight through, a turn of the event
// loop at least every budget, and a cancel that stops it at its next slice, its `finally` blocks run (a file's
// reader let go of). Before, only synchronous `Steps` were driven: a `…Steps` async generator was taken for one
// and asked for its next slice for ever, its promises never awaited.
import { describe, expect, it } from 'vitest'
import { runAsyncSteps, type AsyncSteps } from '../../src/core'
import { isCancelled } from '../../src/worker/cancel'
import { serveEngine } from '../../src/worker/serve'
import { driveSteps } from '../../src/worker/steps'

class Reader {
  slices = 0
  closed = 0
  /** the sum of 1…n, a slice per term, waiting for a macrotask before every fourth */
  async *sumSteps(n: number): AsyncSteps<number> {
    let s = 0
    try {
      for (let i = 1; i <= n; i++) {
        if (i % 4 === 0) await new Promise((r) => setTimeout(r, 0))
        s += i
        this.slices++
        yield
      }
    } finally {
      if (s < (n * (n + 1)) / 2) this.closed++
    }
    return s
  }
  sum(n: number) {
    return runAsyncSteps(this.sumSteps(n))
  }
}

/**
 * `g`, failing once asked for more than `max` slices (a driver that took it for synchronous `Steps` asks
 * without end, without awaiting: this ends such a test instead of hanging it)
 */
function guarded<T>(g: AsyncSteps<T>, max = 1000): AsyncSteps<T> {
  let asked = 0
  const w = {
    next: () => {
      if (++asked > max) throw new Error('asked for slices without end')
      return g.next()
    },
    return: (v: T) => g.return(v),
    throw: (e: unknown) => g.throw(e),
    [Symbol.asyncIterator]: () => w,
  } as unknown as AsyncSteps<T>
  return w
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  )

describe('AsyncSteps on the page (driveSteps)', () => {
  it('answers as running it straight through, with turns between slices', async () => {
    let turns = 0
    const r = new Reader()
    const yieldFn = () => {
      turns++
      return new Promise<void>((res) => setTimeout(res, 0))
    }
    expect(await driveSteps(guarded(r.sumSteps(40)), { budgetMs: 0, yieldFn })).toBe(820)
    expect(turns).toBeGreaterThanOrEqual(39)
    expect(r.closed).toBe(0)
  })

  it('stops at the slice after a cancel, its finally run', async () => {
    const r = new Reader()
    let cancel = false
    const p = driveSteps(guarded(r.sumSteps(1000)), {
      budgetMs: 1e9,
      cancelled: () => {
        if (r.slices === 10) cancel = true
        return cancel
      },
      method: 'sum',
    })
    const e = await rejection(p)
    expect(isCancelled(e)).toBe(true)
    // checked after every slice, not only after a turn (a slice that waited may have let the cancel in)
    expect(r.slices).toBe(10)
    expect(r.closed).toBe(1)
  })
})

describe('AsyncSteps in a worker (serveEngine)', () => {
  it('answers, and a cancel stops it at its next slice, its finally run', async () => {
    const r = new Reader()
    expect(await new Reader().sum(12)).toBe(78)
    const e = serveEngine(r, () => undefined, { turn: () => new Promise((res) => setTimeout(res, 0)) })
    expect(await e.sum(12)).toBe(78)
    expect(r.slices).toBe(12)
    const long = e.sum(1e6)
    while (r.slices < 20) await new Promise((res) => setTimeout(res, 0))
    e.cancelCalls('sum')
    expect(isCancelled(await rejection(long))).toBe(true)
    const at = r.slices
    await new Promise((res) => setTimeout(res, 20))
    expect(r.slices).toBe(at)
    expect(r.closed).toBe(1)
  })
})

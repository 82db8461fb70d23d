import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEARTBEAT } from '../../src/worker/serve'
import { useWorkerFallbacks, workerClient, type WorkerClientOptions } from '../../src/worker/workerClient'

/** A tiny stateful engine: what a worker would hold (the tensor) must be set up again on the page. */
class Counter {
  base = 0
  set(b: number) {
    this.base = b
    return b
  }
  add(x: number) {
    return this.base + x
  }
  fail() {
    throw new RangeError('engine says no')
  }
}

/** A Worker that never answers; `fire` sends it an error event like a 404'd or broken script. */
class FakeWorker {
  static last: FakeWorker | null = null
  listeners: Record<string, ((e: unknown) => void)[]> = {}
  terminated = false
  constructor() {
    FakeWorker.last = this
  }
  addEventListener(type: string, f: (e: unknown) => void) {
    ;(this.listeners[type] ??= []).push(f)
  }
  removeEventListener() {}
  postMessage() {}
  start() {}
  terminate() {
    this.terminated = true
  }
  fire(message: string) {
    for (const f of this.listeners.error ?? []) f({ message, preventDefault() {} })
  }
  /** a message from the worker's side, such as a heartbeat */
  say(data: unknown) {
    for (const f of this.listeners.message ?? []) f({ data })
  }
}

const g = globalThis as { Worker?: unknown }
let saved: unknown
beforeEach(() => {
  saved = g.Worker
  useWorkerFallbacks.setState({ reasons: {} })
})
afterEach(() => {
  g.Worker = saved
})

const options = {
  local: () => new Counter(),
  stateKey: (m: string) => (m === 'set' ? 'base' : null),
}

/** A client whose worker is a FakeWorker (FakeWorker.last), with `more` options. */
function fakeClient(name: string, more: Partial<WorkerClientOptions<Counter>> = {}) {
  g.Worker = FakeWorker
  return workerClient<Counter>({
    name,
    spawn: () => new FakeWorker() as unknown as Worker,
    ...options,
    ...more,
  })
}

describe('workerClient', () => {
  it('without Worker: computes on the page and records why', async () => {
    delete g.Worker
    const c = workerClient<Counter>({ name: 't1', spawn: () => null as never, ...options })
    await c.set(5)
    expect(await c.add(2)).toBe(7)
    expect(useWorkerFallbacks.getState().reasons.t1).toEqual({ kind: 'missing' })
    // an engine error is the caller's, not a worker failure
    await expect(c.fail()).rejects.toThrow('engine says no')
  })

  it('a worker whose script fails: waiting calls move to the page, with the state replayed first', async () => {
    const c = fakeClient('t2')
    const w = FakeWorker.last!
    const set = c.set(40)
    const sum = c.add(2)
    w.fire('404 lab.worker.js')
    expect(await set).toBe(40)
    expect(await sum).toBe(42)
    expect(w.terminated).toBe(true)
    expect(useWorkerFallbacks.getState().reasons.t2).toEqual({ kind: 'error', detail: '404 lab.worker.js' })
    expect(await c.add(1)).toBe(41)
  })

  it('a silent worker is given up after a timeout scaled to N', async () => {
    const c = fakeClient('t3', {
      sizeOf: (m, a) => (m === 'set' ? (a[0] as number) : undefined),
      baseMs: 20,
      perValueMs: 1,
    })
    const t0 = performance.now()
    // N = 30 → 20 + 30 ms
    expect(await c.set(30)).toBe(30)
    const waited = performance.now() - t0
    expect(waited).toBeGreaterThanOrEqual(45)
    expect(useWorkerFallbacks.getState().reasons.t3).toEqual({ kind: 'timeout', seconds: 0 })
    expect(await c.add(12)).toBe(42)
  })

  it('a worker that says it is working is waited for; once silent past the timeout it is given up', async () => {
    const c = fakeClient('t5', {
      baseMs: 40,
      perValueMs: 0,
      startMs: 10_000,
    })
    const w = FakeWorker.last!
    const set = c.set(30)
    // a heartbeat every 10 ms for 150 ms: well past the 40 ms timeout, the worker is kept
    for (let k = 0; k < 15; k++) {
      await new Promise((r) => setTimeout(r, 10))
      w.say(HEARTBEAT)
    }
    expect(w.terminated).toBe(false)
    // any other message is not a sign of life
    w.say({ id: 'x', type: 'RETURN' })
    expect(await set).toBe(30)
    expect(w.terminated).toBe(true)
    expect(useWorkerFallbacks.getState().reasons.t5).toEqual({ kind: 'timeout', seconds: 0 })
  })

  it('a worker that never starts is given up after startMs, with no call waiting', async () => {
    const c = fakeClient('t4', {
      startMs: 30,
    })
    const w = FakeWorker.last!
    await new Promise((r) => setTimeout(r, 60))
    expect(w.terminated).toBe(true)
    expect(useWorkerFallbacks.getState().reasons.t4).toEqual({ kind: 'timeout', seconds: 0 })
    await c.set(40)
    expect(await c.add(2)).toBe(42)
  })
})

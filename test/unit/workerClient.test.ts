import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isCancelled } from '../../src/worker/cancel'
import { HEARTBEAT } from '../../src/worker/serve'
import {
  useWorkerFallbacks,
  workerClient,
  type WorkerClientOptions,
  type WorkerFailure,
} from '../../src/worker/workerClient'
import { callOf, dyingWorker, type Death } from '../helpers/dyingWorker'

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

  it('a state-setting call waiting when the worker fails runs once on the page, not also as a replay', async () => {
    const set = vi.spyOn(Counter.prototype, 'set')
    try {
      const c = fakeClient('t6')
      const first = c.set(40)
      const sum = c.add(2)
      FakeWorker.last!.fire('')
      expect(await first).toBe(40)
      expect(await sum).toBe(42)
      // a model read twice on the page, a 10⁷-value tensor generated twice, before
      expect(set).toHaveBeenCalledTimes(1)
    } finally {
      set.mockRestore()
    }
  })

  it('dispose ends the client: the worker goes, waiting and later calls fail as cancelled, nothing on the page', async () => {
    let pageEngines = 0
    const c = fakeClient('t7', {
      startMs: 30,
      local: () => {
        pageEngines++
        return new Counter()
      },
    })
    const w = FakeWorker.last!
    const waiting = c.set(5)
    expect(c.usesWorker()).toBe(true)
    c.dispose()
    await expect(waiting).rejects.toSatisfy(isCancelled)
    await expect(c.add(1)).rejects.toSatisfy(isCancelled)
    expect(w.terminated).toBe(true)
    expect(c.usesWorker()).toBe(false)
    // neither its error nor its start time makes it fall back afterwards
    w.fire('late')
    await new Promise((r) => setTimeout(r, 60))
    expect(useWorkerFallbacks.getState().reasons.t7).toBeUndefined()
    expect(pageEngines).toBe(0)
  })
})

describe('workerClient: a worker that fails after it answered', () => {
  let plan: { when: (data: unknown) => boolean; death: Death } | null = null
  const Dying = dyingWorker(
    () => new Counter(),
    () => plan,
  )
  const client = (name: string) => {
    g.Worker = Dying
    Dying.made.length = 0
    return workerClient<Counter>({ name, spawn: () => new Dying() as unknown as Worker, ...options })
  }

  const deaths: [string, Death, WorkerFailure][] = [
    [
      'with the browser’s message',
      { kind: 'error', message: 'Uncaught Error: x' },
      { kind: 'error', detail: 'Uncaught Error: x' },
    ],
    // not "its script could not be loaded": it had answered
    ['with no message', { kind: 'error' }, { kind: 'stopped' }],
    ['an unreadable message', { kind: 'messageerror' }, { kind: 'message' }],
  ]
  it.each(deaths)(
    '%s: the waiting call moves to the page, the state replayed first',
    async (_, death, why) => {
      plan = { when: callOf('add'), death }
      const c = client('t8')
      expect(await c.set(40)).toBe(40)
      expect(c.usesWorker()).toBe(true)
      expect(await c.add(2)).toBe(42)
      expect(Dying.made[0].terminated).toBe(true)
      expect(c.usesWorker()).toBe(false)
      expect(useWorkerFallbacks.getState().reasons.t8).toEqual(why)
    },
  )

  it('dispose after a fallback fails the page’s calls not yet made', async () => {
    plan = { when: callOf('add'), death: { kind: 'messageerror' } }
    const c = client('t9')
    await c.set(1)
    const moved = c.add(2)
    // the call moves to the page at the messageerror (a task later); the page runs it after another turn
    await new Promise((r) => setTimeout(r, 0))
    c.dispose()
    await expect(moved).rejects.toSatisfy(isCancelled)
  })
})

// The engine as the Lab's worker serves it (src/worker/serve.ts): one call at a time, a heartbeat while a long
// call runs, and cancel; then the same through comlink and workerClient, the way the page uses it.
import { expose } from 'comlink'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runSteps, type Steps } from '../../src/core'
import { isCancelled } from '../../src/worker/cancel'
import { HEARTBEAT, HEARTBEAT_MS, IDLE_AFTER_MS, serveEngine, TURN_MS } from '../../src/worker/serve'
import { workerClient } from '../../src/worker/workerClient'

class Engine {
  base = 10
  log: string[] = []
  /** slices run, and generators closed early (a cancelled call must not leave its steps half-open) */
  slices = 0
  closed = 0;
  *sumSteps(n: number, tag = ''): Steps<number> {
    let s = this.base
    try {
      for (let i = 1; i <= n; i++) {
        s += i
        this.slices++
        if (tag) this.log.push(`${tag}${i}`)
        yield
      }
    } finally {
      if (this.slices > 0 && s < this.base + (n * (n + 1)) / 2) this.closed++
    }
    return s
  }
  sum(n: number, tag = ''): number {
    return runSteps(this.sumSteps(n, tag))
  }
  plain(x: number): number {
    this.log.push(`plain${x}`)
    return this.base + x
  }
}

const quick = () => Promise.resolve()

describe('serveEngine', () => {
  it('runs a method’s steps to the same result, posting a heartbeat at most every HEARTBEAT_MS', async () => {
    const posted: string[] = []
    const engine = new Engine()
    // a clock that moves a quarter of HEARTBEAT_MS per slice
    const e = serveEngine(engine, (m) => posted.push(m), {
      now: () => (engine.slices * HEARTBEAT_MS) / 4,
      turn: quick,
    })
    expect(await e.sum(40)).toBe(new Engine().sum(40))
    // 40 slices: one heartbeat per four slices
    expect(posted).toHaveLength(10)
    expect(new Set(posted)).toEqual(new Set([HEARTBEAT]))
  })

  it('leaves a quick call silent, other methods and fields as they are, and unknown names undefined', async () => {
    const posted: string[] = []
    const e = serveEngine(new Engine(), (m) => posted.push(m))
    expect(await e.sum(3)).toBe(16)
    expect(await e.plain(5)).toBe(15)
    expect(e.base).toBe(10)
    expect((e as unknown as Record<string, unknown>).started).toBeUndefined()
    expect(posted).toEqual([])
  })

  it('says it is working while a call waits for something (a model’s files), and stops when it is answered', async () => {
    vi.useFakeTimers()
    try {
      const posted: string[] = []
      let arrive = (_v: number) => {}
      const files = new Promise<number>((r) => (arrive = r))
      const engine = { read: async () => (await files) + 1 }
      const e = serveEngine(engine, (m) => posted.push(m))
      const answer = e.read()
      await vi.advanceTimersByTimeAsync(3.5 * HEARTBEAT_MS)
      expect(posted).toEqual([HEARTBEAT, HEARTBEAT, HEARTBEAT])
      arrive(41)
      expect(await answer).toBe(42)
      await vi.advanceTimersByTimeAsync(5 * HEARTBEAT_MS)
      expect(posted).toHaveLength(3)
    } finally {
      vi.useRealTimers()
    }
  })

  it('runs calls one at a time in the order they came, though each gives the event loop turns', async () => {
    const engine = new Engine()
    const e = serveEngine(engine, () => {}, { now: () => engine.slices * TURN_MS, turn: quick })
    const results = await Promise.all([e.sum(3, 'a'), e.plain(1), e.sum(2, 'b')])
    expect(results).toEqual([16, 11, 13])
    expect(engine.log).toEqual(['a1', 'a2', 'a3', 'plain1', 'b1', 'b2'])
  })

  it('cancelCalls stops the running call at its next slice and skips the queued ones made before it', async () => {
    const engine = new Engine()
    const e = serveEngine(engine, () => {}, {
      now: () => engine.slices * TURN_MS,
      turn: () => new Promise((r) => setTimeout(r, 0)),
    })
    const running = e.sum(1_000_000)
    const queued = e.sum(5)
    const other = e.plain(2)
    while (engine.slices === 0) await new Promise((r) => setTimeout(r, 0))
    e.cancelCalls('sum')
    const later = e.sum(4)
    await expect(running).rejects.toSatisfy(isCancelled)
    await expect(queued).rejects.toSatisfy(isCancelled)
    expect(await other).toBe(12)
    expect(await later).toBe(20)
    // the cancelled call stopped after a slice or two, and its generator was closed
    expect(engine.slices).toBeLessThan(10)
    expect(engine.closed).toBe(1)
  })

  /** idle work of `n` steps that logs each step into the engine's log, and counts how often it was made */
  const idleWork = (engine: Engine, n: number, failAt = Infinity) => {
    const made = { count: 0 }
    const idle = function* (): Steps<void> {
      made.count++
      for (let i = 1; i <= n; i++) {
        if (i === failAt) throw new Error('idle work failed')
        engine.log.push(`idle${i}`)
        yield
      }
    }
    return { made, idle }
  }
  const tick = () => new Promise<void>((r) => setTimeout(r, 0))
  const idleSteps = (engine: Engine) => engine.log.filter((l) => l.startsWith('idle'))

  it('runs the idle work once the first call is answered, to its end, and only once', async () => {
    const engine = new Engine()
    const { made, idle } = idleWork(engine, 5)
    const e = serveEngine(engine, () => {}, { turn: tick, idle, idleAfterMs: 0 })
    for (let k = 0; k < 5; k++) await tick()
    // nothing before a first call
    expect(made.count).toBe(0)
    expect(await e.plain(1)).toBe(11)
    for (let k = 0; k < 20; k++) await tick()
    expect(idleSteps(engine)).toEqual(['idle1', 'idle2', 'idle3', 'idle4', 'idle5'])
    expect(await e.plain(2)).toBe(12)
    for (let k = 0; k < 20; k++) await tick()
    expect(made.count).toBe(1)
    expect(idleSteps(engine)).toHaveLength(5)
  })

  it('gives way to a call and goes on where it stopped once the calls are answered', async () => {
    const engine = new Engine()
    const { made, idle } = idleWork(engine, 400)
    const e = serveEngine(engine, () => {}, {
      now: () => engine.slices * TURN_MS,
      turn: tick,
      idle,
      idleAfterMs: 0,
    })
    await e.plain(1)
    while (idleSteps(engine).length < 3) await tick()
    expect(await e.sum(4, 's')).toBe(20)
    // no idle step between the call's slices (each slice gives the event loop a turn)
    const firstSlice = engine.log.indexOf('s1')
    expect(engine.log.slice(firstSlice, firstSlice + 4)).toEqual(['s1', 's2', 's3', 's4'])
    while (idleSteps(engine).length < 400) await tick()
    // one idle work, its steps in order: continued, not started again
    expect(made.count).toBe(1)
    expect(idleSteps(engine)).toEqual(Array.from({ length: 400 }, (_, i) => `idle${i + 1}`))
  })

  it('waits for a quiet stretch of idleAfterMs before the idle work, restarted by every call', async () => {
    vi.useFakeTimers()
    try {
      const engine = new Engine()
      const { made, idle } = idleWork(engine, 3)
      const e = serveEngine(engine, () => {}, { turn: tick, idle })
      await e.plain(1)
      await vi.advanceTimersByTimeAsync(IDLE_AFTER_MS - 100)
      // a call before the stretch is over starts it again
      await e.plain(2)
      await vi.advanceTimersByTimeAsync(IDLE_AFTER_MS - 100)
      expect(made.count).toBe(0)
      await vi.advanceTimersByTimeAsync(200)
      expect(idleSteps(engine)).toEqual(['idle1', 'idle2', 'idle3'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('a call answered within one turn still ends the run: the idle work waits for a new quiet stretch', async () => {
    vi.useFakeTimers()
    try {
      const engine = new Engine()
      let served: ReturnType<typeof serveEngine<Engine>> | null = null
      const quick: { answer?: Promise<number> } = {}
      const idle = function* (): Steps<void> {
        for (let i = 1; i <= 20; i++) {
          engine.log.push(`idle${i}`)
          // a quick call comes while the idle work runs (read at the next turn, answered within it)
          if (i === 2) quick.answer = served!.plain(7)
          yield
        }
      }
      served = serveEngine(engine, () => {}, { turn: tick, idle })
      await served.plain(1)
      await vi.advanceTimersByTimeAsync(IDLE_AFTER_MS + 10)
      expect(await quick.answer).toBe(17)
      const stopped = idleSteps(engine).length
      expect(stopped).toBeLessThanOrEqual(3)
      // nothing more until a whole quiet stretch after the call
      await vi.advanceTimersByTimeAsync(IDLE_AFTER_MS - 50)
      expect(idleSteps(engine)).toHaveLength(stopped)
      await vi.advanceTimersByTimeAsync(200)
      expect(idleSteps(engine)).toHaveLength(20)
    } finally {
      vi.useRealTimers()
    }
  })

  it('idle work that fails stops there and leaves the calls as they were', async () => {
    const engine = new Engine()
    const { made, idle } = idleWork(engine, 10, 3)
    const e = serveEngine(engine, () => {}, { turn: tick, idle, idleAfterMs: 0 })
    await e.plain(1)
    for (let k = 0; k < 20; k++) await tick()
    expect(idleSteps(engine)).toEqual(['idle1', 'idle2'])
    expect(await e.sum(3)).toBe(16)
    expect(await e.plain(4)).toBe(14)
    for (let k = 0; k < 20; k++) await tick()
    expect(made.count).toBe(1)
    expect(idleSteps(engine)).toEqual(['idle1', 'idle2'])
  })
})

/** The worker's side of a MessageChannel as a Worker (what workerClient spawns). */
function channelWorker(engine: Engine): Worker {
  const { port1, port2 } = new MessageChannel()
  expose(
    serveEngine(engine, (m) => port1.postMessage(m)),
    port1,
  )
  return Object.assign(port2, { terminate: () => port2.close() }) as unknown as Worker
}

describe('workerClient over a served engine', () => {
  const g = globalThis as { Worker?: unknown }
  let saved: unknown
  beforeEach(() => {
    saved = g.Worker
    g.Worker = class {}
  })
  afterEach(() => {
    g.Worker = saved
  })
  const served = (
    name: string,
    more: { background?: string[]; stateKey?: (m: string) => string | null } = {},
  ) => {
    const engine = new Engine()
    const c = workerClient<Engine>({
      name,
      spawn: () => channelWorker(engine),
      local: () => new Engine(),
      ...more,
    })
    return { engine, c }
  }

  it('a cancelled call fails at once and the worker stops it; the next call is answered', async () => {
    const { engine, c } = served('served')
    expect(await c.sum(3)).toBe(16)
    const long = c.sum(50_000_000)
    // let it run a few slices
    while (engine.slices < 1000) await new Promise((r) => setTimeout(r, 5))
    const t0 = performance.now()
    c.cancel('sum')
    await expect(long).rejects.toSatisfy(isCancelled)
    expect(performance.now() - t0).toBeLessThan(50)
    // the worker is free again soon: a new call is answered long before the old one could have finished
    expect(await c.sum(4)).toBe(20)
    expect(engine.closed).toBe(1)
    expect(engine.slices).toBeLessThan(50_000_000)
  })

  it('without a worker, cancel stops the page’s own driver', async () => {
    g.Worker = undefined
    let engine: Engine | null = null
    const c = workerClient<Engine>({
      name: 'page',
      spawn: () => {
        throw new Error('no worker here')
      },
      local: () => (engine = new Engine()),
    })
    const long = c.sum(50_000_000)
    while (!engine || (engine as Engine).slices < 1000) await new Promise((r) => setTimeout(r, 5))
    c.cancel('sum')
    await expect(long).rejects.toSatisfy(isCancelled)
    expect(await c.sum(4)).toBe(20)
    expect((engine as unknown as Engine).closed).toBe(1)
  })

  it('a background call gives way to any other call, then is made again and answered', async () => {
    const { engine, c } = served('served-bg', { background: ['sum'] })
    expect(await c.plain(0)).toBe(10)
    // long enough to be under way when the other call comes (serve.ts reads messages every TURN_MS)
    const n = 5_000_000
    const long = c.sum(n)
    while (engine.slices < 1000) await new Promise((r) => setTimeout(r, 5))
    // the other call is answered before the long one: that one was stopped part-way (its steps closed)
    expect(await c.plain(1)).toBe(11)
    expect(engine.closed).toBe(1)
    expect(engine.slices).toBeLessThan(n)
    // the long call started again and its caller gets the right answer
    expect(await long).toBe(10 + (n * (n + 1)) / 2)
    expect(engine.slices).toBeGreaterThan(n)

    // cancelled by its owner while it gives way: its caller is told
    const before = engine.slices
    const again = c.sum(n)
    while (engine.slices < before + 1000) await new Promise((r) => setTimeout(r, 5))
    const other = c.plain(2)
    c.cancel('sum')
    await expect(again).rejects.toSatisfy(isCancelled)
    expect(await other).toBe(12)
  })

  it('a call that sets the engine’s state ends background work for good (it would run on the new state)', async () => {
    // `plain` stands for a new tensor here
    const { engine, c } = served('served-state', {
      background: ['sum'],
      stateKey: (m) => (m === 'plain' ? 'tensor' : null),
    })
    expect(await c.plain(0)).toBe(10)
    const long = c.sum(5_000_000)
    while (engine.slices < 1000) await new Promise((r) => setTimeout(r, 5))
    const other = c.plain(3)
    await expect(long).rejects.toSatisfy(isCancelled)
    expect(await other).toBe(13)
    // not made again
    const slices = engine.slices
    await new Promise((r) => setTimeout(r, 100))
    expect(engine.slices).toBe(slices)
  })
})

/**
 * One client for the app's Web Workers (the Lab's engine, the ops views', the accuracy view's and each model's
 * of the model view): the engine's methods as async calls over comlink, with what a worker can do wrong
 * handled in one place. A worker that fails to start (its script blocked, 404 or broken: the Worker's `error`
 * event), that breaks later (`error`/`messageerror`) or that stays silent longer than a call may take (a
 * timeout scaled to the number of values, restarted by each sign of life a working worker posts: serve.ts) is
 * dropped, and the calls run on the page's own copy of the engine instead, the state-setting calls replayed
 * first (the tensor lived in the worker). Without `Worker` at all the page's copy is used from the start.
 * Either way `useWorkerFallbacks` records why, so the views can say so.
 *
 * On the page, a method `foo` whose engine also has `fooSteps` (a generator of slices, core/steps.ts; an async
 * one when the work also waits, such as the model engine's `loadSteps` reading a file) runs through those steps
 * with a time budget (steps.ts), so a call at N = 10⁷ leaves the page responsive; the calls run one after
 * another (a call in slices must not see the state change under it).
 *
 * `cancel(method)` gives up every call of that method made so far: each fails at once with CancelledError,
 * and the worker (serve.ts) or the page's driver stops the work at its next slice, so that newer settings do
 * not wait behind a stale request.
 *
 * `dispose()` ends the client (the model view's client of a model that was replaced, or whose load was
 * cancelled): its worker is terminated without falling back, every call fails with CancelledError, and the
 * page's calls in slices stop at their next slice.
 * `usesWorker()` says whether the calls still go to the worker.
 */
import { wrap, type Remote } from 'comlink'
import { create } from 'zustand'
import type { Steps } from '../core/steps'
import { CancelledError, isCancelled } from './cancel'
import { CANCEL_CALLS, HEARTBEAT } from './serve'
import { driveSteps } from './steps'

export type Api<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never
} & {
  /** gives up every call of `method` made so far (each fails with CancelledError) */
  cancel(method: keyof T & string): void
  /** ends the client: the worker is terminated (no fallback); every call, waiting or later, fails */
  dispose(): void
  /** true while the calls go to the worker (false once it gave up, or without one) */
  usesWorker(): boolean
}

/** Why a worker was given up, per client name (the views show it in the user's language). */
export const useWorkerFallbacks = create<{ reasons: Record<string, WorkerFailure> }>(() => ({ reasons: {} }))

/**
 * `load`: the script failed to load (blocked, missing, broken); `stopped`: a worker that had answered fired
 * `error` with no message (an uncaught error carries one); `message`: a message could not be read
 */
export type WorkerFailure =
  | { kind: 'missing' }
  | { kind: 'load' }
  | { kind: 'stopped' }
  | { kind: 'message' }
  | { kind: 'error'; detail: string }
  | { kind: 'timeout'; seconds: number }

export interface WorkerClientOptions<T> {
  /** a name for the fallback record ('lab', 'ops') */
  name: string
  /** starts the worker (`new Worker(new URL(…), { type: 'module' })`) */
  spawn: () => Worker
  /** the engine on the page, used when the worker is missing or gives up */
  local: () => T
  /**
   * the key under which a call sets the engine's state (replayed on the page's engine after a fallback; the
   * last call per key wins), or null for calls that only read
   */
  stateKey?: (method: string, args: unknown[]) => string | null
  /** how many values a call works on (for its timeout); undefined keeps the last known size */
  sizeOf?: (method: string, args: unknown[]) => number | undefined
  /** ms before a silent worker is given up: `baseMs + perValueMs · N` */
  baseMs?: number
  perValueMs?: number
  /**
   * ms for a new worker to answer a first, empty question: a script that never loads does not always fire
   * `error` (Chromium stays silent for some aborted module scripts), and waiting for a call's own timeout
   * left the page spinning for 15 s
   */
  startMs?: number
  /**
   * methods that give way to every other call: one of these that is running when another call is made is
   * stopped (as by `cancel`) and made again once no other call is waiting, its caller none the wiser. For
   * long optional work such as the Lab's per-channel comparison (a calibration per row: up to a minute),
   * which would otherwise hold up the KL microscope's next step or an export
   */
  background?: readonly string[]
}

const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0))

export function workerClient<T extends object>(opts: WorkerClientOptions<T>): Api<T> {
  const { name, stateKey = () => null, sizeOf = () => undefined } = opts
  const baseMs = opts.baseMs ?? 15_000
  const perValueMs = opts.perValueMs ?? 0.004
  const startMs = opts.startMs ?? 10_000
  let localEngine: T | null = null
  let remote: Remote<T> | null = null
  let worker: Worker | null = null
  /** the worker answered its first question: its script runs, so an `error` is no longer a failed load */
  let started = false
  /** dispose() was called */
  let disposed = false
  let size = 0
  const state = new Map<string, [string, unknown[]]>()
  /**
   * calls waiting for the worker: their timers restart whenever the worker says it is working (serve.ts),
   * they fail over to the page when it gives up, and they fail with CancelledError when cancelled
   */
  const waiting = new Set<{
    method: string
    args: unknown[]
    restart: () => void
    failOver: () => void
    cancel: () => void
  }>()
  /**
   * the page's calls not finished yet, by method: a cancel tells the caller at once and marks the call, which
   * runLocal and its driver look at to stop the work
   */
  const localCalls = new Set<{ method: string; cancelled: boolean; fail: (e: unknown) => void }>()

  const page = (): T => (localEngine ??= opts.local())
  /** the page's calls, one after another */
  let queue: Promise<unknown> = Promise.resolve()
  const runLocal = async (method: string, args: unknown[], mark: { cancelled: boolean }) => {
    // each call after a pause for the page to paint (the message, the spinner)
    await yieldToPage()
    if (mark.cancelled) throw new CancelledError(method)
    const e = page() as Record<string, (...a: unknown[]) => unknown>
    const steps = e[`${method}Steps`]
    if (typeof steps === 'function') {
      const gen = steps.apply(e, args) as Steps<unknown>
      return driveSteps(gen, { cancelled: () => mark.cancelled, method })
    }
    return e[method](...args)
  }
  const callLocal = (method: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const mark = { method, cancelled: false, fail: reject }
      localCalls.add(mark)
      const run = () => runLocal(method, args, mark)
      const job = queue.then(run, run)
      job.then(resolve, reject)
      // the next call waits for this one's work to stop, not for its caller to be told
      queue = job.catch(() => undefined).finally(() => localCalls.delete(mark))
    })
  const giveUp = (why: WorkerFailure) => {
    if (!worker) return
    worker.terminate()
    worker = null
    remote = null
    useWorkerFallbacks.setState((s) => ({ reasons: { ...s.reasons, [name]: why } }))
    // the tensor lived in the worker: set the page's engine up the same way (queued before the waiting calls).
    // A state-setting call still waiting is made again below, in its place among the waiting calls: replayed
    // here too, it ran twice on the page (a model read twice, a 10⁷-value tensor generated twice)
    const redone = new Set([...waiting].map((w) => w.args))
    for (const [m, a] of state.values()) {
      if (redone.has(a)) continue
      callLocal(m, a).catch(() => {
        /* the same call failed in the worker too; its caller was told */
      })
    }
    for (const w of [...waiting]) w.failOver()
    waiting.clear()
  }

  if (typeof Worker === 'undefined') {
    useWorkerFallbacks.setState((s) => ({ reasons: { ...s.reasons, [name]: { kind: 'missing' } } }))
  } else {
    try {
      worker = opts.spawn()
      remote = wrap<T>(worker)
      worker.addEventListener('error', (ev) => {
        ev.preventDefault()
        giveUp(
          ev.message
            ? { kind: 'error', detail: ev.message }
            : started
              ? { kind: 'stopped' }
              : { kind: 'load' },
        )
      })
      worker.addEventListener('message', (ev: MessageEvent) => {
        if (ev.data === HEARTBEAT) for (const w of waiting) w.restart()
      })
      worker.addEventListener('messageerror', () => giveUp({ kind: 'message' }))
      // the first, empty question: reading a property the engine does not have answers `undefined` as soon
      // as the worker's script runs (comlink sends a GET); no answer within startMs means it never started
      const spawned = worker
      const startTimer = setTimeout(() => {
        if (worker === spawned) giveUp({ kind: 'timeout', seconds: Math.round(startMs / 1000) })
      }, startMs)
      void Promise.resolve((remote as unknown as { started: Promise<unknown> }).started).then(
        () => {
          clearTimeout(startTimer)
          if (worker === spawned) started = true
        },
        () => clearTimeout(startTimer),
      )
    } catch (e) {
      worker = null
      remote = null
      useWorkerFallbacks.setState((s) => ({
        reasons: {
          ...s.reasons,
          [name]: { kind: 'error', detail: e instanceof Error ? e.message : String(e) },
        },
      }))
    }
  }

  const call = (method: string, args: unknown[]): Promise<unknown> => {
    if (disposed) return Promise.reject(new CancelledError(method))
    const n = sizeOf(method, args)
    if (n !== undefined) size = n
    const key = stateKey(method, args)
    if (key !== null) state.set(key, [method, args])
    if (!remote) return callLocal(method, args)
    const r = remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
    const ms = baseMs + perValueMs * size
    return new Promise((resolve, reject) => {
      let settled = false
      const expire = () => giveUp({ kind: 'timeout', seconds: Math.round(ms / 1000) })
      let timer = setTimeout(expire, ms)
      const entry = {
        method,
        args,
        restart: () => {
          clearTimeout(timer)
          timer = setTimeout(expire, ms)
        },
        failOver: () => {
          if (settled) return
          done()
          callLocal(method, args).then(resolve, reject)
        },
        cancel: () => {
          if (settled) return
          done()
          reject(new CancelledError(method))
        },
      }
      const done = () => {
        settled = true
        clearTimeout(timer)
        waiting.delete(entry)
      }
      waiting.add(entry)
      r[method](...args).then(
        (v) => {
          if (settled) return
          done()
          resolve(v)
        },
        (e: unknown) => {
          if (settled) return
          done()
          reject(e)
        },
      )
    })
  }
  /** background calls not finished: `preempted` while another call runs, `dropped` once cancelled for good */
  const backgroundJobs = new Set<{
    method: string
    preempted: boolean
    dropped: boolean
    start: () => void
    fail: (e: unknown) => void
  }>()
  /** other calls not answered yet: the preempted background calls start again when this is back to 0 */
  let foreground = 0
  const callBackground = (method: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const job = {
        method,
        preempted: false,
        dropped: false,
        start: () => {
          call(method, args).then(
            (v) => {
              backgroundJobs.delete(job)
              resolve(v)
            },
            (e: unknown) => {
              // stopped for another call: made again when the others are done (resumeBackground)
              if (isCancelled(e) && job.preempted && !job.dropped) return
              backgroundJobs.delete(job)
              reject(e)
            },
          )
        },
        fail: reject,
      }
      backgroundJobs.add(job)
      if (foreground > 0) job.preempted = true
      else job.start()
    })
  const resumeBackground = () => {
    if (foreground > 0) return
    for (const job of backgroundJobs) {
      if (!job.preempted || job.dropped) continue
      job.preempted = false
      job.start()
    }
  }
  const callForeground = (method: string, args: unknown[]): Promise<unknown> => {
    // a call that sets the engine's state (a new tensor) ends the background work for good: made again, it
    // would run with the old arguments on the new state
    if (stateKey(method, args) !== null)
      for (const m of new Set([...backgroundJobs].map((j) => j.method))) cancel(m)
    const running = [...backgroundJobs].filter((j) => !j.preempted && !j.dropped)
    for (const job of running) job.preempted = true
    for (const m of new Set(running.map((j) => j.method))) stopCalls(m)
    foreground++
    const done = () => {
      foreground--
      resumeBackground()
    }
    let p: Promise<unknown>
    try {
      p = call(method, args)
    } catch (e) {
      done()
      throw e
    }
    p.then(done, done)
    return p
  }

  /** fails every call of `method` made so far with CancelledError, and stops its work (worker or page) */
  const stopCalls = (method: string) => {
    for (const mark of localCalls) {
      if (mark.method !== method || mark.cancelled) continue
      mark.cancelled = true
      mark.fail(new CancelledError(method))
    }
    let inWorker = false
    for (const w of [...waiting]) {
      if (w.method !== method) continue
      inWorker = true
      w.cancel()
    }
    // the worker stops the running call at its next slice and skips the queued ones
    if (inWorker && remote) {
      const r = remote as unknown as Record<string, (m: string) => Promise<unknown>>
      r[CANCEL_CALLS](method).catch(() => {
        /* a worker that is gone has nothing to stop */
      })
    }
  }
  const cancel = (method: string) => {
    for (const job of backgroundJobs) {
      if (job.method !== method) continue
      job.dropped = true
      // a preempted job has no call in flight: its caller is told here
      if (job.preempted) {
        backgroundJobs.delete(job)
        job.fail(new CancelledError(method))
      }
    }
    stopCalls(method)
  }
  const dispose = () => {
    if (disposed) return
    disposed = true
    // no fallback: nothing is replayed, and the reason on record stays as it was
    worker?.terminate()
    worker = null
    remote = null
    state.clear()
    for (const job of backgroundJobs) {
      job.dropped = true
      if (job.preempted) job.fail(new CancelledError(job.method))
    }
    backgroundJobs.clear()
    for (const w of [...waiting]) w.cancel()
    for (const mark of localCalls) {
      if (mark.cancelled) continue
      mark.cancelled = true
      mark.fail(new CancelledError(mark.method))
    }
  }
  const usesWorker = () => remote !== null
  const background = new Set(opts.background ?? [])
  return new Proxy({} as Api<T>, {
    // not a thenable: `then` must stay undefined, or awaiting the client would call into the engine
    get: (_t, method: string) =>
      method === 'then'
        ? undefined
        : method === 'cancel'
          ? cancel
          : method === 'dispose'
            ? dispose
            : method === 'usesWorker'
              ? usesWorker
              : (...args: unknown[]) =>
                  background.has(method) ? callBackground(method, args) : callForeground(method, args),
  })
}

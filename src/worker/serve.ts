/**
 * The engine as a worker serves it (comlink exposes what this returns).
 *
 * - **One call at a time, in the order they came.** A method that has a `…Steps` form (core/steps.ts: the
 *   same work in slices, the convention the page's fallback engine also relies on; an async generator when the
 *   work also waits between slices, such as the model engine's `loadSteps` reading a file) runs those steps, and
 *   between slices the worker's event loop gets a turn at least every TURN_MS, so that messages keep being
 *   read while a long call runs. Calls that come in meanwhile wait in a queue: a call in slices must not see
 *   the engine's state change under it.
 * - **A heartbeat.** The client gives up a worker that stays silent longer than a call may take
 *   (workerClient), and the page's engine then redoes the work on the main thread; but some calls are long and
 *   alive, such as calibrating every row of a 10⁷-value 2-D tensor with the TVM variant, and giving those up
 *   put the whole job on the page in hundreds of long tasks. So while a call runs the worker says so every
 *   HEARTBEAT_MS, and the client restarts its timers on each. So does a call that waits for something else (a
 *   method that returns a promise, such as the model engine's `load` reading a 1.5 GB file or fetching a
 *   model): while it waits, the worker's event loop is free and a timer says so every HEARTBEAT_MS; a worker
 *   stuck in a loop gives no turn to the timer and is given up as before.
 * - **Cancel.** `cancelCalls(method)` (read before any queue) stops every call of that method that came before
 *   it: the running one at its next slice, the queued ones before they start; each fails with CancelledError.
 *   Without it, newer settings waited behind a stale 55-second calibration.
 * - **Idle work.** `idle` (the Lab's: running the tensor's passes and the calibrators on small samples, engine/warmUp.ts) runs once the worker has
 *   answered a call and no call has come for `idleAfterMs`, one step per turn of the event loop; it stops at
 *   the next step whenever a call comes and goes on from there after the next quiet stretch. The quiet stretch
 *   keeps it out of a drag's or a held key's stream of calls (a core it would take from the page's rendering
 *   on a two-core machine). It must not touch the engine's state.
 */
import { isAsyncSteps, type AsyncSteps, type Steps } from '../core'
import { CancelledError } from './cancel'
import { yieldToEventLoop } from './steps'

/** The message a working worker posts (not a comlink message: comlink ignores it). */
export const HEARTBEAT = 'quant-lab:alive'
export const HEARTBEAT_MS = 1000
/** the longest stretch of slices between two turns of the worker's event loop (a cancel waits at most this) */
export const TURN_MS = 50
/** the served engine's extra method (workerClient calls it by this name) */
export const CANCEL_CALLS = 'cancelCalls'
/** how long no call must have come before the idle work runs */
export const IDLE_AFTER_MS = 500

/** The served engine: its methods answer later (they wait their turn), plus `cancelCalls`. */
export type Served<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : T[K]
} & { [CANCEL_CALLS]: (method: string) => void }

export interface ServeOptions {
  now?: () => number
  /** a turn of the event loop (a task, so that incoming messages are read) */
  turn?: () => Promise<void>
  /** work for when no call waits, in steps that each give way to a call (started after the first call) */
  idle?: () => Steps<unknown>
  /** the quiet stretch before the idle work runs (default IDLE_AFTER_MS) */
  idleAfterMs?: number
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'

export function serveEngine<T extends object>(
  engine: T,
  post: (message: typeof HEARTBEAT) => void,
  opts: ServeOptions = {},
): Served<T> {
  const now = opts.now ?? (() => performance.now())
  const turn = opts.turn ?? yieldToEventLoop
  /** per method, how many cancels have come: a call is cancelled when more have come than when it arrived */
  const cancels = new Map<string, number>()
  let queue: Promise<unknown> = Promise.resolve()
  /** calls made and not yet answered (the idle work runs only at 0), and calls made in all */
  let calls = 0
  let made = 0
  let idleWork: Steps<unknown> | null = null
  let idleDone = !opts.idle
  let idleRunning = false
  let idleTimer: ReturnType<typeof setTimeout> | null = null
  const idleAfterMs = opts.idleAfterMs ?? IDLE_AFTER_MS
  async function runIdle() {
    if (idleRunning || idleDone) return
    idleRunning = true
    // any call ends this run, even one answered within a turn: the next run waits for its own quiet stretch
    const since = made
    try {
      idleWork ??= opts.idle!()
      // one step per turn: a call that came meanwhile is read at the turn and waits one step at most
      while (calls === 0 && made === since && !idleDone) {
        if (idleWork.next().done) idleDone = true
        else await turn()
      }
    } catch {
      // the idle work only ever makes later calls quicker: when it fails, the calls are as they were
      idleDone = true
    } finally {
      idleRunning = false
      // stopped by a call: the next quiet stretch goes on with it (the timer may have fired while this ran)
      if (made !== since) armIdle()
    }
  }
  /** the idle work runs after a quiet stretch of idleAfterMs with no call waiting */
  function armIdle() {
    if (idleDone || calls > 0 || idleTimer !== null) return
    idleTimer = setTimeout(() => {
      idleTimer = null
      if (calls === 0) void runIdle()
    }, idleAfterMs)
  }

  const runSteps = async (method: string, gen: Steps<unknown>, cancelled: () => boolean) => {
    let beat = now()
    let slice = beat
    for (;;) {
      const r = gen.next()
      if (r.done) return r.value
      const t = now()
      if (t - beat >= HEARTBEAT_MS) {
        post(HEARTBEAT)
        beat = t
      }
      if (t - slice >= TURN_MS) {
        await turn()
        slice = now()
        if (cancelled()) {
          gen.return(undefined)
          throw new CancelledError(method)
        }
      }
    }
  }

  /**
   * slices that may also wait (the model engine's `loadSteps`, reading a file between slices): its heartbeat is
   * whileWaiting's; a turn at least every TURN_MS, and a cancel stops it at its next slice
   */
  const runWaitingSteps = async (method: string, gen: AsyncSteps<unknown>, cancelled: () => boolean) => {
    const stop = async () => {
      await gen.return(undefined)
      throw new CancelledError(method)
    }
    let slice = now()
    for (;;) {
      const r = await gen.next()
      if (r.done) return r.value
      if (cancelled()) return stop()
      if (now() - slice >= TURN_MS) {
        await turn()
        slice = now()
        if (cancelled()) return stop()
      }
    }
  }

  /** the answer of a call that waits, with a heartbeat every HEARTBEAT_MS until it settles */
  const whileWaiting = async (answer: PromiseLike<unknown>) => {
    const beat = setInterval(() => post(HEARTBEAT), HEARTBEAT_MS)
    try {
      return await answer
    } finally {
      clearInterval(beat)
    }
  }

  const cancel = (method: string) => cancels.set(method, (cancels.get(method) ?? 0) + 1)

  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop === CANCEL_CALLS) return cancel
      const value: unknown = Reflect.get(target, prop, receiver)
      if (typeof prop !== 'string' || typeof value !== 'function') return value
      const steps: unknown = Reflect.get(target, `${prop}Steps`, receiver)
      return (...args: unknown[]) => {
        const epoch = cancels.get(prop) ?? 0
        const cancelled = () => (cancels.get(prop) ?? 0) > epoch
        calls++
        made++
        if (idleTimer !== null) clearTimeout(idleTimer)
        idleTimer = null
        const job = queue.then(() => {
          if (cancelled()) throw new CancelledError(prop)
          if (typeof steps !== 'function') {
            const answer: unknown = (value as (...a: unknown[]) => unknown).apply(target, args)
            return isThenable(answer) ? whileWaiting(answer) : answer
          }
          const gen = (steps as (...a: unknown[]) => Steps<unknown> | AsyncSteps<unknown>).apply(target, args)
          return isAsyncSteps(gen)
            ? whileWaiting(runWaitingSteps(prop, gen, cancelled))
            : runSteps(prop, gen, cancelled)
        })
        queue = job
          .catch(() => undefined)
          .then(() => {
            calls--
            armIdle()
          })
        return job
      }
    },
  }) as unknown as Served<T>
}

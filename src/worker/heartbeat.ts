/**
 * A busy worker's sign of life. The client gives up a worker that stays silent longer than a call may take
 * (workerClient), and the page's engine then redoes the work on the main thread; but some calls are long and
 * alive, such as calibrating every row of a 10⁷-value 2-D tensor with the TVM variant, and giving those up put
 * the whole job on the page in hundreds of long tasks. So while a call runs, the worker says so every
 * HEARTBEAT_MS, and the client restarts its timers on each.
 */
import type { Steps } from '../core'

/** The message a working worker posts (not a comlink message: comlink ignores it). */
export const HEARTBEAT = 'quant-lab:alive'
export const HEARTBEAT_MS = 1000

/**
 * The engine as the worker exposes it: a method that has a `…Steps` form (core/steps.ts: the same work in
 * slices, the convention the page's fallback engine also relies on) runs those steps here and posts HEARTBEAT
 * between slices at most every HEARTBEAT_MS; everything else is the engine's own.
 */
export function withHeartbeat<T extends object>(
  engine: T,
  post: (message: typeof HEARTBEAT) => void,
  now: () => number = () => performance.now(),
): T {
  return new Proxy(engine, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver)
      if (typeof prop !== 'string' || typeof value !== 'function') return value
      const steps: unknown = Reflect.get(target, `${prop}Steps`, receiver)
      if (typeof steps !== 'function') return value
      return (...args: unknown[]) => {
        const gen = (steps as (...a: unknown[]) => Steps<unknown>).apply(target, args)
        let last = now()
        for (;;) {
          const r = gen.next()
          if (r.done) return r.value
          const t = now()
          if (t - last >= HEARTBEAT_MS) {
            post(HEARTBEAT)
            last = t
          }
        }
      }
    },
  })
}

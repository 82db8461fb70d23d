/**
 * Drives a sliced computation (core/steps.ts) on the page without freezing it: slices run back to back until
 * `budgetMs` have passed, then the driver gives the event loop a turn (input, timers, paint) before it goes on.
 * The computation is the same generator the synchronous engine runs to its end, so the result is the same bit
 * for bit; only when it finishes changes.
 */
import { isAsyncSteps, type AsyncSteps, type Steps } from '../core/steps'
import { CancelledError } from './cancel'

/**
 * A turn of the event loop: a MessageChannel task (not clamped to 4 ms like nested setTimeouts; the technique
 * React's scheduler uses), or setTimeout where MessageChannel is missing.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0))
  return new Promise((resolve) => {
    const ch = new MessageChannel()
    ch.port1.onmessage = () => {
      ch.port1.close()
      resolve()
    }
    ch.port2.postMessage(null)
  })
}

export interface DriveOptions {
  /** ms of work between two turns of the event loop (default 8: leaves most of a 60 Hz frame to the page) */
  budgetMs?: number
  /** how to give the event loop a turn */
  yieldFn?: () => Promise<void>
  /** asked after each turn: true stops the work there (CancelledError, naming `method`) */
  cancelled?: () => boolean
  method?: string
}

/**
 * Runs `g` to its end on the page, giving the event loop a turn whenever `budgetMs` of work have passed. An
 * `AsyncSteps` (which also waits, e.g. for a file's next bytes) is asked about `cancelled` after every slice
 * too, not only after a turn: a slice that waited may have let a cancel in.
 */
export async function driveSteps<T>(g: Steps<T> | AsyncSteps<T>, opts: DriveOptions = {}): Promise<T> {
  if (isAsyncSteps(g)) return driveAsyncSteps(g, opts)
  const budget = opts.budgetMs ?? 8
  const pause = opts.yieldFn ?? yieldToEventLoop
  let start = performance.now()
  for (;;) {
    const r = g.next()
    if (r.done) return r.value
    if (performance.now() - start >= budget) {
      await pause()
      start = performance.now()
      if (opts.cancelled?.()) {
        g.return(undefined as T)
        throw new CancelledError(opts.method ?? 'call')
      }
    }
  }
}

async function driveAsyncSteps<T>(g: AsyncSteps<T>, opts: DriveOptions): Promise<T> {
  const budget = opts.budgetMs ?? 8
  const pause = opts.yieldFn ?? yieldToEventLoop
  const stop = async () => {
    // (its `finally` blocks run: a file's reader lets go of the file)
    await g.return(undefined as T)
    throw new CancelledError(opts.method ?? 'call')
  }
  let start = performance.now()
  for (;;) {
    const r = await g.next()
    if (r.done) return r.value
    if (opts.cancelled?.()) return stop()
    if (performance.now() - start >= budget) {
      await pause()
      start = performance.now()
      if (opts.cancelled?.()) return stop()
    }
  }
}

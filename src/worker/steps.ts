/**
 * Drives a sliced computation (core/steps.ts) on the page without freezing it: slices run back to back until
 * `budgetMs` have passed, then the driver gives the event loop a turn (input, timers, paint) before it goes on.
 * The computation is the same generator the synchronous engine runs to its end, so the result is the same bit
 * for bit; only when it finishes changes.
 */
import type { Steps } from '../core/steps'
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

export async function driveSteps<T>(g: Steps<T>, opts: DriveOptions = {}): Promise<T> {
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

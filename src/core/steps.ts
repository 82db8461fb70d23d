/**
 * Computations in slices: a long pass over the values written as a generator that yields between slices of
 * at most `STEP` elements, so a caller on the page can pause it for the event loop (src/worker/steps.ts drives
 * it with a time budget) while the synchronous function runs the very same generator to completion. Both
 * compute the same operations in the same order, so their results are identical bit for bit; only the
 * points where control may leave differ. Pure: the generators never wait themselves.
 */
import { assertInteger } from './validate'

/** A computation that yields (void) between slices and returns T. */
export type Steps<T> = Generator<void, T, void>

/** Elements per slice: 2^15 (≈ 0.1–3 ms of work per slice for the passes here on a laptop). */
export const STEP = 1 << 15

/** Runs a sliced computation to its end, synchronously. */
export function runSteps<T>(g: Steps<T>): T {
  let r = g.next()
  while (!r.done) r = g.next()
  return r.value
}

/**
 * Calls `body(start, end)` for consecutive slices [start, end) of [0, n) of at most `step` elements, yielding
 * after each slice but the last.
 */
export function* slices(n: number, body: (start: number, end: number) => void, step = STEP): Steps<void> {
  assertInteger(n, 'slices: n', 0, Number.MAX_SAFE_INTEGER)
  assertStep(step)
  for (let s = 0; s < n; s += step) {
    const e = Math.min(n, s + step)
    body(s, e)
    if (e < n) yield
  }
}

/** A slice length must be a positive integer (0 or NaN would never finish). */
export function assertStep(step: unknown): asserts step is number {
  assertInteger(step, 'step', 1, Number.MAX_SAFE_INTEGER)
}

/**
 * A computation in slices that may also wait between them (for a file's next bytes, a module to load): an
 * async generator that yields (void) between slices and returns T. Drivers treat it as `Steps`: they may pause
 * at a yield and stop it there (`return()`), which runs its `finally` blocks.
 */
export type AsyncSteps<T> = AsyncGenerator<void, T, void>

/** Runs a sliced computation that may wait to its end, with no pause of its own between slices. */
export async function runAsyncSteps<T>(g: AsyncSteps<T>): Promise<T> {
  let r = await g.next()
  while (!r.done) r = await g.next()
  return r.value
}

/** true for an `AsyncSteps` (an async generator), false for `Steps` */
export function isAsyncSteps<T>(g: Steps<T> | AsyncSteps<T>): g is AsyncSteps<T> {
  return Symbol.asyncIterator in g
}

/**
 * The readers' work in slices (core/steps.ts), so that a model read on the page (after its worker gave up)
 * leaves the page a turn between slices and can be stopped there: copies a slice of bytes at a time, and
 * conversions a slice of values at a time. The synchronous readers run the same generators to their end.
 */
import { slices, type Steps } from '../core/steps'

/**
 * Bytes per slice of a copy: 1 MiB. The first write to a fresh 4 KB page costs ~20 µs on the slow machines
 * (architecture.md), so a slice of a copy into new memory takes ~5 ms there.
 */
export const BYTE_STEP = 1 << 20

/** Copies `src` into `dst` from `at` on, a slice at a time; `onBytes` after each slice. */
export function* copySteps(
  src: Uint8Array,
  dst: Uint8Array,
  at = 0,
  onBytes?: (n: number) => void,
): Steps<void> {
  for (let s = 0; s < src.length; s += BYTE_STEP) {
    const e = Math.min(src.length, s + BYTE_STEP)
    dst.set(src.subarray(s, e), at + s)
    onBytes?.(e - s)
    if (e < src.length) yield
  }
}

/** `bytes.slice(begin, end).buffer` a slice at a time: an aligned copy of its own. */
export function* copyOutSteps(
  bytes: Uint8Array,
  begin: number,
  end: number,
  onBytes?: (n: number) => void,
): Steps<ArrayBuffer> {
  const src = bytes.subarray(begin, end)
  const out = new Uint8Array(src.length)
  yield* copySteps(src, out, 0, onBytes)
  return out.buffer
}

/** `to.set(from)`, each value converted as typed arrays do, a slice of values at a time; returns `to`. */
export function* widenSteps<T extends Float32Array | Float64Array>(
  from: ArrayLike<number> & { subarray(s: number, e: number): ArrayLike<number> },
  to: T,
): Steps<T> {
  yield* slices(from.length, (s, e) => to.set(from.subarray(s, e), s))
  return to
}

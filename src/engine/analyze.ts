/**
 * What the Lab derives from the tensor alone (not from the quantization settings): statistics and the
 * two-sided percentile range. The calibrators themselves are in the registry (src/registry/calibrators.ts).
 * Pure; runs on the main thread for small tensors and in the Web Worker for large ones.
 */
import { minMaxOf, runSteps, STEP, type Histogram, type Steps } from '../core'

export const CALIB_BINS = 2048
export const DISPLAY_BINS = 160

export interface Stats {
  n: number
  min: number
  max: number
  absMax: number
  mean: number
  std: number
  /** all values equal (zero range) */
  constant: boolean
}

export function stats(x: ArrayLike<number>): Stats {
  return runSteps(statsSteps(x))
}

/**
 * `stats` in slices (core/steps.ts): min and max combined per slice with the same strict comparisons as one
 * scan (the first of equal extremes is kept either way), the sums carried from slice to slice in index order,
 * so the result is the one-pass result bit for bit.
 */
export function* statsSteps(x: ArrayLike<number>, step = STEP): Steps<Stats> {
  const n = x.length
  let min = Infinity
  let max = -Infinity
  let sum = 0
  // the sum over each slice right after its min/max, while the slice is in the cache (the same order of
  // additions as one loop over all values)
  for (let s = 0; s < n; s += step) {
    if (s > 0) yield
    const e = Math.min(n, s + step)
    const m = minMaxOf(x, s, e)
    if (m.min < min) min = m.min
    if (m.max > max) max = m.max
    for (let i = s; i < e; i++) sum += x[i]
  }
  const mean = n ? sum / n : 0
  let ss = 0
  for (let s = 0; s < n; s += step) {
    yield
    for (let i = s, e = Math.min(n, s + step); i < e; i++) ss += (x[i] - mean) ** 2
  }
  return {
    n,
    min,
    max,
    absMax: Math.max(Math.abs(min), Math.abs(max)),
    mean,
    std: n ? Math.sqrt(ss / n) : 0,
    constant: n > 0 && min === max,
  }
}

/** Two-sided percentile range on a signed histogram (ONNX Runtime compute_percentile, asymmetric). */
export function percentileRange(h: Histogram, pct: number): [number, number] {
  const total = h.counts.reduce((a, b) => a + b, 0)
  if (total === 0) return [h.edges[0], h.edges[h.edges.length - 1]]
  const cut = (100 - pct) / 200
  let cum = 0
  let lo = h.edges[0]
  let hi = h.edges[h.edges.length - 1]
  let foundLo = false
  for (let i = 0; i < h.counts.length; i++) {
    cum += h.counts[i] / total
    if (!foundLo && cum >= cut) {
      lo = h.edges[i]
      foundLo = true
    }
    if (cum >= 1 - cut) {
      hi = h.edges[i + 1]
      break
    }
  }
  return [lo, hi]
}

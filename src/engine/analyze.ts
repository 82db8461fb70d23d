/**
 * What the Lab derives from the tensor alone (not from the quantization settings): statistics and the
 * two-sided percentile range. The calibrators themselves are in the registry (src/registry/calibrators.ts).
 * Pure; runs on the main thread for small tensors and in the Web Worker for large ones.
 */
import { runSteps, STEP, type Histogram, type Steps } from '../core'

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

/*
 * statsSteps' slice loops, as plain functions of its own that carry the running values in and out (the same
 * comparisons and additions in the same order). Written in the generator, or through minMaxOf (which also sees
 * plain arrays, so V8 reads its values as boxed numbers), the loops left a heap number behind per value: at
 * N = 10⁷, ~150 MB of garbage per new tensor.
 */
/** acc = [min, max, sum] updated with x[s … e): strict comparisons, so the first of equal extremes stays. */
function scanSlice(x: ArrayLike<number>, s: number, e: number, acc: Float64Array): void {
  let min = acc[0]
  let max = acc[1]
  let sum = acc[2]
  for (let i = s; i < e; i++) {
    const v = x[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  for (let i = s; i < e; i++) sum += x[i]
  acc[0] = min
  acc[1] = max
  acc[2] = sum
}

function addSquaredDeviations(x: ArrayLike<number>, s: number, e: number, mean: number, ss: number): number {
  for (let i = s; i < e; i++) ss += (x[i] - mean) ** 2
  return ss
}

/**
 * `stats` in slices (core/steps.ts): one running min and max with strict comparisons (the first of equal
 * extremes is kept) and the sums, carried from slice to slice in index order, so the result is the one-pass
 * result bit for bit.
 */
export function* statsSteps(x: ArrayLike<number>, step = STEP): Steps<Stats> {
  const n = x.length
  // the sum over each slice right after its min/max, while the slice is in the cache (the same order of
  // additions as one loop over all values)
  const acc = Float64Array.of(Infinity, -Infinity, 0)
  for (let s = 0; s < n; s += step) {
    if (s > 0) yield
    scanSlice(x, s, Math.min(n, s + step), acc)
  }
  const min = acc[0]
  const max = acc[1]
  const sum = acc[2]
  const mean = n ? sum / n : 0
  let ss = 0
  for (let s = 0; s < n; s += step) {
    yield
    ss = addSquaredDeviations(x, s, Math.min(n, s + step), mean, ss)
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

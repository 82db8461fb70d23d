/**
 * Nonlinear grids for comparison with the linear one (the notes: "非线性量化时非等间隔的(比如pow2、log量化)").
 * - power-of-two: the levels ±T·2^−k (k = 0 … L−1) and 0, so every multiply is a shift;
 * - log: L levels per sign spaced evenly in log between T·10^−3 and T, and 0.
 * Both use the same number of codes as the linear grid with the same bit width (the power-of-two grid as long
 * as its powers stay normal doubles: at up to 10 bits whenever T ≥ 2^−512).
 */

/** The smallest positive normal double, 2^−1022. */
const MIN_NORMAL = 2.2250738585072014e-308

export function pow2Grid(T: number, bits: number): Float64Array {
  const L = 2 ** (bits - 1) - 1
  const out: number[] = [0]
  for (let k = 0; k < L; k++) {
    const v = T * 2 ** -k
    // (past the smallest normal double the powers would lose bits and end in duplicate zeros: with T ≈ 1 that
    // is beyond ~1022 levels a sign, 11 bits; up to 8 bits every power is there)
    if (v < MIN_NORMAL) break
    out.push(v, -v)
  }
  return Float64Array.from(out).sort()
}

export function logGrid(T: number, bits: number, decades = 3): Float64Array {
  const L = 2 ** (bits - 1) - 1
  const out: number[] = [0]
  for (let k = 0; k < L; k++) {
    const v = T * 10 ** (-decades * (k / Math.max(1, L - 1)))
    out.push(v, -v)
  }
  return Float64Array.from(out).sort()
}

/** Snap x to the nearest level of a sorted grid (clipping at its ends). */
export function snapToGrid(x: number, grid: Float64Array): number {
  let a = 0
  let b = grid.length - 1
  if (x <= grid[a]) return grid[a]
  if (x >= grid[b]) return grid[b]
  while (b - a > 1) {
    const m = (a + b) >> 1
    if (grid[m] <= x) a = m
    else b = m
  }
  return x - grid[a] <= grid[b] - x ? grid[a] : grid[b]
}

/** Mean squared error of snapping the values to a grid. */
export function gridMse(x: ArrayLike<number>, grid: Float64Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += (snapToGrid(x[i], grid) - x[i]) ** 2
  return x.length ? s / x.length : 0
}

/**
 * ln k for every integer 1 ≤ k < 2^16, built on first use (0.5 MB, ~1 ms once), shared by the entropy sweeps
 * (entropy.ts) and the TVM sweep's prefix chains (tvmFast.ts). Bin counts and the level sums of histograms up
 * to a few million values are such integers, and a table read is a fraction of a `Math.log` call. The entries
 * are `Math.log(k)` itself, so a result computed from them does not change by a single bit.
 */
let lnIntTable: Float64Array | null = null
export const LN_INT_SIZE = 1 << 16

export function smallIntegerLogs(): Float64Array {
  if (lnIntTable === null) {
    lnIntTable = new Float64Array(LN_INT_SIZE)
    for (let k = 1; k < LN_INT_SIZE; k++) lnIntTable[k] = Math.log(k)
  }
  return lnIntTable
}

/** ln x for x > 0, from the table when x is a small integer. */
export function lnCount(lnInt: Float64Array, x: number): number {
  return x < LN_INT_SIZE && (x | 0) === x ? lnInt[x] : Math.log(x)
}

/**
 * What the tutorial's widgets compute, as pure functions: the widgets draw these results, and the chapters'
 * live numbers (`@{…}`, src/learn/live.ts) quote the same results, so prose and picture cannot drift apart.
 */
import { dequantize, errorMetrics, fakeQuantize, histogram, quantize } from '../core'
import { gridMse, logGrid, pow2Grid } from '../engine/nonlinearGrids'
import { absMax, sample } from './data'

// ---------------------------------------------------------------------------------------------------------
// chapter "linear": three grids with the same number of codes

export const GRID_DISTS = ['laplace', 'normal', 'uniform'] as const
export type GridDist = (typeof GRID_DISTS)[number]
export const GRID_KINDS = ['linear', 'pow2', 'log'] as const
export type GridKind = (typeof GRID_KINDS)[number]

function linearGrid(T: number, bits: number): Float64Array {
  const L = 2 ** (bits - 1) - 1
  const g = new Float64Array(2 * L + 1)
  for (let k = -L; k <= L; k++) g[k + L] = (k * T) / L
  return g
}

/** The grids widget: 4,000 values (seed 42), the three grids over [−T, T], and each grid's MSE. */
export function gridsModel(dist: GridDist, bits: number) {
  const x = sample({ dist, n: 4000, seed: 42 })
  const T = absMax(x)
  const grids = { linear: linearGrid(T, bits), pow2: pow2Grid(T, bits), log: logGrid(T, bits) }
  const mse: Record<GridKind, number> = {
    linear: gridMse(x, grids.linear),
    pow2: gridMse(x, grids.pow2),
    log: gridMse(x, grids.log),
  }
  const best = GRID_KINDS.reduce((a, b) => (mse[b] < mse[a] ? b : a))
  return { T, grids, mse, best, hist: histogram(x, 60, [-T, T]) }
}

// ---------------------------------------------------------------------------------------------------------
// chapter "granularity": per-tensor vs per-channel on a weight-like matrix

export const PC_ROWS = 16
export const PC_COLS = 128
export const PC_DEFAULT_SPREAD = 1.5

/** The per-channel widget: a 16 × 128 normal(0, 0.05) matrix (seed 7) whose rows differ in size by `spread`. */
export function perChannelModel(spread: number) {
  const w = sample({ dist: 'normal', sigma: 0.05, n: PC_ROWS * PC_COLS, rows: PC_ROWS, spread, seed: 7 })
  const pt = { scale: absMax(w) / 127, zeroPoint: 0, qmin: -127, qmax: 127 }
  const whatT = dequantize(quantize(w, pt), pt)
  const whatC = new Float64Array(w.length)
  const rowsIdx: number[] = []
  const mseT: number[] = []
  const mseC: number[] = []
  const sqnrT: number[] = []
  const sqnrC: number[] = []
  const scales: number[] = []
  for (let r = 0; r < PC_ROWS; r++) {
    const row = w.subarray(r * PC_COLS, (r + 1) * PC_COLS)
    const a = absMax(row)
    const pc = { scale: a > 0 ? a / 127 : 1, zeroPoint: 0, qmin: -127, qmax: 127 }
    const d = dequantize(quantize(row, pc), pc)
    whatC.set(d, r * PC_COLS)
    rowsIdx.push(r)
    scales.push(pc.scale)
    const mt = errorMetrics(row, whatT.subarray(r * PC_COLS, (r + 1) * PC_COLS))
    const mc = errorMetrics(row, d)
    mseT.push(mt.mse)
    mseC.push(mc.mse)
    // a row rounded entirely to zero has SQNR 0 dB (noise = signal); keep the curve finite
    sqnrT.push(Number.isFinite(mt.sqnrDb) ? mt.sqnrDb : 0)
    sqnrC.push(Number.isFinite(mc.sqnrDb) ? mc.sqnrDb : 0)
  }
  let smin = Infinity
  let smax = 0
  for (const s of scales) {
    smin = Math.min(smin, s)
    smax = Math.max(smax, s)
  }
  let worstT = 0
  let worstC = 0
  for (let r = 1; r < PC_ROWS; r++) {
    if (sqnrT[r] < sqnrT[worstT]) worstT = r
    if (sqnrC[r] < sqnrC[worstC]) worstC = r
  }
  return {
    rowsIdx,
    mseT,
    mseC,
    sqnrT,
    sqnrC,
    /** the row with the lowest SQNR under one shared scale, and its SQNR both ways */
    worstRow: worstT,
    worstSqnrT: sqnrT[worstT],
    worstSqnrTc: sqnrC[worstT],
    /** the lowest per-row SQNR with one scale per row */
    worstSqnrC: sqnrC[worstC],
    tensor: errorMetrics(w, whatT),
    channel: errorMetrics(w, whatC),
    scaleAll: pt.scale,
    ratio: smax / smin,
  }
}

// ---------------------------------------------------------------------------------------------------------
// chapter "range": clipping error vs rounding error as α moves

export const RANGE_DATA = ['laplace', 'traitor'] as const
export type RangeData = (typeof RANGE_DATA)[number]
export const RANGE_DEFAULT_BITS = 4
const RANGE_STEPS = 160

/** Symmetric fake quantization at threshold α with `bits` bits, and its error split (src/core/metrics.ts). */
export function rangeMetricsAt(x: Float64Array, alpha: number, bits: number) {
  const top = 2 ** (bits - 1) - 1
  const xhat = fakeQuantize(x, { scale: alpha / top, zeroPoint: 0, qmin: -top, qmax: top })
  return errorMetrics(x, xhat, { threshold: alpha })
}

export function rangeData(kind: RangeData): Float64Array {
  return kind === 'traitor'
    ? sample({ dist: 'uniform', lo: -1, hi: 1, n: 10000, seed: 42, outlier: 10 })
    : sample({ dist: 'laplace', sigma: 1, n: 10000, seed: 42 })
}

/** The range widget's sweep: 160 thresholds from max/40 to max, and the one with the lowest total MSE. */
export function rangeSweep(kind: RangeData, bits: number) {
  const x = rangeData(kind)
  const max = absMax(x)
  const lo = max / 40
  const alphas: number[] = []
  const clip: number[] = []
  const round: number[] = []
  const total: number[] = []
  let best = 0
  for (let k = 0; k < RANGE_STEPS; k++) {
    const a = lo + ((max - lo) * k) / (RANGE_STEPS - 1)
    const m = rangeMetricsAt(x, a, bits)
    alphas.push(a)
    clip.push(m.clipErrorMse)
    round.push(m.roundErrorMse)
    total.push(m.mse)
    if (m.mse < total[best]) best = k
  }
  return { x, max, lo, alphas, clip, round, total, best, hist: histogram(x, 120) }
}

// ---------------------------------------------------------------------------------------------------------
// chapter "formats": the group-size chart's weights

/** 64 rows of 512 weights; each row is a channel, groups and MX blocks run along it. */
export const GROUP_COST_SHAPE: [number, number] = [64, 512]

/** Heavy-tailed weights (Student's t, 4 degrees of freedom), as trained layers' often are. */
export function groupCostWeights(): Float64Array {
  const [rows, cols] = GROUP_COST_SHAPE
  return sample({ dist: 'student-t', df: 4, n: rows * cols, rows, spread: 1, seed: 5 })
}

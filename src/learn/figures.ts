/**
 * What the tutorial's widgets compute, as pure functions: the widgets draw these results, and the chapters'
 * live numbers (`@{…}`, src/learn/live.ts) quote the same results, so prose and picture cannot drift apart.
 */
import {
  dequantize,
  errorMetrics,
  fakeQuantize,
  histogram,
  int8Add,
  int8FullyConnected,
  notesAddRequant,
  notesDenseRequant,
  notesInputs,
  quantize,
  quantTensor,
  RandomState,
} from '../core'
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
// chapters "add" and "dense": the notes' float multipliers vs TFLite's integer-only pipelines

export const ADD_N = 10000

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

/** The add widget: the notes' x1 + x2 (seed 42), each max|·|/127, both paths on every element. */
export function addModel() {
  const N = ADD_N
  const { x1, x2 } = notesInputs({ seed: 42, size: N })
  const exact = new Float64Array(N)
  for (let k = 0; k < N; k++) exact[k] = x1[k] + x2[k]
  const wa = absMax(x1) / 127
  const wb = absMax(x2) / 127
  const wc = absMax(exact) / 127
  const xa = quantTensor(x1, wa, 0)
  const xb = quantTensor(x2, wb, 0)
  const notes = notesAddRequant(xa, xb, wa, wb, wc)
  const ints = int8Add(xa, xb, { s1: wa, z1: 0, s2: wb, z2: 0, sOut: wc, zOut: 0 })
  const deqNotes = new Float64Array(N)
  const deqInts = new Float64Array(N)
  let differ = 0
  for (let k = 0; k < N; k++) {
    deqNotes[k] = wc * notes[k]
    deqInts[k] = wc * ints[k]
    if (notes[k] !== ints[k]) differ++
  }
  return {
    x1,
    x2,
    exact,
    wa,
    wb,
    wc,
    xa,
    xb,
    notes,
    ints,
    differ,
    errNotes: maxAbsDiff(deqNotes, exact),
    errInts: maxAbsDiff(deqInts, exact),
  }
}

export const DENSE_BATCH = 4
export const DENSE_DEPTH = 32
export const DENSE_OUTPUTS = 8

/** The dense widget: 4 rows of 32 uniform(−1, 1) inputs, 8 outputs of normal(0, 0.3) weights (seed 1). */
export function denseModel() {
  const BATCH = DENSE_BATCH
  const DEPTH = DENSE_DEPTH
  const OUTPUTS = DENSE_OUTPUTS
  const rs = new RandomState(1)
  const x = rs.uniform(-1, 1, BATCH * DEPTH)
  const w = rs.normal(0, 0.3, OUTPUTS * DEPTH)
  const y = new Float64Array(BATCH * OUTPUTS)
  for (let bi = 0; bi < BATCH; bi++)
    for (let oi = 0; oi < OUTPUTS; oi++) {
      let s = 0
      for (let d = 0; d < DEPTH; d++) s += x[bi * DEPTH + d] * w[oi * DEPTH + d]
      y[bi * OUTPUTS + oi] = s
    }
  const wa = absMax(x) / 127
  const wb = absMax(w) / 127
  const wc = absMax(y) / 127
  const xa = quantTensor(x, wa, 0)
  const xb = quantTensor(w, wb, 0)
  const shape = { batch: BATCH, depth: DEPTH, outputs: OUTPUTS }
  const notes = notesDenseRequant(xa, xb, wa, wb, wc, shape)
  const p = { ...shape, sIn: wa, zIn: 0, sW: wb, zW: 0, sOut: wc, zOut: 0 }
  const ints = int8FullyConnected(xa, xb, null, p)
  let differ = 0
  let err = 0
  for (let k = 0; k < y.length; k++) {
    if (notes.outputs[k] !== ints.outputs[k]) differ++
    err = Math.max(err, Math.abs(wc * ints.outputs[k] - y[k]))
  }
  return { y, wa, wb, wc, xa, xb, notes, ints, p, differ, err }
}

/**
 * Activation outliers and SmoothQuant (Xiao et al. 2023, "SmoothQuant: Accurate and Efficient Post-Training
 * Quantization for Large Language Models", §4 eq. 4): a few input channels j of X are far larger than the
 * rest, so one int8 scale for X wastes almost all its codes on them. Migrating difficulty to the weights,
 * s_j = max|X_j|^α / max|W_j|^(1−α), X′ = X·diag(s)⁻¹ and W′ = diag(s)·W for W laid out in × out (the paper's
 * and the chapter's form) give the same product X′W′ = XW with a flatter X′ and a W′ whose input channels j
 * grew. Here X is batch × k and W is nout × k (out × in, as PyTorch stores it), so W_j is column j of W,
 * Y = X·Wᵀ, and the same scaling is W′ = W·diag(s). Pure: no DOM.
 */
import { errorMetrics } from '../core'

export interface SmoothInputs {
  x: Float64Array
  w: Float64Array
  batch: number
  k: number
  nout: number
}

/** Column-wise max |·| of a rows × k matrix. */
function colAbsMax(a: Float64Array, rows: number, k: number): Float64Array {
  const m = new Float64Array(k)
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < k; j++) {
      const v = Math.abs(a[r * k + j])
      if (v > m[j]) m[j] = v
    }
  return m
}

/**
 * The smoothing factors s_j = max|X_j|^α / max|W_j|^(1−α) (SmoothQuant eq. 4). A channel where either max
 * is 0 keeps s_j = 1 (nothing to migrate, and never a division by zero).
 */
export function smoothScales(inp: SmoothInputs, alpha: number): Float64Array {
  const ax = colAbsMax(inp.x, inp.batch, inp.k)
  const aw = colAbsMax(inp.w, inp.nout, inp.k)
  const s = new Float64Array(inp.k)
  for (let j = 0; j < inp.k; j++) {
    const v = ax[j] > 0 && aw[j] > 0 ? ax[j] ** alpha / aw[j] ** (1 - alpha) : 1
    s[j] = Number.isFinite(v) && v > 0 ? v : 1
  }
  return s
}

/** Symmetric int8 fake quantization on [−127, 127] with absmax scales: per tensor, or per row (per token). */
export function fakeInt8(a: Float64Array, rows: number, cols: number, perRow: boolean): Float64Array {
  const out = new Float64Array(a.length)
  const q = (from: number, to: number) => {
    let m = 0
    for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i]))
    const s = m > 0 ? m / 127 : 1
    for (let i = from; i < to; i++) {
      const v = a[i] / s
      let r = Math.round(v)
      if (r - v === 0.5 && (r & 1) !== 0) r -= 1 // half to even, as np.round
      out[i] = Math.max(-127, Math.min(127, r)) * s
    }
  }
  if (perRow) for (let r = 0; r < rows; r++) q(r * cols, (r + 1) * cols)
  else q(0, a.length)
  return out
}

/** Y = X·Wᵀ (batch × nout). */
export function matmulT(
  x: Float64Array,
  w: Float64Array,
  batch: number,
  k: number,
  nout: number,
): Float64Array {
  const y = new Float64Array(batch * nout)
  for (let b = 0; b < batch; b++)
    for (let o = 0; o < nout; o++) {
      let acc = 0
      const xb = b * k
      const wo = o * k
      for (let j = 0; j < k; j++) acc += x[xb + j] * w[wo + j]
      y[b * nout + o] = acc
    }
  return y
}

export interface SmoothPoint {
  alpha: number
  sqnrDb: number
  mse: number
}

export interface SmoothResult {
  alpha: number
  s: Float64Array
  xs: Float64Array
  ws: Float64Array
  /** per-tensor (or per-token) int8 X and per-tensor int8 W: error of Y before and after smoothing */
  before: SmoothPoint
  after: SmoothPoint
  /** max |X| and max |W| before and after (the outliers shrink, W grows) */
  xMax: [number, number]
  wMax: [number, number]
  /** the largest and the median column max of X before smoothing (how far the outlier channels stand out) */
  xColMax: number
  xColMedian: number
  sweep: SmoothPoint[]
  best: SmoothPoint
}

function absMax(a: Float64Array): number {
  let m = 0
  for (const v of a) m = Math.max(m, Math.abs(v))
  return m
}

function errorOf(
  inp: SmoothInputs,
  y: Float64Array,
  x: Float64Array,
  w: Float64Array,
  perToken: boolean,
  alpha: number,
): SmoothPoint {
  const yq = matmulT(
    fakeInt8(x, inp.batch, inp.k, perToken),
    fakeInt8(w, inp.nout, inp.k, false),
    inp.batch,
    inp.k,
    inp.nout,
  )
  const m = errorMetrics(y, yq)
  return { alpha, sqnrDb: m.sqnrDb, mse: m.mse }
}

/** X′ = X·diag(s)⁻¹ and W′ = W·diag(s) (W is out × in: column j of W times s_j). */
export function migrate(inp: SmoothInputs, s: Float64Array): { xs: Float64Array; ws: Float64Array } {
  const { batch, k, nout } = inp
  const xs = new Float64Array(batch * k)
  for (let b = 0; b < batch; b++) for (let j = 0; j < k; j++) xs[b * k + j] = inp.x[b * k + j] / s[j]
  const ws = new Float64Array(nout * k)
  for (let o = 0; o < nout; o++) for (let j = 0; j < k; j++) ws[o * k + j] = inp.w[o * k + j] * s[j]
  return { xs, ws }
}

/**
 * SmoothQuant at `alpha`, the error of the int8 product before and after, and the sweep α = 0, 0.05 … 1
 * (`steps` + 1 points) with the best α on it.
 */
export function smoothQuant(
  inp: SmoothInputs,
  alpha: number,
  opts: { perToken?: boolean; steps?: number } = {},
): SmoothResult {
  const perToken = opts.perToken ?? false
  const steps = opts.steps ?? 20
  const y = matmulT(inp.x, inp.w, inp.batch, inp.k, inp.nout)
  const before = errorOf(inp, y, inp.x, inp.w, perToken, NaN)
  const at = (a: number) => {
    const s = smoothScales(inp, a)
    const { xs, ws } = migrate(inp, s)
    return { s, xs, ws, point: errorOf(inp, y, xs, ws, perToken, a) }
  }
  const cur = at(alpha)
  const sweep: SmoothPoint[] = []
  for (let i = 0; i <= steps; i++) sweep.push(at(i / steps).point)
  let best = sweep[0]
  for (const p of sweep) if (p.sqnrDb > best.sqnrDb) best = p
  const cols = colAbsMax(inp.x, inp.batch, inp.k)
  const sorted = Array.from(cols).sort((a, b) => a - b)
  return {
    alpha,
    s: cur.s,
    xs: cur.xs,
    ws: cur.ws,
    before,
    after: cur.point,
    xMax: [absMax(inp.x), absMax(cur.xs)],
    wMax: [absMax(inp.w), absMax(cur.ws)],
    xColMax: sorted[sorted.length - 1] ?? 0,
    xColMedian: sorted[Math.floor(sorted.length / 2)] ?? 0,
    sweep,
    best,
  }
}

/**
 * Outlier channels: `count` columns of X (batch × k), evenly spaced, multiplied by `factor` — the way a
 * few hidden dimensions of a large language model's activations are 10–100× larger than the rest
 * (Dettmers et al. 2022, LLM.int8(); Xiao et al. 2023 fig. 4). Returns the columns chosen.
 */
export function injectOutlierChannels(
  x: Float64Array,
  batch: number,
  k: number,
  factor: number,
  count: number,
): number[] {
  const c = Math.max(0, Math.min(k, Math.floor(count)))
  const cols: number[] = []
  for (let i = 0; i < c; i++) cols.push(Math.floor(((2 * i + 1) * k) / (2 * c)))
  for (const j of cols) for (let b = 0; b < batch; b++) x[b * k + j] *= factor
  return cols
}

export interface SmoothSummary {
  alpha: number
  perToken: boolean
  before: SmoothPoint
  after: SmoothPoint
  best: SmoothPoint
  sweep: SmoothPoint[]
  xMax: [number, number]
  wMax: [number, number]
  xColMax: number
  xColMedian: number
  /** s_j at the largest X channel: the numbers of the formula */
  j: number
  axj: number
  awj: number
  sj: number
  /** histograms over one shared range each: X before/after, W before/after */
  xEdges: Float64Array
  xBefore: Float64Array
  xAfter: Float64Array
  wEdges: Float64Array
  wBefore: Float64Array
  wAfter: Float64Array
}

function sharedHist(a: Float64Array, b: Float64Array, bins: number) {
  let lo = Infinity
  let hi = -Infinity
  for (const v of a) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  for (const v of b) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  if (!(hi > lo)) {
    lo -= 0.5
    hi += 0.5
  }
  const edges = new Float64Array(bins + 1)
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins
  const count = (v: Float64Array) => {
    const c = new Float64Array(bins)
    for (const x of v) c[Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo)) * bins))]++
    return c
  }
  return { edges, a: count(a), b: count(b) }
}

/** What the dense view shows: the error before and after, the sweep, the formula's numbers, the histograms. */
export function smoothSummary(inp: SmoothInputs, alpha: number, perToken: boolean): SmoothSummary {
  // the sweep costs one int8 product per α: fewer α for large layers
  const steps = inp.batch * inp.k * inp.nout > 4_000_000 ? 10 : 20
  const r = smoothQuant(inp, alpha, { perToken, steps })
  const ax = colAbsMax(inp.x, inp.batch, inp.k)
  const aw = colAbsMax(inp.w, inp.nout, inp.k)
  let j = 0
  for (let i = 1; i < inp.k; i++) if (ax[i] > ax[j]) j = i
  const hx = sharedHist(inp.x, r.xs, 60)
  const hw = sharedHist(inp.w, r.ws, 60)
  return {
    alpha,
    perToken,
    before: r.before,
    after: r.after,
    best: r.best,
    sweep: r.sweep,
    xMax: r.xMax,
    wMax: r.wMax,
    xColMax: r.xColMax,
    xColMedian: r.xColMedian,
    j,
    axj: ax[j],
    awj: aw[j],
    sj: r.s[j],
    xEdges: hx.edges,
    xBefore: hx.a,
    xAfter: hx.b,
    wEdges: hw.edges,
    wBefore: hw.a,
    wAfter: hw.b,
  }
}

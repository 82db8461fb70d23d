/**
 * Where the Lab's tensor comes from: the generators (drawn with the numpy-compatible RandomState, so
 * `uniform(-1, 1), n = 10000, seed = 42` is exactly the notes' x1), a density the user sketched, or loaded
 * data; then the injected outliers (`x1[0] = 10` in the notes). Pure: no DOM.
 */
import { RandomState, runSteps, STEP, type Steps } from '../core'
import { generatedShape, type LabParams } from '../params/labParams'

export interface Tensor {
  data: Float64Array
  /** [rows, cols]; rows = 1 for a plain vector */
  shape: [number, number]
  /** indices written by outlier injection (so views can tell the traitor from the inliers) */
  outlierIdx: Int32Array
}

export type SourceSpec = Pick<
  LabParams,
  | 'dist'
  | 'lo'
  | 'hi'
  | 'mu'
  | 'sigma'
  | 'df'
  | 'sep'
  | 'mix'
  | 'draw'
  | 'dlo'
  | 'dhi'
  | 'n'
  | 'rows'
  | 'spread'
  | 'seed'
  | 'outlier'
  | 'outliers'
  | 'at'
>

export const SOURCE_KEYS: (keyof SourceSpec)[] = [
  'dist',
  'lo',
  'hi',
  'mu',
  'sigma',
  'df',
  'sep',
  'mix',
  'draw',
  'dlo',
  'dhi',
  'n',
  'rows',
  'spread',
  'seed',
  'outlier',
  'outliers',
  'at',
]

export function sourceSpecOf(p: LabParams): SourceSpec {
  const s: Record<string, unknown> = {}
  for (const k of SOURCE_KEYS) s[k] = p[k]
  return s as SourceSpec
}

/** A drawn density: base-36 digits, one per equal-width column over [dlo, dhi]. */
export function decodeDrawing(s: string | null): Float64Array | null {
  if (!s) return null
  const h = new Float64Array(s.length)
  let total = 0
  for (let i = 0; i < s.length; i++) {
    h[i] = parseInt(s[i], 36)
    total += h[i]
  }
  return total > 0 ? h : null
}

export function encodeDrawing(heights: ArrayLike<number>): string {
  let max = 0
  for (let i = 0; i < heights.length; i++) max = Math.max(max, heights[i])
  let s = ''
  for (let i = 0; i < heights.length; i++) {
    const d = max > 0 ? Math.round((heights[i] / max) * 35) : 0
    s += d.toString(36)
  }
  return s
}

/** The default sketch: a bump, so "drawn" shows something before the user draws. */
export const DEFAULT_DRAWING = '0012469bhmrvxzzxvrmhb9642100000000'.slice(0, 32)

/**
 * Inverse-CDF sampling from a piecewise-constant density: u → the column where the CDF reaches u, then a
 * linear position inside it. One uniform draw per sample (np.random.random_sample), so numpy can repeat it.
 */
export function sampleDrawn(
  rs: RandomState,
  heights: Float64Array,
  lo: number,
  hi: number,
  n: number,
): Float64Array {
  return runSteps(sampleDrawnSteps(rs, heights, lo, hi, n))
}

function* sampleDrawnSteps(
  rs: RandomState,
  heights: Float64Array,
  lo: number,
  hi: number,
  n: number,
): Steps<Float64Array> {
  const k = heights.length
  const cdf = new Float64Array(k + 1)
  for (let i = 0; i < k; i++) cdf[i + 1] = cdf[i] + heights[i]
  const total = cdf[k]
  const u = yield* drawn(n, (o) => rs.randomSample(o.length, o))
  const out = new Float64Array(n)
  const width = (hi - lo) / k
  for (let s0 = 0; s0 < n; s0 += STEP) {
    yield
    for (let i = s0, e0 = Math.min(n, s0 + STEP); i < e0; i++) {
      const target = u[i] * total
      let a = 0
      let b = k
      while (b - a > 1) {
        const m = (a + b) >> 1
        if (cdf[m] <= target) a = m
        else b = m
      }
      const inCol = heights[a] > 0 ? (target - cdf[a]) / heights[a] : 0
      out[i] = lo + (a + inCol) * width
    }
  }
  return out
}

/**
 * n draws of a RandomState method, `STEP` at a time, each slice drawn straight into its part of the output (a
 * view, not a new array per slice: see RandomState's `into`): the generator is one continuous stream (its state,
 * the cached second Gaussian included, carries over from call to call), so the slices give the values one call
 * of size n gives. The method is called at least once, so its argument checks run even for n = 0.
 */
function* drawn(n: number, draw: (into: Float64Array) => Float64Array): Steps<Float64Array> {
  const out = new Float64Array(n)
  let s = 0
  do {
    if (s > 0) yield
    const k = Math.min(STEP, n - s)
    draw(out.subarray(s, s + k))
    s += k
  } while (s < n)
  return out
}

/** x[i] = f(x[i]) for every i, in slices. */
function* mapInPlace(x: Float64Array, f: (v: number) => number): Steps<void> {
  for (let s = 0; s < x.length; s += STEP) {
    yield
    for (let i = s, e = Math.min(x.length, s + STEP); i < e; i++) x[i] = f(x[i])
  }
}

function* generateVector(s: SourceSpec, rs: RandomState, n: number): Steps<Float64Array> {
  switch (s.dist) {
    case 'uniform':
      return yield* drawn(n, (o) => rs.uniform(s.lo, s.hi, o.length, o))
    case 'normal':
      return yield* drawn(n, (o) => rs.normal(s.mu, s.sigma, o.length, o))
    case 'laplace':
      return yield* drawn(n, (o) => rs.laplace(s.mu, s.sigma, o.length, o))
    case 'student-t': {
      const t = yield* drawn(n, (o) => rs.standardT(s.df, o.length, o))
      yield* mapInPlace(t, (v) => s.mu + s.sigma * v)
      return t
    }
    case 'bimodal': {
      // component choice first, then the deviates: c = random_sample(n) < mix; z = normal(0, 1, n)
      const c = yield* drawn(n, (o) => rs.randomSample(o.length, o))
      const z = yield* drawn(n, (o) => rs.normal(0, 1, o.length, o))
      for (let s0 = 0; s0 < n; s0 += STEP) {
        yield
        for (let i = s0, e0 = Math.min(n, s0 + STEP); i < e0; i++)
          z[i] = s.mu + (c[i] < s.mix ? -s.sep / 2 : s.sep / 2) + s.sigma * z[i]
      }
      return z
    }
    case 'lognormal':
      return yield* drawn(n, (o) => rs.lognormal(s.mu, s.sigma, o.length, o))
    case 'relu-normal': {
      const x = yield* drawn(n, (o) => rs.normal(s.mu, s.sigma, o.length, o))
      yield* mapInPlace(x, (v) => (v < 0 ? 0 : v))
      return x
    }
    case 'drawn': {
      const h = decodeDrawing(s.draw) ?? decodeDrawing(DEFAULT_DRAWING)!
      return yield* sampleDrawnSteps(rs, h, s.dlo, s.dhi, n)
    }
    case 'loaded':
      throw new RangeError('loaded data is not generated')
  }
}

/**
 * Per-channel spread: row r of a rows×cols tensor is multiplied by exp(spread · u_r), u_r uniform(-1, 1)
 * drawn after the values, as real layers have channels of very different magnitude.
 */
function* applyChannelSpread(x: Float64Array, rows: number, spread: number, rs: RandomState): Steps<void> {
  if (rows <= 1 || spread === 0) return
  const cols = x.length / rows
  const u = rs.uniform(-1, 1, rows)
  let done = 0
  for (let r = 0; r < rows; r++) {
    const f = Math.exp(spread * u[r])
    for (let c = 0; c < cols; c++) x[r * cols + c] *= f
    done += cols
    if (done >= STEP) {
      done = 0
      yield
    }
  }
}

/** Write `outliers` copies of `outlier` at `at`, `at + 1`, … (those in range); returns their indices. */
export function injectOutliers(
  x: Float64Array,
  s: Pick<SourceSpec, 'outlier' | 'outliers' | 'at'>,
): Int32Array {
  if (s.outlier === null || s.outliers <= 0) return new Int32Array(0)
  const end = Math.min(x.length, s.at + s.outliers)
  const idx = new Int32Array(Math.max(0, end - s.at))
  for (let i = s.at; i < end; i++) {
    x[i] = s.outlier
    idx[i - s.at] = i
  }
  return idx
}

/** Generate the tensor a source spec describes (not for `loaded`). */
export function generateTensor(s: SourceSpec): Tensor {
  return runSteps(generateTensorSteps(s))
}

/** `generateTensor` in slices (core/steps.ts): the same values, yielding between slices of the stream. */
export function* generateTensorSteps(s: SourceSpec): Steps<Tensor> {
  const { rows, cols, length: n } = generatedShape(s.n, s.rows)
  const rs = new RandomState(s.seed)
  const data = yield* generateVector(s, rs, n)
  yield* applyChannelSpread(data, rows, s.spread, rs)
  const outlierIdx = injectOutliers(data, s)
  return { data, shape: [rows, cols], outlierIdx }
}

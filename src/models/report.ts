/**
 * Weight quantization report of one tensor (core-api.md §7): symmetric absmax scales per tensor, per
 * output channel and per group; SQNR = 10·log10(Σw² / Σ(w − ŵ)²); the channel range spread
 * (Krishnamoorthi 2018 §3.1: a spread of per-channel ranges is what makes per-tensor scales fail) and
 * RMSE/scale (the TFLite quantization debugger's `scale-normalized RMSE`, 1/√12 ≈ 0.289 for healthy
 * rounding error).
 *
 * `weightReportSteps` (and the other `…Steps` here) yield after about every `step` values (core/steps.ts), so
 * that a report made on the page (after the model's worker gave up) leaves the page a turn within a large
 * layer; `weightReport` runs the same steps to their end. The same operations in the same order: the same
 * figures bit for bit.
 */
import { assertStep, runSteps, slices, STEP, type Steps } from '../core/steps'

export interface WeightReportOptions {
  bits: number
  /** the output-channel axis (negative counts from the end) */
  axis: number
  /** per-group scales: runs of `groupSize` values within each channel's slice */
  groupSize?: number
}

export interface WeightReport {
  /** NaN when the weight holds a value that is NaN or ±∞ (`nonFinite`), as are the other figures of error */
  perTensorSqnrDb: number
  perChannelSqnrDb: number
  groupSqnrDb?: number
  channelRangeSpread: number
  rmseOverScale: number
  /** the range of the finite values */
  min: number
  max: number
  /**
   * how many values are NaN or ±∞. A file may hold them (a diverged training run, an fp16 overflow); no scale
   * can quantize them, so such a weight gets no figures of error rather than ones computed from NaN.
   */
  nonFinite: number
}

/** `outer × channels × inner` view of a shape around `axis` */
export function channelLayout(shape: readonly number[], axis: number) {
  const nd = shape.length
  const a = nd === 0 ? 0 : axis < 0 ? axis + nd : axis
  if (nd > 0 && (a < 0 || a >= nd || !Number.isInteger(a)))
    throw new RangeError(`axis ${axis} out of range for shape [${shape.join(', ')}]`)
  let outer = 1
  let inner = 1
  for (let i = 0; i < a; i++) outer *= shape[i]
  for (let i = a + 1; i < nd; i++) inner *= shape[i]
  const channels = nd === 0 ? 1 : shape[a]
  return { axis: a, outer, channels, inner }
}

/** max|w| of every slice along `axis`, over its finite values (NaN and ±∞ are counted by `weightReport`) */
export function channelAbsMax(
  t: { shape: readonly number[]; data: ArrayLike<number> },
  axis: number,
): Float64Array {
  return runSteps(channelAbsMaxSteps(t, axis))
}

/**
 * `channelAbsMax` yielding after about every `step` values: the values are visited in memory order, where
 * channel c's runs are d[(o·channels + c)·inner …][inner], a run cut where a slice ends. (The loops over the
 * values are plain functions, not the generator's own: V8 does not optimize a loop inside a generator that it
 * only enters once.)
 */
export function* channelAbsMaxSteps(
  t: { shape: readonly number[]; data: ArrayLike<number> },
  axis: number,
  step = STEP,
): Steps<Float64Array> {
  assertStep(step)
  const { channels, inner } = channelLayout(t.shape, axis)
  const m = new Float64Array(channels)
  const d = yield* toF64Steps(t.data, step)
  yield* slices(d.length, (s, e) => absMaxSlice(d, s, e, channels, inner, m), step)
  return m
}

/** channel maxima (into `m`) over d[s … e), visited in memory order */
function absMaxSlice(
  d: Float64Array,
  s: number,
  e: number,
  channels: number,
  inner: number,
  m: Float64Array,
) {
  if (inner === 1) {
    // every run is one value (the channel axis last)
    let k = s % channels
    for (let i = s; i < e; i++) {
      const v = Math.abs(d[i])
      if (v > m[k] && v < Infinity) m[k] = v
      if (++k === channels) k = 0
    }
    return
  }
  let run = Math.floor(s / inner)
  let c = run % channels
  for (let i = s; i < e;) {
    const end = Math.min(e, (run + 1) * inner)
    let mx = m[c]
    for (; i < end; i++) {
      const v = Math.abs(d[i])
      if (v > mx && v < Infinity) mx = v
    }
    m[c] = mx
    run++
    if (++c === channels) c = 0
  }
}

/**
 * The per-tensor and per-channel sums of squared errors over d[s … e) in memory order, on from `acc` = [Σ per
 * tensor, Σ per channel, the current run's per-tensor part, its per-channel part, Σw²]: each run's sum is added
 * when the run ends (as when it is summed whole), so a run cut between slices sums the same. Σw² (the signal)
 * goes value by value in memory order, in the same read of each value.
 */
function errorSlice(
  d: Float64Array,
  s: number,
  e: number,
  channels: number,
  inner: number,
  scaleT: number,
  scaleC: Float64Array,
  qmax: number,
  acc: Float64Array,
) {
  if (inner === 1) return errorSlice1(d, s, e, channels, scaleT, scaleC, qmax, acc)
  let errT = acc[0]
  let errC = acc[1]
  let eT = acc[2]
  let eC = acc[3]
  let signal = acc[4]
  let run = Math.floor(s / inner)
  let c = run % channels
  for (let i = s; i < e;) {
    const runEnd = (run + 1) * inner
    const end = Math.min(e, runEnd)
    runErrors(d, i, end - i, scaleT, scaleC[c], qmax, eT, eC, signal, sums)
    eT = sums[0]
    eC = sums[1]
    signal = sums[2]
    i = end
    if (end === runEnd) {
      errT += eT
      errC += eC
      eT = 0
      eC = 0
      run++
      if (++c === channels) c = 0
    }
    // kept as it goes (no write after the loop: see above)
    acc[0] = errT
    acc[1] = errC
    acc[2] = eT
    acc[3] = eC
    acc[4] = signal
  }
}

/**
 * `errorSlice` when every run is one value (the channel axis last: TF's HWIO and in×out): each run's sum is
 * 0 + r², which is r², added straight to the totals (no call per value)
 */
function errorSlice1(
  d: Float64Array,
  s: number,
  e: number,
  channels: number,
  scaleT: number,
  scaleC: Float64Array,
  qmax: number,
  acc: Float64Array,
) {
  let errT = acc[0]
  let errC = acc[1]
  let signal = acc[4]
  const invT = 1 / scaleT
  const exactT = !Number.isFinite(invT)
  let c = s % channels
  for (let i = s; i < e; i++) {
    const x = d[i]
    signal += x * x
    errT += squaredError(x, scaleT, invT, exactT, qmax)
    const sc = scaleC[c]
    const inv = 1 / sc
    errC += squaredError(x, sc, inv, !Number.isFinite(inv), qmax)
    if (++c === channels) c = 0
    acc[0] = errT
    acc[1] = errC
    acc[4] = signal
  }
}

/**
 * v + ROUNDER − ROUNDER is v rounded half to even, for |v| < 2^51: the sum lands where float64's spacing is 1, and
 * IEEE 754's default rounding (to nearest, ties to even) does the rounding. The kernels below only round |v| ≤
 * qmax (each scale is a max|x| over qmax), and the sum is one add and one subtract without a branch: on normally
 * distributed weights Math.round's own fix-up for ties (up, where the report wants even) cost a report ~40 %.
 */
const ROUNDER = 1.5 * 2 ** 52

/** (x − ŵ)² of one value, as `runError` takes it */
function squaredError(x: number, scale: number, inv: number, exactOnly: boolean, qmax: number): number {
  let v = x * inv
  let q = v + ROUNDER - ROUNDER
  if (exactOnly || Math.abs(q - v) > 0.4999999) {
    v = x / scale
    q = v + ROUNDER - ROUNDER
  }
  q = Math.min(qmax, Math.max(-qmax, q))
  const r = x - q * scale
  return r * r
}

/**
 * `errG` plus the errors of channel c's group of positions [p0, p1) when every run is one value: each run's sum
 * is 0 + r², which is r², added in turn
 */
function wholeGroup1(
  d: Float64Array,
  c: number,
  channels: number,
  p0: number,
  p1: number,
  qmax: number,
  errG: number,
): number {
  let m = 0
  for (let p = p0; p < p1; p++) {
    const a = Math.abs(d[p * channels + c])
    if (a > m) m = a
  }
  const sc = m === 0 ? 1 : m / qmax
  const inv = 1 / sc
  const exactOnly = !Number.isFinite(inv)
  for (let p = p0; p < p1; p++) errG += squaredError(d[p * channels + c], sc, inv, exactOnly, qmax)
  return errG
}

/** where the per-group pass stands: channel `c`, its group from `p0`, position `p`; its max `m` done or not */
interface GroupCursor {
  c: number
  p0: number
  p: number
  /** the group's max is known (its error pass is under way) */
  measured: boolean
  m: number
  /** the sum of the current run's part done */
  e: number
  errG: number
}

/**
 * The per-group pass for up to `budget` values (each value is visited twice: for its group's max, then its
 * error); true once every group is done. A channel's slice is the other axes flattened in C order: position
 * p = oi·inner + k; groups are runs of g positions, so a group is a set of (possibly several) runs within the
 * inner blocks, summed one run at a time.
 */
function groupSlice(
  d: Float64Array,
  channels: number,
  inner: number,
  g: number,
  qmax: number,
  st: GroupCursor,
  budget: number,
): boolean {
  const perCh = d.length === 0 ? 0 : d.length / channels
  // the cursor is read and written as the pass goes (no write after a loop: see above)
  while (st.c < channels) {
    const c = st.c
    const p0 = st.p0
    const p1 = Math.min(perCh, p0 + g)
    if (inner === 1 && !st.measured && st.p === p0 && budget >= 2 * (p1 - p0)) {
      // every run is one value (the channel axis last): the whole group at once
      st.errG = wholeGroup1(d, c, channels, p0, p1, qmax, st.errG)
      budget -= 2 * (p1 - p0)
      st.measured = true
      st.p = p1
    }
    if (!st.measured) {
      while (st.p < p1 && budget > 0) {
        const p = st.p
        const oi = Math.floor(p / inner)
        const k = p - oi * inner
        const len = Math.min(inner - k, p1 - p, budget)
        const base = (oi * channels + c) * inner + k
        let m = st.m
        for (let i = base; i < base + len; i++) {
          const a = Math.abs(d[i])
          if (a > m) m = a
        }
        st.m = m
        st.p = p + len
        budget -= len
      }
      if (st.p < p1) return false
      st.measured = true
      st.p = p0
    }
    const sc = st.m === 0 ? 1 : st.m / qmax
    while (st.p < p1 && budget > 0) {
      const p = st.p
      const oi = Math.floor(p / inner)
      const k = p - oi * inner
      const len = Math.min(inner - k, p1 - p, budget)
      const e = runError(d, (oi * channels + c) * inner + k, len, sc, qmax, st.e)
      st.p = p + len
      budget -= len
      // the run ends at the end of the inner block or of the group
      if (k + len === inner || p + len === p1) {
        st.errG += e
        st.e = 0
      } else st.e = e
    }
    if (st.p < p1) return false
    st.p0 = p1 >= perCh ? 0 : p1
    if (p1 >= perCh) st.c = c + 1
    st.p = st.p0
    st.measured = false
    st.m = 0
  }
  return true
}

/**
 * Σ(x − ŵ)² of quantizing the run d[base … base+len) with one `scale`: round half to even (v + 1.5·2^52 − 1.5·2^52,
 * see ROUNDER), clip to ±qmax. x·(1/scale) can differ from x/scale in the last bit, which matters only next to a
 * tie, so such values are divided. The hot loop of every report; monomorphic over a Float64Array. A run cut in
 * two sums the same as the whole: `runError(d, b + k, len − k, s, q, runError(d, b, k, s, q))`, term by term.
 */
function runError(
  d: Float64Array,
  base: number,
  len: number,
  scale: number,
  qmax: number,
  /** the sum so far of the run's earlier part (a run cut between slices goes on from there) */
  from = 0,
): number {
  let e = from
  const inv = 1 / scale
  // a subnormal scale has no finite reciprocal: divide throughout
  const exactOnly = !Number.isFinite(inv)
  for (let i = base, end = base + len; i < end; i++) {
    const x = d[i]
    let v = x * inv
    let q = v + ROUNDER - ROUNDER
    if (exactOnly || Math.abs(q - v) > 0.4999999) {
      v = x / scale
      q = v + ROUNDER - ROUNDER
    }
    q = Math.min(qmax, Math.max(-qmax, q))
    const r = x - q * scale
    e += r * r
  }
  return e
}

/** `runErrors`' three sums */
const sums = new Float64Array(3)

/**
 * `runError` with two scales at once (the per-tensor and the per-channel one), each sum on from its own `from`,
 * and Σx² on from `fromS`: one read of each value for the three, the same terms in the same order as three
 * passes. The sums go to `out`.
 */
function runErrors(
  d: Float64Array,
  base: number,
  len: number,
  scaleA: number,
  scaleB: number,
  qmax: number,
  fromA: number,
  fromB: number,
  fromS: number,
  out: Float64Array,
): void {
  let eA = fromA
  let eB = fromB
  let sq = fromS
  const invA = 1 / scaleA
  const invB = 1 / scaleB
  const exactA = !Number.isFinite(invA)
  const exactB = !Number.isFinite(invB)
  for (let i = base, end = base + len; i < end; i++) {
    const x = d[i]
    sq += x * x
    let v = x * invA
    let q = v + ROUNDER - ROUNDER
    if (exactA || Math.abs(q - v) > 0.4999999) {
      v = x / scaleA
      q = v + ROUNDER - ROUNDER
    }
    q = Math.min(qmax, Math.max(-qmax, q))
    let r = x - q * scaleA
    eA += r * r
    v = x * invB
    q = v + ROUNDER - ROUNDER
    if (exactB || Math.abs(q - v) > 0.4999999) {
      v = x / scaleB
      q = v + ROUNDER - ROUNDER
    }
    q = Math.min(qmax, Math.max(-qmax, q))
    r = x - q * scaleB
    eB += r * r
  }
  out[0] = eA
  out[1] = eB
  out[2] = sq
}

/** a Float64Array of the values (typed arrays copy in bulk: `Float64Array.from` would walk an iterator) */
export function toF64(a: ArrayLike<number>): Float64Array {
  return runSteps(toF64Steps(a))
}

/** `toF64` a slice of `step` values at a time (the same values: each conversion to float64 is exact) */
export function* toF64Steps(a: ArrayLike<number>, step = STEP): Steps<Float64Array> {
  if (a instanceof Float64Array) return a
  const o = new Float64Array(a.length)
  if (ArrayBuffer.isView(a)) {
    const v = a as unknown as Float32Array
    yield* slices(a.length, (s, e) => o.set(v.subarray(s, e), s), step)
  } else
    yield* slices(
      a.length,
      (s, e) => {
        for (let i = s; i < e; i++) o[i] = a[i]
      },
      step,
    )
  return o
}

/** the largest |w| for which the report's sums of squares are taken in the weight's own unit */
const SAFE_MAX = 2 ** 400
const SAFE_MIN = 2 ** -400

/**
 * `d` times the power of two that brings `absMax` near 1 (exact: only the exponents change), when its squares
 * would leave float64's range (d itself otherwise). Two factors, each representable (2^1074 is not).
 */
export function inSafeUnit(d: Float64Array, absMax: number): Float64Array {
  return runSteps(inSafeUnitSteps(d, absMax))
}

/** `inSafeUnit` a slice of `step` values at a time */
export function* inSafeUnitSteps(d: Float64Array, absMax: number, step = STEP): Steps<Float64Array> {
  if (absMax === 0 || (absMax > SAFE_MIN && absMax < SAFE_MAX)) return d
  const k = Math.floor(Math.log2(absMax))
  const k1 = Math.trunc(-k / 2)
  const s1 = 2 ** k1
  const s2 = 2 ** (-k - k1)
  const out = new Float64Array(d.length)
  yield* slices(
    d.length,
    (s, e) => {
      for (let i = s; i < e; i++) out[i] = d[i] * s1 * s2
    },
    step,
  )
  return out
}

const sqnr = (signal: number, noise: number) =>
  noise === 0 ? Infinity : signal === 0 ? -Infinity : 10 * Math.log10(signal / noise)

export function weightReport(
  t: { shape: number[]; data: ArrayLike<number> },
  o: WeightReportOptions,
): WeightReport {
  return runSteps(weightReportSteps(t, o))
}

/*
 * The passes over the values are plain functions (not the generators' own loops, which V8 leaves unoptimized)
 * that return one number, or keep their state in an array or cursor as they go: a loop that wrote its results
 * after it ended was optimized on stack before that write had ever run, and V8 then left the optimized code at
 * that write on every later call (a report ~30 % slower).
 */

/**
 * The smallest and largest finite values of d[s … e) and how many are NaN or ±∞, on from `acc` = [min, max,
 * count]: one read of each value for the three (an entry is written when it changes, inside the loop)
 */
function rangeSlice(d: Float64Array, s: number, e: number, acc: Float64Array): void {
  let lo = acc[0]
  let hi = acc[1]
  for (let i = s; i < e; i++) {
    const v = d[i]
    if (v - v !== 0) {
      acc[2]++
      continue
    }
    if (v < lo) {
      lo = v
      acc[0] = v
    }
    if (v > hi) {
      hi = v
      acc[1] = v
    }
  }
}

/** `weightReport` yielding after about every `step` values (runs of a channel or a group cut between slices) */
export function* weightReportSteps(
  t: { shape: number[]; data: ArrayLike<number> },
  o: WeightReportOptions,
  step = STEP,
): Steps<WeightReport> {
  const { bits } = o
  if (!Number.isInteger(bits) || bits < 2 || bits > 16) throw new RangeError(`bits ${bits}: 2 … 16`)
  assertStep(step)
  const qmax = 2 ** (bits - 1) - 1
  const raw = yield* toF64Steps(t.data, step)
  const n = raw.length
  const { outer, channels, inner } = channelLayout(t.shape, o.axis)
  if (outer * channels * inner !== n) throw new RangeError('shape and data length differ')
  const range = Float64Array.of(Infinity, -Infinity, 0)
  yield* slices(n, (s, e) => rangeSlice(raw, s, e, range), step)
  const [min, max, nonFinite] = range
  if (nonFinite > 0) {
    const finite = n - nonFinite
    return {
      perTensorSqnrDb: NaN,
      perChannelSqnrDb: NaN,
      ...(o.groupSize !== undefined ? { groupSqnrDb: NaN } : {}),
      channelRangeSpread: NaN,
      rmseOverScale: NaN,
      min: finite === 0 ? NaN : min,
      max: finite === 0 ? NaN : max,
      nonFinite,
    }
  }
  // the sums of squares in a unit where max|w| is near 1, where w² would overflow (|w| ≳ 1e154) or underflow:
  // every figure of the report is a ratio, the same in any unit
  const d = yield* inSafeUnitSteps(raw, Math.max(Math.abs(min), Math.abs(max)), step)
  const chMax = yield* channelAbsMaxSteps({ shape: t.shape, data: d }, o.axis, step)
  // max|w| over the tensor is the largest channel's (the values are finite here, as channelAbsMax takes them)
  let absMax = 0
  for (const m of chMax) if (m > absMax) absMax = m
  const scaleT = absMax === 0 ? 1 : absMax / qmax
  const scaleC = chMax.map((m) => (m === 0 ? 1 : m / qmax))
  const err = new Float64Array(5)
  yield* slices(n, (s, e) => errorSlice(d, s, e, channels, inner, scaleT, scaleC, qmax, err), step)
  const [errT, errC, , , signal] = err
  let groupSqnrDb: number | undefined
  if (o.groupSize !== undefined) {
    const g = o.groupSize
    if (!Number.isInteger(g) || g < 1) throw new RangeError(`groupSize ${g}`)
    const st: GroupCursor = { c: 0, p0: 0, p: 0, measured: false, m: 0, e: 0, errG: 0 }
    while (!groupSlice(d, channels, inner, g, qmax, st, step)) yield
    groupSqnrDb = sqnr(signal, st.errG)
  }
  let lo = Infinity
  let hi = 0
  // the spread from the values as they are (a channel far below the largest may be 0 in the scaled unit)
  for (const m of d === raw
    ? chMax
    : yield* channelAbsMaxSteps({ shape: t.shape, data: raw }, o.axis, step)) {
    if (m > 0 && m < lo) lo = m
    if (m > hi) hi = m
  }
  return {
    perTensorSqnrDb: sqnr(signal, errT),
    perChannelSqnrDb: sqnr(signal, errC),
    ...(groupSqnrDb !== undefined ? { groupSqnrDb } : {}),
    // no non-zero channel: nothing is spread
    channelRangeSpread: hi > 0 ? hi / lo : 1,
    rmseOverScale: n === 0 ? 0 : Math.sqrt(errT / n) / scaleT,
    min: n === 0 ? 0 : min,
    max: n === 0 ? 0 : max,
    nonFinite: 0,
  }
}

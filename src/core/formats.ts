/**
 * Number formats beyond int8 (core-api.md §8): the value sets of int4/int8, the OCP 8-bit floats E4M3 ("FN")
 * and E5M2, the OCP 4-bit float E2M1, and QLoRA's NF4 code book; rounding to them (nearest, ties to the even
 * code, saturating); group-wise absmax scales; and OCP Microscaling (MXFP4 / MXFP8) blocks.
 * Pure: no DOM.
 */

export type ElementFormat = 'int8' | 'int4' | 'e4m3' | 'e5m2' | 'e2m1' | 'nf4'
export const ELEMENT_FORMATS: readonly ElementFormat[] = ['int8', 'int4', 'e4m3', 'e5m2', 'e2m1', 'nf4']

/** A floating-point layout: sign, `exp` exponent bits with bias 2^(exp−1) − 1, `man` mantissa bits. */
export interface MinifloatLayout {
  exp: number
  man: number
  bias: number
  /** which magnitude codes are not finite: 'fn' = only all-ones (S.1111.111, E4M3), 'ieee' = top exponent */
  special: 'fn' | 'ieee' | 'none'
}

/**
 * The layouts of the OCP 8-bit Floating Point Specification (OFP8) rev 1.0 (E4M3 "FN": no infinities, only
 * S.1111.111 is NaN; E5M2: IEEE 754 conventions, exponent 11111 is ∞/NaN) and of the OCP Microscaling
 * Formats (MX) v1.0 §5.3.3 (E2M1: no infinities or NaN).
 */
export const MINIFLOATS = {
  e4m3: { exp: 4, man: 3, bias: 7, special: 'fn' },
  e5m2: { exp: 5, man: 2, bias: 15, special: 'ieee' },
  e2m1: { exp: 2, man: 1, bias: 1, special: 'none' },
} as const satisfies Record<string, MinifloatLayout>
export type MinifloatName = keyof typeof MINIFLOATS

/**
 * The NF4 code book as bitsandbytes stores it (bitsandbytes/functional.py get_4bit_type('nf4'); Dettmers et
 * al. 2023, QLoRA, appendix E): quantiles of N(0, 1) normalised to [−1, 1], with an exact zero and 8
 * positive / 7 negative levels. Index = the 4-bit code.
 */
export const NF4_CODE = Float64Array.from([
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
  -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
  0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0,
])

/**
 * Decode a magnitude code (sign bit clear) of a minifloat: exponent field e, mantissa field m;
 * e = 0 is subnormal, m/2^man · 2^(1−bias); otherwise (1 + m/2^man) · 2^(e−bias). NaN for the codes the
 * layout reserves (∞ counts as not finite too and is returned as NaN here).
 */
export function decodeMinifloat(layout: MinifloatLayout, code: number): number {
  const sign = (code >> (layout.exp + layout.man)) & 1 ? -1 : 1
  const mag = code & ((1 << (layout.exp + layout.man)) - 1)
  const e = mag >> layout.man
  const m = mag & ((1 << layout.man) - 1)
  const eMax = (1 << layout.exp) - 1
  if (layout.special === 'ieee' && e === eMax) return NaN
  if (layout.special === 'fn' && e === eMax && m === (1 << layout.man) - 1) return NaN
  const v =
    e === 0
      ? (m / 2 ** layout.man) * 2 ** (1 - layout.bias)
      : (1 + m / 2 ** layout.man) * 2 ** (e - layout.bias)
  return sign * v
}

/** A sorted table of values with the code of each, for nearest-value rounding with ties to the even code. */
interface Table {
  values: Float64Array
  codes: Int32Array
  largest: number
}

function minifloatTable(layout: MinifloatLayout): Table {
  const nMag = 1 << (layout.exp + layout.man)
  const signBit = nMag
  const vals: [number, number][] = []
  for (let c = 0; c < nMag; c++) {
    const v = decodeMinifloat(layout, c)
    if (!Number.isFinite(v)) continue
    vals.push([v, c])
    if (v !== 0) vals.push([-v, c | signBit])
  }
  vals.sort((a, b) => a[0] - b[0])
  return {
    values: Float64Array.from(vals, (p) => p[0]),
    codes: Int32Array.from(vals, (p) => p[1]),
    largest: vals[vals.length - 1][0],
  }
}

function intTable(bits: number): Table {
  const lo = -(2 ** (bits - 1))
  const n = 2 ** bits
  const values = new Float64Array(n)
  const codes = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    values[k] = lo + k
    codes[k] = lo + k
  }
  return { values, codes, largest: n / 2 - 1 }
}

const tables = new Map<ElementFormat, Table>()

function tableOf(format: ElementFormat): Table {
  let t = tables.get(format)
  if (t) return t
  switch (format) {
    case 'int8':
      t = intTable(8)
      break
    case 'int4':
      t = intTable(4)
      break
    case 'e4m3':
    case 'e5m2':
    case 'e2m1':
      t = minifloatTable(MINIFLOATS[format])
      break
    case 'nf4':
      t = { values: NF4_CODE, codes: Int32Array.from(NF4_CODE, (_, i) => i), largest: 1 }
      break
    default: {
      const never: never = format
      throw new RangeError(`unknown format ${String(never)}`)
    }
  }
  tables.set(format, t)
  return t
}

function checkFormat(format: string): asserts format is ElementFormat {
  if (!(ELEMENT_FORMATS as readonly string[]).includes(format))
    throw new RangeError(`format must be one of ${ELEMENT_FORMATS.join(', ')} (got ${format})`)
}

/**
 * Every distinct finite value of the format at scale 1, sorted ascending, zero once (core-api.md §8).
 * A fresh copy: callers may modify it.
 */
export function formatValues(format: ElementFormat): Float64Array {
  checkFormat(format)
  return tableOf(format).values.slice()
}

/** The largest finite value of the format (448 for E4M3, 57344 for E5M2, 6 for E2M1, 1 for NF4, 7 / 127). */
export function formatLargest(format: ElementFormat): number {
  checkFormat(format)
  return tableOf(format).largest
}

/**
 * Round one value (already divided by the scale) to the table: the nearest value, a tie to the one whose
 * code is even (for the floats: the even mantissa, as IEEE 754 roundTiesToEven; for int: the even integer;
 * for NF4: the even index), saturating at the ends. NaN stays NaN (only non-finite input can give it).
 */
function roundToTable(v: number, t: Table): number {
  const vals = t.values
  const last = vals.length - 1
  if (!(v > vals[0])) return v <= vals[0] ? vals[0] : v
  if (v >= vals[last]) return vals[last]
  let a = 0
  let b = last
  while (b - a > 1) {
    const m = (a + b) >> 1
    if (vals[m] <= v) a = m
    else b = m
  }
  const da = v - vals[a]
  const db = vals[b] - v
  if (da < db) return vals[a]
  if (db < da) return vals[b]
  return (t.codes[a] & 1) === 0 ? vals[a] : vals[b]
}

const F64 = new Float64Array(1)
const U32 = new Uint32Array(F64.buffer)
/** 2^k for k = −1100 … 1100 (index k + 1100): exact powers of two without calling Math.pow per value. */
const POW2 = Float64Array.from({ length: 2201 }, (_, i) => 2 ** (i - 1100))

/** 1.5·2^52: y + ROUND_MAGIC − ROUND_MAGIC is y rounded half to even, for |y| < 2^51. */
const ROUND_MAGIC = 6755399441055744

/**
 * For a minifloat, per biased double exponent eb (0 … 2047): down[eb] = 2^−k and up[eb] = 2^k with k = e − man,
 * e = max(eb − 1023, 1 − bias), the spacing 2^k of the format's values in that octave (the subnormals and the
 * octaves below the smallest normal share its spacing), as `rounderOf` computes it per value. A table look-up
 * instead of the clamp and the sign branches: on random data those branches were mispredicted half the time,
 * and 10⁶ values took 25–36 ms.
 */
const octaves = new Map<ElementFormat, { down: Float64Array; up: Float64Array }>()
function octaveSteps(format: 'e4m3' | 'e5m2' | 'e2m1'): { down: Float64Array; up: Float64Array } {
  let o = octaves.get(format)
  if (o) return o
  const L = MINIFLOATS[format]
  const emin = 1 - L.bias
  const down = new Float64Array(2048)
  const up = new Float64Array(2048)
  for (let eb = 0; eb < 2048; eb++) {
    const k = Math.max(eb - 1023, emin) - L.man
    down[eb] = POW2[1100 - k]
    up[eb] = POW2[1100 + k]
  }
  o = { down, up }
  octaves.set(format, o)
  return o
}

/** Half to even for the small integers the formats need (|y| < 2^31). */
function rint(y: number): number {
  const r = Math.round(y)
  return r - y === 0.5 && (r & 1) !== 0 ? r - 1 : r
}

/**
 * A scalar rounder for the format (v already divided by the scale), with the same result as the table
 * search: minifloats by arithmetic, the spacing in the octave of |v| being 2^(e − man) with e = max(⌊log₂|v|⌋,
 * 1 − bias) (the subnormals share the smallest normal octave's spacing), read from the double's exponent
 * bits; the integer of steps rounded half to even is the mantissa, so its parity is the code's; integers by
 * rint and clamp; NF4 by the table. Saturates at the largest value; NaN stays NaN.
 */
export function rounderOf(format: ElementFormat): (v: number) => number {
  checkFormat(format)
  const t = tableOf(format)
  switch (format) {
    case 'int8':
    case 'int4': {
      const lo = t.values[0]
      const hi = t.largest
      return (v) => {
        const r = rint(v)
        return r < lo ? lo : r > hi ? hi : r
      }
    }
    case 'e4m3':
    case 'e5m2':
    case 'e2m1': {
      const L = MINIFLOATS[format]
      const largest = t.largest
      const emin = 1 - L.bias
      const man = L.man
      return (v) => {
        const a = v < 0 ? -v : v
        if (!(a < largest)) return a >= largest ? (v < 0 ? -largest : largest) : NaN
        F64[0] = a
        // little-endian: word 1 holds the sign, the 11 exponent bits and the mantissa's top 20 bits
        let e = ((U32[1] >>> 20) & 0x7ff) - 1023
        if (e < emin) e = emin
        const k = e - man
        let r = rint(a * POW2[1100 - k]) * POW2[1100 + k]
        if (r > largest) r = largest
        if (r === 0) return 0
        return v < 0 ? -r : r
      }
    }
    case 'nf4':
      return (v) => roundToTable(v, t)
    default: {
      const never: never = format
      throw new RangeError(`unknown format ${String(never)}`)
    }
  }
}

/**
 * Each value divided by `scale`, rounded to the nearest representable value of the format (ties to the even
 * mantissa / even code), saturated at the largest finite value, times `scale` (core-api.md §8). Finite input
 * never gives NaN or ∞ (saturation, OCP OFP8 §5 "saturating" conversion, rather than overflow to ∞/NaN).
 */
export function quantizeToFormat(
  x: ArrayLike<number>,
  format: ElementFormat,
  scale: number,
  rounding: 'half-even' = 'half-even',
): Float64Array {
  checkFormat(format)
  if (rounding !== 'half-even') throw new RangeError(`rounding must be 'half-even' (got ${String(rounding)})`)
  if (!(Number.isFinite(scale) && scale > 0))
    throw new RangeError(`scale must be a positive finite number (got ${scale})`)
  const out = new Float64Array(x.length)
  quantizeInto(x, 0, x.length, out, format, scale)
  return out
}

/**
 * out[i] = the format's value nearest x[i]/scale, times scale, for i in [from, to): one plain loop per kind of
 * format (the same arithmetic as `rounderOf`, inlined: 10⁶ values in a few ms). Each kind's loop is a function
 * of its own: in one function, V8 re-optimized the whole of it for each kind it met next and after a few
 * formats stopped optimizing it, and a format's 10⁶ values went from ~6 ms to 23–36 ms depending on which
 * formats had run before.
 */
export function quantizeInto(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  format: ElementFormat,
  scale: number,
): void {
  const t = tableOf(format)
  // dividing by the scale (not multiplying by its inverse) keeps x/scale exactly what the contract says
  switch (format) {
    case 'int8':
    case 'int4':
      return intInto(x, from, to, out, t.values[0], t.largest, scale)
    case 'e4m3':
    case 'e5m2':
    case 'e2m1': {
      const { down, up } = octaveSteps(format)
      return minifloatInto(x, from, to, out, down, up, t.largest, scale)
    }
    case 'nf4':
      return tableInto(x, from, to, out, t, scale)
    default: {
      const never: never = format
      throw new RangeError(`unknown format ${String(never)}`)
    }
  }
}

function intInto(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  lo: number,
  hi: number,
  scale: number,
): void {
  for (let i = from; i < to; i++) {
    const v = x[i] / scale
    // |v| rounded half to even by adding and subtracting 1.5·2^52 (any |v| past 2^51 is far outside the
    // range and clamped anyway), the sign put back by Math.sign (a negative value that rounds to zero gives
    // −0, as Math.round and numpy do; NaN stays NaN), then clamped by min/max: no branch per value
    const r = Math.sign(v) * (Math.abs(v) + ROUND_MAGIC - ROUND_MAGIC)
    out[i] = Math.max(lo, Math.min(hi, r)) * scale
  }
}

function minifloatInto(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  down: Float64Array,
  up: Float64Array,
  largest: number,
  scale: number,
): void {
  const lowest = -largest
  for (let i = from; i < to; i++) {
    const v = x[i] / scale
    // The octave's spacing from the exponent bits of |v| (stored without its sign, the high word is a small
    // integer); v in steps of it rounded half to even by adding and subtracting 1.5·2^52 (|steps| < 2^24:
    // the sum's unit is 1, and the FPU rounds to nearest even), so ±0 and a negative value that rounds to
    // zero give +0; then saturation by min/max: ±∞ and values past the largest (whose octave rounds them to
    // themselves or up to 2^1024 = ∞) give ±largest, NaN stays NaN. No branch: with a branch for saturation
    // V8 boxed each result, 4–7× slower.
    F64[0] = Math.abs(v)
    const eb = U32[1] >>> 20
    const r = (v * down[eb] + ROUND_MAGIC - ROUND_MAGIC) * up[eb]
    out[i] = Math.max(lowest, Math.min(largest, r)) * scale
  }
}

function tableInto(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  t: Table,
  scale: number,
) {
  const c = tableCells(t)
  if (c === null) {
    for (let i = from; i < to; i++) out[i] = roundToTable(x[i] / scale, t) * scale
    return
  }
  const { thr, lo, hi } = c
  for (let i = from; i < to; i++) {
    // clamped into the table's span (NaN stays NaN, and w − w then carries it into the result); the cell by
    // the same formula as the thresholds' cells; one comparison, with a branch mispredicted only in the
    // ~1.5 % of cells that hold a threshold
    const w = Math.max(-1, Math.min(1, x[i] / scale))
    const k = Math.min(CELLS - 1, Math.floor((w + 1) * (CELLS / 2))) | 0
    const r = w >= thr[k] ? hi[k] : lo[k]
    out[i] = (r + (w - w)) * scale
  }
}

const CELLS = 1024
/**
 * A table whose values span −1 … 1 (NF4) read as cells: thresholds T_j = the least double that `roundToTable`
 * sends to values[j + 1] (it is monotone, so above T_j every double goes to j + 1 or beyond, below it to j or
 * below), found by bisection; cell k (the doubles w with ⌊(w + 1)·CELLS/2⌋ = k) holds at most one of them, so
 * a value's result is lo[k] below thr[k] and hi[k] from it on (thr[k] = ∞ where the cell holds none). The same
 * results as the binary search with its ties and saturation, double for double (tested), without its four
 * unpredictable branches per value: 10⁶ NF4 values took 30–33 ms. null when a cell would hold two thresholds.
 */
const cellsOf = new Map<Table, { thr: Float64Array; lo: Float64Array; hi: Float64Array } | null>()
function tableCells(t: Table): { thr: Float64Array; lo: Float64Array; hi: Float64Array } | null {
  const known = cellsOf.get(t)
  if (known !== undefined) return known
  const vals = t.values
  const cellOf = (w: number) => Math.min(CELLS - 1, Math.floor((w + 1) * (CELLS / 2)))
  const thr = new Float64Array(CELLS).fill(Infinity)
  const lo = new Float64Array(CELLS)
  const hi = new Float64Array(CELLS)
  let ok = vals[0] === -1 && vals[vals.length - 1] === 1
  const cuts: number[] = []
  for (let j = 0; ok && j + 1 < vals.length; j++) {
    const up = (v: number) => roundToTable(v, t) >= vals[j + 1]
    let a = vals[j]
    let b = vals[j + 1]
    for (;;) {
      const m = a + (b - a) / 2
      if (m === a || m === b) break
      if (up(m)) b = m
      else a = m
    }
    cuts.push(b)
  }
  for (let k = 0, j = 0; ok && k < CELLS; k++) {
    while (j < cuts.length && cellOf(cuts[j]) < k) j++
    lo[k] = vals[j]
    if (j < cuts.length && cellOf(cuts[j]) === k) {
      thr[k] = cuts[j]
      hi[k] = vals[j + 1]
      if (j + 1 < cuts.length && cellOf(cuts[j + 1]) === k) ok = false
    }
  }
  const c = ok ? { thr, lo, hi } : null
  cellsOf.set(t, c)
  return c
}

/** Code (index into `formatValues`) nearest to v/scale, with the same ties and saturation. For histograms. */
export function formatIndex(v: number, format: ElementFormat, scale: number): number {
  const t = tableOf(format)
  return indexOf(roundToTable(v / scale, t), t.values)
}

/** The format's table, once `counts` is known to hold one entry per level of the format (and the format is one). */
function countsTableOf(format: ElementFormat, counts: Float64Array): Table {
  checkFormat(format)
  const t = tableOf(format)
  if (counts.length !== t.values.length)
    throw new RangeError(`counts must hold ${t.values.length} entries (got ${counts.length})`)
  return t
}

/**
 * counts[formatIndex(x[i], format, scale)] += 1 for every i in [from, to): how many values land on each of the
 * format's levels (index into `formatValues`), with formatIndex's ties, saturation and NaN (index 0), but
 * without its two binary searches per value (10⁷ values took 0.7–1 s that way). Each value is rounded as
 * `quantizeInto` rounds it; a minifloat's index is then read off the rounded value's exponent and mantissa
 * bits (its magnitude code, counted from the table's zero), an integer's is the integer minus the lowest, and
 * NF4's comes from the same cells as its rounding. `counts` must hold `formatValues(format).length` entries.
 */
export function countFormatLevels(
  x: ArrayLike<number>,
  from: number,
  to: number,
  counts: Float64Array,
  format: ElementFormat,
  scale: number,
): void {
  const t = countsTableOf(format, counts)
  switch (format) {
    case 'int8':
    case 'int4':
      return intCount(x, from, to, counts, t.values[0], t.largest, scale)
    case 'e4m3':
    case 'e5m2':
    case 'e2m1': {
      // the table holds the negative values, zero, then the positive ones in code order: zero's index is the
      // count of either, and the largest value's magnitude code
      const zero = (t.values.length - 1) / 2
      return minifloatCount(x, from, to, counts, octaveSteps(format).down, codeBase(format), zero, scale)
    }
    case 'nf4':
      return tableCount(x, from, to, counts, t, scale)
    default: {
      const never: never = format
      throw new RangeError(`unknown format ${String(never)}`)
    }
  }
}

/**
 * `quantizeInto` and `countFormatLevels` over the same values in one loop, with the same `out` and `counts` bit
 * for bit: a minifloat's exponent bits and octave spacing, or NF4's cell and comparison, are read once per value
 * for both. 10⁷ values in Node: E4M3 ~166 → ~140 ms, NF4 ~135 → ~101 ms. The integers run the two kernels.
 */
export function quantizeCountInto(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  counts: Float64Array,
  format: ElementFormat,
  scale: number,
): void {
  const t = countsTableOf(format, counts)
  switch (format) {
    case 'int8':
    case 'int4':
      quantizeInto(x, from, to, out, format, scale)
      return intCount(x, from, to, counts, t.values[0], t.largest, scale)
    case 'e4m3':
    case 'e5m2':
    case 'e2m1': {
      const zero = (t.values.length - 1) / 2
      const { down, up } = octaveSteps(format)
      return minifloatQuantizeCount(
        x,
        from,
        to,
        out,
        counts,
        down,
        up,
        codeBase(format),
        zero,
        t.largest,
        scale,
      )
    }
    case 'nf4':
      return tableQuantizeCount(x, from, to, out, counts, t, scale)
    default: {
      const never: never = format
      throw new RangeError(`unknown format ${String(never)}`)
    }
  }
}

/**
 * The counting kernels work in chunks: each value's level index is written to this scratch first, and a second
 * loop counts them. Incrementing the counts in the same loop as the rounding took 2–2.5× as long in V8 (10⁷
 * E4M3 values: ~200 against ~85 ms).
 */
const LEVEL_CHUNK = 4096
const levelIndex = new Int32Array(LEVEL_CHUNK)

function countIndices(counts: Float64Array, m: number): void {
  for (let j = 0; j < m; j++) counts[levelIndex[j]]++
}

function intCount(
  x: ArrayLike<number>,
  from: number,
  to: number,
  counts: Float64Array,
  lo: number,
  hi: number,
  scale: number,
): void {
  for (let s = from; s < to; s += LEVEL_CHUNK) {
    const e = Math.min(to, s + LEVEL_CHUNK)
    for (let i = s; i < e; i++) {
      const v = x[i] / scale
      // intInto's rounding; NaN gives index NaN, stored as 0 (an Int32Array store truncates as | 0 does), as
      // formatIndex does
      const r = Math.sign(v) * (Math.abs(v) + ROUND_MAGIC - ROUND_MAGIC)
      levelIndex[i - s] = Math.max(lo, Math.min(hi, r)) - lo
    }
    countIndices(counts, e - s)
  }
}

function minifloatCount(
  x: ArrayLike<number>,
  from: number,
  to: number,
  counts: Float64Array,
  down: Float64Array,
  base: Float64Array,
  zero: number,
  scale: number,
): void {
  for (let s = from; s < to; s += LEVEL_CHUNK) {
    const e = Math.min(to, s + LEVEL_CHUNK)
    for (let i = s; i < e; i++) {
      const v = x[i] / scale
      // minifloatInto's rounding of |v|: n steps of its octave's spacing, the steps counted from the octave's
      // base code; the largest value's code (zero's index) saturates it; a negative value (the sign bit, read
      // with the exponent: no Math.sign, no branch) counts down from zero's index. NaN gives code NaN, stored as
      // index 0 (an Int32Array store truncates as | 0 does), formatIndex's index for NaN; −0 gives zero's index.
      F64[0] = v
      const high = U32[1]
      const eb = (high >>> 20) & 2047
      const code = Math.min(zero, base[eb] + (Math.abs(v) * down[eb] + ROUND_MAGIC - ROUND_MAGIC))
      levelIndex[i - s] = zero + code - 2 * (high >>> 31) * code
    }
    countIndices(counts, e - s)
  }
}

/** minifloatInto and minifloatCount in one loop: the exponent bits and the octave's spacing read once. */
function minifloatQuantizeCount(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  counts: Float64Array,
  down: Float64Array,
  up: Float64Array,
  base: Float64Array,
  zero: number,
  largest: number,
  scale: number,
): void {
  const lowest = -largest
  for (let s = from; s < to; s += LEVEL_CHUNK) {
    const e = Math.min(to, s + LEVEL_CHUNK)
    for (let i = s; i < e; i++) {
      const v = x[i] / scale
      F64[0] = v
      const high = U32[1]
      const eb = (high >>> 20) & 2047
      const d = down[eb]
      const code = Math.min(zero, base[eb] + (Math.abs(v) * d + ROUND_MAGIC - ROUND_MAGIC))
      levelIndex[i - s] = zero + code - 2 * (high >>> 31) * code
      out[i] = Math.max(lowest, Math.min(largest, (v * d + ROUND_MAGIC - ROUND_MAGIC) * up[eb])) * scale
    }
    countIndices(counts, e - s)
  }
}

/**
 * For a minifloat, per biased double exponent eb: the magnitude code of the octave's first value,
 * (e − emin)·2^man with e = max(eb − 1023, emin): in that octave a magnitude of n steps of its spacing (down[eb])
 * has code base[eb] + n: a normal (1 + m/2^man)·2^e is 2^man + m steps, code (e − emin + 1)·2^man + m; a
 * subnormal m·2^(emin − man) is m steps, code m; n = 2^(man+1) is the next octave's first value.
 */
const codeBases = new Map<ElementFormat, Float64Array>()
function codeBase(format: 'e4m3' | 'e5m2' | 'e2m1'): Float64Array {
  let b = codeBases.get(format)
  if (b) return b
  const L = MINIFLOATS[format]
  const emin = 1 - L.bias
  b = new Float64Array(2048)
  for (let eb = 0; eb < 2048; eb++) b[eb] = (Math.max(eb - 1023, emin) - emin) * 2 ** L.man
  codeBases.set(format, b)
  return b
}

/** Per table, the index of each cell's lower and upper value (tableCells), for counting. */
const cellIndicesOf = new Map<Table, { loI: Int32Array; hiI: Int32Array } | null>()
function tableCount(
  x: ArrayLike<number>,
  from: number,
  to: number,
  counts: Float64Array,
  t: Table,
  scale: number,
): void {
  const c = tableCells(t)
  const ix = cellIndices(t)
  if (c === null || ix === null) {
    for (let i = from; i < to; i++) counts[indexOf(roundToTable(x[i] / scale, t), t.values)]++
    return
  }
  const { thr } = c
  const { loI, hiI } = ix
  for (let s = from; s < to; s += LEVEL_CHUNK) {
    const e = Math.min(to, s + LEVEL_CHUNK)
    for (let i = s; i < e; i++) {
      // tableInto's cell and comparison; NaN gives cell 0 and its lower value, index 0, as formatIndex does
      const w = Math.max(-1, Math.min(1, x[i] / scale))
      const k = Math.min(CELLS - 1, Math.floor((w + 1) * (CELLS / 2))) | 0
      levelIndex[i - s] = w >= thr[k] ? hiI[k] : loI[k]
    }
    countIndices(counts, e - s)
  }
}

function cellIndices(t: Table): { loI: Int32Array; hiI: Int32Array } | null {
  let ix = cellIndicesOf.get(t)
  if (ix === undefined) {
    const c = tableCells(t)
    ix = c === null ? null : { loI: indicesIn(t.values, c.lo), hiI: indicesIn(t.values, c.hi) }
    cellIndicesOf.set(t, ix)
  }
  return ix
}

/** tableInto and tableCount in one loop: each value's cell and comparison made once. */
function tableQuantizeCount(
  x: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
  counts: Float64Array,
  t: Table,
  scale: number,
): void {
  const c = tableCells(t)
  const ix = cellIndices(t)
  if (c === null || ix === null) {
    tableInto(x, from, to, out, t, scale)
    return tableCount(x, from, to, counts, t, scale)
  }
  const { thr, lo, hi } = c
  const { loI, hiI } = ix
  for (let s = from; s < to; s += LEVEL_CHUNK) {
    const e = Math.min(to, s + LEVEL_CHUNK)
    for (let i = s; i < e; i++) {
      const w = Math.max(-1, Math.min(1, x[i] / scale))
      const k = Math.min(CELLS - 1, Math.floor((w + 1) * (CELLS / 2))) | 0
      const above = w >= thr[k]
      levelIndex[i - s] = above ? hiI[k] : loI[k]
      out[i] = ((above ? hi[k] : lo[k]) + (w - w)) * scale
    }
    countIndices(counts, e - s)
  }
}

/** Each of `vs` (values of the table, or 0 where a cell has no upper value) as its index in `values`. */
function indicesIn(values: Float64Array, vs: Float64Array): Int32Array {
  return Int32Array.from(vs, (v) => indexOf(v, values))
}

/** The index of a value already rounded to the table (the first not below it; 0 for NaN). */
function indexOf(r: number, values: Float64Array): number {
  let a = 0
  let b = values.length - 1
  while (a < b) {
    const m = (a + b) >> 1
    if (values[m] < r) a = m + 1
    else b = m
  }
  return a
}

export interface GroupwiseOptions {
  shape: number[]
  /** the output-channel axis: each channel's slice (other axes flattened in C order) is cut into groups */
  axis: number
  groupSize: number
  /** symmetric integer bit width when `format` is absent (default 4) */
  bits?: number
  format?: ElementFormat
}

/**
 * The values in channel-major order: channel ch's slice along `axis` (the other axes flattened in C order)
 * is gather[ch·len … (ch+1)·len). `scatter` puts a channel-major array back into the tensor's order.
 * Axis 0 needs no copy.
 */
function channelMajor(
  shape: number[],
  axis: number,
  x: ArrayLike<number>,
): {
  channels: number
  len: number
  gather: ArrayLike<number>
  scatter: (cm: Float64Array) => Float64Array
} {
  const n = x.length
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1))
    throw new RangeError(`shape must be positive integers (got [${shape.join(', ')}])`)
  const total = shape.reduce((a, b) => a * b, 1)
  if (total !== n) throw new RangeError(`shape [${shape.join(', ')}] holds ${total} values, got ${n}`)
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length)
    throw new RangeError(`axis must be 0 … ${shape.length - 1} (got ${axis})`)
  const channels = shape[axis]
  const len = n / channels
  if (axis === 0) return { channels, len, gather: x, scatter: (cm) => cm }
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1)
  const outer = len / inner
  // element k of channel ch (k = o·inner + r) sits at o·channels·inner + ch·inner + r
  const perm = new Int32Array(n)
  for (let ch = 0, j = 0; ch < channels; ch++)
    for (let o = 0; o < outer; o++) {
      const base = o * channels * inner + ch * inner
      for (let r = 0; r < inner; r++) perm[j++] = base + r
    }
  const gather = new Float64Array(n)
  for (let j = 0; j < n; j++) gather[j] = x[perm[j]]
  const scatter = (cm: Float64Array) => {
    const out = new Float64Array(n)
    for (let j = 0; j < n; j++) out[perm[j]] = cm[j]
    return out
  }
  return { channels, len, gather, scatter }
}

/**
 * Group-wise (block) absmax quantization (core-api.md §8; GPTQ/AWQ "group size", QLoRA blocks): each
 * channel's slice along the reduction axis is cut into runs of `groupSize` values (the last run may be
 * shorter), each with its own scale absmax / largest (symmetric integer: largest = 2^(bits−1) − 1). A group
 * of zeros gets scale 1 (nothing to represent; never a division by zero). Scales are stored channel by
 * channel, groups in order.
 */
export function groupwiseQuantize(
  x: ArrayLike<number>,
  o: GroupwiseOptions,
): { dequantized: Float64Array; scales: Float64Array } {
  if (!Number.isInteger(o.groupSize) || o.groupSize < 1)
    throw new RangeError(`groupSize must be a positive integer (got ${o.groupSize})`)
  const bits = o.bits ?? 4
  if (o.format) checkFormat(o.format)
  else if (!Number.isInteger(bits) || bits < 2 || bits > 16)
    throw new RangeError(`bits must be an integer from 2 to 16 (got ${bits})`)
  const format = o.format
  const { channels, len, gather, scatter } = channelMajor(o.shape, o.axis, x)
  const g = o.groupSize
  const groups = Math.ceil(len / g)
  const scales = new Float64Array(channels * groups)
  const cm = new Float64Array(x.length)
  const qmax = format ? tableOf(format).largest : 2 ** (bits - 1) - 1
  const qmin = -(2 ** (bits - 1))
  for (let ch = 0; ch < channels; ch++) {
    for (let gi = 0; gi < groups; gi++) {
      const i0 = ch * len + gi * g
      const i1 = ch * len + Math.min(len, (gi + 1) * g)
      let amax = 0
      for (let i = i0; i < i1; i++) {
        const v = Math.abs(gather[i])
        if (v > amax) amax = v
      }
      const s = amax > 0 && amax / qmax > 0 ? amax / qmax : 1
      scales[ch * groups + gi] = s
      if (format) quantizeInto(gather, i0, i1, cm, format, s)
      else intInto(gather, i0, i1, cm, qmin, qmax, s)
    }
  }
  return { dequantized: scatter(cm), scales }
}

/** The element formats of OCP Microscaling v1.0 used here: MXFP4 = E2M1, MXFP8 = E4M3 elements. */
export type MxFormat = 'mxfp4' | 'mxfp8'
export const MX_ELEMENT: Record<MxFormat, ElementFormat> = { mxfp4: 'e2m1', mxfp8: 'e4m3' }
/** emax_elem: the exponent of the element format's largest normal (E2M1: 6 = 1.5·2², E4M3: 448 = 1.75·2⁸). */
export const MX_EMAX: Record<MxFormat, number> = { mxfp4: 2, mxfp8: 8 }
export const MX_BLOCK = 32

/**
 * OCP Microscaling Formats (MX) Specification v1.0, §6.3 "conversion from vector of FP32 to MX": a block of
 * k = 32 values shares one E8M0 scale X = 2^(⌊log₂(max|V_i|)⌋ − emax_elem) (exponent clamped to the E8M0
 * range −127 … 127); each V_i / X is rounded to the element format with saturation at its largest normal.
 * Blocks run along each channel's slice, as `groupwiseQuantize`'s groups do. A block of zeros gets X = 2^−127.
 * Returns the dequantized values, the shared exponents (log₂ of each scale) and the saturation: how many values
 * lie beyond their block's largest element ±largest·X (MX's clipping: with X from ⌊log₂ max⌋, a block's
 * largest |V_i| may be up to 2^(emax+1)·X, past E2M1's 6·X or E4M3's 448·X; where the exponent is clamped at
 * 127, past ~2^130, far more of the block saturates) and the squared error they take.
 */
export function mxQuantize(
  x: ArrayLike<number>,
  o: { shape: number[]; axis: number; format: MxFormat; blockSize?: number },
): { dequantized: Float64Array; exponents: Int16Array; saturated: { count: number; sse: number } } {
  const k = o.blockSize ?? MX_BLOCK
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`blockSize must be a positive integer (got ${k})`)
  const elem = MX_ELEMENT[o.format]
  if (!elem) throw new RangeError(`format must be mxfp4 or mxfp8 (got ${String(o.format)})`)
  const emax = MX_EMAX[o.format]
  const largest = tableOf(elem).largest
  const { channels, len, gather, scatter } = channelMajor(o.shape, o.axis, x)
  const blocks = Math.ceil(len / k)
  const exponents = new Int16Array(channels * blocks)
  const cm = new Float64Array(x.length)
  let count = 0
  let sse = 0
  for (let ch = 0; ch < channels; ch++) {
    for (let b = 0; b < blocks; b++) {
      const i0 = ch * len + b * k
      const i1 = ch * len + Math.min(len, (b + 1) * k)
      let amax = 0
      for (let i = i0; i < i1; i++) {
        const a = Math.abs(gather[i])
        if (a > amax) amax = a
      }
      let e = amax > 0 ? floorLog2(amax) - emax : -127
      e = Math.max(-127, Math.min(127, e))
      exponents[ch * blocks + b] = e
      quantizeInto(gather, i0, i1, cm, elem, 2 ** e)
      // only a block whose largest |V_i| is past the limit has values to count (on normal data about 40 % of
      // blocks for MXFP4, whose largest |V_i|/X must have a mantissa past 1.5, and 20 % for MXFP8, past 1.75)
      const limit = largest * 2 ** e
      if (amax > limit) {
        for (let i = i0; i < i1; i++) {
          const v = gather[i]
          if (v > limit || v < -limit) {
            count++
            sse += (v - cm[i]) * (v - cm[i])
          }
        }
      }
    }
  }
  return { dequantized: scatter(cm), exponents, saturated: { count, sse } }
}

/** ⌊log₂ a⌋ exactly for a finite a > 0 (Math.log2 can be off by one ulp just below a power of two). */
export function floorLog2(a: number): number {
  let e = Math.floor(Math.log2(a))
  if (2 ** e > a) e -= 1
  else if (2 ** (e + 1) <= a) e += 1
  return e
}

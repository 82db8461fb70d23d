/**
 * Integer-only fixed-point primitives with gemmlowp / TFLite semantics (docs/core-contract.md §6, reference §8):
 * exact, without BigInt (products of two int32 are split into 16-bit limbs so every step is an exact double).
 * Sources: google/gemmlowp `fixedpoint/fixedpoint.h`; tensorflow/tensorflow
 * `tensorflow/lite/kernels/internal/quantization_util.cc` (QuantizeMultiplier) and `common.cc`
 * (MultiplyByQuantizedMultiplier); Jacob et al. 2018, arXiv:1712.05877 eq. (5)–(6).
 */
import { roundHalfAway } from './rounding'

export const INT32_MIN = -2147483648
export const INT32_MAX = 2147483647
const TWO31 = 2147483648
const TWO32 = 4294967296
const TWO52 = 4503599627370496

/** int32 arguments of the gemmlowp/TFLite primitives. */
function assertInt32(v: unknown, name: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`${name} must be an integer (got ${String(v)})`)
  if (v < INT32_MIN || v > INT32_MAX) throw new RangeError(`${name} must fit in int32 (got ${v})`)
}

/** Shift and exponent arguments: integers in the range the reference code supports. */
function assertShiftRange(v: unknown, name: string, min: number, max: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`${name} must be an integer (got ${String(v)})`)
  if (v < min || v > max) throw new RangeError(`${name} must be between ${min} and ${max} (got ${v})`)
}

// The exact 64-bit product of the last mul64 call as HI·2^32 + LO with LO in [0, 2^32).
let HI = 0
let LO = 0

/** Exact a·b for int32 a, b: b = bh·2^16 + bl, both partial products < 2^47 are exact doubles. */
function mul64(a: number, b: number): void {
  const bl = b & 0xffff
  const bh = (b - bl) / 65536
  const x = a * bh
  const y = a * bl
  const xh = Math.floor(x / 65536)
  const xl = x - xh * 65536
  const w = xl * 65536 + y
  const wh = Math.floor(w / TWO32)
  HI = xh + wh
  LO = w - wh * TWO32
}

/** Adds v (|v| < 2^32) to HI·2^32 + LO, keeping LO in [0, 2^32). */
function add64(v: number): void {
  LO += v
  if (LO >= TWO32) {
    LO -= TWO32
    HI += 1
  } else if (LO < 0) {
    LO += TWO32
    HI -= 1
  }
}

/**
 * TFLite `QuantizeMultiplier(double m, int32* M0, int* shift)`: m = q·2^shift with q in [0.5, 1) (frexp),
 * M0 = round_half_away(q·2^31); if that is 2^31, halve it and shift++; if shift < −31 flush to (0, 0).
 * shift > 0 means a left shift (m ≥ 1). m = 0 gives (0, 0). m must be finite and ≥ 0.
 */
export function quantizeMultiplier(m: number): { multiplier: number; shift: number } {
  if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
    throw new RangeError(`quantizeMultiplier: the real multiplier must be finite and >= 0 (got ${String(m)})`)
  }
  if (m === 0) return { multiplier: 0, shift: 0 }
  // frexp: exact, since q = m / 2^e only rescales by a power of two (in two steps past 2^1023, where 2^e
  // itself would be ∞: Number.MAX_VALUE gave a multiplier of 2^32)
  const scaled = (e: number) => (e > 1023 ? m / 2 ** 1023 / 2 ** (e - 1023) : m / 2 ** e)
  let e = Math.ceil(Math.log2(m)) | 0 // | 0 also turns −0 into 0
  let q = scaled(e)
  while (q >= 1) {
    e++
    q = scaled(e)
  }
  while (q < 0.5) {
    e--
    q = scaled(e)
  }
  let qFixed = roundHalfAway(q * TWO31)
  let shift = e
  if (qFixed === TWO31) {
    qFixed /= 2
    shift++
  }
  if (shift < -31) return { multiplier: 0, shift: 0 }
  return { multiplier: qFixed, shift }
}

/** gemmlowp SaturatingRoundingDoublingHighMul without argument checks (a, b int32). */
export function srdhmUnchecked(a: number, b: number): number {
  const prod = a * b
  // |a·b| < 2^52: the float64 product is exact, and so are + nudge (< 2^53), / 2^31 and the truncation, so
  // the 64-bit steps below reduce to these (a network's accumulators times a multiplier mostly land here)
  if (prod < TWO52 && prod > -TWO52)
    return Math.trunc((prod + (prod >= 0 ? 1073741824 : 1 - 1073741824)) / TWO31) | 0
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX
  const nonNegative = a === 0 || b === 0 || a > 0 === b > 0
  mul64(a, b)
  add64(nonNegative ? 1073741824 : 1 - 1073741824)
  // C++ integer division by 2^31 truncates toward zero
  const fl = HI * 2 + Math.floor(LO / TWO31)
  const rem = LO % TWO31
  return fl < 0 && rem !== 0 ? fl + 1 : fl
}

/**
 * gemmlowp `SaturatingRoundingDoublingHighMul(a, b)`: (a·b + nudge) / 2^31 truncated, nudge = 2^30 for
 * a·b ≥ 0 and 1 − 2^30 otherwise, i.e. round(a·b / 2^31) with ties toward +∞; the single overflow case
 * (INT32_MIN, INT32_MIN) saturates to INT32_MAX. a and b must be int32.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  assertInt32(a, 'saturatingRoundingDoublingHighMul: a')
  assertInt32(b, 'saturatingRoundingDoublingHighMul: b')
  return srdhmUnchecked(a, b)
}

/** gemmlowp RoundingDivideByPOT without argument checks (x int32, 0 ≤ e ≤ 31). */
export function rdbpotUnchecked(x: number, e: number): number {
  const mask = e === 31 ? 0x7fffffff : (1 << e) - 1
  const rem = x & mask
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0)
  return (x >> e) + (rem > threshold ? 1 : 0)
}

/**
 * gemmlowp `RoundingDivideByPOT(x, exponent)`: x / 2^exponent rounded to nearest, ties away from zero, via
 * mask/remainder/threshold and an arithmetic shift. x int32, 0 ≤ exponent ≤ 31.
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  assertInt32(x, 'roundingDivideByPOT: x')
  assertShiftRange(exponent, 'roundingDivideByPOT: exponent', 0, 31)
  return rdbpotUnchecked(x, exponent)
}

/** TFLite MultiplyByQuantizedMultiplier without argument checks (see the checked version below). */
export function mbqmUnchecked(x: number, multiplier: number, shift: number, singleRounding: boolean): number {
  if (singleRounding) {
    // (int64(x)·M0 + 2^(total−1)) >> total, total = 31 − shift, cast to int32
    const total = 31 - shift
    const prod = x * multiplier
    // exact in float64 while |x·M0| < 2^52 and the rounding term is < 2^52 (see srdhmUnchecked); ToInt32 is
    // the int32 cast, modular as in C++ for these exact integers
    if (total <= 52 && prod < TWO52 && prod > -TWO52)
      return Math.floor((prod + 2 ** (total - 1)) / 2 ** total) | 0
    mul64(x, multiplier)
    if (total - 1 < 32) add64(2 ** (total - 1))
    else HI += 2 ** (total - 33)
    if (total >= 32) return Math.floor(HI / 2 ** (total - 32)) | 0
    const p = 2 ** total
    const hiMod = HI - Math.floor(HI / p) * p // HI mod 2^total, so the int32 wrap is exact
    return (hiMod * 2 ** (32 - total) + Math.floor(LO / p)) | 0
  }
  const left = shift > 0 ? shift : 0
  const right = shift > 0 ? 0 : -shift
  // x · (1 << left) is a plain int32 multiply in TFLite: wraps on overflow
  return rdbpotUnchecked(srdhmUnchecked(Math.imul(x, 1 << left), multiplier), right)
}

/**
 * TFLite `MultiplyByQuantizedMultiplier(int32 x, int32 M0, int shift)` (`common.cc`): x·M0·2^shift / 2^31.
 * Default (double rounding): RoundingDivideByPOT(SRDHM(x·2^left, M0), right) with left = max(shift, 0),
 * right = max(−shift, 0) — e.g. x = 5, M = 0.25 gives 2. With `singleRounding` (TFLITE_SINGLE_ROUNDING):
 * (x·M0 + 2^(30 − shift)) >> (31 − shift), one round-half-up — x = 5, M = 0.25 gives 1.
 * x and M0 int32 (M0 ≥ 0 for single rounding), −31 ≤ shift ≤ 30.
 */
export function multiplyByQuantizedMultiplier(
  x: number,
  multiplier: number,
  shift: number,
  opts: { singleRounding?: boolean } = {},
): number {
  assertInt32(x, 'multiplyByQuantizedMultiplier: x')
  assertInt32(multiplier, 'multiplyByQuantizedMultiplier: multiplier')
  assertShiftRange(shift, 'multiplyByQuantizedMultiplier: shift', -31, 30)
  const single = opts.singleRounding ?? false
  if (single && multiplier < 0)
    throw new RangeError('multiplyByQuantizedMultiplier: single rounding needs multiplier >= 0')
  return mbqmUnchecked(x, multiplier, shift, single)
}

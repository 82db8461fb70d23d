/**
 * The values in a tensor's raw little-endian bytes, for every reader whose file stores them so (.safetensors'
 * data buffer, ONNX's `raw_data`). Each file format names its element types its own way and maps them to a
 * `RawKind`; the decoding itself lives here once.
 */
import { slices, type Steps } from '../core/steps'
import { halvesToFloats } from './numbers'
import { copyOutSteps, widenSteps } from './slices'

/** an element type of raw tensor bytes: float, bfloat16, signed or unsigned integer, and its width */
export type RawKind =
  'f64' | 'f32' | 'f16' | 'bf16' | 'i64' | 'u64' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8'

/** bytes per element */
export const RAW_SIZES: Record<RawKind, number> = {
  f64: 8,
  f32: 4,
  f16: 2,
  bf16: 2,
  i64: 8,
  u64: 8,
  i32: 4,
  u32: 4,
  i16: 2,
  u16: 2,
  i8: 1,
  u8: 1,
}

/**
 * `table[name]`, the element type a file format's dtype `name` stands for, or undefined for a name the table does
 * not hold itself: a name every object has ("constructor", "toString") is not a dtype.
 */
export function ownKind<K extends string>(table: Record<K, RawKind>, name: string): RawKind | undefined {
  return Object.hasOwn(table, name) ? table[name as K] : undefined
}

/**
 * Whether every value of the kind is a float32 (so it is kept in a Float32Array, half the memory of a Float64Array):
 * the 32-bit and 64-bit integers and float64 are not.
 */
function fitsFloat32(kind: RawKind): boolean {
  switch (kind) {
    case 'f32':
    case 'f16':
    case 'bf16':
    case 'i16':
    case 'u16':
    case 'i8':
    case 'u8':
      return true
    case 'f64':
    case 'i64':
    case 'u64':
    case 'i32':
    case 'u32':
      return false
  }
}

/** An array for `count` values of the kind: Float32Array where they all fit (fitsFloat32), else Float64Array. */
export function valuesFor(kind: RawKind, count: number): Float32Array | Float64Array {
  return fitsFloat32(kind) ? new Float32Array(count) : new Float64Array(count)
}

/**
 * `count` values of the kind from `bytes[at, at + count·size)`, a slice at a time: an aligned copy of the bytes
 * (copyOutSteps, `onBytes` after each MiB), read through a typed array (the page's byte order is little-endian, as
 * on every platform browsers run on); float32 and float64 are that copy itself, the other kinds are widened a
 * slice of values at a time (float16 through the table of every half, `halvesToFloats`; bfloat16 is the top half
 * of a float32's bits, so its bits are shifted into place).
 */
export function* rawValuesSteps(
  bytes: Uint8Array,
  at: number,
  count: number,
  kind: RawKind,
  onBytes?: (n: number) => void,
): Steps<Float32Array | Float64Array> {
  const raw = yield* copyOutSteps(bytes, at, at + count * RAW_SIZES[kind], onBytes)
  return yield* decodeRawSteps(raw, count, kind)
}

/** `count` values of the kind from an aligned buffer of their little-endian bytes (see rawValuesSteps). */
export function* decodeRawSteps(
  raw: ArrayBuffer,
  count: number,
  kind: RawKind,
): Steps<Float32Array | Float64Array> {
  switch (kind) {
    case 'f32':
      return new Float32Array(raw)
    case 'f64':
      return new Float64Array(raw)
    case 'f16': {
      const u = new Uint16Array(raw)
      const o = new Float32Array(count)
      yield* slices(count, (s, e) => halvesToFloats(u, s, e, o))
      return o
    }
    case 'bf16': {
      const u = new Uint16Array(raw)
      const o = new Float32Array(count)
      const bits = new Uint32Array(o.buffer)
      yield* slices(count, (s, e) => {
        for (let i = s; i < e; i++) bits[i] = u[i] << 16
      })
      return o
    }
    case 'i64':
      return yield* bigSteps(new BigInt64Array(raw), count)
    case 'u64':
      return yield* bigSteps(new BigUint64Array(raw), count)
    case 'i32':
      return yield* widenSteps(new Int32Array(raw), valuesFor(kind, count))
    case 'u32':
      return yield* widenSteps(new Uint32Array(raw), valuesFor(kind, count))
    case 'i16':
      return yield* widenSteps(new Int16Array(raw), valuesFor(kind, count))
    case 'u16':
      return yield* widenSteps(new Uint16Array(raw), valuesFor(kind, count))
    case 'i8':
      return yield* widenSteps(new Int8Array(raw), valuesFor(kind, count))
    case 'u8':
      return yield* widenSteps(new Uint8Array(raw), valuesFor(kind, count))
  }
}

/** 64-bit integers as the nearest numbers (Number of each), a slice at a time */
function* bigSteps(u: BigInt64Array | BigUint64Array, count: number): Steps<Float64Array> {
  const o = new Float64Array(count)
  yield* slices(count, (s, e) => {
    for (let i = s; i < e; i++) o[i] = Number(u[i])
  })
  return o
}

/** Decoders for the narrow float formats model files use. */

/** IEEE 754 binary16 bit pattern → number (subnormals, ±∞ and NaN included). */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1
  const e = (h >> 10) & 0x1f
  const f = h & 0x3ff
  if (e === 0) return s * f * 2 ** -24
  if (e === 31) return f ? NaN : s * Infinity
  return s * (1 + f / 1024) * 2 ** (e - 15)
}

let halves: Float32Array | null = null
/**
 * Every binary16 pattern's value, built once (256 KB): a float32 holds each half exactly, and one load per
 * value decodes a 32 MiB F16 file in a tenth of the time `halfToFloat`'s power of two takes per value.
 */
function halfTable(): Float32Array {
  if (halves === null) {
    halves = new Float32Array(0x10000)
    for (let h = 0; h < 0x10000; h++) halves[h] = halfToFloat(h)
  }
  return halves
}

/** out[i] = the value of the binary16 pattern u[i], for i in [from, to): the model readers' F16 decoder */
export function halvesToFloats(u: ArrayLike<number>, from: number, to: number, out: Float32Array): void {
  const t = halfTable()
  for (let i = from; i < to; i++) out[i] = t[u[i] & 0xffff]
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)
/** bfloat16 bit pattern → number: it is the top half of a float32. */
export function bf16ToFloat(b: number): number {
  u32[0] = (b & 0xffff) << 16
  return f32[0]
}

/** number → nearest binary16 bit pattern, ties to even (used by the tests that write files). */
export function floatToHalf(v: number): number {
  if (Number.isNaN(v)) return 0x7e00
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0
  const a = Math.abs(v)
  if (a >= 65520) return sign | 0x7c00
  if (a < 2 ** -24 / 2) return sign
  let e = Math.floor(Math.log2(a))
  if (2 ** e > a) e--
  if (e < -14) {
    // subnormal: units of 2^-24
    const m = roundEven(a / 2 ** -24)
    return sign | m
  }
  let m = roundEven((a / 2 ** e - 1) * 1024)
  if (m === 1024) {
    m = 0
    e++
  }
  if (e > 15) return sign | 0x7c00
  return sign | ((e + 15) << 10) | m
}

/** number → bfloat16 bit pattern, round to nearest even on the float32 bits. */
export function floatToBf16(v: number): number {
  f32[0] = v
  const u = u32[0]
  if (Number.isNaN(f32[0])) return 0x7fc0
  const lsb = (u >>> 16) & 1
  return ((u + 0x7fff + lsb) >>> 16) & 0xffff
}

function roundEven(x: number): number {
  const f = Math.floor(x)
  const d = x - f
  if (d < 0.5) return f
  if (d > 0.5) return f + 1
  return f % 2 === 0 ? f : f + 1
}

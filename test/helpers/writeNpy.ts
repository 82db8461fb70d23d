/**
 * Build a .npy file (format version 1.0: magic, header dict padded to 64 bytes, raw data) for the loader
 * tests. The app offers no ".npy download", so this lives with the tests.
 */
import { roundHalfEven } from '../../src/core'

const SIZES: Record<string, number> = { f8: 8, f4: 4, f2: 2, i1: 1, u1: 1, i2: 2, i4: 4 }

export function writeNpy(
  data: ArrayLike<number>,
  shape: number[],
  opts: { descr?: string; fortran?: boolean } = {},
): ArrayBuffer {
  const descr = opts.descr ?? '<f8'
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr)
  const kind = m ? m[2] + m[3] : ''
  const size = SIZES[kind]
  if (!m || size === undefined) throw new RangeError(`writeNpy: unsupported ${descr}`)
  const le = m[1] !== '>'
  let header = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`
  const pad = 64 - ((10 + header.length + 1) % 64)
  header += ' '.repeat(pad % 64) + '\n'
  const buf = new ArrayBuffer(10 + header.length + data.length * size)
  const bytes = new Uint8Array(buf)
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
  const view = new DataView(buf)
  view.setUint16(8, header.length, true)
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i)
  const start = 10 + header.length
  for (let i = 0; i < data.length; i++) {
    const o = start + i * size
    const v = data[i]
    if (kind === 'f8') view.setFloat64(o, v, le)
    else if (kind === 'f4') view.setFloat32(o, v, le)
    else if (kind === 'f2') view.setUint16(o, float16Bits(v), le)
    else if (kind === 'i1') view.setInt8(o, v)
    else if (kind === 'u1') view.setUint8(o, v)
    else if (kind === 'i2') view.setInt16(o, v, le)
    else view.setInt32(o, v, le)
  }
  return buf
}

/**
 * IEEE 754 binary16 bits of a double, rounded to nearest with ties to even in one step (numpy's
 * npy_double_to_half): subnormals in units of 2⁻²⁴, |v| ≥ 65520 (the midpoint above 65504) → ±Inf, NaN → 0x7e00.
 */
export function float16Bits(v: number): number {
  if (Number.isNaN(v)) return 0x7e00
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0
  const a = Math.abs(v)
  if (a >= 65520) return sign | 0x7c00
  // below the smallest normal 2⁻¹⁴: a multiple of 2⁻²⁴ (a carry to 1024 is the smallest normal's encoding)
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24)
  let e = Math.floor(Math.log2(a))
  if (2 ** e > a) e--
  else if (2 ** (e + 1) <= a) e++
  let mant = roundHalfEven((a / 2 ** e - 1) * 1024)
  if (mant === 1024) {
    mant = 0
    e++
  }
  if (e > 15) return sign | 0x7c00
  return sign | ((e + 15) << 10) | mant
}

// Hostile .npz archives: a member whose bytes were damaged was read as wrong values (the CRC-32 was never
// checked; numpy's zipfile raises BadZipFile 'Bad CRC-32'); a directory that claims 0xFFFFFFF0 bytes for a
// member had an array of that size made before anything was inflated (8 such members: 32 GiB); a zip64 count of
// 50M entries in a 300-byte archive walked 50M entries of zeros (45 s).
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { thrown } from '../helpers/thrown'
import { ModelFileError } from '../../src/models'
import { readNpz } from '../../src/models/npy'
import { writeNpy } from '../helpers/writeNpy'

const u8 = (b: ArrayBuffer) => new Uint8Array(b)
const npy = u8(writeNpy([1.5, -2, 0.25, 3, 8, -16], [2, 3], { descr: '<f4' }))
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength)

/** where the archive's central directory starts (no comment: the end record is the last 22 bytes) */
const directory = (zip: Uint8Array) => dv(zip).getUint32(zip.length - 22 + 16, true)

describe('readNpz, hostile archives', () => {
  it('a member whose bytes do not give its CRC-32 is refused (numpy: Bad CRC-32)', () => {
    for (const level of [0, 6] as const) {
      const zip = zipSync({ 'w.npy': [npy, { level }] })
      expect(Array.from(readNpz('w.npz', zip).tensors[0].data)).toEqual([1.5, -2, 0.25, 3, 8, -16])
      // the directory's CRC changed
      const crc = zip.slice()
      dv(crc).setUint32(directory(zip) + 16, dv(zip).getUint32(directory(zip) + 16, true) ^ 1, true)
      expect(thrown(() => readNpz('w.npz', crc))).toMatchObject({ code: 'inconsistent', file: 'w.npz' })
    }
    // a stored member's last value damaged (1 bit of -16's float32 exponent): read as -8 before
    const zip = zipSync({ 'w.npy': [npy, { level: 0 }] })
    const bad = zip.slice()
    bad[30 + 'w.npy'.length + npy.length - 1] ^= 0x01
    const e = thrown(() => readNpz('w.npz', bad))
    expect(e).toBeInstanceOf(ModelFileError)
    expect(e).toMatchObject({ code: 'inconsistent' })
    expect((e as Error).message).toContain('CRC-32')
  })

  it("a directory's size past what the data could inflate to, or past the largest tensor, is refused before an array is made", () => {
    const zip = zipSync({ 'w.npy': [npy, { level: 6 }] })
    const huge = zip.slice()
    dv(huge).setUint32(directory(zip) + 24, 0xfffffff0, true)
    expect(thrown(() => readNpz('w.npz', huge))).toMatchObject({ code: 'inconsistent' })
    // 2.2 MB of deflated data could inflate to 2 GiB + 1 MiB, but no .npy read is that large (2^28 float64s)
    const noise = new Uint8Array(2_200_000)
    for (let i = 0, x = 1; i < noise.length; i++)
      noise[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24
    const big = zipSync({ 'w.npy': [noise, { level: 1 }] })
    dv(big).setUint32(directory(big) + 24, 2 ** 31 + 2 ** 20, true)
    const t = performance.now()
    expect(thrown(() => readNpz('w.npz', big))).toMatchObject({ code: 'too-large' })
    expect(performance.now() - t).toBeLessThan(500)
  })

  it('a zip64 count of more entries than the file holds stops where the data ends', () => {
    const zip = zipSync({ 'w.npy': [npy, { level: 0 }] })
    /** the archive with a zip64 end record (and its locator) that counts `count` entries */
    const zip64 = (count: number) => {
      const e = zip.length - 22
      const out = new Uint8Array(e + 56 + 20 + 22)
      out.set(zip.subarray(0, e))
      const v = dv(out)
      v.setUint32(e, 0x06064b50, true)
      v.setBigUint64(e + 4, 44n, true)
      v.setUint16(e + 12, 45, true)
      v.setUint16(e + 14, 45, true)
      v.setBigUint64(e + 24, BigInt(count), true)
      v.setBigUint64(e + 32, BigInt(count), true)
      v.setBigUint64(e + 40, BigInt(e - directory(zip)), true)
      v.setBigUint64(e + 48, BigInt(directory(zip)), true)
      v.setUint32(e + 56, 0x07064b50, true)
      v.setBigUint64(e + 64, BigInt(e), true)
      v.setUint32(e + 72, 1, true)
      out.set(zip.subarray(e), e + 76)
      v.setUint16(e + 76 + 8, 0xffff, true)
      v.setUint16(e + 76 + 10, 0xffff, true)
      v.setUint32(e + 76 + 16, 0xffffffff, true)
      return out
    }
    expect(Array.from(readNpz('w.npz', zip64(1)).tensors[0].data)).toEqual([1.5, -2, 0.25, 3, 8, -16])
    const t = performance.now()
    const e = thrown(() => readNpz('w.npz', zip64(2_000_000)))
    expect(e).toBeInstanceOf(ModelFileError)
    expect(e).toMatchObject({ code: 'truncated' })
    expect(performance.now() - t).toBeLessThan(200)
  })
})

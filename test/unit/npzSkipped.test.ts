// A .npz member not named .npy (a README.txt, a meta.json zipped in beside the arrays) made the whole archive
// refused ("It holds README.txt, which is not a .npy file"), though numpy's np.load reads such an archive (it
// opens a member only when asked for it, and gives a README.txt as bytes, not an array). Such members are now skipped, before any of their bytes are read,
// and named in the outcome (`skipped`) for the model page to say so; an archive of such members only is refused.
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ModelFileError, readModelFiles } from '../../src/models'
import { readNpz } from '../../src/models/npy'
import { thrown } from '../helpers/thrown'
import { writeNpy } from '../helpers/writeNpy'

const u8 = (b: ArrayBuffer) => new Uint8Array(b)
const enc = (s: string) => new TextEncoder().encode(s)
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength)
const w = u8(writeNpy([1.5, -2, 0.25, 3, 8, -16], [2, 3], { descr: '<f4' }))
const v = u8(writeNpy([1, 2, 3, 4], [2, 2], { descr: '<f8' }))

/** two arrays (one stored, one deflated) among three other members and a directory entry */
const archive = () =>
  zipSync({
    'README.txt': [enc('Weights of a small network.\n'.repeat(20)), { level: 6 }],
    'conv/w.npy': [w, { level: 0 }],
    'docs/': new Uint8Array(0),
    'docs/README.txt': [enc('more words'), { level: 0 }],
    'fc.npy': [v, { level: 9 }],
    'meta.json': [enc('{"epochs": 3}'), { level: 6 }],
  })

/** the central directory's entry of `name` (no archive comment: the end record is the last 22 bytes) */
function entryOf(zip: Uint8Array, name: string): number {
  let o = dv(zip).getUint32(zip.length - 22 + 16, true)
  for (;;) {
    const n = dv(zip).getUint16(o + 28, true)
    if (new TextDecoder().decode(zip.subarray(o + 46, o + 46 + n)) === name) return o
    o += 46 + n + dv(zip).getUint16(o + 30, true) + dv(zip).getUint16(o + 32, true)
  }
}

describe('a .npz member that is not a .npy array', () => {
  it('is skipped and named, whole, in the archive’s order; the arrays are read as usual', () => {
    const r = readNpz('m.npz', archive())
    expect(r.tensors.map((t) => [t.name, t.shape, t.dtype])).toEqual([
      ['conv/w', [2, 3], '<f4'],
      ['fc', [2, 2], '<f8'],
    ])
    expect(Array.from(r.tensors[0].data)).toEqual([1.5, -2, 0.25, 3, 8, -16])
    expect(Array.from(r.tensors[1].data)).toEqual([1, 2, 3, 4])
    // (the directory entry is no member of its own)
    expect(r.skipped).toEqual(['README.txt', 'docs/README.txt', 'meta.json'])
  })

  it('is listed once when the archive gives its name twice', () => {
    // (fflate writes each key once: b.txt is renamed a.txt, in its local header and in the directory)
    const zip = zipSync({ 'a.txt': enc('x'), 'w.npy': w, 'b.txt': enc('x') })
    const b = entryOf(zip, 'b.txt')
    zip[b + 46] = zip[dv(zip).getUint32(b + 42, true) + 30] = 0x61
    expect(readNpz('m.npz', zip).skipped).toEqual(['a.txt'])
  })

  it('is not read: not inflated, its CRC-32 and compression method not checked', () => {
    const zip = archive()
    const readme = entryOf(zip, 'README.txt')
    const meta = entryOf(zip, 'meta.json')
    const d = dv(zip)
    // README.txt's deflated data damaged (it would not inflate), its CRC-32 wrong, and a size of 4 GiB announced
    const local = d.getUint32(readme + 42, true)
    const start = local + 30 + d.getUint16(local + 26, true) + d.getUint16(local + 28, true)
    for (let i = 0; i < 8; i++) zip[start + i] ^= 0xff
    d.setUint32(readme + 16, d.getUint32(readme + 16, true) ^ 1, true)
    d.setUint32(readme + 24, 0xfffffff0, true)
    // meta.json compressed by a method this page does not read (LZMA)
    d.setUint16(meta + 10, 14, true)
    const r = readNpz('m.npz', zip)
    expect(r.tensors.map((t) => t.name)).toEqual(['conv/w', 'fc'])
    expect(r.skipped).toEqual(['README.txt', 'docs/README.txt', 'meta.json'])
    // the same damage to an array is refused: the damage is real
    const arr = archive()
    dv(arr).setUint16(entryOf(arr, 'fc.npy') + 10, 14, true)
    expect(thrown(() => readNpz('m.npz', arr))).toMatchObject({ code: 'header' })
  })

  it('leaves an archive of such members only refused, naming them all', async () => {
    const zip = zipSync({
      'notes.txt': enc('hello'),
      'docs/': new Uint8Array(0),
      'docs/meta.json': enc('{}'),
    })
    const e = thrown(() => readNpz('m.npz', zip))
    expect(e).toBeInstanceOf(ModelFileError)
    expect(e).toMatchObject({
      code: 'unknown-format',
      file: 'm.npz',
      reason: { key: 'noNpy', vars: { count: 2, members: ['notes.txt', 'docs/meta.json'] } },
    })
    // a directory entry alone holds nothing: no weights, as before
    expect(thrown(() => readNpz('d.npz', zipSync({ 'docs/': new Uint8Array(0) })))).toMatchObject({
      code: 'empty',
    })
    // an array with no values beside other members: no weights either (not "no .npy")
    const empty = u8(writeNpy([], [0, 3]))
    expect(
      thrown(() => readNpz('e.npz', zipSync({ 'none.npy': empty, 'notes.txt': enc('hi') }))),
    ).toMatchObject({ code: 'empty' })
    await expect(readModelFiles([{ name: 'm.npz', bytes: zip }])).rejects.toMatchObject({
      code: 'unknown-format',
    })
  })

  it('reaches readModelFiles’ outcome, one entry per archive that has any', async () => {
    const other = zipSync({ 'b.npy': v, LICENSE: enc('MIT') })
    const r = await readModelFiles([
      { name: 'part1.npz', bytes: archive() },
      { name: 'plain.npz', bytes: zipSync({ 'c.npy': w }) },
      { name: 'part2.npz', bytes: other },
    ])
    expect(r.tensors.map((t) => t.name)).toEqual(['conv/w', 'fc', 'c', 'b'])
    expect(r.skipped).toEqual([
      { file: 'part1.npz', members: ['README.txt', 'docs/README.txt', 'meta.json'] },
      { file: 'part2.npz', members: ['LICENSE'] },
    ])
    expect((await readModelFiles([{ name: 'w.npy', bytes: w }])).skipped).toEqual([])
  })
})

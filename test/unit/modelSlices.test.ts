// The model readers in slices (readModelFilesSteps and each format's …Steps): a model read on the page after its
// worker gave up leaves the page a turn between slices, so each reader must yield within a large tensor, not
// only between files, and give what the synchronous reader gives. The .npz reader finds its members through the
// zip's central directory itself (to inflate them a slice at a time with fflate's streaming Inflate): it must read
// every archive fflate's unzipSync read, the same way, and refuse the others with the same error.
import { crc32 } from 'node:zlib'
import { inflateSync, unzipSync, zipSync } from 'fflate'
import fc from 'fast-check'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { runAsyncSteps, type AsyncSteps } from '../../src/core'
import {
  floatToHalf,
  ModelFileError,
  writeSafetensors,
  type NamedTensor,
  type ReadModel,
} from '../../src/models'
import { readNpy, readNpz, readNpzSteps, type NpzContents } from '../../src/models/npy'
import { ONNX_SCHEMA } from '../../src/models/onnx'
import { readModelFilesSteps } from '../../src/models/read'
import { writeNpy } from '../helpers/writeNpy'

const u8 = (b: ArrayBuffer | Uint8Array) => (b instanceof Uint8Array ? b : new Uint8Array(b))
const N = 1 << 22

/** the values of a file, the slices it was read in */
async function sliced(g: AsyncSteps<ReadModel>): Promise<{ read: ReadModel; slices: number }> {
  let slices = 0
  for (;;) {
    const r = await g.next()
    if (r.done) return { read: r.value, slices }
    slices++
  }
}

describe('readModelFilesSteps', () => {
  const values = Array.from({ length: N }, (_, i) => ((i % 2001) - 1000) / 64)
  const halves = Uint16Array.from(values, floatToHalf)
  // k / 64 for |k| ≤ 1000: exact in a half
  const root = protobuf.Root.fromJSON(ONNX_SCHEMA)
  const Model = root.lookupType('onnx.ModelProto')
  const files: [string, { name: string; bytes: Uint8Array }[]][] = [
    [
      '.safetensors',
      [
        {
          name: 'w.safetensors',
          bytes: writeSafetensors([
            { name: 'w', dtype: 'F16', shape: [1024, N / 1024], bytes: u8(halves.buffer) },
          ]),
        },
      ],
    ],
    ['.npy', [{ name: 'w.npy', bytes: u8(writeNpy(values, [1024, N / 1024], { descr: '<f4' })) }]],
    [
      '.npz',
      [
        {
          name: 'w.npz',
          bytes: zipSync({ 'w.npy': [u8(writeNpy(values, [1024, N / 1024])), { level: 1 }] }),
        },
      ],
    ],
    [
      'TF.js',
      [
        {
          name: 'model.json',
          bytes: new TextEncoder().encode(
            JSON.stringify([
              {
                paths: ['a.bin'],
                weights: [
                  {
                    name: 'w',
                    shape: [1024, N / 1024],
                    dtype: 'float32',
                    quantization: { dtype: 'float16' },
                  },
                ],
              },
            ]),
          ),
        },
        { name: 'a.bin', bytes: u8(halves.buffer) },
      ],
    ],
    [
      '.onnx',
      [
        {
          name: 'w.onnx',
          bytes: Model.encode(
            Model.fromObject({
              graph: {
                initializer: [
                  { name: 'w', dims: [1024, N / 1024], dataType: 10, rawData: u8(halves.buffer) },
                ],
              },
            }),
          ).finish(),
        },
      ],
    ],
  ]
  it.each(files)('reads a %s tensor of 4 M values in slices of 32 768 values at most', async (_, f) => {
    const { read, slices } = await sliced(readModelFilesSteps(f))
    expect(slices).toBeGreaterThanOrEqual(N / 32768)
    expect(read.tensors).toHaveLength(1)
    const t = read.tensors[0]
    expect(t.shape).toEqual([1024, N / 1024])
    for (const i of [0, 1, 1000, 2000, 2001, N - 1]) expect(t.data[i]).toBe(values[i])
  })
})

/**
 * readNpz as it was: fflate's unzipSync, then each member read as a .npy; the members not named .npy (and the
 * directory entries) left out by unzipSync's filter, before they are inflated, and listed as skipped
 */
function unzipped(file: string, bytes: Uint8Array): NpzContents {
  let members: Record<string, Uint8Array>
  const skipped = new Set<string>()
  try {
    members = unzipSync(bytes, {
      filter: ({ name }) => {
        const array = name.toLowerCase().endsWith('.npy')
        if (!array && !name.endsWith('/')) skipped.add(name)
        return array
      },
    })
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const code = /end|unexpected|invalid zip/i.test(msg)
      ? 'truncated'
      : /unknown compression/i.test(msg)
        ? 'header'
        : 'damaged'
    throw new ModelFileError(code, file, msg)
  }
  if (Object.keys(members).length === 0 && skipped.size > 0)
    throw new ModelFileError(
      'unknown-format',
      file,
      `no .npy member among ${skipped.size} (first: ${[...skipped][0]})`,
    )
  const out: NamedTensor[] = []
  for (const [member, data] of Object.entries(members)) {
    try {
      out.push(readNpy(file, data, member.slice(0, -'.npy'.length)))
    } catch (e) {
      if (e instanceof ModelFileError && e.code === 'empty') continue
      throw e
    }
  }
  if (out.length === 0) throw new ModelFileError('empty', file)
  return { tensors: out, skipped: [...skipped] }
}

/**
 * Whether an array member's CRC-32 in the central directory differs from that of its bytes (stored, or all that
 * inflates from them), found with node's zlib; null if the directory cannot be walked. unzipSync does not check
 * it; numpy (zipfile) raises BadZipFile 'Bad CRC-32', and so does readNpz.
 */
function badCrc(zip: Uint8Array): boolean | null {
  const b2 = (o: number) => zip[o] | (zip[o + 1] << 8)
  const b4 = (o: number) => (b2(o) | (b2(o + 2) << 16)) >>> 0
  try {
    const e = zip.length - 22
    if (e < 0 || b4(e) !== 0x6054b50) return null
    let o = b4(e + 16)
    for (let i = 0; i < b2(e + 8); i++) {
      if (b4(o) !== 0x2014b50) return null
      const name = new TextDecoder().decode(zip.subarray(o + 46, o + 46 + b2(o + 28)))
      const off = b4(o + 42)
      const start = off + 30 + b2(off + 26) + b2(off + 28)
      const data = zip.subarray(start, start + b4(o + 20))
      // (a member that is no array is not read, its CRC-32 not checked: numpy's zipfile reads it only if asked)
      if (name.toLowerCase().endsWith('.npy')) {
        const bytes = b2(o + 10) === 0 ? data : data.length ? inflateSync(data) : new Uint8Array(b4(o + 24))
        if (crc32(bytes) !== b4(o + 16)) return true
      }
      o += 46 + b2(o + 28) + b2(o + 30) + b2(o + 32)
    }
    return false
  } catch {
    return null
  }
}

/**
 * Whether the central directory's entries, as many as the end record counts, run past the end of the file (46
 * bytes each at least): unzipSync reads on in zeros (a count of 50M in a 300-byte archive took 45 s); readNpz
 * stops there.
 */
function directoryPastEnd(zip: Uint8Array): boolean {
  const b2 = (o: number) => (zip[o] ?? 0) | ((zip[o + 1] ?? 0) << 8)
  const b4 = (o: number) => (b2(o) | (b2(o + 2) << 16)) >>> 0
  let e = zip.length - 22
  while (e > 0 && b4(e) !== 0x6054b50) e--
  let o = b4(e + 16)
  for (let i = 0; i < b2(e + 8); i++) {
    if (o + 46 > zip.length) return true
    o += 46 + b2(o + 28) + b2(o + 30) + b2(o + 32)
  }
  return false
}

const outcome = (f: () => NpzContents) => {
  try {
    const r = f()
    return { ok: r.tensors.map((t) => ({ ...t, data: Array.from(t.data) })), skipped: r.skipped }
  } catch (e) {
    return { err: e instanceof Error ? e.message : String(e) }
  }
}

describe('the .npz reader', () => {
  // written by numpy 2.4 (np.savez, np.savez_compressed): zip64 local headers whose sizes read 0xFFFFFFFF
  const savez =
    'UEsDBC0AAAAAAAAAIQDkDyys//////////8PABQAY29udi53ZWlnaHQubnB5AQAQALAAAAAAAAAAsAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAAsL8AAJC/AABgvwAAIL8AAMC+AAAAvgAAAD4AAMA+AAAgPwAAYD8AAJA/AACwP1BLAwQtAAAAAAAAACEAT/amL///////////CAAUAGZjL3cubnB5AQAQALAAAAAAAAAAsAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAAAAAAAPC/AAAAAAAA6L8AAAAAAADgvwAAAAAAANC/AAAAAAAAAAAAAAAAAADQP1BLAQItAy0AAAAAAAAAIQDkDyyssAAAALAAAAAPAAAAAAAAAAAAAACAAQAAAABjb252LndlaWdodC5ucHlQSwECLQMtAAAAAAAAACEAT/amL7AAAACwAAAACAAAAAAAAAAAAAAAgAHxAAAAZmMvdy5ucHlQSwUGAAAAAAIAAgBzAAAA2wEAAAAA'
  const compressed =
    'UEsDBC0AAAAIAAAAIQDkDyys//////////8PABQAY29udi53ZWlnaHQubnB5AQAQALAAAAAAAAAAaQAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOgommjoKtQpkAy4Ghg37GRgmAHECECsA8YF9DAwMIGwHZAOxgj1QDognAPEGewBQSwMELQAAAAgAAAAhAE/2pi///////////wgAFABmYy93Lm5weQEAEACwAAAAAAAAAFgAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgbpNmoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjoKxpo6CrUKZAMuBjD4sB9Cv4DSD6D0BSgNAxfsAVBLAQItAy0AAAAIAAAAIQDkDyysaQAAALAAAAAPAAAAAAAAAAAAAACAAQAAAABjb252LndlaWdodC5ucHlQSwECLQMtAAAACAAAACEAT/amL1gAAACwAAAACAAAAAAAAAAAAAAAgAGqAAAAZmMvdy5ucHlQSwUGAAAAAAIAAgBzAAAAPAEAAAAA'
  it.each([
    ['np.savez', savez],
    ['np.savez_compressed', compressed],
  ])('reads what %s writes', (_, b64) => {
    const bytes = u8(Buffer.from(b64, 'base64'))
    const [a, b] = readNpz('w.npz', bytes).tensors
    expect([a.name, a.shape, a.dtype, b.name, b.shape, b.dtype]).toEqual([
      'conv.weight',
      [3, 4],
      '<f4',
      'fc/w',
      [2, 3],
      '<f8',
    ])
    expect(Array.from(a.data)).toEqual(Array.from({ length: 12 }, (_, i) => (i - 5.5) / 4))
    expect(Array.from(b.data)).toEqual(Array.from({ length: 6 }, (_, i) => i * 0.25 - 1))
    expect(outcome(() => readNpz('w.npz', bytes))).toEqual(outcome(() => unzipped('w.npz', bytes)))
  })

  it('inflates a deflated member a slice at a time', () => {
    const values = Array.from({ length: 1 << 18 }, (_, i) => Math.sin(i) * 100)
    const zip = zipSync({ 'w.npy': [u8(writeNpy(values, [512, 512])), { level: 6 }] })
    const g = readNpzSteps('w.npz', zip)
    let slices = 0
    let r = g.next()
    for (; !r.done; r = g.next()) slices++
    // the compressed member in slices of 32 KiB, then its 2^18 values in slices of 32 768
    expect(slices).toBeGreaterThanOrEqual(Math.floor(zip.length / 32768) + 8)
    expect(Array.from(r.value.tensors[0].data)).toEqual(values)
  })

  it('reads every archive unzipSync reads, the same way, and refuses the others with its error (or a bad CRC-32)', () => {
    const member = fc
      .tuple(
        fc.constantFrom('a.npy', 'dir/b.npy', 'c.NPY', 'dir/', 'notes.txt', 'a.npy'),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 0, maxLength: 40 }),
        fc.constantFrom<0 | 1 | 6 | 9>(0, 1, 6, 9),
      )
      .map(([name, v, level]) => [name, v, level] as const)
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 0, maxLength: 4 }),
        fc.constantFrom('none', 'cut', 'flip'),
        fc.nat(),
        fc.nat(),
        (members, damage, at, byte) => {
          const entries: Record<string, [Uint8Array, { level: 0 | 1 | 6 | 9 }]> = {}
          for (const [name, v, level] of members)
            entries[name] = [name.endsWith('/') ? new Uint8Array(0) : u8(writeNpy(v, [v.length])), { level }]
          let zip = zipSync(entries)
          if (damage === 'cut') zip = zip.slice(0, at % (zip.length + 1))
          else if (damage === 'flip' && zip.length > 0) {
            zip = zip.slice()
            zip[at % zip.length] = byte % 256
          }
          const ours = outcome(() => readNpz('w.npz', zip))
          const ref = outcome(() => unzipped('w.npz', zip))
          // a member whose bytes were damaged is refused for its CRC-32 (numpy's BadZipFile), which unzipSync
          // does not check; anything else as unzipSync
          if (ours.err?.includes('bad CRC-32')) expect(badCrc(zip)).toBe(true)
          else if (ours.err?.includes('runs past the end')) expect(directoryPastEnd(zip)).toBe(true)
          else if (/ bytes from \d+\)$/.test(ours.err ?? '')) {
            // a directory whose size for a member is more than deflate can make of its data (a damaged size
            // field): refused before an array of that size is made, where unzipSync inflates what is there
            const [, size, from] = / (\d+) bytes from (\d+)\)$/.exec(ours.err!)!
            expect(Number(size)).toBeGreaterThan(Number(from) * 1032 + 1024)
          } else {
            expect(ours).toEqual(ref)
            if (ref.ok) expect(badCrc(zip)).not.toBe(true)
          }
        },
      ),
      { numRuns: 400 },
    )
  })
})

describe('the synchronous readers', () => {
  it('run the same steps to their end (readModelFiles)', async () => {
    const f = [{ name: 'w.npy', bytes: u8(writeNpy([1, -2, 3, -4], [2, 2], { descr: '>f8' })) }]
    expect((await runAsyncSteps(readModelFilesSteps(f))).tensors[0].data).toEqual(
      Float64Array.from([1, -2, 3, -4]),
    )
  })
})

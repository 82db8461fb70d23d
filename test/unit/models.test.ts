import fc from 'fast-check'
import { zipSync } from 'fflate'
import protobuf from 'protobufjs/light'
import { describe, expect, it } from 'vitest'
import { writeNpy } from '../helpers/writeNpy'
import { RandomState } from '../../src/core'
import {
  bf16ToFloat,
  floatToBf16,
  floatToHalf,
  foldBatchNorm,
  halfToFloat,
  halvesToFloats,
  ModelFileError,
  readModelFiles,
  weightReport,
  writeSafetensors,
} from '../../src/models'
import { ONNX_SCHEMA } from '../../src/models/onnx'
import fixture from '../fixtures/weight-report.json'

const u8 = (b: ArrayBuffer | ArrayBufferView) =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
const le = (arr: ArrayBufferView) => u8(arr).slice()

async function rejection(p: Promise<unknown>): Promise<ModelFileError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(Error)
    expect(e).toBeInstanceOf(ModelFileError)
    return e as ModelFileError
  }
  throw new Error('expected a rejection')
}

describe('half and bfloat16', () => {
  it('decodes the landmarks of binary16 and bfloat16', () => {
    expect(halfToFloat(0x3c00)).toBe(1)
    expect(halfToFloat(0xc000)).toBe(-2)
    expect(halfToFloat(0x7bff)).toBe(65504) // largest half
    expect(halfToFloat(0x0001)).toBe(2 ** -24) // smallest subnormal
    expect(halfToFloat(0x7c00)).toBe(Infinity)
    expect(bf16ToFloat(0x3f80)).toBe(1)
    expect(bf16ToFloat(0xc0a0)).toBe(-5)
    expect(bf16ToFloat(0x3e20)).toBe(0.15625)
  })
  it('encodes and decodes every finite half exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = halfToFloat(h)
      if (!Number.isFinite(v)) continue
      const back = floatToHalf(v)
      expect(halfToFloat(back)).toBe(v)
    }
    expect(floatToBf16(1 + 2 ** -8)).toBe(0x3f80) // a tie rounds to the even mantissa
  })
  it('decodes a run of halves through the table as halfToFloat does, pattern by pattern, only in [from, to)', () => {
    const u = new Uint16Array(0x10000 + 4)
    for (let h = 0; h < u.length; h++) u[h] = h & 0xffff // index h holds pattern h (mod 2^16)
    const out = new Float32Array(u.length).fill(7)
    halvesToFloats(u, 2, 0x10000 + 2, out)
    expect([out[0], out[1], out[0x10002], out[0x10003]]).toEqual([7, 7, 7, 7])
    for (let i = 2; i < 0x10000 + 2; i++) {
      // Object.is: −0 stays −0, every NaN pattern stays NaN, ±∞ and the subnormals exact
      if (!Object.is(out[i], halfToFloat(u[i]))) throw new Error(`pattern ${u[i].toString(16)}: ${out[i]}`)
    }
    expect(Object.is(out[0x8000], -0)).toBe(true)
    // the readers pass 16-bit words; a wider number is taken modulo 2^16, as a Uint16Array would store it
    halvesToFloats([0x13c00], 0, 1, out)
    expect(out[0]).toBe(1)
  })
})

describe('.safetensors', () => {
  const vals = [1.5, -2, 0.25, 3, -0.5, 7]
  function file() {
    return writeSafetensors(
      [
        { name: 'f64', dtype: 'F64', shape: [2, 3], bytes: le(new Float64Array(vals)) },
        { name: 'f32', dtype: 'F32', shape: [3, 2], bytes: le(new Float32Array(vals)) },
        { name: 'f16', dtype: 'F16', shape: [6], bytes: le(Uint16Array.from(vals, floatToHalf)) },
        { name: 'bf16', dtype: 'BF16', shape: [1, 6], bytes: le(Uint16Array.from(vals, floatToBf16)) },
        { name: 'i64', dtype: 'I64', shape: [2], bytes: le(BigInt64Array.from([-(2n ** 40n), 5n])) },
        { name: 'i32', dtype: 'I32', shape: [2], bytes: le(Int32Array.from([-70000, 3])) },
        { name: 'i16', dtype: 'I16', shape: [2], bytes: le(Int16Array.from([-300, 3])) },
        { name: 'i8', dtype: 'I8', shape: [2], bytes: le(Int8Array.from([-128, 127])) },
        { name: 'u8', dtype: 'U8', shape: [2], bytes: le(Uint8Array.from([0, 255])) },
        { name: 'bool', dtype: 'BOOL', shape: [3], bytes: Uint8Array.from([1, 0, 1]) },
        { name: 'scalar', dtype: 'F32', shape: [], bytes: le(Float32Array.from([0.75])) },
      ],
      { format: 'pt' },
    )
  }
  it('reads every dtype of the contract with names and shapes as in the header', async () => {
    const r = await readModelFiles([{ name: 'm.safetensors', bytes: file() }])
    expect(r.format).toBe('safetensors')
    const by = Object.fromEntries(r.tensors.map((t) => [t.name, t]))
    expect(Object.keys(by)).toEqual([
      'f64',
      'f32',
      'f16',
      'bf16',
      'i64',
      'i32',
      'i16',
      'i8',
      'u8',
      'bool',
      'scalar',
    ])
    for (const k of ['f64', 'f32', 'f16', 'bf16']) expect(Array.from(by[k].data), k).toEqual(vals)
    expect(by.f64.shape).toEqual([2, 3])
    expect(by.f64.data).toBeInstanceOf(Float64Array)
    expect(by.f16.dtype).toBe('F16')
    expect(Array.from(by.i64.data)).toEqual([-(2 ** 40), 5])
    expect(Array.from(by.i32.data)).toEqual([-70000, 3])
    expect(Array.from(by.i16.data)).toEqual([-300, 3])
    expect(Array.from(by.i8.data)).toEqual([-128, 127])
    expect(Array.from(by.u8.data)).toEqual([0, 255])
    expect(Array.from(by.bool.data)).toEqual([1, 0, 1])
    expect(by.scalar.shape).toEqual([])
    expect(Array.from(by.scalar.data)).toEqual([0.75])
  })
  it('rounds values that half precision cannot hold as the file stores them', async () => {
    const f = writeSafetensors([
      { name: 'x', dtype: 'F16', shape: [2], bytes: le(Uint16Array.from([0.1, 1 / 3], floatToHalf)) },
      { name: 'y', dtype: 'BF16', shape: [1], bytes: le(Uint16Array.from([0.1], floatToBf16)) },
    ])
    const r = await readModelFiles([{ name: 'h.safetensors', bytes: f }])
    // 0.1 in binary16 is 1638/16384 (0x2e66); 1/3 is 0x3555 = 1365/4096; 0.1 in bfloat16 is 0x3dcd
    expect(Array.from(r.tensors[0].data)).toEqual([1638 / 16384, 1365 / 4096])
    expect(r.tensors[1].data[0]).toBe(bf16ToFloat(0x3dcd))
    expect(r.tensors[1].data[0]).toBeCloseTo(0.10009765625, 12)
  })
  it('refuses data whose tensors overlap or leave bytes to no tensor, before reading any value', async () => {
    /** a file with this header and `dataLen` bytes of data (F32 values 1, 2, 3, …) */
    const custom = (entries: Record<string, [number, number]>, dataLen: number) => {
      const header: Record<string, unknown> = {}
      for (const [name, [b, e]] of Object.entries(entries))
        header[name] = { dtype: 'F32', shape: [(e - b) / 4], data_offsets: [b, e] }
      const head = new TextEncoder().encode(JSON.stringify(header))
      const out = new Uint8Array(8 + head.length + dataLen)
      new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true)
      out.set(head, 8)
      out.set(le(Float32Array.from({ length: dataLen / 4 }, (_, i) => i + 1)), 8 + head.length)
      return out
    }
    const refusal = async (entries: Record<string, [number, number]>, dataLen: number) => {
      const e = await rejection(readModelFiles([{ name: 'p.safetensors', bytes: custom(entries, dataLen) }]))
      expect(e.code).toBe('inconsistent')
      return e.reason
    }
    // two names for the same bytes
    expect(await refusal({ a: [0, 8], b: [4, 12] }, 12)).toEqual({
      key: 'dataOverlap',
      vars: { a: 'a', b: 'b', from: 4 },
    })
    expect((await refusal({ a: [0, 8], b: [0, 8] }, 8))?.key).toBe('dataOverlap')
    // a hole between two tensors, before the first, and bytes after the last
    expect(await refusal({ a: [0, 4], b: [8, 12] }, 12)).toEqual({
      key: 'dataGap',
      vars: { from: 4, count: 4 },
    })
    expect(await refusal({ a: [4, 8] }, 8)).toEqual({ key: 'dataGap', vars: { from: 0, count: 4 } })
    expect(await refusal({ a: [0, 8] }, 16)).toEqual({ key: 'dataGap', vars: { from: 8, count: 8 } })
    // tiled in any order, empty tensors included: read
    const r = await readModelFiles([
      { name: 'ok.safetensors', bytes: custom({ b: [8, 12], e: [8, 8], a: [0, 8] }, 12) },
    ])
    expect(r.tensors.map((t) => [t.name, Array.from(t.data)])).toEqual([
      ['b', [3]],
      ['e', []],
      ['a', [1, 2]],
    ])
  })
  it('rejects truncated, inconsistent, unsupported and broken files, naming the file', async () => {
    const good = file()
    let e = await rejection(
      readModelFiles([{ name: 'cut.safetensors', bytes: good.slice(0, good.length - 3) }]),
    )
    expect(e.message).toContain('cut.safetensors')
    expect(e.code).toBe('truncated')
    e = await rejection(readModelFiles([{ name: 'tiny.safetensors', bytes: good.slice(0, 5) }]))
    expect(e.code).toBe('truncated')
    const fp8 = writeSafetensors([{ name: 'q', dtype: 'U8', shape: [2], bytes: Uint8Array.from([1, 2]) }])
    const patched = new TextDecoder().decode(fp8).replace('"U8"', '"F8"')
    e = await rejection(
      readModelFiles([{ name: 'fp8.safetensors', bytes: new TextEncoder().encode(patched) }]),
    )
    expect(e.code).toBe('dtype')
    expect(e.message).toMatch(/fp8\.safetensors.*F8/)
    const wrongShape = new TextDecoder().decode(fp8).replace('"shape":[2]', '"shape":[3]')
    e = await rejection(
      readModelFiles([{ name: 'bad.safetensors', bytes: new TextEncoder().encode(wrongShape) }]),
    )
    expect(e.code).toBe('inconsistent')
    const junk = new Uint8Array(64)
    new DataView(junk.buffer).setBigUint64(0, 20n, true)
    junk.set(new TextEncoder().encode('{"a": nope}'), 8)
    e = await rejection(readModelFiles([{ name: 'junk.safetensors', bytes: junk }]))
    expect(e.code).toBe('header')
    expect(e.message).toContain('junk.safetensors')
  })
})

describe('.npy and .npz', () => {
  it('reads a big-endian 3-D .npy named after the file', async () => {
    const vals = Array.from({ length: 24 }, (_, i) => i * 0.5 - 3)
    const r = await readModelFiles([
      { name: 'dir/conv1.weight.npy', bytes: u8(writeNpy(vals, [2, 3, 4], { descr: '>f4' })) },
    ])
    expect(r.format).toBe('npy')
    expect(r.tensors[0].name).toBe('conv1.weight')
    expect(r.tensors[0].shape).toEqual([2, 3, 4])
    expect(Array.from(r.tensors[0].data)).toEqual(vals)
    expect(r.tensors[0].dtype).toBe('>f4')
  })
  it('reorders a Fortran-order 3-D array to C order', async () => {
    const shape = [2, 3, 2]
    const c = Array.from({ length: 12 }, (_, i) => i)
    // element (i, j, k) sits at i + 2j + 6k in Fortran order and at 6i + 2j + k in C order
    const f = new Array<number>(12)
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) f[i + 2 * j + 6 * k] = 6 * i + 2 * j + k
    const r = await readModelFiles([
      { name: 'f.npy', bytes: u8(writeNpy(f, shape, { descr: '<f8', fortran: true })) },
    ])
    expect(Array.from(r.tensors[0].data)).toEqual(c)
  })
  it('reads stored and deflated .npz members', async () => {
    const a = u8(writeNpy([1, 2, 3, 4, 5, 6], [2, 3], { descr: '<f4' }))
    const b = u8(
      writeNpy(
        Array.from({ length: 1000 }, (_, i) => i % 7),
        [10, 100],
        { descr: '<f8' },
      ),
    )
    const zip = zipSync({ 'a.npy': [a, { level: 0 }], 'conv/w.npy': [b, { level: 9 }] })
    // method field of each local header: 0 = stored, 8 = deflated
    const methods: number[] = []
    for (let i = 0; i + 4 < zip.length; i++)
      if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 3 && zip[i + 3] === 4)
        methods.push(zip[i + 8])
    expect(methods).toEqual([0, 8])
    const r = await readModelFiles([{ name: 'w.npz', bytes: zip }])
    expect(r.format).toBe('npz')
    expect(r.tensors.map((t) => t.name)).toEqual(['a', 'conv/w'])
    expect(Array.from(r.tensors[0].data)).toEqual([1, 2, 3, 4, 5, 6])
    expect(r.tensors[1].shape).toEqual([10, 100])
    expect(r.tensors[1].data[999]).toBe(999 % 7)
  })
  it('skips an empty member of a .npz (shape (0, 3)) and reads the others', async () => {
    const w = u8(
      writeNpy(
        Array.from({ length: 16 }, (_, i) => i - 8),
        [4, 4],
        { descr: '<f4' },
      ),
    )
    const empty = u8(writeNpy([], [0, 3], { descr: '<f4' }))
    const r = await readModelFiles([
      { name: 'w.npz', bytes: zipSync({ 'none.npy': empty, 'fc.weight.npy': w }) },
    ])
    expect(r.tensors.map((t) => [t.name, t.shape])).toEqual([['fc.weight', [4, 4]]])
    // only empty members: no weight at all
    const e = await rejection(readModelFiles([{ name: 'e.npz', bytes: zipSync({ 'none.npy': empty }) }]))
    expect(e.code).toBe('empty')
  })

  it('rejects a truncated .npz and a truncated .npy, naming the file', async () => {
    const b = u8(
      writeNpy(
        Array.from({ length: 1000 }, (_, i) => i),
        [1000],
        { descr: '<f8' },
      ),
    )
    const zip = zipSync({ 'w.npy': [b, { level: 6 }] })
    let e = await rejection(readModelFiles([{ name: 'half.npz', bytes: zip.slice(0, zip.length >> 1) }]))
    expect(e.message).toContain('half.npz')
    e = await rejection(readModelFiles([{ name: 'cut.npy', bytes: b.slice(0, 500) }]))
    expect(e.code).toBe('truncated')
    expect(e.message).toContain('cut.npy')
    e = await rejection(readModelFiles([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]))
    expect(e.code).toBe('unknown-format')
    expect(e.message).toContain('notes.txt')
  })

  it('tells a .npz without its extension by its first bytes, an archive with no member as well', async () => {
    const b = u8(writeNpy([1.5, -2], [2], { descr: '<f8' }))
    const r = await readModelFiles([{ name: 'weights', bytes: zipSync({ 'w.npy': b }) }])
    expect(r.format).toBe('npz')
    expect(Array.from(r.tensors[0].data)).toEqual([1.5, -2])
    // an archive with no member is its end record alone (PK\5\6): a .npz that holds nothing, not an unknown file
    const empty = zipSync({})
    expect(Array.from(empty.slice(0, 4))).toEqual([0x50, 0x4b, 5, 6])
    const e = await rejection(readModelFiles([{ name: 'nothing', bytes: empty }]))
    expect(e.code).toBe('empty')
  })
})

describe('TensorFlow.js manifest + shards', () => {
  // three weights back to back over two shards: a uint8-quantized kernel that straddles the shard boundary,
  // a float16 vector, a uint16-quantized one, plain float32 and int32
  const kernel = Uint8Array.from([0, 1, 2, 128, 254, 255])
  const half = Uint16Array.from([1, -2, 0.5], floatToHalf)
  const u16 = Uint16Array.from([0, 65535])
  const f32 = Float32Array.from([0.1, -7.25])
  const i32 = Int32Array.from([-3, 70000])
  const all = new Uint8Array([...kernel, ...le(half), ...le(u16), ...le(f32), ...le(i32)])
  const manifest = [
    {
      paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
      weights: [
        {
          name: 'conv/kernel',
          shape: [1, 1, 2, 3],
          dtype: 'float32',
          quantization: { dtype: 'uint8', scale: 0.1, min: -1.3 },
        },
        { name: 'conv/bias', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } },
        {
          name: 'u16',
          shape: [2],
          dtype: 'float32',
          quantization: { dtype: 'uint16', scale: 2 ** -10, min: -32 },
        },
        { name: 'plain', shape: [2], dtype: 'float32' },
        { name: 'count', shape: [2], dtype: 'int32' },
      ],
    },
  ]
  const files = (m: unknown = manifest, cut = 4, name = 'weights_manifest.json') => [
    { name: 'group1-shard2of2.bin', bytes: all.slice(cut) },
    { name, bytes: new TextEncoder().encode(JSON.stringify(m)) },
    { name: 'group1-shard1of2.bin', bytes: all.slice(0, cut) },
  ]
  it('reads weights across two shards and dequantizes in float32', async () => {
    const r = await readModelFiles(files())
    expect(r.format).toBe('tfjs')
    const by = Object.fromEntries(r.tensors.map((t) => [t.name, t]))
    // q·scale + min in float32 arithmetic: f32(f32(q·f32(0.1)) + f32(−1.3))
    const s = Math.fround(0.1)
    const m = Math.fround(-1.3)
    expect(Array.from(by['conv/kernel'].data)).toEqual(
      Array.from(kernel, (q) => Math.fround(Math.fround(q * s) + m)),
    )
    expect(by['conv/kernel'].data[3]).toBeCloseTo(128 * 0.1 - 1.3, 5)
    expect(by['conv/kernel'].shape).toEqual([1, 1, 2, 3])
    expect(by['conv/kernel'].dtype).toBe('uint8→float32')
    expect(Array.from(by['conv/bias'].data)).toEqual([1, -2, 0.5])
    expect(Array.from(by.u16.data)).toEqual([-32, 65535 / 1024 - 32])
    expect(Array.from(by.plain.data)).toEqual(Array.from(f32))
    expect(Array.from(by.count.data)).toEqual([-3, 70000])
  })
  it('refuses a dtype or a quantization dtype that is only a name every object has (“constructor”)', async () => {
    // each read the plain vector's 8 bytes as zeros before: the name passed the size lookup through the prototype
    for (const [dtype, quantization, detail] of [
      ['constructor', undefined, 'plain: constructor'],
      ['float32', { dtype: 'toString', scale: 1, min: 0 }, 'plain: toString→float32'],
      ['float64', undefined, 'plain: float64'],
    ] as const) {
      const one = [{ paths: ['w.bin'], weights: [{ name: 'plain', shape: [2], dtype, quantization }] }]
      const e = await rejection(
        readModelFiles([
          { name: 'weights_manifest.json', bytes: new TextEncoder().encode(JSON.stringify(one)) },
          { name: 'w.bin', bytes: le(f32) },
        ]),
      )
      expect([e.code, e.detail]).toEqual(['dtype', detail])
    }
  })
  it('reads model.json with weightsManifest', async () => {
    const r = await readModelFiles(
      files({ format: 'layers-model', weightsManifest: manifest }, 9, 'model.json'),
    )
    expect(r.tensors).toHaveLength(5)
  })
  it('refuses two tensors of one name across files, naming it', async () => {
    const one = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [1], bytes: new Uint8Array(4) }])
    const e = await rejection(
      readModelFiles([
        { name: 'a.safetensors', bytes: one },
        { name: 'b.safetensors', bytes: one },
      ]),
    )
    // named with the file that repeats the name
    expect([e.code, e.file, e.detail]).toEqual(['duplicate', 'b.safetensors', 'w'])
  })
  it('names the missing shard, the short shard and the broken manifest', async () => {
    let e = await rejection(readModelFiles(files().slice(0, 2)))
    expect(e.code).toBe('missing-shard')
    expect(e.message).toContain('group1-shard1of2.bin')
    const short = files()
    short[0] = { ...short[0], bytes: short[0].bytes.slice(0, 10) }
    e = await rejection(readModelFiles(short))
    expect(e.code).toBe('truncated')
    expect(e.message).toContain('group1-shard')
    e = await rejection(
      readModelFiles([{ name: 'model.json', bytes: new TextEncoder().encode('{"weightsManifest": [') }]),
    )
    expect(e.code).toBe('header')
    expect(e.message).toContain('model.json')
    // a shard alone: its manifest is what is missing
    e = await rejection(readModelFiles([files()[0]]))
    expect(e.code).toBe('missing-manifest')
    expect(e.detail).toBe('')
  })
})

describe('.onnx initializers', () => {
  const root = protobuf.Root.fromJSON(ONNX_SCHEMA)
  const Model = root.lookupType('onnx.ModelProto')
  function onnx(inits: Record<string, unknown>[]) {
    return Model.encode(Model.fromObject({ graph: { name: 'g', initializer: inits } })).finish()
  }
  const bytes = onnx([
    { name: 'conv.weight', dims: [2, 1, 1, 2], dataType: 1, rawData: le(Float32Array.from([1, -2, 0.5, 3])) },
    { name: 'conv.bias', dims: [2], dataType: 1, floatData: [0.25, -0.75] },
    { name: 'fc.half', dims: [3], dataType: 10, int32Data: [1, -2, 0.5].map(floatToHalf) },
    { name: 'fc.bf16', dims: [2], dataType: 16, rawData: le(Uint16Array.from([1, -3], floatToBf16)) },
    { name: 'steps', dims: [2], dataType: 7, int64Data: [-5, 9] },
    { name: 'dbl', dims: [1], dataType: 11, doubleData: [0.1] },
    { name: 'q', dims: [3], dataType: 3, int32Data: [-128, 0, 127] },
  ])
  it('reads raw and typed initializers of every kind', async () => {
    const r = await readModelFiles([{ name: 'net.onnx', bytes }])
    expect(r.format).toBe('onnx')
    const by = Object.fromEntries(r.tensors.map((t) => [t.name, t]))
    expect(by['conv.weight'].shape).toEqual([2, 1, 1, 2])
    expect(Array.from(by['conv.weight'].data)).toEqual([1, -2, 0.5, 3])
    expect(Array.from(by['conv.bias'].data)).toEqual([0.25, -0.75])
    expect(Array.from(by['fc.half'].data)).toEqual([1, -2, 0.5])
    expect(Array.from(by['fc.bf16'].data)).toEqual([1, -3])
    expect(Array.from(by.steps.data)).toEqual([-5, 9])
    expect(Array.from(by.dbl.data)).toEqual([0.1])
    expect(Array.from(by.q.data)).toEqual([-128, 0, 127])
  })
  it('rejects a truncated file and a raw_data of the wrong size', async () => {
    let e = await rejection(readModelFiles([{ name: 'cut.onnx', bytes: bytes.slice(0, 30) }]))
    expect(e.message).toContain('cut.onnx')
    const bad = onnx([{ name: 'w', dims: [3], dataType: 1, rawData: new Uint8Array(8) }])
    e = await rejection(readModelFiles([{ name: 'bad.onnx', bytes: bad }]))
    expect(e.code).toBe('inconsistent')
    expect(e.message).toMatch(/bad\.onnx.*w/)
  })
  it('says that a tensor kept in an external file cannot be read (not “unsupported data type”)', async () => {
    const ext = onnx([
      {
        name: 'big.weight',
        dims: [2, 2],
        dataType: 1,
        dataLocation: 1,
        externalData: [{ key: 'location', value: 'big.bin' }],
      },
    ])
    const e = await rejection(readModelFiles([{ name: 'ext.onnx', bytes: ext }]))
    expect([e.code, e.file, e.detail]).toEqual(['external', 'ext.onnx', 'big.weight'])
    expect(e.message).toContain('external file')
  })
})

describe('weightReport', () => {
  it('matches numpy on the pinned fixtures (scripts/make-weight-report-fixture.py)', () => {
    for (const c of fixture.reports) {
      const r = weightReport(
        { shape: c.shape, data: c.data },
        { bits: c.bits, axis: c.axis, groupSize: c.groupSize },
      )
      for (const [k, v] of Object.entries(c.expected)) {
        const got = r[k as keyof typeof r] as number
        expect(Math.abs(got - v), `${c.name}: ${k} ${got} vs ${v}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(v)),
        )
      }
    }
  })
  it('works a small case by hand', () => {
    // channels (rows, axis 0) [4, -2] and [0.5, 1]; 3 bits → qmax 3.
    // per tensor: scale 4/3: 4 → 3 (exact), −2 → −1.5 → −2 (half to even) → −8/3, 0.5 → 0.375 → 0 , 1 → 0.75 → 1 → 4/3
    //   error² = 0 + (2/3)² + 0.25 + (1/3)² = 0.8055…; signal = 16 + 4 + 0.25 + 1 = 21.25
    // per channel: row 0 same as above (0 + 4/9); row 1 scale 1/3: 0.5 → 1.5 → 2 (half to even) → 2/3,
    //   1 → 3 (exact) → error² = 4/9 + 1/36
    const r = weightReport({ shape: [2, 2], data: [4, -2, 0.5, 1] }, { bits: 3, axis: 0 })
    expect(r.perTensorSqnrDb).toBeCloseTo(10 * Math.log10(21.25 / (4 / 9 + 0.25 + 1 / 9)), 12)
    expect(r.perChannelSqnrDb).toBeCloseTo(10 * Math.log10(21.25 / (4 / 9 + 1 / 36)), 12)
    expect(r.channelRangeSpread).toBe(4)
    expect(r.rmseOverScale).toBeCloseTo(Math.sqrt((4 / 9 + 0.25 + 1 / 9) / 4) / (4 / 3), 12)
    expect([r.min, r.max]).toEqual([-2, 4])
    expect(r.groupSqnrDb).toBeUndefined()
  })
  it('is +∞ for exactly representable weights and handles an all-zero tensor', () => {
    expect(weightReport({ shape: [3], data: [-127, 0, 64] }, { bits: 8, axis: 0 }).perTensorSqnrDb).toBe(
      Infinity,
    )
    const z = weightReport({ shape: [2, 2], data: [0, 0, 0, 0] }, { bits: 8, axis: 0, groupSize: 2 })
    expect(z.perTensorSqnrDb).toBe(Infinity)
    expect(z.channelRangeSpread).toBe(1)
    expect(z.rmseOverScale).toBe(0)
  })
  it('gives the same figures for weights scaled by 1e-170 or 1e160 (sums taken in a scaled unit)', () => {
    const rs = new RandomState(5)
    const base = Array.from(rs.normal(0, 1, 64 * 16))
    const report = (f: number) =>
      weightReport({ shape: [64, 16], data: base.map((v) => v * f) }, { bits: 8, axis: 0, groupSize: 8 })
    const one = report(1)
    expect(one.perTensorSqnrDb).toBeGreaterThan(30)
    for (const f of [1e-170, 1e160, 1e-250, 1e300]) {
      const r = report(f)
      for (const k of ['perTensorSqnrDb', 'perChannelSqnrDb', 'groupSqnrDb', 'rmseOverScale'] as const)
        expect(r[k], `${k} at ${f}`).toBeCloseTo(one[k]!, 6)
      expect(r.channelRangeSpread).toBeCloseTo(one.channelRangeSpread, 6)
      expect(r.max).toBe(Math.max(...base.map((v) => v * f)))
    }
  })
  it('keeps rounding error within half a step and does not change when the tensor is scaled by 2^k', () => {
    fc.assert(
      fc.property(
        // below ~1e-150 the squares underflow and no ratio of them means anything: such values become 0
        fc.array(
          fc.double({ min: -100, max: 100, noNaN: true }).map((v) => (Math.abs(v) < 1e-100 ? 0 : v)),
          { minLength: 6, maxLength: 60 },
        ),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: -4, max: 4 }),
        (xs, bits, k) => {
          const n = xs.length - (xs.length % 3)
          const t = { shape: [n / 3, 3], data: xs.slice(0, n) }
          const r = weightReport(t, { bits, axis: 1, groupSize: 4 })
          expect(r.rmseOverScale).toBeLessThanOrEqual(0.5 + 1e-12)
          const s = weightReport(
            { shape: t.shape, data: t.data.map((v) => v * 2 ** k) },
            { bits, axis: 1, groupSize: 4 },
          )
          for (const key of ['perTensorSqnrDb', 'perChannelSqnrDb', 'groupSqnrDb', 'rmseOverScale'] as const)
            expect(Object.is(s[key], r[key]) || Math.abs(s[key]! - r[key]!) < 1e-9).toBe(true)
        },
      ),
    )
  })
})

describe('foldBatchNorm', () => {
  it('matches numpy on a depthwise HWC1 kernel with a zero-variance channel', () => {
    const f = fixture.fold
    const { gamma, beta, mean, variance, epsilon, axis } = f
    const r = foldBatchNorm({ shape: f.shape, data: f.data }, { gamma, beta, mean, variance, epsilon, axis })
    expect(r.weight.length).toBe(f.weight.length)
    for (let i = 0; i < f.weight.length; i++) expect(r.weight[i]).toBeCloseTo(f.weight[i], 12)
    expect(r.weight.shape).toEqual(f.shape)
    expect(r.weight.data).toBe(r.weight)
    for (let c = 0; c < 4; c++) expect(r.bias[c]).toBeCloseTo(f.bias[c], 12)
    // the dead channel (variance 0) is multiplied by γ/√ε ≈ 28.5: folding is what spreads the ranges
    expect(r.weight[3] / f.data[3]).toBeCloseTo(0.9 / Math.sqrt(0.001), 12)
  })
  it('folds along axis 0 by hand and rejects a BatchNorm of the wrong size', () => {
    // w = [[1, 2], [3, 4]], γ = [2, 1], σ² = [3, 0], ε = 1 → factors 2/2 = 1 and 1/1 = 1 … use σ² = [15, 0]: 2/4, 1
    const r = foldBatchNorm(
      { shape: [2, 2], data: [1, 2, 3, 4] },
      { gamma: [2, 1], beta: [1, 0], mean: [4, -1], variance: [15, 0], epsilon: 1, axis: 0 },
    )
    expect(Array.from(r.weight)).toEqual([0.5, 1, 3, 4])
    expect(Array.from(r.bias)).toEqual([1 - 0.5 * 4, 0 + 1])
    expect(() =>
      foldBatchNorm(
        { shape: [2, 2], data: [1, 2, 3, 4] },
        { gamma: [1], beta: [0], mean: [0], variance: [1], epsilon: 1e-3, axis: 0 },
      ),
    ).toThrow(/gamma/)
  })
})

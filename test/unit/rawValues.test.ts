// The raw little-endian values of .safetensors and ONNX's raw_data are decoded once (src/models/rawValues.ts),
// through an aligned copy and typed arrays. The plain decoder below reads each value with a DataView, as the
// ONNX reader did before (a value at a time): both must give the same numbers for every element type, at any
// offset in the file, and both readers must give them for each of their dtypes.
import fc from 'fast-check'
import protobuf from 'protobufjs/light'
import { describe, expect, it } from 'vitest'
import { runSteps } from '../../src/core/steps'
import { bf16ToFloat, halfToFloat, ModelFileError, readModelFiles, writeSafetensors } from '../../src/models'
import { ONNX_SCHEMA } from '../../src/models/onnx'
import { RAW_SIZES, rawValuesSteps, type RawKind } from '../../src/models/rawValues'

const KINDS = Object.keys(RAW_SIZES) as RawKind[]

/** the value at byte `o`, read with a DataView (little-endian) */
function plainValue(v: DataView, o: number, kind: RawKind): number {
  switch (kind) {
    case 'f64':
      return v.getFloat64(o, true)
    case 'f32':
      return v.getFloat32(o, true)
    case 'f16':
      return halfToFloat(v.getUint16(o, true))
    case 'bf16':
      return bf16ToFloat(v.getUint16(o, true))
    case 'i64':
      return Number(v.getBigInt64(o, true))
    case 'u64':
      return Number(v.getBigUint64(o, true))
    case 'i32':
      return v.getInt32(o, true)
    case 'u32':
      return v.getUint32(o, true)
    case 'i16':
      return v.getInt16(o, true)
    case 'u16':
      return v.getUint16(o, true)
    case 'i8':
      return v.getInt8(o)
    case 'u8':
      return v.getUint8(o)
  }
}

function plainValues(bytes: Uint8Array, at: number, count: number, kind: RawKind): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return Array.from({ length: count }, (_, i) => plainValue(v, at + i * RAW_SIZES[kind], kind))
}

/** equal as numbers, NaN equal to NaN (a NaN's payload is not a value) */
function expectSameValues(got: ArrayLike<number>, want: number[]) {
  expect(got.length).toBe(want.length)
  for (let i = 0; i < want.length; i++)
    if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]])
}

describe('rawValuesSteps', () => {
  it('decodes every element type as a DataView reads it, from any offset', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 40 }),
        fc.uint8Array({ minLength: 8 * 40 + 8, maxLength: 8 * 40 + 8 }),
        (kind, at, count, bytes) => {
          const got = runSteps(rawValuesSteps(bytes, at, count, kind))
          // float32 where every value of the kind is one, float64 for the rest
          expect(got).toBeInstanceOf(
            ['f64', 'i64', 'u64', 'i32', 'u32'].includes(kind) ? Float64Array : Float32Array,
          )
          expectSameValues(got, plainValues(bytes, at, count, kind))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('decodes the landmarks of each float type (±0, subnormals, ±∞, NaN) and the integer extremes', () => {
    const half = Uint16Array.of(
      0x0000,
      0x8000,
      0x0001,
      0x03ff,
      0x3c00,
      0xc000,
      0x7bff,
      0x7c00,
      0xfc00,
      0x7e00,
    )
    expectSameValues(runSteps(rawValuesSteps(new Uint8Array(half.buffer), 0, half.length, 'f16')), [
      0,
      -0,
      2 ** -24,
      1023 * 2 ** -24,
      1,
      -2,
      65504,
      Infinity,
      -Infinity,
      NaN,
    ])
    const bf = Uint16Array.of(0x3f80, 0xbf80, 0x0001, 0x7f80, 0xff80, 0x7fc0, 0x8000)
    expectSameValues(runSteps(rawValuesSteps(new Uint8Array(bf.buffer), 0, bf.length, 'bf16')), [
      1,
      -1,
      2 ** -133,
      Infinity,
      -Infinity,
      NaN,
      -0,
    ])
    const big = BigInt64Array.of(-(2n ** 63n), 2n ** 53n + 1n, -1n)
    expectSameValues(runSteps(rawValuesSteps(new Uint8Array(big.buffer), 0, 3, 'i64')), [
      -(2 ** 63),
      2 ** 53,
      -1,
    ])
    expectSameValues(runSteps(rawValuesSteps(new Uint8Array(big.buffer), 0, 3, 'u64')), [
      2 ** 63,
      2 ** 53,
      2 ** 64,
    ])
  })

  it('stops between slices, and says how many bytes it copied', () => {
    const count = 3 << 16
    const bytes = new Uint8Array(2 * count).map((_, i) => i * 37)
    const g = rawValuesSteps(bytes, 0, count, 'f16', (n) => (copied += n))
    let copied = 0
    let yields = 0
    let r = g.next()
    while (!r.done) {
      yields++
      r = g.next()
    }
    expect(copied).toBe(2 * count)
    expect(yields).toBeGreaterThanOrEqual(2)
    expectSameValues(r.value, plainValues(bytes, 0, count, 'f16'))
  })
})

describe('the readers of raw values', () => {
  // each dtype of each format, its element type, and a few values of its own
  const bytesOf = (kind: RawKind, count: number, seed: number) =>
    new Uint8Array(count * RAW_SIZES[kind]).map((_, i) => (i * 113 + seed * 29 + 7) & 0xff)

  it('.safetensors reads each of its dtypes, the unsigned ones too', async () => {
    const dtypes = {
      F64: 'f64',
      F32: 'f32',
      F16: 'f16',
      BF16: 'bf16',
      I64: 'i64',
      U64: 'u64',
      I32: 'i32',
      U32: 'u32',
      I16: 'i16',
      U16: 'u16',
      I8: 'i8',
      U8: 'u8',
      BOOL: 'u8',
    } as const
    const entries = Object.entries(dtypes).map(([dtype, kind], k) => ({
      name: `t${k}`,
      dtype: dtype as keyof typeof dtypes,
      kind,
      shape: [3, 2],
      bytes: bytesOf(kind, 6, k),
    }))
    const r = await readModelFiles([{ name: 'all.safetensors', bytes: writeSafetensors(entries) }])
    for (const e of entries) {
      const t = r.tensors.find((x) => x.name === e.name)!
      expect([t.dtype, t.shape]).toEqual([e.dtype, [3, 2]])
      expectSameValues(t.data, plainValues(e.bytes, 0, 6, e.kind))
    }
  })

  it('.safetensors refuses a dtype that is only a name on every object (“constructor”, “toString”)', async () => {
    for (const dtype of ['constructor', 'toString', 'F8_E4M3']) {
      const bytes = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [1], bytes: new Uint8Array(4) }])
      let err: unknown = null
      try {
        await readModelFiles([{ name: 'odd.safetensors', bytes: rewriteDtype(bytes, dtype) }])
      } catch (e) {
        err = e
      }
      expect(err, dtype).toBeInstanceOf(ModelFileError)
      expect([(err as ModelFileError).code, (err as ModelFileError).detail]).toEqual(['dtype', `w: ${dtype}`])
    }
  })

  it('ONNX reads raw_data of every data type as the typed fields give the same values', async () => {
    const root = protobuf.Root.fromJSON(ONNX_SCHEMA)
    const Model = root.lookupType('onnx.ModelProto')
    const types: [number, RawKind][] = [
      [1, 'f32'],
      [2, 'u8'],
      [3, 'i8'],
      [4, 'u16'],
      [5, 'i16'],
      [6, 'i32'],
      [7, 'i64'],
      [9, 'u8'],
      [10, 'f16'],
      [11, 'f64'],
      [12, 'u32'],
      [13, 'u64'],
      [16, 'bf16'],
    ]
    const inits = types.map(([dataType, kind], k) => ({
      name: `r${dataType}`,
      dims: [5],
      dataType,
      rawData: bytesOf(kind, 5, k),
    }))
    // the half and bfloat16 patterns again, as int32_data (the typed field ONNX keeps them in)
    const halfBits = Array.from(new Uint16Array(inits[8].rawData.slice().buffer))
    const bfBits = Array.from(new Uint16Array(inits[12].rawData.slice().buffer))
    const typed = [
      { name: 'h', dims: [5], dataType: 10, int32Data: halfBits },
      { name: 'b', dims: [5], dataType: 16, int32Data: bfBits },
    ]
    const bytes = Model.encode(
      Model.fromObject({ graph: { name: 'g', initializer: [...inits, ...typed] } }),
    ).finish()
    const r = await readModelFiles([{ name: 'all.onnx', bytes }])
    const by = Object.fromEntries(r.tensors.map((t) => [t.name, t]))
    types.forEach(([dataType, kind], k) => {
      expectSameValues(by[`r${dataType}`].data, plainValues(inits[k].rawData, 0, 5, kind))
    })
    expectSameValues(by.h.data, Array.from(by.r10.data))
    expectSameValues(by.b.data, Array.from(by.r16.data))
    expect(by.h.data).toBeInstanceOf(Float32Array)
    expect([by.r6.dtype, by.r13.dtype, by.r9.dtype]).toEqual(['INT32', 'UINT64', 'BOOL'])
  })
})

/** the same .safetensors file with its one tensor's dtype renamed (the header re-padded, the data unchanged) */
function rewriteDtype(file: Uint8Array, dtype: string): Uint8Array {
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true))
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<
    string,
    { dtype: string }
  >
  header.w.dtype = dtype
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8)
  const head = new TextEncoder().encode(json)
  const out = new Uint8Array(8 + head.length + (file.length - 8 - n))
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true)
  out.set(head, 8)
  out.set(file.subarray(8 + n), 8 + head.length)
  return out
}

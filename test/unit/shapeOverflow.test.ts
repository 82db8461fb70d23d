// Shapes whose product is not a number held exactly: .npy (10**300, 10**300, 0) gave a NaN count that every
// later check let through, and ONNX dims [2^62, 2^62, 0] a tensor of 0 values (numpy refuses both: "array is too
// big"). They are refused with the header error.
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { decodeNpy } from '../../src/lab/loaders'
import { readSafetensors, writeSafetensors } from '../../src/models/safetensors'
import { readNpy } from '../../src/models/npy'
import { ONNX_SCHEMA, readOnnx } from '../../src/models/onnx'
import { readTfjs } from '../../src/models/tfjs'

/** a version 1.0 .npy of this descr and shape text, then `data` */
function npy(descr: string, shape: string, data: number[] = []): Uint8Array {
  const h = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }\n`
  const b = new Uint8Array(10 + h.length + data.length)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8])
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i)
  b.set(data, 10 + h.length)
  return b
}

function error(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return null
}

describe('shapes past exact numbers', () => {
  it('.npy: an axis or a product past 2^53 is a header error', () => {
    const big = '1' + '0'.repeat(300)
    for (const shape of [`(${big}, ${big}, 0)`, '(9007199254740993, 1)', '(4294967296, 4294967296, 0)']) {
      const b = npy('<f4', shape)
      expect(
        error(() => decodeNpy(b.slice().buffer)),
        shape,
      ).toMatchObject({ code: 'npy-header' })
      expect(
        error(() => readNpy('w.npy', b)),
        shape,
      ).toMatchObject({ code: 'header' })
    }
    // an empty array of a shape that is a number: empty, as before; a shape of too many values: their count
    expect(error(() => readNpy('w.npy', npy('<f4', '(1000000, 0)')))).toMatchObject({ code: 'empty' })
    expect(
      error(() => decodeNpy(npy('<f4', '(100000000000, 100000000000)').slice().buffer, { maxValues: 10 })),
    ).toMatchObject({
      code: 'too-many',
      detail: String(1e22),
    })
  })

  it('ONNX: dims [2^62, 2^62, 0] are a header error', async () => {
    const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
    const onnx = (dims: (number | string)[]) =>
      Model.encode(
        Model.fromObject({
          graph: { initializer: [{ name: 'w', dims, dataType: 1, rawData: new Uint8Array(0) }] },
        }),
      ).finish()
    await expect(
      readOnnx('m.onnx', onnx(['4611686018427387904', '4611686018427387904', 0])),
    ).rejects.toMatchObject({
      code: 'header',
    })
    await expect(readOnnx('m.onnx', onnx([2, 0]))).resolves.toMatchObject([{ name: 'w', shape: [2, 0] }])
  })

  it('safetensors and tfjs: a shape of 1e300 × 1e300 × 0 is a header error', () => {
    const st = writeSafetensors([
      { name: 'w', dtype: 'F32', shape: [1e300, 1e300, 0], bytes: new Uint8Array(0) },
    ])
    expect(error(() => readSafetensors('m.safetensors', st))).toMatchObject({ code: 'header' })
    const manifest = [
      { paths: ['s.bin'], weights: [{ name: 'w', shape: [1e300, 1e300, 0], dtype: 'float32' }] },
    ]
    const m = { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(manifest)) }
    expect(error(() => readTfjs(m, [{ name: 's.bin', bytes: new Uint8Array(0) }]))).toMatchObject({
      code: 'header',
    })
  })
})

// Shapes whose product is not a number held exactly: .npy (10**300, 10**300, 0) gave a NaN count that every
// later check let through, and ONNX dims [2^62, 2^62, 0] a tensor of 0 values (numpy refuses both: "array is too
// big"). They are refused with the header error.
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { thrown } from '../helpers/thrown'
import { rawNpy } from '../helpers/rawNpy'
import { decodeNpy } from '../../src/lab/loaders'
import { readSafetensors, writeSafetensors } from '../../src/models/safetensors'
import { readNpy } from '../../src/models/npy'
import { ONNX_SCHEMA, readOnnx } from '../../src/models/onnx'
import { readTfjs } from '../../src/models/tfjs'

describe('shapes past exact numbers', () => {
  it('.npy: an axis or a product past 2^53 is a header error', () => {
    const big = '1' + '0'.repeat(300)
    for (const shape of [`(${big}, ${big}, 0)`, '(9007199254740993, 1)', '(4294967296, 4294967296, 0)']) {
      const b = rawNpy('<f4', shape)
      expect(
        thrown(() => decodeNpy(b.slice().buffer)),
        shape,
      ).toMatchObject({ code: 'npy-header' })
      expect(
        thrown(() => readNpy('w.npy', b)),
        shape,
      ).toMatchObject({ code: 'header' })
    }
    // an empty array of a shape that is a number: empty, as before; a shape of too many values: their count
    expect(thrown(() => readNpy('w.npy', rawNpy('<f4', '(1000000, 0)')))).toMatchObject({ code: 'empty' })
    expect(
      thrown(() =>
        decodeNpy(rawNpy('<f4', '(100000000000, 100000000000)').slice().buffer, { maxValues: 10 }),
      ),
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
    expect(thrown(() => readSafetensors('m.safetensors', st))).toMatchObject({ code: 'header' })
    const manifest = [
      { paths: ['s.bin'], weights: [{ name: 'w', shape: [1e300, 1e300, 0], dtype: 'float32' }] },
    ]
    const m = { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(manifest)) }
    expect(thrown(() => readTfjs(m, [{ name: 's.bin', bytes: new Uint8Array(0) }]))).toMatchObject({
      code: 'header',
    })
  })
})

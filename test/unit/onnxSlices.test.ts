// An .onnx file read on the page (after its worker gave up) was decoded by protobufjs as one message, in one
// task: quick when the tensors are `raw_data` (views of the file), long for a model of many tensors or of
// tensors written as `float_data`, which protobufjs reads a value at a time. Now the initializers are found in
// the graph and decoded one per slice (two graph fields merged as protobufjs merges them); a file the walk
// cannot read (a broken one) is decoded whole as before, so the tensors, and the errors, are the same.
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { ModelFileError, type NamedTensor } from '../../src/models'
import { ONNX_SCHEMA, readOnnxSteps } from '../../src/models/onnx'

const root = protobuf.Root.fromJSON(ONNX_SCHEMA)
const Model = root.lookupType('onnx.ModelProto')
const Graph = root.lookupType('onnx.GraphProto')
const u8 = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/** `count` initializers of `size` float_data values each, a raw float one, an int64 one, with other fields */
function model(count: number, size: number): Uint8Array {
  const initializer: Record<string, unknown>[] = []
  for (let k = 0; k < count; k++)
    initializer.push({
      name: `w${k}`,
      dims: [size / 4, 4],
      dataType: 1,
      floatData: Array.from({ length: size }, (_, i) => ((i * 7 + k) % 255) / 8 - 16),
    })
  initializer.push({ name: 'raw', dims: [3], dataType: 1, rawData: u8(Float32Array.of(1.5, -2, 0.25)) })
  initializer.push({ name: 'ids', dims: [2], dataType: 7, int64Data: [5, -9] })
  return Model.encode(Model.fromObject({ graph: { name: 'g', initializer } })).finish()
}

/** what readOnnxSteps gives, how many times it yielded, its longest slice (ms) */
async function read(bytes: Uint8Array) {
  const g = readOnnxSteps('m.onnx', bytes)
  let yields = 0
  let longest = 0
  for (;;) {
    const t = performance.now()
    const r = await g.next()
    longest = Math.max(longest, performance.now() - t)
    if (r.done) return { tensors: r.value, yields, longest }
    yields++
  }
}

/** the tensors as protobufjs decodes the whole message */
function whole(bytes: Uint8Array) {
  const m = Model.toObject(Model.decode(bytes), { longs: Number }) as {
    graph: {
      initializer: { name: string; floatData?: number[]; rawData?: Uint8Array; int64Data?: number[] }[]
    }
  }
  return m.graph.initializer
}

const values = (t: NamedTensor) => Array.from(t.data)

describe('readOnnxSteps', () => {
  it('decodes the initializers one per slice, to the tensors protobufjs decodes whole', async () => {
    const bytes = model(40, 1 << 14)
    const { tensors, yields, longest } = await read(bytes)
    const ref = whole(bytes)
    expect(tensors.map((t) => t.name)).toEqual(ref.map((t) => t.name))
    for (let k = 0; k < 40; k++) {
      expect(tensors[k].shape).toEqual([1 << 12, 4])
      expect(values(tensors[k])).toEqual(Array.from(Float32Array.from(ref[k].floatData!)))
    }
    expect(values(tensors[40])).toEqual([1.5, -2, 0.25])
    expect(values(tensors[41])).toEqual([5, -9])
    // a yield after each initializer is decoded, and another before each is converted (before: only the latter)
    expect(yields).toBeGreaterThanOrEqual(2 * 42)
    expect(longest).toBeLessThan(50)
  })

  it('two graph fields: merged as protobufjs merges them', async () => {
    const a = model(2, 8)
    const b = Model.encode(
      Model.fromObject({
        graph: { initializer: [{ name: 'late', dims: [1], dataType: 1, floatData: [3] }] },
      }),
    ).finish()
    const bytes = new Uint8Array([...a, ...b])
    const ref = whole(bytes)
    expect(ref.map((t) => t.name)).toEqual(['w0', 'w1', 'raw', 'ids', 'late'])
    const { tensors } = await read(bytes)
    expect(tensors.map((t) => t.name)).toEqual(ref.map((t) => t.name))
    expect(values(tensors[4])).toEqual([3])
  })

  it('a cut or broken file: the error the whole decoding gives', async () => {
    const bytes = model(3, 64)
    const fail = (b: Uint8Array) =>
      read(b).then(
        () => null,
        (e: unknown) => e,
      )
    const cut = await fail(bytes.slice(0, bytes.length - 5))
    expect(cut).toBeInstanceOf(ModelFileError)
    expect(cut).toMatchObject({ code: 'truncated', file: 'm.onnx' })
    // an initializer whose length runs past the graph's end
    const graph = Graph.encode(
      Graph.fromObject({ initializer: [{ name: 'x', dims: [1], floatData: [1] }] }),
    ).finish()
    const bad = Uint8Array.from([0x3a, graph.length, ...graph.slice(0, 1), graph[1] + 40, ...graph.slice(2)])
    const e = await fail(bad)
    expect(e).toBeInstanceOf(ModelFileError)
    expect((e as ModelFileError).code).toBe('truncated')
  })
})

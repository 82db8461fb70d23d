// Hostile .onnx files. A graph of millions of empty initializer entries (two bytes each: tag 5, length 0) was
// decoded whole, a message object per entry, before any was checked: out of memory. Each is now checked as it
// is decoded, so the first one without a data type stops the walk.
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { runAsyncSteps } from '../../src/core/steps'
import { ModelFileError } from '../../src/models'
import { MAX_TENSORS } from '../../src/models/types'
import { ONNX_SCHEMA, readOnnxSteps } from '../../src/models/onnx'

/** ModelProto { graph (7) = GraphProto { initializer (5) × n, each of length 0 } } */
function emptyInitializers(n: number): Uint8Array {
  const g = new Uint8Array(2 * n)
  for (let i = 0; i < n; i++) g[2 * i] = (5 << 3) | 2
  const len: number[] = []
  let L = g.length
  while (L > 127) {
    len.push((L & 127) | 128)
    L >>>= 7
  }
  len.push(L)
  return Uint8Array.from([(7 << 3) | 2, ...len, ...g])
}

/** the error readOnnxSteps ends with, and how many times it yielded before */
async function fail(bytes: Uint8Array) {
  const g = readOnnxSteps('m.onnx', bytes)
  let yields = 0
  for (;;) {
    try {
      const r = await g.next()
      if (r.done) return { error: null, yields }
    } catch (error) {
      return { error, yields }
    }
    yields++
  }
}

describe('readOnnxSteps, hostile files', () => {
  it('stops at the first initializer without a data type, before decoding the rest', async () => {
    const { error, yields } = await fail(emptyInitializers(10_000))
    expect(error).toBeInstanceOf(ModelFileError)
    expect(error).toMatchObject({ code: 'dtype', file: 'm.onnx' })
    // before: a yield after each of the 10,000 entries was decoded, then the error
    expect(yields).toBeLessThan(2)
  })

  it('the same after a second graph field, or before a broken end (which the whole decoding was given)', async () => {
    const graph = emptyInitializers(10_000)
    // a second, empty graph field (protobufjs merges the two)
    for (const bytes of [
      Uint8Array.from([...graph, (7 << 3) | 2, 0]),
      Uint8Array.from([...graph, (7 << 3) | 2, 9]),
    ]) {
      const { error, yields } = await fail(bytes)
      expect(error).toMatchObject({ code: 'dtype', file: 'm.onnx' })
      expect(yields).toBeLessThan(2)
    }
  })

  it('two graph fields of good initializers: those of both, in order, as protobufjs merges them', async () => {
    const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
    const model = (...names: string[]) =>
      Model.encode(
        Model.fromObject({
          graph: { initializer: names.map((name) => ({ name, dims: [1], dataType: 1, floatData: [1] })) },
        }),
      ).finish()
    const bytes = Uint8Array.from([...model('a', 'b'), ...model('c')])
    const whole = Model.decode(bytes) as unknown as { graph: { initializer: { name: string }[] } }
    expect(whole.graph.initializer.map((t) => t.name)).toEqual(['a', 'b', 'c'])
    const tensors = await runAsyncSteps(readOnnxSteps('m.onnx', bytes))
    expect(tensors.map((t) => t.name)).toEqual(['a', 'b', 'c'])
  })

  it('a million empty entries: refused quickly', async () => {
    const t = performance.now()
    const { error } = await fail(emptyInitializers(1_000_000))
    expect(error).toMatchObject({ code: 'dtype' })
    expect(performance.now() - t).toBeLessThan(1500)
  })
})

describe('readOnnxSteps, a file of more tensors than any model has', () => {
  /** n valid, empty FLOAT initializers (dims [0], data_type 1): 6 bytes each */
  function emptyFloats(n: number): Uint8Array {
    const one = [(5 << 3) | 2, 4, 0x08, 0x00, 0x10, 0x01]
    const g = new Uint8Array(one.length * n)
    for (let i = 0; i < n; i++) g.set(one, i * one.length)
    const len: number[] = []
    for (let L = g.length; ; L >>>= 7) {
      if (L <= 127) {
        len.push(L)
        break
      }
      len.push((L & 127) | 128)
    }
    return Uint8Array.from([(7 << 3) | 2, ...len, ...g])
  }

  it('is refused as too large once past MAX_TENSORS, before the walk holds them all', async () => {
    const { error } = await fail(emptyFloats(MAX_TENSORS + 1))
    expect(error).toMatchObject({ code: 'too-large', file: 'm.onnx' })
    expect((error as Error).message).toContain(`${MAX_TENSORS} tensors`)
    // MAX_TENSORS of them are read
    const at = await fail(emptyFloats(MAX_TENSORS))
    expect(at.error).toBeNull()
  })
})

describe('readOnnxSteps, narrower integers kept in int32_data', () => {
  // onnx's numpy_helper.to_array reads int32_data as int32 and casts with numpy's astype (two's complement for
  // the integers, nonzero for BOOL); onnxruntime's static_cast gives the same. These are numpy's answers:
  // np.array([300, -129, 127, -128, 5, 0], np.int32).astype(np.int8) and the like.
  const CASES: [string, number, number[], number[]][] = [
    ['INT8', 3, [300, -129, 127, -128, 5, 0], [44, 127, 127, -128, 5, 0]],
    ['UINT8', 2, [300, -1, 255, 0], [44, 255, 255, 0]],
    ['INT16', 5, [40000, -32769, 32767, -7], [-25536, 32767, 32767, -7]],
    ['UINT16', 4, [-1, 65536, 70000, 12], [65535, 0, 4464, 12]],
    ['BOOL', 9, [2, 0, -1, 1], [1, 0, 1, 1]],
  ]
  it.each(CASES)('%s: each value cast to the type as numpy does', async (_, dataType, stored, want) => {
    const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
    const bytes = Model.encode(
      Model.fromObject({
        graph: { initializer: [{ name: 'w', dims: [1, stored.length], dataType, int32Data: stored }] },
      }),
    ).finish()
    const [t] = await runAsyncSteps(readOnnxSteps('m.onnx', bytes))
    expect(Array.from(t.data)).toEqual(want)
  })

  it('INT32 values are kept as they are', async () => {
    const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
    const stored = [2 ** 31 - 1, -(2 ** 31), 300]
    const bytes = Model.encode(
      Model.fromObject({
        graph: { initializer: [{ name: 'w', dims: [1, 3], dataType: 6, int32Data: stored }] },
      }),
    ).finish()
    const [t] = await runAsyncSteps(readOnnxSteps('m.onnx', bytes))
    expect(Array.from(t.data)).toEqual(stored)
  })
})

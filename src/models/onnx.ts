/**
 * `.onnx` initializers, decoded with protobufjs (loaded only when an .onnx file arrives). Only the fields
 * needed are declared (onnx/onnx.proto: ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto);
 * protobufjs skips the rest. External data (data_location = EXTERNAL) is not supported.
 */
import type { Reader, Type } from 'protobufjs'
import { runAsyncSteps, slices, type AsyncSteps, type Steps } from '../core/steps'
import { bf16ToFloat, halvesToFloats } from './numbers'
import { RAW_SIZES, rawValuesSteps, valuesFor, type RawKind } from './rawValues'
import {
  checkShape,
  MAX_TENSORS,
  ModelFileError,
  product,
  why,
  type NamedTensor,
  type ReadReason,
} from './types'

export const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: { fields: { graph: { type: 'GraphProto', id: 7 } } },
        GraphProto: {
          fields: {
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4 },
            int32Data: { rule: 'repeated', type: 'int32', id: 5 },
            int64Data: { rule: 'repeated', type: 'int64', id: 7 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: { rule: 'repeated', type: 'double', id: 10 },
            uint64Data: { rule: 'repeated', type: 'uint64', id: 11 },
            dataLocation: { type: 'int32', id: 14 },
          },
        },
      },
    },
  },
}

/** TensorProto.DataType: code → [name, element type of its raw_data] */
const TYPES: Record<number, [string, RawKind]> = {
  1: ['FLOAT', 'f32'],
  2: ['UINT8', 'u8'],
  3: ['INT8', 'i8'],
  4: ['UINT16', 'u16'],
  5: ['INT16', 'i16'],
  6: ['INT32', 'i32'],
  7: ['INT64', 'i64'],
  9: ['BOOL', 'u8'],
  10: ['FLOAT16', 'f16'],
  11: ['DOUBLE', 'f64'],
  12: ['UINT32', 'u32'],
  13: ['UINT64', 'u64'],
  16: ['BFLOAT16', 'bf16'],
}

interface OnnxTypes {
  model: Type
  tensor: Type
  reader: (b: Uint8Array) => Reader
}
let types: Promise<OnnxTypes> | null = null
function onnxTypes(): Promise<OnnxTypes> {
  types ??= import('protobufjs/light').then((m) => {
    const pb = (m as unknown as { default?: typeof m }).default ?? m
    const root = pb.Root.fromJSON(ONNX_SCHEMA)
    return {
      model: root.lookupType('onnx.ModelProto'),
      tensor: root.lookupType('onnx.TensorProto'),
      reader: (b: Uint8Array) => pb.Reader.create(b),
    }
  })
  return types
}
export async function onnxModelType(): Promise<Type> {
  return (await onnxTypes()).model
}

type Long = { toNumber(): number } | number | string
const num = (v: Long) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : v.toNumber())

interface TensorMsg {
  dims?: Long[]
  dataType?: number
  floatData?: number[]
  int32Data?: number[]
  int64Data?: Long[]
  name?: string
  rawData?: Uint8Array
  doubleData?: number[]
  uint64Data?: Long[]
  dataLocation?: number
}

export function readOnnx(file: string, bytes: Uint8Array): Promise<NamedTensor[]> {
  return runAsyncSteps(readOnnxSteps(file, bytes))
}

/**
 * `readOnnx` in slices: the initializers are found and decoded one per slice (`initializersSteps`), then each
 * initializer's values are converted a slice at a time, with a yield after each; `progress(done, total)` in
 * initializers.
 */
export async function* readOnnxSteps(
  file: string,
  bytes: Uint8Array,
  progress?: (done: number, total: number) => void,
): AsyncSteps<NamedTensor[]> {
  const T = await onnxTypes()
  let inits = yield* initializersSteps(T, file, bytes)
  if (inits === null) {
    // a file the walk cannot read (a broken one): protobufjs decodes it whole, in one go, and says what is wrong
    // with it
    let model: { graph?: { initializer?: TensorMsg[] } }
    try {
      model = T.model.decode(bytes) as unknown as typeof model
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e)
      const cut = /index out of range|truncated/i.test(msg)
      throw new ModelFileError(
        // (an .onnx file has no header: what protobufjs cannot decode is the message itself)
        cut ? 'truncated' : 'damaged',
        file,
        msg,
        cut ? why('pbEnd') : protobufReason(msg),
      )
    }
    inits = model.graph?.initializer ?? []
  }
  if (inits.length === 0) throw new ModelFileError('empty', file)
  const out: NamedTensor[] = []
  for (let k = 0; k < inits.length; k++) {
    yield
    out.push(yield* decodeTensorSteps(file, inits[k], k))
    progress?.(k + 1, inits.length)
  }
  return out
}

/**
 * The graph's initializers (ModelProto.graph = 7, GraphProto.initializer = 5), each decoded by protobufjs on its
 * own, with a yield after each: the message as a whole decoded in one go took one long task for a model of
 * many tensors, or of tensors written as `float_data` (protobufjs reads those a value at a time). The other
 * fields are stepped over as protobufjs steps over unknown ones; several graph fields are merged as protobufjs
 * merges them (its decoder decodes each into the same message: the initializers of each, in order). null for a
 * file this walk cannot read, which the caller decodes whole for the error protobufjs gives.
 *
 * Each initializer is checked (`checkHead`) as it is decoded, in every graph found before anything unreadable:
 * a graph of millions of empty entries (two bytes each) decoded all of them, each a message object, before the
 * first was found to have no data type, and ran out of memory (a second graph field, or a broken end, sent it
 * to the whole decoding, which did the same).
 */
function* initializersSteps(T: OnnxTypes, file: string, bytes: Uint8Array): Steps<TensorMsg[] | null> {
  const graphs: Uint8Array[] = []
  let readable = true
  try {
    const r = T.reader(bytes)
    while (r.pos < r.len) {
      const tag = r.uint32()
      if (tag >>> 3 === 7 && (tag & 7) === 2) {
        const len = r.uint32()
        const at = r.pos
        r.skip(len)
        graphs.push(bytes.subarray(at, at + len))
      } else r.skipType(tag & 7, 0, tag >>> 3)
    }
  } catch {
    readable = false
  }
  const out: TensorMsg[] = []
  for (const graph of graphs) {
    const r = T.reader(graph)
    while (r.pos < r.len) {
      let init: TensorMsg
      try {
        const tag = r.uint32()
        if (tag >>> 3 !== 5 || (tag & 7) !== 2) {
          r.skipType(tag & 7, 1, tag >>> 3)
          continue
        }
        const len = r.uint32()
        const at = r.pos
        r.skip(len)
        init = T.tensor.decode(graph.subarray(at, at + len)) as unknown as TensorMsg
      } catch {
        return null
      }
      checkHead(file, init, out.length)
      if (out.length >= MAX_TENSORS)
        throw new ModelFileError(
          'too-large',
          file,
          `> ${MAX_TENSORS} tensors`,
          why('tensorCount', { max: MAX_TENSORS }),
        )
      out.push(init)
      yield
    }
  }
  return readable ? out : null
}

/** The checks that need no values (shape, data type, data location), as each initializer is decoded */
function checkHead(
  file: string,
  t: TensorMsg,
  k: number,
): { name: string; shape: number[]; ty: [string, RawKind] } {
  const name = t.name || `initializer_${k}`
  const shape = checkShape(file, name, (t.dims ?? []).map(num))
  const code = t.dataType ?? 0
  const ty = Object.hasOwn(TYPES, code) ? TYPES[code] : undefined
  if (!ty)
    throw new ModelFileError(
      'dtype',
      file,
      `${name}: data_type ${t.dataType}`,
      why('onnxType', { name, code }),
    )
  // ONNX's external data (a model over 2 GB, or saved with save_as_external_data): a file beside the .onnx
  if (t.dataLocation === 1) throw new ModelFileError('external', file, name)
  return { name, shape, ty }
}

function* decodeTensorSteps(file: string, t: TensorMsg, k: number): Steps<NamedTensor> {
  const { name, shape, ty } = checkHead(file, t, k)
  const count = product(shape)
  const [dtype, kind] = ty
  const raw = t.rawData
  if (raw && raw.length > 0) {
    if (raw.length !== count * RAW_SIZES[kind])
      throw new ModelFileError(
        'inconsistent',
        file,
        `${name}: ${raw.length} bytes for ${count} × ${dtype}`,
        why('byteCount', { name, bytes: raw.length, count, dtype, need: count * RAW_SIZES[kind] }),
      )
    return { name, shape, dtype, data: yield* rawValuesSteps(raw, 0, count, kind) }
  }
  // typed fields: float → float_data; double → double_data; int64 → int64_data; uint32/uint64 →
  // uint64_data; the narrower integers, bool, and float16/bfloat16 bit patterns → int32_data
  let src: ArrayLike<number>
  if (dtype === 'FLOAT') src = t.floatData ?? []
  else if (dtype === 'DOUBLE') src = t.doubleData ?? []
  else if (dtype === 'INT64') src = yield* numbersSteps(t.int64Data ?? [])
  else if (dtype === 'UINT32' || dtype === 'UINT64') src = yield* numbersSteps(t.uint64Data ?? [])
  else src = t.int32Data ?? []
  if (src.length !== count)
    throw new ModelFileError(
      'inconsistent',
      file,
      `${name}: ${src.length} values for shape [${shape.join(', ')}]`,
      why('valueCount', { name, count: src.length, shape: `[${shape.join(', ')}]`, need: count }),
    )
  const values = src
  if (kind === 'f16') {
    const o = new Float32Array(count)
    yield* slices(count, (s, e) => halvesToFloats(values, s, e, o))
    return { name, shape, dtype, data: o }
  }
  const out = valuesFor(kind, count)
  const bf16 = kind === 'bf16'
  const cast = dtype === 'BOOL' ? toBool : src === t.int32Data ? NARROW[kind] : undefined
  yield* slices(count, (s, e) => {
    if (bf16) for (let i = s; i < e; i++) out[i] = bf16ToFloat(values[i])
    else if (cast) for (let i = s; i < e; i++) out[i] = cast(values[i])
    else for (let i = s; i < e; i++) out[i] = values[i]
  })
  return { name, shape, dtype, data: out }
}

/**
 * A narrower integer kept in int32_data is cast to its type as the references do: onnx's
 * `numpy_helper.to_array` reads the field as int32 and converts with numpy's `astype` (an int8 of 300 is 44,
 * two's complement), onnxruntime's tensorprotoutils.cc unpacks each value with a static_cast; a value out of the
 * type's range was kept as is here (an INT8 weight of 300). BOOL is 1 for any value but 0 (`astype(bool)`).
 */
const NARROW: Partial<Record<RawKind, (v: number) => number>> = {
  i8: (v) => (v << 24) >> 24,
  u8: (v) => v & 0xff,
  i16: (v) => (v << 16) >> 16,
  u16: (v) => v & 0xffff,
}
const toBool = (v: number) => (v !== 0 ? 1 : 0)

/**
 * What protobufjs's error says, as a reason (its text is English): a field of a wire type protobuf does not
 * have ("invalid wire type 7 at offset 3"), or any other fault of the encoding (a varint, tag or length that
 * cannot be read, a group never closed): not a protobuf message.
 */
function protobufReason(msg: string): ReadReason {
  const m = /wire type (\d+) at offset (\d+)/.exec(msg)
  return m ? why('pbWireType', { type: Number(m[1]), offset: Number(m[2]) }) : why('pbInvalid')
}

/** `longs.map(num)` a slice at a time (the same numbers, in a Float64Array) */
function* numbersSteps(longs: Long[]): Steps<Float64Array> {
  const out = new Float64Array(longs.length)
  yield* slices(longs.length, (s, e) => {
    for (let i = s; i < e; i++) out[i] = num(longs[i])
  })
  return out
}

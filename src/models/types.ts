/** What the model readers return (core-api.md §7). */
import { exactShape } from '../lab/loaders'
export type ModelFormat = 'safetensors' | 'npz' | 'npy' | 'tfjs' | 'onnx'

export interface NamedTensor {
  name: string
  shape: number[]
  /** the file's own dtype name (e.g. `F16`, `<f4`, `uint8→float32`, `FLOAT`) */
  dtype: string
  /** values exactly as the file defines them (float32 when the file's values are float32 or narrower) */
  data: Float32Array | Float64Array
}

export interface ModelFile {
  name: string
  bytes: Uint8Array
}

export interface ReadModel {
  format: ModelFormat
  tensors: NamedTensor[]
  /** the archives' members that are not arrays, left unread (one entry per archive that has any) */
  skipped: SkippedMembers[]
}

/**
 * The members of a .npz archive that are not arrays: those not named `.npy`, such as a README.txt or a meta.json
 * zipped in beside the arrays. numpy's `np.load` opens a member only when it is asked for, and gives one that does
 * not start as a .npy does as raw bytes, not an array; here they are not read at all (not even inflated), and the
 * page names them.
 */
export interface SkippedMembers {
  /** the archive */
  file: string
  /** the members' names, whole (with their path inside the archive), in the archive's order, each once */
  members: string[]
}

/** What went wrong, for the UI to say in the user's language. */
export type ModelErrorCode =
  | 'unknown-format'
  | 'truncated'
  | 'header'
  | 'damaged'
  | 'dtype'
  | 'inconsistent'
  | 'missing-shard'
  | 'missing-manifest'
  | 'duplicate'
  | 'too-large'
  | 'empty'
  | 'external'

/**
 * What exactly is wrong, beyond the code: a message of the UI (`read.why.<key>`, a sentence in each language)
 * and its values, which are only names (of tensors, members, files), numbers and the file's own text, never
 * words. A library's own error text (protobufjs, fflate, JSON.parse) is never a value: the readers map it to a
 * reason of their own.
 */
export type ReadReasonKey =
  // safetensors
  | 'tooShort'
  | 'headerLength'
  | 'headerUtf8'
  | 'headerJson'
  | 'headerObject'
  | 'entry'
  | 'noDtype'
  | 'offsets'
  | 'endsAt'
  | 'dataOverlap'
  | 'dataGap'
  // any format
  | 'dtypeOf'
  | 'byteCount'
  | 'valueCount'
  | 'shape'
  | 'noShape'
  | 'values'
  | 'fileSize'
  | 'memory'
  | 'unreadable'
  | 'unexpected'
  // .onnx
  | 'pbEnd'
  | 'pbWireType'
  | 'pbInvalid'
  | 'tensorCount'
  | 'onnxType'
  // .npy, and each member of a .npz
  | 'npyMagic'
  | 'npyEnd'
  | 'npyVersion'
  | 'npyHeaderSize'
  | 'npyAxes'
  | 'npyDict'
  | 'npyStructured'
  // .npz
  | 'zipDirectory'
  | 'zipDirectoryEnd'
  | 'zipName'
  | 'zipMethod'
  | 'zipInvalid'
  | 'deflateEnd'
  | 'deflateData'
  | 'inflateSize'
  | 'memberSize'
  | 'crc'
  | 'noNpy'
  // TensorFlow.js
  | 'manifestUtf8'
  | 'manifestJson'
  | 'noManifest'
  | 'group'
  | 'path'
  | 'weight'
  | 'quantization'
  | 'quantScale'
  | 'shardBytes'
  | 'shardExtra'

export interface ReadReason {
  key: ReadReasonKey
  /** (a list: names, which the UI joins as its language lists names) */
  vars: Record<string, string | number | readonly string[]>
}

/** a reason, its values (see ReadReason) */
export const why = (key: ReadReasonKey, vars: ReadReason['vars'] = {}): ReadReason => ({ key, vars })

/**
 * Anything else reading a file threw (the model view's load, the Lab's), said as a reason, since the browser's
 * words are English: a file the browser could not read (NotReadableError, NotFoundError: moved, changed or
 * deleted since it was chosen), no memory for its bytes, or an unexpected fault. The text itself is the detail
 * (the model view shows it as the notice's tooltip).
 */
export function unexpected(e: unknown): { detail: string; reason: ReadReason } {
  // (a DOMException is an Error in today's browsers, but not in every older one)
  const name = typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : ''
  const detail =
    typeof e === 'object' && e !== null && 'message' in e ? `${name}: ${String(e.message)}` : String(e)
  if (name === 'NotReadableError' || name === 'NotFoundError') return { detail, reason: why('unreadable') }
  if (e instanceof RangeError && /alloc|array (buffer )?length|memory/i.test(detail))
    return { detail, reason: why('memory') }
  return { detail, reason: why('unexpected') }
}

/** at most this many characters of the file's own text (a shape, a manifest entry) go into a reason */
export const MAX_QUOTE = 80
/** the file's own text, as a reason quotes it: at most MAX_QUOTE characters */
export const quote = (text: string): string =>
  text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text

/**
 * A file the readers cannot use. The message names the file and the problem (in English, for logs and
 * for callers of `readModelFiles`); `code`, `file` and `reason` let the UI say the same in either language.
 * `detail` is the message's English, but for the codes whose detail is only a name (`NAME_DETAIL`), which the UI
 * shows as it is.
 */
export class ModelFileError extends Error {
  constructor(
    public code: ModelErrorCode,
    public file: string,
    public detail = '',
    public reason?: ReadReason,
  ) {
    super(`${file}: ${MESSAGES[code]}${detail ? ` (${detail})` : ''}`)
    this.name = 'ModelFileError'
  }
}

/** the codes whose `detail` is a name (a file's, a tensor's), the same in every language; the UI shows it */
export const NAME_DETAIL: ReadonlySet<string> = new Set<string>([
  'missing-shard',
  'duplicate',
  'external',
  'fetch',
])

const MESSAGES: Record<ModelErrorCode, string> = {
  'unknown-format':
    'not a model file this page reads (.safetensors, .npz, .npy, TensorFlow.js manifest + shards, .onnx)',
  truncated: 'the file is truncated: it ends before all the data it announces',
  header: 'the header is not valid',
  damaged: 'the file is damaged: its contents cannot be decoded',
  dtype: 'unsupported data type',
  inconsistent: 'the header and the data do not agree',
  'missing-shard': 'a weight shard named by the manifest was not given',
  'missing-manifest': 'a weight shard without its manifest (model.json or *weights_manifest.json)',
  duplicate: 'two tensors have the same name',
  'too-large': 'too large for this page',
  empty: 'the file holds no weight tensors (none with two or more axes)',
  external: 'a tensor stores its data in an external file, which the page cannot read',
}

/** Largest tensor the readers accept (values); 2^28 floats is 1 GiB as float32. */
export const MAX_TENSOR_VALUES = 2 ** 28

/**
 * Most tensors a file may hold. The largest published models have a few thousand weight tensors; a file of a
 * million empty ONNX initializers (6 bytes each) took seconds and ~800 MB to walk, a message object each.
 */
export const MAX_TENSORS = 100_000

export function product(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

export function checkShape(file: string, name: string, shape: unknown): number[] {
  // each axis a number held exactly (an ONNX int64 dim of 2^62 is not), and an empty shape's other axes
  // multiplying to one too (numpy refuses an overflow, zeros or not: "array is too big"): [2^62, 2^62, 0] and
  // [1e300, 1e300, 0] were taken as tensors of 0 (or NaN) values
  if (
    !Array.isArray(shape) ||
    shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) ||
    !exactShape(shape as number[])
  )
    throw new ModelFileError(
      'header',
      file,
      `${name}: shape ${JSON.stringify(shape)}`,
      shape === undefined
        ? why('noShape', { name })
        : why('shape', { name, shape: quote(JSON.stringify(shape) ?? '') }),
    )
  const n = product(shape as number[])
  if (n > MAX_TENSOR_VALUES)
    throw new ModelFileError('too-large', file, `${name}: ${n} values`, tooManyValues(name, n))
  return shape as number[]
}

/** a tensor of more values than the readers accept (MAX_TENSOR_VALUES) */
export const tooManyValues = (name: string, count: number): ReadReason =>
  why('values', { name, count, max: MAX_TENSOR_VALUES })

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
}

/** What went wrong, for the UI to say in the user's language. */
export type ModelErrorCode =
  | 'unknown-format'
  | 'truncated'
  | 'header'
  | 'dtype'
  | 'inconsistent'
  | 'missing-shard'
  | 'missing-manifest'
  | 'duplicate'
  | 'too-large'
  | 'empty'
  | 'external'

/**
 * A file the readers cannot use. The message names the file and the problem (in English, for logs and
 * for callers of `readModelFiles`); `code`, `file` and `detail` let the UI say the same in either language.
 */
export class ModelFileError extends Error {
  constructor(
    public code: ModelErrorCode,
    public file: string,
    public detail = '',
  ) {
    super(`${file}: ${MESSAGES[code]}${detail ? ` (${detail})` : ''}`)
    this.name = 'ModelFileError'
  }
}

const MESSAGES: Record<ModelErrorCode, string> = {
  'unknown-format':
    'not a model file this page reads (.safetensors, .npz, .npy, TensorFlow.js manifest + shards, .onnx)',
  truncated: 'the file is truncated: it ends before the data its header announces',
  header: 'the header is not valid',
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
    throw new ModelFileError('header', file, `${name}: shape ${JSON.stringify(shape)}`)
  const n = product(shape as number[])
  if (n > MAX_TENSOR_VALUES) throw new ModelFileError('too-large', file, `${name}: ${n} values`)
  return shape as number[]
}

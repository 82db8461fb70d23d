/** `.npy` and `.npz` readers. The .npy decoding is the Lab's (`src/lab/loaders.ts`, pure); .npz members
 *  are unzipped with fflate (stored or deflated). */
import { unzipSync } from 'fflate'
import { decodeNpy, LoadError } from '../lab/loaders'
import { checkShape, MAX_TENSOR_VALUES, ModelFileError, type ModelErrorCode, type NamedTensor } from './types'

const CODES: Record<string, ModelErrorCode> = {
  'npy-magic': 'header',
  'npy-truncated': 'truncated',
  'npy-header': 'header',
  'npy-dtype': 'dtype',
  empty: 'empty',
  'too-many': 'too-large',
}

/** dtypes exactly representable in float32 are returned as Float32Array (half the memory). */
const NARROW = /^[<>|=]?(f2|f4|i1|u1|b1|i2|u2)$/

export function readNpy(file: string, bytes: Uint8Array, name = stripExt(file, '.npy')): NamedTensor {
  const buf =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : bytes.slice().buffer
  try {
    const a = decodeNpy(buf, { maxValues: MAX_TENSOR_VALUES })
    checkShape(file, name, a.shape)
    return {
      name,
      shape: a.shape,
      dtype: a.dtype,
      data: NARROW.test(a.dtype) ? Float32Array.from(a.data) : a.data,
    }
  } catch (e) {
    if (e instanceof LoadError)
      throw new ModelFileError(CODES[e.code] ?? 'header', file, [name, e.detail].filter(Boolean).join(': '))
    throw e
  }
}

export function readNpz(file: string, bytes: Uint8Array): NamedTensor[] {
  let members: Record<string, Uint8Array>
  try {
    members = unzipSync(bytes)
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    throw new ModelFileError(/end|unexpected|invalid zip/i.test(msg) ? 'truncated' : 'header', file, msg)
  }
  const out: NamedTensor[] = []
  for (const [member, data] of Object.entries(members)) {
    if (member.endsWith('/')) continue // a directory entry
    if (!member.toLowerCase().endsWith('.npy'))
      throw new ModelFileError('unknown-format', file, `member ${member}`)
    try {
      out.push(readNpy(file, data, member.slice(0, -'.npy'.length)))
    } catch (e) {
      // a member with no values (shape (0, 3), say) is no weight, as in a .safetensors file: skipped, not a
      // reason to refuse the file's other members; a file of such members only is refused below
      if (e instanceof ModelFileError && e.code === 'empty') continue
      throw e
    }
  }
  if (out.length === 0) throw new ModelFileError('empty', file)
  return out
}

/** the file's base name without `ext` */
function stripExt(name: string, ext: string): string {
  const base = name.replace(/^.*[\\/]/, '')
  return base.toLowerCase().endsWith(ext) ? base.slice(0, -ext.length) : base
}

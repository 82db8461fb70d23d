/**
 * `.safetensors` reader. Format (huggingface/safetensors README): an unsigned 64-bit little-endian header
 * length N, N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`,
 * then the data buffer; offsets are relative to the buffer's start, little-endian, C order.
 */
import { runSteps, type Steps } from '../core/steps'
import { ownKind, RAW_SIZES, rawValuesSteps, type RawKind } from './rawValues'
import { checkShape, ModelFileError, product, quote, why, type NamedTensor } from './types'

/** the format's dtypes (huggingface/safetensors, Dtype) that are read, and their element type */
const KINDS = {
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
} as const satisfies Record<string, RawKind>
type SafetensorsDtype = keyof typeof KINDS

export function readSafetensors(file: string, bytes: Uint8Array): NamedTensor[] {
  return runSteps(readSafetensorsSteps(file, bytes))
}

/**
 * `readSafetensors` in slices (a tensor's bytes a MiB at a time, its values a slice at a time, and a yield after
 * each tensor); `progress(done, total)` in bytes of the data buffer.
 */
export function* readSafetensorsSteps(
  file: string,
  bytes: Uint8Array,
  progress?: (done: number, total: number) => void,
): Steps<NamedTensor[]> {
  if (bytes.length < 8)
    throw new ModelFileError(
      'truncated',
      file,
      `${bytes.length} bytes`,
      why('tooShort', { bytes: bytes.length }),
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const n = Number(view.getBigUint64(0, true))
  if (n > bytes.length - 8)
    throw new ModelFileError(
      'truncated',
      file,
      `header of ${n} bytes`,
      why('headerLength', { bytes: n, size: bytes.length }),
    )
  // (the decoder's and the parser's own words are English, and differ between browsers: the reason says which
  // step failed)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))
  } catch (e) {
    throw new ModelFileError('header', file, e instanceof Error ? e.message : String(e), why('headerUtf8'))
  }
  let header: Record<string, unknown>
  try {
    header = JSON.parse(text) as Record<string, unknown>
  } catch (e) {
    throw new ModelFileError('header', file, e instanceof Error ? e.message : String(e), why('headerJson'))
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new ModelFileError('header', file, 'not a JSON object', why('headerObject'))
  const dataStart = 8 + n
  const dataLen = bytes.length - dataStart
  checkLayout(file, header, dataLen)
  const out: NamedTensor[] = []
  let done = 0
  const onBytes = progress && ((n: number) => progress((done += n), dataLen))
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown }
    if (typeof e !== 'object' || e === null)
      throw new ModelFileError('header', file, name, why('entry', { name }))
    const dtype = String(e.dtype)
    const kind = ownKind(KINDS, dtype)
    if (kind === undefined)
      throw new ModelFileError(
        'dtype',
        file,
        `${name}: ${dtype}`,
        e.dtype === undefined
          ? why('noDtype', { name })
          : why('dtypeOf', {
              name,
              dtype: quote(typeof e.dtype === 'string' ? e.dtype : (JSON.stringify(e.dtype) ?? dtype)),
            }),
      )
    const size = RAW_SIZES[kind]
    const shape = checkShape(file, name, e.shape)
    const off = e.data_offsets
    if (!isOffsets(off))
      throw new ModelFileError('header', file, `${name}: data_offsets`, why('offsets', { name }))
    const [begin, end] = off
    if (end > dataLen)
      throw new ModelFileError(
        'truncated',
        file,
        `${name} ends at byte ${dataStart + end}`,
        why('endsAt', { name, at: dataStart + end, size: bytes.length }),
      )
    const count = product(shape)
    if (end - begin !== count * size)
      throw new ModelFileError(
        'inconsistent',
        file,
        `${name}: ${end - begin} bytes for ${count} × ${dtype}`,
        why('byteCount', { name, bytes: end - begin, count, dtype, need: count * size }),
      )
    out.push({
      name,
      shape,
      dtype,
      data: yield* rawValuesSteps(bytes, dataStart + begin, count, kind, onBytes),
    })
    yield
  }
  return out
}

/** an entry's data_offsets as the format has them: two whole numbers ≥ 0 */
function isOffsets(off: unknown): off is [number, number] {
  return Array.isArray(off) && off.length === 2 && off.every((o) => Number.isInteger(o) && o >= 0)
}

/**
 * The tensors' data must tile the buffer: sorted by their offsets, each begins where the one before ends, the
 * first at 0 and the last at the buffer's end (huggingface/safetensors README: "the byte buffer needs to be
 * entirely indexed, and cannot contain holes", which keeps a file from being another file as well; its Rust
 * `Metadata::validate` refuses an overlap or a hole as InvalidOffset and a buffer longer than the tensors as
 * MetadataIncompleteBuffer). Checked before any value is read; an entry whose offsets are malformed or run
 * past the file is left to the reader's own, more precise message.
 */
function checkLayout(file: string, header: Record<string, unknown>, dataLen: number): void {
  const spans: { name: string; begin: number; end: number }[] = []
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue
    const off = (entry as { data_offsets?: unknown } | null)?.data_offsets
    if (!isOffsets(off)) return
    const [begin, end] = off
    if (end < begin || end > dataLen) return
    spans.push({ name, begin, end })
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end)
  let at = 0
  let prev: string | null = null
  for (const t of spans) {
    if (t.begin < at && prev !== null)
      throw new ModelFileError(
        'inconsistent',
        file,
        `${prev} and ${t.name} overlap`,
        why('dataOverlap', { a: prev, b: t.name, from: t.begin }),
      )
    if (t.begin > at)
      throw new ModelFileError(
        'inconsistent',
        file,
        `bytes ${at} to ${t.begin} of the data belong to no tensor`,
        why('dataGap', { from: at, count: t.begin - at }),
      )
    at = t.end
    prev = t.name
  }
  if (at < dataLen)
    throw new ModelFileError(
      'inconsistent',
      file,
      `bytes ${at} to ${dataLen} of the data belong to no tensor`,
      why('dataGap', { from: at, count: dataLen - at }),
    )
}

/** Write a .safetensors file (the tests and the benchmark build their inputs with it). */
export function writeSafetensors(
  tensors: { name: string; dtype: SafetensorsDtype; shape: number[]; bytes: Uint8Array }[],
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {}
  if (metadata) header.__metadata__ = metadata
  let off = 0
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + t.bytes.length] }
    off += t.bytes.length
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8)
  const head = new TextEncoder().encode(json)
  const out = new Uint8Array(8 + head.length + off)
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true)
  out.set(head, 8)
  let p = 8 + head.length
  for (const t of tensors) {
    out.set(t.bytes, p)
    p += t.bytes.length
  }
  return out
}

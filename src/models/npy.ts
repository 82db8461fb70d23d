/** `.npy` and `.npz` readers. The .npy decoding is the Lab's (`src/lab/loaders.ts`, pure); .npz members
 *  are found through the zip's central directory and inflated with fflate (stored or deflated). */
import { Inflate, strFromU8 } from 'fflate'
import { runSteps, type Steps } from '../core/steps'
import { decodeNpySteps, LoadError, NPY_MAX_HEADER } from '../lab/loaders'
import { crc32 } from './crc32'
import { widenSteps } from './slices'
import {
  checkShape,
  MAX_TENSOR_VALUES,
  ModelFileError,
  quote,
  tooManyValues,
  why,
  type ModelErrorCode,
  type NamedTensor,
  type ReadReason,
} from './types'

const CODES: Record<string, ModelErrorCode> = {
  'npy-magic': 'header',
  'npy-truncated': 'truncated',
  'npy-header': 'header',
  'npy-dtype': 'dtype',
  // a structured (record) dtype is a data type the page does not read, not a header it cannot
  'npy-structured': 'dtype',
  empty: 'empty',
  'too-many': 'too-large',
}

/** dtypes exactly representable in float32 are returned as Float32Array (half the memory). */
const NARROW = /^[<>|=]?(f2|f4|i1|u1|b1|i2|u2)$/

export function readNpy(file: string, bytes: Uint8Array, name = stripExt(file, '.npy')): NamedTensor {
  return runSteps(readNpySteps(file, bytes, name))
}

/** `readNpy` in slices of values (the bytes are read where they are, not copied) */
export function* readNpySteps(
  file: string,
  bytes: Uint8Array,
  name = stripExt(file, '.npy'),
): Steps<NamedTensor> {
  try {
    const a = yield* decodeNpySteps(bytes, { maxValues: MAX_TENSOR_VALUES })
    checkShape(file, name, a.shape)
    return {
      name,
      shape: a.shape,
      dtype: a.dtype,
      data: NARROW.test(a.dtype) ? yield* widenSteps(a.data, new Float32Array(a.data.length)) : a.data,
    }
  } catch (e) {
    if (e instanceof LoadError)
      throw new ModelFileError(
        CODES[e.code] ?? 'header',
        file,
        [name, e.detail].filter(Boolean).join(': '),
        npyReason(name, e),
      )
    throw e
  }
}

/** The reason of a .npy's LoadError, naming the array (the file's, or the .npz member's) */
function npyReason(name: string, e: LoadError): ReadReason | undefined {
  if (e.reason) return why(e.reason.key, { name, ...e.reason.vars })
  if (e.code === 'npy-magic') return why('npyMagic', { name })
  if (e.code === 'npy-truncated') return why('npyEnd', { name })
  if (e.code === 'npy-dtype') return why('dtypeOf', { name, dtype: quote(e.detail) })
  if (e.code === 'too-many') return tooManyValues(name, Number(e.detail))
  if (e.code === 'npy-header') return why('npyDict', { name })
  // 'empty': the message says it all
  return undefined
}

/** What a .npz holds: its arrays, and the names of its other members (not read) */
export interface NpzContents {
  tensors: NamedTensor[]
  /** the members that are not .npy arrays, whole names in the archive's order, each once (no directory entry) */
  skipped: string[]
}

/**
 * a member read as an array: one named .npy (in any case, as before), as np.savez names them. (numpy's np.load
 * goes by a member's first bytes, when asked for it: a README.txt it gives as bytes.)
 */
const isArrayMember = (name: string) => name.toLowerCase().endsWith('.npy')

export function readNpz(file: string, bytes: Uint8Array): NpzContents {
  return runSteps(readNpzSteps(file, bytes))
}

/**
 * `readNpz` in slices: each deflated member is inflated INFLATE_STEP compressed bytes at a time (a stored one
 * is read where it is), then each member decoded as a .npy in slices. `progress(done, total)` in bytes of the
 * archive's members read. A member not named .npy is skipped before any of its bytes are read (not inflated,
 * not checked), as np.load leaves it unread until asked for; an archive of such members only is refused.
 */
export function* readNpzSteps(
  file: string,
  bytes: Uint8Array,
  progress?: (done: number, total: number) => void,
): Steps<NpzContents> {
  // what fflate throws, as unzipSync did: a cut archive ("invalid zip data", "unexpected EOF") or another fault.
  // Its words (and the directory walk's, which are fflate's) are English: the reason says the same.
  /** the member being read (null: the directory) */
  let member: string | null = null
  const zipError = (e: unknown) => {
    if (e instanceof ModelFileError) return e
    const msg = e instanceof Error ? e.message : String(e)
    const reason = zipReason(e, msg, member)
    return new ModelFileError(
      reason.key === 'memory'
        ? 'too-large'
        : /end|unexpected|invalid zip/i.test(msg)
          ? 'truncated'
          : // a member's compressed data that does not inflate ("invalid block type", "invalid distance")
            'damaged',
      file,
      msg,
      reason,
    )
  }
  const members = new Map<string, Uint8Array>()
  const skipped = new Set<string>()
  try {
    let done = 0
    const onBytes = progress && ((n: number) => progress((done += n), bytes.length))
    // (a name given twice keeps its first place and its last data, as unzipSync's object of members did)
    for (const m of zipEntries(bytes)) {
      const data = bytes.subarray(m.start, m.start + m.size)
      if (!isArrayMember(m.name)) {
        // not an array (a README.txt, a meta.json), or a directory entry: left unread
        if (!m.name.endsWith('/')) skipped.add(m.name)
        onBytes?.(data.length)
        continue
      }
      member = m.name
      let read: Uint8Array
      let crc: number
      if (m.compression === 0) {
        read = data
        crc = 0
        for (let s = 0; s < data.length; s += CRC_STEP) {
          crc = crc32(data, crc, s, Math.min(data.length, s + CRC_STEP))
          onBytes?.(Math.min(data.length, s + CRC_STEP) - s)
          if (s + CRC_STEP < data.length) yield
        }
      } else if (m.compression === 8) {
        // the directory's size, before an array of it is made (0xFFFFFFF0 bytes for each of 8 members was
        // 32 GiB): no larger than a .npy of the largest tensor read, nor than deflate could give from the data
        if (m.originalSize > data.length * MAX_DEFLATE_RATIO + 1024)
          throw new ModelFileError(
            'inconsistent',
            file,
            `member ${m.name}: ${m.originalSize} bytes from ${data.length}`,
            why('inflateSize', { member: m.name, size: m.originalSize, from: data.length }),
          )
        if (m.originalSize > MAX_MEMBER)
          throw new ModelFileError(
            'too-large',
            file,
            `member ${m.name}: ${m.originalSize} bytes`,
            why('memberSize', { member: m.name, size: m.originalSize, max: MAX_MEMBER }),
          )
        ;({ out: read, crc } = yield* inflateSteps(data, m.originalSize, onBytes))
      } else
        throw new ModelFileError(
          'header',
          file,
          `unknown compression type ${m.compression}`,
          why('zipMethod', { member: m.name, method: m.compression }),
        )
      // a member whose bytes are not those written: numpy (zipfile) raises BadZipFile "Bad CRC-32"; without the
      // check a corrupted member was read as wrong values
      if (crc !== m.crc)
        throw new ModelFileError(
          'inconsistent',
          file,
          `member ${m.name}: bad CRC-32`,
          why('crc', { member: m.name }),
        )
      members.set(m.name, read)
      member = null
      yield
    }
  } catch (e) {
    throw zipError(e)
  }
  // no array at all, only other files: not an archive of arrays
  if (members.size === 0 && skipped.size > 0)
    throw new ModelFileError(
      'unknown-format',
      file,
      `no .npy member among ${skipped.size} (first: ${[...skipped][0]})`,
      why('noNpy', { count: skipped.size, members: [...skipped] }),
    )
  const out: NamedTensor[] = []
  for (const [name, data] of members) {
    try {
      out.push(yield* readNpySteps(file, data, name.slice(0, -'.npy'.length)))
    } catch (e) {
      // a member with no values (shape (0, 3), say) is no weight, as in a .safetensors file: skipped, not a
      // reason to refuse the file's other members; a file of such members only is refused below
      if (e instanceof ModelFileError && e.code === 'empty') continue
      throw e
    }
    yield
  }
  if (out.length === 0) throw new ModelFileError('empty', file)
  return { tensors: out, skipped: [...skipped] }
}

/**
 * The reason of what reading an archive threw, other than a ModelFileError: fflate's inflate errors, the
 * directory walk's (fflate's words), a member name that is not UTF-8, or no memory for a member's bytes.
 */
function zipReason(e: unknown, msg: string, member: string | null): ReadReason {
  if (e instanceof RangeError && /alloc|array (buffer )?length|memory/i.test(msg)) return why('memory')
  if (/central directory runs past the end/.test(msg)) return why('zipDirectoryEnd')
  if (/^invalid zip data/.test(msg)) return why('zipDirectory')
  if (/invalid UTF-8/i.test(msg)) return why('zipName')
  if (member !== null && /unexpected EOF/i.test(msg)) return why('deflateEnd', { member })
  if (member !== null && /invalid (block type|length\/literal|distance)/i.test(msg))
    return why('deflateData', { member })
  return why('zipInvalid')
}

/** compressed bytes inflated per slice (fflate's streaming Inflate) */
const INFLATE_STEP = 1 << 15
/** stored bytes checked (CRC-32) per slice: a few ms */
const CRC_STEP = 1 << 20
/** deflate's largest ratio (zlib's FAQ and zlib.h: 1032:1; a 258-byte match per ~2 bits) */
const MAX_DEFLATE_RATIO = 1032
/** the largest .npy member that can be read: the largest tensor, as float64, and its header */
const MAX_MEMBER = MAX_TENSOR_VALUES * 8 + 12 + NPY_MAX_HEADER

/**
 * fflate's `inflateSync(src, { out: new Uint8Array(size) })`, INFLATE_STEP bytes of `src` per slice: like it, the
 * output is held to the `size` the directory gives (what inflates past it is dropped; less is returned shorter).
 * `crc`: the CRC-32 of all that inflated (past `size` too: a member longer than its directory says fails it).
 */
function* inflateSteps(
  src: Uint8Array,
  size: number,
  onBytes?: (n: number) => void,
): Steps<{ out: Uint8Array; crc: number }> {
  const out = new Uint8Array(size)
  // (inflateSync of no bytes at all gives its output buffer as it is)
  if (src.length === 0) return { out, crc: crc32(out) }
  let at = 0
  let crc = 0
  const inflate = new Inflate((chunk) => {
    if (at < size) out.set(chunk.subarray(0, size - at), at)
    at += chunk.length
    crc = crc32(chunk, crc)
  })
  for (let s = 0; s < src.length; s += INFLATE_STEP) {
    const e = Math.min(src.length, s + INFLATE_STEP)
    inflate.push(src.subarray(s, e), e === src.length)
    onBytes?.(e - s)
    if (e < src.length) yield
  }
  return { out: at >= size ? out : out.subarray(0, at), crc }
}

interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated */
  compression: number
  /** bytes in the archive, and once inflated */
  size: number
  originalSize: number
  /** CRC-32 of its bytes, as the central directory gives it */
  crc: number
  /** where its data starts */
  start: number
}

// little-endian fields, read as fflate reads them (past the end of the array they read as 0)
const b2 = (d: Uint8Array, b: number) => d[b] | (d[b + 1] << 8)
const b4 = (d: Uint8Array, b: number) => (d[b] | (d[b + 1] << 8) | (d[b + 2] << 16) | (d[b + 3] << 24)) >>> 0
const b8 = (d: Uint8Array, b: number) => b4(d, b) + b4(d, b + 4) * 4294967296

/**
 * The members of a zip archive from its central directory (zip64 included), one after the other, read as
 * fflate's unzipSync reads them (fflate 0.8, `unzipSync`, `zh`, `z64hs`, `slzh`): the same members, and the
 * same errors at the same point for an archive it refuses.
 */
function* zipEntries(data: Uint8Array): Generator<ZipEntry, void, void> {
  let e = data.length - 22
  for (; b4(data, e) !== 0x6054b50; --e) {
    if (!e || data.length - e > 65558) throw new Error('invalid zip data')
  }
  let c = b2(data, e + 8)
  if (!c) return
  let o = b4(data, e + 16)
  let z = b4(data, e - 20) === 0x7064b50
  if (z) {
    const ze = b4(data, e - 12)
    z = b4(data, ze) === 0x6064b50
    if (z) {
      c = b4(data, ze + 32)
      o = b4(data, ze + 48)
    }
  }
  for (let i = 0; i < c; ++i) {
    // a directory entry takes at least 46 bytes: a count past what the file holds (a zip64 count of 50M in a
    // 300-byte archive read 50M entries of zeros) stops where the data ends
    if (o + 46 > data.length) throw new Error('invalid zip data: the central directory runs past the end')
    const fnl = b2(data, o + 28)
    const efl = b2(data, o + 30)
    const name = strFromU8(data.subarray(o + 46, o + 46 + fnl), !(b2(data, o + 8) & 2048))
    const es = o + 46 + fnl
    let size = b4(data, o + 20)
    let originalSize = b4(data, o + 24)
    let off = b4(data, o + 42)
    // zip64: the sizes and offset that do not fit are in the extra field of id 1
    const nsc = size === 4294967295 ? 1 : 0
    const nsu = originalSize === 4294967295 ? 1 : 0
    const noff = off === 4294967295 ? 1 : 0
    if (z && nsc + nsu + noff) {
      let found = false
      for (let b = es; b + 4 < es + efl; b += 4 + b2(data, b + 2)) {
        if (b2(data, b) === 1) {
          const sc = nsc ? b8(data, b + 4 + 8 * nsu) : size
          const su = nsu ? b8(data, b + 4) : originalSize
          off = noff ? b8(data, b + 4 + 8 * (nsu + nsc)) : off
          size = sc
          originalSize = su
          found = true
          break
        }
      }
      if (!found) throw new Error('invalid zip data')
    }
    const next = es + efl + b2(data, o + 32)
    yield {
      name,
      compression: b2(data, o + 10),
      size,
      originalSize,
      crc: b4(data, o + 16),
      start: off + 30 + b2(data, off + 26) + b2(data, off + 28),
    }
    o = next
  }
}

/** the file's base name without `ext` */
function stripExt(name: string, ext: string): string {
  const base = name.replace(/^.*[\\/]/, '')
  return base.toLowerCase().endsWith(ext) ? base.slice(0, -ext.length) : base
}

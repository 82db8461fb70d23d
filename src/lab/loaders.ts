/**
 * Readers for data the user loads: NumPy `.npy` files (format versions 1–3; float16/32/64, int8/16/32,
 * uint8 and, as a bonus, int64/uint16/uint32/bool; either byte order; C or Fortran order) and text (CSV,
 * whitespace or newline separated numbers, pasted or from a file). Written here rather than taken from
 * npyjs because npyjs reads neither big-endian nor Fortran-ordered arrays nor float16.
 * Format: numpy/lib/format.py (magic "\x93NUMPY", version, header length, a Python dict literal header).
 * Errors are LoadError with a code the UI translates; NaN/±Inf are dropped and counted, never kept.
 */
import { runSteps, STEP, type Steps } from '../core/steps'
import type { ReadReason } from '../models/types'
import { asciiNumberText, scanNumber } from './numberScan'
import { codePointName } from '../i18n/visibleText'

export type LoadErrorCode =
  | 'npy-magic'
  | 'npy-truncated'
  | 'npy-header'
  | 'npy-dtype'
  | 'npy-structured'
  | 'npy-ndim'
  | 'zip'
  | 'text-words'
  | 'text-ragged'
  | 'text-hex'
  | 'text-binary'
  | 'text-encoding'
  | 'empty'
  | 'too-many'
  | 'too-many-text'
  | 'all-nonfinite'

/**
 * `detail` is what the Lab's message quotes (a count, a dtype, a line and the file's word, a code point), or,
 * for a .npy header that cannot be read, English for logs; `reason` then says why in the model view's terms
 * (ModelFileError's reason: the Lab's own message says only that the header cannot be read). A structured
 * dtype's `detail` is its field names (English list, for logs); its reason's `field` is the first, which the
 * Lab's message too names.
 */
export class LoadError extends Error {
  constructor(
    public code: LoadErrorCode,
    public detail = '',
    public reason?: ReadReason,
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`)
    this.name = 'LoadError'
  }
}

export interface LoadedArray {
  data: Float64Array
  /** [rows, cols]; a 1-D array is [1, n] */
  shape: [number, number]
  /** NaN/±Inf values dropped */
  dropped: number
  dtype: string
}

export const MAX_VALUES = 10_000_000

/** IEEE half → number. */
function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1
  const e = (h >> 10) & 0x1f
  const f = h & 0x3ff
  if (e === 0) return s * f * 2 ** -24
  if (e === 31) return f ? NaN : s * Infinity
  return s * (1 + f / 1024) * 2 ** (e - 15)
}

const DTYPES: Record<string, { size: number; read: (v: DataView, o: number, le: boolean) => number }> = {
  f2: { size: 2, read: (v, o, le) => halfToNumber(v.getUint16(o, le)) },
  f4: { size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  f8: { size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
  // numpy reads any byte but 0 of a bool array as True, which is 1.0 as a number (a byte 2 or 255 read as itself
  // before)
  b1: { size: 1, read: (v, o) => (v.getUint8(o) === 0 ? 0 : 1) },
  i2: { size: 2, read: (v, o, le) => v.getInt16(o, le) },
  u2: { size: 2, read: (v, o, le) => v.getUint16(o, le) },
  i4: { size: 4, read: (v, o, le) => v.getInt32(o, le) },
  u4: { size: 4, read: (v, o, le) => v.getUint32(o, le) },
  i8: { size: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
}

/**
 * numpy's limits on what it reads (numpy/lib/format.py `_MAX_HEADER_SIZE`: a longer header is refused unless
 * the caller passes max_header_size; NPY_MAXDIMS: no array has more axes). A header of 200 KB took seconds to
 * search; one of 60,000 axes took O(axes²) to lay out.
 */
export const NPY_MAX_HEADER = 10_000
export const NPY_MAX_DIMS = 64

/**
 * Whether a shape of safe-integer axes has an exact number of values: the product of its non-zero axes is finite,
 * and at most 2^53 when an axis is 0 (its count, 0, hides it). Shared with the model readers (`checkShape`).
 */
export function exactShape(shape: readonly number[]): boolean {
  let nonzero = 1
  for (const d of shape) if (d !== 0) nonzero *= d
  return Number.isFinite(nonzero) && (nonzero <= Number.MAX_SAFE_INTEGER || !shape.includes(0))
}

/**
 * The field names of a structured (record) dtype's descr, the list numpy writes for one (format.py's
 * dtype_to_descr: `[('x', '<f4'), ('y', '<f4')]`, a titled field as `(('title', 'name'), '<f4')`), from `text`
 * just after its '['. Only the list's own fields: a nested structure's names are skipped. Linear in the header,
 * which is at most NPY_MAX_HEADER bytes.
 */
function structuredFields(text: string): string[] {
  const names: string[] = []
  let depth = 1
  for (let i = 0; i < text.length && depth > 0; i++) {
    const c = text[i]
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      if (end < 0) break
      i = end
    } else if (c === '[' || c === '(') {
      depth++
      // a field of this list: its name, or its (title, name)
      if (c === '(' && depth === 2) {
        const m = /^\(\s*(?:\(\s*(['"])[^'"]*\1\s*,\s*)?(['"])([^'"]*)\2/.exec(text.slice(i, i + 300))
        if (m) names.push(m[3])
      }
    } else if (c === ']' || c === ')') depth--
  }
  return names
}

/** Parse the header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  // a structured (record) dtype's descr is a list of fields, not a string: the header is fine but its values
  // are records, not numbers, which "the header cannot be read" did not say
  const list = /(['"])descr\1\s*:\s*\[/.exec(text)
  if (list) {
    const fields = structuredFields(text.slice(list.index + list[0].length))
    throw new LoadError('npy-structured', fields.join(', '), {
      key: 'npyStructured',
      // (a list with no name read, `[]`, still gets an example to follow)
      vars: { fields, field: fields[0] ?? 'x' },
    })
  }
  // (Python reads either quote: a header written by hand or by another library may use double quotes)
  const descr = /(['"])descr\1\s*:\s*(['"])([^'"]*)\2/.exec(text)?.[3]
  const fortran = /(['"])fortran_order\1\s*:\s*(True|False)/.exec(text)?.[2]
  // the tuple after the first `'shape': (`, up to the first ')'. (One regex, /'shape'\s*:\s*\(([^)]*)\)/, took
  // the same text but was quadratic for a header of many `'shape': (` and no ')': each was tried to the end.)
  const open = /(['"])shape\1\s*:\s*\(/.exec(text)
  const close = open ? text.indexOf(')', open.index + open[0].length) : -1
  if (descr === undefined || fortran === undefined || !open || close < 0)
    throw new LoadError('npy-header', '', { key: 'npyDict', vars: {} })
  // (the header is at most NPY_MAX_HEADER bytes, so the split is short; a 1-tuple's trailing comma gives an
  // empty part, dropped)
  const tuple = text.slice(open.index + open[0].length, close)
  const shape = tuple
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    // Python 2's numpy wrote a long axis as `4L`, which numpy still reads (format.py's _filter_header): such a
    // file was refused for its shape
    .map((s) => Number(/^\d+L$/i.test(s) ? s.slice(0, -1) : s))
  if (shape.length > NPY_MAX_DIMS)
    throw new LoadError('npy-header', `${shape.length} axes`, {
      key: 'npyAxes',
      vars: { count: shape.length, max: NPY_MAX_DIMS },
    })
  // each axis a number read exactly, and no empty shape whose other axes multiply past 2^53 (numpy multiplies
  // them all, the zeros aside, and refuses an overflow: "array is too big"): (10**300, 10**300, 0) gave a NaN
  // count that every later check let through. (A non-empty shape past the value limit is refused for its
  // count, which the message gives.)
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0) || !exactShape(shape))
    throw new LoadError('npy-header', `shape (${shape.join(', ')})`, {
      key: 'shape',
      // the header's own text (a number that is not one reads as NaN in the detail)
      vars: { shape: `(${tuple.length > 80 ? `${tuple.slice(0, 80)}…` : tuple})` },
    })
  return { descr, fortran: fortran === 'True', shape }
}

/** A decoded .npy array: every value as the file stores it (NaN/±Inf kept), in C order, any number of axes. */
export interface NpyArray {
  data: Float64Array
  shape: number[]
  /** byte order + kind + size, e.g. `<f4`, `|u1` */
  dtype: string
}

/**
 * Decode a .npy file (shared by the Lab's loader and the model readers in `src/models/`). `maxDims` and
 * `maxValues` are the caller's limits, checked before the data is read.
 */
export function decodeNpy(buf: ArrayBuffer, limits: { maxDims?: number; maxValues?: number } = {}): NpyArray {
  return runSteps(decodeNpySteps(new Uint8Array(buf), limits))
}

/**
 * `decodeNpy` of the bytes `bytes` views (no copy of them), in slices of values (core/steps.ts): the model
 * readers run it on the page between turns of the event loop when a model's worker gave up.
 */
export function* decodeNpySteps(
  bytes: Uint8Array,
  limits: { maxDims?: number; maxValues?: number } = {},
): Steps<NpyArray> {
  if (bytes.length === 0) throw new LoadError('empty')
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m))
    throw new LoadError(bytes.length < 10 ? 'npy-truncated' : 'npy-magic')
  const major = bytes[6]
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let headerLen: number
  let offset: number
  if (major === 1) {
    headerLen = view.getUint16(8, true)
    offset = 10
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new LoadError('npy-truncated')
    headerLen = view.getUint32(8, true)
    offset = 12
  } else
    throw new LoadError('npy-header', `version ${major}`, { key: 'npyVersion', vars: { version: major } })
  if (offset + headerLen > bytes.length) throw new LoadError('npy-truncated')
  if (headerLen > NPY_MAX_HEADER)
    throw new LoadError('npy-header', `header of ${headerLen} bytes`, {
      key: 'npyHeaderSize',
      vars: { bytes: headerLen, max: NPY_MAX_HEADER },
    })
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(offset, offset + headerLen),
  )
  const { descr, fortran, shape } = parseHeader(header)
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr)
  const key = m ? `${m[2]}${m[3]}` : descr
  const dt = DTYPES[key]
  if (!m || !dt) throw new LoadError('npy-dtype', descr)
  const le = m[1] !== '>'
  if (limits.maxDims !== undefined && shape.length > limits.maxDims)
    throw new LoadError('npy-ndim', String(shape.length))
  const count = shape.reduce((a, b) => a * b, 1)
  if (count === 0) throw new LoadError('empty')
  if (limits.maxValues !== undefined && count > limits.maxValues)
    throw new LoadError('too-many', String(count))
  const start = offset + headerLen
  if (start + count * dt.size > bytes.length) throw new LoadError('npy-truncated')
  const raw = new Float64Array(count)
  // C-order strides: Fortran order stores the first axis fastest, so element k (in file order) has
  // multi-index (k mod d0, ⌊k/d0⌋ mod d1, …) and goes to Σ index·stride in C order
  const strides = new Array<number>(shape.length)
  for (let a = shape.length - 1, p = 1; a >= 0; a--) {
    strides[a] = p
    p *= shape[a]
  }
  const idx = new Array<number>(shape.length).fill(0)
  for (let from = 0; from < count; from += STEP) {
    const to = Math.min(count, from + STEP)
    for (let k = from; k < to; k++) {
      const v = dt.read(view, start + k * dt.size, le)
      if (!fortran || shape.length < 2) {
        raw[k] = v
        continue
      }
      let dest = 0
      for (let a = 0; a < shape.length; a++) dest += idx[a] * strides[a]
      raw[dest] = v
      for (let a = 0; a < shape.length; a++) {
        if (++idx[a] < shape[a]) break
        idx[a] = 0
      }
    }
    if (to < count) yield
  }
  return { data: raw, shape, dtype: `${m[1]}${key}` }
}

export function parseNpy(buf: ArrayBuffer): LoadedArray {
  const { data, shape, dtype } = decodeNpy(buf, { maxDims: 2, maxValues: MAX_VALUES })
  const rows = shape.length === 2 ? shape[0] : 1
  const cols = shape.length === 2 ? shape[1] : data.length
  return finish(data, [rows, cols], dtype)
}

/**
 * Whether a file's first bytes are a zip archive's (a local file header, or the end record of an archive with no
 * members): a NumPy .npz. The Lab reads one array; a .npz dropped on it was read as text and refused as "a binary
 * file", which did not say what the file was or where it can be read (the model page).
 */
export function isZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  )
}

/** Drop NaN/±Inf (a 2-D array keeps its shape only when nothing was dropped). */
function finish(raw: Float64Array, shape: [number, number], dtype: string): LoadedArray {
  let good = 0
  for (let i = 0; i < raw.length; i++) if (Number.isFinite(raw[i])) good++
  if (good === 0) throw new LoadError('all-nonfinite')
  if (good === raw.length) return { data: raw, shape, dropped: 0, dtype }
  const data = new Float64Array(good)
  let j = 0
  for (let i = 0; i < raw.length; i++) if (Number.isFinite(raw[i])) data[j++] = raw[i]
  return { data, shape: [1, good], dropped: raw.length - good, dtype }
}

const TOKEN = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|nan|inf|infinity)$/i

/**
 * A control character that no text of numbers holds (tab, line feed, vertical tab, form feed and carriage return
 * are whitespace, which separates values): a binary file read as text. The message names it (U+0000) rather than
 * showing it, which the page would draw as nothing or as a box.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/

/**
 * CSV / whitespace text read incrementally: feed it the text in chunks of any size (a file's stream, a long
 * paste cut into pieces) and `finish()` gives the same array the whole text would. One row per line; every row
 * must have the same count to make a 2-D array. The value limit is checked line by line, so a text with too
 * many values fails as soon as the limit is passed rather than after the whole text was read. Values go into
 * a growing Float64Array (never an array of arrays), so 10⁷ values take ~80 MB rather than gigabytes.
 */
export class TextParser {
  private carry = ''
  private data = new Float64Array(1024)
  private total = 0
  /** data lines seen (not blank, not comments), for the header rule */
  private lineNo = 0
  /** lines of the text read so far, blank lines and comments included (an error names the file's own line) */
  private fileLine = 0
  private rows = 0
  private cols = -1
  private ragged = false
  /** the header line skipped at the top: its line, and its first word with a digit (if any) */
  private header: { line: number; word: string | undefined } | null = null

  /**
   * @param limit at most this many values (the Lab's limit; smaller in tests)
   * @param expectedChars the length of the whole text, if known (characters or bytes): a value takes at least
   *   two (a digit and a separator, but the last), so ⌊length/2⌋ + 1 values (at most `limit`) always fit and
   *   the array is made once, instead of growing by doubling (at 10⁷ values ~24 copies, 160 MB moved)
   */
  constructor(
    private readonly limit = MAX_VALUES,
    expectedChars = 0,
  ) {
    const room = Math.min(limit, Math.floor(expectedChars / 2) + 1)
    if (room > this.data.length) this.data = new Float64Array(room)
  }

  /**
   * What is known of the unfinished line in `carry` (its end not yet seen): the value limit was checked only
   * once a line ended, so a text of one long line (12M values: 1.2 GB) grew without bound, and past V8's
   * longest string (~536M characters) failed with a RangeError. The values it holds at least are counted as it
   * grows: `tokens`, the pieces between separators, as `line` splits it; a line without a '.' might have
   * decimal commas ("1,5;2,5"), each joining two pieces into one value, so it holds at least ⌈tokens/2⌉.
   */
  private carryTokens = 0
  private carryDot = false
  /** the carry is empty or ends in a separator (the next piece starts a new token) */
  private carrySep = true
  /** only whitespace so far (a '#' next makes the line a comment, which `line` skips whatever follows) */
  private carryBlank = true
  private carryComment = false

  private resetCarry() {
    this.carryTokens = 0
    this.carryDot = false
    this.carrySep = true
    this.carryBlank = true
    this.carryComment = false
  }

  /** `added` was appended to the carry: refuse the line as soon as it holds more values than the limit allows */
  private carried(added: string) {
    if (!added || this.carryComment) {
      // a comment's text is never read: only its '#' is kept, however long it grows
      if (this.carryComment) this.carry = '#'
      return
    }
    if (this.carryBlank) {
      const m = /[^\s、]/.exec(added)
      if (m) {
        this.carryBlank = false
        if (m[0] === '#') {
          this.carryComment = true
          this.carry = '#'
          return
        }
      }
    }
    // (the separators of `line`: whitespace, commas and semicolons, ASCII or fullwidth, and 、)
    const pieces = added.match(/[^\s,;，；、]+/g)
    if (pieces) {
      this.carryTokens += pieces.length
      if (!this.carrySep && !/^[\s,;，；、]/.test(added)) this.carryTokens--
      if (!this.carryDot && added.includes('.')) this.carryDot = true
    }
    this.carrySep = /[\s,;，；、]$/.test(added)
    const least = this.carryDot ? this.carryTokens : Math.ceil(this.carryTokens / 2)
    // a value of numpy.savetxt's '%.18e' and its separator take 26 characters: a line of more than 32 per value
    // the limit allows is refused too (of spaces, or of one endless number), well short of V8's longest string
    if (this.total + least > this.limit || this.carry.length > Math.min(this.limit * 32, 2 ** 29 - 2 ** 22))
      throw new LoadError('too-many-text', String(this.limit))
  }

  /** values read so far (for progress) */
  get count(): number {
    return this.total
  }

  feed(chunk: string): this {
    // a line can only be read once its end is known: the text after the last newline waits for the next chunk
    let from = 0
    if (this.carry) {
      const nl = chunk.indexOf('\n')
      if (nl < 0) {
        this.carry += chunk
        this.carried(chunk)
        return this
      }
      // the line cut between two chunks is read on its own, so that the chunk itself is scanned as it came (a
      // concatenated copy would be a rope, slower to scan character by character)
      const joined = this.carry + chunk.slice(0, nl + 1)
      this.carry = ''
      this.fileLine++
      if (this.plainLine(joined, 0) < 0) this.line(joined.slice(0, -1))
      from = nl + 1
    }
    this.resetCarry()
    const last = chunk.lastIndexOf('\n')
    if (last < from) {
      this.carry = chunk.slice(from)
      this.carried(this.carry)
      return this
    }
    this.carry = chunk.slice(last + 1)
    this.carried(this.carry)
    while (from <= last) {
      this.fileLine++
      let nl = this.plainLine(chunk, from)
      if (nl < 0) {
        nl = chunk.indexOf('\n', from)
        this.line(chunk.slice(from, nl))
      }
      from = nl + 1
    }
    return this
  }

  /**
   * The fast reading of the line that starts at text[a] (and ends with a '\n' that is known to follow) when it
   * is made only of decimal numbers separated by spaces, tabs, commas or semicolons (nearly every line of a real
   * CSV): the values are scanned straight out of the chunk, with no string per line or per value. Returns the
   * index of the line's '\n'. It reads exactly what `line` would, and declines (returns -1, having changed
   * nothing but scratch space past `total`) whenever the line needs `line`'s rules: a comment, a blank or
   * separators-only line, words (a header, nan/inf, an error), other whitespace, possible decimal commas, or the
   * value limit.
   */
  private plainLine(t: string, a: number): number {
    const start = this.total
    let k = start
    let dot = false
    let comma = false
    let semi = false
    let i = a
    let c = t.charCodeAt(i)
    while (c !== 10) {
      // separators between values; the \r of a CRLF line end is whitespace like any other
      if (c === 32 || c === 44 || c === 59 || c === 9 || c === 13) {
        if (c === 44) comma = true
        else if (c === 59) semi = true
        c = t.charCodeAt(++i)
        continue
      }
      const s = i
      for (;;) {
        if (c === 46) dot = true
        else if (c === 32 || c === 44 || c === 59 || c === 9 || c === 13 || c === 10) break
        // digits, signs and exponent marks only: anything else is for `line`
        else if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 101 || c === 69)) return -1
        c = t.charCodeAt(++i)
      }
      const v = scanNumber(t, s, i)
      if (v !== v) return -1 // NaN: not a number (a decimal token never reads as NaN)
      if ((k >= this.data.length || k >= this.limit) && !this.grow(k)) return -1
      this.data[k++] = v
    }
    const n = k - start
    // decimal commas ("1,5;2,5"): `line` decides
    if (n === 0 || (semi && comma && !dot)) return -1
    this.lineNo++
    this.total = k
    if (this.cols < 0) this.cols = n
    else if (n !== this.cols) this.ragged = true
    this.rows++
    return i
  }

  finish(): LoadedArray {
    if (this.carry) {
      this.fileLine++
      this.line(this.carry)
    }
    this.carry = ''
    this.resetCarry()
    const h = this.header
    if (this.total === 0 && h?.word !== undefined)
      throw new LoadError('text-words', `${h.line}: ${h.word.slice(0, 40)}`)
    if (this.total === 0) throw new LoadError('empty')
    const raw = this.data.length === this.total ? this.data : this.data.slice(0, this.total)
    const rect = this.rows > 1 && this.cols > 1 && !this.ragged
    return finish(raw, rect ? [this.rows, this.cols] : [1, this.total], 'text')
  }

  /** room for value k (false: the limit is reached; `line` says so) — out of the hot loop, which it rarely runs */
  private grow(k: number): boolean {
    if (k >= this.limit) return false
    const grown = new Float64Array(Math.min(this.limit, this.data.length * 2))
    grown.set(this.data.subarray(0, k))
    this.data = grown
    return true
  }

  private line(l: string) {
    // fullwidth commas and semicolons (typed with a Chinese input method) are the ASCII ones; the enumeration
    // comma 、 separates like a space (fullwidth spaces are whitespace already)
    l = l.replace(/，/g, ',').replace(/；/g, ';').replace(/、/g, ' ').trim()
    if (!l || l.startsWith('#')) return
    // fullwidth digits, signs and points (an input method left in fullwidth mode) and the minus sign U+2212 (a
    // number copied from a web page or a typeset document) are the ASCII ones: "－１．５" and "−1" are numbers,
    // not words (the line was refused, or at the top skipped as a header, and the text then held "no values")
    l = asciiNumberText(l)
    const li = this.lineNo++
    // decimal commas: semicolon-separated numbers written with a comma as the decimal mark ("1,5;2,5;3,5", the
    // CSV that spreadsheets write in locales with decimal commas) are read as 1.5, 2.5, 3.5, not as six values.
    // Only on a line with semicolons and no decimal point: a plain "1,5" stays two comma-separated values.
    // Decided per line (not over the whole text) so that a text read in chunks reads the same as in one piece.
    if (l.includes(';') && !l.includes('.') && /\d,\d/.test(l)) l = l.replace(/(\d),(\d)/g, '$1.$2')
    const parts = l.split(/[\s,;]+/).filter(Boolean)
    const start = this.total
    const n = parts.length
    // (the text is not read past the limit, so its own count is unknown: the message says "more than")
    if (start + n > this.limit) throw new LoadError('too-many-text', String(this.limit))
    for (const p of parts) {
      if (!TOKEN.test(p)) {
        // hexadecimal numbers are numbers, but not ones the Lab reads: say so rather than "no values"
        if (/^[+-]?0x[0-9a-f]+$/i.test(p)) throw new LoadError('text-hex', p.slice(0, 20))
        // a binary file: "line: U+0000", on a header line too (no header holds a control character)
        const control = CONTROL.exec(l)
        if (control) throw new LoadError('text-binary', `${this.fileLine}: ${codePointName(control[0])}`)
        // a header line of words at the very top is skipped like numpy.genfromtxt(names=True) would (its bytes
        // may be of another encoding: a spreadsheet's GBK header reads as U+FFFD, and is skipped all the same)
        if (li === 0 && parts.every((w) => !TOKEN.test(w))) {
          // kept to be named if nothing else follows: "1|2|3" alone, a line with digits, is not a header of a
          // text that holds "no values" but numbers the Lab cannot read
          this.header = { line: this.fileLine, word: parts.find((w) => /\p{Nd}/u.test(w)) }
          return
        }
        // bytes that are not UTF-8, which the decoder replaced with U+FFFD: a binary file, or text in another
        // encoding; the message says so and shows no replacement character
        if (p.includes('\ufffd')) throw new LoadError('text-encoding', String(this.fileLine))
        // "line: word", the line counted in the text as written (blank lines and comments too)
        throw new LoadError('text-words', `${this.fileLine}: ${p.slice(0, 40)}`)
      }
    }
    if (n === 0) return
    if (start + n > this.data.length) {
      const grown = new Float64Array(Math.min(this.limit, Math.max(start + n, this.data.length * 2)))
      grown.set(this.data.subarray(0, start))
      this.data = grown
    }
    for (let i = 0; i < n; i++) {
      const w = parts[i]
      // Number() reads "Infinity" but not "inf": only those few words need rewriting
      this.data[start + i] = /[iI]/.test(w)
        ? Number(w.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'))
        : Number(w)
    }
    this.total = start + n
    if (this.cols < 0) this.cols = n
    else if (n !== this.cols) this.ragged = true
    this.rows++
  }
}

/** The whole text at once (the same reader as chunked reading). */
export function parseText(text: string): LoadedArray {
  return new TextParser(undefined, text.length).feed(text).finish()
}

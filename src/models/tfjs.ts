/**
 * TensorFlow.js weights: a manifest (`*weights_manifest.json`, an array of groups, or `model.json` whose
 * `weightsManifest` is that array) and the shard files each group names in `paths`. A group's shards are
 * concatenated and its weights read back to back in manifest order (tfjs-core io/io_utils.ts
 * `decodeWeights`). `quantization: {dtype: 'uint8'|'uint16', scale, min}` stores q with value = q·scale + min;
 * `{dtype: 'float16'}` stores IEEE halves.
 */
import { runSteps, STEP, type Steps } from '../core/steps'
import { decodeRawSteps, ownKind, RAW_SIZES, type RawKind } from './rawValues'
import { copyOutSteps, copySteps } from './slices'
import { checkShape, ModelFileError, product, quote, why, type ModelFile, type NamedTensor } from './types'

interface ManifestWeight {
  name: string
  shape: number[]
  dtype: string
  quantization?: { dtype: string; scale?: number; min?: number }
}
interface ManifestGroup {
  paths: string[]
  weights: ManifestWeight[]
}

/** the manifest's dtypes (tfjs-core `DataType`) that are read, and their element type in the shards */
const BASE_KINDS = { float32: 'f32', int32: 'i32', bool: 'u8' } as const satisfies Record<string, RawKind>
/** the weight quantization's dtypes (tfjs-converter's `--quantize_*` options) and their element type */
const Q_KINDS = { uint8: 'u8', uint16: 'u16', float16: 'f16' } as const satisfies Record<string, RawKind>

export function isTfjsManifest(f: ModelFile): boolean {
  const n = f.name.toLowerCase()
  return (
    n.endsWith('.json') && (n.endsWith('weights_manifest.json') || n.endsWith('model.json') || sniffJson(f))
  )
}

function sniffJson(f: ModelFile): boolean {
  const head = new TextDecoder().decode(f.bytes.subarray(0, 4096))
  return /"weightsManifest"|"paths"\s*:/.test(head)
}

export function parseManifest(file: string, bytes: Uint8Array): ManifestGroup[] {
  // (the decoder's and the parser's own words are English: the reason says which step failed)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (e) {
    throw new ModelFileError('header', file, e instanceof Error ? e.message : String(e), why('manifestUtf8'))
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new ModelFileError('header', file, e instanceof Error ? e.message : String(e), why('manifestJson'))
  }
  const groups = Array.isArray(json) ? json : (json as { weightsManifest?: unknown } | null)?.weightsManifest
  if (!Array.isArray(groups))
    throw new ModelFileError('header', file, 'no weightsManifest', why('noManifest'))
  // the manifest's shape as tfjs-core's `WeightsManifestConfig` declares it, checked here: `weights: [null]` or
  // `paths: [5]` failed later as TypeErrors ("Cannot read properties of null", "p.replace is not a function"),
  // which the page could only call an unknown error
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  for (const g of groups as unknown[]) {
    if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
      throw new ModelFileError('header', file, 'a group without paths or weights', why('group'))
    for (const p of g.paths as unknown[])
      if (typeof p !== 'string')
        throw new ModelFileError(
          'header',
          file,
          `a path ${JSON.stringify(p)}`,
          why('path', { path: quote(JSON.stringify(p) ?? '') }),
        )
    for (const w of g.weights as unknown[]) {
      if (!isObject(w) || typeof w.name !== 'string' || typeof w.dtype !== 'string')
        throw new ModelFileError(
          'header',
          file,
          `a weight ${JSON.stringify(w)?.slice(0, 80)}`,
          why('weight', { weight: quote(JSON.stringify(w) ?? '') }),
        )
      const q = w.quantization
      // (a scale or min of another type, a string say, reached the model page's figures, which format numbers)
      const numberOrNone = (v: unknown) => v === undefined || typeof v === 'number'
      if (
        q !== undefined &&
        !(isObject(q) && typeof q.dtype === 'string' && numberOrNone(q.scale) && numberOrNone(q.min))
      )
        throw new ModelFileError(
          'header',
          file,
          `${w.name}: quantization ${JSON.stringify(q)?.slice(0, 80)}`,
          why('quantization', { name: w.name, quantization: quote(JSON.stringify(q) ?? '') }),
        )
    }
  }
  return groups as ManifestGroup[]
}

const baseName = (p: string) => p.replace(/^.*[\\/]/, '')

export function readTfjs(manifest: ModelFile, others: ModelFile[]): NamedTensor[] {
  return runSteps(readTfjsSteps(manifest, others))
}

/**
 * `readTfjs` in slices: a group's shards joined a MiB at a time, each weight's bytes copied and its values
 * decoded a slice at a time, a yield after each weight; `progress(done, total)` in bytes of the groups' shards.
 */
export function* readTfjsSteps(
  manifest: ModelFile,
  others: ModelFile[],
  progress?: (done: number, total: number) => void,
): Steps<NamedTensor[]> {
  const file = manifest.name
  const groups = parseManifest(file, manifest.bytes)
  const byName = new Map(others.map((f) => [baseName(f.name), f]))
  const out: NamedTensor[] = []
  // progress: each group's bytes are counted once joined and once decoded
  let all = 0
  for (const g of groups) for (const p of g.paths) all += 2 * (byName.get(baseName(p))?.bytes.length ?? 0)
  let done = 0
  const onBytes = progress && ((n: number) => progress((done += n), all))
  for (const g of groups) {
    const shards = g.paths.map((p) => {
      const s = byName.get(baseName(p))
      if (!s) throw new ModelFileError('missing-shard', file, baseName(p))
      return s.bytes
    })
    const total = shards.reduce((a, s) => a + s.length, 0)
    const buf = new Uint8Array(total)
    let p = 0
    for (const s of shards) {
      yield* copySteps(s, buf, p, onBytes)
      p += s.length
    }
    let off = 0
    for (const w of g.weights) {
      const shape = checkShape(file, String(w.name), w.shape)
      const count = product(shape)
      const q = w.quantization
      const baseKind = ownKind(BASE_KINDS, w.dtype)
      const kind = q ? ownKind(Q_KINDS, q.dtype) : baseKind
      if (kind === undefined || baseKind === undefined) {
        const dtype = `${q ? `${q.dtype}→` : ''}${w.dtype}`
        throw new ModelFileError(
          'dtype',
          file,
          `${w.name}: ${dtype}`,
          why('dtypeOf', { name: w.name, dtype: quote(dtype) }),
        )
      }
      const bytes = count * RAW_SIZES[kind]
      if (off + bytes > total)
        throw new ModelFileError(
          'truncated',
          g.paths.map(baseName).join(' + '),
          `${w.name} needs ${off + bytes} bytes, shards hold ${total}`,
          why('shardBytes', { name: w.name, need: off + bytes, total }),
        )
      const raw = yield* copyOutSteps(buf, off, off + bytes, onBytes)
      off += bytes
      out.push({
        name: w.name,
        shape,
        dtype: q ? `${q.dtype}→${w.dtype}` : w.dtype,
        data: yield* decodeSteps(raw, count, kind, w, file),
      })
      yield
    }
    if (off !== total)
      throw new ModelFileError(
        'inconsistent',
        file,
        `the weights use ${off} bytes, the shards hold ${total}`,
        why('shardExtra', { used: off, total }),
      )
  }
  return out
}

function* decodeSteps(
  raw: ArrayBuffer,
  count: number,
  kind: RawKind,
  w: ManifestWeight,
  file: string,
): Steps<Float32Array | Float64Array> {
  const q = w.quantization
  // unquantized values, and float16 ones, are read as they are stored
  if (!q || kind === 'f16') return yield* decodeRawSteps(raw, count, kind)
  if (typeof q.scale !== 'number' || typeof q.min !== 'number')
    throw new ModelFileError(
      'header',
      file,
      `${w.name}: quantization without scale and min`,
      why('quantScale', { name: w.name }),
    )
  const scale = q.scale
  const min = q.min
  const u = kind === 'u8' ? new Uint8Array(raw) : new Uint16Array(raw)
  if (w.dtype === 'int32') {
    // tfjs rounds dequantized integers
    const o = new Float64Array(count)
    for (let s = 0; s < count; s += STEP) {
      const e = Math.min(count, s + STEP)
      for (let i = s; i < e; i++) o[i] = Math.round(u[i] * scale + min)
      if (e < count) yield
    }
    return o
  }
  // value = q·scale + min in float32 arithmetic: fround of the exact double product (≤ 40 significant bits)
  // and of the double sum of two floats equals float32 rounding (53 ≥ 2·24 + 2). tfjs itself computes in
  // double and stores to float32, which can differ from this by one unit in the last place.
  const sf = Math.fround(scale)
  const m = Math.fround(min)
  const o = new Float32Array(count)
  for (let s = 0; s < count; s += STEP) {
    const e = Math.min(count, s + STEP)
    for (let i = s; i < e; i++) o[i] = Math.fround(Math.fround(u[i] * sf) + m)
    if (e < count) yield
  }
  return o
}

/** `readModelFiles`: tell each file's format (by extension, then by its first bytes) and read it. */
import { runAsyncSteps, type AsyncSteps } from '../core/steps'
import { readNpySteps, readNpzSteps } from './npy'
import { isZip } from '../lab/loaders'
import { readSafetensorsSteps } from './safetensors'
import { isTfjsManifest, readTfjsSteps } from './tfjs'
import {
  ModelFileError,
  type ModelFile,
  type ModelFormat,
  type NamedTensor,
  type ReadModel,
  type SkippedMembers,
} from './types'

function kindOf(f: ModelFile): ModelFormat | 'shard' | null {
  const n = f.name.toLowerCase()
  const b = f.bytes
  if (n.endsWith('.safetensors')) return 'safetensors'
  if (n.endsWith('.npz')) return 'npz'
  if (n.endsWith('.npy')) return 'npy'
  if (n.endsWith('.onnx')) return 'onnx'
  if (n.endsWith('.json')) return isTfjsManifest(f) ? 'tfjs' : null
  if (n.endsWith('.bin') || /shard\d+of\d+$/.test(n)) return 'shard'
  // no known extension: the magic numbers
  if (b[0] === 0x93 && b[1] === 0x4e && b[2] === 0x55) return 'npy'
  if (isZip(b)) return 'npz'
  if (b.length > 9 && b[8] === 0x7b && b[6] === 0 && b[7] === 0) return 'safetensors'
  return null
}

/**
 * Read the tensors of one model given as one or several files (core-api.md §7). TF.js shards are matched to
 * their manifest by file name; several files of the other formats are read one after the other and their
 * tensors listed together (sharded checkpoints). The first file fixes `format`. `skipped`: the members of each
 * .npz that are not arrays (not read).
 */
export function readModelFiles(
  files: ModelFile[],
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ReadModel> {
  return runAsyncSteps(readModelFilesSteps(files, opts))
}

/**
 * `readModelFiles` in slices (core/steps.ts): each reader copies and decodes a slice at a time, so that a model
 * read on the page leaves the page a turn between slices and can be stopped there. `onProgress(done, total)`
 * counts files, a file's share as it is read.
 */
export async function* readModelFilesSteps(
  files: ModelFile[],
  opts: { onProgress?: (done: number, total: number) => void } = {},
): AsyncSteps<ReadModel> {
  if (files.length === 0) throw new ModelFileError('empty', '(no file)')
  const kinds = files.map(kindOf)
  const manifests = files.filter((_, i) => kinds[i] === 'tfjs')
  const shards = files.filter((_, i) => kinds[i] === 'shard')
  if (shards.length > 0 && manifests.length === 0)
    throw new ModelFileError('missing-manifest', shards[0].name)
  const tensors: NamedTensor[] = []
  const skipped: SkippedMembers[] = []
  let format: ModelFormat | null = null
  const total = files.length
  const seen = new Set<string>()
  for (let i = 0; i < files.length; i++) {
    const f = files[i]
    const k = kinds[i]
    if (k === null) throw new ModelFileError('unknown-format', f.name)
    if (k === 'shard') continue
    format ??= k
    const share =
      opts.onProgress && ((d: number, t: number) => opts.onProgress?.(i + (t > 0 ? d / t : 0), total))
    if (k === 'safetensors') tensors.push(...(yield* readSafetensorsSteps(f.name, f.bytes, share)))
    else if (k === 'npz') {
      const npz = yield* readNpzSteps(f.name, f.bytes, share)
      tensors.push(...npz.tensors)
      if (npz.skipped.length > 0) skipped.push({ file: f.name, members: npz.skipped })
    } else if (k === 'npy') tensors.push(yield* readNpySteps(f.name, f.bytes))
    else if (k === 'tfjs') tensors.push(...(yield* readTfjsSteps(f, shards, share)))
    else {
      // protobufjs is loaded only now, when an .onnx file arrives
      const { readOnnxSteps } = await import('./onnx')
      tensors.push(...(yield* readOnnxSteps(f.name, f.bytes, share)))
    }
    // a name used twice, named with the file whose tensor repeats it (a TF.js manifest: the manifest)
    for (let j = seen.size; j < tensors.length; j++) {
      if (seen.has(tensors[j].name)) throw new ModelFileError('duplicate', f.name, tensors[j].name)
      seen.add(tensors[j].name)
    }
    opts.onProgress?.(i + 1, total)
  }
  if (!format || tensors.length === 0) throw new ModelFileError('empty', files[0].name)
  return { format, tensors, skipped }
}

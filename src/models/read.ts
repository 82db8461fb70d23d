/** `readModelFiles`: tell each file's format (by extension, then by its first bytes) and read it. */
import { readNpy, readNpz } from './npy'
import { readSafetensors } from './safetensors'
import { isTfjsManifest, readTfjs } from './tfjs'
import { ModelFileError, type ModelFile, type ModelFormat, type NamedTensor, type ReadModel } from './types'

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
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) return 'npz'
  if (b.length > 9 && b[8] === 0x7b && b[6] === 0 && b[7] === 0) return 'safetensors'
  return null
}

/**
 * Read the tensors of one model given as one or several files (core-api.md §7). TF.js shards are matched to
 * their manifest by file name; several files of the other formats are read one after the other and their
 * tensors listed together (sharded checkpoints). The first file fixes `format`.
 */
export async function readModelFiles(
  files: ModelFile[],
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ReadModel> {
  if (files.length === 0) throw new ModelFileError('empty', '(no file)')
  const kinds = files.map(kindOf)
  const manifests = files.filter((_, i) => kinds[i] === 'tfjs')
  const shards = files.filter((_, i) => kinds[i] === 'shard')
  if (shards.length > 0 && manifests.length === 0)
    throw new ModelFileError('missing-manifest', shards[0].name)
  const tensors: NamedTensor[] = []
  let format: ModelFormat | null = null
  const total = files.length
  const seen = new Set<string>()
  for (let i = 0; i < files.length; i++) {
    const f = files[i]
    const k = kinds[i]
    if (k === null) throw new ModelFileError('unknown-format', f.name)
    if (k === 'shard') continue
    format ??= k
    if (k === 'safetensors') tensors.push(...readSafetensors(f.name, f.bytes))
    else if (k === 'npz') tensors.push(...readNpz(f.name, f.bytes))
    else if (k === 'npy') tensors.push(readNpy(f.name, f.bytes))
    else if (k === 'tfjs') tensors.push(...readTfjs(f, shards))
    else {
      // protobufjs is loaded only now, when an .onnx file arrives
      const { readOnnx } = await import('./onnx')
      tensors.push(...(await readOnnx(f.name, f.bytes)))
    }
    // a name used twice, named with the file whose tensor repeats it (a TF.js manifest: the manifest)
    for (let j = seen.size; j < tensors.length; j++) {
      if (seen.has(tensors[j].name)) throw new ModelFileError('duplicate', f.name, tensors[j].name)
      seen.add(tensors[j].name)
    }
    opts.onProgress?.(i + 1, total)
  }
  if (!format || tensors.length === 0) throw new ModelFileError('empty', files[0].name)
  return { format, tensors }
}

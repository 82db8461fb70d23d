// Model benchmark (Node side): read a 100 MB .safetensors (a transformer-like stack of F32 matrices, then the
// same size of F16 ones, as most checkpoints ship) and report every layer at 8 bits (per tensor, per channel, per group of 128), as the `#/model` worker does. PRODUCT.md
// budget: ≤ 3 s in all. The in-browser check (progress shown, page responsive) is in test/e2e/model.test.ts.
// An .onnx file of the same size is read too (its raw_data decoded as .safetensors' data is: src/models/rawValues.ts).
// Run alone: npx tsx -e "import('./bench/model.ts').then(m=>m.runModelBench())"
import protobuf from 'protobufjs/light'
import { RandomState } from '../src/core'
import { ModelAnalysis } from '../src/models/analyze'
import { floatToHalf, readModelFiles, writeSafetensors } from '../src/models'
import { ONNX_SCHEMA } from '../src/models/onnx'
import { bench } from './timing'

export function buildSafetensors(targetBytes: number, dtype: 'F32' | 'F16' = 'F32'): Uint8Array {
  const rs = new RandomState(7)
  const tensors: Parameters<typeof writeSafetensors>[0] = []
  const d = 1024
  let bytes = 0
  for (let layer = 0; bytes < targetBytes; layer++) {
    for (const [name, shape] of [
      [`layers.${layer}.attn.qkv.weight`, [3 * d, d]],
      [`layers.${layer}.mlp.fc1.weight`, [2 * d, d]],
      [`layers.${layer}.mlp.fc1.bias`, [2 * d]],
      [`layers.${layer}.mlp.fc2.weight`, [d, 2 * d]],
    ] as const) {
      const n = shape.reduce((a: number, b: number) => a * b, 1)
      const v = Float32Array.from(rs.normal(0, 0.02, n))
      const raw =
        dtype === 'F32' ? new Uint8Array(v.buffer) : new Uint8Array(Uint16Array.from(v, floatToHalf).buffer)
      tensors.push({ name, dtype, shape: [...shape], bytes: raw })
      bytes += raw.byteLength
    }
  }
  return writeSafetensors(tensors)
}

export async function runModelBench(): Promise<void> {
  await benchModelFile('F32')
  await benchModelFile('F16')
  await benchOnnxRead()
}

/** An .onnx file of ~100 MB of float32 initializers in raw_data, as exporters write them; the time to read it. */
async function benchOnnxRead(): Promise<void> {
  const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
  const rs = new RandomState(7)
  const initializer: { name: string; dims: number[]; dataType: number; rawData: Uint8Array }[] = []
  const d = 1024
  for (let layer = 0, bytes = 0; bytes < 100 * 2 ** 20; layer++, bytes += 4 * 3 * d * d) {
    const v = Float32Array.from(rs.normal(0, 0.02, 3 * d * d))
    initializer.push({
      name: `layers.${layer}.qkv`,
      dims: [3 * d, d],
      dataType: 1,
      rawData: new Uint8Array(v.buffer),
    })
  }
  const file = Model.encode(Model.fromObject({ graph: { name: 'g', initializer } })).finish()
  const t0 = performance.now()
  const read = await readModelFiles([{ name: 'bench.onnx', bytes: file }])
  const ms = performance.now() - t0
  console.log(
    `${`model: read a ${(file.length / 2 ** 20).toFixed(1)} MB FLOAT .onnx (${read.tensors.length} initializers)`.padEnd(64)} ${ms.toFixed(1).padStart(9)} ms`,
  )
}

async function benchModelFile(dtype: 'F32' | 'F16'): Promise<void> {
  const file = buildSafetensors(100 * 2 ** 20, dtype)
  const mb = (file.length / 2 ** 20).toFixed(1)

  const t0 = performance.now()
  const read = await readModelFiles([{ name: 'bench.safetensors', bytes: file }])
  const t1 = performance.now()
  const a = new ModelAnalysis(read.tensors, read.format, file.length)
  const rows = a.report({ bits: 8, group: 128, fold: true })
  const t2 = performance.now()
  const layers = rows.length
  console.log(
    `${`model: read a ${mb} MB ${dtype} .safetensors (${read.tensors.length} tensors)`.padEnd(64)} ${(t1 - t0).toFixed(1).padStart(9)} ms`,
  )
  console.log(
    `${`model: report ${layers} ${dtype} layers at 8 bits (tensor, channel, group 128)`.padEnd(64)} ${(t2 - t1).toFixed(1).padStart(9)} ms`,
  )
  const total = t2 - t0
  console.log(
    `${`model: read + report, 100 MB ${dtype} .safetensors`.padEnd(64)} ${total.toFixed(1).padStart(9)} ms (budget ≤ 3000 ms: ${total <= 3000 ? 'met' : 'NOT met'})`,
  )
  if (dtype === 'F16') return
  const w = read.tensors[0]
  bench(
    `weightReport, one ${w.shape.join(' × ')} matrix, 8 bits + group 128`,
    () => a.row(w.name, { bits: 8, group: 128, fold: false }),
    {
      runs: 5,
      warmup: 1,
    },
  )
}

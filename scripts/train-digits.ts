/**
 * `npm run train:digits`: trains the two digits networks (src/engine/network/train.ts, seeded) on the fixed
 * training split and writes public/models/digits-mlp.safetensors, digits-cnn.safetensors (BatchNorm folded)
 * and digits-manifest.json (architecture, float test accuracy, seed and epochs). Deterministic: running it
 * again writes the same bytes.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { writeSafetensors } from '../src/models'
import {
  accuracyOf,
  argmax10,
  decodeDigitsGz,
  forwardFloat,
  loadNetwork,
  splitDigits,
  TRAIN_DEFAULTS,
  trainDigits,
  type NetId,
} from '../src/engine/network'

const root = new URL('../', import.meta.url)
const split = splitDigits(
  decodeDigitsGz(new Uint8Array(readFileSync(new URL('public/data/digits.csv.gz', root)))),
)
mkdirSync(new URL('public/models/', root), { recursive: true })

const ARCH: Record<NetId, string> = {
  mlp: 'fc1 64→128 + ReLU → fc2 128→64 + ReLU → fc3 64→10',
  cnn:
    'conv1 3×3 1→8 pad 1 + BN + ReLU → dw depthwise 3×3 stride 2 pad 1 + BN + ReLU → ' +
    'pw 1×1 8→16 + BN + ReLU → flatten (C,H,W) 256 → fc 256→10; BatchNorm folded into conv1, dw, pw',
}

const networks: Record<string, unknown> = {}
for (const id of ['mlp', 'cnn'] as const) {
  const opts = TRAIN_DEFAULTS[id]
  const t0 = performance.now()
  const trained = trainDigits(id, split.train, opts)
  const ms = performance.now() - t0
  const file = `digits-${id}.safetensors`
  const bytes = writeSafetensors(
    trained.tensors.map((t) => ({
      name: t.name,
      dtype: 'F32' as const,
      shape: t.shape,
      bytes: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    })),
    { source: 'Quant Lab scripts/train-digits.ts', data: 'UCI digits (CC BY 4.0), training split' },
  )
  writeFileSync(new URL(`public/models/${file}`, root), bytes)
  const model = loadNetwork(id, trained.tensors)
  const acts = forwardFloat(model, split.test.images, split.test.n)
  const acc = accuracyOf(argmax10(acts[acts.length - 1], split.test.n), split.test.labels)
  const trainActs = forwardFloat(model, split.train.images, split.train.n)
  const trainAcc = accuracyOf(argmax10(trainActs[trainActs.length - 1], split.train.n), split.train.labels)
  networks[id] = {
    file,
    architecture: ARCH[id],
    layers: model.layers.map((l) => ({
      name: l.name,
      kind: l.kind,
      input: l.inputShape,
      output: l.outputShape,
      weight: l.weightShape,
      relu: l.relu,
      ...(l.kind === 'fc' ? {} : { stride: l.stride, pad: l.pad, groups: l.groups }),
    })),
    floatTestAccuracy: acc,
    floatTestCorrect: Math.round(acc * split.test.n),
    floatTrainAccuracy: trainAcc,
    training: { ...opts, optimizer: 'Adam', loss: 'softmax cross-entropy', finalLoss: trained.losses.at(-1) },
  }
  console.log(
    `${id}: test ${(acc * 100).toFixed(2)} %, train ${(trainAcc * 100).toFixed(2)} %, ${ms.toFixed(0)} ms`,
  )
}

const manifest = {
  version: 1,
  data: {
    file: 'data/digits.csv.gz',
    input: 'pixel / 16 (8×8, row-major)',
    split: 'test = rows i with i % 5 == 4 (359); train = the other 1,438 rows in file order',
  },
  networks,
}
writeFileSync(new URL('public/models/digits-manifest.json', root), JSON.stringify(manifest, null, 2) + '\n')

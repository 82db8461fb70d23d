// `#/model/accuracy` benchmark (Node side; Node is a fair proxy of the worker's V8): one `evaluate` — calibrate
// every layer's input activation over the calibration images and run the 359 test images in integers — with
// the calibration cache emptied before each run, so every figure includes the calibration. PRODUCT.md budget
// for the MLP: ≤ 50 ms per settings change. Run alone: npx tsx -e "import('./bench/network.ts').then(m=>m.runNetworkBench())"
import { readFileSync } from 'node:fs'
import {
  decodeDigitsGz,
  DEFAULT_ACCURACY_SETTINGS,
  evaluate,
  loadNetwork,
  prepareEvaluation,
  splitDigits,
  type AccuracySettings,
  type NetId,
} from '../src/engine/network'
import { readSafetensors } from '../src/models/safetensors'
import { bench } from './timing'

export function runNetworkBench(): void {
  const root = new URL('../', import.meta.url)
  const split = splitDigits(
    decodeDigitsGz(new Uint8Array(readFileSync(new URL('public/data/digits.csv.gz', root)))),
  )
  for (const id of ['mlp', 'cnn'] as NetId[]) {
    const bytes = new Uint8Array(readFileSync(new URL(`public/models/digits-${id}.safetensors`, root)))
    const p = prepareEvaluation(loadNetwork(id, readSafetensors(`digits-${id}.safetensors`, bytes)), split)
    const cases: [string, Partial<AccuracySettings>][] = [
      ['8/8 bits, per channel, min-max', {}],
      ['4-bit activations, traitor 30, percentile', { abits: 4, traitor: 30, calib: 'percentile' }],
      ['4-bit activations, traitor 30, KL (TensorRT)', { abits: 4, traitor: 30, calib: 'entropy' }],
      ['4-bit activations, MSE', { abits: 4, calib: 'mse' }],
      ['8-bit activations, KL (TVM, 8001 bins)', { calib: 'entropy', variant: 'tvm' }],
      ['3-bit weights per group of 8', { wbits: 3, wgran: 'group', group: 8 }],
    ]
    for (const [label, s] of cases) {
      const settings = { ...DEFAULT_ACCURACY_SETTINGS, net: id, ...s }
      bench(
        `digits-${id} evaluate (calibrate + 359 images in integers): ${label}`,
        () => {
          p.cache.clear()
          return evaluate(p, settings)
        },
        { runs: 9, warmup: 3, ...(id === 'mlp' ? { budgetMs: 50 } : {}) },
      )
      // CPU time too: on a shared machine the wall clock also counts the time other processes held the core
      const cpu: number[] = []
      for (let i = 0; i < 9; i++) {
        p.cache.clear()
        const c0 = process.cpuUsage()
        evaluate(p, settings)
        const c = process.cpuUsage(c0)
        cpu.push((c.user + c.system) / 1000)
      }
      cpu.sort((a, b) => a - b)
      console.log(`${''.padEnd(64)} CPU time (median of 9) ${cpu[4].toFixed(3).padStart(9)} ms`)
    }
  }
}

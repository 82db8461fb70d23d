// Ops benchmarks (Node side): TFLite integer ADD of 10^6 elements and FULLY_CONNECTED of 256 × 1024 × 1024
// through the quant core, plus the whole view models the ops worker runs for them. The in-browser check (no
// main-thread task over 50 ms while the worker recomputes 256 × 1024 × 1024) is in test/e2e/ops.test.ts.
// Run alone: npx tsx -e "import('./bench/ops.ts').then(m=>m.runOpsBench())"
import { int8Add, int8FullyConnected, RandomState } from '../src/core'
import { computeAdd, computeDense } from '../src/engine/ops'
import { defaultAddParams, defaultDenseParams } from '../src/state/opsParams'
import { bench } from './timing'

function int8Codes(rs: RandomState, n: number): Int32Array {
  const u = rs.randint(-128, 128, n)
  return Int32Array.from(u)
}

export function runOpsBench(): void {
  const N = 1_000_000
  const rs = new RandomState(42)
  const q1 = int8Codes(rs, N)
  const q2 = int8Codes(rs, N)
  const addP = { s1: 1 / 127, z1: 0, s2: 2 / 127, z2: 0, sOut: 3 / 127, zOut: 0 }
  bench('int8Add (TFLite reference ADD), 10^6 elements', () => int8Add(q1, q2, addP), {
    runs: 15,
    budgetMs: 20,
  })

  const [batch, depth, outputs] = [256, 1024, 1024]
  const x = int8Codes(rs, batch * depth)
  const w = int8Codes(rs, outputs * depth)
  const bias = Int32Array.from(rs.randint(-5000, 5000, outputs))
  const fcP = { batch, depth, outputs, sIn: 0.01, zIn: 3, sW: 0.02, zW: 0, sOut: 0.5, zOut: -2 }
  bench(
    'int8FullyConnected, 256 × 1024 × 1024 (per tensor, zero points)',
    () => int8FullyConnected(x, w, bias, fcP),
    {
      runs: 3,
      warmup: 1,
    },
  )
  const sW = Float64Array.from({ length: outputs }, (_, o) => 0.01 + o * 1e-5)
  bench(
    'int8FullyConnected, 256 × 1024 × 1024 (per channel)',
    () => int8FullyConnected(x, w, bias, { ...fcP, sW }),
    {
      runs: 3,
      warmup: 1,
    },
  )

  // the whole view models (generation, calibration, float reference, errors, heatmap), as the worker runs them
  bench('add view model (computeAdd), 10^6 elements', () => computeAdd({ ...defaultAddParams(), n: N }), {
    runs: 3,
    warmup: 1,
  })
  bench(
    'dense view model (computeDense), 256 × 1024 × 1024',
    () => computeDense({ ...defaultDenseParams(), batch, k: depth, nout: outputs }),
    { runs: 3, warmup: 1 },
  )
}

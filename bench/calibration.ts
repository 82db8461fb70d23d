// Calibration benchmarks: histogram building, the entropy sweeps of the three variants (TensorRT fast vs the
// straightforward reference), the MSE sweep and the integer-only fully connected layer.
// Run alone: npx tsx -e "import('./bench/calibration.ts').then(m=>m.runCalibrationBench())"
import { entropyCalibrate, entropySweepReference } from '../src/core/entropy'
import { absHistogram, tvmHistogram } from '../src/core/histogram'
import { int8FullyConnected } from '../src/core/intOps'
import { mseCalibrate, mseSweepReference } from '../src/core/mse'
import { buildCppTvm } from './cppReference'
import { bench } from './timing'

/** Deterministic normal-ish draws (LCG + Box–Muller) so the figures do not depend on the RNG module. */
function normalDraws(n: number, seed = 12345): Float64Array {
  let s = seed >>> 0
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s + 0.5) / 4294967296
  }
  const out = new Float64Array(n)
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next()))
    const a = 2 * Math.PI * next()
    out[i] = r * Math.cos(a)
    if (i + 1 < n) out[i + 1] = r * Math.sin(a)
  }
  return out
}

/** Laplace(0, 1) draws by the inverse CDF, same LCG. */
function laplaceDraws(n: number, seed = 777): Float64Array {
  let s = seed >>> 0
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const u = (s + 0.5) / 4294967296 - 0.5
    out[i] = -Math.sign(u) * Math.log(1 - 2 * Math.abs(u))
  }
  return out
}

/** The notes' traitor at 10⁶ values: uniform(−1, 1) with x[0] = 10, so most of the 8001 bins are empty. */
function traitorDraws(n: number, seed = 4242): Float64Array {
  let s = seed >>> 0
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = (2 * (s + 0.5)) / 4294967296 - 1
  }
  out[0] = 10
  return out
}

/**
 * TVM variant, 8001 bins, 255 levels (3874 candidates) on three histograms: the fast sweep against our plain
 * float32 sweep and against the plain C++ reference built here with g++ -O2 (bench/cpp/tvm_kl.cpp); the budget
 * is ≥ 10x the C++ build with the same threshold. Best-of times on both sides (the machine may be shared).
 */
function runTvmBench(normal: Float64Array): void {
  const cpp = buildCppTvm()
  if ('skipped' in cpp)
    console.log(`  (C++ reference skipped: ${cpp.skipped}; install g++ to measure the ratio)`)
  const cases: [string, Float64Array][] = [
    ['normal', normal],
    ['laplace', laplaceDraws(1_000_000)],
    ['traitor', traitorDraws(1_000_000)],
  ]
  try {
    for (const [name, data] of cases) {
      const th = tvmHistogram(data, 8001)
      const fast = bench(
        `entropy tvm (fast sweep), 8001 bins, 255 levels, ${name}`,
        () => entropyCalibrate(th, { variant: 'tvm' }),
        { runs: 31, warmup: 5 },
      )
      const plain = bench(
        `entropy tvm (plain float32 sweep), same`,
        () => entropySweepReference(th, { variant: 'tvm' }),
        { runs: 3, warmup: 1 },
      )
      const r = entropyCalibrate(th, { variant: 'tvm' })
      const p = entropySweepReference(th, { variant: 'tvm' })
      const same = r.best === p.best ? 'same threshold' : `DIFFERENT threshold (${r.best} vs ${p.best})`
      let line = `  ${name}: fast ${fast.bestMs.toFixed(2)} ms, ${(plain.bestMs / fast.bestMs).toFixed(0)}x our plain sweep (${same})`
      if (!('skipped' in cpp)) {
        // the two sides take turns (three rounds), each keeping its best: on a shared machine the load
        // changes from second to second, and timing one side long after the other skews the ratio
        let cppBest = Infinity
        let tsBest = fast.bestMs
        let c = cpp.run(th.counts, 255, 2)
        for (let round = 0; round < 3; round++) {
          c = cpp.run(th.counts, 255, 2)
          cppBest = Math.min(cppBest, c.bestMs)
          for (let k = 0; k < 10; k++) {
            const t0 = performance.now()
            entropyCalibrate(th, { variant: 'tvm' })
            tsBest = Math.min(tsBest, performance.now() - t0)
          }
        }
        const sameCpp =
          c.index === r.best ? 'same threshold' : `DIFFERENT threshold (C++ ${c.index}, ours ${r.best})`
        const ratio = cppBest / tsBest
        line +=
          `; C++ -O2 ${cppBest.toFixed(1)} ms vs ours ${tsBest.toFixed(2)} ms (best of 3 alternating rounds): ` +
          `${ratio.toFixed(1)}x (budget ≥ 10x: ${ratio >= 10 ? 'met' : 'NOT met'}), ${sameCpp}`
      }
      console.log(line)
    }
  } finally {
    if (!('skipped' in cpp)) cpp.dispose()
  }
}

function int8Draws(n: number, seed: number): Int8Array {
  let s = seed >>> 0
  const out = new Int8Array(n)
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = (s >>> 24) - 128
  }
  return out
}

export function runCalibrationBench(): void {
  console.log('Calibration')
  const x = normalDraws(1_000_000)
  bench('absHistogram, 10^6 values, 2048 bins', () => absHistogram(x, 2048), { budgetMs: 10 })
  const h = absHistogram(x, 2048)
  const fast = bench(
    'entropy tensorrt (fast), 2048 bins, 128 levels, 1920 candidates',
    () => entropyCalibrate(h),
    // warm JIT: the Lab recomputes the curve on every setting change, so steady state is what users see
    { budgetMs: 1, runs: 101, warmup: 20 },
  )
  const ref = bench('entropy tensorrt (straightforward reference), same', () => entropySweepReference(h), {
    runs: 5,
    warmup: 1,
  })
  console.log(`  fast sweep is ${(ref.medianMs / fast.medianMs).toFixed(0)}x faster than the reference`)
  const pqFast = bench(
    'entropy pytorch-quantization (closed form), 2048 bins, 1921 candidates',
    () => entropyCalibrate(h, { variant: 'pytorch-quantization' }),
    { budgetMs: 5, runs: 31, warmup: 5 },
  )
  const pqPlain = bench(
    'entropy pytorch-quantization (plain sweep), same',
    () => entropySweepReference(h, { variant: 'pytorch-quantization' }),
    { runs: 5, warmup: 1 },
  )
  console.log(
    `  closed form is ${(pqPlain.medianMs / pqFast.medianMs).toFixed(0)}x faster than the plain sweep`,
  )
  runTvmBench(x)
  const mseFast = bench('mse (pytorch-quantization, runs of equal codes), 2048 bins', () => mseCalibrate(h), {
    budgetMs: 5,
    runs: 31,
    warmup: 5,
  })
  const msePlain = bench('mse (plain sweep, every bin per candidate), same', () => mseSweepReference(h), {
    runs: 7,
    warmup: 1,
  })
  console.log(
    `  run form is ${(msePlain.medianMs / mseFast.medianMs).toFixed(1)}x faster than the plain sweep`,
  )
  const batch = 256
  const depth = 1024
  const outputs = 1024
  const input = int8Draws(batch * depth, 1)
  const weights = int8Draws(outputs * depth, 2)
  const p = { batch, depth, outputs, sIn: 0.05, zIn: 3, sW: 0.01, zW: 0, sOut: 0.2, zOut: -5 }
  bench(
    'int8FullyConnected 256×1024 · 1024×1024 (268M MACs)',
    () => int8FullyConnected(input, weights, null, p),
    {
      runs: 3,
      warmup: 1,
    },
  )
}

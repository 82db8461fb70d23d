// Basic benchmarks (PRODUCT.md budgets: 10^6 uniform draws; quantize + dequantize + error metrics of 10^6
// values; each ≤ 10 ms in Node). Also the other generators and the notes' numpy-style failure text, for scale.
// Run alone: npx tsx -e "import('./bench/basic.ts').then(m=>m.runBasicBench())"
import { errorMetrics, quantizationErrorMetrics } from '../src/core/metrics'
import { formatAllcloseFailure, notesAddExperiment, notesInputs } from '../src/core/notes'
import { dequantize, fakeQuantize, type QParams, quantize } from '../src/core/qparams'
import { RandomState } from '../src/core/random'
import { bench } from './timing'

export function runBasicBench(): void {
  const N = 1_000_000
  const rs = new RandomState(42)
  // The draws themselves, into an array that is already there (the engine draws a tensor slice by slice into one
  // array), and the same into a new array each time: a new 8 MB array's pages are zeroed and mapped by the system
  // on first write (0.6–4 ms here, depending on whether the allocator can reuse freed memory), which is memory
  // cost, not drawing. Both are printed against the budget.
  const drawn = new Float64Array(N)
  bench('RandomState.uniform, 10^6 draws (into an existing array)', () => rs.uniform(-1, 1, N, drawn), {
    budgetMs: 10,
  })
  bench('RandomState.uniform, 10^6 draws (into a new array)', () => rs.uniform(-1, 1, N), { budgetMs: 10 })

  const x = new RandomState(7).uniform(-1, 1, N)
  const p: QParams = { scale: 1 / 127, zeroPoint: 0, qmin: -128, qmax: 127 }
  const q = quantize(x, p)
  const xhat = dequantize(q, p)
  bench('quantize, 10^6 values (half-even)', () => quantize(x, p), { budgetMs: 10 })
  bench('dequantize, 10^6 values', () => dequantize(q, p), { budgetMs: 10 })
  bench('errorMetrics, 10^6 values', () => errorMetrics(x, xhat, { threshold: 1 }), { budgetMs: 10 })
  bench(
    'quantize + dequantize + errorMetrics, 10^6 values',
    () => errorMetrics(x, dequantize(quantize(x, p), p), { threshold: 1 }),
    { budgetMs: 10 },
  )
  bench(
    'fakeQuantize + errorMetrics, 10^6 values',
    () => errorMetrics(x, fakeQuantize(x, p), { threshold: 1 }),
    {
      budgetMs: 10,
    },
  )

  bench(
    'quantizationErrorMetrics (fused, no intermediate arrays), 10^6',
    () => quantizationErrorMetrics(x, p),
    {
      budgetMs: 10,
    },
  )

  // the other generators (no budget; for scale)
  bench('RandomState.normal, 10^6 draws', () => rs.normal(0, 1, N), { runs: 5 })
  bench('RandomState.laplace, 10^6 draws', () => rs.laplace(0, 1, N), { runs: 5 })
  bench('RandomState.standardT(3), 10^6 draws', () => rs.standardT(3, N), { runs: 5 })
  bench('RandomState.lognormal, 10^6 draws', () => rs.lognormal(0, 1, N), { runs: 5 })

  // the notes' whole add experiment at the notes' size, including the numpy failure text
  const { x1, x2 } = notesInputs({ traitor: 10 })
  bench(
    'notesAddExperiment (10^4, traitor, with failure text)',
    () => notesAddExperiment({ x1, x2, withBias: false }),
    {
      runs: 9,
    },
  )
  const r = notesAddExperiment({ x1, x2, withBias: false })
  bench('formatAllcloseFailure (10^4)', () => formatAllcloseFailure(r.c, r.exp, { atol: 0.01, rtol: 0.01 }), {
    runs: 9,
  })
}

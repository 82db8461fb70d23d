// Formats beyond int8 (issue 15): 10^6 values through each format, ≤ 20 ms each (Node).
// Run alone: npx tsx -e "import('./bench/formats.ts').then(m=>m.runFormatsBench())"
import {
  ELEMENT_FORMATS,
  formatLargest,
  groupwiseQuantize,
  mxQuantize,
  quantizeToFormat,
} from '../src/core/formats'
import { RandomState } from '../src/core/random'
import { bench } from './timing'

export function runFormatsBench(): void {
  const N = 1_000_000
  const x = new RandomState(11).normal(0, 1, N)
  let absMax = 0
  for (const v of x) absMax = Math.max(absMax, Math.abs(v))
  for (const f of ELEMENT_FORMATS) {
    const s = absMax / formatLargest(f)
    bench(`quantizeToFormat ${f}, 10^6 values`, () => quantizeToFormat(x, f, s), { budgetMs: 20, runs: 9 })
  }
  const shape = [1000, 1000]
  bench(
    'groupwiseQuantize int4 g128, 10^6 values',
    () => groupwiseQuantize(x, { shape, axis: 0, groupSize: 128 }),
    {
      budgetMs: 20,
      runs: 9,
    },
  )
  bench(
    'groupwiseQuantize nf4 g64, 10^6 values',
    () => groupwiseQuantize(x, { shape, axis: 0, groupSize: 64, format: 'nf4' }),
    { budgetMs: 20, runs: 9 },
  )
  for (const f of ['mxfp4', 'mxfp8'] as const)
    bench(`mxQuantize ${f} (blocks of 32), 10^6 values`, () => mxQuantize(x, { shape, axis: 0, format: f }), {
      budgetMs: 20,
      runs: 9,
    })
}

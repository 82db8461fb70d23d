/**
 * Tiny benchmark helper: runs `fn` a few times to warm up, then `runs` times, and prints the median and
 * best time against the budget. Benchmarks print figures; they never fail for speed.
 */
export interface BenchResult {
  label: string
  medianMs: number
  bestMs: number
  budgetMs?: number | undefined
}

export function bench(
  label: string,
  fn: () => unknown,
  opts: { runs?: number; warmup?: number; budgetMs?: number } = {},
): BenchResult {
  const runs = opts.runs ?? 15
  const warmup = opts.warmup ?? 3
  let sink: unknown
  for (let i = 0; i < warmup; i++) sink = fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    sink = fn()
    times.push(performance.now() - t0)
  }
  void sink
  times.sort((a, b) => a - b)
  const medianMs = times[Math.floor(times.length / 2)]
  const bestMs = times[0]
  const budget =
    opts.budgetMs === undefined
      ? ''
      : ` (budget ≤ ${opts.budgetMs} ms: ${medianMs <= opts.budgetMs ? 'met' : 'NOT met'})`
  console.log(
    `${label.padEnd(64)} median ${medianMs.toFixed(3).padStart(9)} ms   best ${bestMs.toFixed(3).padStart(9)} ms${budget}`,
  )
  return { label, medianMs, bestMs, budgetMs: opts.budgetMs }
}

/**
 * Text parsing speed: a CSV of 10⁷ one-number lines (~63 MB, the issue's case) read by the TextParser in the
 * 1 MB chunks the text worker gets. Prints seconds and MB/s (figures only; never fails for speed).
 */
import { TextParser } from '../src/lab/loaders'
import { CHUNK } from '../src/lab/textReader'

/** 10⁷ lines like "-12.345" (a seeded LCG so the text is the same every run) */
export function benchCsv(n: number): string {
  // built in blocks of lines, so that 10⁷ little strings never live at once
  const blocks: string[] = []
  let s = 20261129
  for (let i = 0; i < n;) {
    const m = Math.min(100_000, n - i)
    const parts = new Array<string>(m)
    for (let j = 0; j < m; j++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      parts[j] = String(((s % 200001) - 100000) / 1000)
    }
    blocks.push(parts.join('\n'))
    i += m
  }
  return blocks.join('\n')
}

export function runTextBench(n = 10_000_000): void {
  const text = benchCsv(n)
  const mb = text.length / 1e6
  const times: number[] = []
  // CPU time as well as wall time: on a busy machine the wall time says more about the neighbours
  const cpu: number[] = []
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const p = new TextParser()
    for (let pos = 0; pos < text.length; pos += CHUNK) p.feed(text.slice(pos, pos + CHUNK))
    const r = p.finish()
    times.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
    if (r.data.length !== n) throw new Error(`read ${r.data.length} values, expected ${n}`)
  }
  if (process.env.BENCH_VERBOSE) console.log(times.map((t) => t.toFixed(0)).join(' ms, ') + ' ms')
  const best = Math.min(...times) / 1000
  const bestCpu = Math.min(...cpu) / 1000
  console.log(
    `${`text: ${n.toLocaleString('en')} one-number lines (${mb.toFixed(1)} MB), 1 MB chunks`.padEnd(64)} ` +
      `best ${best.toFixed(3)} s   ${(mb / best).toFixed(0)} MB/s   (CPU ${bestCpu.toFixed(3)} s)`,
  )
}

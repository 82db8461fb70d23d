// Builds and runs the plain C++ reference of TVM's KL search (bench/cpp/tvm_kl.cpp) with `g++ -O2`, so the
// "≥ 10x a plain C++ -O2 build" budget is measured on the same histogram rather than quoted. Skipped (null)
// when g++ is not installed or the build fails; the caller prints why.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface CppTvmResult {
  /** best of the runs, milliseconds, timed inside the program (steady_clock around the search alone) */
  bestMs: number
  /** index of the first minimum among the candidates i = levels/2 … bins/2 */
  index: number
  /** its float32 divergence */
  divergence: number
}

export interface CppTvmBuild {
  run(counts: ArrayLike<number>, levels: number, runs: number): CppTvmResult
  dispose(): void
}

/** Compiles the reference once; null with the reason when there is no g++ or it fails. */
export function buildCppTvm(): CppTvmBuild | { skipped: string } {
  const probe = spawnSync('g++', ['--version'], { encoding: 'utf8' })
  if (probe.error !== undefined || probe.status !== 0) return { skipped: 'g++ not found' }
  const dir = mkdtempSync(join(tmpdir(), 'quantlab-cpp-'))
  const exe = join(dir, 'tvm_kl')
  const src = fileURLToPath(new URL('./cpp/tvm_kl.cpp', import.meta.url))
  const cc = spawnSync('g++', ['-O2', '-o', exe, src], { encoding: 'utf8' })
  if (cc.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return { skipped: `g++ -O2 failed: ${cc.stderr.trim().split('\n')[0] ?? ''}` }
  }
  return {
    run(counts, levels, runs) {
      const input = `${counts.length} ${levels} ${runs}\n${Array.from(counts).join(' ')}\n`
      const r = spawnSync(exe, [], { input, encoding: 'utf8', maxBuffer: 1 << 20 })
      if (r.status !== 0) throw new Error(`tvm_kl exited with ${String(r.status)}: ${r.stderr}`)
      const [ms, index, div] = r.stdout.trim().split(/\s+/).map(Number)
      return { bestMs: ms, index, divergence: div }
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

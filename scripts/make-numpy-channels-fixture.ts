/**
 * Pins what the "As numpy" script prints per channel (test/fixtures/numpy-channels.json): builds the script of
 * each case in test/helpers/numpyChannelCases.ts, runs it with python3 and numpy, and writes the script with its
 * output. test/unit/numpyChannels.test.ts checks that today's scripts are these and that their output is the Lab's.
 * Run: npx tsx scripts/make-numpy-channels-fixture.ts   (python3 with numpy >= 1.17)
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { numpySnippet } from '../src/lab/numpySnippet'
import { base, CASES, labResult } from '../test/helpers/numpyChannelCases'

/** The script's output, run by python3 (it stops when python3 or numpy is missing). */
function runPython(script: string): string {
  const r = spawnSync('python3', ['-'], { input: script, encoding: 'utf8', timeout: 60_000 })
  if (r.error)
    throw new Error(
      `this test runs the numpy script with python3, which could not be started: ${r.error.message}`,
    )
  if (/No module named .?numpy/.test(r.stderr))
    throw new Error('this test runs the numpy script with python3 and numpy; numpy is not installed')
  if (r.status !== 0) throw new Error(`the script failed (exit ${r.status}):\n${r.stderr}\n${script}`)
  return r.stdout
}

const out: Record<string, { script: string; stdout: string }> = {}
for (const [name, over] of CASES) {
  const p = base(over)
  const script = numpySnippet(p, labResult(p))
  out[name] = { script, stdout: runPython(script) }
}
const version = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' })
writeFileSync(
  'test/fixtures/numpy-channels.json',
  JSON.stringify({ numpy: version.stdout.trim(), cases: out }, null, 1) + '\n',
)
console.log(`test/fixtures/numpy-channels.json: ${CASES.length} cases, numpy ${version.stdout.trim()}`)

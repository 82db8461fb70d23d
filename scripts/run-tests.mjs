#!/usr/bin/env node
// `npm test`: every test (unit, component, end-to-end in Chromium), then the line CI reads:
// `tests: N passed, N failed`, counted from vitest's JSON report. Fails (never skips) without Chromium.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
if (!existsSync(chromium)) {
  console.error(
    `\nChromium was not found at ${chromium}.\n` +
      'The end-to-end tests drive the built app in Chromium. Install it with:\n' +
      '    sudo apt-get install -y chromium        (Debian / Ubuntu)\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary, then run `npm test` again.\n',
  )
  console.log('tests: 0 passed, 1 failed')
  process.exit(1)
}

const report = 'test-results/vitest.json'
mkdirSync('test-results', { recursive: true })
rmSync(report, { force: true })
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]
const run = spawnSync('npx', args, { stdio: 'inherit', env: process.env })

let passed = 0
let failed = 1
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests ?? 0
  failed = (json.numFailedTests ?? 0) + (json.numTodoTests ?? 0) + (json.numPendingTests ?? 0)
  // a suite that failed to load (syntax error, failing hook) has no failed tests: count it too
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).every((a) => a.status !== 'failed'))
      failed += 1
  }
}
const code = run.status === 0 && failed === 0 && passed > 0 ? 0 : 1
console.log(`tests: ${passed} passed, ${failed} failed`)
process.exit(code)

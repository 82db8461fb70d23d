#!/usr/bin/env node
// `npm test`: every test (unit, component, end-to-end in Chromium), then the line CI reads:
// `tests: N passed, N failed`, counted from vitest's JSON report. Fails (never skips) without a browser.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { findBrowser, INSTALL_HINT } from './find-browser.mjs'

const browser = findBrowser()
if (browser === null) {
  console.error('\n' + INSTALL_HINT + '\n')
  console.log('tests: 0 passed, 1 failed')
  process.exit(1)
}
// the e2e harness and global setup read it back, so every part drives the same browser
process.env.CHROMIUM_PATH = browser.path

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

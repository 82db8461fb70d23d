// Builds the production app once before the end-to-end tests, so they drive the real built output. Each run
// builds into its own folder, so two runs at once (or a `vite build` meanwhile) cannot pull files from
// under each other.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { chromiumPath } from './chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    distDir: string
  }
}

export default async function setup(project: TestProject) {
  chromiumPath() // throws the install hint when no browser is found
  const outDir = mkdtempSync(join(tmpdir(), 'quantlab-e2e-'))
  // vitest runs with NODE_ENV=test; the tests must drive the real production bundle (production React)
  const env = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } })
  } finally {
    process.env.NODE_ENV = env
  }
  project.provide('distDir', outDir)
  return () => rmSync(outDir, { recursive: true, force: true })
}

/**
 * End-to-end harness: serves the built app with Vite's preview() on 127.0.0.1, port 0 (inside the test
 * process, so it cannot outlive it), drives Debian's Chromium through playwright-core, records console
 * errors, page errors and any request that tries to leave the machine, and saves screenshots under
 * test-results/screenshots (git-ignored).
 */
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest'
import { CHROMIUM_ARGS, chromiumPath } from './chromium'

export const SCREENSHOT_DIR = 'test-results/screenshots'

export interface Harness {
  baseUrl: string
  /** a fresh page; `lang` sets the browser language (the app's default language follows it) */
  /** `serviceWorkers: 'allow'` lets the app's offline worker run (blocked otherwise, so that routed
   *  requests stay visible to the tests and no test is served from another test's cache) */
  open(
    hash: string,
    opts?: {
      locale?: string
      viewport?: { width: number; height: number }
      serviceWorkers?: 'allow' | 'block'
    },
  ): Promise<Page>
  screenshot(page: Page, name: string): Promise<void>
  /** problems seen since the last check: console errors, page errors, outside requests */
  problems: string[]
}

export function setupHarness(): Harness {
  let server: PreviewServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const h: Harness = {
    baseUrl: '',
    problems: [],
    async open(hash, opts = {}) {
      const context = await browser.newContext({
        locale: opts.locale ?? 'en-US',
        viewport: opts.viewport ?? { width: 1280, height: 900 },
        serviceWorkers: opts.serviceWorkers ?? 'block',
      })
      contexts.push(context)
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url())
        if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:')
          return route.continue()
        h.problems.push(`request left the page: ${url.href}`)
        return route.abort()
      })
      const page = await context.newPage()
      page.setDefaultTimeout(20_000)
      page.on('console', (msg) => {
        // the one warning that is the harness's own doing (serviceWorkers: 'block'), not the app's
        if (msg.text() === 'Service Worker registration blocked by Playwright') return
        if (msg.type() === 'error' || msg.type() === 'warning')
          h.problems.push(`console ${msg.type()}: ${msg.text()}`)
      })
      page.on('pageerror', (err) => h.problems.push(`page error: ${err.message}`))
      await page.goto(`${h.baseUrl}/${hash}`)
      return page
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true })
    },
  }
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    server = await preview({
      logLevel: 'warn',
      build: { outDir: inject('distDir') },
      preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
    })
    const addr = server.httpServer.address() as AddressInfo
    h.baseUrl = `http://127.0.0.1:${addr.port}`
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
  })
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close()
    const seen = h.problems.splice(0)
    expect(seen, 'console errors, page errors or outside requests').toEqual([])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  return h
}

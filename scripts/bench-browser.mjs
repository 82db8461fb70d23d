#!/usr/bin/env node
// Browser budgets of PRODUCT.md, measured in Debian's Chromium on the production build and printed
// (never a pass/fail test): threshold drag at N = 10⁵ (input → painted, p95), main-thread long tasks at
// N = 10⁶ … 10⁷, initial JS size (gzip) and first meaningful render from `vite preview`.
import { readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { build, preview } from 'vite'
import { findBrowser, INSTALL_HINT } from './find-browser.mjs'

const found = findBrowser()
if (found === null) {
  console.log('No Chrome, Chromium or Edge found: skipping the browser benchmarks.\n' + INSTALL_HINT)
  process.exit(0)
}
const chromiumPath = found.path
await build({ logLevel: 'warn' })
const server = await preview({ logLevel: 'warn', preview: { port: 0, host: '127.0.0.1' } })
const base = `http://127.0.0.1:${server.httpServer.address().port}/`
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]
const line = (label, value, budget) =>
  console.log(`${label.padEnd(64)} ${value}${budget ? `   (budget ${budget})` : ''}`)

try {
  // initial load: the JS the first page needs, gzip
  const html = readFileSync('dist/index.html', 'utf8')
  const entry = [...html.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1])
  const pre = [...html.matchAll(/href="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1])
  const initial = [...new Set([...entry, ...pre])].reduce(
    (s, f) => s + gzipSync(readFileSync(`dist/${f}`)).length,
    0,
  )
  line('initial JS (gzip)', `${(initial / 1024).toFixed(1)} KB`, '≤ 250 KB')
  const all = readdirSync('dist/assets').filter((f) => f.endsWith('.js'))
  line(
    'all JS chunks (gzip, loaded on demand)',
    `${(all.reduce((s, f) => s + gzipSync(readFileSync(`dist/assets/${f}`)).length, 0) / 1024).toFixed(1)} KB`,
  )

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const t0 = Date.now()
  await page.goto(`${base}#/?lang=en`)
  await page.getByTestId('story-minmax').waitFor()
  line('first meaningful render of the home page (story shown)', `${Date.now() - t0} ms`, '≤ 1.5 s')

  // drag at N = 10^5: keyboard steps on the threshold slider; time from the key event to the frame that
  // shows the new clipping range
  await page.goto(`${base}#/lab?lang=en&dist=normal&n=100000&calib=manual&t=2`)
  await page.locator('.summary-item[data-key="range"]').waitFor()
  // the drag starts once the page has settled (curves and microscope drawn), as a person's would
  await page.locator('[data-chart="kl-microscope"] svg').waitFor()
  await page.waitForTimeout(300)
  await page.getByRole('slider').focus()
  // a drag as a person makes it: one step per frame (60 Hz) for 2 s; each step's latency is the time from
  // its input event to the first frame that shows the clipping range it asked for
  const times = await page.evaluate(async () => {
    const slider = document.querySelector('[role="slider"]')
    const range = () => document.querySelector('.summary-item[data-key="range"] dd')?.textContent
    const pending = []
    const out = []
    let i = 0
    await new Promise((resolve) => {
      const frame = (now) => {
        const shown = range()
        for (let k = pending.length - 1; k >= 0; k--) {
          if (pending[k].seen === undefined && shown !== pending[k].before) {
            // everything up to this step is on screen now
            for (let j = 0; j <= k; j++) if (pending[j].seen === undefined) pending[j].seen = now
            break
          }
        }
        if (i < 120) {
          const before = range()
          const t0 = performance.now()
          slider.dispatchEvent(
            new KeyboardEvent('keydown', { key: i % 40 < 20 ? 'ArrowRight' : 'ArrowLeft', bubbles: true }),
          )
          pending.push({ t0, before })
          i++
          requestAnimationFrame(frame)
        } else if (pending.some((p) => p.seen === undefined) && out.length < 1) {
          requestAnimationFrame(frame)
        } else resolve()
      }
      requestAnimationFrame(frame)
      setTimeout(resolve, 8000)
    })
    for (const p of pending) if (p.seen !== undefined) out.push(p.seen - p.t0)
    return out
  })
  line(
    'threshold drag at N = 10^5 (60 steps/s), input → painted, p95',
    `${pct(times, 95).toFixed(1)} ms (median ${pct(times, 50).toFixed(1)} ms)`,
    '≤ 16 ms',
  )
  // at 60 Hz the next frame is ~16 ms away whatever the page does, so the p95 sits near 16 ms at best; what the
  // page controls is how many steps miss that frame
  const late = times.filter((t) => t > 17).length
  line(
    '  steps that missed the next frame (> 17 ms)',
    `${late} of ${times.length} (${((100 * late) / times.length).toFixed(1)} %)`,
    '≤ 5 %',
  )

  // arrow keys as a person presses them (trusted input through the browser, ~30 steps/s), measured with the
  // Event Timing API: the share of keydown events whose processing and next paint took longer than a frame
  await page.goto(`${base}#/lab?lang=en&dist=normal&n=100000&calib=manual&t=2`)
  await page.locator('.summary-item[data-key="range"]').waitFor()
  await page.locator('[data-chart="kl-microscope"] svg').waitFor()
  await page.waitForTimeout(300)
  await page.getByRole('slider').focus()
  await page.evaluate(() => {
    window.__slow = []
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => window.__slow.push([e.name, e.duration])),
    ).observe({
      type: 'event',
      durationThreshold: 16,
    })
  })
  const presses = 120
  for (let k = 0; k < presses; k++) {
    await page.keyboard.press(k % 40 < 20 ? 'ArrowRight' : 'ArrowLeft')
    await page.waitForTimeout(16)
  }
  await page.waitForTimeout(1000)
  const slowKeys = await page.evaluate(() => window.__slow.filter(([name]) => name === 'keydown'))
  line(
    'arrow keys at N = 10^5: keydown events over one frame (Event Timing > 16 ms)',
    `${slowKeys.length} of ${presses} (${((100 * slowKeys.length) / presses).toFixed(1)} %)` +
      (slowKeys.length
        ? `, p95 of those ${pct(
            slowKeys.map((e) => e[1]),
            95,
          ).toFixed(0)} ms`
        : ''),
    '≤ 5 %',
  )

  // N = 10^6 and 10^7: long tasks on the main thread while generating, calibrating and quantizing
  for (const n of [1_000_000, 10_000_000]) {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // load the Lab first (small N), then watch the main thread while the big tensor is made and calibrated
    await p.goto(`${base}#/lab?lang=en&dist=normal&n=1000&calib=entropy`)
    await p.locator('.summary-item[data-key="scale"]').waitFor()
    await p.waitForTimeout(500)
    await p.evaluate(() => {
      window.__long = []
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({
        type: 'longtask',
      })
    })
    const start = Date.now()
    await p.evaluate((n) => {
      location.hash = `#/lab?lang=en&dist=normal&n=${n}&calib=entropy`
    }, n)
    await p.locator('.source-line', { hasText: String(n) }).waitFor({ timeout: 120_000 })
    await p.locator('.busy .spinner').waitFor({ state: 'detached', timeout: 120_000 })
    const ready = Date.now() - start
    await p.getByLabel('KL variant', { exact: true }).selectOption('tvm')
    await p.waitForTimeout(2000)
    const long = await p.evaluate(() => window.__long)
    line(
      `N = ${n.toExponential(0)}: first result; longest main-thread task`,
      `${ready} ms; ${long.length ? Math.max(...long).toFixed(0) : 0} ms (${long.length} tasks > 50 ms)`,
      'no task > 50 ms',
    )
    await p.close()
  }
  // dense 256 × 1024 × 1024 recomputed in the worker: long tasks on the main thread meanwhile
  {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await p.goto(`${base}#/lab/dense?lang=en&batch=256&k=1024&nout=1024`)
    await p.locator('[data-panel="breakdown"]').waitFor({ timeout: 120_000 })
    await p.waitForTimeout(500)
    await p.evaluate(() => {
      window.__long = []
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({
        type: 'longtask',
      })
    })
    const start = Date.now()
    await p.evaluate(() => {
      location.hash = location.hash.replace('nout=1024', 'nout=1024&seed=7')
    })
    await p.waitForFunction(
      () => document.querySelector('.busy .spinner') === null && location.hash.includes('seed=7'),
      null,
      { timeout: 120_000 },
    )
    await p.locator('[data-panel="breakdown"]').waitFor({ timeout: 120_000 })
    const ms = Date.now() - start
    await p.waitForTimeout(1000)
    const long = await p.evaluate(() => window.__long)
    line(
      'dense 256×1024×1024 recompute (worker); longest main-thread task',
      `${ms} ms; ${long.length ? Math.max(...long).toFixed(0) : 0} ms (${long.length} tasks > 50 ms)`,
      'no task > 50 ms',
    )
    await p.close()
  }
} finally {
  await browser.close()
  await server.close()
}

#!/usr/bin/env node
// Browser budgets of PRODUCT.md and issue 17, measured in an installed Chrome/Chromium/Edge on the production
// build and printed (never a pass/fail test): initial JS size (gzip), first meaningful render; at N = 10⁵ the
// threshold steps (synthetic drag input → frame rendered; arrow keys by Event Timing; a trusted pointer drag, event →
// next frame); at N = 10⁶ and 10⁷ the first result, each calibration change, main-thread long tasks and the
// browser's memory over the idle Lab (PSS of all its processes, Linux). Figures on a shared or loaded machine
// are noisy: run it a few times and keep the best.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
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

/**
 * Memory of the whole browser (every process Chromium started: browser, renderer, GPU, utility; the Lab's worker
 * lives in its page's renderer), as the sum of their proportional set sizes (Linux /proc/<pid>/smaps_rollup, so
 * shared pages count once). null where /proc is not there.
 */
function browserMemoryMB() {
  if (!existsSync('/proc/self/smaps_rollup')) return null
  const parent = new Map()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      /* the process ended meanwhile */
    }
  }
  // the browser is this Node process's child (playwright starts it directly)
  const rootPid = [...parent.keys()].find((pid) => {
    if (parent.get(pid) !== process.pid) return false
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--remote-debugging-pipe')
    } catch {
      return false
    }
  })
  if (rootPid === undefined) return null
  const inTree = (pid) => {
    for (let p = pid, k = 0; p > 1 && k < 64; p = parent.get(p) ?? 0, k++) if (p === rootPid) return true
    return false
  }
  let kb = 0
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
      if (m) kb += Number(m[1])
    } catch {
      /* the process ended meanwhile */
    }
  }
  return kb / 1024
}

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
  // shows the new clipping range on the histogram
  await page.goto(`${base}#/lab?lang=en&dist=normal&n=100000&calib=manual&t=2`)
  await page.locator('.summary-item[data-key="range"]').waitFor()
  // the drag starts once the page has settled (curves and microscope drawn), as a person's would
  await page.locator('[data-chart="kl-microscope"] svg').waitFor()
  await page.waitForTimeout(300)
  await page.getByRole('slider').focus()
  // a drag as a person makes it: one step per frame (60 Hz) for 2 s, each step dispatched in a frame's
  // requestAnimationFrame callback. Two times per step:
  // - rendered: from its input event to the end of the main thread's work on the first frame that shows the
  //   clipping range it asked for (style, layout, paint and commit run after the rAF callbacks in the same task; a
  //   user-blocking task posted from the callback runs right after them, ahead of the page's own queued tasks).
  //   This is the budget's "painted within 16 ms": a step whose frame is rendered within a frame makes that frame.
  // - next frame: from its input event to the start of the next frame that shows it (the next rAF's timestamp).
  //   At 60 Hz that is ~16 ms away whatever the page does (a page whose key changes one word measures 16.3 ms
  //   p95 too), so its p95 cannot tell a fast page from a slow one; what it does tell is how many steps missed
  //   the next frame (over 17 ms), printed below.
  const drag = await page.evaluate(async () => {
    const slider = document.querySelector('[role="slider"]')
    // what the step changes on screen at once: the handle's value and the histogram's clipped regions (the
    // summary's clipping range follows the engine's result, at most every 150 ms during a drag: useLabCompute)
    const range = () =>
      [
        slider.getAttribute('aria-valuenow'),
        ...[...document.querySelectorAll('[data-chart="histogram"] .clip-region')].map(
          (e) => e.style.transform,
        ),
      ].join(' ')
    const pending = []
    let i = 0
    const afterRendering = (fn) => {
      if (globalThis.scheduler?.postTask)
        void globalThis.scheduler.postTask(fn, { priority: 'user-blocking' })
      else {
        const ch = new MessageChannel()
        ch.port1.onmessage = fn
        ch.port2.postMessage(0)
      }
    }
    const markRendered = () => {
      const now = performance.now()
      const shown = range()
      for (const p of pending) if (p.rendered === undefined && shown !== p.before) p.rendered = now
    }
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
          afterRendering(markRendered)
          requestAnimationFrame(frame)
        } else if (pending.some((p) => p.seen === undefined || p.rendered === undefined)) {
          afterRendering(markRendered)
          requestAnimationFrame(frame)
        } else resolve()
      }
      requestAnimationFrame(frame)
      setTimeout(resolve, 8000)
    })
    const out = { rendered: [], next: [] }
    for (const p of pending) {
      if (p.rendered !== undefined) out.rendered.push(p.rendered - p.t0)
      if (p.seen !== undefined) out.next.push(p.seen - p.t0)
    }
    return out
  })
  line(
    'threshold drag at N = 10^5 (60 steps/s), input → frame rendered, p95',
    `${pct(drag.rendered, 95).toFixed(1)} ms (median ${pct(drag.rendered, 50).toFixed(1)} ms, max ${Math.max(...drag.rendered).toFixed(1)} ms, ${drag.rendered.length} of 120 steps)`,
    '≤ 16 ms',
  )
  line(
    '  input → start of the next frame that shows it, p95',
    `${pct(drag.next, 95).toFixed(1)} ms (median ${pct(drag.next, 50).toFixed(1)} ms; ~16 ms for any page)`,
  )
  const late = drag.next.filter((t) => t > 17).length
  line(
    '  steps that missed the next frame (> 17 ms)',
    `${late} of ${drag.next.length} (${((100 * late) / drag.next.length).toFixed(1)} %)`,
    '≤ 5 %',
  )

  // arrow keys as a person presses them (trusted input through the browser, ~30 steps/s), measured with the
  // Event Timing API: the share of keydown events whose processing and next paint took longer than a frame.
  // Event Timing rounds durations to 8 ms, so a reported 16 ms is anything from 12 to 20 ms: both the reported
  // "≥ 16" and the strictly longer "> 16" (24 ms and up) are printed, each next to the same measurement on a
  // blank page whose key handler changes one word, which is the floor this browser and machine allow (a
  // software-rendered frame is not shown until the next vsync, whatever the page does).
  const pressKeys = async (p) => {
    await p.evaluate(() => {
      window.__slow = []
      new PerformanceObserver((l) =>
        l.getEntries().forEach((e) => window.__slow.push([e.name, e.duration])),
      ).observe({ type: 'event', durationThreshold: 16 })
    })
    for (let k = 0; k < 120; k++) {
      await p.keyboard.press(k % 40 < 20 ? 'ArrowRight' : 'ArrowLeft')
      await p.waitForTimeout(16)
    }
    await p.waitForTimeout(1000)
    const slow = await p.evaluate(() => window.__slow.filter(([name]) => name === 'keydown').map((e) => e[1]))
    const share = (k) => `${k} (${((100 * k) / 120).toFixed(1)} %)`
    return `≥ 16 ms ${share(slow.length)}, > 16 ms ${share(slow.filter((d) => d > 16).length)} of 120`
  }
  {
    const blank = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await blank.setContent(
      '<button id="b">0</button><script>let n = 0; b.addEventListener("keydown", () => { b.textContent = String(++n) })</script>',
    )
    await blank.focus('#b')
    await blank.waitForTimeout(300)
    line('arrow keys, floor: a blank page that changes one word per key', await pressKeys(blank))
    await blank.close()
  }
  await page.goto(`${base}#/lab?lang=en&dist=normal&n=100000&calib=manual&t=2`)
  await page.locator('.summary-item[data-key="range"]').waitFor()
  await page.locator('[data-chart="kl-microscope"] svg').waitFor()
  await page.waitForTimeout(300)
  await page.getByRole('slider').focus()
  line('arrow keys at N = 10^5: keydown events over one frame (Event Timing)', await pressKeys(page), '≤ 5 %')

  // a pointer drag of the handle with trusted mouse input (~60 moves/s). Event Timing leaves pointermove out
  // (continuous events), so each move is timed from its event timestamp to just after the next frame
  // (requestAnimationFrame, then a task: the frame that shows the move has been produced). As for the keys, the
  // same drag over a blank page whose pointermove moves one bar is printed first: the floor of this browser and
  // machine.
  const dragPointer = async (p, target) => {
    await p.evaluate(() => {
      window.__moves = []
      document.addEventListener(
        'pointermove',
        (e) => {
          const t0 = e.timeStamp
          requestAnimationFrame(() => {
            const ch = new MessageChannel()
            ch.port1.onmessage = () => window.__moves.push(performance.now() - t0)
            ch.port2.postMessage(null)
          })
        },
        { capture: true, passive: true },
      )
    })
    const box = await p.locator(target).boundingBox()
    if (!box) return 'the drag target was not found'
    const x0 = box.x + box.width / 2
    const y0 = box.y + box.height / 2
    await p.mouse.move(x0, y0)
    await p.mouse.down()
    for (let k = 0; k < 120; k++) {
      const dx = k % 60 < 30 ? (k % 30) * 3 : (30 - (k % 30)) * 3
      await p.mouse.move(x0 + dx, y0)
      await p.waitForTimeout(16)
    }
    await p.mouse.up()
    await p.waitForTimeout(1000)
    const moves = await p.evaluate(() => window.__moves)
    const slowMoves = moves.filter((d) => d > 16)
    return (
      `${slowMoves.length} of ${moves.length} (${((100 * slowMoves.length) / Math.max(1, moves.length)).toFixed(1)} %), ` +
      `median ${pct(moves, 50).toFixed(1)} ms, p95 ${pct(moves, 95).toFixed(1)} ms`
    )
  }
  {
    const blank = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await blank.setContent(
      '<div id="d" style="position:relative;width:600px;height:200px;margin:100px;background:#eee;touch-action:none">' +
        '<div id="h" style="position:absolute;left:300px;width:14px;height:200px;background:#333"></div></div>' +
        '<script>d.addEventListener("pointermove", (e) => { if (e.buttons) h.style.transform = `translateX(${e.offsetX - 300}px)` })</script>',
    )
    await blank.waitForTimeout(300)
    line('pointer drag, floor: a blank page that moves one bar', await dragPointer(blank, '#h'))
    await blank.close()
  }
  line(
    'pointer drag at N = 10^5: moves over one frame (event → next frame out)',
    await dragPointer(page, '.threshold-handle .handle-grip'),
    '≤ 5 %',
  )

  // N = 10^6 and 10^7: long tasks on the main thread while generating, calibrating and quantizing; at 10^7 also
  // the browser's memory over the idle Lab page (peak while working, and settled after), the first result and
  // each calibration change (the new clipping range on screen)
  // Each N is run twice on a fresh page: once for the times and long tasks, once for the memory. The memory
  // sampler reads every browser process's smaps_rollup ten times a second, which walks their page tables: at
  // N = 10^7 it slowed the page it measured by hundreds of ms.
  const labRun = async (n, withMemory, extra = '') => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // load the Lab first (small N), then watch the main thread while the big tensor is made and calibrated
    await p.goto(`${base}#/lab?lang=en&dist=normal&n=1000&calib=entropy`)
    await p.locator('.summary-item[data-key="scale"]').waitFor()
    await p.waitForTimeout(1500)
    const idle = withMemory ? browserMemoryMB() : null
    let peak = idle ?? 0
    const sampler = withMemory
      ? setInterval(() => {
          const m = browserMemoryMB()
          if (m !== null && m > peak) peak = m
        }, 100)
      : undefined
    await p.evaluate(() => {
      window.__long = []
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({
        type: 'longtask',
      })
    })
    // the first result: the new tensor's summary on screen, then its scale (the grid from the new data), and
    // nothing marked busy; polled in the page every 5 ms
    const { summaryMs, ready } = await p.evaluate(
      async ([n, extra]) => {
        const t0 = performance.now()
        const scale = () => document.querySelector('.summary-item[data-key="scale"] dd')?.textContent
        const before = scale()
        location.hash = `#/lab?lang=en&dist=normal&n=${n}&calib=entropy${extra}`
        let summaryMs = null
        for (;;) {
          await new Promise((r) => setTimeout(r, 5))
          const now = performance.now() - t0
          if (
            summaryMs === null &&
            document.querySelector('.source-line')?.textContent?.includes(n.toLocaleString('en-US'))
          )
            summaryMs = now
          if (summaryMs !== null && scale() !== before && !document.querySelector('.busy .spinner'))
            return { summaryMs, ready: now }
          if (now > 120_000) return { summaryMs, ready: NaN }
        }
      },
      [n, extra],
    )
    // calibration changes: the time until the new scale is on screen and nothing is busy (polled in the page)
    const changes = []
    for (const [label, hash] of [
      ['mse', `calib=mse`],
      ['percentile', `calib=percentile`],
      ['entropy', `calib=entropy`],
      ['entropy, tvm variant', `calib=entropy&variant=tvm`],
    ]) {
      // a 2-D tensor: also when its per-channel view (asked after the main figures) is on screen, not stale
      const { ms, channels } = await p.evaluate(
        async ([n, q, extra]) => {
          const scale = () => document.querySelector('.summary-item[data-key="scale"] dd')?.textContent
          const channelsShown = () =>
            document.querySelector('[data-chart="per-channel"] .ch-verdict') &&
            !document.querySelector('[data-chart="per-channel"] .stale-note')
          const rows = extra.includes('rows=')
          const before = scale()
          const t0 = performance.now()
          location.hash = `#/lab?lang=en&dist=normal&n=${n}&${q}${extra}`
          let ms = null
          for (;;) {
            await new Promise((r) => setTimeout(r, 5))
            const now = performance.now() - t0
            if (ms === null && !document.querySelector('.busy .spinner') && scale() !== before) ms = now
            if (ms !== null && (!rows || channelsShown())) return { ms, channels: rows ? now : null }
            if (now > 120_000) return { ms: ms ?? NaN, channels: NaN }
          }
        },
        [n, hash, extra],
      )
      changes.push(
        `${label} ${ms.toFixed(0)} ms` +
          (channels === null ? '' : ` (per-channel view ${channels.toFixed(0)} ms)`),
      )
    }
    await p.waitForTimeout(2000)
    if (sampler) clearInterval(sampler)
    const settled = withMemory ? browserMemoryMB() : null
    const long = await p.evaluate(() => window.__long)
    await p.close()
    return { summaryMs, ready, changes, long, idle, peak, settled }
  }
  // the same at N = 10⁷ as a 2-D tensor of 1000 rows, whose panels add the per-channel view (every row
  // calibrated on its own, for the per-tensor vs per-channel comparison), and under FP8 E4M3 (the format's
  // quantizer, and its codes counted level by level)
  const what = { '': '', '&rows=1000': ' as 1000 rows', '&fmt=e4m3': ' under FP8 E4M3' }
  for (const [n, extra] of [
    [1_000_000, ''],
    [10_000_000, ''],
    [10_000_000, '&rows=1000'],
    [10_000_000, '&fmt=e4m3'],
  ]) {
    const { summaryMs, ready, changes, long } = await labRun(n, false, extra)
    line(
      `N = ${n.toExponential(0)}${what[extra]}: first result; longest main-thread task`,
      `${ready.toFixed(0)} ms (tensor shown at ${summaryMs?.toFixed(0)} ms); ` +
        `${long.length ? Math.max(...long).toFixed(0) : 0} ms (${long.length} tasks > 50 ms)`,
      n === 10_000_000 ? 'first result ≤ 2.5 s, no task > 50 ms' : 'no task > 50 ms',
    )
    line(`  calibration changes at N = ${n.toExponential(0)}`, changes.join(', '), '≤ 0.7 s each')
    const { idle, peak, settled } = await labRun(n, true, extra)
    if (idle !== null && settled !== null) {
      line(
        `  browser memory over the idle Lab (PSS, all processes; a second run)`,
        `idle ${idle.toFixed(0)} MB; peak +${(peak - idle).toFixed(0)} MB, settled +${(settled - idle).toFixed(0)} MB`,
        n === 10_000_000 ? 'growth ≤ 400 MB' : undefined,
      )
    }
  }
  // #/model/accuracy: a settings change (activation bits, calibrator) → the worker calibrates every activation
  // and runs the 359 test images in integers → the new accuracy on screen (the strip no longer marked stale).
  // The budget is the MLP's (PRODUCT.md); the CNN is printed beside it
  for (const net of ['mlp', 'cnn']) {
    const extra = net === 'mlp' ? '' : `&net=${net}`
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await p.goto(`${base}#/model/accuracy?lang=en&abits=8${extra}`)
    await p.locator('[data-metric="quant-accuracy"]').waitFor({ timeout: 120_000 })
    // the page settles first, as it does before a person drags a slider: the accuracy-vs-bits sweep and the
    // presets' accuracies (tens of evaluations in the background worker) are done
    await p.waitForFunction(
      () =>
        !document.querySelector('[data-sweep-progress]') &&
        ![...document.querySelectorAll('.acc-card-acc')].some((e) => e.textContent === '…'),
      null,
      { timeout: 120_000, polling: 50 },
    )
    await p.waitForTimeout(300)
    const times = []
    // twelve different settings, each once (nothing comes from a cache)
    const settings = [3, 4, 5, 6, 7, 8].flatMap((b) => [
      `abits=${b}&calib=minmax${extra}`,
      `abits=${b}&calib=percentile${extra}`,
    ])
    for (const q of settings) {
      const t = await p.evaluate(async (q) => {
        const t0 = performance.now()
        location.hash = `#/model/accuracy?lang=en&${q}`
        // the strip is marked stale until the result for these settings is in
        await new Promise((r) => requestAnimationFrame(r))
        for (;;) {
          const strip = document.querySelector('.acc-metrics')
          if (strip && strip.getAttribute('aria-busy') !== 'true') break
          await new Promise((r) => setTimeout(r, 1))
        }
        return performance.now() - t0
      }, q)
      times.push(t)
      await p.waitForTimeout(200)
    }
    line(
      net === 'mlp'
        ? '#/model/accuracy: settings change → new accuracy shown (worker: calibrate + 359 images)'
        : '  the same for the small CNN (no budget)',
      `median ${pct(times, 50).toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms`,
      net === 'mlp' ? '≤ 50 ms per change' : undefined,
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

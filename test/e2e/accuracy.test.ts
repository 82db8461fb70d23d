// `#/model/accuracy`: the shipped digits network quantized and run in integers in a worker. The expected
// accuracies are never typed here: the float one is read from the shipped manifest, the others compared.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()
const PHONE = { width: 360, height: 740 }

interface Manifest {
  networks: Record<string, { floatTestAccuracy: number }>
}
const manifest = JSON.parse(readFileSync('public/models/digits-manifest.json', 'utf8')) as Manifest
const floatOf = (net: string) => manifest.networks[net].floatTestAccuracy
const asText = (acc: number) => `${(acc * 100).toFixed(2)}\u00a0%`

/** The two accuracies, as numbers in [0, 1], once the current settings' evaluation is shown. */
async function accuracies(page: Page): Promise<{ float: number; quant: number }> {
  const q = page.locator('[data-metric="quant-accuracy"]')
  await q.waitFor({ timeout: 50_000 })
  await expect.poll(() => page.locator('.acc-metrics[aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0)
  const read = async (sel: string) => {
    const text = (await page.locator(sel).textContent())!.trim()
    expect(text).toMatch(/^\d{1,3}\.\d{2}\u00a0%$/)
    return Number(text.replace('\u00a0%', '')) / 100
  }
  return {
    float: await read('[data-metric="float-accuracy"]'),
    quant: await read('[data-metric="quant-accuracy"]'),
  }
}

const TRAITOR = 'traitor=40&abits=4'

describe('#/model/accuracy', () => {
  it('the default link shows the float and the quantized accuracy, 8-bit costing (almost) nothing', async () => {
    const page = await h.open('#/model/accuracy?lang=en')
    const a = await accuracies(page)
    expect(await page.locator('[data-metric="float-accuracy"]').textContent()).toBe(asText(floatOf('mlp')))
    expect(a.quant).toBeGreaterThan(a.float - 0.02)
    // the story without a click: every preset card gets its accuracy, the chart its points
    await expect
      .poll(
        () =>
          page.locator('.acc-card-acc').evaluateAll((els) => els.every((e) => e.textContent.includes('%'))),
        {
          timeout: 30_000,
        },
      )
      .toBe(true)
    await page.locator('[data-chart="accuracy-confusion"] svg').waitFor()
    await page.locator('[data-chart="accuracy-activations"] svg.chart').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('[data-sweep-progress]').count(), { timeout: 60_000 }).toBe(0)
    await h.screenshot(page, 'accuracy-default-en')
    expect(h.problems).toEqual([])
  }, 120_000)

  it('one traitor collapses min-max at 4-bit activations; percentile keeps the accuracy; float=fc1 recovers', async () => {
    const page = await h.open(`#/model/accuracy?lang=en&${TRAITOR}&calib=minmax`)
    const mm = await accuracies(page)
    expect(mm.quant).toBeLessThan(0.3)
    expect(await page.locator('[data-story="acc.story.collapse"]').count()).toBe(1)
    // min-max's range reaches the traitor, the largest value: nothing is shaded, and the note says so
    const acts = page.locator('[data-chart="accuracy-activations"]')
    await acts.locator('svg.chart').waitFor()
    expect(await acts.locator('.clip-region').count()).toBe(0)
    await expect.poll(() => acts.locator('p.muted').textContent()).toContain('clips nothing here')
    await h.screenshot(page, 'accuracy-traitor-minmax')

    await page.goto(`${h.baseUrl}/#/model/accuracy?lang=en&${TRAITOR}&calib=percentile`)
    const pc = await accuracies(page)
    expect(pc.quant).toBeGreaterThan(pc.float - 0.05)
    // percentile stops short of the traitor: the tail is shaded and the note names the shading
    await expect.poll(() => acts.locator('.clip-region').count()).toBeGreaterThan(0)
    expect(await acts.locator('p.muted').textContent()).toContain('shaded parts')

    await page.goto(`${h.baseUrl}/#/model/accuracy?lang=en&${TRAITOR}&calib=minmax&float=fc1`)
    const fl = await accuracies(page)
    expect(fl.quant).toBeGreaterThan(pc.float - 0.05)
    expect(fl.quant).toBeGreaterThan(mm.quant + 0.5)
    expect(h.problems).toEqual([])
  }, 120_000)

  it('"Open in the Lab" puts the activations on the network’s grid: the Lab’s MSE threshold is the chart’s', async () => {
    const page = await h.open(`#/model/accuracy?lang=en&abits=4&calib=mse`)
    await accuracies(page)
    const acts = page.locator('[data-chart="accuracy-activations"]')
    await acts.locator('svg.chart').waitFor({ timeout: 30_000 })
    const summary = (await acts.locator('.chart-summary').textContent())!
    const hi = Number(/clip at ([-\d.e]+)\./.exec(summary)![1])
    await acts.locator('[data-action="open-lab"]').click()
    await page.waitForURL(/#\/lab/)
    // the network's activations are quantized asymmetrically with a zero point, calibrated at 4 bits
    expect(await page.evaluate(() => location.hash)).toMatch(/scheme=asymmetric/)
    const range = page.locator('.summary-item[data-key="range"] dd')
    const labHi = async () => Number(/,\s*([-\d.e]+)\]/.exec((await range.textContent()) ?? '')?.[1])
    // (calibrated for a signed 8-bit grid, the Lab clipped elsewhere)
    await expect.poll(labHi, { timeout: 30_000 }).toBeCloseTo(hi, Math.max(0, 2 - Math.floor(Math.log10(hi))))
    expect(h.problems).toEqual([])
  }, 120_000)

  it('"Keep in float" on the first layer writes float=fc1 into the link and recovers', async () => {
    const page = await h.open(`#/model/accuracy?lang=en&${TRAITOR}&calib=minmax`)
    const before = await accuracies(page)
    await page.locator('button[data-keep="fc1"]').click()
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('float=fc1')
    await expect
      .poll(async () => (await accuracies(page)).quant, { timeout: 30_000 })
      .toBeGreaterThan(before.quant + 0.5)
  }, 120_000)

  it('speaks Chinese', async () => {
    const page = await h.open('#/model/accuracy?lang=zh-CN')
    await accuracies(page)
    expect(await page.locator('main h1').textContent()).toBe('量化一个真实网络：看它的精度')
    expect(await page.locator('[data-key="quant-accuracy"] dt').textContent()).toBe('量化后精度')
    await page.locator('[data-chart="accuracy-activations"] svg.chart').waitFor({ timeout: 30_000 })
    await h.screenshot(page, 'accuracy-default-zh')
  }, 120_000)

  it('bad link values are clamped or dropped, each with a notice', async () => {
    const page = await h.open('#/model/accuracy?lang=en&abits=99&wbits=1&ncal=0&net=vgg&float=fc1,nope')
    await accuracies(page)
    const notice = page.locator('[data-message="link-notices"]')
    const text = (await notice.textContent()) ?? ''
    for (const key of ['abits', 'wbits', 'ncal', 'net', 'nope']) expect(text).toContain(key)
    // the clamped values are the ones used (and shown in the settings)
    expect(await page.locator('input[name="abits"]').inputValue()).toBe('8')
    expect(await page.locator('input[name="wbits"]').inputValue()).toBe('2')
    expect(await page.locator('input[name="float-fc1"]').isChecked()).toBe(true)
  }, 120_000)

  // the floating "Settings" button (fixed at the window's bottom left) covered whatever scrolled under it: at
  // 768 px the SQNR chart's y-axis name, on a phone the accuracy and activation charts' ticks and names. Scrolled
  // through a window at a time (40 px steps), no chart word the reader can see is under the button; what is
  // hidden behind a strip across the window's bottom (the button's bar) is hidden like what is under the header
  for (const width of [768, 360])
    for (const lang of ['en', 'zh-CN'])
      it(`the Settings button covers no chart text at ${width} px (${lang})`, async () => {
        const page = await h.open(`#/model/accuracy?lang=${lang}`, { viewport: { width, height: 900 } })
        await accuracies(page)
        await page.locator('[data-chart="accuracy-activations"] svg.chart').waitFor({ timeout: 30_000 })
        await expect.poll(() => page.locator('[data-sweep-progress]').count(), { timeout: 60_000 }).toBe(0)
        await page.waitForTimeout(300)
        const seen = await page.evaluate(async () => {
          const button = document.querySelector<HTMLElement>('.drawer-toggle')!
          // the strip across the window's bottom the button stands in, if it has one: opaque, as wide as the
          // window, no taller than 100 px
          let strip: HTMLElement | null = null
          for (let e = button.parentElement; e && e !== document.body; e = e.parentElement) {
            const r = e.getBoundingClientRect()
            if (r.width >= innerWidth - 1 && Math.abs(r.bottom - innerHeight) < 1 && r.height < 100) strip = e
          }
          const opaque = strip !== null && /^rgb\(/.test(getComputedStyle(strip).backgroundColor)
          const end = document.documentElement.scrollHeight - innerHeight
          const under = new Set<string>()
          let texts = 0
          for (let y = 0; ; y = Math.min(y + 40, end)) {
            scrollTo(0, y)
            await new Promise((r) => requestAnimationFrame(r))
            const b = button.getBoundingClientRect()
            // what the reader sees of the page ends at the strip (an opaque one) or at the window's edge
            const shown = opaque ? strip!.getBoundingClientRect().top : innerHeight
            for (const t of document.querySelectorAll('svg.chart text')) {
              const r = t.getBoundingClientRect()
              if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) continue
              texts++
              const bottom = Math.min(r.bottom, shown)
              if (r.left < b.right && r.right > b.left && r.top < b.bottom && bottom > b.top)
                under.add(t.textContent)
            }
            if (y === end) break
          }
          return {
            button: button.checkVisibility(),
            texts,
            under: [...under],
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          }
        })
        expect(seen.button, 'the Settings button shows').toBe(true)
        expect(seen.texts, 'chart text seen on the way down').toBeGreaterThan(50)
        expect(seen.under, 'chart text under the Settings button').toEqual([])
        expect(seen.overflow, 'sideways scroll').toBeLessThanOrEqual(0)
        await page.evaluate(() => scrollTo(0, 0))
        await h.screenshot(page, `accuracy-settings-${width}-${lang}`)
      }, 120_000)

  it('fits a phone: no sideways scroll, settings in a drawer', async () => {
    for (const lang of ['en', 'zh-CN']) {
      const page = await h.open(`#/model/accuracy?lang=${lang}&${TRAITOR}`, { viewport: PHONE })
      await accuracies(page)
      await page.locator('[data-chart="accuracy-activations"] svg.chart').waitFor({ timeout: 30_000 })
      await page.waitForTimeout(500)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      expect(await page.locator('.lab-controls').isVisible()).toBe(false)
      await page.locator('.drawer-toggle').click()
      await expect.poll(() => page.locator('.lab-controls').isVisible()).toBe(true)
      await page.keyboard.press('Escape')
      await h.screenshot(page, `accuracy-phone-${lang}`)
      // the nav lists the view under "More"
      await page.locator('.header-more').click()
      expect(await page.locator('.nav-more-link').isVisible()).toBe(true)
    }
  }, 180_000)
})

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { notesAsymmetricExample, notesSymmetricExample } from '../../src/core'
import { formatLive, formatLiveProse, liveValues } from '../../src/learn/live'
import { CHAPTERS } from '../../src/state/route'
import { setupHarness } from './harness'

const h = setupHarness()
const LANGS = ['en', 'zh-CN'] as const

async function openChapter(hash: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await h.open(hash, viewport ? { viewport } : {})
  await page.locator('h1.learn-title').waitFor()
  return page
}

/** Every formula rendered by KaTeX, no error boxes, every widget drawn, every live number the core's. */
async function checkChapter(page: Page) {
  expect(await page.locator('.tex-error').count(), 'formula errors').toBe(0)
  expect(await page.locator('.learn-widget .notice.error').count(), 'widget errors').toBe(0)
  const display = await page.locator('.learn-math').count()
  expect(await page.locator('.learn-math .katex-display').count()).toBe(display)
  const widgets = await page.locator('.learn-widget').count()
  expect(widgets).toBeGreaterThan(0)
  expect(await page.locator('.learn-widget > *').count()).toBe(widgets)
  const values = liveValues()
  const shown = await page
    .locator('[data-live]')
    .evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-live'), e.getAttribute('data-value'), e.textContent]),
    )
  for (const [name, value, text] of shown) {
    const v = values[name!]
    expect(v, name!).toBeTypeOf('number')
    expect(Number(value), name!).toBe(v)
    expect(proseForms(v)).toContain(text)
  }
  // numbers inside formulas: KaTeX keeps the TeX source (with our numbers filled in) in its MathML annotation
  const inMath = await page
    .locator('[data-live-names]')
    .evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-live-names'), e.querySelector('annotation')?.textContent ?? '']),
    )
  for (const [names, tex] of inMath as [string, string][]) {
    for (const name of names.split(' ')) {
      const v = values[name]
      expect(v, name).toBeTypeOf('number')
      const forms = liveForms(v)
      expect(
        forms.some((f) => tex.includes(f)),
        `${name} in ${tex}`,
      ).toBe(true)
    }
  }
  return shown.length + inMath.length
}

/**
 * Every way the prose may write a live number: in full, or rounded to the 0 … 20 decimals a chapter asks for
 * (20: the shortest round-trip digits, as the notes print w1 = 0.007840831674751093).
 */
function liveForms(v: number): string[] {
  return [formatLive(v, null), ...Array.from({ length: 21 }, (_, d) => formatLive(v, d))]
}

/** In the prose, integers have their digits grouped (1,920); formulas keep liveForms. */
function proseForms(v: number): string[] {
  return [formatLiveProse(v, null), ...Array.from({ length: 21 }, (_, d) => formatLiveProse(v, d))]
}

/** The TeX sources of the page's display formulas (as KaTeX keeps them). */
async function displayTex(page: Page): Promise<string> {
  const all = await page
    .locator('.learn-math annotation')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''))
  return all.join('\n')
}

describe('the tutorial', () => {
  for (const lang of LANGS) {
    for (const chapter of CHAPTERS) {
      it(`shows ${chapter} in ${lang} with every formula, widget and worked number`, async () => {
        const page = await openChapter(`#/learn/${chapter}?lang=${lang}`)
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang)
        await checkChapter(page)
        if (lang === 'zh-CN')
          expect(await page.locator('h1.learn-title').textContent()).toMatch(/\p{Script=Han}/u)
        await h.screenshot(page, `learn-${chapter}-${lang}`)
      })
    }
  }

  it('shows the notes’ worked examples computed by the core', async () => {
    const asym = notesAsymmetricExample(4, -3)
    const sym = notesSymmetricExample(3, 1)
    const a4 = notesSymmetricExample(4, 0.5)
    const a10 = notesSymmetricExample(10, 0.5)
    for (const lang of LANGS) {
      const page = await openChapter(`#/learn/symmetric?lang=${lang}`)
      const tex = await displayTex(page)
      // the core's values, written as the page writes them; and the digits the notes print
      expect(tex).toContain(`= ${formatLive(asym.w, null)}`)
      expect(formatLive(asym.w, null)).toBe('0.0274509804')
      expect(tex).toContain(`= ${formatLive(asym.bF, null)}`)
      expect(formatLive(asym.bF, null)).toBe('0.5137254902')
      expect(tex).toContain(`= ${asym.bQ}`)
      expect(asym.bQ).toBe(19)
      expect(tex).toContain(`= ${formatLive(sym.w, null)}`)
      expect(formatLive(sym.w, null)).toBe('0.0236220472')
      const text = async (name: string) => page.locator(`[data-live="${name}"]`).first().textContent()
      expect(await text('asym.deqMin')).toBe(formatLive(asym.dequantMin, null))
      expect(await text('asym.deqMin')).toBe('-3')
      expect(await text('asym.bF')).toBe('0.5137254902')
      expect(await text('asym.bFRounded')).toBe('0.5137254892')
      expect(await text('asym.deqMinRounded')).toBe('-3.000000002')

      const range = await openChapter(`#/learn/range?lang=${lang}`)
      const rtex = await displayTex(range)
      expect(rtex).toContain(`= ${formatLive(a4.w, null)}`)
      expect(rtex).toContain(`= ${formatLive(a10.w, null)}`)
      expect([formatLive(a4.w, null), formatLive(a10.w, null)]).toEqual(['0.031496063', '0.0787401575'])
      expect(rtex).toContain(`= ${a4.q} \\text`)
      expect([a4.q, a10.q]).toEqual([16, 6])
      expect(rtex).toContain(formatLive(a4.dequant, 9))
      expect(rtex).toContain(formatLive(a10.dequant, 9))
      expect([formatLive(a4.dequant, 9), formatLive(a10.dequant, 9)]).toEqual(['0.503937008', '0.472440945'])
      // the widget shows the same example by default
      const col = range.getByTestId('alpha-col-1')
      expect(await col.locator('annotation').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining(`= ${a4.q}`)]),
      )
    }
  })

  it('keeps widget state in the link and restores it', async () => {
    const page = await openChapter('#/learn/symmetric?lang=en&alpha=6&beta=-2')
    const formulas = page.getByTestId('affine-formulas')
    await expect.poll(async () => formulas.textContent()).toContain('0.031372549')
    const slider = page.getByRole('slider', { name: 'α', exact: true })
    await slider.focus()
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(/alpha=6\.5/)
    expect(page.url()).toContain('beta=-2')
    expect(page.url()).toContain('lang=en')
  })

  it('links to a section, steps through chapters and remembers progress', async () => {
    const page = await openChapter('#/learn/calibration?lang=en&sec=compare')
    // the heading lands just below the sticky header, not under it (it was scrolled to 12 px from the top)
    await page.waitForFunction(() => {
      const el = document.getElementById('sec-compare')
      const header = document.querySelector('.app-header')!.getBoundingClientRect().bottom
      return !!el && el.getBoundingClientRect().top >= header && el.getBoundingClientRect().top < header + 40
    })
    await page.getByRole('link', { name: /Quantized add →/ }).click()
    await page.waitForURL(/#\/learn\/add/)
    await page.locator('h1.learn-title', { hasText: 'Quantized add' }).waitFor()
    expect(page.url()).toContain('lang=en')
    expect(await page.getByTestId('toc-progress').textContent()).toContain(`2 of ${CHAPTERS.length}`)
    await page.getByRole('link', { name: /← Calibration/ }).click()
    await page.waitForURL(/#\/learn\/calibration/)
  })

  // the widget's title says the three grids have the same number of codes: so they do, at every bit width it
  // offers; and grids that tie are all marked lowest
  it('shows three grids of equal size, every tie marked lowest', async () => {
    const page = await openChapter('#/learn/linear?lang=en&gbits=8')
    const rows = page.locator('[data-chart="learn-grids"] tbody tr')
    await rows.first().waitFor()
    expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual(['255', '255', '255'])
    expect(await rows.locator('td:nth-child(3)', { hasText: 'lowest' }).count()).toBe(1)
    await page.evaluate(() => (location.hash = '#/learn/linear?lang=en&gbits=2'))
    await expect.poll(() => rows.locator('td:nth-child(2)').allTextContents()).toEqual(['3', '3', '3'])
    expect(await rows.locator('td:nth-child(3)', { hasText: 'lowest' }).count()).toBe(3)
    expect(await page.locator('[data-chart="learn-grids"] .chart-summary').textContent()).toContain(
      'lowest: linear = power of two = log',
    )
  })

  // α runs up to max |x|, which for the default data lies on the negative side: the handle at α and its mirror
  // at −α must sit symmetrically about 0 (the handle was once pinned to the data's largest positive value)
  it('draws the range chapter’s α handle and its mirror at ±α', async () => {
    const page = await openChapter('#/learn/range?lang=en')
    const chart = page.locator('[data-chart="learn-range-sweep"]')
    await chart.locator('.threshold-handle').waitFor()
    const { hx, tx, zero } = await chart.evaluate((el) => {
      const x = (g: Element) => Number(/translate\(([-\d.e]+)/.exec(g.getAttribute('transform')!)![1])
      // where the browser shows a line, in the histogram SVG's coordinates (the handle and its twin are moved
      // with a CSS transform)
      const left = el.querySelector('svg.histogram')!.getBoundingClientRect().left
      const centre = (line: Element) => {
        const r = line.getBoundingClientRect()
        return (r.left + r.right) / 2 - left
      }
      // the histogram's x axis: the tick labelled 0
      const ticks = [...el.querySelectorAll('svg.histogram .axis > g')]
      return {
        hx: centre(el.querySelector('.threshold-handle .handle-line')!),
        tx: centre(el.querySelector('.handle-twin')!),
        zero: ticks.filter((g) => g.textContent === '0').map(x)[0],
      }
    })
    expect(zero).toBeTypeOf('number')
    expect(Math.abs(hx - zero - (zero - tx))).toBeLessThan(1)
  })

  it('gives feedback on the check-your-understanding question', async () => {
    const page = await openChapter('#/learn/conventions?lang=en')
    const quiz = page.getByTestId('quiz')
    await quiz.getByLabel(/T \/ 128/).check()
    await quiz.getByRole('button', { name: 'Check' }).click()
    expect(await quiz.getByRole('status').textContent()).toContain('Not quite.')
    await quiz.getByLabel(/T \/ 127\.5/).check()
    await quiz.getByRole('button', { name: 'Check' }).click()
    expect(await quiz.getByRole('status').textContent()).toContain('Right.')
  })

  for (const lang of LANGS) {
    it(`reads well on a phone (${lang})`, async () => {
      for (const chapter of ['symmetric', 'calibration', 'dense'] as const) {
        const page = await openChapter(`#/learn/${chapter}?lang=${lang}`, { width: 390, height: 844 })
        await checkChapter(page)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, chapter).toBeLessThanOrEqual(1)
        await h.screenshot(page, `learn-${chapter}-${lang}-phone`)
      }
    })
  }
})

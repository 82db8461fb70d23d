import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FORMAT_REGISTRY, LAB_FORMATS } from '../../src/registry/formats'
import { setupHarness } from './harness'

const h = setupHarness()
const LANGS = ['en', 'zh-CN'] as const

describe('formats beyond int8 in the Lab', () => {
  for (const lang of LANGS) {
    it(`every fmt link opens in ${lang} with its figures and no errors`, async () => {
      const page = await h.open(`#/lab?v=1&dist=normal&n=20000&fmt=e4m3&calib=entropy&lang=${lang}`)
      await page.locator('[data-testid="fmt-sqnr"]').waitFor()
      for (const f of LAB_FORMATS.filter((x) => x !== 'int')) {
        await page.evaluate(
          (hash) => (location.hash = hash),
          `#/lab?v=1&dist=normal&n=20000&fmt=${f}&calib=entropy&lang=${lang}`,
        )
        await expect
          .poll(async () => page.locator('select[name="fmt"]').inputValue(), { timeout: 20_000 })
          .toBe(f)
        await page.locator('[data-testid="fmt-sqnr"]').waitFor()
        const sqnr = await page.locator('[data-testid="fmt-sqnr"]').textContent()
        expect(sqnr, f).toMatch(/^\d+(\.\d+)? dB$/)
        expect(await page.locator('.notice.error').count()).toBe(0)
        // the grid's caption says how the levels are spaced: octaves for the minifloats, not for NF4
        const spacing = FORMAT_REGISTRY[f].spacing
        if (lang === 'en' && FORMAT_REGISTRY[f].block === null) {
          // (the caption follows the new format's result)
          const caption = page.locator('[data-chart="grid"] .chart-summary')
          const says = spacing === 'octaves' ? 'one octave per exponent' : 'quantiles of a normal'
          await expect.poll(() => caption.textContent(), { timeout: 20_000 }).toContain(says)
          expect(await caption.textContent(), f).not.toContain(spacing === 'octaves' ? 'quantiles' : 'octave')
        }
        // the summary's scale is the format's own, T / its largest value (not the integer grid's), and the
        // bits are the format's, shown but not editable
        const info = FORMAT_REGISTRY[f]
        if (info.calibrated) {
          // (read together: the range and the scale may still be the previous format's, whose threshold was
          // calibrated for its own width, 8 bits against FP4's 4)
          const scaleOverT = async () => {
            const range = await page.locator('.summary-item[data-key="range"] dd').textContent()
            const T = Number(/,\s*([-\d.e]+)\]/.exec(range!)![1])
            return Number(await page.locator('.summary-item[data-key="scale"] dd').textContent()) / T
          }
          await expect.poll(scaleOverT, { timeout: 20_000 }).toBeCloseTo(1 / info.largest!, 5)
        }
        // MX: each block saturates at ±largest·2^e, and its levels are not counted
        if (info.block !== null && lang === 'en') {
          await expect
            .poll(() => page.locator('.summary-item[data-key="range"] dd').textContent())
            .toContain('·2ᵉ a block')
          expect(await page.locator('.summary-item[data-key="codes"] dd').textContent()).toMatch(
            /^not counted \(\d+ in all\)$/,
          )
        }
        // MX takes each block's scale from its own values: the threshold plays no part, so the histogram has
        // no handle and no shaded range; values past a block's ±largest·2ᵉ saturate and count as clipped
        const hist = page.locator('[data-chart="histogram"]')
        if (info.block !== null) {
          const clippedCell = page
            .locator('[data-chart="error"] tr', { hasText: lang === 'en' ? 'Clipped values' : '被裁剪的值' })
            .locator('td')
          const clipped = async () => (await clippedCell.textContent())!.split(' / ')[0]
          // (the previous format's result may still be shown: wait for this one's caption and count to agree)
          const says = async () => {
            const n = await clipped()
            const caption = (await hist.locator('.chart-summary').textContent())!
            const text = lang === 'en' ? `${n} values lie beyond` : `有 ${n} 个值超出`
            return Number(n.replace(/,/g, '')) > 0 && caption.includes(text)
          }
          await expect.poll(says, { timeout: 20_000 }).toBe(true)
          expect(await hist.getByRole('slider').count(), f).toBe(0)
          // nor do the calibration curves mark a threshold in use (with KL calibration, which the links ask
          // for, the threshold lies among the candidates: the calibrated formats' curves draw it)
          await page.locator('[data-chart="kl-curve"] svg').waitFor()
          // (the curves take the result in a transition: the previous format's line may still be drawn)
          await expect.poll(() => page.locator('[data-chart="kl-curve"] .current-line').count()).toBe(0)
          await expect.poll(() => page.locator('[data-chart="mse-curve"] .current-line').count()).toBe(0)
        } else {
          expect(await hist.getByRole('slider').count(), f).toBe(1)
          await expect
            .poll(() => page.locator('[data-chart="kl-curve"] .current-line').count(), { timeout: 20_000 })
            .toBe(1)
        }
        const bits = page.locator('input[name="bits"]')
        expect(await bits.isDisabled()).toBe(info.bits !== null)
        if (info.bits !== null) expect(await bits.inputValue()).toBe(String(info.bits))
        if (f === 'e5m2') await h.screenshot(page, `formats-${f}-${lang}`)
      }
      expect(h.problems).toEqual([])
    })

    it(`group-wise int4 on a 2-D tensor (${lang}): cost 4 + 16/g and the trade-off chart`, async () => {
      const page = await h.open(
        `#/lab?v=1&dist=normal&n=32768&rows=64&spread=1&bits=4&gran=group&group=64&lang=${lang}`,
      )
      await page.locator('[data-testid="fmt-bpw"]').waitFor()
      await expect.poll(async () => page.locator('[data-testid="fmt-bpw"]').textContent()).toBe('4.25')
      await page.locator('[data-testid="fmt-sweep"] tbody tr').first().waitFor()
      expect(await page.locator('[data-testid="fmt-sweep"] tbody tr').count()).toBe(10)
      // each group has its own scale: no single grid, no threshold handle, and the caption says why
      expect(await page.locator('[data-chart="grid"] canvas').count()).toBe(0)
      expect(await page.locator('[data-chart="histogram"]').getByRole('slider').count()).toBe(0)
      expect(await page.locator('[data-chart="histogram"] .chart-summary').textContent()).toContain(
        lang === 'en' ? 'in groups of 64' : '按每 64 个值分组',
      )
      expect(await page.locator('svg.sweep circle').count()).toBe(11)
      await h.screenshot(page, `formats-group-${lang}`)
      expect(h.problems).toEqual([])
    })
  }

  it('the formulas and the CSV export follow the format (E4M3 per tensor: s = T / 448)', async () => {
    const page = await h.open('#/lab?v=1&dist=normal&n=1000&fmt=e4m3&lang=en')
    await page.locator('[data-testid="fmt-sqnr"]').waitFor()
    const s = page.locator('.formulas [data-formula="s"]')
    await s.waitFor()
    expect(await s.textContent()).toContain('448')
    expect(await page.locator('.formulas .tex-error').count()).toBe(0)
    expect(await page.locator('.formulas [data-formula="deq"]').textContent()).toContain('E4M3')
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV', exact: true }).click(),
    ])
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('index,x,x_hat')
    expect(lines).toHaveLength(1001)
    // every x̂ is an E4M3 value times the scale: x̂ / s has at most 3 mantissa bits
    const scale = Number((await s.textContent())!.split('=').at(-1))
    for (const line of lines.slice(1, 50)) {
      const v = Math.abs(Number(line.split(',')[2]) / scale)
      if (v === 0) continue
      const m = v / 2 ** Math.floor(Math.log2(v))
      expect(Math.abs(m * 8 - Math.round(m * 8)), line).toBeLessThan(1e-6)
    }
    expect(h.problems).toEqual([])
  })

  it('the Per channel panel compares the format’s own scales (E4M3 per channel), and has none under MX', async () => {
    const page = await h.open('#/lab?v=1&dist=normal&n=32768&rows=64&spread=1&fmt=e4m3&gran=channel&lang=en')
    const panel = page.locator('[data-chart="per-channel"]')
    await panel.locator('[data-key="ch-format"]').waitFor()
    // the per-channel side is the result the summary shows (it was int8's per-channel MSE)
    const mse = (await page.locator('.summary-item[data-key="mse"] dd').textContent())!.trim()
    expect(await panel.locator('.ch-verdict').textContent()).toContain(`${mse} with one scale per channel`)
    expect(await panel.locator('[data-key="ch-format"]').textContent()).toContain('s = T/448')
    const mx = await h.open('#/lab?v=1&dist=normal&n=32768&rows=64&spread=1&fmt=mxfp4&lang=en')
    await mx.locator('[data-chart="per-channel"] [data-key="ch-blocks"]').waitFor()
    expect(await mx.locator('[data-chart="per-channel"] .channel-table').count()).toBe(0)
    expect(h.problems).toEqual([])
  })

  it('the grid comparison adds the formats of the same bit width', async () => {
    const page = await h.open('#/lab?v=1&dist=normal&n=5000&bits=4&lang=en')
    await page.locator('[data-testid="codes-used"]').waitFor()
    await page.getByLabel('Compare nonlinear grids').check()
    await expect
      .poll(async () => page.locator('.grid-codes + p').textContent())
      .toMatch(/FP4 E2M1: MSE .*NF4: MSE/)
    expect(h.problems).toEqual([])
  })

  for (const lang of LANGS) {
    it(`the SmoothQuant link of the dense view (${lang}): outliers, α, before and after`, async () => {
      const page = await h.open(
        `#/lab/dense?v=1&batch=32&k=64&nout=16&xout=30&xoutk=3&alpha=0.5&lang=${lang}`,
      )
      await page.getByTestId('sq-after').waitFor()
      const num = async (id: string) => parseFloat((await page.getByTestId(id).textContent()) ?? '')
      expect(await num('sq-after')).toBeGreaterThan(await num('sq-before'))
      expect(await page.locator('[data-panel="smoothquant"] .katex').count()).toBeGreaterThan(1)
      expect(await page.locator('[data-panel="smoothquant"] svg.chart').count()).toBeGreaterThanOrEqual(3)
      await h.screenshot(page, `formats-smoothquant-${lang}`)
      expect(h.problems).toEqual([])
    })
  }
})

describe('chapter 10, #/learn/formats', () => {
  for (const lang of LANGS) {
    it(`opens in ${lang}, its widgets respond and the question gives feedback`, async () => {
      const page = await h.open(`#/learn/formats?lang=${lang}`)
      await page.locator('h1.learn-title').waitFor()
      expect(await page.locator('.tex-error').count()).toBe(0)
      expect(await page.getByTestId('format-grid-table').locator('tbody tr').count()).toBe(5)
      const before = await page.getByTestId('sq-summary').textContent()
      await page.locator('input[name="alpha"]').fill('0.8')
      await expect.poll(async () => page.getByTestId('sq-summary').textContent()).not.toBe(before)
      const cost = await page.locator('[data-chart="learn-group-cost"] .chart-summary').textContent()
      await page.locator('input[name="g"]').fill('2')
      await expect
        .poll(async () => page.locator('[data-chart="learn-group-cost"] .chart-summary').textContent())
        .not.toBe(cost)
      expect(await page.locator('[data-chart="learn-group-cost"] .chart-summary').textContent()).toContain(
        '4.5',
      )
      const quiz = page.getByTestId('quiz')
      await quiz.locator('input[type="radio"]').nth(1).check()
      await quiz.getByRole('button').first().click()
      const wrong = await quiz.getByRole('status').textContent()
      await quiz.locator('input[type="radio"]').nth(0).check()
      await quiz.getByRole('button').first().click()
      await expect.poll(async () => quiz.getByRole('status').textContent()).not.toBe(wrong)
      await h.screenshot(page, `learn-formats-widgets-${lang}`)
      expect(h.problems).toEqual([])
    })
  }

  it('works in classroom mode: large type, arrow keys step through the sections', async () => {
    const page = await h.open('#/learn/formats?lang=en&present=1')
    await page.locator('h1.learn-title').waitFor()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.url()).toContain('sec=')
    expect(h.problems).toEqual([])
  })
})

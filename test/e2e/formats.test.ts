import { describe, expect, it } from 'vitest'
import { LAB_FORMATS } from '../../src/engine/formatRegistry'
import { setupHarness } from './harness'

const h = setupHarness()
const LANGS = ['en', 'zh-CN'] as const

describe('formats beyond int8 in the Lab', () => {
  for (const lang of LANGS) {
    it(`every fmt link opens in ${lang} with its figures and no errors`, async () => {
      const page = await h.open(`#/lab?v=1&dist=normal&n=20000&fmt=e4m3&lang=${lang}`)
      await page.locator('[data-testid="fmt-sqnr"]').waitFor()
      for (const f of LAB_FORMATS.filter((x) => x !== 'int')) {
        await page.evaluate(
          (hash) => (location.hash = hash),
          `#/lab?v=1&dist=normal&n=20000&fmt=${f}&lang=${lang}`,
        )
        await expect
          .poll(async () => page.locator('select[name="fmt"]').inputValue(), { timeout: 20_000 })
          .toBe(f)
        await page.locator('[data-testid="fmt-sqnr"]').waitFor()
        const sqnr = await page.locator('[data-testid="fmt-sqnr"]').textContent()
        expect(sqnr, f).toMatch(/^\d+(\.\d+)? dB$/)
        expect(await page.locator('.notice.error').count()).toBe(0)
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
      expect(await page.locator('svg.sweep circle').count()).toBe(11)
      await h.screenshot(page, `formats-group-${lang}`)
      expect(h.problems).toEqual([])
    })
  }

  it('the grid comparison adds the formats of the same bit width', async () => {
    const page = await h.open('#/lab?v=1&dist=normal&n=5000&bits=4&lang=en')
    await page.locator('[data-testid="codes-used"]').waitFor()
    await page.getByLabel('Compare nonlinear grids').check()
    await expect
      .poll(async () => page.locator('.grid-codes + p').textContent())
      .toMatch(/FP4 E2M1: MSE .*NF4: MSE/)
    expect(h.problems).toEqual([])
  })
})

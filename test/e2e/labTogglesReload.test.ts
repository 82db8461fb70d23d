import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

describe('the Lab’s comparison toggles across a reload', () => {
  it('keeps the three KL variants overlaid and the nonlinear grids compared (both are in the link)', async () => {
    const page = await h.open('#/lab?v=1&dist=normal&n=5000&lang=en')
    await page.locator('[data-testid="codes-used"]').waitFor()
    const variants = page.getByLabel('Overlay the three KL variants')
    const nonlinear = page.getByLabel('Compare nonlinear grids')
    await variants.check()
    await nonlinear.check()
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('variants=1')
    expect(await page.evaluate(() => window.location.hash)).toContain('nonlinear=1')
    const klLegend = page.locator('[data-chart="kl-curve"] .legend li')
    const shown = async () => {
      await expect.poll(() => page.locator('.grid-codes + p').textContent()).toMatch(/power-of-two .*log/)
      await expect
        .poll(() => klLegend.allTextContents())
        .toEqual(expect.arrayContaining(['TensorRT (slides)', 'pytorch-quantization', 'TVM / MXNet']))
    }
    await shown()

    await page.reload()
    await page.locator('[data-testid="codes-used"]').waitFor()
    expect(await variants.isChecked()).toBe(true)
    expect(await nonlinear.isChecked()).toBe(true)
    await shown()

    // Back undoes the last toggle, as it does any other setting
    await page.goBack()
    await expect.poll(() => nonlinear.isChecked()).toBe(false)
    expect(await variants.isChecked()).toBe(true)
    expect(h.problems).toEqual([])
  }, 60_000)
})

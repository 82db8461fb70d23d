// KL and MSE calibrate for the grid in use (engine/calibrationGrid.ts): at 4 bits the Lab's threshold, its KL
// and MSE curves and the microscope are those of a 4-bit grid, not int8's.
import { describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { fmt } from '../../src/charts/format'
import { decodeLabParams } from '../../src/state/labParams'
import { setupHarness } from './harness'

const h = setupHarness()
const BASE = 'v=1&dist=laplace&n=20000&seed=3&lang=en'

/** The threshold and curve minima the engine gives for a link's settings (the page's must be these). */
function expected(query: string) {
  const { params } = decodeLabParams(new URLSearchParams(query))
  const e = new LabEngine()
  e.generate(sourceSpecOf(params))
  const q = quantSettingsOf(params)
  const grid = e.calibrationGrid(q)
  return {
    threshold: e.quantize(q).threshold,
    kl: e.entropyCurve(params.variant, grid)!.threshold,
    mse: e.mseCurve(grid)!.threshold,
    levels: grid.unsigned ? 2 ** grid.numBits : 2 ** (grid.numBits - 1),
  }
}

describe('the Lab’s KL and MSE calibration', () => {
  it('follows the bits: the threshold, both curves and the microscope are the 4-bit grid’s', async () => {
    const page = await h.open(`#/lab?${BASE}&calib=entropy`)
    const slider = page.getByRole('slider', { name: /threshold/i })
    const kl = page.locator('[data-chart="kl-curve"] .chart-summary')
    const mse = page.locator('[data-chart="mse-curve"] .chart-summary')
    const micro = page.locator('[data-chart="kl-microscope"] .chart-summary')
    const int8 = expected(`${BASE}&calib=entropy`)
    const int4 = expected(`${BASE}&calib=entropy&bits=4`)
    expect(int4.threshold).not.toBeCloseTo(int8.threshold, 3)
    expect(int4.mse).toBeLessThan(int8.mse)
    for (const [want, bits] of [
      [int8, 8],
      [int4, 4],
    ] as const) {
      if (bits === 4) {
        // as a person changes it: the field, then the page asks for the new curves
        await page.locator('input[name="bits"]').fill('4')
        await page.locator('input[name="bits"]').press('Enter')
        await page.waitForURL(/bits=4/)
      }
      await expect
        .poll(async () => Number(await slider.getAttribute('aria-valuenow')), { timeout: 20_000 })
        .toBeCloseTo(want.threshold, 4)
      await expect
        .poll(() => kl.textContent(), { timeout: 20_000 })
        .toContain(`threshold ${fmt(want.kl, 6)}.`)
      expect(want.kl).toBe(want.threshold)
      await expect
        .poll(() => mse.textContent(), { timeout: 20_000 })
        .toContain(`at threshold ${fmt(want.mse, 6)}.`)
      await expect.poll(() => micro.textContent(), { timeout: 20_000 }).toContain(`, ${want.levels} levels,`)
    }
    await h.screenshot(page, 'lab-kl-4-bits')
    expect(h.problems).toEqual([])
  }, 120_000)

  it('has no candidate to compare where the grid has as many levels as the histogram has bins', async () => {
    const page = await h.open(`#/lab?${BASE}&calib=entropy&bits=16`)
    const kl = page.locator('[data-chart="kl-curve"] .chart-summary')
    const want = expected(`${BASE}&calib=entropy&bits=16`)
    await expect
      .poll(() => kl.textContent(), { timeout: 20_000 })
      .toBe(
        `With 16 bits the grid has as many levels as the histogram has bins, or more: no candidate clips anything, so there is nothing to compare, and the threshold is the whole range, ${fmt(want.kl, 6)}.`,
      )
    // the microscope opens that one candidate: the whole histogram, nothing folded in
    await expect
      .poll(() => page.locator('[data-chart="kl-microscope"] .chart-summary').textContent(), {
        timeout: 20_000,
      })
      .toContain('0 outliers folded in')
    expect(await page.locator('.notice.error').count()).toBe(0)
    expect(h.problems).toEqual([])
  }, 60_000)

  it('says so in Chinese too, with the same live numbers', async () => {
    const query = `${BASE.replace('lang=en', 'lang=zh-CN')}&calib=entropy&bits=16`
    const page = await h.open(`#/lab?${query}`)
    const want = expected(query)
    await expect
      .poll(() => page.locator('[data-chart="kl-curve"] .chart-summary').textContent(), { timeout: 20_000 })
      .toBe(
        `16 位网格的级数不少于直方图的桶数：没有哪个候选阈值会裁掉数据，无从比较，因此阈值取整个范围：${fmt(want.kl, 6)}。`,
      )
    expect(h.problems).toEqual([])
  }, 60_000)
})

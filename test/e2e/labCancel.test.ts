import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

// A 2-D tensor's per-channel view calibrates every row; with the TVM variant (an 8001-bin histogram and a
// sweep per row) that takes tens of seconds. Newer settings must not wait behind it: the Lab cancels a request
// that has run past CANCEL_AFTER_MS once newer settings wait, and the worker stops it at its next slice.
describe('a stale long request', () => {
  it('is cancelled for newer settings, which show soon, with no error and a working engine after', async () => {
    const base = '#/lab?lang=en&dist=normal&n=2000000&rows=500&seed=3'
    const page = await h.open(`${base}&calib=minmax`)
    const scale = page.locator('.summary-item[data-key="scale"] dd')
    const spinner = page.locator('.busy .spinner')
    await scale.waitFor()
    await expect.poll(() => spinner.count(), { timeout: 30_000 }).toBe(0)
    const minmax = await scale.textContent()

    await page.evaluate((b) => (location.hash = `${b}&calib=entropy&variant=tvm`), base)
    await spinner.waitFor({ timeout: 10_000 })
    // the TVM request is well under way (it needs far longer than this on any machine we know)
    await page.waitForTimeout(2500)
    expect(await spinner.count()).toBe(1)

    const t0 = Date.now()
    await page.evaluate((b) => (location.hash = `${b}&calib=percentile`), base)
    await expect
      .poll(async () => (await spinner.count()) === 0 && (await scale.textContent()) !== minmax, {
        timeout: 30_000,
        interval: 50,
      })
      .toBe(true)
    const waited = Date.now() - t0
    // without the cancel this waited for the whole TVM run (about 25 s here); now CANCEL_AFTER_MS and a slice
    expect(waited).toBeLessThan(10_000)
    expect(await page.locator('.notice.error').count()).toBe(0)
    expect(await page.locator('[data-message="worker.fallback"]').count()).toBe(0)
    expect(h.problems).toEqual([])

    // the worker still answers: the TensorRT entropy calibration gives its own scale
    const percentile = await scale.textContent()
    await page.evaluate((b) => (location.hash = `${b}&calib=entropy`), base)
    await expect
      .poll(async () => (await spinner.count()) === 0 && (await scale.textContent()) !== percentile, {
        timeout: 30_000,
      })
      .toBe(true)
    await h.screenshot(page, 'lab-after-cancel')
  }, 120_000)
})

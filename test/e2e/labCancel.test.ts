import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

// A 2-D tensor's per-channel view calibrates every row; with the TVM variant (an 8001-bin histogram and a
// sweep per row) that takes seconds: 10⁷ values in 4000 rows, ~12 s on the 2-core machine (500 rows of
// 4000 values took under 2.5 s there once the sweep's stage 1 stopped early, and the test no longer saw them
// running). Newer settings must not wait behind it: the Lab cancels a request that has run past
// CANCEL_AFTER_MS (1 s) once newer settings wait, and the worker stops it at its next slice. At per-tensor
// granularity the main figures do not wait for it at all: the per-channel view comes after them.
// The first test times the whole TVM run on another tensor of the same size first, so that what "soon" means
// follows the machine: on a faster one a fixed bound would pass with the cancel broken.
describe('a stale long request', () => {
  it('is cancelled for newer settings, which show soon, with no error and a working engine after', async () => {
    // per-channel granularity: the main figures are the per-channel ones
    const base = '#/lab?lang=en&dist=normal&n=10000000&rows=4000&seed=3&gran=channel'
    const other = base.replace('seed=3', 'seed=4')
    const page = await h.open(`${other}&calib=minmax`)
    // (per channel, the summary's scale item counts the scales: the MSE tells the settings apart)
    const scale = page.locator('.summary-item[data-key="mse"] dd')
    const spinner = page.locator('.busy .spinner')
    const settled = async (from: string | null) =>
      (await spinner.count()) === 0 && (await scale.textContent()) !== from
    await scale.waitFor()
    await expect.poll(() => spinner.count(), { timeout: 30_000 }).toBe(0)

    // the whole TVM run, uncancelled, on the other seed's tensor (a result for other settings, not reused)
    const before = await scale.textContent()
    const tFull = Date.now()
    await page.evaluate((b) => (location.hash = `${b}&calib=entropy&variant=tvm`), other)
    await expect.poll(() => settled(before), { timeout: 60_000, interval: 50 }).toBe(true)
    const full = Date.now() - tFull
    const tvm = await scale.textContent()

    await page.evaluate((b) => (location.hash = `${b}&calib=minmax`), base)
    await expect.poll(() => settled(tvm), { timeout: 30_000 }).toBe(true)
    const minmax = await scale.textContent()

    await page.evaluate((b) => (location.hash = `${b}&calib=entropy&variant=tvm`), base)
    await spinner.waitFor({ timeout: 10_000 })
    // the TVM request is under way, past CANCEL_AFTER_MS (it needs several times longer than this here)
    await page.waitForTimeout(1500)
    expect(await spinner.count()).toBe(1)

    const t0 = Date.now()
    await page.evaluate((b) => (location.hash = `${b}&calib=percentile&pct=99`), base)
    await expect.poll(() => settled(minmax), { timeout: 30_000, interval: 50 }).toBe(true)
    const waited = Date.now() - t0
    // without the cancel this waits for the rest of the TVM run, at least full − 1.5 s (~10 s here); with it
    // ~1.3 s here: CANCEL_AFTER_MS is past, so the cancel goes at once and the worker stops at its next slice
    // (a run this short would leave too little time to tell the two apart: the tensor should then be larger)
    expect(full).toBeGreaterThan(3_000)
    expect(waited).toBeLessThan((full - 1_500) / 2)
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

  it('at per-tensor granularity shows the main figures first, then the per-channel view', async () => {
    const base = '#/lab?lang=en&dist=normal&n=10000000&rows=4000&seed=3'
    const page = await h.open(`${base}&calib=minmax`)
    const scale = page.locator('.summary-item[data-key="scale"] dd')
    const spinner = page.locator('.busy .spinner')
    const panel = page.locator('[data-chart="per-channel"]')
    await panel.locator('.ch-verdict').waitFor({ timeout: 30_000 })
    const minmax = await scale.textContent()

    // the TVM variant: the tensor's figures come in about a second, the per-channel view is still computing
    await page.evaluate((b) => (location.hash = `${b}&calib=entropy&variant=tvm`), base)
    await expect
      .poll(async () => (await spinner.count()) === 0 && (await scale.textContent()) !== minmax, {
        timeout: 15_000,
        interval: 50,
      })
      .toBe(true)
    await expect.poll(() => panel.locator('.stale-note').count(), { timeout: 5_000 }).toBe(1)
    expect(await panel.getAttribute('class')).toContain('stale')
    await h.screenshot(page, 'lab-channels-stale')

    // meanwhile the KL microscope still steps at once: the per-channel view gives way to other calls
    const facts = page.locator('.micro-facts')
    const before = await facts.textContent()
    const t1 = Date.now()
    await page.getByRole('button', { name: 'Next candidate' }).click()
    await expect.poll(() => facts.textContent(), { timeout: 10_000, interval: 50 }).not.toBe(before)
    expect(Date.now() - t1).toBeLessThan(3_000)
    // and the per-channel view is still on its way (made again after the microscope's call)
    expect(await panel.locator('.stale-note').count()).toBe(1)

    // back to min-max: its per-channel view replaces the stale one soon (the TVM one was cancelled)
    const t0 = Date.now()
    await page.evaluate((b) => (location.hash = `${b}&calib=minmax`), base)
    await expect
      .poll(async () => (await panel.locator('.stale-note').count()) === 0, { timeout: 15_000, interval: 50 })
      .toBe(true)
    expect(Date.now() - t0).toBeLessThan(10_000)
    await panel.locator('.ch-verdict').waitFor()
    expect(await page.locator('.notice.error').count()).toBe(0)
    expect(h.problems).toEqual([])
  }, 120_000)

  it('says once that the per-channel view is computing, with nothing to export yet (en, zh-CN)', async () => {
    for (const [lang, text] of [
      ['en', 'Computing the per-channel view'],
      ['zh-CN', '正在计算逐通道视图'],
    ]) {
      // TVM's variant calibrates each of the 1000 rows on an 8001-bin histogram: seconds
      const page = await h.open(
        `#/lab?lang=${lang}&dist=normal&n=10000000&rows=4000&calib=entropy&variant=tvm`,
      )
      const panel = page.locator('[data-chart="per-channel"]')
      await panel.waitFor({ timeout: 30_000 })
      expect(await panel.getAttribute('aria-busy')).toBe('true')
      expect(await panel.getByRole('status').textContent()).toContain(text)
      expect(await panel.textContent()).not.toMatch(new RegExp(`${text}[\\s\\S]*${text}`))
      expect(await panel.getByRole('button').count()).toBe(0)
    }
    expect(h.problems).toEqual([])
  }, 120_000)
})

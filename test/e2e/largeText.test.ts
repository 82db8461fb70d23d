import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'
import { pressWhileShown } from './pressWhileShown'

const h = setupHarness()

async function upload(page: Page, name: string, text: string) {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') })
}

/** the longest gap between animation frames while `during` runs: a frozen page has a long one */
async function longestFrameGap(page: Page, during: () => Promise<void>) {
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __stop: boolean }
    w.__gap = 0
    w.__stop = false
    let last = performance.now()
    const tick = (now: number) => {
      w.__gap = Math.max(w.__gap, now - last)
      last = now
      if (!w.__stop) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  await during()
  return page.evaluate(() => {
    const w = window as unknown as { __gap: number; __stop: boolean }
    w.__stop = true
    return w.__gap
  })
}

describe('Large text is read in chunks, off the page, with progress', () => {
  it('a CSV of 2,000,000 lines shows progress and then its values', async () => {
    const page = await h.open('#/lab?lang=en')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    await page.getByLabel('Source').selectOption('loaded')
    await page.getByTestId('file-input').waitFor({ state: 'attached' })
    const n = 2_000_000
    const text = Array.from({ length: n }, (_, i) => ((i % 2001) - 1000) / 100).join('\n')
    await upload(page, 'big.csv', text)
    await page.getByTestId('load-progress').waitFor()
    expect(await page.getByTestId('load-progress').textContent()).toMatch(/Reading “big\.csv”… \d+%/)
    // while the text is read (in the worker) the page keeps painting: a one-task parse of it takes seconds
    const gap = await longestFrameGap(page, () =>
      page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: 60_000 }),
    )
    expect(gap).toBeLessThan(1000)
    await page.getByText(/Loaded big\.csv: 2,?000,?000 values/).waitFor({ timeout: 60_000 })
  }, 120_000)

  it('10,000,002 values are refused with the limit message (in Chinese), the data kept; cancel works', async () => {
    const page = await h.open('#/lab?lang=zh-CN')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    await page.getByLabel('数据来源').selectOption('loaded')
    await page.getByTestId('file-input').waitFor({ state: 'attached' })
    await upload(page, 'good.csv', '0.5, -1, 2, 0.25')
    await page.locator('.source-line', { hasText: '4' }).waitFor()
    // the good data's own scale, 2/127 (the summary may still show the preset's for a moment)
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: '0.0157' }).waitFor()
    const scale = await page.locator('.summary-item[data-key="scale"] dd').textContent()
    await upload(page, 'toomany.txt', '0\n'.repeat(10_000_002))
    await page.getByTestId('load-progress').waitFor()
    const alert = page.locator('.alert-region .notice.error').last()
    await alert.waitFor({ timeout: 60_000 })
    expect(await alert.textContent()).toContain('最多接受 10,000,000 个')
    // the reader stops at the limit: it says "more than", not a count it never read (it said 10,000,001)
    expect(await alert.textContent()).toContain('多于 10,000,000 个')
    expect(await alert.textContent()).toContain('toomany.txt')
    await page.getByTestId('load-progress').waitFor({ state: 'detached' })
    expect(await page.locator('.summary-item[data-key="scale"] dd').textContent()).toBe(scale)

    // cancel: a second big file, cancelled at once, leaves nothing changed and says so
    await upload(page, 'cancel.txt', '1\n'.repeat(4_000_000))
    await pressWhileShown(page, '[data-testid="load-progress"]')
    await page.locator('.status-region', { hasText: '已取消读取“cancel.txt”' }).waitFor()
    await page.getByTestId('load-progress').waitFor({ state: 'detached' })
    expect(await page.locator('.status-region').textContent()).not.toContain('已载入 cancel.txt')
    expect(await page.locator('.summary-item[data-key="scale"] dd').textContent()).toBe(scale)
  }, 120_000)
})

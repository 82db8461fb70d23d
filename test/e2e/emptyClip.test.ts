import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

describe('threshold 0', () => {
  it('says how many codes the values land on, the same count as the summary', async () => {
    const page = await h.open('#/lab?lang=en&dist=uniform&n=10000&seed=42&outlier=10&calib=manual&t=0')
    const notice = page.locator('[data-key="empty-clip"]')
    await notice.waitFor()
    const codes = await page.locator('.summary-item[data-key="codes"] dd').textContent()
    const used = /^([\d,]+)/.exec(codes!.trim())![1]
    expect(await notice.textContent()).toContain(`${used} code`)
    expect(await notice.textContent()).not.toContain('single point')
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

describe('reload in the middle of a drag', () => {
  it('keeps the last step of the drag (the coalesced link write lands before the page goes)', async () => {
    const page = await h.open('#/lab?lang=en&dist=uniform&n=10000&seed=42&outlier=10')
    const slider = page.getByRole('slider', { name: /threshold/i })
    await slider.waitFor()
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    const box = (await page.locator('[data-chart="histogram"] .hit-area').boundingBox())!
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2)
    await page.mouse.down()
    // many quick steps: the link replacements are coalesced, so the last ones are still pending at the end
    for (let i = 1; i <= 30; i++)
      await page.mouse.move(box.x + box.width * (0.5 + (0.25 * i) / 30), box.y + box.height / 2)
    const last = Number(await slider.getAttribute('aria-valuenow'))
    expect(last).toBeGreaterThan(1)
    await page.reload()
    await slider.waitFor()
    const after = Number(await slider.getAttribute('aria-valuenow'))
    expect(after).toBe(last)
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { writeNpy } from '../../helpers/writeNpy'
import { setupHarness } from '../harness'
import { expectSane, openLoader, scaleText, sourceLine, upload } from './common'

const h = setupHarness()

describe('hostile files: a rejected file never replaces the data, before or after a reload', () => {
  it('files the engine refuses leave the good data in place, say so once, and a reload brings it back', async () => {
    const page = await h.open('#/lab?lang=en')
    await openLoader(page)
    const good = Array.from({ length: 64 }, (_, i) => Math.sin(i) * 2)
    await upload(page, 'good.npy', writeNpy(good, [64]))
    await page.locator('.source-line', { hasText: '64 values' }).waitFor()
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    // the source line can change before the good file's own result replaces the traitor's on screen:
    // read the kept scale once it is the good data's (symmetric min-max: max|x| / 127)
    const expected = Math.max(...good.map(Math.abs)) / 127
    await expect
      .poll(async () => Math.abs(Number(await scaleText(page)) / expected - 1), { timeout: 20_000 })
      .toBeLessThan(1e-9)
    const scale = await scaleText(page)
    const rejected: [string, ArrayBuffer | string][] = [
      ['huge.npy', writeNpy([1e308, -1e308, 0, 1], [4])],
      ['huge.csv', '1.7e308, -1.7e308'],
    ]
    for (const [name, data] of rejected) {
      await upload(page, name, data)
      const alert = page.locator('.alert-region .notice.error', { hasText: name })
      await alert.waitFor()
      expect(await alert.count(), `${name}: said once`).toBe(1)
      expect(await alert.textContent()).toContain('was not loaded')
      expect(await alert.textContent()).toContain('float64')
      // nothing claims it was loaded
      expect(await page.locator('.status-region').textContent()).not.toContain(`Loaded ${name}`)
      expect(await sourceLine(page)).toContain('64 values')
      expect(await scaleText(page)).toBe(scale)
      await expectSane(page, name)
    }
    // the same file twice: still one message
    await upload(page, 'huge.csv', '1.7e308, -1.7e308')
    await page.waitForTimeout(300)
    expect(await page.locator('.alert-region .notice.error', { hasText: 'huge.csv' }).count()).toBe(1)
    await page.reload()
    await page.locator('.source-line', { hasText: '64 values' }).waitFor()
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: scale ?? '' }).waitFor()
    await expectSane(page, 'after reload')
  })

  it('narrow data far from zero and subnormal data load, survive a reload and are quantized', async () => {
    const page = await h.open('#/lab?lang=en')
    await openLoader(page)
    const narrow = Array.from({ length: 100 }, (_, i) => 1e6 + i * 1e-11)
    await upload(page, 'narrow.npy', writeNpy(narrow, [100]))
    await page.locator('.source-line', { hasText: '100 values' }).waitFor()
    await page.locator('.status-region', { hasText: 'Loaded narrow.npy' }).waitFor()
    expect(await page.locator('.alert-region .notice.error').count()).toBe(0)
    await expectSane(page, 'narrow')

    await upload(page, 'tiny.npy', writeNpy([1e-310, -1e-310, 2e-310, 0], [4]))
    await page.locator('.source-line', { hasText: '4 values' }).waitFor()
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: 'e-31' }).waitFor()
    await expectSane(page, 'tiny')
    await page.reload()
    await page.locator('.source-line', { hasText: '4 values' }).waitFor()
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: 'e-31' }).waitFor()
    await page.locator('.hist-bars').first().waitFor()
    await expectSane(page, 'tiny after reload')
    await h.screenshot(page, 'hostile-tiny-loaded')
  })
})

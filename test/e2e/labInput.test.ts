import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { writeNpy } from '../helpers/writeNpy'
import { setupHarness } from './harness'

const h = setupHarness()

async function openLoader(page: Page) {
  await page.locator('.summary-item[data-key="scale"]').waitFor()
  await page.getByLabel('Source').selectOption('loaded')
  await page.getByTestId('file-input').waitFor({ state: 'attached' })
}

async function upload(page: Page, name: string, data: ArrayBuffer | string) {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(new Uint8Array(data))
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer })
}

async function alertText(page: Page, name?: string) {
  // text files are read asynchronously (in the text worker): wait for the alert about this file
  const alert = page.locator('.alert-region .notice.error', name ? { hasText: name } : {}).last()
  await alert.waitFor()
  return alert.textContent()
}

describe('Lab input: loading data and bad input', () => {
  it('loads a 2-D .npy, switches per-channel on, and survives bad files without losing it', async () => {
    const page = await h.open('#/lab?lang=en')
    await openLoader(page)
    const w: number[] = []
    for (let r = 0; r < 8; r++) for (let c = 0; c < 16; c++) w.push(Math.sin(r * 16 + c) * (r + 1) * 0.1)
    await upload(page, 'weights.npy', writeNpy(w, [8, 16], { descr: '<f4' }))
    await page.locator('[data-chart="per-channel"]').waitFor()
    expect(await page.locator('.source-line').textContent()).toContain('128 values, shape 8 × 16')
    const scale = await page.locator('.summary-item[data-key="scale"] dd').textContent()

    const good = writeNpy([1, 2, 3, 4], [4])
    const cases: [string, ArrayBuffer | string, string][] = [
      ['cut.npy', good.slice(0, good.byteLength - 3), 'cut short'],
      [
        'complex.npy',
        (() => {
          const b = new Uint8Array(writeNpy([1, 2], [2]))
          const s = new TextDecoder('latin1').decode(b).replace("'<f8'", "'<c8'")
          return Uint8Array.from(s, (ch) => ch.charCodeAt(0)).buffer
        })(),
        'cannot read',
      ],
      ['words.csv', '1, 2, three, 4', 'not a number'],
      ['empty.txt', '', 'contains no values'],
      ['junk.npy', '\u0093NUMPX garbage garbage', 'not a NumPy .npy file'],
    ]
    for (const [name, data, expected] of cases) {
      await upload(page, name, data)
      const text = await alertText(page, name)
      expect(text, name).toContain(name)
      expect(text, name).toContain(expected)
      expect(text, name).toContain('Nothing was changed')
      // the previous data and settings stay
      expect(await page.locator('.summary-item[data-key="scale"] dd').textContent()).toBe(scale)
    }
    await h.screenshot(page, 'lab-loaded-errors-en')
  })

  it('drops NaN/Inf with a visible count, and says so for a constant zero tensor', async () => {
    const page = await h.open('#/lab?lang=zh-CN')
    await openLoaderZh(page)
    await upload(page, 'holes.csv', '0.5, nan, -1, inf, 2, -inf')
    await page.locator('.status-region .notice', { hasText: '3' }).first().waitFor()
    expect(await page.locator('.status-region').textContent()).toMatch(/3.*(NaN|无穷)/)
    await page.locator('.source-line', { hasText: '3' }).waitFor()
    await upload(page, 'zeros.txt', '0 0 0 0')
    await page.locator('.summary-strip .notice').waitFor()
    const body = await page
      .locator('.lab-main .summary-strip, .lab-main .lab-grid')
      .allTextContents()
      .then((t) => t.join(' '))
    expect(body).not.toContain('NaN')
    expect(body).not.toContain('Infinity')
    // the formulas follow too (they say why there are none instead of showing the previous tensor's)
    await page.waitForFunction(
      () =>
        document.querySelector('.formulas') !== null &&
        document.querySelectorAll('.formulas .formula').length === 0,
    )
    await h.screenshot(page, 'lab-zero-range-zh')
  })

  it('refuses N above 10,000,000 typed into the form, keeping the old value', async () => {
    const page = await h.open('#/lab?lang=en')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    const n = page.getByLabel('Size N')
    await n.fill('20000000')
    await n.press('Enter')
    await page.getByRole('alert').filter({ hasText: 'Enter a number from 1 to 10000000' }).waitFor()
    expect(page.url()).not.toContain('n=20000000')
  })

  it('clamps N above the limit in a link, with a notice', async () => {
    const page = await h.open('#/lab?lang=en&n=50000000&dist=normal')
    await page.locator('[data-message="link-notices"]').waitFor()
    expect(await page.locator('[data-message="link-notices"]').textContent()).toContain('using 10000000')
  })
})

async function openLoaderZh(page: Page) {
  await page.locator('.summary-item[data-key="scale"]').waitFor()
  await page.getByLabel('数据来源').selectOption('loaded')
  await page.getByTestId('file-input').waitFor({ state: 'attached' })
}

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupHarness } from '../harness'
import { expectSane } from './common'

const h = setupHarness()

/** Drop the problems a test provoked on purpose (failed loads it routed to 404 or cut off). */
function forgetExpected(pattern: RegExp) {
  const keep = h.problems.filter((p) => !pattern.test(p))
  h.problems.splice(0, h.problems.length, ...keep)
}

async function expectViewFailed(page: Page, text: RegExp) {
  const failed = page.locator('[data-view-failed]')
  await failed.waitFor()
  expect(await failed.textContent()).toMatch(text)
  expect(await failed.getByRole('button').count()).toBe(1)
  // the header still works
  expect(await page.locator('header nav a').count()).toBeGreaterThan(2)
}

describe('a view whose files fail to load does not blank the app', () => {
  it('the add view’s script answers 404: a message with a reload button; the Lab still works', async () => {
    const page = await h.open('#/lab?lang=en')
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    const scale = await page.locator('.summary-item[data-key="scale"] dd').textContent()
    await page.route('**/assets/AddView-*', (r) => r.fulfill({ status: 404, body: 'gone' }))
    await page.getByRole('link', { name: 'Quantized add' }).click()
    await expectViewFailed(page, /could not be loaded.*reload/i)
    await expectSane(page, 'add view failed')
    await h.screenshot(page, 'hostile-add-chunk-404')
    await page.getByRole('link', { name: 'One tensor' }).click()
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: scale ?? '' }).waitFor()
    expect(await page.locator('[data-view-failed]').count()).toBe(0)
    // once the file is back (a redeploy finished), coming back to the view loads it
    await page.unroute('**/assets/AddView-*')
    await page.getByRole('link', { name: 'Quantized add' }).click()
    await page.locator('[data-view="add"]').waitFor()
    forgetExpected(/404|AddView|Failed to fetch|dynamically imported|view lab-add failed/)
  })

  it('offline: the traitor page and the dense view say so in Chinese; the rest keeps working', async () => {
    const page = await h.open('#/lab?lang=zh-CN')
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    await page.context().setOffline(true)
    await page.getByRole('link', { name: '量化全连接', exact: true }).click()
    await expectViewFailed(page, /没能加载.*重新加载/)
    await page.getByRole('link', { name: '单个张量' }).click()
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    await page.evaluate(() => {
      location.hash = '#/traitor?lang=zh-CN'
    })
    await expectViewFailed(page, /没能加载/)
    await expectSane(page, 'traitor offline')
    await page.context().setOffline(false)
    await page.evaluate(() => {
      location.hash = '#/lab?lang=zh-CN'
    })
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    forgetExpected(
      /ERR_INTERNET_DISCONNECTED|preload CSS|Failed to fetch|dynamically imported|view .* failed|net::/,
    )
  })
})

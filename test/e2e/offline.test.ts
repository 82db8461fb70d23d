// Offline classrooms: after one visit the service worker has every file of the build, so every view loads
// and reloads with the network off — in both languages; and a page without a service worker still works.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { CHAPTERS } from '../../src/state/route'
import { setupHarness } from './harness'

const h = setupHarness()

const ROUTES = [
  '/',
  '/lab',
  '/lab/add',
  '/lab/dense',
  '/traitor',
  '/model',
  '/model/accuracy',
  ...CHAPTERS.map((c) => `/learn/${c}`),
]

describe('offline after the first visit', () => {
  it('says it is saved for offline use, then every view loads and reloads offline', async () => {
    const page = await h.open('#/?lang=en', { serviceWorkers: 'allow' })
    // the notice appears once every precached file is stored
    await expect.poll(() => page.locator('[data-pwa="offline-ready"]').count(), { timeout: 60_000 }).toBe(1)
    await page.getByRole('button', { name: 'OK' }).click()
    await expect.poll(() => page.locator('[data-pwa="offline-ready"]').count()).toBe(0)
    await page.context().setOffline(true)
    for (const route of ROUTES) {
      for (const lang of ['en', 'zh-CN']) {
        await page.goto(`${h.baseUrl}/#${route}?lang=${lang}`)
        await page.reload()
        const heading = page.locator('main h1').first()
        await heading.waitFor({ timeout: 20_000 })
        expect((await heading.innerText()).trim().length, `${route} ${lang}`).toBeGreaterThan(0)
        expect(await page.locator('html').getAttribute('lang')).toBe(lang)
        // views that compute wait for their first result; none may be stuck on an error
        await expect.poll(() => page.locator('.notice.error').count(), { timeout: 10_000 }).toBe(0)
      }
    }
    await h.screenshot(page, 'offline-lab')
    await page.context().setOffline(false)
  }, 240_000)

  it('a new version announces itself and reloads only when the user agrees', async () => {
    const page = await h.open('#/lab?lang=zh-CN', { serviceWorkers: 'allow' })
    await page.evaluate(() => navigator.serviceWorker.ready)
    // the second visit is the one the worker controls (an update is offered to controlled pages)
    await page.reload()
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
      .toBe(true)
    // a "deploy": the service worker script changes, the page checks for it
    appendFileSync(join(inject('distDir'), 'sw.js'), `\n// deploy ${Date.now()}\n`)
    await page.evaluate(() => {
      ;(window as unknown as { marker: number }).marker = 1
    })
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration()
      await reg?.update()
    })
    const prompt = page.getByText('量化实验室有新版本了。')
    await prompt.waitFor({ timeout: 60_000 })
    await page.waitForTimeout(1000)
    // still the same page: nothing reloaded on its own
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1)
    await h.screenshot(page, 'update-prompt-zh')
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '立即刷新' }).click()])
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined()
    await expect.poll(() => page.getByText('量化实验室有新版本了。').count()).toBe(0)
  }, 120_000)
})

import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

describe('app shell', () => {
  it('opens the home page in English and tells the traitor story', async () => {
    const page = await h.open('#/?lang=en')
    await page.getByRole('heading', { level: 1 }).waitFor()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Quant Lab')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    const story = await page.getByTestId('story-minmax').textContent()
    expect(story).toContain('0.0787402')
    expect(story).toContain('27 of the 255')
    await h.screenshot(page, 'home-en')
  })

  it('opens the home page in Chinese from the browser language', async () => {
    const page = await h.open('#/', { locale: 'zh-CN' })
    await page.getByRole('heading', { level: 1 }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/\p{Script=Han}/u)
    await h.screenshot(page, 'home-zh')
  })

  it('switches language and keeps it in the link', async () => {
    const page = await h.open('#/?lang=en')
    const nav = page.getByRole('navigation')
    expect(await nav.textContent()).toContain('Lab')
    await page.getByRole('button', { name: /Switch to Chinese/ }).click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    expect(await nav.textContent()).toContain('实验室')
    expect(page.url()).toContain('lang=zh-CN')
    await nav.getByRole('link', { name: '实验室' }).click()
    await page.waitForURL(/#\/lab/)
    expect(page.url()).toContain('lang=zh-CN')
  })

  it('shows a not-found page for an unknown route, with a way home', async () => {
    const page = await h.open('#/nowhere?lang=en')
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await page.getByRole('link', { name: 'Go to the home page' }).click()
    await page.getByTestId('story-minmax').waitFor()
  })

  it('looks right on a phone-sized screen', async () => {
    const page = await h.open('#/?lang=zh-CN', { viewport: { width: 390, height: 844 } })
    await page.getByTestId('story-minmax').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(1)
    await h.screenshot(page, 'home-phone-zh')
  })
})

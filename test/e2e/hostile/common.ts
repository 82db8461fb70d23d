/**
 * Shared checks of the hostile suite: the page is not blank, shows no NaN or "undefined", and the Lab's key
 * figures and source line can be read.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The visible text of the page (innerText: only what is rendered). */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText)
}

/** Not blank, and no NaN / "undefined" anywhere in the visible text. */
export async function expectSane(page: Page, what: string) {
  const text = await visibleText(page)
  expect(text.trim().length, `${what}: blank page`).toBeGreaterThan(200)
  expect(page.locator('header').first(), `${what}: header`).toBeTruthy()
  expect(await page.locator('header').count(), `${what}: the app shell is gone`).toBeGreaterThan(0)
  expect(text, `${what}: NaN on screen`).not.toMatch(/\bNaN\b/)
  expect(text, `${what}: "undefined" on screen`).not.toMatch(/\bundefined\b/)
}

export async function scaleText(page: Page): Promise<string | null> {
  return page.locator('.summary-item[data-key="scale"] dd').textContent()
}

export async function sourceLine(page: Page): Promise<string | null> {
  return page.locator('.source-line').textContent()
}

export async function openLoader(page: Page) {
  await page.locator('.summary-item[data-key="scale"]').waitFor()
  await page.getByLabel('Source').selectOption('loaded')
  await page.getByTestId('file-input').waitFor({ state: 'attached' })
}

export async function upload(page: Page, name: string, data: ArrayBuffer | string) {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(new Uint8Array(data))
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer })
}

import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

describe('classroom mode', () => {
  it('enlarges type, hides the chosen parts, steps with the arrows and leaves with Esc', async () => {
    const page = await h.open('#/traitor?lang=en&present=1&hide=code,steps&step=symmetric')
    await page.getByTestId('step-output').waitFor()
    const fontSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)
    expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(24)
    expect(await page.locator('.code-block[data-hide-id="code"]').isVisible()).toBe(false)
    expect(await page.locator('nav.step-nav').isVisible()).toBe(false)
    expect(await page.getByTestId('step-output').isVisible()).toBe(true)
    await h.screenshot(page, 'present-traitor-en')
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(/step=percentile/)
    expect(page.url()).toContain('present=1')
    expect(page.url()).toContain('hide=code%2Csteps')
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => !document.documentElement.classList.contains('present'))
    expect(await page.locator('nav.step-nav').isVisible()).toBe(true)
  })

  // at 24 px the header's tools went to a second row on a 1280 px laptop (a header of 136 px out of 900)
  for (const lang of ['en', 'zh-CN'])
    it(`keeps the header to one row at 1280 px (${lang})`, async () => {
      const page = await h.open(`#/traitor?lang=${lang}&present=1`)
      await page.locator('.header-tools').waitFor()
      const m = await page.evaluate(() => {
        const mid = (sel: string) => {
          const r = document.querySelector(sel)!.getBoundingClientRect()
          return r.top + r.height / 2
        }
        return {
          height: document.querySelector('.app-header')!.getBoundingClientRect().height,
          apart: Math.abs(mid('.brand') - mid('.header-tools')),
        }
      })
      expect(m.height).toBeLessThan(80)
      expect(m.apart).toBeLessThan(8)
    })

  it('ignores parts it does not know in hide=', async () => {
    const page = await h.open('#/lab?lang=en&present=1&hide=controls,bogus')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    expect(await page.locator('aside.lab-controls').isVisible()).toBe(false)
    expect(await page.evaluate(() => document.documentElement.className)).not.toContain('bogus')
    await h.screenshot(page, 'present-lab-en')
  })

  it('builds a validated classroom link from the current view', async () => {
    const page = await h.open('#/traitor?lang=en&step=kl')
    await page.getByRole('button', { name: 'Classroom link…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Make a classroom link' })
    await dialog.waitFor()
    await dialog.getByLabel('Python code (step-through)').check()
    await dialog.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    const link = await dialog.getByLabel('Classroom link').inputValue()
    expect(link).toContain('#/traitor?')
    const q = new URLSearchParams(link.split('?')[1])
    expect(q.get('step')).toBe('kl')
    expect(q.get('present')).toBe('1')
    expect(q.get('hide')).toBe('code')
    expect(q.get('lang')).toBe('zh-CN')
    // a modal dialog: the page under the backdrop is inert, and Tab goes round the dialog's own controls
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(true)
    for (let k = 0; k < 15; k++) {
      await page.keyboard.press(k % 5 === 4 ? 'Shift+Tab' : 'Tab')
      expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true)
    }
    await dialog.getByRole('link', { name: 'Open it now' }).click()
    await page.waitForFunction(() => document.documentElement.classList.contains('present'))
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    expect(await page.locator('.code-block[data-hide-id="code"]').isVisible()).toBe(false)
    // and the dialog is gone: it stayed open over the classroom view (now in Chinese, so not found by its name)
    await page.waitForTimeout(300)
    expect(await page.locator('[role="dialog"]').count()).toBe(0)
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(false)
  })

  it('steps through a lesson’s sections with the arrow keys, on into the next chapter', async () => {
    const page = await h.open('#/learn/linear?lang=en&present=1')
    await page.locator('.learn-title').waitFor()
    const ids = await page
      .locator('.learn-article [id^="sec-"]')
      .evaluateAll((els) => els.map((e) => e.id.slice(4)))
    expect(ids.length).toBeGreaterThan(1)
    await page.locator('body').click({ position: { x: 2, y: 300 } })
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(new RegExp(`sec=${ids[0]}`))
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(new RegExp(`sec=${ids[1]}`))
    await page.keyboard.press('ArrowLeft')
    await page.waitForURL(new RegExp(`sec=${ids[0]}`))
    for (let i = 1; i < ids.length; i++) await page.keyboard.press('ArrowRight')
    await page.waitForURL(new RegExp(`sec=${ids[ids.length - 1]}`))
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(/#\/learn\/symmetric/)
    expect(page.url()).toContain('present=1')
  })
})

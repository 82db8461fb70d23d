import { describe, expect, it } from 'vitest'
import golden from '../fixtures/seed-notes.json'
import { setupHarness } from './harness'

const h = setupHarness()

describe('the traitor step-through', () => {
  it('prints the notes’ two failure blocks character for character', async () => {
    const page = await h.open('#/traitor?lang=en&step=symmetric')
    const out = page.getByTestId('step-output')
    await out.waitFor()
    expect(await out.textContent()).toContain(golden.numpy_failure_text.traitor_symmetric_minmax)
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(/step=percentile/)
    expect(await out.textContent()).toContain(golden.numpy_failure_text.traitor_symmetric_percentile)
    await h.screenshot(page, 'traitor-percentile-en')
  })

  it('steps with the keyboard and keeps every step in the link', async () => {
    const page = await h.open('#/traitor?lang=en')
    await page.getByTestId('step-output').waitFor()
    expect(await page.locator('[data-step]').getAttribute('data-step')).toBe('seed')
    // seeding draws nothing: no histogram of x1 before the step that draws it
    expect(await page.locator('[data-chart^="traitor-"]').count()).toBe(0)
    await page.keyboard.press('End')
    await page.waitForURL(/step=kl/)
    await page.keyboard.press('Home')
    await page.waitForURL(/step=seed/)
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(/step=draw/)
    await page.locator('[data-chart="traitor-draw-histogram"]').waitFor()
    const draw = await page.getByTestId('step-output').textContent()
    expect(draw).toContain(String(golden.rng.x1_first5[0]))
    expect(draw).toContain(String(golden.rng.x1_first5[1]))
    await page.goBack()
    await page.waitForURL(/step=seed/)
  })

  it('opens at the step a link names, with the notes’ numbers', async () => {
    const page = await h.open('#/traitor?lang=zh-CN&step=traitor')
    const out = page.getByTestId('step-output')
    await out.waitFor()
    expect(await page.locator('[data-step]').getAttribute('data-step')).toBe('traitor')
    expect(await out.textContent()).toContain(String(golden.add.traitor_asymmetric.w1))
    expect(await out.textContent()).toContain('Mismatched elements: 1981 / 10000')
    await h.screenshot(page, 'traitor-traitor-zh')
  })

  it('shows the clean parameters of the notes', async () => {
    const page = await h.open('#/traitor?lang=en&step=params')
    const text = await page.getByTestId('step-output').textContent()
    const g = golden.add.clean_asymmetric
    expect(text).toContain(`${g.w1} ${g.b1} ${g.w2} ${g.b2}`)
  })
})

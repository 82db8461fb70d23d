import { describe, expect, it } from 'vitest'
import { absHistogram, entropyCalibrate, notesInputs } from '../../src/core'
import { setupHarness } from './harness'

const h = setupHarness()

async function summaryValue(page: import('playwright-core').Page, key: string) {
  return (await page.locator(`.summary-item[data-key="${key}"] dd`).textContent())?.trim()
}

describe('the Lab', () => {
  it('shows the traitor preset: scale 10/127 and 27 of 255 codes for the inliers', async () => {
    const page = await h.open('#/lab?lang=en')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    expect(await summaryValue(page, 'scale')).toBe(String(Number((10 / 127).toPrecision(10))))
    expect(await page.locator('[data-key="inliers"]').textContent()).toContain('only 27 of the 255 codes')
    expect(await summaryValue(page, 'codes')).toBe('28 of 255')
    // the KL curve explains its infinite candidates, counted by the core
    const { x1 } = notesInputs({ traitor: 10 })
    const curve = entropyCalibrate(absHistogram(x1, 2048))
    const inf = curve.values.filter((v) => v === Infinity).length
    expect(inf).toBeGreaterThan(0)
    expect(await page.getByTestId('kl-infinite').textContent()).toContain(
      `${inf.toLocaleString('en-US')} of the ${curve.values.length.toLocaleString('en-US')} candidates`,
    )
    await h.screenshot(page, 'lab-traitor-en')
  })

  it('drags the threshold with the keyboard and the mouse, writes the link, and goes back', async () => {
    const page = await h.open('#/lab?lang=en&dist=uniform&n=10000&seed=42&outlier=10')
    const slider = page.getByRole('slider', { name: /threshold/i })
    await slider.waitFor()
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBe(10)
    await slider.focus()
    await page.keyboard.press('Home')
    await page.waitForFunction(
      () => document.querySelector('[role="slider"]')?.getAttribute('aria-valuenow') === '0',
    )
    await page.waitForURL(/calib=manual/)
    await page.keyboard.press('ArrowRight')
    await page.waitForURL(/t=0\.02/)
    await page.waitForFunction(
      () => document.querySelector('[role="slider"]')?.getAttribute('aria-valuenow') === '0.02',
    )
    await page.locator('.summary-item[data-key="range"] dd', { hasText: '[-0.02, 0.02]' }).waitFor()
    // mouse drag: the plot spans ±1.05·max|x| = ±10.5, so 11.5/21 of the way across is x = 1. The drag starts
    // once the page has settled (no computation under way), as a person's would: on a busy machine the panels
    // may still be redrawing and moving the chart
    await page.locator('.busy .spinner').waitFor({ state: 'detached' })
    await page.waitForTimeout(300)
    const box = (await page.locator('[data-chart="histogram"] .hit-area').boundingBox())!
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + (box.width * 11.5) / 21, box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    await page.waitForFunction(
      () =>
        Math.abs(Number(document.querySelector('[role="slider"]')?.getAttribute('aria-valuenow')) - 1) < 0.1,
    )
    const dragged = Number(await slider.getAttribute('aria-valuenow'))
    expect(dragged).toBeCloseTo(1, 1)
    const scale = String(Number((dragged / 127).toPrecision(10)))
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: scale }).waitFor()
    // the link follows a drag within a few frames (replacements are coalesced)
    await page.waitForURL((u) => u.href.includes(`t=${dragged}`))
    // Back returns to the state before the drag (the keyboard's 0.02), in one step
    await page.goBack()
    await page.waitForFunction(
      () => document.querySelector('[role="slider"]')?.getAttribute('aria-valuenow') === '0.02',
    )
    expect(page.url()).toMatch(/t=0\.02/)
  })

  // per channel every channel has its own grid: the summary, the histogram and the grid say so, and the clipped
  // count they give is the channels' (the error panel's), not one of the whole tensor's range
  it('says, per channel, that each channel has its own grid', async () => {
    const page = await h.open(
      '#/lab?lang=en&dist=normal&rows=8&n=4096&spread=1&gran=channel&calib=percentile',
    )
    await page.locator('[data-chart="per-channel"] .ch-verdict').waitFor()
    expect(await summaryValue(page, 'scale')).toBe('one per channel (8)')
    expect(await summaryValue(page, 'range')).toBe('one per channel')
    const hist = await page.locator('[data-chart="histogram"] .chart-summary').textContent()
    expect(hist).toContain('Quantized per channel')
    const clipped = /(\d[\d,]*) values? lies? outside/.exec(hist!)![1]
    expect(await page.locator('[data-chart="error"]').textContent()).toContain(`${clipped} / 4,096`)
    expect(await page.locator('[data-chart="grid"] .chart-summary').textContent()).toContain(
      'each channel has its own grid of 255 codes',
    )
    // asymmetric: every channel has its own offset too
    await page.evaluate(() => (location.hash += '&scheme=asymmetric'))
    await expect.poll(() => summaryValue(page, 'offset')).toBe('one per channel')
  })

  it('undoes and redoes with Ctrl+Z and Ctrl+Shift+Z', async () => {
    const page = await h.open('#/lab?lang=en&n=1000')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    await page.getByRole('radio', { name: 'Asymmetric' }).check()
    await page.locator('.summary-item[data-key="zp"], .summary-item[data-key="offset"]').first().waitFor()
    await page.waitForURL(/scheme=asymmetric/)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    await page.waitForFunction(() => !location.hash.includes('scheme=asymmetric'))
    await page.keyboard.press('Control+Shift+z')
    await page.waitForURL(/scheme=asymmetric/)
  })

  it('reports bad link parameters as text and keeps working', async () => {
    const page = await h.open(
      '#/lab?lang=en&n=abc&bits=99&dist=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&zzz=1',
    )
    await page.locator('[data-message="link-notices"]').waitFor()
    const text = await page.locator('[data-message="link-notices"]').textContent()
    expect(text).toContain('“n”')
    expect(text).toContain('“bits” = “99” is out of range; using 16')
    expect(text).toContain('<img src=x onerror=alert(1)>')
    expect(await page.locator('.notices img').count()).toBe(0)
    await page.locator('.summary-item[data-key="scale"]').waitFor()
  })
})

import { describe, expect, it } from 'vitest'
import { setupHarness } from '../harness'
import { expectSane } from './common'

const h = setupHarness()

function forgetExpected(pattern: RegExp) {
  const keep = h.problems.filter((p) => !pattern.test(p))
  h.problems.splice(0, h.problems.length, ...keep)
}

describe('a worker that fails does not leave the page spinning', () => {
  it('the Lab’s worker script answers 404: the Lab computes on the page and says so', async () => {
    const page = await h.open('#/?lang=en')
    await page.route('**/assets/lab.worker-*', (r) => r.fulfill({ status: 404, body: 'gone' }))
    await page.goto(`${h.baseUrl}/#/lab?lang=en&dist=normal&n=20000`)
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    await page.locator('[data-message="worker.fallback"]').waitFor()
    expect(await page.locator('[data-message="worker.fallback"]').textContent()).toContain(
      'computing on this page',
    )
    // a new tensor is computed on the page's engine too
    await page.evaluate(() => {
      location.hash = '#/lab?lang=en&dist=uniform&lo=-2&hi=2&n=5000'
    })
    await page.locator('.source-line', { hasText: '5,000 values' }).waitFor()
    await expectSane(page, 'lab without worker')
    forgetExpected(/404|lab\.worker/)
  })

  it('the Lab’s worker blocked at N = 10⁶: the page computes in slices and stays responsive', async () => {
    const page = await h.open('#/?lang=en')
    await page.route('**/assets/lab.worker-*', (r) => r.fulfill({ status: 404, body: 'gone' }))
    await page.goto(`${h.baseUrl}/#/lab?lang=en&dist=normal&n=2000`)
    await page.locator('[data-message="worker.fallback"]').waitFor()
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    // a counter the page advances every 10 ms, noting when it gets a turn; the turns between the new link and
    // the end of the computation show whether the page stayed responsive (counting them only while the spinner
    // showed, from 150 ms on, gave 3 on a fast machine, where the computation is over soon after)
    await page.evaluate(() => {
      const w = window as unknown as { turns: number[]; done: number }
      w.turns = []
      w.done = 0
      setInterval(() => {
        const t = performance.now()
        w.turns.push(t)
        // the first turn after the new tensor is shown with nothing computing: the computation's end
        if (
          w.done === 0 &&
          /1,000,000|1000000/.test(document.querySelector('.source-line')?.textContent ?? '') &&
          document.querySelector('.busy .spinner') === null
        )
          w.done = t
      }, 10)
    })
    const start = await page.evaluate(() => {
      location.hash = '#/lab?lang=en&dist=student-t&df=4&n=1000000&rows=100&spread=0.5'
      return performance.now()
    })
    await page.locator('.source-line', { hasText: /1,000,000|1000000/ }).waitFor({ timeout: 60_000 })
    await page.locator('.busy .spinner').waitFor({ state: 'detached', timeout: 60_000 })
    const { turns, end } = await page.evaluate(() => {
      const w = window as unknown as { turns: number[]; done: number }
      return { turns: w.turns, end: w.done }
    })
    expect(end).toBeGreaterThan(start)
    const during = turns.filter((t) => t > start && t <= end)
    // one task for the whole computation would give the counter a turn or two; in slices it gets many, and no
    // gap between turns comes near the whole computation's time
    expect(during.length).toBeGreaterThanOrEqual(5)
    let gap = 0
    for (let k = 1; k < during.length; k++) gap = Math.max(gap, during[k] - during[k - 1])
    expect(gap).toBeLessThan((end - start) / 2)
    expect(await page.locator('[data-message="worker.fallback"]').textContent()).toContain(
      'computing on this page',
    )
    await h.screenshot(page, 'lab-fallback-1e6')
    await expectSane(page, 'lab without worker at 10⁶')
    forgetExpected(/404|lab\.worker/)
  })

  it('the ops worker blocked: the add view computes on the page, in Chinese', async () => {
    const page = await h.open('#/?lang=en')
    await page.route('**/assets/ops.worker-*', (r) => r.abort())
    await page.goto(`${h.baseUrl}/#/lab/add?lang=zh-CN`)
    await page.locator('[data-view="add"] .summary-item').first().waitFor()
    await page.locator('[data-message="worker.fallback"]').waitFor()
    expect(await page.locator('[data-message="worker.fallback"]').textContent()).toContain('后台线程不可用')
    await expectSane(page, 'add without worker')
    forgetExpected(/ops\.worker|net::ERR_FAILED/)
  })

  it('no Worker at all: the Lab still computes', async () => {
    const page = await h.open('#/?lang=en')
    await page.addInitScript(() => {
      Object.defineProperty(window, 'Worker', { value: undefined, configurable: true, writable: true })
    })
    await page.goto(`${h.baseUrl}/#/lab?lang=en`)
    // (a hash change keeps the document: reload so the init script runs before the app)
    await page.reload()
    await page.locator('.summary-item[data-key="scale"] dd').waitFor()
    await page.locator('[data-message="worker.fallback"]', { hasText: 'no Web Workers' }).waitFor()
    await expectSane(page, 'lab with no Worker')
  })
})

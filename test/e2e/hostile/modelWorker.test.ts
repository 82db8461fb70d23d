// The model view's worker dies after MobileNet has loaded in it, at the view's first report (an init script
// wraps the page's Worker): the table fills from the page's own engine, the layer and the settings asked for are
// kept, and the notice says in the user's language that the model is computed on this page, and why. Before,
// the layer table said "Computing…" for ever.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupHarness } from '../harness'
import { expectSane } from './common'

const h = setupHarness()
const DW2 = 'MobilenetV1/Conv2d_2_depthwise/depthwise_weights'

/** Opens `hash` with a Worker whose model worker dies as `death` says when the page first asks for a report. */
async function openDying(hash: string, death: 'error' | 'messageerror'): Promise<Page> {
  const page = await h.open('#/?lang=en')
  await page.addInitScript((how: string) => {
    const Real = window.Worker
    const w = window as unknown as { modelWorkerDied: boolean }
    w.modelWorkerDied = false
    class Dying extends Real {
      private model: boolean
      private dead = false
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts)
        this.model = String(url).includes('model.worker')
      }
      override postMessage(data: unknown, transfer?: Transferable[] | StructuredSerializeOptions) {
        if (this.dead) return
        const m = data as { type?: string; path?: unknown[] } | null
        if (this.model && m?.type === 'APPLY' && m.path?.[0] === 'report') {
          // the worker is gone (as when the browser ends it for memory), and the page is told as a browser would
          this.dead = true
          w.modelWorkerDied = true
          super.terminate()
          setTimeout(() => {
            this.dispatchEvent(
              how === 'error'
                ? new ErrorEvent('error', {
                    message: 'Uncaught RangeError: Array buffer allocation failed',
                    cancelable: true,
                  })
                : new MessageEvent('messageerror'),
            )
          }, 0)
          return
        }
        super.postMessage(data, transfer as Transferable[])
      }
    }
    window.Worker = Dying
  }, death)
  await page.goto(`${h.baseUrl}/${hash}`)
  // (a hash change keeps the document: reload so the init script runs before the app)
  await page.reload()
  return page
}

async function filled(page: Page) {
  // read again and reported on the page, on a machine that may be busy
  await page.locator('.model-table tbody tr').first().waitFor({ timeout: 50_000 })
  expect(await page.locator('.model-table tbody tr').count()).toBe(47)
  expect(await page.evaluate(() => (window as unknown as { modelWorkerDied: boolean }).modelWorkerDied)).toBe(
    true,
  )
}

describe('the model view when its worker dies after the model loaded', () => {
  it('fills the table on the page, keeps the layer and the bits, and says why', async () => {
    const page = await openDying(`#/model?lang=en&bits=6&layer=${encodeURIComponent(DW2)}`, 'error')
    await filled(page)
    const notice = page.locator('[data-message="model.workerFallback"]')
    expect(await notice.textContent()).toBe(
      '“MobileNetV1” is read and computed on this page: its background worker is not available (Uncaught RangeError: Array buffer allocation failed). Large models are slower and may pause the page briefly.',
    )
    expect(await page.locator('.model-table tr.selected').getAttribute('data-layer')).toBe(DW2)
    expect(await page.locator('.model-settings output').textContent()).toBe('6')
    // the selected layer's detail is computed on the page too
    await page.locator('.detail-charts').waitFor()
    expect(await page.locator('.model-settings [role="status"]').count()).toBe(0)
    // a later request (new settings) is answered on the page
    await page.getByLabel('Fold BatchNorm into the convolution before quantizing').uncheck()
    await page.waitForFunction(() => location.hash.includes('fold=0'))
    await page.waitForFunction(
      (name) => {
        const row = document.querySelector(`.model-table tr[data-layer="${name}"]`)
        return row !== null && !row.textContent.includes('BatchNorm folded')
      },
      DW2,
      { timeout: 30_000 },
    )
    const hash = await page.evaluate(() => location.hash)
    expect(hash).toContain('bits=6')
    expect(decodeURIComponent(hash)).toContain(`layer=${DW2}`)
    await expectSane(page, 'model worker died')
  })

  it('says so in Chinese when a message of the worker could not be read', async () => {
    const page = await openDying('#/model?lang=zh-CN', 'messageerror')
    await filled(page)
    expect(await page.locator('[data-message="model.workerFallback"]').textContent()).toBe(
      '“MobileNetV1”改在本页面读取和计算：它的后台线程不可用（有一条消息无法读取）。大模型会慢一些，页面可能短暂停顿。',
    )
    await expectSane(page, 'model worker died, zh-CN')
  })
})

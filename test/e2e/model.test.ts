import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { zipSync } from 'fflate'
import protobuf from 'protobufjs/light'
import { describe, expect, it } from 'vitest'
import { writeNpy } from '../helpers/writeNpy'
import { floatToHalf, writeSafetensors } from '../../src/models'
import { ONNX_SCHEMA } from '../../src/models/onnx'
import { setupHarness } from './harness'

const require = createRequire(import.meta.url)

/** axe-core's serious and critical violations on the page (as test/e2e/a11y.test.ts checks the other views) */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          opts: object,
        ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>
      }
    }
    const r = await w.axe.run(document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      )
  })
}

const h = setupHarness()
const DW2 = 'MobilenetV1/Conv2d_2_depthwise/depthwise_weights'

async function table(page: Page) {
  // the shipped model is fetched and reported in a worker; the machine running the tests may be busy
  await page.locator('.model-table tbody tr').first().waitFor({ timeout: 50_000 })
}

const row = (page: Page, name: string) => page.locator(`.model-table tr[data-layer="${name}"]`)
const cell = async (page: Page, name: string, cls: string) =>
  (await row(page, name).locator(cls).textContent())!.trim()

async function upload(page: Page, files: { name: string; bytes: Uint8Array | ArrayBuffer }[]) {
  await page.getByTestId('model-files').setInputFiles(
    files.map((f) => ({
      name: f.name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(f.bytes instanceof ArrayBuffer ? new Uint8Array(f.bytes) : f.bytes),
    })),
  )
}

describe('#/model: a real model, layer by layer', () => {
  it('shows MobileNetV1 layer by layer, and folding BatchNorm costs the depthwise layers per-tensor SQNR', async () => {
    const page = await h.open('#/model?lang=en')
    await table(page)
    // 14 backbone convolutions, 13 depthwise, 8 SSD head convolutions, 12 box predictors
    expect(await page.locator('.model-table tbody tr').count()).toBe(47)
    expect(await page.locator('.model-table tbody tr.kind-depthwise').count()).toBe(13)
    expect(await page.getByTestId('model-params').textContent()).toBe('5,535,057')
    expect(await row(page, DW2).textContent()).toContain('BatchNorm folded')
    expect(await row(page, DW2).locator('.extras li').count()).toBe(4)
    expect(await page.locator('.model-about').textContent()).toContain('0.698')
    const folded = Number(await cell(page, DW2, '.sqnr-t'))
    const perChannel = Number(await cell(page, DW2, '.sqnr-c'))
    expect(perChannel).toBeGreaterThan(folded)
    await h.screenshot(page, 'model-en-desktop')
    expect(await axe(page)).toEqual([])

    await page.getByLabel('Fold BatchNorm into the convolution before quantizing').uncheck()
    await page.waitForFunction(() => location.hash.includes('fold=0'))
    await page.waitForFunction(
      ([name, before]) =>
        document.querySelector(`.model-table tr[data-layer="${name}"] .sqnr-t`)?.textContent?.trim() !==
        before,
      [DW2, String(folded)] as const,
    )
    const unfolded = Number(await cell(page, DW2, '.sqnr-t'))
    // unfolded, the stored depthwise kernel's channels are alike; folding multiplies channels by γ/√(σ² + ε)
    expect(unfolded).toBeGreaterThan(folded + 3)
    expect(await row(page, DW2).textContent()).not.toContain('BatchNorm folded')
    // a pointwise layer has no separate BatchNorm: folding does not touch it
    expect(await cell(page, 'MobilenetV1/Conv2d_2_pointwise/weights', '.sqnr-t')).not.toBe('')
  })

  it('loads a .safetensors and a .npz written here, survives a broken file, and opens a layer in the Lab', async () => {
    const page = await h.open('#/model?lang=en')
    await table(page)
    const w = Float32Array.from({ length: 16 * 8 }, (_, i) => Math.sin(i) * (1 + (i % 16)))
    const st = writeSafetensors([
      { name: 'fc1.weight', dtype: 'F32', shape: [16, 8], bytes: new Uint8Array(w.buffer) },
      { name: 'fc1.bias', dtype: 'F32', shape: [16], bytes: new Uint8Array(new Float32Array(16).buffer) },
      {
        name: 'fc2.weight',
        dtype: 'F16',
        shape: [4, 16],
        bytes: new Uint8Array(Uint16Array.from({ length: 64 }, (_, i) => floatToHalf(Math.cos(i))).buffer),
      },
    ])
    await upload(page, [{ name: 'tiny.safetensors', bytes: st }])
    await page.locator('.model-table tr[data-layer="fc1.weight"]').waitFor()
    await page.waitForFunction(() => location.hash.includes('src=loaded'))
    expect(await page.locator('.model-table tbody tr').count()).toBe(2)
    expect(await row(page, 'fc1.weight').textContent()).toContain('fc1.bias')

    const npz = zipSync({
      'conv.weight.npy': [
        new Uint8Array(
          writeNpy(
            Array.from({ length: 8 * 3 * 3 * 3 }, (_, i) => Math.tan(i % 7) / 3),
            [8, 3, 3, 3],
            { descr: '<f4' },
          ),
        ),
        { level: 6 },
      ],
      'conv.bias.npy': [
        new Uint8Array(writeNpy(new Array(8).fill(0.5), [8], { descr: '>f8' })),
        { level: 0 },
      ],
    })
    await upload(page, [{ name: 'conv.npz', bytes: npz }])
    await page.locator('.model-table tr[data-layer="conv.weight"]').waitFor()
    expect(await row(page, 'conv.weight').textContent()).toContain('conv')

    // a broken file: a clear message naming it; the model shown stays
    await upload(page, [{ name: 'broken.safetensors', bytes: st.slice(0, st.length - 10) }])
    const alert = page.locator('.notices[role="alert"] .notice.error').last()
    await alert.waitFor()
    expect(await alert.textContent()).toContain('broken.safetensors')
    expect(await alert.textContent()).toContain('cut short')
    expect(await row(page, 'conv.weight').count()).toBe(1)
    await upload(page, [{ name: 'shard.bin', bytes: new Uint8Array(8) }])
    await page.locator('.notices[role="alert"] .notice.error', { hasText: 'shard.bin' }).waitFor()
    expect(
      await page.locator('.notices[role="alert"] .notice.error', { hasText: 'shard.bin' }).textContent(),
    ).toContain('manifest that describes it')

    // ONNX initializers: protobufjs is loaded in the worker only now
    const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto')
    const onnx = Model.encode(
      Model.fromObject({
        graph: {
          initializer: [
            {
              name: 'head.weight',
              dims: [3, 5],
              dataType: 1,
              floatData: Array.from({ length: 15 }, (_, i) => i / 7 - 1),
            },
            { name: 'head.bias', dims: [3], dataType: 1, floatData: [0, 0, 0] },
          ],
        },
      }),
    ).finish()
    await upload(page, [{ name: 'head.onnx', bytes: onnx }])
    await page.locator('.model-table tr[data-layer="head.weight"]').waitFor()
    await upload(page, [{ name: 'conv.npz', bytes: npz }])
    await page.locator('.model-table tr[data-layer="conv.weight"]').waitFor()

    await page.getByRole('button', { name: 'Show channels of conv.weight' }).click()
    await page.locator('[data-chart="model-channel-max"]').waitFor()
    await page.getByRole('button', { name: 'Open in the Lab' }).click()
    await page.waitForFunction(
      () => location.hash.startsWith('#/lab') && location.hash.includes('dist=loaded'),
    )
    expect(await page.evaluate(() => location.hash)).toContain('gran=channel')
    await page.locator('.source-line').waitFor()
    expect(await page.locator('.source-line').textContent()).toContain('8 × 27')
    // and every figure is of that tensor, per channel: the engine computes on it, not on the Lab's default
    // tensor, which the Lab's first render sent after the model page had handed the layer over
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: 'one per channel (8)' }).waitFor()
    // Back returns to the model, which was kept
    await page.goBack()
    await page.locator('.model-table tr[data-layer="conv.weight"]').waitFor()
  })

  it('opens a MobileNet layer in the Lab: its figures per channel, its long name wrapped in the settings', async () => {
    const page = await h.open(
      `#/model?lang=en&layer=${encodeURIComponent('MobilenetV1/Conv2d_2_pointwise/weights')}`,
    )
    await page.getByRole('button', { name: 'Open in the Lab' }).click()
    await page.waitForFunction(
      () => location.hash.startsWith('#/lab') && location.hash.includes('dist=loaded'),
    )
    // the figures are the layer's (128 output channels), not the Lab's default tensor's
    await page.locator('.summary-item[data-key="scale"] dd', { hasText: 'one per channel (128)' }).waitFor()
    // "MobileNetV1 · MobilenetV1/Conv2d_2_pointwise/weights" has no space to break at: it widened the settings
    // column past its box, which then scrolled sideways
    const controls = await page
      .locator('.lab-controls')
      .evaluate((el) => ({ over: el.scrollWidth - el.clientWidth, text: el.textContent ?? '' }))
    expect(controls.text).toContain('Conv2d_2_pointwise')
    expect(controls.over).toBeLessThanOrEqual(0)
  })

  it('a weight holding NaN or ∞: said so, no figures of error, not opened in the Lab; its neighbour still is', async () => {
    const page = await h.open('#/model?lang=zh-CN&src=digits-mlp')
    await table(page)
    const bad = Float32Array.from({ length: 6 * 4 }, (_, i) => Math.cos(i))
    bad[3] = NaN
    bad[7] = Infinity
    const good = Float32Array.from({ length: 4 * 6 }, (_, i) => Math.sin(i))
    await upload(page, [
      {
        name: 'nan.safetensors',
        bytes: writeSafetensors([
          { name: 'a.weight', dtype: 'F32', shape: [6, 4], bytes: new Uint8Array(bad.buffer) },
          { name: 'b.weight', dtype: 'F32', shape: [4, 6], bytes: new Uint8Array(good.buffer) },
        ]),
      },
    ])
    await row(page, 'a.weight').waitFor()
    expect(await page.getByTestId('non-finite-notice').textContent()).toContain('2 层中有 1 层')
    expect(await row(page, 'a.weight').getByTestId('non-finite-tag').textContent()).toContain('2 个')
    expect(await cell(page, 'a.weight', '.sqnr-t')).toBe('—')
    expect(Number(await cell(page, 'b.weight', '.sqnr-t'))).toBeGreaterThan(20)
    await page.getByRole('button', { name: '查看 a.weight 的各通道' }).click()
    await page.getByTestId('non-finite-detail').waitFor()
    expect(await page.getByRole('button', { name: '在实验室中打开' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: '查看 b.weight 的各通道' }).click()
    await page.getByRole('button', { name: '在实验室中打开' }).click()
    await page.waitForFunction(
      () => location.hash.startsWith('#/lab') && location.hash.includes('dist=loaded'),
    )
    await page.locator('.source-line').waitFor()
    expect(await page.locator('.source-line').textContent()).toContain('4 × 6')
  })

  it('reads in Chinese, links a layer and bit width, and fits a phone', async () => {
    const page = await h.open(`#/model?lang=zh-CN&bits=4&layer=${encodeURIComponent(DW2)}`, {
      viewport: { width: 390, height: 844 },
    })
    await table(page)
    expect(await page.locator('h1').textContent()).toBe('真实模型的权重，逐层看')
    expect(await row(page, DW2).getAttribute('aria-selected')).toBe('true')
    await page.locator('[data-chart="model-channel-max"]').waitFor()
    expect(await page.locator('.model-detail h2').textContent()).toContain(DW2)
    expect(await page.locator('.model-table thead').textContent()).toContain('逐张量 SQNR')
    // at 4 bits a layer keeps ~24 dB less than at 8: every row is below 35 dB per tensor
    const t4 = Number(await cell(page, DW2, '.sqnr-t'))
    expect(t4).toBeLessThan(20)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await h.screenshot(page, 'model-zh-phone')
    expect(await axe(page)).toEqual([])
  })

  it('says what it did with a parameter it does not know, another version and a source it has not, in Chinese', async () => {
    const page = await h.open('#/model?lang=zh-CN&v=2&foo=1&src=bogus')
    const notices = page.locator('[data-message="link-notices"] li')
    await notices.first().waitFor()
    expect(await notices.allTextContents()).toEqual([
      '这个链接来自第 2 版的参数格式，已按第 1 版读取。',
      '已忽略未知的链接参数“foo”。',
      '链接参数“src”的值“bogus”无效，已改用 mobilenet。',
    ])
    // the shipped model is shown; a change writes the link anew, with this version and without what was bad
    await table(page)
    await page.getByRole('button', { name: '关闭' }).click()
    await page.getByLabel('权重位数').fill('4')
    await page.waitForFunction(() => location.hash.includes('bits=4'))
    const hash = await page.evaluate(() => location.hash)
    expect(hash).toBe('#/model?v=1&bits=4&lang=zh-CN')
    expect(await page.locator('[data-message="link-notices"]').count()).toBe(0)
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const h = setupHarness()

describe('Lab export and drawing', () => {
  it('exports a chart as SVG and PNG, the data as CSV, and the view as numpy', async () => {
    const page = await h.open('#/lab?lang=en&n=1000&seed=42&outlier=10')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    const hist = page.locator('[data-chart="histogram"]')

    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      hist.getByRole('button', { name: /as SVG/ }).click(),
    ])
    expect(svg.suggestedFilename()).toBe('histogram.svg')
    const svgText = readFileSync(await svg.path(), 'utf8')
    expect(svgText).toContain('<svg')
    expect(svgText).toContain('hist-bars')
    // the layers the page moves with CSS come out where the page shows them: the right clip region starts at
    // the handle (the threshold, 10 here) and the left one ends at the twin (−10)
    const { handle, twin, regions } = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      const at = (el: Element) => {
        const m = /translate\(([-\d.e]+)/.exec(el.parentElement!.getAttribute('transform') ?? '')
        return Number(m?.[1] ?? NaN) + Number(el.getAttribute('x1') ?? 0)
      }
      const lineIn = (sel: string) => doc.querySelector(sel)!
      // the handle's line lies in its group, which sits in the layer's translated group
      const g = lineIn('g.threshold-handle')
      const handleAt =
        Number(/translate\(([-\d.e]+)/.exec(g.parentElement!.getAttribute('transform')!)![1]) +
        Number(/translate\(([-\d.e]+)/.exec(g.getAttribute('transform')!)![1])
      return {
        handle: handleAt,
        twin: at(lineIn('line.handle-twin')),
        regions: [...doc.querySelectorAll('rect.clip-region')].map((r) => [
          Number(r.getAttribute('x')),
          Number(r.getAttribute('x')) + Number(r.getAttribute('width')),
        ]),
      }
    }, svgText)
    expect(regions).toHaveLength(2)
    expect(Math.abs(regions[0][1] - twin)).toBeLessThan(1)
    expect(Math.abs(regions[1][0] - handle)).toBeLessThan(1)
    expect(handle - twin).toBeGreaterThan(100)

    const [png] = await Promise.all([
      page.waitForEvent('download'),
      hist.getByRole('button', { name: /as PNG/ }).click(),
    ])
    expect(png.suggestedFilename()).toBe('histogram.png')
    const pngBytes = readFileSync(await png.path())
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG')

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV', exact: true }).click(),
    ])
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('index,x,q,x_hat')
    expect(lines).toHaveLength(1001)
    // x1[0] is the traitor 10: code 127, back to 10
    expect(lines[1]).toBe('0,10,127,10')
    expect(lines[2].split(',')[1]).toBe('0.9014286128198323')

    await page.getByRole('button', { name: 'As numpy' }).click()
    const code = await page.locator('.snippet code').textContent()
    expect(code).toContain('np.random.seed(42)')
    expect(code).toContain('x = np.random.uniform(-1, 1, 1000)')
    expect(code).toContain('x.flat[0:1] = 10')
  })

  it('exports the threshold names above the plot whole', async () => {
    // three calibrators' thresholds close together: their names take three rows above the plot (the third sat
    // 4 px above the chart's own box, and the file's view box once cut it off; the chart now has room for it)
    const page = await h.open('#/lab?lang=en&dist=normal&n=100000&calib=manual&t=2')
    await page.locator('.summary-item[data-key="scale"]').waitFor()
    const hist = page.locator('[data-chart="histogram"]')
    await expect.poll(() => hist.locator('text.marker-label').count()).toBeGreaterThanOrEqual(3)
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      hist.getByRole('button', { name: /as SVG/ }).click(),
    ])
    const text = readFileSync(await svg.path(), 'utf8')
    // drawn on its own, every name lies inside the file's view box
    const outside = await page.evaluate((markup) => {
      const host = document.createElement('div')
      host.innerHTML = markup
      document.body.appendChild(host)
      const root = host.querySelector('svg')!
      const [x, y, w, hgt] = root.getAttribute('viewBox')!.split(' ').map(Number)
      const out = [...root.querySelectorAll('text.marker-label')]
        .map((t) => (t as SVGTextElement).getBBox())
        .filter(
          (b) =>
            b.x < x - 0.5 || b.y < y - 0.5 || b.x + b.width > x + w + 0.5 || b.y + b.height > y + hgt + 0.5,
        )
        .map((b) => [b.x, b.y, b.width, b.height])
      host.remove()
      return { out, top: y }
    }, text)
    expect(outside.top).toBeLessThanOrEqual(0)
    expect(outside.out).toEqual([])
  })

  it('samples N values from a density drawn with the pointer, and keeps the drawing in the link', async () => {
    const page = await h.open('#/lab?lang=en&dist=drawn&n=5000')
    const pad = page.locator('svg.draw-surface')
    await pad.waitFor()
    const box = (await pad.boundingBox())!
    await page.mouse.move(box.x + 2, box.y + box.height - 2)
    await page.mouse.down()
    for (let i = 0; i <= 20; i++) {
      // a ramp rising to the right
      await page.mouse.move(box.x + (box.width * i) / 20, box.y + box.height * (1 - i / 20) + 1)
    }
    await page.mouse.up()
    await page.waitForURL(/draw=[0-9a-z]{32}/)
    const draw = new URLSearchParams(page.url().split('?')[1]).get('draw')!
    expect(parseInt(draw[31], 36)).toBeGreaterThan(parseInt(draw[2], 36))
    await page.locator('.source-line', { hasText: '5,000 values' }).waitFor()
    await page.reload()
    await page.locator('svg.draw-surface').waitFor()
    expect(new URLSearchParams(page.url().split('?')[1]).get('draw')).toBe(draw)
  })
})

import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupHarness } from './harness'

const require = createRequire(import.meta.url)
const h = setupHarness()

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Run axe-core in the page and return the serious and critical violations. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> }
    }
    const r = await w.axe.run(document, { resultTypes: ['violations'] })
    return r.violations
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
}

describe('accessibility (axe-core: no serious or critical violation)', () => {
  const pages: [string, string, string][] = [
    ['home', '#/?lang=en', '[data-testid="story-minmax"]'],
    ['lab', '#/lab?lang=zh-CN', '.summary-item[data-key="scale"]'],
    ['traitor', '#/traitor?lang=en&step=percentile', '[data-testid="step-output"]'],
    ['learn', '#/learn/calibration?lang=en', '.learn-title'],
    ['add', '#/lab/add?lang=en', '.summary-item'],
    ['dense', '#/lab/dense?lang=zh-CN', '.summary-item'],
    ['add traitor', '#/lab/add?lang=zh-CN&aoutlier=10', '[data-panel="verdict"]'],
    [
      'dense asymmetric KL',
      '#/lab/dense?lang=en&scheme=asymmetric&xdist=relu-normal&xcalib=entropy&sel=0',
      '[data-panel="eq7"]',
    ],
    ['add chapter', '#/learn/add?lang=en', '[data-panel="verdict"]'],
    ['formats chapter', '#/learn/formats?lang=zh-CN', '[data-testid="sq-summary"]'],
    [
      'lab formats',
      '#/lab?lang=en&dist=normal&n=8192&rows=32&gran=group&fmt=nf4',
      '[data-testid="fmt-sweep"]',
    ],
    ['dense smoothquant', '#/lab/dense?lang=en&batch=16&k=64&xout=20', '[data-testid="sq-after"]'],
  ]
  for (const [name, hash, ready] of pages) {
    it(name, async () => {
      const page = await h.open(hash)
      await page.locator(ready).first().waitFor()
      await page.waitForTimeout(300)
      expect(await axe(page)).toEqual([])
    })
  }
})

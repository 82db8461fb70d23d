import { describe, expect, it } from 'vitest'
import { setupHarness } from '../harness'
import { expectSane } from './common'

const h = setupHarness()

/** Every view, opened with links a hostile user (or a typo) could send. */
const LINKS: [string, string][] = [
  ['#/lab?lang=en&dist=uniform&lo=-1e-310&hi=1e-310', '.summary-item[data-key="scale"] dd'],
  ['#/lab?lang=en&dist=uniform&lo=0&hi=1e-310&calib=entropy', '.summary-item[data-key="scale"] dd'],
  ['#/lab?lang=en&dist=uniform&lo=-1e-307&hi=1e-307&calib=mse', '.summary-item[data-key="scale"] dd'],
  ['#/lab?lang=en&dist=drawn&dlo=-1e-310&dhi=1e-310', '.summary-item[data-key="scale"] dd'],
  // a 2-D subnormal tensor: every MSE underflows to 0, the per-channel view included
  [
    '#/lab?lang=en&dist=uniform&lo=-1e-310&hi=1e-310&n=30000&rows=10',
    '[data-chart="per-channel"] .ch-verdict',
  ],
  ['#/lab?lang=en&dist=uniform&lo=-1e-300&hi=1e-300', '[data-key="mse-underflow"]'],
  ['#/lab?lang=zh-CN&dist=normal&mu=1e6&sigma=1e-9', '.summary-item[data-key="scale"] dd'],
  [
    '#/lab?lang=en&dist=normal&mu=1e6&sigma=1e-9&calib=entropy&variant=tvm',
    '.summary-item[data-key="scale"] dd',
  ],
  ['#/lab?lang=en&dist=loaded', '[data-message="lab.loadedMissing"]'],
  // a range past float32 under PyTorch's convention: its own message, in the page's language
  ['#/lab?lang=zh-CN&dist=lognormal&mu=100&conv=pytorch', '[data-message="lab.errorFloat32"]'],
  [
    '#/lab?lang=en&dist=%3Cimg%20src=x%3E&t=abc&bits=-3&n=lots&seed=1e400',
    '.summary-item[data-key="scale"] dd',
  ],
  ['#/lab/add?lang=en&n=-5&aoutlier=1e308', '[data-view="add"] .summary-item'],
  ['#/lab/dense?lang=zh-CN&k=0&nout=1e9', '[data-view="dense"]'],
  ['#/traitor?lang=en&step=%3Cscript%3E', 'main h1'],
  ['#/learn/nowhere?lang=en&sec=999', 'main'],
  ['#/learn/range?lang=zh-CN&sec=-1', 'main h1'],
  ['#/%00?lang=xx', 'main'],
]

describe('hostile links: every view renders, with no page error, NaN or "undefined"', () => {
  for (const [link, ready] of LINKS) {
    it(link, async () => {
      const page = await h.open(link)
      await page.locator(ready).first().waitFor()
      await page.waitForTimeout(300)
      await expectSane(page, link)
      // no claim of an infinite gain where both MSEs are equal
      expect(await page.locator('body').innerText()).not.toContain('∞×')
    })
  }
})

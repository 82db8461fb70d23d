import type { Page } from 'playwright-core'

/**
 * Clicks a button inside a passing element (a progress bar's Cancel) in the page turn that first finds the
 * element, checked every frame, and returns that turn's performance.now(). A locator's click first waits for
 * the button to hold still over two frames and scrolls to it; on a loaded host, or a fast one, the work the
 * bar stands for could end in that wait, and the click then waited for a button that was gone.
 */
export async function pressWhileShown(
  page: Page,
  container: string,
  opts: { containerText?: string; button?: string; timeout?: number } = {},
): Promise<number> {
  const handle = await page.waitForFunction(
    ({ container, containerText, button }) => {
      const box = document.querySelector(container)
      if (!box || (containerText && !box.textContent?.includes(containerText))) return 0
      const target = [...box.querySelectorAll('button')].find((b) => !button || b.textContent === button)
      if (!target || target.getClientRects().length === 0) return 0
      target.click()
      return performance.now()
    },
    { container, containerText: opts.containerText, button: opts.button },
    { polling: 'raf', timeout: opts.timeout ?? 30_000 },
  )
  return handle.jsonValue()
}

import { findBrowser, INSTALL_HINT } from '../../scripts/find-browser.mjs'

/** The browser the end-to-end tests drive (see scripts/find-browser.mjs); throws the install hint without one. */
export function chromiumPath(): string {
  const found = findBrowser()
  if (found === null) throw new Error(INSTALL_HINT)
  return found.path
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
]

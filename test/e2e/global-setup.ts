// Builds the production app once before the end-to-end tests, so they drive the real built output.
import { existsSync } from 'node:fs'
import { build } from 'vite'
import { chromiumPath } from './chromium'

export default async function setup() {
  if (!existsSync(chromiumPath())) {
    throw new Error(
      `Chromium was not found at ${chromiumPath()}. The end-to-end tests need it: on Debian/Ubuntu run ` +
        '`sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    )
  }
  await build({ logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } })
}

/**
 * Vite plugin: ships the MobileNetV1 weights of `@vladmandic/face-api` (MIT; the SSD MobileNetV1 face
 * detector's TensorFlow.js weights manifest and its shard) with the app, without committing model
 * binaries: `vite build` copies them into `dist/models/mobilenet/`, and the dev server serves them from
 * node_modules at the same path. The page fetches them from its own origin only when `#/model` opens them.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

export const MOBILENET_DIR = 'models/mobilenet'
const MANIFEST = 'ssd_mobilenetv1_model-weights_manifest.json'

function modelDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model')
}

/** the manifest and every shard it names */
function files(): string[] {
  const manifest = JSON.parse(readFileSync(join(modelDir(), MANIFEST), 'utf8')) as { paths: string[] }[]
  return [MANIFEST, ...manifest.flatMap((g) => g.paths)]
}

export function mobilenetAssets(): Plugin {
  return {
    name: 'quantlab-mobilenet-assets',
    configureServer(server) {
      const names = new Set(files())
      server.middlewares.use((req, res, next) => {
        const m = /^\/(?:.*\/)?models\/mobilenet\/([^/?]+)/.exec(req.url ?? '')
        if (!m || !names.has(m[1])) return next()
        const body = readFileSync(join(modelDir(), m[1]))
        res.setHeader(
          'Content-Type',
          m[1].endsWith('.json') ? 'application/json' : 'application/octet-stream',
        )
        res.setHeader('Content-Length', String(body.length))
        res.end(body)
      })
    },
    generateBundle() {
      for (const f of files())
        this.emitFile({
          type: 'asset',
          fileName: `${MOBILENET_DIR}/${f}`,
          source: readFileSync(join(modelDir(), f)),
        })
    },
  }
}

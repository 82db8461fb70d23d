import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { mobilenetAssets } from './scripts/mobilenetAssets'

// One config for the app, the static build and the three test projects.
// `base: './'` lets the built app run from any folder of a static host (routing is hash-based).
export default defineConfig({
  base: './',
  plugins: [react(), mobilenetAssets()],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', sourcemap: false },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['test/component/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/setup-dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
})

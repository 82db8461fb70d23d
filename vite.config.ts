import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { mobilenetAssets } from './scripts/mobilenetAssets.ts'
import { traitorStoryModule } from './scripts/traitorStoryModule.ts'
import { VitePWA } from 'vite-plugin-pwa'

// One config for the app, the static build and the three test projects.
// `base: './'` lets the built app run from any folder of a static host (routing is hash-based).
export default defineConfig({
  base: './',
  plugins: [
    react(),
    // emits the shipped MobileNet weights into the bundle, so the offline cache below includes them
    mobilenetAssets(),
    // the home page's story, computed by the core at build time (src/learn/traitorStory.ts)
    traitorStoryModule(),
    // Offline and installable (classrooms have bad Wi-Fi): Workbox precaches every file of the build — the
    // lazily loaded views, the chapters, KaTeX's fonts, shipped models and data — so after the first visit
    // the whole app works offline. 'prompt': a new version waits until the user agrees to reload
    // (src/app/UpdatePrompt.tsx). Nothing is fetched from elsewhere; no runtime caching of other origins.
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      includeAssets: ['icons/icon.svg'],
      manifest: {
        name: 'Quant Lab · 量化实验室',
        short_name: 'Quant Lab',
        description: 'An interactive, bilingual explainer of int8 quantization.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#fbfaf7',
        theme_color: '#0072b2',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // KaTeX ships each font as woff2, woff and ttf; every browser that runs the app reads woff2
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,woff2,json,bin,safetensors,csv,gz,onnx}'],
        // shipped model weights are several MB
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', sourcemap: false },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup-fast-check.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['test/component/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/setup-fast-check.ts', 'test/setup-dom.ts'],
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

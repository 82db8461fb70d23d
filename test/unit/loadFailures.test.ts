import { afterEach, describe, expect, it, vi } from 'vitest'
import { AccuracyEngine } from '../../src/engine/accuracyEngine'
import { engineCode, isChunkLoadError } from '../../src/engine/engineError'
import { ModelEngine } from '../../src/models/engine'

afterEach(() => vi.unstubAllGlobals())

describe('failed downloads are coded, so the pages word them in the user’s language', () => {
  it('recognises a failed chunk load in each browser’s words, and nothing else', () => {
    for (const m of [
      'Failed to fetch dynamically imported module: https://x.test/assets/onnx-1a2b.js',
      'error loading dynamically imported module: https://x.test/assets/onnx-1a2b.js',
      'Importing a module script failed.',
      'Unable to preload CSS for /assets/LabPage-1a2b.css',
    ])
      expect(isChunkLoadError(new TypeError(m)), m).toBe(true)
    expect(isChunkLoadError(new TypeError('Failed to fetch'))).toBe(false)
    expect(isChunkLoadError(new Error('chart broke'))).toBe(false)
  })

  it('a shipped model whose request fails (offline, blocked) is a network failure, not “unknown”', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const out = await new ModelEngine().load(
      { urls: [{ name: 'digits-mlp.safetensors', url: 'https://x.test/models/digits-mlp.safetensors' }] },
      { mobilenet: false },
      () => undefined,
    )
    expect(out).toMatchObject({ ok: false, code: 'network', file: 'digits-mlp.safetensors' })
  })

  it('the accuracy page’s network or data that cannot be fetched is a coded refusal', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    let message = ''
    try {
      await new AccuracyEngine().load('mlp', 'https://x.test/')
    } catch (e) {
      message = (e as Error).message
    }
    const c = engineCode(message)
    expect(c?.code).toBe('network')
    expect(c?.detail).toMatch(/^digits/)
  })
})

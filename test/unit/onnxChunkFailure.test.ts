import { describe, expect, it, vi } from 'vitest'
import { ModelEngine } from '../../src/models/engine'

// the .onnx reader's chunk cannot be downloaded (offline, or a new version replaced it): the browser rejects
// the import with this TypeError (a throwing factory would be wrapped in vitest's own message, so the reader
// throws it as it is reached)
vi.mock('../../src/models/onnx', () => {
  const chunkError = () => {
    throw new TypeError('Failed to fetch dynamically imported module: https://x.test/assets/onnx-1a2b.js')
  }
  return { readOnnx: chunkError, readOnnxSteps: chunkError }
})

describe('the .onnx reader chunk that fails to load', () => {
  it('is a coded failure of its own, not the browser’s English as an unknown error', async () => {
    const file = new File([new Uint8Array([8, 7, 18, 0])], 'net.onnx')
    const out = await new ModelEngine().load({ files: [file] }, { mobilenet: false }, () => undefined)
    expect(out).toMatchObject({ ok: false, code: 'chunk', file: 'net.onnx' })
  })
})

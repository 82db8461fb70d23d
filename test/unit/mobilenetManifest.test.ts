import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mobilenetTensors } from '../../src/models/analyze'
import { parseManifest } from '../../src/models/tfjs'

// The model page says of the shipped MobileNetV1 (@vladmandic/face-api's SSD MobileNetV1 weights, copied into
// the build) that TensorFlow.js stores each tensor it shows as 8-bit codes, one byte per parameter: so it does.
describe('the shipped MobileNetV1 manifest', () => {
  const dir = join(
    dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
    'model',
  )
  const file = 'ssd_mobilenetv1_model-weights_manifest.json'
  const weights = parseManifest(file, readFileSync(join(dir, file))).flatMap((g) => g.weights)

  it('stores every tensor the model page shows as uint8 codes with a scale and a minimum', () => {
    const shown = mobilenetTensors(
      weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, data: new Float32Array(0) })),
    ).map((t) => t.name)
    expect(shown.length).toBeGreaterThan(100)
    for (const name of shown) {
      const q = weights.find((w) => w.name === name)!.quantization
      expect(q?.dtype, name).toBe('uint8')
      expect(q?.scale, name).toBeTypeOf('number')
      expect(q?.min, name).toBeTypeOf('number')
    }
  })
})

// TensorFlow.js manifests of the wrong shape: `weights: [null]` and `paths: [5]` failed as TypeErrors
// ("Cannot read properties of null", "p.replace is not a function"), which the page shows as an unknown error.
// They are refused as a header that is not valid, naming the manifest.
import { describe, expect, it } from 'vitest'
import { thrown } from '../helpers/thrown'
import { buildLayers } from '../../src/models/analyze'
import { ModelFileError } from '../../src/models'
import { readTfjs } from '../../src/models/tfjs'

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o))
const shard = { name: 's.bin', bytes: new Uint8Array(4) }
const good = { name: 'x/kernel', shape: [1, 1], dtype: 'float32' }

describe('tfjs manifests of the wrong shape', () => {
  it.each([
    ['a null weight', [{ paths: ['s.bin'], weights: [null] }]],
    ['a null weight after a good one', [{ paths: ['s.bin'], weights: [good, null] }]],
    ['a path that is a number', [{ paths: [5], weights: [] }]],
    ['a null path', [{ paths: [null], weights: [good] }]],
    ['a weight without a name', [{ paths: ['s.bin'], weights: [{ shape: [1, 1], dtype: 'float32' }] }]],
    ['a weight whose name is a number', [{ paths: ['s.bin'], weights: [{ ...good, name: 7 }] }]],
    ['a weight without a dtype', [{ paths: ['s.bin'], weights: [{ name: 'x', shape: [1, 1] }] }]],
    [
      'a null quantization dtype',
      [{ paths: ['s.bin'], weights: [{ ...good, quantization: { dtype: null } }] }],
    ],
    ['a quantization that is a number', [{ paths: ['s.bin'], weights: [{ ...good, quantization: 5 }] }]],
    [
      'a quantization scale that is a string',
      [{ paths: ['s.bin'], weights: [{ ...good, quantization: { dtype: 'uint8', scale: '0.5', min: 0 } }] }],
    ],
    [
      'a quantization min that is a string',
      [{ paths: ['s.bin'], weights: [{ ...good, quantization: { dtype: 'uint8', scale: 0.5, min: '0' } }] }],
    ],
    ['a group that is an array', [[]]],
    ['weights that are an object', [{ paths: [], weights: {} }]],
    ['a null group in model.json', { weightsManifest: [null] }],
  ])('%s: the header error', (_, manifest) => {
    const m = { name: 'model.json', bytes: enc(manifest) }
    const e = thrown(() => readTfjs(m, [shard]))
    expect(e).toBeInstanceOf(ModelFileError)
    expect(e).toMatchObject({ code: 'header', file: 'model.json' })
  })

  it('the layers of a model whose manifest has a null weight: the header error, not a TypeError', () => {
    const tensors = readTfjs({ name: 'model.json', bytes: enc([{ paths: ['s.bin'], weights: [good] }]) }, [
      shard,
    ])
    const bad = { name: 'model.json', bytes: enc([{ paths: ['s.bin'], weights: [good, null] }]) }
    expect(thrown(() => buildLayers(tensors, 'tfjs', bad))).toMatchObject({ code: 'header' })
    // a min that is a string was taken into the layer's quantization, for the page to format as a number
    const q = { ...good, quantization: { dtype: 'uint8', scale: 0.5, min: '-1' } }
    const strMin = { name: 'model.json', bytes: enc([{ paths: ['s.bin'], weights: [q] }]) }
    expect(thrown(() => buildLayers(tensors, 'tfjs', strMin))).toMatchObject({ code: 'header' })
  })

  it('a manifest of the right shape is read', () => {
    const q = { ...good, name: 'q/kernel', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }
    const m = {
      name: 'model.json',
      bytes: enc({ weightsManifest: [{ paths: ['dir/s.bin'], weights: [good, q] }] }),
    }
    const t = readTfjs(m, [{ name: 's.bin', bytes: Uint8Array.of(0, 0, 0x80, 0x3f, 6) }])
    expect(t.map((x) => [x.name, Array.from(x.data)])).toEqual([
      ['x/kernel', [1]],
      ['q/kernel', [2]],
    ])
  })
})

// A BatchNorm whose vectors are not all the layer's channel count is not folded. Only the running mean's length
// was checked: a gamma, beta or variance of another length made the fold throw a raw RangeError (the report
// failed as an unknown error). Each of the four is now checked, as the mean was.
import { describe, expect, it } from 'vitest'
import { buildLayers, ModelAnalysis } from '../../src/models/analyze'
import type { NamedTensor } from '../../src/models'

const T = (name: string, shape: number[], v = 1): NamedTensor => ({
  name,
  shape,
  dtype: 'F32',
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v),
})

/** a [4, 2, 3, 3] convolution and its PyTorch BatchNorm, `wrong` of its vectors given 5 values */
function model(wrong: string | null, scope = 'bn.'): NamedTensor[] {
  const names = ['weight', 'bias', 'running_mean', 'running_var'].map((n) => `${scope}${n}`)
  return [T('conv.weight', [4, 2, 3, 3], 0.5), ...names.map((n) => T(n, [n === wrong ? 5 : 4], 1))]
}

describe('BatchNorm vectors of the wrong length', () => {
  it.each(['bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'])(
    '%s of 5 values for 4 channels: not folded, reported as it is',
    (wrong) => {
      const ts = model(wrong)
      const [L] = buildLayers(ts, 'safetensors')
      expect(L.name).toBe('conv.weight')
      expect(L.bn).toBeNull()
      const r = new ModelAnalysis(ts, 'safetensors', 0).row('conv.weight', { bits: 8, group: 8, fold: true })
      expect(r.folded).toBe(false)
    },
  )

  it('TF names: a gamma of the wrong length is not folded', () => {
    const ts = [
      T('Net/conv/weights', [3, 3, 2, 4], 0.5),
      T('Net/conv/BatchNorm/gamma', [3]),
      T('Net/conv/BatchNorm/beta', [4]),
      T('Net/conv/BatchNorm/moving_mean', [4]),
      T('Net/conv/BatchNorm/moving_variance', [4]),
    ]
    const [L] = buildLayers(ts, 'tfjs')
    expect(L.bn).toBeNull()
    expect(new ModelAnalysis(ts, 'tfjs', 0).row(L.name, { bits: 8, group: 8, fold: true }).folded).toBe(false)
  })

  it('all four of the right length: folded', () => {
    const ts = model(null)
    const [L] = buildLayers(ts, 'safetensors')
    expect(L.bn).toMatchObject({ gamma: 'bn.weight', beta: 'bn.bias', variance: 'bn.running_var' })
    const r = new ModelAnalysis(ts, 'safetensors', 0).row('conv.weight', { bits: 8, group: 8, fold: true })
    expect(r.folded).toBe(true)
  })
})

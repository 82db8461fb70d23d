import { describe, expect, it } from 'vitest'
import { buildLayers, ModelAnalysis, mobilenetTensors } from '../../src/models/analyze'
import { compareRows } from '../../src/views/model/tableOrder'
import { foldBatchNorm, weightReport, type NamedTensor } from '../../src/models'

const T = (name: string, shape: number[], fill = (i: number) => Math.sin(i + name.length)): NamedTensor => ({
  name,
  shape,
  dtype: 'F32',
  data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i)),
})

describe('layers of a model', () => {
  it('groups TF BatchNorm and biases under their layer and uses the TF.js conventions', () => {
    const ts = [
      T('Net/Conv2d_1_depthwise/depthwise_weights', [3, 3, 4, 1]),
      T('Net/Conv2d_1_depthwise/BatchNorm/gamma', [4], () => 1),
      T('Net/Conv2d_1_depthwise/BatchNorm/beta', [4]),
      T('Net/Conv2d_1_depthwise/BatchNorm/moving_mean', [4]),
      T('Net/Conv2d_1_depthwise/BatchNorm/moving_variance', [4], (i) => [1, 1e-6, 4, 0.5][i]),
      T('Net/Conv2d_1_pointwise/weights', [1, 1, 4, 8]),
      T('Net/Conv2d_1_pointwise/convolution_bn_offset', [8]),
      T('Net/dense/kernel', [8, 3]),
    ]
    const L = buildLayers(ts, 'tfjs')
    expect(L.map((l) => [l.name, l.kind, l.defaultAxis, l.layout])).toEqual([
      ['Net/Conv2d_1_depthwise/depthwise_weights', 'depthwise', 2, 'HWC1'],
      ['Net/Conv2d_1_pointwise/weights', 'conv', 3, 'HWIO'],
      ['Net/dense/kernel', 'dense', 1, 'in×out'],
    ])
    expect(L[0].extras).toHaveLength(4)
    expect(L[0].bn?.epsilon).toBe(0.001)
    expect(L[0].params).toBe(36 + 16)
    expect(L[1].extras.map((e) => e.name)).toEqual(['Net/Conv2d_1_pointwise/convolution_bn_offset'])
    // folding in the report is foldBatchNorm along the depthwise channel axis
    const a = new ModelAnalysis(ts, 'tfjs', 0)
    const folded = a.row('Net/Conv2d_1_depthwise/depthwise_weights', { bits: 8, group: 8, fold: true })
    const bn = (k: number) => ts[k].data
    const w = foldBatchNorm(ts[0], {
      gamma: bn(1),
      beta: bn(2),
      mean: bn(3),
      variance: bn(4),
      epsilon: 0.001,
      axis: 2,
    })
    expect(folded.folded).toBe(true)
    expect(folded.perTensorSqnrDb).toBe(
      weightReport({ shape: [3, 3, 4, 1], data: w.weight }, { bits: 8, axis: 2 }).perTensorSqnrDb,
    )
    const plain = a.row('Net/Conv2d_1_depthwise/depthwise_weights', { bits: 8, group: 8, fold: false })
    // the channel with variance 1e-6 is scaled by ~31.6 and the others by ≤ 1: per tensor loses more to per channel
    expect(folded.channelRangeSpread).toBeGreaterThan(plain.channelRangeSpread * 10)
    expect(folded.perTensorSqnrDb).toBeLessThan(plain.perTensorSqnrDb)
    const gap = (r: typeof plain) => r.perChannelSqnrDb - r.perTensorSqnrDb
    expect(gap(folded)).toBeGreaterThan(gap(plain))
  })

  it('reads PyTorch layouts: OIHW, depthwise O1HW, Linear out×in, BatchNorm after its conv, embeddings', () => {
    const ts = [
      T('features.0.weight', [8, 3, 3, 3]),
      T('features.1.weight', [8]),
      T('features.1.bias', [8]),
      T('features.1.running_mean', [8]),
      T('features.1.running_var', [8], () => 1),
      T('features.1.num_batches_tracked', []),
      T('features.3.weight', [8, 1, 3, 3]),
      T('classifier.weight', [10, 8]),
      T('classifier.bias', [10]),
      T('tok_embeddings.weight', [50, 8]),
    ]
    const L = buildLayers(ts, 'safetensors')
    expect(L.map((l) => [l.kind, l.defaultAxis])).toEqual([
      ['conv', 0],
      ['depthwise', 0],
      ['dense', 0],
      ['embedding', 0],
    ])
    expect(L[0].bn).toMatchObject({
      mean: 'features.1.running_mean',
      gamma: 'features.1.weight',
      epsilon: 1e-5,
    })
    expect(L[0].extras.map((e) => e.name)).toContain('features.1.num_batches_tracked')
    expect(L[2].extras.map((e) => e.name)).toEqual(['classifier.bias'])
  })

  it('tells a one-channel input convolution from a depthwise one: [O, 1, k, k] is depthwise only after O outputs', () => {
    // the digits CNN as shipped (public/models/digits-cnn.safetensors): conv1 sees the one-channel image
    const digits = buildLayers(
      [
        T('conv1.weight', [8, 1, 3, 3]),
        T('conv1.bias', [8]),
        T('dw.weight', [8, 1, 3, 3]),
        T('dw.bias', [8]),
        T('pw.weight', [16, 8, 1, 1]),
        T('fc.weight', [10, 256]),
      ],
      'safetensors',
    )
    expect(digits.map((l) => [l.name, l.kind, l.layout])).toEqual([
      ['conv1.weight', 'conv', 'OIHW'],
      ['dw.weight', 'depthwise', 'O1HW'],
      ['pw.weight', 'conv', 'OIHW'],
      ['fc.weight', 'dense', 'out×in'],
    ])
    // after a layer with another number of outputs it cannot be depthwise (its input has 4 channels, not 6)
    const mixed = buildLayers([T('a.weight', [4, 3, 3, 3]), T('b.weight', [6, 1, 3, 3])], 'onnx')
    expect(mixed.map((l) => l.kind)).toEqual(['conv', 'conv'])
    // a 1-D convolution of a one-channel signal
    expect(buildLayers([T('c.weight', [5, 1, 7])], 'onnx').map((l) => [l.kind, l.layout])).toEqual([
      ['conv', 'OIW'],
    ])
  })

  it('reports one layer per slice, with its progress, to the same rows as the whole report', () => {
    const a = new ModelAnalysis([T('a', [4, 3]), T('b', [2, 5]), T('c', [3, 3])], 'npy', 0)
    const s = { bits: 6, group: 8, fold: false }
    const seen: number[] = []
    const steps = a.reportSteps(s, (done, total) => seen.push(done / total))
    let slices = 1
    let r = steps.next()
    while (!r.done) {
      slices++
      r = steps.next()
    }
    // a slice per layer: the model's worker can beat and stop between layers, the page can paint
    expect(slices).toBe(3)
    expect(seen).toEqual([1 / 3, 2 / 3, 1])
    expect(r.value).toEqual(a.report(s))
    expect(r.value.map((row) => row.name)).toEqual(['a', 'b', 'c'])
  })

  it('lays a weight out as channels × rest for the Lab, and lets the user pick the axis', () => {
    const w = T('k', [2, 3, 4], (i) => i)
    const a = new ModelAnalysis([w], 'npy', 0)
    const m = a.matrix('k', { bits: 8, group: 8, fold: false, axes: { k: 1 } })
    expect([m.rows, m.cols]).toEqual([3, 8])
    // channel 1 of axis 1: elements (o, 1, k) = o·12 + 4 + k
    expect(Array.from(m.data.subarray(8, 16))).toEqual([4, 5, 6, 7, 16, 17, 18, 19])
    expect(a.row('k', { bits: 8, group: 8, fold: false, axes: { k: 2 } }).channels).toBe(4)
    expect(a.row('k', { bits: 8, group: 8, fold: false, axes: { k: 7 } }).axis).toBe(0) // invalid → default
  })

  it('a weight holding NaN or ±∞: counted, no figures of error, the detail over its finite values', () => {
    const vals = [0.5, -1, NaN, 2, Infinity, -0.25, -Infinity, 1]
    const a = new ModelAnalysis([T('w', [2, 4], (i) => vals[i])], 'npy', 0)
    const s = { bits: 8, group: 2, fold: false }
    const r = a.row('w', s)
    expect(r.nonFinite).toBe(3)
    for (const v of [
      r.perTensorSqnrDb,
      r.perChannelSqnrDb,
      r.groupSqnrDb,
      r.channelRangeSpread,
      r.rmseOverScale,
    ])
      expect(v).toBeNaN()
    expect([r.min, r.max]).toEqual([-1, 2])
    const d = a.detail('w', s, 4)
    expect(Array.from(d.chMax)).toEqual([2, 1])
    expect([d.hist.lo, d.hist.hi]).toEqual([-1, 2])
    expect(d.hist.counts.reduce((x, y) => x + y, 0)).toBe(5)
    // a finite weight reports 0 of them, and its figures
    const ok = new ModelAnalysis([T('w', [2, 2], (i) => i + 1)], 'npy', 0).row('w', s)
    expect(ok.nonFinite).toBe(0)
    expect(Number.isFinite(ok.perTensorSqnrDb)).toBe(true)
  })

  it('the histogram of subnormal weights (whose bin width underflows to 0) counts every value', () => {
    const a = new ModelAnalysis([T('w', [2, 2], (i) => [0, 1e-322, 5e-323, 2e-323][i])], 'npy', 0)
    const d = a.detail('w', { bits: 8, group: 2, fold: false }, 60)
    expect(d.hist.counts.reduce((x, y) => x + y, 0)).toBe(4)
    expect(d.hist.counts[0]).toBe(1)
    expect(d.hist.counts[59]).toBe(1)
  })

  it('the table puts layers without a figure (NaN) last in either direction, ties in network order', () => {
    const rows = [
      { v: 3, i: 0 },
      { v: NaN, i: 1 },
      { v: 1, i: 2 },
      { v: NaN, i: 3 },
      { v: 3, i: 4 },
    ]
    const order = (dir: 1 | -1) => [...rows].sort((a, b) => compareRows(a, b, dir)).map((r) => r.i)
    expect(order(1)).toEqual([2, 0, 4, 1, 3])
    expect(order(-1)).toEqual([0, 4, 2, 1, 3])
  })

  it('the histogram of a weight near ±1.8e308 (whose range overflows) still counts every value', () => {
    const a = new ModelAnalysis([T('w', [2, 2], (i) => [-1.7e308, 1.7e308, 0, 1e300][i])], 'npy', 0)
    const d = a.detail('w', { bits: 8, group: 2, fold: false }, 8)
    expect(d.hist.counts.reduce((x, y) => x + y, 0)).toBe(4)
    expect(d.hist.counts[0]).toBe(1)
    expect(d.hist.counts[7]).toBe(1)
  })

  it('keeps MobileNet’s weights in network order and drops the pre/post-processing constants', () => {
    const names = mobilenetTensors([
      T('Prediction/BoxPredictor_0/ClassPredictor/weights', [1, 1, 2, 2]),
      T('Preprocessor/sub/y', []),
      T('MobilenetV1/Conv2d_0_pointwise/weights', [3, 3, 3, 2]),
      T('Prediction/Conv2d_0_pointwise/weights', [1, 1, 2, 2]),
      T('Output/extra_dim', [1, 4, 4]),
    ]).map((t) => t.name)
    expect(names).toEqual([
      'MobilenetV1/Conv2d_0_pointwise/weights',
      'Prediction/Conv2d_0_pointwise/weights',
      'Prediction/BoxPredictor_0/ClassPredictor/weights',
    ])
  })
})

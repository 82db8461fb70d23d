// The digits networks: deterministic training, the shipped weights' float accuracy, the integer run against the
// float fake-quant simulation, and the story the view's presets tell (measured on the shipped networks).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  accuracyVsBits,
  DEFAULT_ACCURACY_SETTINGS,
  evaluate,
  integerAndSimulated,
  layerInputActivations,
  layerSensitivity,
  prepareEvaluation,
  trainDigits,
  type AccuracySettings,
  type NetId,
} from '../../src/engine/network'
import { digitsSplit, shippedNet } from '../helpers/digits'

const root = new URL('../../', import.meta.url)
const split = digitsSplit
const manifest = JSON.parse(readFileSync(new URL('public/models/digits-manifest.json', root), 'utf8')) as {
  networks: Record<NetId, { floatTestAccuracy: number; training: { seed: number; epochs: number } }>
}
const net = shippedNet
const settings = (id: NetId, s: Partial<AccuracySettings> = {}): AccuracySettings => ({
  ...DEFAULT_ACCURACY_SETTINGS,
  net: id,
  ...s,
})

describe('training', () => {
  it('is deterministic: the same seed gives the same weights, another seed others', () => {
    const small = { ...split.train, n: 96 }
    for (const id of ['mlp', 'cnn'] as const) {
      const opts = { seed: 5, epochs: 2, batch: 32, lr: 1e-3 }
      const a = trainDigits(id, small, opts)
      const b = trainDigits(id, small, opts)
      const c = trainDigits(id, small, { ...opts, seed: 6 })
      expect(a.tensors.map((t) => t.name)).toEqual(b.tensors.map((t) => t.name))
      a.tensors.forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(b.tensors[i].data)))
      expect(Array.from(a.tensors[0].data)).not.toEqual(Array.from(c.tensors[0].data))
      expect(a.losses).toEqual(b.losses)
      // it learns: the loss falls from epoch to epoch
      expect(a.losses[1]).toBeLessThan(a.losses[0])
    }
  }, 30_000)
})

describe.each(['mlp', 'cnn'] as const)('the shipped %s', (id) => {
  it('gives the float test accuracy the manifest states, and the layers the issue names', () => {
    const p = net(id)
    expect(p.floatAccuracy).toBe(manifest.networks[id].floatTestAccuracy)
    expect(p.floatAccuracy).toBeGreaterThan(0.96)
    if (id === 'mlp')
      expect(p.model.layers.map((l) => [l.name, l.weightShape])).toEqual([
        ['fc1', [128, 64]],
        ['fc2', [64, 128]],
        ['fc3', [10, 64]],
      ])
  })

  it('runs in integers within one code of the float fake-quant simulation', () => {
    for (const s of [
      {},
      { abits: 4, traitor: 30 },
      { wgran: 'group' as const, group: 8, wbits: 4 },
      { wgran: 'tensor' as const, calib: 'entropy' as const, abits: 6 },
    ]) {
      const r = integerAndSimulated(net(id), settings(id, s))
      // layer by layer (each simulated layer fed the integer run's input codes): the requantized codes differ
      // only by the fixed-point rounding — M0 has 31 bits and gemmlowp rounds twice (SRDHM to 2^-n of a code,
      // then the n-bit shift, ties away from zero) where the simulation rounds acc·M once, half to even — so by
      // at most one code, and only for values near a rounding boundary. Measured on the shipped networks:
      // ≤ 0.3 % of the codes per tensor / per channel; 1.9 % for the CNN with per-group scales, whose partial
      // sums are each rounded once more when rescaled to the channel's largest group scale
      let total = 0
      let differ = 0
      let maxDiff = 0
      r.integer.outputCodes.forEach((c, l) => {
        const d = r.layerwise.outputCodes[l]
        expect(d === null).toBe(c === null)
        if (!c || !d) return
        for (let i = 0; i < c.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(c[i] - d[i]))
          if (c[i] !== d[i]) differ++
          total++
        }
      })
      expect(total).toBeGreaterThan(0)
      expect(maxDiff).toBeLessThanOrEqual(1)
      expect(differ / total).toBeLessThan(0.05)
      // end to end (each chaining its own layers, so a flipped code travels on): the same answers on ≥ 97 %
      let same = 0
      r.integerPred.forEach((v, i) => (same += v === r.simulatedPred[i] ? 1 : 0))
      expect(same / r.integerPred.length).toBeGreaterThanOrEqual(0.97)
    }
  }, 60_000)

  it('an evaluation after others (its result arrays reused) gives what a freshly prepared network gives', () => {
    const p = net(id)
    const fresh = () => prepareEvaluation(p.model, split)
    const without = ({ elapsedMs: _, ...r }: ReturnType<typeof evaluate>) => r
    const cases: Partial<AccuracySettings>[] = [
      { abits: 4, traitor: 30 },
      { wgran: 'group', group: 8, wbits: 4 },
      { float: [p.model.layers[1].name] },
      { abits: 3, calib: 'percentile' },
      {},
    ]
    // each evaluation writes over what the one before it (another case) left in the arrays
    for (const s of cases) evaluate(p, settings(id, s))
    for (const s of cases)
      expect(without(evaluate(p, settings(id, s)))).toEqual(without(evaluate(fresh(), settings(id, s))))
    // the arrays are kept between evaluations, and runs kept side by side (the tests' own) get arrays of their own
    // the sensitivity runs (one layer quantized at a time) share them too, and leave the evaluation's in place
    layerSensitivity(p, settings(id))
    evaluate(p, settings(id))
    const kept = new Map(p.work)
    expect(kept.size).toBeGreaterThan(0)
    layerSensitivity(p, settings(id, { abits: 6 }))
    evaluate(p, settings(id, { abits: 5 }))
    expect([...kept].every(([k, a]) => p.work.get(k) === a)).toBe(true)
    const all = [...p.work.values()]
    const r = integerAndSimulated(p, settings(id))
    for (const a of [...r.integer.outputCodes, ...r.integer.outputs, ...r.integer.inputCodes])
      expect(all.includes(a as Int32Array)).toBe(false)
  }, 60_000)

  it('clean calibration at 8 bits costs at most one test image', () => {
    const r = evaluate(net(id), settings(id))
    expect(Math.abs(r.quantAccuracy - r.floatAccuracy) * 359).toBeLessThanOrEqual(1 + 1e-9)
    expect(r.layers.every((l) => l.quantized && l.sqnrDb > 30)).toBe(true)
    // the network's input is calibrated like any activation: min-max over clean pixels gives [0, 1]
    expect([r.layers[0].lo, r.layers[0].hi]).toEqual([0, 1])
    expect(r.confusion.reduce((a, b) => a + b, 0)).toBe(359)
  })
})

describe('the traitor story (MLP, 4-bit activations, traitor 30 in the first calibration image)', () => {
  const story = settings('mlp', { abits: 4, traitor: 30 })
  it('min-max collapses to near chance; percentile keeps the accuracy', () => {
    const p = net('mlp')
    const minmax = evaluate(p, story)
    // the input scale becomes 30 / 15 = 2 per code: every real pixel (≤ 1) rounds to code 0 or 1 … of a range it never uses
    expect(minmax.layers[0].hi).toBe(30)
    expect(minmax.quantAccuracy).toBeLessThan(0.2)
    const pct = evaluate(p, { ...story, calib: 'percentile' })
    expect(pct.layers[0].hi).toBeLessThan(1.1)
    expect(pct.quantAccuracy).toBeGreaterThan(p.floatAccuracy - 0.02)
    // KL keeps it too; MSE loses some (its threshold on fc2's input still reaches into the traitor's tail)
    expect(evaluate(p, { ...story, calib: 'entropy' }).quantAccuracy).toBeGreaterThan(0.95)
    expect(evaluate(p, { ...story, calib: 'mse' }).quantAccuracy).toBeGreaterThan(0.85)
  })
  it('keeping fc1 in float recovers most of it, and sensitivity names fc1', () => {
    const p = net('mlp')
    const kept = evaluate(p, { ...story, float: ['fc1'] })
    expect(kept.layers[0].quantized).toBe(false)
    expect(kept.quantAccuracy).toBeGreaterThan(0.9)
    const sens = layerSensitivity(p, story)
    expect(sens.map((e) => e.layer)).toEqual(['fc1', 'fc2', 'fc3'])
    expect(sens[0].accuracy).toBe(Math.min(...sens.map((e) => e.accuracy)))
  })
  it('accuracy vs bits: min-max at 8 bits survives the traitor, at 2 bits it does not', () => {
    const pts = accuracyVsBits(net('mlp'), story, 'minmax', [2, 8])
    expect(pts.map((q) => q.bits)).toEqual([2, 8])
    expect(pts[0].accuracy).toBeLessThan(0.2)
    expect(pts[1].accuracy).toBeGreaterThan(0.95)
  })
  it('gives a layer’s calibration values (the traitor included) and every calibrator’s threshold', () => {
    const a = layerInputActivations(net('mlp'), story, 'fc1')
    expect(a.values.length).toBe(200 * 64)
    expect(a.values[27]).toBe(30)
    expect(a.max).toBe(30)
    expect(a.thresholds.minmax).toBe(30)
    expect(a.thresholds.percentile).toBeLessThan(1.1)
    expect(() => layerInputActivations(net('mlp'), story, 'nope')).toThrow(/nope/)
  })
})

describe('stray settings', () => {
  it('are clamped instead of producing NaN', () => {
    const r = evaluate(
      net('mlp'),
      settings('mlp', { wbits: 1, abits: 99, ncal: 0, pct: Number.NaN, group: 0 }),
    )
    expect(Number.isFinite(r.quantAccuracy)).toBe(true)
    expect(r.layers.every((l) => Number.isFinite(l.scale))).toBe(true)
  })
})

describe('weights at 3 bits (CNN, BatchNorm folded)', () => {
  it('per channel beats per tensor', () => {
    const p = net('cnn')
    const tensor = evaluate(p, settings('cnn', { wbits: 3, wgran: 'tensor' }))
    const channel = evaluate(p, settings('cnn', { wbits: 3, wgran: 'channel' }))
    expect(channel.quantAccuracy).toBeGreaterThan(tensor.quantAccuracy + 0.05)
    expect(tensor.layers[1].weightScales.length).toBe(1)
    expect(channel.layers[1].weightScales.length).toBe(8)
  })
})

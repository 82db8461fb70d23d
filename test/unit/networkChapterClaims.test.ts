// Chapter 9 ("A real network", content/*/network.md) makes claims about what its widgets show in their default
// state: the presets as the page runs them (presetParams → toSettings → evaluate on the shipped weights, the
// traitor @{net.traitor} at @{net.traitorBits}-bit activations). Each claim is pinned here, so a retrained
// network or a changed preset that makes a sentence false fails the tests.
import { describe, expect, it } from 'vitest'
import { toSettings } from '../../src/engine/accuracyEngine'
import { evaluate, type EvalResult } from '../../src/engine/network'
import {
  ACCURACY_PRESETS,
  PRESET_TRAITOR,
  presetParams,
  type AccuracyParams,
  type AccuracyPreset,
} from '../../src/params/accuracyParams'
import { TRAITOR_PIXEL } from '../../src/engine/network/types'
import { roundHalfEven } from '../../src/core/rounding'
import { shippedNet as net } from '../helpers/digits'
import { accuracyEn } from '../../src/i18n/accuracy.en'
import { accuracyZh } from '../../src/i18n/accuracy.zh-CN'

const preset = (id: AccuracyPreset['id']) => presetParams(ACCURACY_PRESETS.find((p) => p.id === id)!)
const run = (p: AccuracyParams): EvalResult => evaluate(net(p.net), toSettings(p))

describe('chapter 9’s claims about its widgets', () => {
  const minmax = preset('traitorMinmax')

  it('the network is the MLP is 64 → 128 → 64 → 10, as the text describes it', () => {
    const layers = net('mlp').model.layers.map((l) => [l.reduction, l.outChannels])
    expect(layers).toEqual([
      [64, 128],
      [128, 64],
      [64, 10],
    ])
  })

  it('the traitor’s range: more than 2 per step, so every real pixel (≤ 1) is under half a step', () => {
    const steps = 2 ** minmax.abits - 1
    expect(PRESET_TRAITOR / steps).toBeGreaterThan(2)
    expect(1).toBeLessThan(PRESET_TRAITOR / steps / 2)
    expect(run(minmax).layers[0].hi).toBe(PRESET_TRAITOR)
  })

  it('the traitor’s pixel is the fourth row, fourth column; real pixels round to the zero point, the code of 0', () => {
    expect(TRAITOR_PIXEL).toBe((4 - 1) * 8 + (4 - 1))
    // acc.traitorValue: row 3, column 3 counting from 0
    expect([Math.floor(TRAITOR_PIXEL / 8), TRAITOR_PIXEL % 8]).toEqual([3, 3])
    const first = run(minmax).layers[0]
    expect(first.lo).toBe(0)
    // a range starting at 0 puts real 0 on the lowest code, −2^(b−1)
    expect(first.zeroPoint).toBe(-(2 ** (minmax.abits - 1)))
  })

  it('min-max falls to about chance; percentile keeps the accuracy; KL and MSE in between or close to percentile', () => {
    const mm = run(minmax)
    expect(mm.quantAccuracy).toBeLessThan(0.2)
    const pct = run(preset('traitorPercentile'))
    expect(pct.quantAccuracy).toBeGreaterThan(pct.floatAccuracy - 0.02)
    // "keeps the range near [0, 1]"
    expect(pct.layers[0].lo).toBe(0)
    expect(Math.abs(pct.layers[0].hi - 1)).toBeLessThan(0.1)
    for (const calib of ['entropy', 'mse'] as const) {
      const r = run({ ...minmax, calib })
      expect(r.quantAccuracy).toBeGreaterThan(mm.quantAccuracy)
      expect(r.quantAccuracy).toBeLessThanOrEqual(pct.quantAccuracy + 0.02)
    }
  })

  it('keeping the first layer in float brings most of the accuracy back', () => {
    const mm = run(minmax)
    const kept = run(preset('traitorFloat'))
    expect(kept.quantAccuracy - mm.quantAccuracy).toBeGreaterThan((kept.floatAccuracy - mm.quantAccuracy) / 2)
  })

  it('the SQNR column: the error starts at the first layer and the layers after it do not recover', () => {
    const r = run(minmax)
    const sqnr = r.layers.map((l) => l.sqnrDb)
    expect(sqnr[0]).toBeLessThan(10)
    for (const s of sqnr.slice(1)) expect(s).toBeLessThan(10)
  })

  it('the SQNR along the network: rises a little in the clean 8-bit MLP, falls over the CNN’s first three layers at 3 bits', () => {
    const clean = run(preset('clean8')).layers.map((l) => l.sqnrDb)
    expect(clean).toHaveLength(3)
    expect(clean[2]).toBeGreaterThan(clean[0])
    expect(clean[2] - clean[0]).toBeLessThan(3)
    for (const id of ['w3tensor', 'w3channel'] as const) {
      const cnn = run(preset(id)).layers.map((l) => l.sqnrDb)
      expect(cnn[0]).toBeGreaterThan(cnn[1])
      expect(cnn[1]).toBeGreaterThan(cnn[2])
    }
  })

  it('the 3-bit per-tensor preset (acc.presetNote.w3tensor): no channel rounds to zero, the smallest keep only ±1, and many weights round to 0', () => {
    const p = preset('w3tensor')
    const r = run(p)
    const qmax = 2 ** (p.wbits - 1) - 1
    expect(qmax).toBe(3) // the note's codes −3 … 3
    let zeros = 0
    let total = 0
    let onlyOne = 0
    net(p.net).model.layers.forEach((l, li) => {
      const scale = r.layers[li].weightScales[0]
      expect(r.layers[li].weightScales).toHaveLength(1)
      for (let o = 0; o < l.outChannels; o++) {
        let top = 0
        for (let k = 0; k < l.reduction; k++) {
          const c = Math.abs(roundHalfEven(l.weight[o * l.reduction + k] / scale))
          top = Math.max(top, c)
          if (c === 0) zeros++
          total++
        }
        // every channel keeps a non-zero code; the smallest reach only ±1 of ±qmax
        expect(top).toBeGreaterThanOrEqual(1)
        expect(top).toBeLessThanOrEqual(qmax)
        if (top === 1) onlyOne++
      }
    })
    expect(onlyOne).toBeGreaterThan(0)
    expect(zeros / total).toBeGreaterThan(0.5)
  })

  it('the preset cards name the bit widths and levels the presets run, in both languages', () => {
    for (const { id } of ACCURACY_PRESETS) {
      const p = preset(id)
      for (const [lang, msgs] of [
        ['en', accuracyEn],
        ['zh-CN', accuracyZh],
      ] as const) {
        const label = msgs[`acc.preset.${id}`]
        const bits = (what: RegExp) => Number(what.exec(label)?.[1] ?? NaN)
        const a = bits(/(\d+)(?:-bit| 位)/)
        if (/activations|激活值/.test(label)) expect(a, `${lang} ${id}`).toBe(p.abits)
        else if (/weights|权重/.test(label)) expect(a, `${lang} ${id}`).toBe(p.wbits)
        else if (/\d/.test(label)) {
          // "Clean, 8 bits": weights and activations
          expect(bits(/(\d+) (?:bits|位)/), `${lang} ${id}`).toBe(p.abits)
          expect(p.wbits, `${lang} ${id}`).toBe(p.abits)
        }
      }
    }
    // "16 levels no longer resolve the real pixels"
    for (const note of [
      accuracyEn['acc.presetNote.traitorMinmax'],
      accuracyZh['acc.presetNote.traitorMinmax'],
    ])
      expect(note).toContain(String(2 ** minmax.abits))
  })

  it('the quiz: per-channel weight scales do not undo the traitor', () => {
    expect(run({ ...minmax, wgran: 'channel' }).quantAccuracy).toBeLessThan(0.2)
  })
})

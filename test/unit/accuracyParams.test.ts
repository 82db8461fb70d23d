import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ACCURACY_PRESETS,
  decodeAccuracyParams,
  defaultAccuracyParams,
  encodeAccuracyParams,
  NET_LAYERS,
  presetParams,
} from '../../src/params/accuracyParams'

const dec = (q: string) => decodeAccuracyParams(new URLSearchParams(q))

describe('#/model/accuracy link codec', () => {
  it('an empty link is the default state (PRODUCT.md defaults) with no notice', () => {
    const { params, notices } = dec('')
    expect(notices).toEqual([])
    expect(params).toEqual({
      net: 'mlp',
      wbits: 8,
      abits: 8,
      wgran: 'channel',
      group: 128,
      calib: 'minmax',
      variant: 'tensorrt',
      pct: 99.99,
      ncal: 200,
      traitor: null,
      float: [],
    })
    expect(encodeAccuracyParams(params).toString()).toBe('v=1')
  })

  it('reads every parameter', () => {
    const { params, notices } = dec(
      'net=cnn&wbits=3&abits=4&wgran=group&group=32&calib=entropy&variant=tvm&pct=99.9&ncal=17&traitor=40&float=dw,conv1',
    )
    expect(notices).toEqual([])
    expect(params).toMatchObject({
      net: 'cnn',
      wbits: 3,
      abits: 4,
      wgran: 'group',
      group: 32,
      calib: 'entropy',
    })
    expect(params).toMatchObject({ variant: 'tvm', pct: 99.9, ncal: 17, traitor: 40 })
    // network order, whatever the link's order
    expect(params.float).toEqual(['conv1', 'dw'])
  })

  it('clamps numbers into range with a notice each', () => {
    const { params, notices } = dec('wbits=1&abits=12&ncal=5000&group=2&pct=200')
    expect(params).toMatchObject({ wbits: 2, abits: 8, ncal: 1438, group: 8, pct: 100 })
    expect(notices.map((n) => [n.key, n.reason, n.used])).toEqual([
      ['wbits', 'clamped', '2'],
      ['abits', 'clamped', '8'],
      ['ncal', 'clamped', '1438'],
      ['group', 'clamped', '8'],
      ['pct', 'clamped', '100'],
    ])
  })

  it('rounds non-integer bits and replaces invalid values by defaults, with notices', () => {
    const { params, notices } = dec('abits=4.6&net=resnet&calib=manual&wgran=row&traitor=abc')
    expect(params).toMatchObject({ abits: 5, net: 'mlp', calib: 'minmax', wgran: 'channel', traitor: null })
    expect(notices.map((n) => [n.key, n.reason])).toEqual([
      ['abits', 'clamped'],
      ['net', 'invalid'],
      ['calib', 'invalid'],
      ['wgran', 'invalid'],
      ['traitor', 'invalid'],
    ])
  })

  it('drops float layers the chosen network lacks, one notice per name', () => {
    const { params, notices } = dec('float=fc1,conv1,zzz')
    expect(params.float).toEqual(['fc1'])
    expect(notices).toEqual([
      { key: 'float', value: 'conv1', reason: 'invalid', used: '' },
      { key: 'float', value: 'zzz', reason: 'invalid', used: '' },
    ])
    // markup never passes the pattern: the whole value is refused, as text
    const bad = dec('float=<img src=x>')
    expect(bad.params.float).toEqual([])
    expect(bad.notices[0]).toMatchObject({ key: 'float', reason: 'invalid' })
  })

  it('reports unknown parameters and a foreign version', () => {
    const { notices } = dec('v=9&foo=1&lang=en&present=1')
    expect(notices.map((n) => [n.key, n.reason])).toEqual([
      ['v', 'version'],
      ['foo', 'unknown'],
    ])
  })

  it('round-trips every valid state (property)', () => {
    const arb = fc.record({
      net: fc.constantFrom('mlp' as const, 'cnn' as const),
      wbits: fc.integer({ min: 2, max: 8 }),
      abits: fc.integer({ min: 2, max: 8 }),
      wgran: fc.constantFrom('tensor' as const, 'channel' as const, 'group' as const),
      group: fc.integer({ min: 8, max: 256 }),
      calib: fc.constantFrom('minmax' as const, 'percentile' as const, 'entropy' as const, 'mse' as const),
      variant: fc.constantFrom('tensorrt' as const, 'pytorch-quantization' as const, 'tvm' as const),
      pct: fc.double({ min: 0.001, max: 100, noNaN: true }),
      ncal: fc.integer({ min: 1, max: 1438 }),
      traitor: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
      mask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    })
    fc.assert(
      fc.property(arb, ({ mask, ...r }) => {
        const p = { ...r, float: NET_LAYERS[r.net].filter((_, i) => mask[i]) }
        const back = decodeAccuracyParams(encodeAccuracyParams(p))
        expect(back.notices).toEqual([])
        expect(back.params).toEqual({ ...p, traitor: p.traitor === null ? null : p.traitor + 0 })
      }),
    )
  })

  it('presets are data: each differs from the default only in its own settings', () => {
    const d = defaultAccuracyParams()
    for (const pr of ACCURACY_PRESETS) {
      const p = presetParams(pr)
      const changed = Object.keys(p).filter(
        (k) => JSON.stringify(p[k as keyof typeof p]) !== JSON.stringify(d[k as keyof typeof d]),
      )
      // every setting changed is one the preset names, and every one it names has its value
      for (const k of changed) expect(Object.keys(pr.params)).toContain(k)
      expect(p).toMatchObject(pr.params)
      // and a preset survives the link
      expect(decodeAccuracyParams(encodeAccuracyParams(p)).params).toEqual(p)
    }
    // the traitor's layer kept in float is the network's first layer
    const tf = ACCURACY_PRESETS.find((p) => p.id === 'traitorFloat')!
    expect(presetParams(tf).float).toEqual([NET_LAYERS[presetParams(tf).net][0]])
  })
})

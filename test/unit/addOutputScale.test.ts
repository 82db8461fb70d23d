import { describe, expect, it } from 'vitest'
import { int8Add, int8AddMultipliers, notesAddRequant } from '../../src/core/intOps'
import { engineCode } from '../../src/engine/engineError'
import { computeAdd, OpsEngine, OUTPUT_SCALE_CODE, RANGE_CODE } from '../../src/engine/ops'
import { decodeAddParams, defaultAddParams } from '../../src/state/opsParams'

describe('TFLite ADD refuses an output multiplier of 1 or more (add.cc Prepare)', () => {
  const p = (sOut: number) => ({ s1: 1 / 127, z1: 0, s2: 1 / 127, z2: 0, sOut, zOut: 0 })

  it('in the core: no wrapped codes for a tiny output scale', () => {
    // 2·max(s1, s2) / 2^20 = 1.5e-8: at or below it the output multiplier reaches 1
    expect(() => int8AddMultipliers(p(1e-9))).toThrow(/output multiplier .* not below 1/)
    expect(() => int8Add([-128], [-128], p(1e-9))).toThrow(RangeError)
    expect(() => int8AddMultipliers(p(2 / 127 / 2 ** 20))).toThrow(RangeError)
    // below 1, but within ~2^-32 of it: it rounds to 2^31, the shift becomes +1, and TFLite's CHECK on the
    // shift refuses it as well (it was taken, with a left shift)
    expect(() => int8AddMultipliers(p((2 / 127 / 2 ** 20) * (1 + 2 ** -40)))).toThrow(
      /output multiplier .* not below 1/,
    )
    // just above it: accepted, and the result saturates as the notes' formula does (no wrap to 127)
    const sOut = (2 / 127 / 2 ** 20) * 1.01
    expect(int8AddMultipliers(p(sOut)).outputShift).toBeLessThanOrEqual(0)
    expect(Array.from(int8Add([-128, 127], [-128, 127], p(sOut)))).toEqual(
      Array.from(notesAddRequant([-128, 127], [-128, 127], 1 / 127, 1 / 127, sOut)),
    )
  })

  it('in the add view’s engine: a coded refusal naming the output scale', () => {
    const { params } = decodeAddParams(new URLSearchParams('out=manual&wc=1e-9'))
    let message = ''
    try {
      computeAdd(params)
    } catch (e) {
      message = (e as Error).message
    }
    expect(engineCode(message)).toEqual({ code: OUTPUT_SCALE_CODE, detail: '1e-9' })
    // an ordinary output scale still computes the TFLite path
    const ok = decodeAddParams(new URLSearchParams('out=manual&wc=0.05')).params
    expect(computeAdd(ok).summary.paths.int).not.toBeNull()
  })
})

describe('the add view with data near ±1e308', () => {
  it('a range whose scale overflows is a coded refusal, not the core’s English', () => {
    const big = {
      name: 'big.npy',
      data: Float64Array.from({ length: 64 }, (_, i) => (i % 2 ? 8e307 : -8e307)),
      shape: [8, 8] as [number, number],
    }
    const eng = new OpsEngine()
    eng.setLoaded('add', big)
    let message = ''
    try {
      eng.add({ ...defaultAddParams(), adist: 'loaded', bdist: 'loaded' })
    } catch (e) {
      message = (e as Error).message
    }
    expect(engineCode(message)?.code).toBe(RANGE_CODE)
  })
})

// Integer convolution (TFLite reference conv / depthwise semantics) against hand-computed cases and a float
// reference: the accumulators are exact integers, the outputs the requantized accumulators within one code.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  int8FullyConnected,
  intConv2d,
  multiplyByQuantizedMultiplier,
  RandomState,
  requantize,
  type Conv2dParams,
} from '../../src/core'

/** Naive real-valued convolution of centred codes (x − zIn)·w with explicit zero padding, + bias. */
function referenceAcc(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  p: Required<
    Pick<
      Conv2dParams,
      | 'batch'
      | 'inChannels'
      | 'height'
      | 'width'
      | 'outChannels'
      | 'kernelH'
      | 'kernelW'
      | 'stride'
      | 'pad'
      | 'groups'
      | 'zIn'
    >
  >,
): { acc: number[]; outH: number; outW: number } {
  const {
    batch,
    inChannels: C,
    height: H,
    width: W,
    outChannels: O,
    kernelH: KH,
    kernelW: KW,
    stride,
    pad,
    groups,
  } = p
  const Hp = H + 2 * pad
  const Wp = W + 2 * pad
  const outH = Math.floor((Hp - KH) / stride) + 1
  const outW = Math.floor((Wp - KW) / stride) + 1
  const acc: number[] = []
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / (O / groups))
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          let s = b[o]
          for (let ic = 0; ic < C / groups; ic++)
            for (let ky = 0; ky < KH; ky++)
              for (let kx = 0; kx < KW; kx++) {
                const y = oy * stride + ky - pad
                const xx = ox * stride + kx - pad
                // padding is a real zero, i.e. the code zIn: contributes (zIn − zIn)·w = 0
                const v =
                  y < 0 || y >= H || xx < 0 || xx >= W
                    ? 0
                    : x[((n * C + g * (C / groups) + ic) * H + y) * W + xx] - p.zIn
                s += v * w[((o * (C / groups) + ic) * KH + ky) * KW + kx]
              }
          acc.push(s)
        }
    }
  return { acc, outH, outW }
}

describe('requantize (the fast MultiplyByQuantizedMultiplier)', () => {
  it('equals the core exact version on both paths, ties included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -(2 ** 23), max: 2 ** 23 }),
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        ),
        fc.oneof(fc.integer({ min: 2 ** 30, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })),
        fc.integer({ min: -31, max: 12 }),
        (x, m, shift) => {
          expect(requantize(x, m, shift, false)).toBe(multiplyByQuantizedMultiplier(x, m, shift))
        },
      ),
      { numRuns: 5000 },
    )
    // exact halves: 3·2^30 / 2^31 = 1.5 → SRDHM nudges ties toward +∞ (2), −1.5 → −1; then 5/2 rounds away (3)
    expect(requantize(3, 2 ** 30, 0, false)).toBe(multiplyByQuantizedMultiplier(3, 2 ** 30, 0))
    expect(requantize(-3, 2 ** 30, 0, false)).toBe(multiplyByQuantizedMultiplier(-3, 2 ** 30, 0))
    expect(requantize(5, 2 ** 30, -1, false)).toBe(multiplyByQuantizedMultiplier(5, 2 ** 30, -1))
    for (const x of [2 ** 31 - 1, -(2 ** 31), -(2 ** 22), 2 ** 22, -(2 ** 22) - 1, 123456789, -987654321])
      for (const m of [0, 1, 2 ** 30, 2 ** 31 - 1, 1518500250])
        for (const shift of [-31, -20, -1, 0, 1, 5])
          expect(requantize(x, m, shift, false)).toBe(multiplyByQuantizedMultiplier(x, m, shift))
  })
})

describe('intConv2d', () => {
  it('computes a 3×3 ⊛ 2×2 case by hand', () => {
    // centred input (zIn = 1): [[0,1,2],[3,4,5],[6,7,8]]; kernel [[1,2],[0,−1]]; bias 3
    // top-left 0 + 2·1 − 4 + 3 = 1, top-right 1 + 4 − 5 + 3 = 3, bottom-left 3 + 8 − 7 + 3 = 7, bottom-right 4 + 10 − 8 + 3 = 9
    const r = intConv2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 0, -1], [3], {
      batch: 1,
      inChannels: 1,
      height: 3,
      width: 3,
      outChannels: 1,
      kernelH: 2,
      kernelW: 2,
      sIn: 0.5,
      zIn: 1,
      sW: 0.25,
      sOut: 0.125, // M = 0.5·0.25/0.125 = 1: the output is acc + zOut
      zOut: -5,
      actMin: -3,
    })
    expect([r.outHeight, r.outWidth]).toEqual([2, 2])
    expect(Array.from(r.accumulators)).toEqual([1, 3, 7, 9])
    expect(Array.from(r.outputs)).toEqual([-3, -2, 2, 4]) // −4 clamped to actMin −3
    expect(r.multipliers[0]).toBe(2 ** 30)
    expect(r.shifts[0]).toBe(1)
  })

  it('pads with the zero point: a 1×1 image under a 3×3 kernel with pad 1 sees only the centre tap', () => {
    const r = intConv2d([10], [5, 5, 5, 5, 2, 5, 5, 5, 5], null, {
      batch: 1,
      inChannels: 1,
      height: 1,
      width: 1,
      outChannels: 1,
      kernelH: 3,
      kernelW: 3,
      pad: 1,
      sIn: 1,
      zIn: 7,
      sW: 1,
      sOut: 1,
      zOut: 0,
    })
    expect(Array.from(r.accumulators)).toEqual([(10 - 7) * 2])
  })

  it('matches the exact reference on random regular, strided, grouped and depthwise convolutions', () => {
    const rs = new RandomState(7)
    const cases = [
      { inChannels: 3, outChannels: 4, groups: 1, k: 3, stride: 1, pad: 1 },
      { inChannels: 4, outChannels: 4, groups: 4, k: 3, stride: 2, pad: 1 }, // depthwise
      { inChannels: 4, outChannels: 8, groups: 4, k: 3, stride: 1, pad: 0 }, // depth multiplier 2
      { inChannels: 6, outChannels: 4, groups: 2, k: 2, stride: 1, pad: 0 },
      { inChannels: 5, outChannels: 3, groups: 1, k: 1, stride: 1, pad: 0 }, // pointwise
    ]
    for (const c of cases) {
      const p = {
        batch: 2,
        inChannels: c.inChannels,
        height: 5,
        width: 4,
        outChannels: c.outChannels,
        kernelH: c.k,
        kernelW: c.k,
        stride: c.stride,
        pad: c.pad,
        groups: c.groups,
        zIn: -3,
      }
      const x = rs.randint(-128, 128, p.batch * p.inChannels * 20)
      const w = rs.randint(-127, 128, p.outChannels * (p.inChannels / p.groups) * c.k * c.k)
      const b = rs.randint(-5000, 5000, p.outChannels)
      const sW = rs.uniform(0.001, 0.01, p.outChannels)
      const r = intConv2d(x, w, b, { ...p, sIn: 0.02, sW, sOut: 0.05, zOut: 4 })
      const ref = referenceAcc(x, w, b, p)
      expect([r.outHeight, r.outWidth]).toEqual([ref.outH, ref.outW])
      expect(Array.from(r.accumulators)).toEqual(ref.acc)
      // requantized: the exact acc·M + zOut rounded, up to the double rounding of MultiplyByQuantizedMultiplier
      // (SRDHM rounds to 2^-shift of a code first), so within 0.75 of the exact value — never a code further
      const plane = ref.outH * ref.outW
      ref.acc.forEach((a, i) => {
        const o = Math.floor(i / plane) % p.outChannels
        const exact = Math.min(127, Math.max(-128, (a * 0.02 * sW[o]) / 0.05 + 4))
        expect(Math.abs(r.outputs[i] - exact)).toBeLessThanOrEqual(0.75)
      })
    }
  })

  it('a 1×1 convolution of a 1×1 image is int8FullyConnected, output for output', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rs = new RandomState(seed)
        const depth = 6
        const outputs = 3
        const x = rs.randint(-128, 128, 2 * depth)
        const w = rs.randint(-127, 128, outputs * depth)
        const b = rs.randint(-1000, 1000, outputs)
        const sW = rs.uniform(0.001, 0.02, outputs)
        const common = { sIn: 0.03, zIn: 11, sW, sOut: 0.07, zOut: -9, actMin: -9, actMax: 127 }
        const a = int8FullyConnected(x, w, b, { batch: 2, depth, outputs, zW: 0, ...common })
        const c = intConv2d(x, w, b, {
          batch: 2,
          inChannels: depth,
          height: 1,
          width: 1,
          outChannels: outputs,
          kernelH: 1,
          kernelW: 1,
          ...common,
        })
        expect(Array.from(c.accumulators)).toEqual(Array.from(a.accumulators))
        expect(Array.from(c.outputs)).toEqual(Array.from(a.outputs))
      }),
      { numRuns: 30 },
    )
  })

  it('per-group weight scales: equal group scales give the per-channel result (±1 code); unequal ones stay within a code of the real sum', () => {
    const rs = new RandomState(3)
    const p = {
      batch: 2,
      inChannels: 4,
      height: 4,
      width: 4,
      outChannels: 3,
      kernelH: 3,
      kernelW: 3,
      pad: 1,
      sIn: 0.02,
      zIn: -100,
      sOut: 0.1,
      zOut: -128,
    }
    const red = 4 * 9
    const x = rs.randint(-128, 128, 2 * 4 * 16)
    const w = rs.randint(-7, 8, 3 * red)
    const b = rs.randint(-300, 300, 3)
    const perChannel = intConv2d(x, w, b, { ...p, sW: [0.1, 0.2, 0.3] })
    const nG = Math.ceil(red / 8)
    const same = Array.from({ length: 3 * nG }, (_, i) => [0.1, 0.2, 0.3][Math.floor(i / nG)])
    const grouped = intConv2d(x, w, b, { ...p, sW: same, weightGroup: 8 })
    expect(grouped.groupShift).toBeGreaterThan(0)
    // the same real multiplier split differently (2^shift headroom): only the double rounding may move a code
    let differ = 0
    grouped.outputs.forEach((q, i) => {
      expect(Math.abs(q - perChannel.outputs[i])).toBeLessThanOrEqual(1)
      if (q !== perChannel.outputs[i]) differ++
    })
    expect(differ).toBeLessThanOrEqual(2)
    // a group as long as the reduction is one scale per channel: exactly the per-channel result
    const whole = intConv2d(x, w, b, { ...p, sW: [0.1, 0.2, 0.3], weightGroup: 64 })
    expect(whole.groupShift).toBe(0)
    expect(Array.from(whole.outputs)).toEqual(Array.from(perChannel.outputs))
    // unequal group scales: compare with the real-valued sum Σ_g sIn·sW_g·acc_g + bias·sIn·max_g sW_g
    const sW = rs.uniform(0.05, 0.3, 3 * nG)
    const r = intConv2d(x, w, b, { ...p, sW, weightGroup: 8 })
    const out = 16
    for (let n = 0; n < 2; n++)
      for (let o = 0; o < 3; o++) {
        let sMax = 0
        for (let g = 0; g < nG; g++) sMax = Math.max(sMax, sW[o * nG + g])
        for (let pos = 0; pos < out; pos++) {
          const oy = Math.floor(pos / 4)
          const ox = pos % 4
          let real = b[o] * p.sIn * sMax
          for (let ic = 0; ic < 4; ic++)
            for (let ky = 0; ky < 3; ky++)
              for (let kx = 0; kx < 3; kx++) {
                const y = oy + ky - 1
                const xx = ox + kx - 1
                if (y < 0 || y >= 4 || xx < 0 || xx >= 4) continue
                const rIdx = (ic * 3 + ky) * 3 + kx
                real +=
                  p.sIn *
                  (x[((n * 4 + ic) * 4 + y) * 4 + xx] - p.zIn) *
                  w[o * red + rIdx] *
                  sW[o * nG + Math.floor(rIdx / 8)]
              }
          const exact = Math.min(127, Math.max(-128, real / p.sOut + p.zOut))
          // per-group rescaling rounds each partial (≤ 0.5 of 2^-shift codes) before the double rounding
          expect(Math.abs(r.outputs[(n * 3 + o) * out + pos] - exact)).toBeLessThanOrEqual(0.75)
        }
      }
  })

  it('refuses bad shapes and non-integer codes with a message', () => {
    const base = {
      batch: 1,
      inChannels: 3,
      height: 2,
      width: 2,
      outChannels: 2,
      kernelH: 1,
      kernelW: 1,
      sIn: 1,
      zIn: 0,
      sW: 1,
      sOut: 1,
      zOut: 0,
    }
    expect(() =>
      intConv2d(new Array(12).fill(0), new Array(6).fill(0), null, { ...base, groups: 2 }),
    ).toThrow(/groups/)
    expect(() => intConv2d(new Array(12).fill(0.5), new Array(6).fill(0), null, base)).toThrow(/input\[0\]/)
    expect(() => intConv2d(new Array(11).fill(0), new Array(6).fill(0), null, base)).toThrow(/12 entries/)
    expect(() =>
      intConv2d(new Array(12).fill(0), new Array(6).fill(0), null, { ...base, sW: [1, 2, 3] }),
    ).toThrow(/sW/)
  })
})

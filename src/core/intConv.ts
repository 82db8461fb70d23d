/**
 * Integer-only 2-D convolution (regular, grouped, depthwise, pointwise) with TFLite reference semantics, built
 * like `int8FullyConnected`: int8 (or fewer bits) input codes with a zero point, symmetric integer weights,
 * int32 accumulation, an int32 bias at scale sIn·sW, requantization by M0·2⁻ⁿ (per tensor or per output
 * channel) via MultiplyByQuantizedMultiplier, + zOut, clamped to [actMin, actMax] (a fused ReLU is the clamp).
 *
 * Sources: tensorflow/tensorflow `tensorflow/lite/kernels/internal/reference/integer_ops/conv.h`
 * (ConvPerChannel: input_offset = −zIn, taps outside the image skipped — the same as padding with the zero
 * point —, acc += filter·(input + input_offset), acc += bias, MultiplyByQuantizedMultiplier per channel,
 * + output_offset, clamp), `.../integer_ops/depthwise_conv.h` (DepthwiseConvPerChannel: output channel
 * m·depth_multiplier + c reads input channel c), `tensorflow/lite/kernels/kernel_util.cc`
 * (PopulateConvolutionQuantizationParams: effective scale sIn·sW[c]/sOut per channel); Jacob et al. 2018
 * (arXiv:1712.05877) eq. (7)–(9).
 *
 * Layout: NCHW activations and PyTorch weights [outC, inC/groups, kh, kw] (depthwise = groups = inC). A grouped
 * convolution with one input channel per group and depth multiplier outC/inC is TFLite's depthwise convolution.
 *
 * Per-group weight scales (the `weightGroup` option; not a TFLite kernel — the W4A8 "group-wise" scheme): each
 * output channel's reduction (in/groups · kh · kw values, C order) is cut into runs of `weightGroup` values with
 * a scale each. Every run's int32 partial sum is rescaled to the channel's largest group scale by its own
 * fixed-point multiplier sW[g]/sW_max after a headroom left shift (as TFLite's ADD rescales its inputs before
 * summing, `reference/integer_ops/add.h`), the partials and the bias (at sIn·sW_max·2^shift) are summed in
 * int32, and the sum is requantized by sIn·sW_max/(sOut·2^shift).
 */
import { INT32_MAX, INT32_MIN, mbqmUnchecked, quantizeMultiplier } from './fixedPoint'
import { assertArrayLike, assertInteger, assertPositive } from './validate'

export interface Conv2dParams {
  batch: number
  inChannels: number
  height: number
  width: number
  outChannels: number
  kernelH: number
  kernelW: number
  /** default 1 */
  stride?: number
  /** zero padding on each side (in real values; the codes are padded with zIn), default 0 */
  pad?: number
  /** default 1; inChannels for depthwise */
  groups?: number
  sIn: number
  zIn: number
  /** weight scale: one (per tensor), one per output channel, or outChannels · ⌈reduction / weightGroup⌉ */
  sW: number | ArrayLike<number>
  zW?: number
  /** run length of the per-group weight scales along each channel's reduction */
  weightGroup?: number
  sOut: number
  zOut: number
  actMin?: number
  actMax?: number
  singleRounding?: boolean
}

export interface Conv2dResult {
  outHeight: number
  outWidth: number
  /** batch × outC × outH × outW int32 accumulators (for per-group scales: the rescaled sum, at sIn·sW_max·2^shift) */
  accumulators: Int32Array
  /** the requantized, offset and clamped output codes, same layout */
  outputs: Int32Array
  /** per output channel: the real multiplier and its (M0, shift) */
  realMultipliers: Float64Array
  multipliers: Int32Array
  shifts: Int32Array
  /** per output channel: the scale the accumulator (and the bias) is at, divided by sIn (sW, or sW_max) */
  accumulatorWeightScales: Float64Array
  /** per-group scales only: the headroom left shift of the partial sums */
  groupShift: number
}

function checkInts(x: ArrayLike<number>, name: string, length: number): number {
  assertArrayLike(x, name)
  if (x.length !== length) throw new RangeError(`${name} must have ${length} entries (got ${x.length})`)
  let m = 0
  for (let i = 0; i < length; i++) {
    const v = x[i]
    if ((v | 0) !== v)
      throw new RangeError(`${name}[${i}] is ${String(v)}; quantized values must be int32 integers`)
    const a = Math.abs(v)
    if (a > m) m = a
  }
  return m
}

function multiplier(real: number, name: string): { multiplier: number; shift: number } {
  const m = quantizeMultiplier(real)
  if (m.shift > 30) throw new RangeError(`${name} ${real} is too large for a fixed-point multiplier`)
  return m
}

/**
 * Integer 2-D convolution (see the module comment): input batch × inC × H × W codes, weights
 * outC × inC/groups × kh × kw codes, bias outC int32 (at sIn·sW, or null). Accumulation is exact in doubles
 * and wrapped to int32 once, which equals int32 wrap-around arithmetic because addition is associative mod 2^32.
 */
export function intConv2d(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  p: Conv2dParams,
): Conv2dResult {
  const fn = 'intConv2d'
  if (p === null || typeof p !== 'object') throw new TypeError(`${fn}: parameters must be an object`)
  const big = 1 << 24
  assertInteger(p.batch, `${fn}: batch`, 1, big)
  assertInteger(p.inChannels, `${fn}: inChannels`, 1, big)
  assertInteger(p.height, `${fn}: height`, 1, big)
  assertInteger(p.width, `${fn}: width`, 1, big)
  assertInteger(p.outChannels, `${fn}: outChannels`, 1, big)
  assertInteger(p.kernelH, `${fn}: kernelH`, 1, p.height + 2 * (p.pad ?? 0))
  assertInteger(p.kernelW, `${fn}: kernelW`, 1, p.width + 2 * (p.pad ?? 0))
  const stride = p.stride ?? 1
  const pad = p.pad ?? 0
  const groups = p.groups ?? 1
  assertInteger(stride, `${fn}: stride`, 1, big)
  assertInteger(pad, `${fn}: pad`, 0, big)
  assertInteger(groups, `${fn}: groups`, 1, p.inChannels)
  if (p.inChannels % groups !== 0 || p.outChannels % groups !== 0)
    throw new RangeError(`${fn}: groups ${groups} must divide inChannels and outChannels`)
  assertPositive(p.sIn, `${fn}: sIn`)
  assertPositive(p.sOut, `${fn}: sOut`)
  assertInteger(p.zIn, `${fn}: zIn`, -65536, 65536)
  const zW = p.zW ?? 0
  assertInteger(zW, `${fn}: zW`, -65536, 65536)
  assertInteger(p.zOut, `${fn}: zOut`, -65536, 65536)
  const actMin = p.actMin ?? -128
  const actMax = p.actMax ?? 127
  assertInteger(actMin, `${fn}: actMin`, INT32_MIN, INT32_MAX)
  assertInteger(actMax, `${fn}: actMax`, INT32_MIN, INT32_MAX)
  if (actMin > actMax) throw new RangeError(`${fn}: actMin ${actMin} is larger than actMax ${actMax}`)
  const { batch, inChannels: inC, height: h, width: w, outChannels: outC, kernelH: kh, kernelW: kw } = p
  const inPerG = inC / groups
  const outPerG = outC / groups
  const red = inPerG * kh * kw
  const outH = Math.floor((h + 2 * pad - kh) / stride) + 1
  const outW = Math.floor((w + 2 * pad - kw) / stride) + 1
  if (batch * inC * h * w > 1 << 28 || outC * red > 1 << 28 || batch * outC * outH * outW > 1 << 28)
    throw new RangeError(`${fn}: the tensors are too large`)
  checkInts(input, `${fn}: input`, batch * inC * h * w)
  checkInts(weights, `${fn}: weights`, outC * red)
  const maxB = bias === null ? 0 : checkInts(bias, `${fn}: bias`, outC)
  // the scales: per tensor, per channel, or per group
  const wg = p.weightGroup
  const nGroups = wg === undefined ? 1 : Math.ceil(red / wg)
  if (wg !== undefined) assertInteger(wg, `${fn}: weightGroup`, 1, big)
  const sW = new Float64Array(outC * nGroups)
  if (typeof p.sW === 'number') {
    assertPositive(p.sW, `${fn}: sW`)
    sW.fill(p.sW)
  } else {
    assertArrayLike(p.sW, `${fn}: sW`)
    const n = p.sW.length
    if (n !== outC * nGroups && !(wg === undefined && n === 1))
      throw new RangeError(`${fn}: sW must have 1 or ${outC * nGroups} scales (got ${n})`)
    for (let i = 0; i < sW.length; i++) {
      const s = n === 1 ? p.sW[0] : p.sW[i]
      assertPositive(s, `${fn}: sW[${i}]`)
      sW[i] = s
    }
  }
  // centred codes: x − zIn, w − zW (TFLite adds input_offset = −zIn to every tap inside the image)
  const xc = new Float64Array(batch * inC * h * w)
  let maxX = 0
  for (let i = 0; i < xc.length; i++) {
    xc[i] = input[i] - p.zIn
    maxX = Math.max(maxX, Math.abs(xc[i]))
  }
  const wc = new Float64Array(outC * red)
  let maxW = 0
  for (let i = 0; i < wc.length; i++) {
    wc[i] = weights[i] - zW
    maxW = Math.max(maxW, Math.abs(wc[i]))
  }
  if (maxX * maxW * red + maxB >= 2 ** 53)
    throw new RangeError(`${fn}: the input and weight values are too large for exact int32 accumulation`)
  // per-group: the headroom shift keeps every rescaled partial and their sum inside int32
  let groupShift = 0
  const groupMult = new Int32Array(outC * nGroups)
  const groupShifts = new Int32Array(outC * nGroups)
  const accScale = new Float64Array(outC)
  for (let o = 0; o < outC; o++) {
    let m = 0
    for (let g = 0; g < nGroups; g++) m = Math.max(m, sW[o * nGroups + g])
    accScale[o] = m
  }
  if (wg !== undefined) {
    const bound = maxX * maxW * red + maxB
    groupShift = Math.max(0, Math.min(16, 29 - Math.ceil(Math.log2(bound + 1))))
    for (let o = 0; o < outC; o++)
      for (let g = 0; g < nGroups; g++) {
        const m = multiplier(sW[o * nGroups + g] / accScale[o], `${fn}: group rescale`)
        groupMult[o * nGroups + g] = m.multiplier
        groupShifts[o * nGroups + g] = m.shift
      }
  }
  const realMultipliers = new Float64Array(outC)
  const multipliers = new Int32Array(outC)
  const shifts = new Int32Array(outC)
  for (let o = 0; o < outC; o++) {
    const real = (p.sIn * accScale[o]) / (p.sOut * 2 ** groupShift)
    const m = multiplier(real, `${fn}: multiplier sIn·sW/sOut`)
    realMultipliers[o] = real
    multipliers[o] = m.multiplier
    shifts[o] = m.shift
  }
  const single = p.singleRounding ?? false
  const plane = outH * outW
  const accumulators = new Int32Array(batch * outC * plane)
  const outputs = new Int32Array(batch * outC * plane)
  const partial = new Float64Array(nGroups)
  const unit = 2 ** groupShift
  for (let b = 0; b < batch; b++)
    for (let o = 0; o < outC; o++) {
      const g0 = Math.floor(o / outPerG) * inPerG
      const bo = bias === null ? 0 : bias[o]
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++) {
          partial.fill(0)
          for (let icg = 0; icg < inPerG; icg++) {
            const xBase = (b * inC + g0 + icg) * h
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * stride - pad + ky
              if (iy < 0 || iy >= h) continue
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * stride - pad + kx
                if (ix < 0 || ix >= w) continue
                const r = (icg * kh + ky) * kw + kx
                partial[wg === undefined ? 0 : Math.floor(r / wg)] +=
                  xc[(xBase + iy) * w + ix] * wc[o * red + r]
              }
            }
          }
          let acc: number
          if (wg === undefined) acc = (partial[0] + bo) | 0
          else {
            acc = Math.imul(bo, unit)
            for (let g = 0; g < nGroups; g++) {
              const k = o * nGroups + g
              const scaled = mbqmUnchecked(
                Math.imul(partial[g] | 0, unit),
                groupMult[k],
                groupShifts[k],
                false,
              )
              acc = (acc + scaled) | 0
            }
          }
          const at = (b * outC + o) * plane + oy * outW + ox
          accumulators[at] = acc
          const q = (mbqmUnchecked(acc, multipliers[o], shifts[o], single) + p.zOut) | 0
          outputs[at] = q < actMin ? actMin : q > actMax ? actMax : q
        }
    }
  return {
    outHeight: outH,
    outWidth: outW,
    accumulators,
    outputs,
    realMultipliers,
    multipliers,
    shifts,
    accumulatorWeightScales: accScale,
    groupShift,
  }
}

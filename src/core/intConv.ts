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
import { intResultArrays, scratchF64, type IntResultArrays } from './scratch'

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
  /** per-group scales with several groups a channel: the headroom left shift of the partial sums (else 0) */
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
 * MultiplyByQuantizedMultiplier (TFLite `common.cc`, default double rounding), the same integers as the core's
 * `mbqmUnchecked`, computed faster: gemmlowp's SaturatingRoundingDoublingHighMul — (a·M0 + nudge) / 2^31
 * truncated toward zero, nudge 2^30 (a·M0 ≥ 0) or 1 − 2^30 — needs the exact 62-bit product; when
 * |a| < 2^22 that product is below 2^53, an exact double, else M0 is split into 15 + 16 bits so each partial
 * product is exact and the division by 2^31 is done on the parts. RoundingDivideByPOT follows on int32.
 * Single rounding takes the core's path. A test checks it against `multiplyByQuantizedMultiplier` (M0 ≥ 0).
 */
export function requantize(x: number, multiplier: number, shift: number, singleRounding: boolean): number {
  if (singleRounding) return mbqmUnchecked(x, multiplier, shift, true)
  const left = shift > 0 ? shift : 0
  // x·2^left is a plain int32 multiply in TFLite: it wraps on overflow
  const a = left === 0 ? x : Math.imul(x, 1 << left)
  const nonNegative = a >= 0 || multiplier === 0
  let s: number
  if (a < 4194304 && a > -4194304) {
    s = Math.trunc((a * multiplier + (nonNegative ? 1073741824 : -1073741823)) / 2147483648) | 0
  } else {
    const mh = multiplier >>> 16
    const ml = multiplier & 0xffff
    const hi = a * mh // a·M0 = hi·2^16 + lo′, both exact (< 2^47)
    const lo = a * ml + (nonNegative ? 1073741824 : -1073741823)
    const q1 = Math.floor(hi / 32768)
    const rest = (hi - q1 * 32768) * 65536 + lo
    const q2 = Math.floor(rest / 2147483648)
    const fl = q1 + q2 // floor(total / 2^31); C++ truncates toward zero
    s = (fl < 0 && rest - q2 * 2147483648 !== 0 ? fl + 1 : fl) | 0
  }
  const right = shift > 0 ? 0 : -shift
  if (right === 0) return s
  const mask = right === 31 ? 0x7fffffff : (1 << right) - 1
  const rem = s & mask
  const threshold = (mask >> 1) + (s < 0 ? 1 : 0)
  return (s >> right) + (rem > threshold ? 1 : 0)
}

/**
 * Integer 2-D convolution (see the module comment): input batch × inC × H × W codes, weights
 * outC × inC/groups × kh × kw codes, bias outC int32 (at sIn·sW, or null). Accumulation is exact in doubles
 * and wrapped to int32 once, which equals int32 wrap-around arithmetic because addition is associative mod 2^32.
 * `into`: arrays to write the results to (see scratch.ts).
 */
export function intConv2d(
  input: ArrayLike<number>,
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  p: Conv2dParams,
  into?: IntResultArrays,
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
  const { accumulators, outputs } = intResultArrays(into, batch * outC * outH * outW, fn)
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
  // temporaries in reused arrays (see scratch.ts): every element is written before it is read
  const xc = scratchF64('conv.x', batch * inC * h * w)
  let maxX = 0
  for (let i = 0; i < xc.length; i++) {
    xc[i] = input[i] - p.zIn
    maxX = Math.max(maxX, Math.abs(xc[i]))
  }
  const wc = scratchF64('conv.w', outC * red)
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
  if (wg !== undefined && nGroups > 1) {
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
  const nG = nGroups
  const partial = new Float64Array(nG)
  const groupOf = new Int32Array(red)
  for (let r = 0; r < red; r++) groupOf[r] = wg === undefined ? 0 : Math.floor(r / wg)
  const unit = 2 ** groupShift
  const hw = h * w
  const dense = kh === 1 && kw === 1 && h === 1 && w === 1
  for (let b = 0; b < batch; b++)
    for (let o = 0; o < outC; o++) {
      const cBase = (b * inC + Math.floor(o / outPerG) * inPerG) * hw
      const wBase = o * red
      const bo = bias === null ? 0 : bias[o]
      const mult = multipliers[o]
      const sh = shifts[o]
      for (let oy = 0; oy < outH; oy++) {
        const y0 = oy * stride - pad
        const kyLo = y0 < 0 ? -y0 : 0
        const kyHi = Math.min(kh, h - y0)
        for (let ox = 0; ox < outW; ox++) {
          const x0 = ox * stride - pad
          const kxLo = x0 < 0 ? -x0 : 0
          const kxHi = Math.min(kw, w - x0)
          let acc: number
          if (dense) {
            // a 1×1 kernel over a 1×1 image (a fully connected layer): the reduction is contiguous in both
            acc = Math.imul(bo, unit)
            for (let g = 0; g < nG; g++) {
              let sum = 0
              const end = g === nG - 1 ? red : (g + 1) * (wg ?? red)
              for (let r = g * (wg ?? red); r < end; r++) sum += xc[cBase + r] * wc[wBase + r]
              if (nG === 1) acc = (sum + bo) | 0
              else {
                const k = o * nG + g
                acc = (acc + requantize(Math.imul(sum | 0, unit), groupMult[k], groupShifts[k], false)) | 0
              }
            }
          } else if (nG === 1) {
            // taps outside the image are skipped: padding with the zero point adds (zIn − zIn)·w = 0
            let sum = 0
            for (let icg = 0; icg < inPerG; icg++) {
              const xc0 = cBase + icg * hw
              const wc0 = wBase + icg * kh * kw
              for (let ky = kyLo; ky < kyHi; ky++) {
                const xr = xc0 + (y0 + ky) * w + x0
                const wr = wc0 + ky * kw
                for (let kx = kxLo; kx < kxHi; kx++) sum += xc[xr + kx] * wc[wr + kx]
              }
            }
            acc = (sum + bo) | 0
          } else {
            partial.fill(0)
            for (let icg = 0; icg < inPerG; icg++) {
              const xc0 = cBase + icg * hw
              for (let ky = kyLo; ky < kyHi; ky++) {
                const xr = xc0 + (y0 + ky) * w + x0
                const r0 = (icg * kh + ky) * kw
                for (let kx = kxLo; kx < kxHi; kx++)
                  partial[groupOf[r0 + kx]] += xc[xr + kx] * wc[wBase + r0 + kx]
              }
            }
            acc = Math.imul(bo, unit)
            for (let g = 0; g < nG; g++) {
              const k = o * nG + g
              acc =
                (acc + requantize(Math.imul(partial[g] | 0, unit), groupMult[k], groupShifts[k], false)) | 0
            }
          }
          const at = (b * outC + o) * plane + oy * outW + ox
          accumulators[at] = acc
          const q = (requantize(acc, mult, sh, single) + p.zOut) | 0
          outputs[at] = q < actMin ? actMin : q > actMax ? actMax : q
        }
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

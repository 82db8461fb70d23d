/**
 * Fold an inference-mode BatchNorm into the convolution before it (Jacob et al. 2018 §3.2, "Batch
 * normalization folding"; Krishnamoorthi 2018 §3.2): y = γ(conv(x, w) + b − μ)/√(σ² + ε) + β becomes
 * conv(x, w′) + b′ with w′ = w·γ/√(σ² + ε) per output channel and b′ = β − γμ/√(σ² + ε) (the conv's own
 * bias b, if any, adds γb/√(σ² + ε) to b′; pass it as `bias`).
 */
import { assertStep, runSteps, STEP, type Steps } from '../core/steps'
import { channelLayout } from './report'

export interface BatchNormParams {
  gamma: ArrayLike<number>
  beta: ArrayLike<number>
  mean: ArrayLike<number>
  variance: ArrayLike<number>
  epsilon: number
  /** the output-channel axis of `w` (negative counts from the end) */
  axis: number
  /** the convolution's own bias, if any */
  bias?: ArrayLike<number>
}

/** The folded kernel: a Float64Array of w's length that also carries `data` (itself) and `shape`. */
export type FoldedWeight = Float64Array & { data: Float64Array; shape: number[] }

export function foldBatchNorm(
  w: { shape: number[]; data: ArrayLike<number> },
  bn: BatchNormParams,
): { weight: FoldedWeight; bias: Float64Array } {
  return runSteps(foldBatchNormSteps(w, bn))
}

/** `foldBatchNorm` yielding after about every `step` values of the kernel (the same products) */
export function* foldBatchNormSteps(
  w: { shape: number[]; data: ArrayLike<number> },
  bn: BatchNormParams,
  step = STEP,
): Steps<{ weight: FoldedWeight; bias: Float64Array }> {
  assertStep(step)
  const { outer, channels, inner } = channelLayout(w.shape, bn.axis)
  for (const [k, v] of [
    ['gamma', bn.gamma],
    ['beta', bn.beta],
    ['mean', bn.mean],
    ['variance', bn.variance],
  ] as const)
    if (v.length !== channels)
      throw new RangeError(`${k} has ${v.length} values, the kernel ${channels} channels`)
  const factor = new Float64Array(channels)
  const bias = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    factor[c] = bn.gamma[c] / Math.sqrt(bn.variance[c] + bn.epsilon)
    bias[c] = bn.beta[c] - factor[c] * bn.mean[c] + (bn.bias ? factor[c] * bn.bias[c] : 0)
  }
  const data = new Float64Array(w.data.length)
  const src = w.data
  let left = step
  for (let o = 0; o < outer; o++)
    for (let c = 0; c < channels; c++) {
      const base = (o * channels + c) * inner
      const f = factor[c]
      for (let k = 0; k < inner;) {
        const end = k + Math.min(inner - k, left)
        left -= end - k
        for (; k < end; k++) data[base + k] = src[base + k] * f
        if (left === 0) {
          left = step
          yield
        }
      }
    }
  const weight = Object.assign(data, { data, shape: [...w.shape] }) as FoldedWeight
  return { weight, bias }
}

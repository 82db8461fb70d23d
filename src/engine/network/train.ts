/**
 * Training the two digits networks by hand (plain loops, no framework), seeded and deterministic: the same seed
 * gives the same weights bit for bit. `scripts/train-digits.ts` calls it and writes the shipped files; a unit
 * test trains a few epochs twice and compares.
 *
 * - Initialisation as PyTorch's defaults (torch.nn.Linear / Conv2d `reset_parameters`: kaiming_uniform with
 *   a = √5, i.e. U(−1/√fan_in, 1/√fan_in) for weights and biases), drawn from the core's numpy-compatible
 *   RandomState; the epoch order is a Fisher–Yates shuffle from the same stream.
 * - Loss: softmax cross-entropy. Optimiser: Adam (Kingma & Ba 2015, Algorithm 1; β1 0.9, β2 0.999, ε 1e-8).
 * - BatchNorm2d (Ioffe & Szegedy 2015): batch statistics while training (biased variance to normalise,
 *   unbiased for the running variance, momentum 0.1, ε 1e-5, as torch.nn.BatchNorm2d), running statistics
 *   at inference; `foldBatchNorm` folds them into the convolution for deployment.
 * Pure: no DOM, no Node APIs.
 */
import { RandomState } from '../../core'
import { foldBatchNorm } from '../../models/fold'
import type { DigitsData } from './types'

type F64 = Float64Array

interface Param {
  value: F64
  grad: F64
  m: F64
  v: F64
}

function param(rs: RandomState | null, n: number, bound: number): Param {
  const value = rs ? rs.uniform(-bound, bound, n) : new Float64Array(n)
  return { value, grad: new Float64Array(n), m: new Float64Array(n), v: new Float64Array(n) }
}

interface Layer {
  params: Param[]
  /** x: batch × inSize → batch × outSize */
  forward(x: F64, batch: number, train: boolean): F64
  /** dy → dx (accumulates parameter gradients) */
  backward(dy: F64, batch: number): F64
  outSize: number
}

class Linear implements Layer {
  w: Param
  b: Param
  private x: F64 = new Float64Array(0)
  constructor(
    rs: RandomState,
    readonly inSize: number,
    readonly outSize: number,
  ) {
    const bound = 1 / Math.sqrt(inSize)
    this.w = param(rs, outSize * inSize, bound)
    this.b = param(rs, outSize, bound)
  }
  get params() {
    return [this.w, this.b]
  }
  forward(x: F64, batch: number): F64 {
    this.x = x
    const { inSize: n, outSize: m } = this
    const w = this.w.value
    const y = new Float64Array(batch * m)
    for (let s = 0; s < batch; s++)
      for (let o = 0; o < m; o++) {
        let acc = this.b.value[o]
        for (let i = 0; i < n; i++) acc += x[s * n + i] * w[o * n + i]
        y[s * m + o] = acc
      }
    return y
  }
  backward(dy: F64, batch: number): F64 {
    const { inSize: n, outSize: m, x } = this
    const w = this.w.value
    const gw = this.w.grad
    const gb = this.b.grad
    const dx = new Float64Array(batch * n)
    for (let s = 0; s < batch; s++)
      for (let o = 0; o < m; o++) {
        const g = dy[s * m + o]
        if (g === 0) continue
        gb[o] += g
        for (let i = 0; i < n; i++) {
          gw[o * n + i] += g * x[s * n + i]
          dx[s * n + i] += g * w[o * n + i]
        }
      }
    return dx
  }
}

/** Conv2d without bias (a BatchNorm follows), NCHW, square kernel, zero padding, `groups` as in PyTorch. */
class Conv2d implements Layer {
  w: Param
  readonly outH: number
  readonly outW: number
  readonly outSize: number
  private x: F64 = new Float64Array(0)
  constructor(
    rs: RandomState,
    readonly inC: number,
    readonly outC: number,
    readonly k: number,
    readonly stride: number,
    readonly pad: number,
    readonly groups: number,
    readonly h: number,
    readonly wd: number,
  ) {
    const fanIn = (inC / groups) * k * k
    this.w = param(rs, outC * fanIn, 1 / Math.sqrt(fanIn))
    this.outH = Math.floor((h + 2 * pad - k) / stride) + 1
    this.outW = Math.floor((wd + 2 * pad - k) / stride) + 1
    this.outSize = outC * this.outH * this.outW
  }
  get params() {
    return [this.w]
  }
  /** Calls f(xIndex, wIndex, yIndex) for every multiply of one image's convolution. */
  private each(s: number, f: (xi: number, wi: number, yi: number) => void): void {
    const { inC, outC, k, stride, pad, groups, h, wd, outH, outW } = this
    const inPerG = inC / groups
    const outPerG = outC / groups
    const xBase = s * inC * h * wd
    const yBase = s * this.outSize
    for (let oc = 0; oc < outC; oc++) {
      const g = Math.floor(oc / outPerG)
      for (let icg = 0; icg < inPerG; icg++) {
        const c = g * inPerG + icg
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const wi = ((oc * inPerG + icg) * k + ky) * k + kx
            for (let oy = 0; oy < outH; oy++) {
              const iy = oy * stride - pad + ky
              if (iy < 0 || iy >= h) continue
              for (let ox = 0; ox < outW; ox++) {
                const ix = ox * stride - pad + kx
                if (ix < 0 || ix >= wd) continue
                f(xBase + (c * h + iy) * wd + ix, wi, yBase + (oc * outH + oy) * outW + ox)
              }
            }
          }
      }
    }
  }
  forward(x: F64, batch: number): F64 {
    this.x = x
    const w = this.w.value
    const y = new Float64Array(batch * this.outSize)
    for (let s = 0; s < batch; s++) this.each(s, (xi, wi, yi) => (y[yi] += x[xi] * w[wi]))
    return y
  }
  backward(dy: F64, batch: number): F64 {
    const { x } = this
    const w = this.w.value
    const gw = this.w.grad
    const dx = new Float64Array(x.length)
    for (let s = 0; s < batch; s++)
      this.each(s, (xi, wi, yi) => {
        gw[wi] += dy[yi] * x[xi]
        dx[xi] += dy[yi] * w[wi]
      })
    return dx
  }
}

class BatchNorm2d implements Layer {
  gamma: Param
  beta: Param
  runMean: F64
  runVar: F64
  readonly eps = 1e-5
  private xhat: F64 = new Float64Array(0)
  private invStd: F64
  constructor(
    readonly c: number,
    readonly hw: number,
  ) {
    this.gamma = param(null, c, 0)
    this.gamma.value.fill(1)
    this.beta = param(null, c, 0)
    this.runMean = new Float64Array(c)
    this.runVar = new Float64Array(c).fill(1)
    this.invStd = new Float64Array(c)
  }
  get outSize() {
    return this.c * this.hw
  }
  get params() {
    return [this.gamma, this.beta]
  }
  forward(x: F64, batch: number, train: boolean): F64 {
    const { c, hw } = this
    const y = new Float64Array(x.length)
    this.xhat = new Float64Array(x.length)
    const n = batch * hw
    for (let ch = 0; ch < c; ch++) {
      let mean: number
      let variance: number
      if (train) {
        let s = 0
        for (let b = 0; b < batch; b++) for (let p = 0; p < hw; p++) s += x[(b * c + ch) * hw + p]
        mean = s / n
        let v = 0
        for (let b = 0; b < batch; b++)
          for (let p = 0; p < hw; p++) v += (x[(b * c + ch) * hw + p] - mean) ** 2
        variance = v / n
        this.runMean[ch] = 0.9 * this.runMean[ch] + 0.1 * mean
        this.runVar[ch] = 0.9 * this.runVar[ch] + 0.1 * (n > 1 ? v / (n - 1) : variance)
      } else {
        mean = this.runMean[ch]
        variance = this.runVar[ch]
      }
      const inv = 1 / Math.sqrt(variance + this.eps)
      this.invStd[ch] = inv
      for (let b = 0; b < batch; b++)
        for (let p = 0; p < hw; p++) {
          const i = (b * c + ch) * hw + p
          this.xhat[i] = (x[i] - mean) * inv
          y[i] = this.gamma.value[ch] * this.xhat[i] + this.beta.value[ch]
        }
    }
    return y
  }
  backward(dy: F64, batch: number): F64 {
    const { c, hw, xhat } = this
    const dx = new Float64Array(dy.length)
    const n = batch * hw
    for (let ch = 0; ch < c; ch++) {
      let sd = 0
      let sdx = 0
      for (let b = 0; b < batch; b++)
        for (let p = 0; p < hw; p++) {
          const i = (b * c + ch) * hw + p
          sd += dy[i]
          sdx += dy[i] * xhat[i]
        }
      this.beta.grad[ch] += sd
      this.gamma.grad[ch] += sdx
      const g = this.gamma.value[ch]
      const k = (g * this.invStd[ch]) / n
      for (let b = 0; b < batch; b++)
        for (let p = 0; p < hw; p++) {
          const i = (b * c + ch) * hw + p
          dx[i] = k * (n * dy[i] - sd - xhat[i] * sdx)
        }
    }
    return dx
  }
}

class Relu implements Layer {
  params: Param[] = []
  private y: F64 = new Float64Array(0)
  constructor(readonly outSize: number) {}
  forward(x: F64): F64 {
    this.y = x.map((v) => (v > 0 ? v : 0))
    return this.y
  }
  backward(dy: F64): F64 {
    return dy.map((g, i) => (this.y[i] > 0 ? g : 0))
  }
}

export interface TrainOptions {
  seed: number
  epochs: number
  batch: number
  lr: number
}

export const TRAIN_DEFAULTS: { readonly [K in 'mlp' | 'cnn']: TrainOptions } = {
  mlp: { seed: 42, epochs: 40, batch: 32, lr: 1e-3 },
  cnn: { seed: 42, epochs: 30, batch: 32, lr: 3e-3 },
}

/** A trained network's deployable tensors (PyTorch names and layouts, BatchNorm folded), float32. */
export interface TrainedNetwork {
  tensors: { name: string; shape: number[]; data: Float32Array }[]
  /** mean training loss of each epoch */
  losses: number[]
}

function buildMlp(rs: RandomState): Layer[] {
  return [
    new Linear(rs, 64, 128),
    new Relu(128),
    new Linear(rs, 128, 64),
    new Relu(64),
    new Linear(rs, 64, 10),
  ]
}

/**
 * The CNN: conv1 3×3 1→8 pad 1 + BN + ReLU (8×8×8) → depthwise 3×3 stride 2 pad 1 + BN + ReLU (8×4×4) →
 * pointwise 1×1 8→16 + BN + ReLU (16×4×4) → flatten (C order, 256) → fc 256→10.
 */
function buildCnn(rs: RandomState): Layer[] {
  const conv1 = new Conv2d(rs, 1, 8, 3, 1, 1, 1, 8, 8)
  const dw = new Conv2d(rs, 8, 8, 3, 2, 1, 8, 8, 8)
  const pw = new Conv2d(rs, 8, 16, 1, 1, 0, 1, 4, 4)
  return [
    conv1,
    new BatchNorm2d(8, 64),
    new Relu(512),
    dw,
    new BatchNorm2d(8, 16),
    new Relu(128),
    pw,
    new BatchNorm2d(16, 16),
    new Relu(256),
    new Linear(rs, 256, 10),
  ]
}

function softmaxCrossEntropy(
  logits: F64,
  labels: ArrayLike<number>,
  batch: number,
): { loss: number; grad: F64 } {
  const grad = new Float64Array(logits.length)
  let loss = 0
  for (let s = 0; s < batch; s++) {
    let max = -Infinity
    for (let k = 0; k < 10; k++) max = Math.max(max, logits[s * 10 + k])
    let sum = 0
    for (let k = 0; k < 10; k++) sum += Math.exp(logits[s * 10 + k] - max)
    for (let k = 0; k < 10; k++) {
      const p = Math.exp(logits[s * 10 + k] - max) / sum
      grad[s * 10 + k] = (p - (k === labels[s] ? 1 : 0)) / batch
    }
    loss -= logits[s * 10 + labels[s]] - max - Math.log(sum)
  }
  return { loss: loss / batch, grad }
}

/** Train `net` on the training split; returns the deployable tensors (float32) and the loss curve. */
export function trainDigits(net: 'mlp' | 'cnn', train: DigitsData, opts: TrainOptions): TrainedNetwork {
  const rs = new RandomState(opts.seed)
  const layers = net === 'mlp' ? buildMlp(rs) : buildCnn(rs)
  const params = layers.flatMap((l) => l.params)
  const order = Int32Array.from({ length: train.n }, (_, i) => i)
  const losses: number[] = []
  let step = 0
  const b1 = 0.9
  const b2 = 0.999
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = train.n - 1; i > 0; i--) {
      const j = Math.floor(rs.nextDouble() * (i + 1))
      const t = order[i]
      order[i] = order[j]
      order[j] = t
    }
    let epochLoss = 0
    for (let start = 0; start < train.n; start += opts.batch) {
      const batch = Math.min(opts.batch, train.n - start)
      let x: F64 = new Float64Array(batch * 64)
      const labels = new Uint8Array(batch)
      for (let s = 0; s < batch; s++) {
        const r = order[start + s]
        for (let p = 0; p < 64; p++) x[s * 64 + p] = train.images[r * 64 + p]
        labels[s] = train.labels[r]
      }
      for (const l of layers) x = l.forward(x, batch, true)
      const { loss, grad } = softmaxCrossEntropy(x, labels, batch)
      epochLoss += loss * batch
      let g = grad
      for (let li = layers.length - 1; li >= 0; li--) g = layers[li].backward(g, batch)
      step++
      const c1 = 1 - b1 ** step
      const c2 = 1 - b2 ** step
      for (const p of params) {
        for (let k = 0; k < p.value.length; k++) {
          const gk = p.grad[k]
          p.m[k] = b1 * p.m[k] + (1 - b1) * gk
          p.v[k] = b2 * p.v[k] + (1 - b2) * gk * gk
          p.value[k] -= (opts.lr * (p.m[k] / c1)) / (Math.sqrt(p.v[k] / c2) + 1e-8)
        }
        p.grad.fill(0)
      }
    }
    losses.push(epochLoss / train.n)
  }
  return { tensors: net === 'mlp' ? exportMlp(layers) : exportCnn(layers), losses }
}

const f32 = (a: ArrayLike<number>) => Float32Array.from(a)

function exportMlp(layers: Layer[]): TrainedNetwork['tensors'] {
  const [fc1, , fc2, , fc3] = layers as [Linear, Relu, Linear, Relu, Linear]
  return [fc1, fc2, fc3].flatMap((l, i) => [
    { name: `fc${i + 1}.weight`, shape: [l.outSize, l.inSize], data: f32(l.w.value) },
    { name: `fc${i + 1}.bias`, shape: [l.outSize], data: f32(l.b.value) },
  ])
}

function exportCnn(layers: Layer[]): TrainedNetwork['tensors'] {
  const convs = [layers[0], layers[3], layers[6]] as Conv2d[]
  const bns = [layers[1], layers[4], layers[7]] as BatchNorm2d[]
  const fc = layers[9] as Linear
  const names = ['conv1', 'dw', 'pw']
  const out: TrainedNetwork['tensors'] = []
  convs.forEach((c, i) => {
    const shape = [c.outC, c.inC / c.groups, c.k, c.k]
    const bn = bns[i]
    const folded = foldBatchNorm(
      { shape, data: c.w.value },
      {
        gamma: bn.gamma.value,
        beta: bn.beta.value,
        mean: bn.runMean,
        variance: bn.runVar,
        epsilon: bn.eps,
        axis: 0,
      },
    )
    out.push({ name: `${names[i]}.weight`, shape, data: f32(folded.weight) })
    out.push({ name: `${names[i]}.bias`, shape: [c.outC], data: f32(folded.bias) })
  })
  out.push({ name: 'fc.weight', shape: [10, 256], data: f32(fc.w.value) })
  out.push({ name: 'fc.bias', shape: [10], data: f32(fc.b.value) })
  return out
}

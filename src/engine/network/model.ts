/**
 * The two digits networks as layer lists, read from the tensors of their `.safetensors` files, and their float
 * forward pass (the reference every quantized run is compared with). Pure.
 *
 * mlp: fc1 64→128 + ReLU, fc2 128→64 + ReLU, fc3 64→10 (y = x·Wᵀ + b, W out × in).
 * cnn (BatchNorm folded): conv1 3×3 1→8 pad 1 + ReLU → dw depthwise 3×3 stride 2 pad 1 + ReLU →
 *   pw 1×1 8→16 + ReLU → flatten (C, H, W order) → fc 256→10. Activations NCHW, weights [out, in/groups, kh, kw].
 */
import type { LayerKind, NetId, NetworkLayer, NetworkModel, NetworkTensors } from './types'

interface LayerSpec {
  name: string
  kind: LayerKind
  inputShape: number[]
  weightShape: number[]
  stride: number
  pad: number
  groups: number
}

const fc = (name: string, i: number, o: number): LayerSpec => ({
  name,
  kind: 'fc',
  inputShape: [i],
  weightShape: [o, i],
  stride: 1,
  pad: 0,
  groups: 1,
})

const SPECS: { readonly [K in NetId]: LayerSpec[] } = {
  mlp: [fc('fc1', 64, 128), fc('fc2', 128, 64), fc('fc3', 64, 10)],
  cnn: [
    {
      name: 'conv1',
      kind: 'conv',
      inputShape: [1, 8, 8],
      weightShape: [8, 1, 3, 3],
      stride: 1,
      pad: 1,
      groups: 1,
    },
    {
      name: 'dw',
      kind: 'depthwise',
      inputShape: [8, 8, 8],
      weightShape: [8, 1, 3, 3],
      stride: 2,
      pad: 1,
      groups: 8,
    },
    {
      name: 'pw',
      kind: 'conv',
      inputShape: [8, 4, 4],
      weightShape: [16, 8, 1, 1],
      stride: 1,
      pad: 0,
      groups: 1,
    },
    fc('fc', 256, 10),
  ],
}

/** The output shape of a layer from its input shape and weight. */
function outputShapeOf(s: LayerSpec): number[] {
  if (s.kind === 'fc') return [s.weightShape[0]]
  const [, h, w] = s.inputShape
  const k = s.weightShape[2]
  return [
    s.weightShape[0],
    Math.floor((h + 2 * s.pad - k) / s.stride) + 1,
    Math.floor((w + 2 * s.pad - k) / s.stride) + 1,
  ]
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1)

/** The network `id` from its tensors; a missing tensor or a wrong shape is an error naming it. */
export function loadNetwork(id: NetId, tensors: NetworkTensors): NetworkModel {
  const byName = new Map(tensors.map((t) => [t.name, t]))
  const get = (name: string, shape: number[]): Float32Array => {
    const t = byName.get(name)
    if (!t) throw new RangeError(`digits-${id}: the tensor ${name} is missing`)
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw new RangeError(
        `digits-${id}: ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`,
      )
    return Float32Array.from(t.data)
  }
  const layers = SPECS[id].map((s, i, all): NetworkLayer => {
    const outputShape = outputShapeOf(s)
    return {
      ...s,
      inputShape: [...s.inputShape],
      weightShape: [...s.weightShape],
      outputShape,
      weight: get(`${s.name}.weight`, s.weightShape),
      bias: get(`${s.name}.bias`, [s.weightShape[0]]),
      relu: i < all.length - 1,
      outChannels: s.weightShape[0],
      reduction: size(s.weightShape) / s.weightShape[0],
    }
  })
  return { id, layers }
}

export const inputSize = (l: NetworkLayer) => size(l.inputShape)
export const outputSize = (l: NetworkLayer) => size(l.outputShape)

/**
 * One float layer on n images: x n × inputSize → n × outputSize, accumulated in float64 (then ReLU).
 * `w` and `b` default to the layer's own (the fake-quant simulation passes quantized ones).
 */
export function floatLayer(
  l: NetworkLayer,
  x: ArrayLike<number>,
  n: number,
  w: ArrayLike<number> = l.weight,
  b: ArrayLike<number> = l.bias,
): Float64Array {
  const inSize = inputSize(l)
  const outSize = outputSize(l)
  const y = new Float64Array(n * outSize)
  if (l.kind === 'fc') {
    const depth = inSize
    for (let s = 0; s < n; s++)
      for (let o = 0; o < outSize; o++) {
        let acc = b[o]
        for (let d = 0; d < depth; d++) acc += x[s * depth + d] * w[o * depth + d]
        y[s * outSize + o] = acc
      }
  } else {
    const [inC, h, wd] = l.inputShape
    const [outC, outH, outW] = l.outputShape
    const k = l.weightShape[2]
    const inPerG = inC / l.groups
    const outPerG = outC / l.groups
    for (let s = 0; s < n; s++)
      for (let oc = 0; oc < outC; oc++) {
        const g = Math.floor(oc / outPerG)
        for (let oy = 0; oy < outH; oy++)
          for (let ox = 0; ox < outW; ox++) {
            let acc = b[oc]
            for (let icg = 0; icg < inPerG; icg++) {
              const c = g * inPerG + icg
              for (let ky = 0; ky < k; ky++) {
                const iy = oy * l.stride - l.pad + ky
                if (iy < 0 || iy >= h) continue
                for (let kx = 0; kx < k; kx++) {
                  const ix = ox * l.stride - l.pad + kx
                  if (ix < 0 || ix >= wd) continue
                  acc += x[s * inSize + (c * h + iy) * wd + ix] * w[((oc * inPerG + icg) * k + ky) * k + kx]
                }
              }
            }
            y[s * outSize + (oc * outH + oy) * outW + ox] = acc
          }
      }
  }
  if (l.relu) for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0
  return y
}

/** Every layer's input and the logits of n images (float32 copies), index l = input of layer l. */
export function forwardFloat(model: NetworkModel, images: Float32Array, n: number): Float32Array[] {
  const acts: Float32Array[] = [images.slice(0, n * 64)]
  let x: ArrayLike<number> = images
  for (const l of model.layers) {
    // float32 between layers, as a float32 runtime stores them (and as the cached activations are kept)
    const y = Float32Array.from(floatLayer(l, x, n))
    acts.push(y)
    x = y
  }
  return acts
}

/** argmax of each row of n × 10 logits (the first maximum wins). */
export function argmax10(logits: ArrayLike<number>, n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let s = 0; s < n; s++) {
    let best = 0
    for (let k = 1; k < 10; k++) if (logits[s * 10 + k] > logits[s * 10 + best]) best = k
    out[s] = best
  }
  return out
}

/** Share of predictions equal to the labels. */
export function accuracyOf(pred: Uint8Array, labels: Uint8Array): number {
  let ok = 0
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++
  return pred.length === 0 ? 0 : ok / pred.length
}

/**
 * Post-training quantization of a digits network, end to end (`#/model/accuracy`). Pure; runs in the worker.
 *
 * Pipeline (Jacob et al. 2018, arXiv:1712.05877 §2–3; Krishnamoorthi 2018, arXiv:1806.08342 §3; TFLite's
 * integer kernels):
 * 1. Calibrate every layer's INPUT activation — the network's input too — over the float activations of the
 *    first `ncal` training images (the first of them carrying the traitor pixel), with the core's calibrators:
 *    min-max, percentile (pytorch-quantization's histogram CDF), entropy/KL (three variants) or MSE, the last two
 *    at the activation bit width (unsigned, since every activation here is ≥ 0). The range is
 *    [lo, hi] = [min(0, max(min x, −T)), T] (min-max: [min(0, min x), max(0, max x)]); asymmetric: scale
 *    (hi − lo)/(2^b − 1), zero point qmin − round(lo/scale), codes −2^(b−1) … 2^(b−1) − 1.
 * 2. Weights symmetric, codes ±(2^(b−1) − 1), scale max|w|/(2^(b−1) − 1) per tensor, per output channel or per
 *    run of `group` values along each channel's reduction; bias int32 at sIn·sW (round half to even).
 * 3. Integer inference: the core's `int8FullyConnected` (fc; per-group scales through `intConv2d` as a 1×1
 *    convolution) and `intConv2d` (conv, depthwise, pointwise); a layer followed by a quantized layer
 *    requantizes straight into the next layer's input codes (M0·2⁻ⁿ, its zero point, ReLU as the clamp); the
 *    last layer, and a layer followed by a float one, hand on its int32 accumulators dequantized
 *    (acc·sIn·sW, then ReLU) — the logits are never requantized.
 * 4. Layers named in `float` keep float input and weights (mixed precision).
 * The float fake-quant simulation (`simulate`) runs the same settings with x̂ = S(q − z), ŵ = sW·q in float64;
 * the integer path differs from it only by the fixed-point requantization (M0 has 31 bits; gemmlowp rounds ties
 * away from zero where the simulation rounds half to even), i.e. by at most one code on an activation.
 */
import {
  absHistogram,
  entropyCalibrate,
  int8FullyConnected,
  intConv2d,
  mseCalibrate,
  percentileCalibrate,
  roundHalfEven,
  tvmHistogram,
  type Histogram,
} from '../../core'
// a helper of the core's own (not part of its public contract): the kept-array rule scratch.ts uses
import { keptArray } from '../../core/scratch'
import { accuracyOf, argmax10, floatLayer, forwardFloat, outputSize } from './model'
import {
  TRAITOR_PIXEL,
  type AccuracySettings,
  type ActCalibrator,
  type BitsPoint,
  type DigitsSplit,
  type EvalResult,
  type LayerActivations,
  type LayerResult,
  type Misclassified,
  type NetworkLayer,
  type NetworkModel,
  type PreparedNetwork,
  type SensitivityEntry,
} from './types'

const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now())

/** Float activations of every test and training image, computed once per network. */
export function prepareEvaluation(model: NetworkModel, split: DigitsSplit): PreparedNetwork {
  const testActs = forwardFloat(model, split.test.images, split.test.n)
  const trainActs = forwardFloat(model, split.train.images, split.train.n)
  const floatPred = argmax10(testActs[testActs.length - 1], split.test.n)
  return {
    model,
    split,
    testActs,
    trainActs,
    floatPred,
    floatAccuracy: accuracyOf(floatPred, split.test.labels),
    cache: new Map(),
    work: new Map(),
  }
}

function cached<T>(p: PreparedNetwork, key: string, make: () => T): T {
  if (p.cache.has(key)) return p.cache.get(key) as T
  const v = make()
  if (p.cache.size > 2000) p.cache.clear()
  p.cache.set(key, v)
  return v
}

const ncalOf = (p: PreparedNetwork, s: AccuracySettings) =>
  Math.max(1, Math.min(p.split.train.n, Math.round(s.ncal)))

/** The calibration values of layer l's input: the first ncal training rows, row 0 with the traitor pixel. */
function calibValues(p: PreparedNetwork, s: AccuracySettings, l: number): Float32Array {
  const ncal = ncalOf(p, s)
  const traitor = s.traitor !== null && Number.isFinite(s.traitor) ? s.traitor : null
  return cached(p, `vals|${l}|${ncal}|${traitor}`, () => {
    const size = l === 0 ? 64 : outputSize(p.model.layers[l - 1])
    const v = p.trainActs[l].slice(0, ncal * size)
    if (traitor !== null) {
      const img = p.split.train.images.slice(0, 64)
      img[TRAITOR_PIXEL] = traitor
      const acts = cached(p, `traitor|${traitor}`, () => forwardFloat(p.model, img, 1))
      v.set(acts[l])
    }
    return v
  })
}

interface Range {
  lo: number
  hi: number
  min: number
  max: number
}

function minMax(v: Float32Array): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < v.length; i++) {
    const x = v[i]
    if (x < min) min = x
    if (x > max) max = x
  }
  return { min, max }
}

/** The |x| threshold T of a histogram calibrator at these settings. */
function thresholdOf(
  p: PreparedNetwork,
  s: AccuracySettings,
  l: number,
  calib: ActCalibrator,
  v: Float32Array,
  mm: { min: number; max: number },
): number {
  const absMax = Math.max(Math.abs(mm.min), Math.abs(mm.max))
  if (calib === 'minmax' || absMax === 0) return absMax
  const ncal = ncalOf(p, s)
  const unsigned = mm.min >= 0
  const hist = () => cached<Histogram>(p, `hist|${l}|${ncal}|${s.traitor}`, () => absHistogram(v))
  switch (calib) {
    case 'percentile':
      return percentileCalibrate(hist(), Math.max(0, Math.min(100, s.pct)))
    case 'mse':
      return mseCalibrate(hist(), { numBits: s.abits, unsigned }).threshold
    case 'entropy': {
      if (s.variant === 'tvm') {
        const h = cached<Histogram>(p, `tvm|${l}|${ncal}|${s.traitor}`, () => tvmHistogram(v))
        return entropyCalibrate(h, { variant: 'tvm', numBits: s.abits, unsigned }).threshold
      }
      return entropyCalibrate(hist(), { variant: s.variant, numBits: s.abits, unsigned }).threshold
    }
  }
}

/** The calibrated range of layer l's input. */
function calibrate(p: PreparedNetwork, s: AccuracySettings, l: number, calib = s.calib): Range {
  const ncal = ncalOf(p, s)
  const key =
    calib === 'minmax'
      ? `cal|${l}|${ncal}|${s.traitor}|minmax`
      : `cal|${l}|${ncal}|${s.traitor}|${calib}|${s.abits}|${calib === 'entropy' ? s.variant : ''}|${calib === 'percentile' ? s.pct : ''}`
  return cached(p, key, () => {
    const v = calibValues(p, s, l)
    const mm = minMax(v)
    if (calib === 'minmax') return { lo: Math.min(0, mm.min), hi: Math.max(0, mm.max), ...mm }
    const t = thresholdOf(p, s, l, calib, v, mm)
    return { lo: Math.min(0, Math.max(mm.min, -t)), hi: Math.max(0, Math.min(t, mm.max)), ...mm }
  })
}

interface ActQ {
  scale: number
  zero: number
  qmin: number
  qmax: number
}

function actParams(r: Range, bits: number): ActQ {
  const qmin = -(2 ** (bits - 1))
  const qmax = 2 ** (bits - 1) - 1
  const span = r.hi - r.lo
  const scale = span > 0 ? span / (qmax - qmin) : 1
  const zero = Math.max(qmin, Math.min(qmax, qmin - roundHalfEven(r.lo / scale)))
  return { scale, zero, qmin, qmax }
}

function quantizeActs(x: ArrayLike<number>, a: ActQ, into?: Int32Array): Int32Array {
  const q = into ?? new Int32Array(x.length)
  const inv = 1 / a.scale
  for (let i = 0; i < x.length; i++) {
    const c = roundHalfEven(x[i] * inv) + a.zero
    q[i] = c < a.qmin ? a.qmin : c > a.qmax ? a.qmax : c
  }
  return q
}

interface WeightQ {
  codes: Int32Array
  /** per output channel (tensor: all equal) or per channel × group */
  scales: Float64Array
  /** group size when per group */
  group: number | undefined
  nGroups: number
}

/** Symmetric weight codes ±(2^(b−1) − 1) per tensor, channel or group (round half to even). */
function quantizeWeights(l: NetworkLayer, s: AccuracySettings): WeightQ {
  const qmax = 2 ** (s.wbits - 1) - 1
  const outC = l.outChannels
  const red = l.reduction
  const group = s.wgran === 'group' ? Math.max(1, Math.round(s.group)) : undefined
  const nGroups = group === undefined ? 1 : Math.ceil(red / group)
  const w = l.weight
  const scales = new Float64Array(outC * nGroups)
  const scaleFor = (m: number) => (m > 0 ? m / qmax : 1)
  if (s.wgran === 'tensor') {
    let m = 0
    for (const v of w) m = Math.max(m, Math.abs(v))
    scales.fill(scaleFor(m))
  } else {
    for (let o = 0; o < outC; o++)
      for (let g = 0; g < nGroups; g++) {
        let m = 0
        const end = group === undefined ? red : Math.min(red, (g + 1) * group)
        for (let r = group === undefined ? 0 : g * group; r < end; r++)
          m = Math.max(m, Math.abs(w[o * red + r]))
        scales[o * nGroups + g] = scaleFor(m)
      }
  }
  const codes = new Int32Array(w.length)
  for (let o = 0; o < outC; o++)
    for (let r = 0; r < red; r++) {
      const sc = scales[o * nGroups + (group === undefined ? 0 : Math.floor(r / group))]
      const c = roundHalfEven(w[o * red + r] / sc)
      codes[o * red + r] = Math.max(-qmax, Math.min(qmax, c))
    }
  return { codes, scales, group, nGroups }
}

/** The scale each output channel's accumulator and bias is at, divided by sIn (sW, or the largest group sW). */
function channelScales(wq: WeightQ, outC: number): Float64Array {
  const out = new Float64Array(outC)
  for (let o = 0; o < outC; o++) {
    let m = 0
    for (let g = 0; g < wq.nGroups; g++) m = Math.max(m, wq.scales[o * wq.nGroups + g])
    out[o] = m
  }
  return out
}

interface LayerPlan {
  layer: NetworkLayer
  quantized: boolean
  range: Range
  act: ActQ
  wq: WeightQ | null
}

/**
 * The settings the runner can use: bit widths clamped to 2 … 8, the group size to 1 … 4096, the percentile to
 * 0 … 100, ncal to 1 … the training split (the link codec clamps with a notice; this only keeps a stray value
 * from producing NaN scales).
 */
export function clampSettings(s: AccuracySettings): AccuracySettings {
  const int = (v: number, lo: number, hi: number, d: number) =>
    Number.isFinite(v) ? Math.max(lo, Math.min(hi, Math.round(v))) : d
  return {
    ...s,
    wbits: int(s.wbits, 2, 8, 8),
    abits: int(s.abits, 2, 8, 8),
    group: int(s.group, 1, 4096, 128),
    pct: Number.isFinite(s.pct) ? Math.max(0, Math.min(100, s.pct)) : 99.99,
    ncal: int(s.ncal, 1, 1438, 200),
    traitor: s.traitor !== null && Number.isFinite(s.traitor) ? s.traitor : null,
  }
}

function plan(p: PreparedNetwork, settings: AccuracySettings, calib = settings.calib): LayerPlan[] {
  const s = clampSettings(settings)
  const floatSet = new Set(s.float)
  return p.model.layers.map((layer, l) => {
    const quantized = !floatSet.has(layer.name)
    const range = calibrate(p, s, l, calib)
    const act = actParams(range, s.abits)
    const wq = quantized
      ? cached(p, `wq|${l}|${s.wbits}|${s.wgran}|${s.wgran === 'group' ? s.group : ''}`, () =>
          quantizeWeights(layer, s),
        )
      : null
    return { layer, quantized, range, act, wq }
  })
}

/** What one quantized run gives: per layer the input codes (null: float input), outputs, logits. */
export interface Run {
  /** the codes of each layer's input (null when the layer is float) */
  inputCodes: (Int32Array | null)[]
  /** the codes each layer hands to the next (null: it hands on real values) */
  outputCodes: (Int32Array | null)[]
  /** each layer's output as real values (dequantized codes, or float), the last = logits */
  outputs: Float64Array[]
  logits: Float64Array
}

/**
 * Arrays a run writes its per-layer results to (input codes of a layer fed real values, accumulators, output
 * codes, dequantized outputs, the last layer's real outputs), kept by role and layer from one run to the next.
 * Why: a fresh array's pages are mapped in on first write (see core/scratch.ts); an MLP evaluation made ~1.2 MB
 * of them, about half of its time in a Chromium page.
 */
type Workspace = PreparedNetwork['work']

/** a layer whose real outputs nobody reads (it hands codes to the next) gets this, not a workspace array */
const NO_REALS = new Float64Array(0)

// the workspace's array for `key` (core/scratch.ts's keptArray), or a new one without a workspace
const int32s = (ws: Workspace | undefined, key: string, n: number) =>
  ws ? keptArray(ws, Int32Array, key, n) : new Int32Array(n)
const float64s = (ws: Workspace | undefined, key: string, n: number) =>
  ws ? keptArray(ws, Float64Array, key, n) : new Float64Array(n)

/**
 * Run the test images through the quantized network: `integer` with the integer kernels, otherwise the float
 * fake-quant simulation of the same settings. With `feed`, every layer takes its input from that run (to
 * compare one layer at a time) instead of from the layer before. With `ws`, the run's arrays are the
 * workspace's: the caller reads the run before the next one over the same workspace (`evaluate` and the
 * accuracy-only runs); without it every array is new (a caller that keeps runs side by side).
 */
function runNetwork(
  p: PreparedNetwork,
  plans: LayerPlan[],
  integer: boolean,
  feed?: Run,
  ws?: Workspace,
): Run {
  // a run fed by another writes its layers' codes into arrays the feed's next layer would be read from
  if (feed && ws) throw new Error('runNetwork: a run fed by another run keeps arrays of its own')
  const n = p.split.test.n
  let x: ArrayLike<number> = p.testActs[0]
  let codes: Int32Array | null = null
  const inputCodes: (Int32Array | null)[] = []
  const outputCodes: (Int32Array | null)[] = []
  const outputs: Float64Array[] = []
  for (let l = 0; l < plans.length; l++) {
    if (feed && l > 0) {
      codes = feed.outputCodes[l - 1]
      x = feed.outputs[l - 1]
    }
    const { layer, quantized, act, wq } = plans[l]
    const next = plans[l + 1] as LayerPlan | undefined
    const toCodes = quantized && next?.quantized === true
    if (!quantized || wq === null) {
      inputCodes.push(null)
      codes = null
      const y = floatLayer(layer, x, n)
      outputs.push(y)
      outputCodes.push(null)
      x = y
      continue
    }
    const q = codes ?? quantizeActs(x, act, int32s(ws, `q|${l}`, x.length))
    inputCodes.push(q)
    const accScale = channelScales(wq, layer.outChannels)
    const bias = new Int32Array(layer.outChannels)
    for (let o = 0; o < layer.outChannels; o++)
      bias[o] = roundHalfEven(layer.bias[o] / (act.scale * accScale[o]))
    const outAct = toCodes ? next.act : null
    let y: Float64Array
    if (integer) {
      const r = integerLayer(layer, q, wq, bias, act, outAct, n, ws, l)
      if (outAct) {
        codes = r.codes
        y = dequantize(r.codes, outAct, float64s(ws, `y|${l}`, r.codes.length))
      } else {
        codes = null
        y = r.real
      }
    } else {
      const xs = new Float64Array(q.length)
      for (let i = 0; i < q.length; i++) xs[i] = act.scale * (q[i] - act.zero)
      const wReal = new Float64Array(wq.codes.length)
      const red = layer.reduction
      for (let o = 0; o < layer.outChannels; o++)
        for (let r = 0; r < red; r++)
          wReal[o * red + r] =
            wq.codes[o * red + r] *
            wq.scales[o * wq.nGroups + (wq.group === undefined ? 0 : Math.floor(r / wq.group))]
      const bs = new Float64Array(layer.outChannels)
      for (let o = 0; o < layer.outChannels; o++) bs[o] = bias[o] * act.scale * accScale[o]
      const real = floatLayer(layer, xs, n, wReal, bs)
      if (outAct) {
        codes = quantizeActs(real, outAct)
        y = dequantize(codes, outAct)
      } else {
        codes = null
        y = real
      }
    }
    outputs.push(y)
    outputCodes.push(codes)
    x = y
  }
  return { inputCodes, outputCodes, outputs, logits: outputs[outputs.length - 1] }
}

function dequantize(q: Int32Array, a: ActQ, into?: Float64Array): Float64Array {
  const y = into ?? new Float64Array(q.length)
  for (let i = 0; i < q.length; i++) y[i] = a.scale * (q[i] - a.zero)
  return y
}

/** One quantized layer in integers: codes for the next layer (outAct given), else the dequantized accumulators. */
function integerLayer(
  layer: NetworkLayer,
  q: Int32Array,
  wq: WeightQ,
  bias: Int32Array,
  act: ActQ,
  outAct: ActQ | null,
  n: number,
  ws: Workspace | undefined,
  l: number,
): { codes: Int32Array; real: Float64Array } {
  // without a next quantized layer the requantized codes are not used: any valid output scale will do
  const sOut = outAct ? outAct.scale : 1
  const zOut = outAct ? outAct.zero : 0
  const actMin = outAct ? (layer.relu ? Math.max(outAct.qmin, outAct.zero) : outAct.qmin) : -128
  const actMax = outAct ? outAct.qmax : 127
  let acc: Int32Array
  let codes: Int32Array
  let accScale: Float64Array // per channel, the real value of one accumulator unit
  const size = n * outputSize(layer)
  const into = ws && { accumulators: int32s(ws, `acc|${l}`, size), outputs: int32s(ws, `out|${l}`, size) }
  if (layer.kind === 'fc' && wq.group === undefined) {
    const r = int8FullyConnected(
      q,
      wq.codes,
      bias,
      {
        batch: n,
        depth: layer.reduction,
        outputs: layer.outChannels,
        sIn: act.scale,
        zIn: act.zero,
        sW: wq.scales,
        zW: 0,
        sOut,
        zOut,
        actMin,
        actMax,
      },
      into,
    )
    acc = r.accumulators
    codes = r.outputs
    accScale = wq.scales.map((w) => w * act.scale)
  } else {
    const [inC, h, w] = layer.kind === 'fc' ? [layer.reduction, 1, 1] : layer.inputShape
    const k = layer.kind === 'fc' ? 1 : layer.weightShape[2]
    const r = intConv2d(
      q,
      wq.codes,
      bias,
      {
        batch: n,
        inChannels: inC,
        height: h,
        width: w,
        outChannels: layer.outChannels,
        kernelH: k,
        kernelW: k,
        stride: layer.stride,
        pad: layer.pad,
        groups: layer.groups,
        sIn: act.scale,
        zIn: act.zero,
        sW: wq.scales,
        ...(wq.group === undefined ? {} : { weightGroup: wq.group }),
        sOut,
        zOut,
        actMin,
        actMax,
      },
      into,
    )
    acc = r.accumulators
    codes = r.outputs
    const unit = 2 ** r.groupShift
    accScale = r.accumulatorWeightScales.map((s) => (s * act.scale) / unit)
  }
  // the real outputs only where the caller reads them (a fresh array's pages cost time: see core/scratch.ts)
  const real = outAct ? NO_REALS : float64s(ws, `real|${l}`, acc.length)
  if (!outAct) {
    const plane = acc.length / (n * layer.outChannels)
    for (let i = 0; i < acc.length; i++) {
      const v = acc[i] * accScale[Math.floor(i / plane) % layer.outChannels]
      real[i] = layer.relu && v < 0 ? 0 : v
    }
  }
  return { codes, real }
}

function sqnrDb(ref: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0
  let e = 0
  for (let i = 0; i < ref.length; i++) {
    s += ref[i] * ref[i]
    e += (ref[i] - y[i]) ** 2
  }
  if (e === 0) return Infinity
  return s === 0 ? -Infinity : 10 * Math.log10(s / e)
}

function clippedShare(v: Float32Array, r: Range): number {
  let c = 0
  const { lo, hi } = r
  for (let i = 0; i < v.length; i++) if (v[i] > hi || v[i] < lo) c++
  return v.length === 0 ? 0 : c / v.length
}

/** Calibrate, quantize and run the 359 test images in integers. */
export function evaluate(p: PreparedNetwork, s: AccuracySettings): EvalResult {
  const t0 = now()
  const plans = plan(p, s)
  const run = runNetwork(p, plans, true, undefined, p.work)
  const n = p.split.test.n
  const labels = p.split.test.labels
  const quantPred = argmax10(run.logits, n)
  const floatLogits = p.testActs[p.testActs.length - 1]
  const confusion = new Int32Array(100)
  let changed = 0
  const misclassified: Misclassified[] = []
  for (let i = 0; i < n; i++) {
    confusion[labels[i] * 10 + quantPred[i]]++
    if (quantPred[i] !== p.floatPred[i]) changed++
    if (quantPred[i] !== labels[i])
      misclassified.push({
        index: i,
        label: labels[i],
        floatPred: p.floatPred[i],
        quantPred: quantPred[i],
        floatLogits: floatLogits.slice(i * 10, i * 10 + 10),
        quantLogits: Float32Array.from(run.logits.subarray(i * 10, i * 10 + 10)),
      })
  }
  const layers: LayerResult[] = plans.map((pl, l) => ({
    name: pl.layer.name,
    kind: pl.layer.kind,
    quantized: pl.quantized,
    lo: pl.range.lo,
    hi: pl.range.hi,
    min: pl.range.min,
    max: pl.range.max,
    scale: pl.quantized ? pl.act.scale : NaN,
    zeroPoint: pl.quantized ? pl.act.zero : 0,
    weightScales: pl.wq ? pl.wq.scales.slice(s.wgran === 'tensor' ? -1 : 0) : new Float64Array(0),
    sqnrDb: sqnrDb(p.testActs[l + 1], run.outputs[l]),
    clipped: clippedShare(calibValues(p, s, l), pl.range),
  }))
  return {
    floatAccuracy: p.floatAccuracy,
    quantAccuracy: accuracyOf(quantPred, labels),
    changed,
    confusion,
    floatPred: p.floatPred,
    quantPred,
    layers,
    misclassified,
    elapsedMs: now() - t0,
  }
}

/**
 * The integer run and the float fake-quant simulation of the same settings, side by side (for the tests):
 * `simulated` chains its own layers; `layerwise` feeds every simulated layer the integer run's input.
 */
export function integerAndSimulated(
  p: PreparedNetwork,
  s: AccuracySettings,
): {
  integer: Run
  simulated: Run
  layerwise: Run
  integerPred: Uint8Array
  simulatedPred: Uint8Array
} {
  const plans = plan(p, s)
  const integer = runNetwork(p, plans, true)
  const simulated = runNetwork(p, plans, false)
  const n = p.split.test.n
  return {
    integer,
    simulated,
    layerwise: runNetwork(p, plans, false, integer),
    integerPred: argmax10(integer.logits, n),
    simulatedPred: argmax10(simulated.logits, n),
  }
}

function quantAccuracy(p: PreparedNetwork, s: AccuracySettings, calib = s.calib): number {
  const run = runNetwork(p, plan(p, s, calib), true, undefined, p.work)
  return accuracyOf(argmax10(run.logits, p.split.test.n), p.split.test.labels)
}

/** Test accuracy with only that layer quantized (the others float), for every layer. */
export function layerSensitivity(p: PreparedNetwork, s: AccuracySettings): SensitivityEntry[] {
  const names = p.model.layers.map((l) => l.name)
  return names.map((layer) => ({
    layer,
    accuracy: quantAccuracy(p, { ...s, float: names.filter((x) => x !== layer) }),
  }))
}

/** Quantized test accuracy at each activation bit width, calibrated with `calib` (one line of the chart). */
export function accuracyVsBits(
  p: PreparedNetwork,
  s: AccuracySettings,
  calib: ActCalibrator,
  bitsList: readonly number[],
): BitsPoint[] {
  return bitsList.map((bits) => ({ bits, accuracy: quantAccuracy(p, { ...s, abits: bits, calib }, calib) }))
}

/** A layer's input calibration values and the upper threshold every calibrator gives at these settings. */
export function layerInputActivations(
  p: PreparedNetwork,
  settings: AccuracySettings,
  layer: string,
): LayerActivations {
  const s = clampSettings(settings)
  const l = p.model.layers.findIndex((x) => x.name === layer)
  if (l < 0) throw new RangeError(`digits-${p.model.id}: no layer ${layer}`)
  const values = calibValues(p, s, l)
  const mm = minMax(values)
  const t = (c: ActCalibrator) => calibrate(p, s, l, c).hi
  return {
    layer,
    values,
    ...mm,
    thresholds: { minmax: t('minmax'), percentile: t('percentile'), entropy: t('entropy'), mse: t('mse') },
  }
}

/**
 * From a model's tensors to its layers: which tensors are weights (two or more axes), which vectors belong to
 * which layer (biases, BatchNorm), each layer's kind and output-channel axis by its format's convention, and
 * the per-layer report at chosen bits / group size, with BatchNorm folded or not. Pure; runs in the worker.
 * The report, a layer's detail and its matrix also come in slices (`reportSteps`, `detailSteps`, `matrixSteps`:
 * core/steps.ts) that yield within a layer, after about every `step` values, so that on the page (after the
 * model's worker gave up) no task holds the page for a whole large layer; the plain methods run the same steps.
 */
import { assertStep, runSteps, slices, STEP, type Steps } from '../core/steps'
import { foldBatchNormSteps } from './fold'
import { channelAbsMaxSteps, channelLayout, weightReportSteps, type WeightReport } from './report'
import { parseManifest } from './tfjs'
import type { ModelFile, ModelFormat, NamedTensor } from './types'

export type LayerKind = 'conv' | 'depthwise' | 'dense' | 'embedding' | 'other'

export interface BatchNormRef {
  gamma: string | null
  beta: string | null
  mean: string
  variance: string
  epsilon: number
}

export interface LayerInfo {
  /** the weight tensor's name */
  name: string
  kind: LayerKind
  shape: number[]
  /** the output-channel axis by the format's convention */
  defaultAxis: number
  /** the layout the convention gives, e.g. `HWIO`, `HWC1`, `OIHW`, `in×out`, `out×in` */
  layout: string
  /** the vectors grouped under this layer (biases, BatchNorm, …) */
  extras: { name: string; shape: number[] }[]
  bn: BatchNormRef | null
  /** how the file stores the weight (e.g. `uint8→float32`, `F16`) */
  stored: string
  /** TF.js weight quantization of the stored weight: value = q·scale + min */
  tfjsQuant: { dtype: string; scale: number; min: number } | null
  /** parameters of the weight and its extras */
  params: number
}

export interface LayerRow extends LayerInfo, WeightReport {
  axis: number
  channels: number
  folded: boolean
}

export interface ReportSettings {
  bits: number
  group: number
  fold: boolean
  /** per-layer output-channel axis chosen by the user */
  axes?: Record<string, number>
}

export interface ModelOverview {
  format: ModelFormat
  tensorCount: number
  params: number
  weightParams: number
  layerCount: number
  /** bytes the files hold (what was downloaded or dropped) */
  fileBytes: number
}

const scopeOf = (name: string) => name.split(/[/.]/).slice(0, -1)

function commonPrefix(a: string[], b: string[]): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/** conventions: TF/Keras/TF.js kernels are HWIO (depthwise HWC1), dense in×out; PyTorch/ONNX OIHW, out×in */
function classify(t: NamedTensor, format: ModelFormat): { kind: LayerKind; axis: number; layout: string } {
  const nd = t.shape.length
  const n = t.name.toLowerCase()
  const tfStyle =
    format === 'tfjs' ||
    /(^|[/.])(kernel|depthwise_kernel|depthwise_weights)$/.test(n) ||
    /\/weights$/.test(n)
  if (/embed|(^|[/.])(wte|wpe)([/.]|$)|tok_embeddings/.test(n) && nd === 2)
    return { kind: 'embedding', axis: 0, layout: 'vocab×dim' }
  if (tfStyle) {
    if (nd === 4 && (/depthwise/.test(n) || t.shape[3] === 1) && t.shape[0] * t.shape[1] > 1)
      return { kind: 'depthwise', axis: 2, layout: 'HWC1' }
    if (nd === 4) return { kind: 'conv', axis: 3, layout: 'HWIO' }
    if (nd === 3) return { kind: 'conv', axis: 2, layout: 'WIO' }
    if (nd === 2) return { kind: 'dense', axis: 1, layout: 'in×out' }
    return { kind: 'other', axis: nd - 1, layout: '' }
  }
  if (nd >= 3 && nd <= 5) {
    const spatial = t.shape.slice(2).reduce((a, b) => a * b, 1)
    if (t.shape[1] === 1 && spatial > 1)
      return { kind: 'depthwise', axis: 0, layout: nd === 4 ? 'O1HW' : 'O1…' }
    return { kind: 'conv', axis: 0, layout: nd === 4 ? 'OIHW' : nd === 3 ? 'OIW' : 'OIDHW' }
  }
  if (nd === 2) {
    // GPT-2's Conv1D (c_attn, c_proj, c_fc) stores in×out like TF; nn.Linear stores out×in
    if (/(^|[/.])(c_attn|c_proj|c_fc)[/.]weight$/.test(n)) return { kind: 'dense', axis: 1, layout: 'in×out' }
    return { kind: 'dense', axis: 0, layout: 'out×in' }
  }
  return { kind: 'other', axis: 0, layout: '' }
}

/**
 * A PyTorch/ONNX weight [O, 1, kh, kw] is either a depthwise convolution (groups = O, each filter sees one of O
 * input channels) or an ordinary convolution of a one-channel input (groups = 1), such as the first layer of a
 * grayscale network (the digits CNN's conv1); the weight alone does not say which. A depthwise layer's input has
 * as many channels as the layer before it has outputs, so one whose previous layer is missing (the network's
 * first layer) or has another number of outputs is an ordinary convolution.
 */
function oneInputConvs(layers: LayerInfo[]): void {
  let prevOut: number | null = null
  for (const L of layers) {
    if (L.kind === 'depthwise' && (L.layout === 'O1HW' || L.layout === 'O1…') && prevOut !== L.shape[0]) {
      const nd = L.shape.length
      L.kind = 'conv'
      L.layout = nd === 4 ? 'OIHW' : nd === 3 ? 'OIW' : 'OIDHW'
    }
    // outputs of the layers whose weights lead with them (PyTorch/ONNX conv and linear); others leave it unknown
    prevOut = L.layout.startsWith('O') || L.layout === 'out×in' ? L.shape[0] : null
  }
}

export function buildLayers(tensors: NamedTensor[], format: ModelFormat, manifest?: ModelFile): LayerInfo[] {
  return runSteps(buildLayersSteps(tensors, format, manifest))
}

/** `buildLayers` with a yield after each vector placed under its layer (a model of thousands of tensors) */
export function* buildLayersSteps(
  tensors: NamedTensor[],
  format: ModelFormat,
  manifest?: ModelFile,
): Steps<LayerInfo[]> {
  const quant = new Map<string, { dtype: string; scale: number; min: number }>()
  if (manifest) {
    for (const g of parseManifest(manifest.name, manifest.bytes))
      for (const w of g.weights)
        if (w.quantization && typeof w.quantization.scale === 'number')
          quant.set(w.name, {
            dtype: w.quantization.dtype,
            scale: w.quantization.scale,
            min: w.quantization.min ?? 0,
          })
  }
  const idx = new Map(tensors.map((t, i) => [t.name, i]))
  const weights = tensors.filter((t) => t.shape.length >= 2 && t.data.length > 0)
  const layers: LayerInfo[] = weights.map((t) => {
    const c = classify(t, format)
    return {
      name: t.name,
      kind: c.kind,
      shape: t.shape,
      defaultAxis: c.axis,
      layout: c.layout,
      extras: [],
      bn: null,
      stored: t.dtype,
      tfjsQuant: quant.get(t.name) ?? null,
      params: t.data.length,
    }
  })
  if (layers.length === 0) return layers
  oneInputConvs(layers)
  const weightIdx = weights.map((w) => idx.get(w.name)!)
  const scopes = weights.map((w) => scopeOf(w.name))
  // each vector goes to the weight sharing the longest scope prefix; ties to the nearest weight before it
  for (let ti = 0; ti < tensors.length; ti++) {
    const t = tensors[ti]
    if (t.shape.length >= 2 && t.data.length > 0) continue
    const s = scopeOf(t.name)
    let best = -1
    let bestLen = -1
    let bestDist = Infinity
    for (let w = 0; w < weights.length; w++) {
      const len = commonPrefix(s, scopes[w])
      const before = weightIdx[w] < ti
      const dist = before ? ti - weightIdx[w] : tensors.length + weightIdx[w] - ti
      if (len > bestLen || (len === bestLen && dist < bestDist)) {
        best = w
        bestLen = len
        bestDist = dist
      }
    }
    layers[best].extras.push({ name: t.name, shape: t.shape })
    layers[best].params += t.data.length
    yield
  }
  // BatchNorm: TF (`<layer>/BatchNorm/{gamma,beta,moving_mean,moving_variance}`, ε = 0.001) or PyTorch
  // (`<bn>.{weight,bias,running_mean,running_var}`, ε = 1e-5, after its conv)
  for (const L of layers) {
    const names = new Set(L.extras.map((e) => e.name))
    const find = (re: RegExp) => [...names].find((n) => re.test(n)) ?? null
    const tfMean = find(/(BatchNorm|batch_normalization[^/]*)\/moving_mean$/)
    if (tfMean) {
      const scope = tfMean.slice(0, -'moving_mean'.length)
      const v = `${scope}moving_variance`
      if (names.has(v))
        L.bn = {
          gamma: names.has(`${scope}gamma`) ? `${scope}gamma` : null,
          beta: names.has(`${scope}beta`) ? `${scope}beta` : null,
          mean: tfMean,
          variance: v,
          epsilon: 0.001,
        }
      continue
    }
    const ptMean = find(/[./]running_mean$/)
    if (ptMean) {
      const scope = ptMean.slice(0, -'running_mean'.length)
      if (names.has(`${scope}running_var`))
        L.bn = {
          gamma: names.has(`${scope}weight`) ? `${scope}weight` : null,
          beta: names.has(`${scope}bias`) ? `${scope}bias` : null,
          mean: ptMean,
          variance: `${scope}running_var`,
          epsilon: 1e-5,
        }
    }
  }
  // a BatchNorm whose size is not the layer's channel count is not folded: each of its vectors, not only the
  // mean (a gamma, beta or variance of another length made the fold throw a RangeError)
  for (const L of layers) {
    const bn = L.bn
    if (!bn) continue
    const channels = L.shape[L.defaultAxis]
    const sizes = [bn.gamma, bn.beta, bn.mean, bn.variance].map((n) =>
      n === null ? channels : tensors[idx.get(n)!].data.length,
    )
    if (sizes.some((n) => n !== channels)) L.bn = null
  }
  return layers
}

/** The shipped MobileNetV1 (SSD face detector): its weights in network order (backbone, then the SSD head);
 *  the pre/post-processing constants and the anchor table are not weights. */
export function mobilenetTensors(tensors: NamedTensor[]): NamedTensor[] {
  const rank = (n: string) =>
    n.startsWith('MobilenetV1/')
      ? 0
      : n.startsWith('Prediction/Conv2d')
        ? 1
        : n.startsWith('Prediction/')
          ? 2
          : -1
  return tensors.filter((t) => rank(t.name) >= 0).sort((a, b) => rank(a.name) - rank(b.name))
}

export class ModelAnalysis {
  private byName: Map<string, NamedTensor>
  readonly layers: LayerInfo[]
  private foldCache = new Map<string, Float64Array>()

  constructor(
    readonly tensors: NamedTensor[],
    readonly format: ModelFormat,
    readonly fileBytes: number,
    manifest?: ModelFile,
    /** the layers, when already built (`createSteps`) */
    layers?: LayerInfo[],
  ) {
    this.byName = new Map(tensors.map((t) => [t.name, t]))
    this.layers = layers ?? buildLayers(tensors, format, manifest)
  }

  /** a new analysis, its layers built in slices (`buildLayersSteps`) */
  static *createSteps(
    tensors: NamedTensor[],
    format: ModelFormat,
    fileBytes: number,
    manifest?: ModelFile,
  ): Steps<ModelAnalysis> {
    const layers = yield* buildLayersSteps(tensors, format, manifest)
    return new ModelAnalysis(tensors, format, fileBytes, manifest, layers)
  }

  overview(): ModelOverview {
    let params = 0
    for (const t of this.tensors) params += t.data.length
    let weightParams = 0
    for (const L of this.layers) weightParams += L.shape.reduce((a, b) => a * b, 1)
    return {
      format: this.format,
      tensorCount: this.tensors.length,
      params,
      weightParams,
      layerCount: this.layers.length,
      fileBytes: this.fileBytes,
    }
  }

  private layer(name: string): LayerInfo {
    const L = this.layers.find((l) => l.name === name)
    if (!L) throw new Error(`no layer ${name}`)
    return L
  }

  /** the weight as reported: folded with its BatchNorm when `fold` and it has one */
  weightOf(name: string, fold: boolean): { data: ArrayLike<number>; folded: boolean } {
    return runSteps(this.weightOfSteps(name, fold))
  }

  /** `weightOf`, a fold not yet made made in slices (and kept only once it is whole) */
  *weightOfSteps(
    name: string,
    fold: boolean,
    step = STEP,
  ): Steps<{ data: ArrayLike<number>; folded: boolean }> {
    const L = this.layer(name)
    const w = this.byName.get(name)!
    if (!fold || !L.bn) return { data: w.data, folded: false }
    let d = this.foldCache.get(name)
    if (!d) {
      const get = (n: string | null, fill: number) =>
        n ? this.byName.get(n)!.data : new Float64Array(L.shape[L.defaultAxis]).fill(fill)
      d = (yield* foldBatchNormSteps(
        w,
        {
          gamma: get(L.bn.gamma, 1),
          beta: get(L.bn.beta, 0),
          mean: get(L.bn.mean, 0),
          variance: get(L.bn.variance, 1),
          epsilon: L.bn.epsilon,
          axis: L.defaultAxis,
        },
        step,
      )).weight
      this.foldCache.set(name, d)
    }
    return { data: d, folded: true }
  }

  axisOf(name: string, axes?: Record<string, number>): number {
    const L = this.layer(name)
    const a = axes?.[name]
    return a !== undefined && Number.isInteger(a) && a >= 0 && a < L.shape.length ? a : L.defaultAxis
  }

  row(name: string, s: ReportSettings): LayerRow {
    return runSteps(this.rowSteps(name, s))
  }

  /** `row` yielding after about every `step` values (a fold, then the report's passes) */
  *rowSteps(name: string, s: ReportSettings, step = STEP): Steps<LayerRow> {
    const L = this.layer(name)
    const axis = this.axisOf(name, s.axes)
    const { data, folded } = yield* this.weightOfSteps(name, s.fold, step)
    const r = yield* weightReportSteps(
      { shape: L.shape, data },
      { bits: s.bits, axis, groupSize: s.group },
      step,
    )
    return { ...L, ...r, axis, channels: L.shape[axis], folded }
  }

  /** every layer's row, in network order; `onLayer` reports progress */
  report(s: ReportSettings, onLayer?: (done: number, total: number) => void): LayerRow[] {
    return runSteps(this.reportSteps(s, onLayer))
  }

  /**
   * `report` in slices (core/steps.ts): a yield between layers and within each after about every `step` values
   * (`rowSteps`). The model's worker says between slices that it is still working (worker/serve.ts) and can stop
   * a stale report there; on the page, after the worker gave up, the page gets its turns within a large layer.
   */
  *reportSteps(
    s: ReportSettings,
    onLayer?: (done: number, total: number) => void,
    step = STEP,
  ): Steps<LayerRow[]> {
    assertStep(step)
    const rows: LayerRow[] = []
    for (const L of this.layers) {
      if (rows.length > 0) yield
      rows.push(yield* this.rowSteps(L.name, s, step))
      onLayer?.(rows.length, this.layers.length)
    }
    return rows
  }

  /** per-channel max|w|, the histogram of the weight, and its matrix channels × rest for the Lab */
  detail(name: string, s: ReportSettings, bins = 64) {
    return runSteps(this.detailSteps(name, s, bins))
  }

  /** `detail` yielding after about every `step` values */
  *detailSteps(name: string, s: ReportSettings, bins = 64, step = STEP) {
    assertStep(step)
    const L = this.layer(name)
    const axis = this.axisOf(name, s.axes)
    const { data, folded } = yield* this.weightOfSteps(name, s.fold, step)
    const chMax = yield* channelAbsMaxSteps({ shape: L.shape, data }, axis, step)
    // the histogram of the finite values; NaN and ±∞ are counted apart (the row's `nonFinite`)
    const range = Float64Array.of(Infinity, -Infinity)
    yield* slices(data.length, (a, b) => finiteRange(data, a, b, range), step)
    let [lo, hi] = range
    if (!(lo <= hi)) lo = hi = 0
    const counts = new Float64Array(bins)
    // (hi − lo) overflows for data near ±1.8e308: then both ends are divided first; for subnormal data the
    // bin width underflows to 0: then each value's share of the (exact) span is used
    const span = hi - lo
    const wide = !Number.isFinite(span)
    const width = hi > lo ? (wide ? hi / bins - lo / bins : span / bins) : 1
    yield* slices(data.length, (a, b) => binValues(data, a, b, lo, span, width, wide, counts), step)
    return { name, axis, folded, chMax, hist: { lo, hi: hi > lo ? hi : lo + 1, counts } }
  }

  matrix(name: string, s: ReportSettings): { data: Float64Array; rows: number; cols: number } {
    return runSteps(this.matrixSteps(name, s))
  }

  /** `matrix` yielding after about every `step` values copied */
  *matrixSteps(
    name: string,
    s: ReportSettings,
    step = STEP,
  ): Steps<{ data: Float64Array; rows: number; cols: number }> {
    assertStep(step)
    const L = this.layer(name)
    const axis = this.axisOf(name, s.axes)
    const { data } = yield* this.weightOfSteps(name, s.fold, step)
    const { outer, channels, inner } = channelLayout(L.shape, axis)
    const cols = outer * inner
    const m = new Float64Array(channels * cols)
    // row c is channel c's slice, the other axes flattened in C order (as `weightReport`'s groups)
    let left = step
    for (let o = 0; o < outer; o++)
      for (let c = 0; c < channels; c++) {
        const base = (o * channels + c) * inner
        const at = c * cols + o * inner
        for (let k = 0; k < inner;) {
          const end = k + Math.min(inner - k, left)
          left -= end - k
          for (; k < end; k++) m[at + k] = data[base + k]
          if (left === 0) {
            left = step
            yield
          }
        }
      }
    return { data: m, rows: channels, cols }
  }
}

/** [lo, hi] of the finite values of d[s … e), on from `acc` */
function finiteRange(d: ArrayLike<number>, s: number, e: number, acc: Float64Array): void {
  let lo = acc[0]
  let hi = acc[1]
  for (let i = s; i < e; i++) {
    const v = d[i]
    if (v - v !== 0) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  acc[0] = lo
  acc[1] = hi
}

/** counts the finite values of d[s … e) into the histogram's bins */
function binValues(
  d: ArrayLike<number>,
  s: number,
  e: number,
  lo: number,
  span: number,
  width: number,
  wide: boolean,
  counts: Float64Array,
): void {
  const bins = counts.length
  for (let i = s; i < e; i++) {
    const v = d[i]
    if (v - v !== 0) continue
    const k = wide ? v / width - lo / width : width > 0 ? (v - lo) / width : ((v - lo) / span) * bins
    counts[Math.min(bins - 1, Math.floor(k))]++
  }
}

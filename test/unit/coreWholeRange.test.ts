/**
 * Issue 13 (core): every exported function of src/core, fed values from the whole float64 range (±0,
 * subnormals, ±1e308, the largest double, mixed magnitudes in one array, and NaN/±Infinity where the function
 * takes arbitrary numbers), gives a defined result (no NaN where its doc says never) or throws a clear
 * RangeError/TypeError of its own (not an engine error such as "Cannot read properties of undefined" or
 * "Invalid array length"). A test below fails when a new export is added without a case here.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as core from '../../src/core'
import type { Convention, ElementFormat, Histogram, QParams, RoundingMode } from '../../src/core'

const SEED = 20261129
const RUNS = 150

const SPECIAL = [
  0,
  -0,
  5e-324,
  -5e-324,
  1e-310,
  -1e-310,
  2.2250738585072014e-308,
  -2.2250738585072014e-308,
  1e-300,
  1e300,
  1e308,
  -1e308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  1,
  -1,
  0.5,
  127.5,
  2 ** 53,
  -(2 ** 31),
] as const
const NONFINITE = [NaN, Infinity, -Infinity] as const

/** any finite double, biased towards the ends of the range */
const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...SPECIAL),
  // a mantissa times any power of two: every magnitude from the smallest subnormal to the largest double
  fc
    .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -1074, max: 1023 }))
    .map(([m, e]) => m * 2 ** e),
)
/** any double at all */
const anyDouble = fc.oneof(
  { weight: 6, arbitrary: finite },
  { weight: 1, arbitrary: fc.constantFrom(...NONFINITE) },
)
/** arrays mixing magnitudes (a subnormal next to 1e308) */
const finiteArray = (max = 24, min = 0) => fc.array(finite, { minLength: min, maxLength: max })
const anyArray = (max = 24, min = 0) => fc.array(anyDouble, { minLength: min, maxLength: max })
const smallInt = fc.integer({ min: -300, max: 300 })
const int32 = fc.integer({ min: core.INT32_MIN, max: core.INT32_MAX })
/** a size or a count: small ones, and the wrong ones a caller might pass (never a huge allocation that works) */
const sizeArg = fc.oneof(fc.nat(16), fc.constantFrom(-1, 1.5, NaN, Infinity, -Infinity, 2 ** 53))
const binsArg = fc.oneof(
  fc.integer({ min: 1, max: 300 }),
  fc.constantFrom(0, -1, 1.5, NaN, Infinity, 2 ** 31, 2 ** 53),
)
const anyInt = fc.oneof(int32, fc.constantFrom(-1, 0, 1, 2, 7, 8, 16, 31, 32, 2 ** 31, -(2 ** 53)), anyDouble)
const rounding = fc.constantFrom<RoundingMode>(...core.ROUNDING_MODES)
const format = fc.constantFrom<ElementFormat>(...core.ELEMENT_FORMATS)
const convention = fc.constantFrom<Convention>(...core.CONVENTIONS)
const qparams: fc.Arbitrary<QParams> = fc.record({
  scale: anyDouble,
  zeroPoint: fc.oneof(smallInt, anyDouble),
  qmin: fc.constantFrom(-128, 0, -8, -32768),
  qmax: fc.constantFrom(127, 255, 7, 32767),
})
/** a well-formed histogram whose edges lie anywhere in the float64 range (or a refused one: equal edges) */
const hist: fc.Arbitrary<Histogram> = fc
  .tuple(
    fc.integer({ min: 1, max: 600 }),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.nat(1000), fc.constantFrom(0, 1, 2 ** 40))), { maxLength: 40 }),
    finite,
    finite,
  )
  .map(([n, hits, a, b]) => {
    const counts = new Float64Array(n)
    for (const [i, c] of hits) counts[i % n] += c
    const [lo, hi] = a < b ? [a, b] : [b, a]
    const edges = new Float64Array(n + 1)
    for (let k = 0; k <= n; k++) edges[k] = k === n ? hi : lo + (hi - lo) * (k / n)
    return { counts, edges }
  })
/** histograms as the Lab makes them: of data, |data| or TVM's */
const dataHist = fc.tuple(finiteArray(60, 1), fc.constantFrom(1, 2, 64, 300, 2048)).map(([x, bins]) => {
  try {
    return core.histogramUpTo(x, bins)
  } catch {
    // a range too wide to split (its width overflows): a one-bin histogram of the same ends instead
    return {
      counts: Float64Array.of(x.length),
      edges: Float64Array.of(-1.7976931348623157e308, 1.7976931348623157e308),
    }
  }
})
const anyHist = fc.oneof(hist, dataHist)
const entropyOpts = fc.record(
  {
    variant: fc.constantFrom(...core.ENTROPY_VARIANTS),
    numBits: fc.constantFrom(2, 4, 8),
    unsigned: fc.boolean(),
  },
  { requiredKeys: [] },
)

type Case = {
  args: fc.Arbitrary<unknown[]>
  /** paths (`.values[3]` → 'values') where NaN is the documented answer */
  nanOk?: (args: unknown[], path: string) => boolean
}
/** scalar functions that pass NaN through (NaN in, NaN out), like Math.round */
const nanInNanOut = (args: unknown[]) => args.some((a) => typeof a === 'number' && Number.isNaN(a))
/** element-wise functions documented as "finite input never gives NaN": a NaN element stays NaN */
const nanInArray = (args: unknown[]) => Array.from(args[0] as ArrayLike<number>).some((v) => Number.isNaN(v))
const t = <A extends unknown[]>(...a: { [K in keyof A]: fc.Arbitrary<A[K]> }) =>
  fc.tuple(...a) as fc.Arbitrary<unknown[]>

const CASES: Record<string, Case> = {
  // rounding: NaN and ±Infinity pass through (the same as Math.round)
  roundHalfEven: { args: t(anyDouble), nanOk: nanInNanOut },
  roundHalfAway: { args: t(anyDouble), nanOk: nanInNanOut },
  roundWith: { args: t(anyDouble, rounding), nanOk: nanInNanOut },
  rounder: { args: t(rounding) },
  // validate
  assertArrayLike: { args: t(fc.oneof(anyArray(), fc.constant(null), anyDouble), fc.constant('x')) },
  assertNonEmpty: { args: t(anyArray(4), fc.constant('x')) },
  assertAllFinite: { args: t(anyArray(), fc.constant('x')) },
  assertFiniteNumber: { args: t(anyDouble, fc.constant('v')) },
  assertPositive: { args: t(anyDouble, fc.constant('v')) },
  assertInteger: { args: t(anyInt, fc.constant('v'), fc.constant(-10), fc.constant(10)) },
  // random (the class: seeds and every distribution's parameters)
  RandomState: {
    args: t(
      fc.oneof(fc.nat(2 ** 32 - 1), anyDouble),
      fc.constantFrom('uniform', 'normal', 'laplace', 'standardT', 'lognormal', 'randint'),
      anyDouble,
      anyDouble,
      sizeArg,
    ),
  },
  // notes
  calculateQuantParam: { args: t(anyArray(24), fc.boolean()) },
  quantTensor: { args: t(anyArray(), anyDouble, anyDouble) },
  dequantTensor: { args: t(fc.array(smallInt, { maxLength: 24 }), anyDouble, anyDouble) },
  percentileKeep: { args: t(anyArray(), fc.oneof(anyDouble, fc.double({ min: 0, max: 1 }))) },
  percentileKeepSteps: {
    args: t(anyArray(), fc.oneof(anyDouble, fc.double({ min: 0, max: 1 })), sizeArg),
  },
  allclose: {
    args: fc
      .tuple(
        anyArray(12),
        anyArray(12),
        fc.record({ rtol: anyDouble, atol: anyDouble }, { requiredKeys: [] }),
      )
      .map(([a, b, tol]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), tol]),
  },
  formatAllcloseFailure: {
    args: fc
      .tuple(
        anyArray(12),
        anyArray(12),
        fc.record({ rtol: anyDouble, atol: anyDouble }, { requiredKeys: [] }),
      )
      .map(([a, b, tol]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), tol]),
  },
  notesAddExperiment: {
    args: fc
      .tuple(finiteArray(16, 1), finiteArray(16, 1), fc.boolean(), fc.option(fc.double({ min: 0.5, max: 1 })))
      .map(([x1, x2, withBias, percentile]) => {
        const n = Math.min(x1.length, x2.length)
        return [{ x1: x1.slice(0, n), x2: x2.slice(0, n), withBias, percentile: percentile ?? undefined }]
      }),
  },
  notesInputs: {
    args: t(fc.record({ seed: fc.oneof(fc.nat(), anyDouble), size: sizeArg }, { requiredKeys: [] })),
  },
  notesAsymmetricExample: { args: t(anyDouble, anyDouble) },
  notesSymmetricExample: { args: t(anyDouble, anyDouble) },
  // numpy printing: NaN and ±Infinity print as numpy prints them ('nan', 'inf')
  formatFloatArrayNumpy: {
    args: t(anyArray(12), fc.record({ precision: fc.nat(12) }, { requiredKeys: [] })),
  },
  formatScalarNumpy: { args: t(anyDouble, fc.nat(12)) },
  formatG: { args: t(anyDouble, fc.integer({ min: 1, max: 17 })) },
  formatG3: { args: t(anyDouble) },
  formatErrMsgArray: { args: t(fc.constant('x'), anyArray(12), fc.nat(10)) },
  // qparams
  qRange: { args: t(anyInt, fc.record({ signed: fc.boolean(), restricted: fc.boolean() })) },
  assertQParams: { args: t(qparams) },
  roundedCode: {
    // unchecked hot-path helper: its callers pass a checked scale > 0 and [lo, hi] = [qmin − zp, qmax − zp]
    args: t(
      anyDouble,
      fc.nat(10),
      finite.filter((s) => s > 0),
      fc.constant(-128),
      fc.constant(127),
      rounding,
    ),
    nanOk: nanInNanOut,
  },
  quantize: { args: t(anyArray(), qparams, rounding) },
  dequantize: { args: t(fc.array(smallInt, { maxLength: 24 }), qparams) },
  fakeQuantize: { args: t(anyArray(), qparams, rounding) },
  representableRange: { args: t(qparams) },
  pytorchCalculateQParams: {
    args: t(
      anyDouble,
      anyDouble,
      fc.constant(-128),
      fc.constant(127),
      fc.boolean(),
      fc.constantFrom(null, 128),
    ),
  },
  pytorchQParams: {
    args: t(
      anyDouble,
      anyDouble,
      fc.record({
        dtype: fc.constantFrom('qint8', 'quint8'),
        qscheme: fc.constantFrom('affine', 'symmetric'),
      }),
    ),
  },
  pytorchPerChannelQParams: {
    args: fc
      .tuple(
        anyArray(6),
        anyArray(6),
        fc.constantFrom('qint8', 'quint8'),
        fc.constantFrom('affine', 'symmetric'),
      )
      .map(([a, b, dtype, qscheme]) => [
        a,
        b.slice(0, a.length).concat(a.slice(b.length)),
        { dtype, qscheme },
      ]),
  },
  float32MinMax: { args: t(anyArray()) },
  pytorchMovingAverageMinMax: { args: t(fc.array(anyArray(8, 1), { maxLength: 4 }), anyDouble) },
  quantizePytorch: {
    args: t(
      anyArray(),
      anyDouble,
      fc.oneof(smallInt, anyDouble),
      fc.constantFrom('qint8', 'quint8', 'qint32'),
    ),
  },
  dequantizePytorch: {
    args: t(fc.array(smallInt, { maxLength: 24 }), anyDouble, fc.oneof(smallInt, anyDouble)),
  },
  onnxruntimeQRange: {
    args: t(
      fc.constantFrom('int8', 'uint8', 'int16', 'uint16', 'int4', 'uint4'),
      fc.record({ reduceRange: fc.boolean(), symmetric: fc.boolean() }),
    ),
  },
  computeScaleZpOrt: {
    args: t(
      anyDouble,
      anyDouble,
      fc.constant(-128),
      fc.constant(127),
      fc.boolean(),
      fc.option(anyDouble, { nil: undefined }),
    ),
  },
  onnxruntimeQParams: {
    args: t(
      anyDouble,
      anyDouble,
      fc.record({ qType: fc.constantFrom('int8', 'uint8'), symmetric: fc.boolean() }),
    ),
  },
  // metrics
  errorMetrics: {
    args: fc
      .tuple(
        anyArray(),
        anyArray(),
        fc.record({ clipLow: anyDouble, clipHigh: anyDouble, threshold: anyDouble }, { requiredKeys: [] }),
      )
      .map(([a, b, o]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), o]),
  },
  errorMetricsSteps: {
    args: fc
      .tuple(anyArray(), anyArray(), sizeArg)
      .map(([a, b, step]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), {}, step]),
  },
  // the class: options from the whole range, pairs added in two slices, then the result (or null)
  ErrorMetricsSums: {
    args: fc
      .tuple(
        anyArray(),
        anyArray(),
        fc.record({ clipLow: anyDouble, clipHigh: anyDouble, threshold: anyDouble }, { requiredKeys: [] }),
        fc.nat(),
      )
      .map(([a, b, o, cut]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), o, cut]),
  },
  quantizationErrorMetrics: { args: t(anyArray(), qparams, rounding) },
  codesUsed: {
    args: t(
      fc.array(smallInt, { maxLength: 24 }),
      fc.constantFrom(-128, 0, -(2 ** 31), 1.5, NaN, -Infinity),
      fc.constantFrom(127, 255, 2 ** 31 - 1, 2.5, NaN, Infinity),
    ),
  },
  // histograms
  linspace: { args: t(anyDouble, anyDouble, sizeArg) },
  histogram: {
    args: t(anyArray(), binsArg, fc.option(fc.tuple(anyDouble, anyDouble), { nil: undefined })),
  },
  histogramUpTo: {
    args: t(anyArray(), binsArg, fc.option(fc.tuple(anyDouble, anyDouble), { nil: undefined })),
  },
  weightedHistogram: {
    args: fc.oneof(
      // weights matching the values, and any weights at all
      anyArray().chain((x) =>
        t(
          fc.constant(x),
          fc.array(anyDouble, { minLength: x.length, maxLength: x.length }),
          binsArg,
          fc.option(fc.tuple(anyDouble, anyDouble), { nil: undefined }),
        ),
      ),
      t(anyArray(), anyArray(), binsArg, fc.option(fc.tuple(anyDouble, anyDouble), { nil: undefined })),
    ),
  },
  absHistogram: { args: t(anyArray(), binsArg) },
  tvmHistogram: { args: t(anyArray(), binsArg) },
  // the sliced versions (run to the end by `call`), with any slice length a caller might pass
  histogramSteps: {
    args: t(anyArray(), binsArg, fc.option(fc.tuple(anyDouble, anyDouble), { nil: undefined }), sizeArg),
  },
  histogramUpToSteps: {
    args: t(anyArray(), binsArg, fc.option(fc.tuple(anyDouble, anyDouble), { nil: undefined }), sizeArg),
  },
  absHistogramSteps: { args: t(anyArray(), binsArg, sizeArg) },
  tvmHistogramSteps: { args: t(anyArray(), binsArg, sizeArg) },
  runSteps: { args: t(anyArray()) },
  // (not numeric: a driver and a type test for sliced work that may wait; the values go through histogramSteps)
  runAsyncSteps: { args: t(anyArray()) },
  isAsyncSteps: { args: t(anyArray()) },
  slices: { args: t(sizeArg, sizeArg) },
  assertStep: { args: t(sizeArg) },
  binCentres: {
    // unchecked: edges of a histogram (finite, increasing); the centre of two huge edges must not overflow
    args: t(fc.array(finite, { maxLength: 12 }).map((a) => a.sort((p, q) => p - q))),
  },
  assertHistogram: {
    args: t(fc.oneof(anyHist, fc.record({ counts: anyArray(4), edges: anyArray(5) })), fc.constant('h')),
  },
  // entropy / KL / percentile / MSE
  klDivergence: {
    args: fc
      .tuple(
        fc.array(fc.oneof(fc.nat(100), finite), { maxLength: 16 }),
        fc.array(fc.oneof(fc.nat(100), finite), { maxLength: 16 }),
      )
      .map(([p, q]) => [p, q.slice(0, p.length).concat(p.slice(q.length))]),
    // scipy.stats.entropy: 0/0 is NaN (a P that sums to 0), documented in entropy.ts
    nanOk: () => true,
  },
  resolveEntropy: { args: t(anyHist, entropyOpts) },
  candidateThreshold: {
    args: fc
      .tuple(dataHist, entropyOpts)
      .chain(([h, o]) => {
        try {
          const r = core.resolveEntropy(h, o)
          return fc.integer({ min: r.first, max: r.last }).map((i) => [r, i] as unknown[])
        } catch {
          return fc.constant([null, 0] as unknown[])
        }
      })
      .filter((a) => a[0] !== null),
  },
  // the pytorch-quantization sweep's 0/0 divergences are NaN like scipy's (values); the threshold is not
  entropyCalibrate: { args: t(anyHist, entropyOpts), nanOk: (_a, p) => p.startsWith('values') },
  entropySweepReference: { args: t(anyHist, entropyOpts), nanOk: (_a, p) => p.startsWith('values') },
  klMicroscope: {
    args: t(anyHist, fc.nat(3000), entropyOpts), // the microscope shows scipy's arithmetic: a Q that sums to 0 normalises to 0/0 = NaN, as the curve's note says
    nanOk: (_a, p) => /divergence|Norm/.test(p),
  },
  histogramCdf: { args: t(anyHist) },
  percentileCalibrate: { args: t(anyHist, fc.oneof(fc.double({ min: 0, max: 100 }), anyDouble)) },
  mseCalibrate: {
    args: t(
      anyHist,
      fc.record({ numBits: fc.constantFrom(2, 4, 8), unsigned: fc.boolean() }, { requiredKeys: [] }),
    ),
  },
  mseSweepReference: {
    args: t(
      anyHist,
      fc.record({ numBits: fc.constantFrom(2, 4, 8), unsigned: fc.boolean() }, { requiredKeys: [] }),
    ),
  },
  mseThreshold: {
    args: t(
      anyHist,
      fc.record({ numBits: fc.constantFrom(2, 4, 8), unsigned: fc.boolean() }, { requiredKeys: [] }),
    ),
  },
  // fixed point
  quantizeMultiplier: { args: t(anyDouble) },
  srdhmUnchecked: { args: t(int32, int32) },
  saturatingRoundingDoublingHighMul: { args: t(anyInt, anyInt) },
  rdbpotUnchecked: { args: t(int32, fc.integer({ min: 0, max: 31 })) },
  roundingDivideByPOT: { args: t(anyInt, anyInt) },
  mbqmUnchecked: {
    args: fc.tuple(int32, fc.double({ min: 0, max: 1e300 }), fc.boolean()).map(([x, m, single]) => {
      const { multiplier, shift } = core.quantizeMultiplier(m)
      return [x, multiplier, Math.max(-31, Math.min(30, shift)), single]
    }),
  },
  multiplyByQuantizedMultiplier: {
    args: t(anyInt, anyInt, anyInt, fc.record({ singleRounding: fc.boolean() })),
  },
  // integer ops
  int8AddMultipliers: {
    args: t(
      fc.record({ s1: anyDouble, z1: anyInt, s2: anyDouble, z2: anyInt, sOut: anyDouble, zOut: anyInt }),
    ),
  },
  int8Add: {
    args: t(
      fc.array(fc.integer({ min: -128, max: 127 }), { maxLength: 8 }),
      fc.array(fc.integer({ min: -128, max: 127 }), { maxLength: 8 }),
      fc.record({
        s1: finite,
        z1: fc.integer({ min: -128, max: 127 }),
        s2: finite,
        z2: fc.integer({ min: -128, max: 127 }),
        sOut: finite,
        zOut: fc.integer({ min: -128, max: 127 }),
      }),
    ),
  },
  int8AddTrace: {
    args: t(
      anyInt,
      anyInt,
      fc.record({
        s1: finite,
        z1: fc.integer({ min: -128, max: 127 }),
        s2: finite,
        z2: fc.integer({ min: -128, max: 127 }),
        sOut: finite,
        zOut: fc.integer({ min: -128, max: 127 }),
      }),
    ),
  },
  int8FullyConnected: {
    args: fc
      .tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        finite,
        finite,
        finite,
        fc.boolean(),
      )
      .map(([batch, depth, outputs, sIn, sW, sOut, single]) => [
        Array.from({ length: batch * depth }, (_, i) => ((i * 37) % 256) - 128),
        Array.from({ length: outputs * depth }, (_, i) => ((i * 53) % 255) - 127),
        Array.from({ length: outputs }, (_, i) => i * 1000 - 1000),
        { batch, depth, outputs, sIn, zIn: 3, sW, zW: 0, sOut, zOut: -1, singleRounding: single },
      ]),
  },
  requantize: {
    // TFLite's MultiplyByQuantizedMultiplier: an int32 accumulator, a Q31 multiplier and a shift
    args: t(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: -31, max: 30 }),
      fc.boolean(),
    ),
  },
  intConv2d: {
    args: fc
      .tuple(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        finite,
        finite,
        finite,
        fc.boolean(),
        fc.boolean(),
      )
      .map(([inC, hw, outPerIn, sIn, sW, sOut, depthwise, single]) => {
        const outC = depthwise ? inC * outPerIn : outPerIn
        const groups = depthwise ? inC : 1
        const red = (inC / groups) * 9
        return [
          Array.from({ length: inC * hw * hw }, (_, i) => ((i * 37) % 256) - 128),
          Array.from({ length: outC * red }, (_, i) => ((i * 53) % 255) - 127),
          Array.from({ length: outC }, (_, i) => i * 1000 - 1000),
          {
            batch: 1,
            inChannels: inC,
            height: hw,
            width: hw,
            outChannels: outC,
            kernelH: 3,
            kernelW: 3,
            pad: 1,
            groups,
            sIn,
            zIn: 3,
            sW,
            sOut,
            zOut: -1,
            singleRounding: single,
          },
        ]
      }),
  },
  dotProducts: {
    // unchecked kernel: centred int8 codes in float64 arrays and a sums buffer of batch·outputs
    args: fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
      .map(([batch, depth, outputs]) => [
        Float64Array.from({ length: batch * depth }, (_, i) => ((i * 37) % 256) - 128),
        Float64Array.from({ length: outputs * depth }, (_, i) => ((i * 53) % 255) - 127),
        batch,
        depth,
        outputs,
        new Float64Array(batch * outputs),
      ]),
  },
  fullyConnectedTrace: {
    args: fc
      .tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        finite,
        finite,
        finite,
        anyInt,
        anyInt,
      )
      .map(([depth, outputs, sIn, sW, sOut, b, o]) => [
        Array.from({ length: depth }, (_, i) => i - 1),
        Array.from({ length: outputs * depth }, (_, i) => 2 - i),
        null,
        { batch: 1, depth, outputs, sIn, zIn: 0, sW, zW: 0, sOut, zOut: 0 },
        b,
        o,
      ]),
  },
  notesAddRequant: {
    args: fc
      .tuple(
        fc.array(smallInt, { maxLength: 8 }),
        fc.array(smallInt, { maxLength: 8 }),
        anyDouble,
        anyDouble,
        anyDouble,
        rounding,
      )
      .map(([a, b, ...r]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), ...r]),
  },
  notesAddRequantZp: {
    args: fc
      .tuple(
        fc.array(smallInt, { maxLength: 8 }),
        fc.array(smallInt, { maxLength: 8 }),
        anyDouble,
        anyDouble,
        anyDouble,
        fc.record({ za: anyInt, zb: anyInt, zc: anyInt }),
        rounding,
      )
      .map(([a, b, ...r]) => [a, b.slice(0, a.length).concat(a.slice(b.length)), ...r]),
  },
  notesDenseRequant: {
    args: fc
      .tuple(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        anyDouble,
        anyDouble,
        anyDouble,
      )
      .map(([batch, depth, outputs, wa, wb, wc]) => [
        Array.from({ length: batch * depth }, (_, i) => i - 2),
        Array.from({ length: outputs * depth }, (_, i) => 3 - i),
        wa,
        wb,
        wc,
        { batch, depth, outputs },
      ]),
  },
  // Python / numpy reprs: NaN and ±Infinity print as Python prints them
  pyFloatRepr: { args: t(fc.oneof(anyDouble, fc.constantFrom('abc', null, undefined, {}))) },
  numpyIntArrayStr: { args: t(fc.array(fc.oneof(smallInt, int32), { maxLength: 12 })) },
  pyPrintFloats: { args: fc.array(anyDouble, { maxLength: 6 }) },
  // conventions
  conventionGrid: {
    args: t(
      convention,
      anyDouble,
      anyDouble,
      fc.record({
        symmetric: fc.boolean(),
        bits: fc.oneof(fc.constantFrom(2, 4, 8, 16), anyInt),
        signed: fc.boolean(),
      }),
    ),
  },
  gridCoder: {
    // the grid of a finite range (its scale > 0, as the doc requires); the coder's results are checked too
    args: fc
      .tuple(convention, finite, finite, fc.boolean(), fc.constantFrom(2, 4, 8), fc.boolean(), anyDouble)
      .map(([c, a, b, symmetric, bits, signed, x]) => {
        try {
          const g = core.conventionGrid(c, Math.min(a, b), Math.max(a, b), { symmetric, bits, signed })
          return [g, x]
        } catch {
          return [null, x]
        }
      })
      .filter((a) => a[0] !== null && (a[0] as QParams).scale > 0),
    nanOk: nanInNanOut,
  },
  codesInto: {
    // any values (NaN and ±Infinity included) through the grid of a finite range into an int32 output
    args: fc
      .tuple(convention, finite, finite, fc.boolean(), fc.constantFrom(2, 4, 8), fc.boolean(), anyArray())
      .map(([c, a, b, symmetric, bits, signed, x]) => {
        try {
          return [core.conventionGrid(c, Math.min(a, b), Math.max(a, b), { symmetric, bits, signed }), x]
        } catch {
          return [null, x]
        }
      })
      .filter((a) => a[0] !== null && (a[0] as QParams).scale > 0),
  },
  conventionQParams: {
    args: t(
      fc.oneof(anyArray(16), fc.record({ min: anyDouble, max: anyDouble })),
      convention,
      fc.record(
        {
          symmetric: fc.boolean(),
          bits: fc.oneof(fc.constantFrom(2, 4, 8, 16), anyInt),
          signed: fc.boolean(),
          threshold: anyDouble,
        },
        { requiredKeys: [] },
      ),
    ),
  },
  minMaxOf: { args: t(finiteArray(24, 1)) },
  // element formats
  decodeMinifloat: {
    args: fc
      .constantFrom(...Object.values(core.MINIFLOATS))
      .chain(
        (l) => fc.tuple(fc.constant(l), fc.nat(2 ** (1 + l.exp + l.man) - 1)) as fc.Arbitrary<unknown[]>,
      ),
    // E4M3's 0x7f/0xff and E5M2's NaN codes decode to NaN, as OCP's tables say
    nanOk: () => true,
  },
  formatValues: { args: t(format) },
  formatLargest: { args: t(format) },
  rounderOf: { args: t(format) },
  quantizeToFormat: { args: t(anyArray(), format, anyDouble), nanOk: nanInArray },
  quantizeInto: {
    // unchecked kernel: a checked scale (finite, > 0) and finite x, as quantizeToFormat passes them
    args: fc
      .tuple(
        finiteArray(),
        format,
        finite.filter((s) => s > 0),
      )
      .map(([x, f, s]) => [x, 0, x.length, new Float64Array(x.length), f, s]),
  },
  formatIndex: {
    args: t(
      finite,
      format,
      finite.filter((s) => s > 0),
    ),
  },
  countFormatLevels: {
    // counts sized for the format, as the engine passes them; any x (NaN is counted at index 0, as formatIndex)
    args: fc
      .tuple(
        anyArray(),
        format,
        finite.filter((s) => s > 0),
      )
      .map(([x, f, s]) => [x, 0, x.length, new Float64Array(core.formatValues(f).length), f, s]),
  },
  quantizeCountInto: {
    // the fused kernel the engine runs per chunk: the same contract as quantizeInto (checked scale, finite x)
    // with counts sized for the format, as countFormatLevels
    args: fc
      .tuple(
        finiteArray(),
        format,
        finite.filter((s) => s > 0),
      )
      .map(([x, f, s]) => [
        x,
        0,
        x.length,
        new Float64Array(x.length),
        new Float64Array(core.formatValues(f).length),
        f,
        s,
      ]),
  },
  groupwiseQuantize: {
    args: fc
      .tuple(finiteArray(24, 1), fc.integer({ min: 1, max: 8 }), fc.option(format, { nil: undefined }))
      .map(([x, g, f]) => [x, { shape: [x.length], axis: 0, groupSize: g, bits: 4, format: f }]),
  },
  mxQuantize: {
    args: fc
      .tuple(finiteArray(40, 1), fc.constantFrom('mxfp4', 'mxfp8'), fc.integer({ min: 1, max: 32 }))
      .map(([x, f, k]) => [x, { shape: [x.length], axis: 0, format: f, blockSize: k }]),
  },
  floorLog2: { args: t(finite.filter((v) => v > 0)) },
}

/** Call an export with the arguments (RandomState: construct and draw; ErrorMetricsSums: construct, add, result). */
function call(name: string, args: unknown[]): unknown {
  const f = (core as Record<string, unknown>)[name] as (...a: unknown[]) => unknown
  if (name === 'RandomState') {
    const [seed, dist, a, b, size] = args as [number, string, number, number, number]
    const rs = new core.RandomState(seed)
    switch (dist) {
      case 'uniform':
        return rs.uniform(a, b, size)
      case 'normal':
        return rs.normal(a, b, size)
      case 'laplace':
        return rs.laplace(a, b, size)
      case 'standardT':
        return rs.standardT(a, size)
      case 'lognormal':
        return rs.lognormal(a, b, size)
      default:
        return rs.randint(a, b, size)
    }
  }
  if (name === 'ErrorMetricsSums') {
    const [x, xhat, opts, cut] = args as [number[], number[], core.ErrorMetricsOptions, number]
    const sums = new core.ErrorMetricsSums(opts)
    const k = x.length === 0 ? 0 : cut % (x.length + 1)
    sums.add(x, xhat, 0, k)
    sums.add(x, xhat, k, x.length)
    return sums.result()
  }
  if (name === 'runSteps') return core.runSteps(core.histogramSteps(args[0] as number[], 3, undefined, 2))
  if (name === 'isAsyncSteps')
    return core.isAsyncSteps(core.histogramSteps(args[0] as number[], 3, undefined, 2))
  if (name === 'runAsyncSteps') {
    // the same slices behind an async generator: the driver's promise settles with the sync driver's result
    const sync = core.histogramSteps(args[0] as number[], 3, undefined, 2)
    async function* wrapped(): core.AsyncSteps<unknown> {
      let r = sync.next()
      while (!r.done) {
        await Promise.resolve()
        yield
        r = sync.next()
      }
      return r.value
    }
    void core.runAsyncSteps(wrapped()).catch(() => undefined)
    return core.isAsyncSteps(wrapped())
  }
  if (name === 'slices') {
    let covered = 0
    core.runSteps(core.slices(args[0] as number, (s, e) => (covered += e - s), args[1] as number))
    return covered
  }
  if (name.endsWith('Steps')) return core.runSteps(f(...args) as core.Steps<unknown>)
  if (name === 'rounder' || name === 'rounderOf') {
    // the returned function, applied to values from the whole range
    const r = f(...args) as (v: number) => number
    return SPECIAL.map((v) => r(v))
  }
  if (name === 'codesInto') {
    const x = args[1] as number[]
    const out = new Int32Array(x.length)
    f(args[0], x, 0, x.length, out)
    return out
  }
  if (name === 'gridCoder') {
    const { code, value } = f(args[0]) as ReturnType<typeof core.gridCoder>
    const c = code(args[1] as number)
    return [c, value(c)]
  }
  if (name === 'dotProducts') {
    f(...args)
    return args[5]
  }
  if (name === 'quantizeInto') {
    f(...args)
    return args[3]
  }
  if (name === 'quantizeCountInto') {
    f(...args)
    const counts = args[4] as Float64Array
    const n = (args[0] as number[]).length
    const sum = counts.reduce((a, b) => a + b, 0)
    if (sum !== n) throw new Error(`quantizeCountInto counted ${sum} of ${n} values`)
    return [args[3], counts]
  }
  if (name === 'countFormatLevels') {
    f(...args)
    // every value lands on a level: an index out of range would drop its count silently
    const counts = args[3] as Float64Array
    const n = (args[0] as number[]).length
    const sum = counts.reduce((a, b) => a + b, 0)
    if (sum !== n) throw new Error(`countFormatLevels counted ${sum} of ${n} values`)
    return counts
  }
  return f(...args)
}

/** the first NaN (or 'NaN'/'undefined' text) in a result, by path */
function firstNaN(v: unknown, path = '', depth = 0): string | null {
  if (typeof v === 'number') return Number.isNaN(v) ? path : null
  if (typeof v === 'string') return /NaN|undefined/.test(v) ? `${path} (text "${v.slice(0, 60)}")` : null
  if (v === null || typeof v !== 'object' || depth > 4) return null
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>
    for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) return `${path}[${i}]`
    return null
  }
  for (const [k, x] of Object.entries(v)) {
    const p = firstNaN(x, path ? `${path}.${k}` : k, depth + 1)
    if (p !== null) return p
  }
  return null
}

/** what an engine error says, as opposed to a message of the core's own */
const ENGINE_ERROR =
  /Cannot read|of undefined|is not a function|is not iterable|Invalid array length|Invalid typed array length|call stack|out of memory/i

function check(name: string, c: Case, args: unknown[]) {
  let r: unknown
  try {
    r = call(name, args)
  } catch (e) {
    const ok = (e instanceof RangeError || e instanceof TypeError) && !ENGINE_ERROR.test(e.message)
    if (!ok) throw new Error(`${name} threw ${String(e)}`, { cause: e })
    return
  }
  const p = firstNaN(r)
  if (p !== null && !(c.nanOk?.(args, p.replace(/^\./, '')) ?? false)) {
    throw new Error(`${name} gave NaN at ${p || 'the result'}`)
  }
}

describe('every export of src/core over the whole float64 range: a defined result or a clear error', () => {
  it('every exported function has a case here', () => {
    const fns = Object.entries(core)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .sort()
    expect(fns.filter((k) => !(k in CASES))).toEqual([])
    expect(Object.keys(CASES).filter((k) => !fns.includes(k))).toEqual([])
  })

  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      fc.assert(
        fc.property(c.args, (args) => check(name, c, args)),
        { numRuns: RUNS, seed: SEED },
      )
    })
  }
})

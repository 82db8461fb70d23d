import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  calculateQuantParam,
  codesInto,
  conventionGrid,
  CONVENTIONS,
  gridCoder,
  ROUNDING_MODES,
  float32MinMax,
  onnxruntimeQParams,
  pytorchQParams,
  quantizePytorch,
  type Convention,
} from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { planGrid } from '../../src/engine/plan'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { CONVENTION_ROWS, conventionRows } from '../../src/learn/conventionRows'
import { decodeLabParams } from '../../src/state/labParams'

/** The Lab as a link would open it: decode the link, generate the tensor, quantize. */
function lab(query: string) {
  const { params } = decodeLabParams(new URLSearchParams(query))
  const e = new LabEngine()
  const s = e.generate(sourceSpecOf(params))
  return { params, summary: s, result: e.quantize(quantSettingsOf(params)), engine: e }
}

/** The reference system's own function on the same tensor (min-max calibration, int8). */
function reference(conv: Convention, min: number, max: number, symmetric: boolean) {
  const a = Math.max(Math.abs(min), Math.abs(max))
  switch (conv) {
    case 'pytorch':
      return pytorchQParams(min, max, { dtype: 'qint8', qscheme: symmetric ? 'symmetric' : 'affine' })
    case 'onnxruntime':
      return onnxruntimeQParams(min, max, { qType: 'int8', symmetric })
    case 'notes':
      // the notes' calculate_quant_param: w and the float offset b
      return calculateQuantParam([min, max], !symmetric)
    case 'tensorrt':
      return { scale: a / 127, zeroPoint: 0, qmin: -127, qmax: 127 }
    case 'tvm':
      return { scale: a / 128, zeroPoint: 0, qmin: -127, qmax: 127 }
    default:
      throw new Error(conv satisfies never)
  }
}

describe('the Lab’s conventions are the reference functions', () => {
  // the issue's report: PyTorch 1.13 MinMaxObserver (qint8, per_tensor_affine / per_tensor_symmetric) on the
  // notes' x1 with the traitor gives these; the Lab used to show 0.043306995, −104 (÷254, float64)
  it('PyTorch on the traitor: the observer’s float32 numbers', () => {
    const base = 'dist=uniform&lo=-1&hi=1&n=10000&seed=42&outlier=10&conv=pytorch&calib=minmax'
    const asym = lab(`${base}&scheme=asymmetric`).result.plan
    expect(asym.scale).toBe(0.043137166649103165)
    expect(asym.zeroPoint).toBe(-105)
    expect([asym.qmin, asym.qmax]).toEqual([-128, 127])
    const sym = lab(`${base}&scheme=symmetric`).result.plan
    expect(sym.scale).toBe(0.0784313753247261)
    const clean = lab('dist=uniform&lo=-1&hi=1&n=10000&seed=3&conv=pytorch&scheme=asymmetric').result.plan
    expect(clean.scale).toBe(0.007841609418392181)
  })

  const seeds = [1, 7, 42]
  const cases = CONVENTIONS.flatMap((conv) =>
    seeds.flatMap((seed) =>
      [true, false].flatMap((symmetric) => [null, 10].map((outlier) => ({ conv, seed, symmetric, outlier }))),
    ),
  )
  it.each(cases)(
    '$conv seed $seed symmetric $symmetric outlier $outlier',
    ({ conv, seed, symmetric, outlier }) => {
      const dist = seed === 7 ? 'normal' : seed === 1 ? 'lognormal' : 'uniform'
      const q = `dist=${dist}&n=3000&seed=${seed}${outlier === null ? '' : `&outlier=${outlier}`}&conv=${conv}&scheme=${symmetric ? 'symmetric' : 'asymmetric'}`
      const { result, summary } = lab(q)
      const { min, max } = summary.stats
      const p = result.plan
      const refSymmetric = symmetric || conv === 'tensorrt' || conv === 'tvm'
      const ref = reference(conv, min, max, refSymmetric)
      if ('w' in ref) {
        expect(p.scale).toBe(ref.w)
        if (!refSymmetric) expect(p.offset).toBe(ref.b)
        expect(p.qmax).toBe(127)
      } else {
        expect(p.scale).toBe(ref.scale)
        expect(p.zeroPoint).toBe(ref.zeroPoint)
        expect([p.qmin, p.qmax]).toEqual([ref.qmin, ref.qmax])
      }
      // the codes: PyTorch quantizes with its float32 reciprocal (quantize_val)
      if (conv === 'pytorch') {
        const codes = quantizePytorch(result.sample.x, p.scale, p.zeroPoint, 'qint8')
        expect(Array.from(result.sample.q)).toEqual(Array.from(codes))
      }
    },
  )

  it('PyTorch’s min and max are taken in float32, as torch.aminmax does', () => {
    const { summary, result } = lab('dist=normal&n=2000&seed=5&conv=pytorch&scheme=asymmetric')
    const { min, max } = float32MinMax([summary.stats.min, summary.stats.max])
    expect(result.plan.scale).toBe(pytorchQParams(min, max, { dtype: 'qint8', qscheme: 'affine' }).scale)
  })
})

describe('settings a reference does not have', () => {
  const spec = (p: Partial<Parameters<typeof planGrid>[0]>) => ({
    bits: 8,
    unsigned: false,
    range: null,
    scheme: 'symmetric' as const,
    form: 'notes' as const,
    conv: 'pytorch' as const,
    ...p,
  })
  it('are applied and reported as custom where the reference allows them (PyTorch quant_min/quant_max)', () => {
    const g = planGrid(spec({ range: 'restricted', scheme: 'asymmetric' }), -1, 10)
    expect(g.adjustments).toEqual([{ key: 'range', kind: 'custom', used: 'restricted' }])
    expect(g.scale).toBe(
      pytorchQParams(-1, 10, { dtype: 'qint8', qscheme: 'affine', quantMin: -127, quantMax: 127 }).scale,
    )
  })
  it('are ignored and reported where the reference fixes them', () => {
    const trt = planGrid(spec({ conv: 'tensorrt', scheme: 'asymmetric', range: 'full' }), -1, 10)
    expect(trt.symmetric).toBe(true)
    expect([trt.qmin, trt.qmax]).toEqual([-127, 127])
    expect(trt.adjustments.map((a) => [a.key, a.kind])).toEqual([
      ['scheme', 'ignored'],
      ['range', 'ignored'],
    ])
    const ort = planGrid(spec({ conv: 'onnxruntime', range: 'full' }), -1, 10)
    expect([ort.qmin, ort.qmax]).toEqual([-127, 127])
    expect(ort.adjustments).toEqual([{ key: 'range', kind: 'ignored', used: 'restricted' }])
  })
  it('the notes’ unsigned symmetric grid spans every code: its range is full, a restricted one is reported ignored', () => {
    const own = planGrid(spec({ conv: 'notes', unsigned: true }), -1, 10)
    // (it used to report the signed grid's 'restricted' while its codes were 0 … 255, and to take a request for
    // the restricted range silently)
    expect(own.range).toBe('full')
    expect(own.adjustments).toEqual([])
    const asked = planGrid(spec({ conv: 'notes', unsigned: true, range: 'restricted' }), -1, 10)
    expect(asked.range).toBe('full')
    expect(asked.adjustments).toEqual([{ key: 'range', kind: 'ignored', used: 'full' }])
    // the numbers are the same whatever is asked: w = T/255 on 0 … 255
    for (const g of [own, asked, planGrid(spec({ conv: 'notes', unsigned: true, range: 'full' }), -1, 10)]) {
      expect([g.qmin, g.qmax, g.scale, g.lo, g.hi, g.divisor]).toEqual([0, 255, 10 / 255, 0, 10, 255])
    }
    // signed, or asymmetric, the notes still let either range be chosen
    expect(planGrid(spec({ conv: 'notes' }), -1, 10).range).toBe('restricted')
    expect(planGrid(spec({ conv: 'notes', range: 'full' }), -1, 10).adjustments).toEqual([])
    const asym = planGrid(
      spec({ conv: 'notes', unsigned: true, scheme: 'asymmetric', range: 'restricted' }),
      0,
      10,
    )
    expect([asym.qmin, asym.qmax, asym.adjustments]).toEqual([0, 254, []])
  })
  it('each convention has its own rounding; another is reported', () => {
    expect(planGrid(spec({ conv: 'tvm' }), -1, 1).rounding).toBe('half-away')
    expect(planGrid(spec({ conv: 'pytorch' }), -1, 1).rounding).toBe('half-even')
    expect(planGrid(spec({ conv: 'pytorch', round: 'half-up' }), -1, 1).adjustments).toEqual([
      { key: 'round', kind: 'custom', used: 'half-up' },
    ])
  })
  it('a link that leaves range and rounding out gets the convention’s own', () => {
    const { params } = decodeLabParams(new URLSearchParams('conv=pytorch&scheme=asymmetric'))
    expect(params.range).toBeNull()
    expect(params.round).toBeNull()
    const g = planGrid({ ...params }, -1, 10)
    expect(g.range).toBe('full')
    expect(g.adjustments).toEqual([])
  })
  it('refuses unknown conventions and bad ranges', () => {
    expect(() =>
      conventionGrid('caffe' as Convention, 0, 1, { symmetric: true, bits: 8, signed: true }),
    ).toThrow(TypeError)
    expect(() => conventionGrid('notes', 2, 1, { symmetric: true, bits: 8, signed: true })).toThrow(
      RangeError,
    )
    expect(() => conventionGrid('notes', 0, NaN, { symmetric: true, bits: 8, signed: true })).toThrow(
      RangeError,
    )
  })
})

describe('the tutorial’s conventions table equals the Lab', () => {
  const tensors = [
    'dist=uniform&lo=-1&hi=1&n=10000&seed=42',
    'dist=uniform&lo=-0.5&hi=2&n=10000&seed=42',
    'dist=relu-normal&n=10000&seed=42',
    'dist=uniform&lo=-1&hi=1&n=10000&seed=42&outlier=10',
  ]
  it.each(tensors)('%s', (source) => {
    const first = lab(source)
    const x = first.engine.table(quantSettingsOf(first.params)).x
    const rows = conventionRows(x)
    expect(rows.map((r) => r.lab)).toEqual(CONVENTION_ROWS.map((r) => r.lab))
    for (const row of rows) {
      const { result } = lab(`${source}&${row.lab}`)
      const p = result.plan
      expect(p.scale, row.lab).toBe(row.p.scale)
      expect([p.qmin, p.qmax], row.lab).toEqual([row.p.qmin, row.p.qmax])
      if (p.form === 'notes') expect(p.offset, row.lab).toBe(row.p.offset)
      else expect(p.zeroPoint, row.lab).toBe(row.p.zeroPoint)
      expect(result.metrics.mse, row.lab).toBeCloseTo(row.mse!, 12)
    }
  })
})

describe('codesInto: gridCoder’s code over a slice', () => {
  it('gives every value the code gridCoder gives it (minus qmin), for every convention, form and rounding', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONVENTIONS),
        fc.constantFrom('notes' as const, 'zp' as const),
        fc.constantFrom(...ROUNDING_MODES),
        fc.record({ symmetric: fc.boolean(), bits: fc.constantFrom(2, 4, 8, 16), signed: fc.boolean() }),
        fc.double({ min: -50, max: 0, noNaN: true }),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        fc.array(fc.double({ min: -200, max: 200, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (convention, form, rounding, req, lo, width, xs) => {
          const g = conventionGrid(convention, lo, lo + width, { ...req, form, rounding })
          // values on the grid's own half-steps too, where the rounding mode decides
          const vals = [...xs, ...xs.map((v) => Math.round(v) + 0.5), g.scale * 2.5, -g.scale * 1.5]
          const out = new Int32Array(vals.length + 2).fill(-1)
          codesInto(g, vals, 0, vals.length, out)
          const { code } = gridCoder(g)
          expect(Array.from(out.subarray(0, vals.length))).toEqual(vals.map((v) => code(v) - g.qmin + 0)) // (+ 0: an int array holds no −0)
          // nothing outside [start, end) is written
          expect(Array.from(out.subarray(vals.length))).toEqual([-1, -1])
        },
      ),
      { numRuns: 400 },
    )
  })
})

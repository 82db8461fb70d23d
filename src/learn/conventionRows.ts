/**
 * The tutorial's conventions table (chapter "conventions"): one tensor, five systems, two schemes. Each row is
 * the core's conventionQParams and names the Lab link that shows the same grid, so the table and the Lab
 * cannot drift apart (test/unit/conventions.test.ts checks that they agree).
 */
import {
  conventionGrid,
  conventionQParams,
  errorMetrics,
  gridCoder,
  minMaxOf,
  type Convention,
  type ConventionQParams,
} from '../core'

export interface ConventionRowSpec {
  conv: Convention
  symmetric: boolean
  /** the Lab's link parameters for the same grid with min-max calibration */
  lab: string
}

export const CONVENTION_ROWS: readonly ConventionRowSpec[] = [
  { conv: 'notes', symmetric: false, lab: 'conv=notes&scheme=asymmetric' },
  // the table shows the notes' quant_tensor range [−128, 127]; the Lab's notes preset uses ±127
  { conv: 'notes', symmetric: true, lab: 'conv=notes&scheme=symmetric&range=full' },
  { conv: 'pytorch', symmetric: false, lab: 'conv=pytorch&scheme=asymmetric' },
  { conv: 'pytorch', symmetric: true, lab: 'conv=pytorch&scheme=symmetric' },
  { conv: 'onnxruntime', symmetric: false, lab: 'conv=onnxruntime&scheme=asymmetric' },
  { conv: 'onnxruntime', symmetric: true, lab: 'conv=onnxruntime&scheme=symmetric' },
  { conv: 'tensorrt', symmetric: true, lab: 'conv=tensorrt&scheme=symmetric' },
  { conv: 'tvm', symmetric: true, lab: 'conv=tvm&scheme=symmetric' },
]

export interface ConventionRow extends ConventionRowSpec {
  p: ConventionQParams
  mse: number | null
  /** the code of the largest value, and the code before clipping (TVM's T/128 lands one past 127) */
  codeOfMax: number | null
  rawOfMax: number | null
  max: number
}

export function conventionRows(x: ArrayLike<number>): ConventionRow[] {
  const { min, max } = minMaxOf(x)
  const a = Math.max(Math.abs(min), Math.abs(max))
  return CONVENTION_ROWS.map((row) => {
    const p = conventionQParams({ min, max }, row.conv, { symmetric: row.symmetric })
    if (!(p.scale > 0)) return { ...row, p, mse: null, codeOfMax: null, rawOfMax: null, max }
    // the codes and round trips with the same grid and arithmetic as the Lab (the notes' float offset,
    // PyTorch's float32 quantize/dequantize)
    const g = conventionGrid(row.conv, p.symmetric ? -a : min, p.symmetric ? a : max, {
      symmetric: p.symmetric,
      bits: 8,
      signed: true,
      range: row.conv === 'notes' ? 'full' : null,
    })
    const { code, value } = gridCoder(g)
    const xhat = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) xhat[i] = value(code(x[i]))
    const raw =
      g.form === 'notes' ? Math.round((max - g.offset) / g.scale) : Math.round(max / g.scale) + g.zeroPoint
    return { ...row, p, mse: errorMetrics(x, xhat).mse, codeOfMax: code(max), rawOfMax: raw, max }
  })
}

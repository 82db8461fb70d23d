/**
 * The notes' traitor example, computed by the core step by step: what each block of the notes' Python
 * prints, as numpy/Python would print it. The step-through view shows these strings next to the code.
 * Beyond the notes, the last step calibrates the same data with KL divergence (TensorRT slide algorithm).
 */
import {
  absHistogram,
  allclose,
  calculateQuantParam,
  dequantTensor,
  entropyCalibrate,
  formatAllcloseFailure,
  formatFloatArrayNumpy,
  notesAddExperiment,
  notesInputs,
  numpyIntArrayStr,
  percentileKeep,
  pyFloatRepr,
  pyPrintFloats,
  quantTensor,
  type NotesAddResult,
} from '../core'

export type TraitorStepId =
  | 'seed'
  | 'draw'
  | 'params'
  | 'quantize'
  | 'dequantize'
  | 'add'
  | 'traitor'
  | 'symmetric'
  | 'percentile'
  | 'kl'

export const TRAITOR_STEPS: TraitorStepId[] = [
  'seed',
  'draw',
  'params',
  'quantize',
  'dequantize',
  'add',
  'traitor',
  'symmetric',
  'percentile',
  'kl',
]

export interface StepOutput {
  id: TraitorStepId
  /** the notes' Python for this block */
  code: string
  /** what it prints (numpy 1.24 formatting), line by line */
  output: string
  /** the add experiment this step runs, if any */
  run?: NotesAddResult
  /** whether assert_allclose passes */
  passes?: boolean
  /** x1 as it is at this step (with or without the traitor) */
  x1: Float64Array
}

const TOL = { atol: 0.01, rtol: 0.01 }

function aMaxLine(x: ArrayLike<number>, withBias: boolean): string {
  const p = calculateQuantParam(x, withBias)
  return `a_max ${pyFloatRepr(p.max)} a_min ${pyFloatRepr(p.min)}`
}

function assertOutput(r: NotesAddResult): string {
  if (r.report.mismatched === 0) return '# assert_allclose passes: no output'
  return `AssertionError: \nNot equal to tolerance rtol=0.01, atol=0.01\n\n${r.failureText}`
}

export interface TraitorModel {
  steps: StepOutput[]
  clean: NotesAddResult
  traitorAsym: NotesAddResult
  traitorSym: NotesAddResult
  traitorPct: NotesAddResult
  kl: {
    t1: number
    t2: number
    w1: number
    w2: number
    report: ReturnType<typeof allclose>
    text: string
    c: Float64Array
    exp: Float64Array
  }
  /** the largest value kept by the notes' percentile, and the traitor's dequantized value */
  pctKeptMax: number
  traitorDequant: number
}

/** KL threshold (TensorRT slide algorithm on the 2048-bin |x| histogram). */
function klThreshold(x: ArrayLike<number>): number {
  return entropyCalibrate(absHistogram(x, 2048)).threshold
}

/** The elements outside numpy's tolerance |c − exp| > atol + rtol·|exp| (atol = rtol = 0.01), traitor excluded. */
export function honestFailures(c: Float64Array, exp: Float64Array): { i: number; err: number; y: number }[] {
  const out: { i: number; err: number; y: number }[] = []
  for (let i = 1; i < c.length; i++) {
    const err = Math.abs(c[i] - exp[i])
    if (err > 0.01 + 0.01 * Math.abs(exp[i])) out.push({ i, err, y: Math.abs(exp[i]) })
  }
  return out
}

export function buildTraitorModel(): TraitorModel {
  const { x1, x2 } = notesInputs({ seed: 42, size: 10000 })
  const { x1: t1 } = notesInputs({ seed: 42, size: 10000, traitor: 10 })
  const clean = notesAddExperiment({ x1, x2, withBias: true, tol: TOL })
  const traitorAsym = notesAddExperiment({ x1: t1, x2, withBias: true, tol: TOL })
  const traitorSym = notesAddExperiment({ x1: t1, x2, withBias: false, tol: TOL })
  const traitorPct = notesAddExperiment({ x1: t1, x2, withBias: false, percentile: 0.99999, tol: TOL })

  // beyond the notes: symmetric, thresholds from KL calibration, the notes' quant/dequant
  const k1 = klThreshold(t1)
  const k2 = klThreshold(x2)
  const w1 = k1 / 127
  const w2 = k2 / 127
  const f1 = dequantTensor(quantTensor(t1, w1, 0), w1, 0)
  const f2 = dequantTensor(quantTensor(x2, w2, 0), w2, 0)
  const c = new Float64Array(f1.length)
  const exp = new Float64Array(f1.length)
  for (let i = 0; i < c.length; i++) {
    c[i] = f1[i] + f2[i]
    exp[i] = t1[i] + x2[i]
  }
  const kl = {
    t1: k1,
    t2: k2,
    w1,
    w2,
    report: allclose(c, exp, TOL),
    text: formatAllcloseFailure(c, exp, TOL),
    c,
    exp,
  }

  const kept = percentileKeep(t1, 0.99999)
  let pctKeptMax = 0
  for (let i = 0; i < kept.length; i++) pctKeptMax = Math.max(pctKeptMax, kept[i])

  const first5 = (a: ArrayLike<number>) => Array.from({ length: 5 }, (_, i) => a[i])
  const steps: StepOutput[] = [
    { id: 'seed', code: 'import numpy as np\n\nnp.random.seed(42)', output: '', x1 },
    {
      id: 'draw',
      code: 'x1 = gen_random(shape=10000, low=-1, high=1)\nx2 = gen_random(shape=10000, low=-2, high=1)\nprint(x1[:5].tolist())\nprint(x2[:5].tolist())',
      output: `[${first5(x1).map(pyFloatRepr).join(', ')}]\n[${first5(x2).map(pyFloatRepr).join(', ')}]`,
      x1,
    },
    {
      id: 'params',
      code: 'w1, b1 = calculate_quant_param(x1)\nw2, b2 = calculate_quant_param(x2)\nprint(w1, b1, w2, b2)',
      output: `${aMaxLine(x1, true)}\n${aMaxLine(x2, true)}\n${pyPrintFloats(clean.w1, clean.b1, clean.w2, clean.b2)}`,
      x1,
    },
    {
      id: 'quantize',
      code: 'q1 = quant_tensor(x1, w1, b1)\nq2 = quant_tensor(x2, w2, b2)\nprint(q1[:5], q2[:5])',
      output: `${numpyIntArrayStr(first5(clean.q1))} ${numpyIntArrayStr(first5(clean.q2))}`,
      x1,
    },
    {
      id: 'dequantize',
      code: 'f1 = dequant_tensor(q1, w1, b1)\nf2 = dequant_tensor(q2, w2, b2)\nf1[:3]',
      output: formatFloatArrayNumpy(clean.f1.subarray(0, 3), { precision: 8 }),
      x1,
    },
    {
      id: 'add',
      code: 'exp = x1 + x2\nc = f1 + f2\nnp.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01)',
      output: assertOutput(clean),
      run: clean,
      passes: clean.report.mismatched === 0,
      x1,
    },
    {
      id: 'traitor',
      code: 'x1[0] = 10   # the traitor\nw1, b1 = calculate_quant_param(x1)\nprint(w1, b1)\n# … quantize, dequantize and add as before\nnp.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01)',
      output: `${aMaxLine(t1, true)}\n${pyPrintFloats(traitorAsym.w1, traitorAsym.b1)}\n${assertOutput(traitorAsym)}`,
      run: traitorAsym,
      passes: traitorAsym.report.mismatched === 0,
      x1: t1,
    },
    {
      id: 'symmetric',
      code: '# origin not using percentile\nw1, b1 = calculate_quant_param(x1, with_bias=False)\nw2, b2 = calculate_quant_param(x2, with_bias=False)\nprint(w1)\n# … quantize, dequantize and add as before\nnp.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01)',
      output: `${aMaxLine(t1, false)}\n${aMaxLine(x2, false)}\n${pyFloatRepr(traitorSym.w1)}\n${assertOutput(traitorSym)}`,
      run: traitorSym,
      passes: traitorSym.report.mismatched === 0,
      x1: t1,
    },
    {
      id: 'percentile',
      code:
        'def _find_scale_by_percentile(arr, percentile=0.99999):\n    x = np.abs(arr)\n    max_k = int(x.size * percentile)\n    return np.partition(x, max_k)[0: max_k]\n\n' +
        '# using percentile\nw1, b1 = calculate_quant_param(_find_scale_by_percentile(x1), with_bias=False)\nw2, b2 = calculate_quant_param(_find_scale_by_percentile(x2), with_bias=False)\nprint(w1)\n# … quantize, dequantize and add as before\nnp.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01)',
      output: `${aMaxLine(percentileKeep(t1, 0.99999), false)}\n${aMaxLine(percentileKeep(x2, 0.99999), false)}\n${pyFloatRepr(traitorPct.w1)}\n${assertOutput(traitorPct)}`,
      run: traitorPct,
      passes: traitorPct.report.mismatched === 0,
      x1: t1,
    },
    {
      id: 'kl',
      code: '# beyond the notes: KL calibration (TensorRT, GTC 2017)\nt1 = entropy_calibrate(np.histogram(np.abs(x1), 2048))\nt2 = entropy_calibrate(np.histogram(np.abs(x2), 2048))\nw1, w2 = t1 / 127, t2 / 127\nprint(t1, t2)\n# … quantize, dequantize and add as before\nnp.testing.assert_allclose(c, exp, atol=0.01, rtol=0.01)',
      output: `${pyPrintFloats(k1, k2)}\n${kl.report.mismatched === 0 ? '# assert_allclose passes: no output' : `AssertionError: \nNot equal to tolerance rtol=0.01, atol=0.01\n\n${kl.text}`}`,
      passes: kl.report.mismatched === 0,
      x1: t1,
    },
  ]
  return {
    steps,
    clean,
    traitorAsym,
    traitorSym,
    traitorPct,
    kl,
    pctKeptMax,
    traitorDequant: traitorPct.f1[0],
  }
}

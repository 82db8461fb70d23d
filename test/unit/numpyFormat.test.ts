import { describe, expect, it } from 'vitest'
import {
  formatErrMsgArray,
  formatFloatArrayNumpy,
  formatG,
  formatG3,
  formatScalarNumpy,
} from '../../src/core/numpyFormat'

// Expected strings are numpy's own output: np.array_repr(np.array(values), precision=p),
// np.array2string(np.float64(v), precision=p) and '{:.3g}'.format(v) (numpy 2.4 with
// np.set_printoptions(legacy='2.1'), whose array printing is that of numpy 1.24).
const ARRAYS: [number[], number, string][] = [
  [[1.0, 2.0], 8, 'array([1., 2.])'],
  [[0.5, -1.25, 3.0], 8, 'array([ 0.5 , -1.25,  3.  ])'],
  [[-0.0], 8, 'array([-0.])'],
  [[NaN, -Infinity], 8, 'array([ nan, -inf])'],
  [[1e-5, 1e-6], 8, 'array([1.e-05, 1.e-06])'],
  [[0.0, 1e-5, 3.5], 8, 'array([0.0e+00, 1.0e-05, 3.5e+00])'],
  [[100000000.0], 8, 'array([1.e+08])'],
  [[123456789.0], 8, 'array([1.23456789e+08])'],
  [[0.125, 0.375], 2, 'array([0.12, 0.38])'],
  [[2.5e-9, 1.0], 8, 'array([2.5e-09, 1.0e+00])'],
  [[1.0, NaN, 2.5], 8, 'array([1. , nan, 2.5])'],
  [[Infinity, 1.5], 6, 'array([inf, 1.5])'],
  [[100.0, 0.2], 8, 'array([100. ,   0.2])'],
  [[-1.00755, 9.120922455400095], 6, 'array([-1.00755 ,  9.120922])'],
  [[0.1, 0.2, 0.30000000000000004], 8, 'array([0.1, 0.2, 0.3])'],
  [[0.0001, 0.1], 8, 'array([0.0001, 0.1   ])'],
  [[9.99e-5, 0.1], 8, 'array([9.99e-05, 1.00e-01])'],
  [[1.0, 1000.0], 8, 'array([   1., 1000.])'],
  [[1.0, 1000.5], 8, 'array([1.0000e+00, 1.0005e+03])'],
  [[0.0, 0.0], 8, 'array([0., 0.])'],
  [[-5.5, 1e16], 3, 'array([-5.5e+00,  1.0e+16])'],
  [
    [
      2.0409191213851825, -2.5556650313141818, 0.41809884672577885, -0.5677696061279298, -0.45264929211044586,
      -0.2155971630897659, -2.019986129147251, -0.23193237764418947, -0.8652130762749417, 3.3229995166448827,
      0.22578661322792176, -0.3526307943415954, -0.2812874181513504, -0.6680463461089501, -1.0551505512051214,
      -0.39080097723465473, 0.48194538850678587, -0.2385536065733667, 0.9577587029597641, -0.19980212906658,
    ],
    6,
    'array([ 2.040919, -2.555665,  0.418099, -0.56777 , -0.452649, -0.215597,\n' +
      '       -2.019986, -0.231932, -0.865213,  3.323   ,  0.225787, -0.352631,\n' +
      '       -0.281287, -0.668046, -1.055151, -0.390801,  0.481945, -0.238554,\n' +
      '        0.957759, -0.199802])',
  ],
  [
    [1.21, 77.29, 27.26, -25.26, -9.14, 27.03, 96.75, -13.48, -12.18, 50.12, -44.32, -14.59],
    8,
    'array([  1.21,  77.29,  27.26, -25.26,  -9.14,  27.03,  96.75, -13.48,\n       -12.18,  50.12, -44.32, -14.59])',
  ],
]

const SCALARS: [number, number, string][] = [
  [0.0465828745796788, 8, '0.04658287'],
  [38.434930703462754, 8, '38.4349307'],
  [1.0, 8, '1.'],
  [1.5e-5, 8, '1.5e-05'],
  [Infinity, 8, 'inf'],
  [-Infinity, 8, '-inf'],
  [NaN, 8, 'nan'],
  [-0.0, 8, '-0.'],
  [0.0, 8, '0.'],
  [100000000.0, 8, '1.e+08'],
  [99999999.99999999, 8, '99999999.99999999'],
  [5e-324, 8, '5.e-324'],
  [1e300, 8, '1.e+300'],
  [123456.123456789, 8, '123456.12345679'],
  [9.002501533143784, 8, '9.00250153'],
  [3.374184766138032, 8, '3.37418477'],
  [0.00012345678901, 8, '0.00012346'],
  [2.0000000049999995, 8, '2.'],
  [0.125, 2, '0.12'], // an exact binary tie: half to even
  [0.375, 2, '0.38'],
  [2.5, 0, '2.'],
  [3.5, 0, '4.'],
  [0.0465828745796788, 3, '0.047'],
  [1.0000001, 6, '1.'],
]

const G3: [number, string][] = [
  [51.03, '51'],
  [0.03, '0.03'],
  [19.81, '19.8'],
  [100.0, '100'],
  [1e-5, '1e-05'],
  [99.95, '100'],
  [99.995, '100'],
  [0.0125, '0.0125'],
  [0.00125, '0.00125'],
  [12.5, '12.5'],
  [1234.5, '1.23e+03'],
  [0.0, '0'],
  [-0.0, '-0'],
  [-3.25, '-3.25'],
  [Infinity, 'inf'],
  [NaN, 'nan'],
  [2.675, '2.67'], // 2.675 is 2.67499999… in binary
  [0.0001, '0.0001'],
  [0.00015, '0.00015'],
  [123456.0, '1.23e+05'],
  [0.30000000000000004, '0.3'],
]

describe('formatFloatArrayNumpy (numpy array_repr)', () => {
  it.each(ARRAYS)('%j at precision %i', (values, precision, expected) => {
    expect(formatFloatArrayNumpy(values, { precision })).toBe(expected)
  })

  it('accepts typed arrays and defaults to precision 8', () => {
    expect(formatFloatArrayNumpy(new Float64Array([1 / 3, 2]))).toBe('array([0.33333333, 2.        ])')
  })

  it('summarises arrays of more than 1000 elements with edge items 3 (format chosen from the edges only)', () => {
    const a = Float64Array.from({ length: 1001 }, (_, i) => i / 7)
    expect(formatFloatArrayNumpy(a)).toBe(
      'array([0.00000000e+00, 1.42857143e-01, 2.85714286e-01, ...,\n       1.42571429e+02, 1.42714286e+02, 1.42857143e+02])',
    )
    const b = Float64Array.from({ length: 2000 }, (_, i) => i)
    expect(formatFloatArrayNumpy(b)).toBe(
      'array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n       1.999e+03])',
    )
    // exactly 1000 elements: not summarised
    const c = Float64Array.from({ length: 1000 }, (_, i) => i)
    const s = formatFloatArrayNumpy(c)
    expect(s).not.toContain('...')
    expect(s.startsWith('array([  0.,   1.,   2.,')).toBe(true)
    expect(s.endsWith('999.])')).toBe(true)
  })

  it('prints an empty array with its dtype', () => {
    expect(formatFloatArrayNumpy([])).toBe('array([], dtype=float64)')
  })

  it('refuses bad options and inputs', () => {
    expect(() => formatFloatArrayNumpy([1], { precision: -1 })).toThrow(RangeError)
    expect(() => formatFloatArrayNumpy([1], { precision: 1.5 })).toThrow(RangeError)
    expect(() => formatFloatArrayNumpy(null as unknown as number[])).toThrow(TypeError)
  })
})

describe('formatScalarNumpy (np.array2string of a 0-d float64)', () => {
  it.each(SCALARS)('%d at precision %i', (v, p, expected) => {
    expect(formatScalarNumpy(v, p)).toBe(expected)
  })
})

describe("formatG3 / formatG (Python '{:.3g}')", () => {
  it.each(G3)('%d', (v, expected) => {
    expect(formatG3(v)).toBe(expected)
  })

  it('other precisions', () => {
    expect(formatG(0.125, 2)).toBe('0.12')
    expect(formatG(0.135, 2)).toBe('0.14')
    expect(formatG(123456, 6)).toBe('123456')
    expect(formatG(1234567, 6)).toBe('1.23457e+06')
    expect(() => formatG(1, 0)).toThrow(RangeError)
  })
})

describe('formatErrMsgArray (numpy build_err_msg)', () => {
  it('prefixes the name and keeps short reprs whole', () => {
    expect(formatErrMsgArray('x', [1, 2])).toBe(' x: array([1., 2.])')
  })

  it('cuts a repr of more than four lines to three lines and "..."', () => {
    const a = Float64Array.from({ length: 80 }, (_, i) => i + 0.5)
    const full = formatFloatArrayNumpy(a, { precision: 6 })
    expect(full.split('\n').length).toBeGreaterThan(4)
    const cut = formatErrMsgArray('y', a)
    expect(cut).toBe(' y: ' + full.split('\n').slice(0, 3).join('\n') + '...')
  })
})

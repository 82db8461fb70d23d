// numpy.histogram compatibility. Expected values were produced with numpy 2.4 (np.histogram, np.linspace)
// and are written out here; the test never runs Python.
import { describe, expect, it } from 'vitest'
import {
  absHistogram,
  assertHistogram,
  binCentres,
  histogram,
  linspace,
  tvmHistogram,
  weightedHistogram,
} from '../../src/core/histogram'
import fc from 'fast-check'

/** The next double above / below x (numpy.nextafter). */
function nextAfter(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE
  const b = new DataView(new ArrayBuffer(8))
  b.setFloat64(0, x)
  const bits = b.getBigUint64(0)
  b.setBigUint64(0, x > 0 === up ? bits + 1n : bits - 1n)
  return b.getFloat64(0)
}

/** Bin of each single value (−1 when not counted), one histogram per value. */
function binsOf(xs: number[], bins: number, range: [number, number]): number[] {
  return xs.map((v) => {
    const c = histogram([v], bins, range).counts
    return c.indexOf(1)
  })
}

const ints = (a: ArrayLike<number>): number[] => Array.from(a)

describe('linspace', () => {
  it('is numpy.linspace bit for bit', () => {
    const e = linspace(-2, 2, 2002)
    expect([e[0], e[1], e[7], e[1000], e[1001], e[2000], e[2001]]).toEqual([
      -2.0, -1.99800099950025, -1.986006996501749, -0.0009995002498750516, 0.0009995002498750516,
      1.99800099950025, 2.0,
    ])
    const f = linspace(0, 1, 2049)
    expect([f[1], f[3], f[1025], f[2047]]).toEqual([
      0.00048828125, 0.00146484375, 0.50048828125, 0.99951171875,
    ])
  })

  it('handles 0 and 1 points and refuses non-finite ends', () => {
    expect(linspace(1, 2, 0).length).toBe(0)
    expect(ints(linspace(3, 5, 1))).toEqual([3])
    expect(() => linspace(0, Infinity, 3)).toThrow(RangeError)
  })
})

describe('histogram (numpy semantics)', () => {
  it('matches np.histogram on values at edges', () => {
    const x = Array.from({ length: 11 }, (_, k) => k / 10)
    expect(ints(histogram(x, 10).counts)).toEqual([1, 1, 2, 0, 1, 2, 1, 0, 1, 2])
  })

  it('uses [min, max] by default and closes the last bin', () => {
    const h = histogram([1, 2, 2, 3, 3, 3], 3)
    expect(ints(h.counts)).toEqual([1, 2, 3])
    expect(ints(h.edges)).toEqual([1.0, 1.6666666666666665, 2.333333333333333, 3.0])
  })

  it('widens an empty range to [v - 0.5, v + 0.5]', () => {
    const h = histogram([5, 5, 5], 4)
    expect(ints(h.counts)).toEqual([0, 0, 3, 0])
    expect(ints(h.edges)).toEqual([4.5, 4.75, 5.0, 5.25, 5.5])
    expect(ints(histogram([], 2).edges)).toEqual([0, 0.5, 1])
  })

  it('skips values outside an explicit range and NaN', () => {
    expect(ints(histogram([-0.1, 0, 0.5, 1, 1.1, NaN, 0.25, Infinity, -Infinity], 4, [0, 1]).counts)).toEqual(
      [1, 1, 1, 1],
    )
  })

  it('puts every linspace edge in the bin numpy does', () => {
    const e = linspace(-3.3, 7.1, 37)
    const expected = new Array(36).fill(1)
    expected[35] = 2
    expect(ints(histogram(e, 36).counts)).toEqual(expected)
  })

  it('assigns values one ulp around each edge like numpy', () => {
    const e = Array.from(linspace(-2.3, 3.8, 98))
    const seq = Array.from({ length: 97 }, (_, k) => k)
    expect(
      binsOf(
        e.map((v) => nextAfter(v, false)),
        97,
        [-2.3, 3.8],
      ),
    ).toEqual([-1, ...seq])
    expect(binsOf(e, 97, [-2.3, 3.8])).toEqual([...seq, 96])
    expect(
      binsOf(
        e.map((v) => nextAfter(v, true)),
        97,
        [-2.3, 3.8],
      ),
    ).toEqual([...seq, -1])
    // far from 0 the edges are only a few ulps apart: the correction step must still decide
    const r: [number, number] = [1e6, 1e6 + 1e-3]
    const f = Array.from(linspace(r[0], r[1], 9))
    const s8 = [0, 1, 2, 3, 4, 5, 6, 7]
    expect(
      binsOf(
        f.map((v) => nextAfter(v, false)),
        8,
        r,
      ),
    ).toEqual([-1, ...s8])
    expect(binsOf(f, 8, r)).toEqual([...s8, 7])
    expect(
      binsOf(
        f.map((v) => nextAfter(v, true)),
        8,
        r,
      ),
    ).toEqual([...s8, -1])
  })

  it('matches np.histogram on 10 000 values', () => {
    const x = Array.from({ length: 10000 }, (_, k) => (((k * 7919) % 10007) / 10007) * 6.1 - 2.3)
    const h = histogram(x, 97)
    // prettier-ignore
    expect(ints(h.counts)).toEqual([104, 103, 103, 103, 102, 103, 104, 103, 103, 103, 103, 103, 104, 103, 103, 103, 103, 103, 103, 104, 102, 103, 103, 103, 102, 104, 103, 103, 103, 103, 103, 103, 104, 103, 103, 103, 103, 103, 104, 103, 102, 103, 103, 103, 102, 104, 103, 103, 103, 103, 103, 104, 103, 103, 103, 103, 103, 103, 104, 103, 102, 103, 103, 103, 104, 103, 103, 103, 103, 103, 103, 104, 103, 103, 103, 103, 103, 104, 103, 103, 102, 103, 103, 103, 104, 103, 103, 103, 103, 103, 104, 103, 103, 103, 103, 103, 104])
    expect([h.edges[0], h.edges[1], h.edges[13], h.edges[50], h.edges[96], h.edges[97]]).toEqual([
      -2.3, -2.2371196863226666, -1.48255592219467, 0.8440156838666537, 3.736510113023975, 3.7993904267013088,
    ])
    const a = absHistogram(x, 50)
    // prettier-ignore
    expect(ints(a.counts)).toEqual([249, 250, 249, 248, 250, 249, 248, 250, 249, 249, 249, 249, 249, 249, 248, 250, 250, 248, 250, 249, 248, 250, 249, 249, 250, 249, 248, 250, 249, 249, 159, 125, 124, 125, 125, 124, 124, 125, 124, 125, 125, 124, 125, 125, 124, 125, 125, 124, 125, 125])
  })

  it('accepts typed arrays and counts sum to the values in range', () => {
    const x = new Float32Array([0.5, 1.5, 2.5, 3.5])
    const h = histogram(x, 2, [0, 3])
    expect(ints(h.counts)).toEqual([1, 2])
    expect(h.counts).toBeInstanceOf(Float64Array)
    expect(h.edges).toHaveLength(3)
  })

  it('refuses bad arguments with a clear error', () => {
    expect(() => histogram([1, NaN], 4)).toThrow(/x\[1\] is NaN/)
    expect(() => histogram([1, Infinity], 4)).toThrow(RangeError)
    expect(() => histogram([1, 2], 0)).toThrow(RangeError)
    expect(() => histogram([1, 2], 2.5)).toThrow(TypeError)
    expect(() => histogram([1, 2], 2, [3, 1])).toThrow(/larger than max/)
    expect(() => histogram([1, 2], 2, [0, NaN])).toThrow(RangeError)
    expect(() => histogram(null as unknown as number[], 2)).toThrow(TypeError)
    expect(() => histogram([1], 4096, [1, 1 + 1e-13])).toThrow(/too many bins/)
  })
})

describe('absHistogram', () => {
  it('is the histogram of |x| over [0, max|x|]', () => {
    const h = absHistogram([-4, -1, 0, 1, 2, 3, 4], 4)
    expect(ints(h.edges)).toEqual([0, 1, 2, 3, 4])
    expect(ints(h.counts)).toEqual([1, 2, 1, 3])
    expect(absHistogram(new Float64Array(1000)).counts.length).toBe(2048)
  })

  it('widens an all-zero input like numpy (all values in the middle bin)', () => {
    const h = absHistogram(new Float64Array(10), 4)
    expect(ints(h.edges)).toEqual([-0.5, -0.25, 0, 0.25, 0.5])
    expect(ints(h.counts)).toEqual([0, 0, 10, 0])
  })

  it('refuses NaN and infinite values', () => {
    expect(() => absHistogram([1, NaN, 2])).toThrow(/x\[1\] is NaN/)
    expect(() => absHistogram([1, -Infinity])).toThrow(RangeError)
  })
})

describe('tvmHistogram', () => {
  it('is symmetric around 0 with float32 edges', () => {
    const h = tvmHistogram([-1, 0.3, 2], 5)
    expect(h.edges[0]).toBe(-2)
    expect(h.edges[5]).toBe(2)
    expect(h.edges[1]).toBe(Math.fround(-1.2))
    expect(ints(h.counts)).toEqual([0, 1, 1, 0, 1])
  })

  it('widens all zeros to (-0.5, 0.5) and puts them in the zero bin', () => {
    const h = tvmHistogram(new Float64Array(1000))
    expect(h.counts[4000]).toBe(1000)
    expect(h.edges[4128]).toBe(Math.fround(-0.5 + 4128 / 8001))
  })

  it('refuses empty input', () => {
    expect(() => tvmHistogram([])).toThrow(RangeError)
  })
})

describe('helpers', () => {
  it('binCentres and assertHistogram', () => {
    expect(ints(binCentres([0, 1, 3]))).toEqual([0.5, 2])
    expect(assertHistogram({ counts: [1, 2], edges: [0, 1, 2] })).toBe(3)
    expect(() => assertHistogram({ counts: [1, 2], edges: [0, 1] })).toThrow(/3 entries/)
    expect(() => assertHistogram({ counts: [1, -2], edges: [0, 1, 2] })).toThrow(/negative/)
    expect(() => assertHistogram({ counts: [1, NaN], edges: [0, 1, 2] })).toThrow(/NaN/)
    expect(() => assertHistogram({ counts: [], edges: [0] })).toThrow(/no bins/)
    expect(() => assertHistogram({ counts: [1, 1], edges: [0, 2, 1] })).toThrow(/non-decreasing/)
    expect(() => assertHistogram(null)).toThrow(TypeError)
  })
})

describe('weightedHistogram (numpy.histogram with weights)', () => {
  /** Each value repeated `weight` times: what the weights stand for. */
  const expand = (xs: number[], ws: number[]) => xs.flatMap((v, i) => Array<number>(ws[i]).fill(v))

  it('equals the histogram of the values repeated by their weights: on edges, outside the range, tiny bins', () => {
    const cases: [number, [number, number]][] = [
      [10, [-1, 1]],
      [7, [0.1, 0.7]],
      [255, [-3.5, 2.25]],
      [5, [1e-310, 3e-310]], // subnormal bins: the edge walk without the fast path's estimate
    ]
    for (const [bins, range] of cases) {
      const edges = linspace(range[0], range[1], bins + 1)
      const xs = [
        ...edges,
        ...Array.from(edges, (e) => nextAfter(e, false)),
        ...Array.from(edges, (e) => nextAfter(e, true)),
      ]
      xs.push(range[0] - 1, range[1] * 2 + 1, NaN)
      const ws = xs.map((_, i) => 1 + ((i * 7) % 5))
      const got = weightedHistogram(xs, ws, bins, range)
      const want = histogram(expand(xs, ws), bins, range)
      expect(Array.from(got.counts), `${bins} bins in [${range.join(', ')}]`).toEqual(Array.from(want.counts))
      expect(Array.from(got.edges)).toEqual(Array.from(want.edges))
    }
  })

  it('agrees with the expanded histogram on random values and weights (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 9 })), {
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: -4, max: 0, noNaN: true }),
        fc.double({ min: 1e-9, max: 6, noNaN: true }),
        (pairs, bins, lo, width) => {
          const range: [number, number] = [lo, lo + width]
          const xs = pairs.map((p) => p[0])
          const ws = pairs.map((p) => p[1])
          const got = weightedHistogram(xs, ws, bins, range).counts
          const want = histogram(expand(xs, ws), bins, range).counts
          expect(Array.from(got)).toEqual(Array.from(want))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('refuses weights that do not match the values', () => {
    expect(() => weightedHistogram([1, 2], [1], 4, [0, 3])).toThrow(/1 weights for 2 values/)
    expect(() => weightedHistogram([1], [1], 0, [0, 3])).toThrow(RangeError)
    expect(() => weightedHistogram([1, 2], [1, NaN], 4, [0, 3])).toThrow(/weights\[1\] is NaN/)
  })
})

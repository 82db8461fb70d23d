/**
 * Per tensor, the Lab's dequantized histogram under a number format is made from the levels' counts
 * (levelHistogram) instead of binning x̂ value by value: x̂ holds only the levels, each the level times the scale,
 * the same product as the view's levels. These tests pin that the two are the same histogram.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { histogram } from '../../src/core'
import { formatQuantize, levelHistogram } from '../../src/engine/formatQuant'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

// the Lab's element formats (the integer grid per tensor never takes the format path)
const ELEMENT = ['e4m3', 'e5m2', 'e2m1', 'nf4'] as const

describe('a format’s dequantized histogram from its level counts', () => {
  it('equals the histogram of x̂ for every element format, any values, threshold and display range', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ELEMENT),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 1e-3, max: 2e3, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        (fmt, xs, T, bins, widen) => {
          const x = Float64Array.from(xs)
          const r = formatQuantize(x, [1, x.length], { ...quantSettingsOf(defaultLabParams()), fmt }, T)
          expect(r.view.levels).not.toBeNull()
          const lo = -T * widen
          const hi = T * widen
          const d = { bins, lo, hi }
          expect(Array.from(levelHistogram(r.view.levels!, r.view.levelCounts!, d))).toEqual(
            Array.from(histogram(r.xhat, bins, [lo, hi]).counts),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  for (const fmt of ['e4m3', 'nf4', 'e2m1'] as const) {
    it(`the Lab's ${fmt} result shows the histogram of its x̂`, () => {
      const p: LabParams = { ...defaultLabParams(), dist: 'laplace', n: 50_000, fmt }
      const e = new LabEngine()
      const summary = e.generate(sourceSpecOf(p))
      const q = quantSettingsOf(p)
      const res = e.quantize(q)
      const { xhat } = e.table(q, p.n)
      const shown = res.dequantDisplay
      // the display's range: the tensor's histogram edges (LabEngine's summary)
      const edges = summary.display.edges
      const want = histogram(xhat, shown.length, [edges[0], edges[edges.length - 1]]).counts
      expect(Array.from(shown)).toEqual(Array.from(want))
    })
  }
})

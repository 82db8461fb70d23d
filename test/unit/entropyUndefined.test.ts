import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { entropyCalibrate } from '../../src/core/entropy'
import { histogram } from '../../src/core/histogram'

const pq = (d: number[], bins = 2048) =>
  entropyCalibrate(histogram(Float64Array.from(d, Math.abs), bins), { variant: 'pytorch-quantization' })

describe('pytorch-quantization entropy on degenerate data', () => {
  it('[1], all zeros and very narrow data: a finite threshold and a note instead of a bare NaN minimum', () => {
    for (const d of [[1], [0, 0, 0], [1, 1 + 1e-12, 1 + 2e-12]]) {
      const r = pq(d)
      expect(Number.isFinite(r.threshold), JSON.stringify(d)).toBe(true)
      expect(Number.isNaN(r.values[r.best]), JSON.stringify(d)).toBe(true)
      expect(r.note, JSON.stringify(d)).toBe('undefined-divergence')
    }
  })

  it('property: a finite threshold or a RangeError; a NaN choice always carries the note', () => {
    const v = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.constantFrom(0, 1, 5e-324, 1e308, -1e308),
    )
    fc.assert(
      fc.property(fc.array(v, { minLength: 1, maxLength: 40 }), (d) => {
        let r
        try {
          r = pq(d, 512)
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError)
          return
        }
        expect(Number.isFinite(r.threshold)).toBe(true)
        if (r.best >= 0 && Number.isNaN(r.values[r.best]))
          expect(['undefined-divergence', 'full-range-fallback']).toContain(r.note)
      }),
      { numRuns: 100 },
    )
  }, 60_000)
})

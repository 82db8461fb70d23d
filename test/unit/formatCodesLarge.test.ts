/**
 * A number format's "codes used" past 2·10⁶ values (the size up to which the levels were once counted): the
 * Lab engine counts the format's levels, formatIndex's definition, as it does for a small tensor, never the
 * integer grid's codes (which applyFormat's result carried past that size, and the JSON export wrote out).
 */
import { describe, expect, it } from 'vitest'
import { formatIndex, formatValues, type ElementFormat } from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { FORMAT_REGISTRY } from '../../src/registry/formats'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

/** formatIndex's count per level (the small-N definition), value by value. */
function levelCountsOf(x: Float64Array, f: ElementFormat, scale: number): Float64Array {
  const c = new Float64Array(formatValues(f).length)
  for (let i = 0; i < x.length; i++) c[formatIndex(x[i], f, scale)]++
  return c
}

describe('a format’s codes used past 2·10⁶ values', () => {
  // E2M1 (15 levels) and NF4 (16): the integer grid's 256 codes could never pass for theirs
  for (const fmt of ['e2m1', 'nf4'] as const) {
    it(`${fmt} per tensor, 2 000 003 values: the format's levels, counted as for a small tensor`, () => {
      const p: LabParams = { ...defaultLabParams(), dist: 'normal', n: 2_000_003, fmt }
      const e = new LabEngine()
      e.generate(sourceSpecOf(p))
      const q = quantSettingsOf(p)
      const r = e.quantize(q)
      const x = e.table(q, p.n).x
      expect(x.length).toBe(p.n)
      const el = FORMAT_REGISTRY[fmt].element!
      const want = levelCountsOf(x, el, r.format!.scale!)
      const used = want.filter((c) => c > 0).length
      expect(r.codesUsed).toBe(used)
      expect(r.format!.levelCounts).toEqual(want)
      expect(r.codesUsedInliers).toBe(used)
      expect(r.codesTotal).toBe(formatValues(el).length)
      expect(r.codesUsed).toBeLessThanOrEqual(r.codesTotal)
    })
  }
})

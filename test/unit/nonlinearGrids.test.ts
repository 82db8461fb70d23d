import { describe, expect, it } from 'vitest'
import { logGrid, pow2Grid } from '../../src/engine/nonlinearGrids'
import { GRID_DISTS, gridsModel } from '../../src/learn/figures'

const distinct = (g: Float64Array) => g.every((v, i) => i === 0 || v > g[i - 1])

describe('the nonlinear grids', () => {
  // the learn chapter's widget is titled "Three grids with the same number of codes", at 2 to 8 bits
  it('have as many distinct levels as the linear grid of the same bits', () => {
    for (const T of [1e-3, 1, 7.5, 1e6])
      for (let bits = 2; bits <= 10; bits++) {
        const codes = 2 ** bits - 1
        for (const g of [pow2Grid(T, bits), logGrid(T, bits)]) {
          expect(g.length, `T ${T}, ${bits} bits`).toBe(codes)
          expect(distinct(g)).toBe(true)
          expect(g[0]).toBe(-T)
          expect(g[g.length - 1]).toBe(T)
        }
      }
  })

  it('in the grids widget, for every distribution and bit width it offers', () => {
    for (const dist of GRID_DISTS)
      for (let bits = 2; bits <= 8; bits++) {
        const r = gridsModel(dist, bits)
        expect(r.grids.pow2.length).toBe(r.grids.linear.length)
        expect(r.grids.log.length).toBe(r.grids.linear.length)
      }
  })

  it('stop the powers of two where they would leave the normal doubles (16 bits), without repeating a level', () => {
    const g = pow2Grid(1, 16)
    expect(distinct(g)).toBe(true)
    expect(g.length).toBe(2 * 1023 + 1)
    expect(g[1023 + 1]).toBe(2 ** -1022)
  })
})

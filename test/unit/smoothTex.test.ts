import katex from 'katex'
import { describe, expect, it } from 'vitest'
import { smoothScaleTex, texBase } from '../../src/views/ops/smoothTex'

const render = (tex: string) =>
  katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: 'error' })

describe('the SmoothQuant formula with its numbers', () => {
  it('parses for channel maxima below 1e-5 and at or above 1e7 (no double superscript)', () => {
    for (const [axj, awj] of [
      [3e-6, 0.5],
      [2.5, 4e-8],
      [1.5e7, 2e9],
      [1e-300, 1e300],
    ]) {
      const tex = smoothScaleTex({ j: 3, axj, awj, alpha: 0.5, sj: Math.sqrt(axj / awj) })
      expect(() => render(tex), tex).not.toThrow()
    }
    expect(texBase(3e-6, 6)).toBe('\\left(3\\times 10^{-6}\\right)')
    // an ordinary number stays bare
    expect(texBase(2.5, 6)).toBe('2.5')
    expect(smoothScaleTex({ j: 0, axj: 4, awj: 1, alpha: 0.5, sj: 2 })).toContain('{4^{0.5}}')
  })
})

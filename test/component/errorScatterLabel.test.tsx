import { render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorScatter } from '../../src/charts/ErrorScatter'

// The traitor step's error scatter: 1,981 failing elements drew a solid vermillion band along the tolerance
// line, right over its "atol = 0.01" label, which could not be read.
describe('the error scatter’s tolerance label', () => {
  afterEach(() => vi.restoreAllMocks())

  it('is drawn with a halo over the points, then in black', () => {
    const calls: string[] = []
    const ctx = new Proxy(
      {},
      {
        get: (_, name: string) =>
          name === 'strokeText' || name === 'fillText'
            ? (text: string) => calls.push(`${name}:${text}`)
            : () => undefined,
        set: () => true,
      },
    )
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as CanvasRenderingContext2D)
    const n = 100
    const desired = Float64Array.from({ length: n }, (_, i) => i / n)
    const actual = desired.map((v, i) => v + (i % 2 ? 0.02 : 0.001))
    render(<ErrorScatter actual={actual} desired={desired} atol={0.01} rtol={0.01} label="errors" />)
    const tag = calls.filter((c) => c.endsWith('atol = 0.01'))
    expect(tag).toEqual(['strokeText:atol = 0.01', 'fillText:atol = 0.01'])
  })
})

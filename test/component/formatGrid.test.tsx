import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { formatValues } from '../../src/core'
import type { QuantResult } from '../../src/engine/labEngine'
import { useApp } from '../../src/state/appStore'
import { FormatGrid } from '../../src/views/lab/FormatGrid'

/**
 * A per-tensor E4M3 result of a tensor past 2·10⁶ values (the size past which the levels went uncounted and
 * the integer grid's codes were exported): its levels are counted, 3 of the 253 used.
 */
function large(): QuantResult {
  const levels = formatValues('e4m3').map((v) => v / 448)
  const levelCounts = new Float64Array(levels.length)
  levelCounts[0] = 1_000_000
  levelCounts[126] = 1_000_000
  levelCounts[252] = 1_000_000
  return {
    codesUsed: 3,
    codesTotal: levels.length,
    sample: { x: new Float64Array(0), q: new Int32Array(0), xhat: new Float64Array(0) },
    format: {
      fmt: 'e4m3',
      granularity: 'tensor',
      levels,
      levelCounts,
      scale: 1 / 448,
      scaleCount: 1,
      valuesPerScale: 3_000_000,
      scaleBits: 32,
      elemBits: 8,
      bitsPerWeight: 8,
      calibrated: true,
      groupClamped: false,
    },
  } as unknown as QuantResult
}

/** A group-wise NF4 result: each group has its own scale, so no one set of levels is counted. */
function grouped(): QuantResult {
  return {
    codesUsed: 200,
    codesTotal: 16,
    sample: { x: new Float64Array(0), q: new Int32Array(0), xhat: new Float64Array(0) },
    format: {
      fmt: 'nf4',
      granularity: 'group',
      levels: null,
      levelCounts: null,
      scale: null,
      scaleCount: 10,
      valuesPerScale: 64,
      scaleBits: 16,
      elemBits: 4,
      bitsPerWeight: 4.25,
      calibrated: false,
      groupClamped: false,
    },
  } as unknown as QuantResult
}

describe('the grid of a number format', () => {
  afterEach(() => act(() => useApp.setState({ lang: 'en' })))

  it('per tensor, says how many levels were used at any size', () => {
    const { container } = render(<FormatGrid r={large()} />)
    const caption = container.querySelector('.chart-summary')!.textContent
    expect(caption).toContain('253 levels')
    expect(caption).toContain('3 levels used.')
    expect(caption).not.toContain('—')
  })

  it('in Chinese too', () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const { container } = render(<FormatGrid r={large()} />)
    const caption = container.querySelector('.chart-summary')!.textContent
    expect(caption).toContain('用到了 3 个。')
    expect(caption).not.toContain('—')
  })

  it('with a scale per group, says its codes were not counted rather than give the integer grid’s', () => {
    const { container } = render(<FormatGrid r={grouped()} />)
    const codes = container.querySelector('[data-testid="codes-used"]')!.textContent
    expect(codes).toBe('Codes used: not counted (16 in all)')
    expect(codes).not.toContain('200')
  })
})

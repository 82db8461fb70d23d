import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { formatValues } from '../../src/core'
import type { QuantResult } from '../../src/engine/labEngine'
import { useApp } from '../../src/state/appStore'
import { FormatGrid } from '../../src/views/lab/FormatGrid'

/** A per-tensor E4M3 result whose levels were not counted (a tensor past LEVEL_COUNT_LIMIT values). */
function uncounted(): QuantResult {
  const levels = formatValues('e4m3').map((v) => v / 448)
  return {
    codesUsed: 0,
    codesTotal: levels.length,
    sample: { x: new Float64Array(0), q: new Int32Array(0), xhat: new Float64Array(0) },
    format: {
      fmt: 'e4m3',
      granularity: 'tensor',
      levels,
      levelCounts: null,
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

describe('the grid of a number format', () => {
  afterEach(() => act(() => useApp.setState({ lang: 'en' })))

  it('says its levels were not counted past the limit, with no dash for a count', () => {
    const { container } = render(<FormatGrid r={uncounted()} />)
    const caption = container.querySelector('.chart-summary')!.textContent
    expect(caption).toContain('253 levels')
    expect(caption).toContain('Levels used are counted up to 2,000,000 values.')
    expect(caption).not.toContain('—')
    expect(container.querySelector('[data-testid="codes-used"]')!.textContent).toBe(
      'not counted (253 in all)',
    )
  })

  it('in Chinese too', () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const { container } = render(<FormatGrid r={uncounted()} />)
    const caption = container.querySelector('.chart-summary')!.textContent
    expect(caption).toContain('值不超过 2,000,000 个时才统计')
    expect(caption).not.toContain('—')
  })
})

import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { OUTPUT_SCALE_CODE, RANGE_CODE } from '../../src/engine/ops'
import { useApp } from '../../src/state/appStore'
import { OpsHead } from '../../src/views/ops/useOpsModel'

const head = (error: string) =>
  render(<OpsHead view="add" embedded={false} notices={[]} error={error} busy={false} missing={false} />)

describe('the ops views’ coded refusals', () => {
  it('an output scale too small for TFLite’s ADD has a message of its own in the user’s language', () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const z = head(`${OUTPUT_SCALE_CODE}: 1e-9`)
    const text = z.container.querySelector('.notice.error')?.textContent ?? ''
    expect(text).toContain('w_c = 1e-9')
    expect(text).toContain('请选用更大的输出缩放因子')
    expect(text).not.toContain(OUTPUT_SCALE_CODE)
    z.unmount()
    act(() => useApp.setState({ lang: 'en' }))
    const e = head(`${OUTPUT_SCALE_CODE}: 1e-9`)
    expect(e.container.querySelector('.notice.error')?.textContent).toContain('Choose a larger output scale.')
    e.unmount()
  })

  it('a range too wide for a scale says so in Chinese, without the core’s English', () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const r = head(
      `${RANGE_CODE}: conventionGrid: the range is too wide for notes: the scale overflows (Infinity)`,
    )
    const text = r.container.querySelector('.notice.error')?.textContent ?? ''
    expect(text).toContain('无法算出缩放因子')
    expect(text).not.toMatch(/conventionGrid|overflows|too wide/)
    r.unmount()
  })
})

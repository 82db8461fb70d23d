/**
 * Under a number format the Lab's notes about a range with no width name the format's own scale: an all-zero
 * tensor's note used to name the convention's fallback (PyTorch's float32 eps) beside a strip showing the
 * format's scale 1, and a threshold of 0 read "no scale fits" with the convention's fallback while the formulas
 * wrote s = 0/448 = 1.
 */
import { act } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useApp } from '../../src/state/appStore'
import { FormulaPanel } from '../../src/views/lab/FormulaPanel'
import { SummaryStrip } from '../../src/views/lab/SummaryStrip'
import { renderLab } from '../helpers/labView'

vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))

/** the summary strip and the formulas for a link's query, once its result is in */
const lab = (query: string, lang: 'en' | 'zh-CN' = 'en') =>
  renderLab(
    <>
      <SummaryStrip />
      <FormulaPanel />
    </>,
    query,
    lang,
  )

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('a tensor of zeros under a number format', () => {
  it('per tensor names the format’s scale, the one the strip shows, not PyTorch’s eps', async () => {
    const v = await lab('dist=relu-normal&mu=-1000&conv=pytorch&fmt=e4m3')
    expect(v.result.zeroRange).toBe(true)
    const scale = v.card('scale')
    expect(scale).toBe(String(v.result.format!.scale))
    for (const k of ['zero-range', 'fallback']) {
      const text = v.note(k)!
      expect(text).toContain('FP8 E4M3 then takes scale 1;')
      expect(text).toContain(`scale ${scale}`)
      expect(text).not.toMatch(/eps|PyTorch’s observer|ONNX Runtime/)
    }
    v.unmount()
  })

  it('per block (MX) names no convention’s scale either, in both languages', async () => {
    const v = await lab('dist=relu-normal&mu=-1000&conv=onnxruntime&fmt=mxfp4')
    expect(v.note('zero-range')).toContain('each block’s largest |x| is 0')
    expect(v.note('zero-range')).not.toMatch(/ONNX Runtime then uses/)
    v.unmount()
    const z = await lab('dist=relu-normal&mu=-1000&conv=onnxruntime&fmt=mxfp4', 'zh-CN')
    expect(z.note('zero-range')).toContain('每块最大的 |x| 都是 0')
    expect(z.note('zero-range')).not.toContain('ONNX Runtime 这时')
    z.unmount()
  })
})

describe('a threshold of 0 under a number format', () => {
  it('per tensor: the note and the formulas’ stand-in name the format’s scale, no s = 0/448 = 1', async () => {
    const v = await lab('fmt=e4m3&calib=manual&t=0&conv=pytorch')
    expect(v.result.emptyClip).toBe(true)
    expect(v.card('scale')).toBe('1')
    expect(v.note('empty-clip')).toContain('T = 0 gives no scale: FP8 E4M3 then takes scale 1.')
    expect(v.note('empty-clip')).not.toMatch(/eps/)
    expect(v.note('fallback')).toBe(v.note('empty-clip'))
    expect(v.container.querySelector('.formulas')!.textContent).not.toMatch(/0\s*448\s*=\s*1/)
    v.unmount()
  })

  it('per channel the threshold plays no part: no note of an empty range', async () => {
    const v = await lab('fmt=e4m3&gran=channel&rows=4&calib=manual&t=0')
    expect(v.result.emptyClip).toBe(false)
    expect(v.note('empty-clip')).toBeNull()
    v.unmount()
  })
})

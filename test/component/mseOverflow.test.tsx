import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { RandomState } from '../../src/core'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { SummaryStrip } from '../../src/views/lab/SummaryStrip'

describe('the summary of huge values', () => {
  it('says why the MSE is ∞ (its squares overflow) while the SQNR is finite', async () => {
    // randn · 1e160 pasted: the errors are about 1e157, their squares 1e314 > float64's largest
    const data = new RandomState(1).normal(0, 1, 1000).map((v) => v * 1e160)
    const e = new LabEngine()
    const summary = e.setLoaded(data, [1, data.length])
    const p = { ...defaultLabParams(), dist: 'loaded' as const }
    const result = e.quantize(quantSettingsOf(p))
    expect(result.metrics.mse).toBe(Infinity)
    expect(result.metrics.sqnrDb).toBeGreaterThan(30)
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      useLab.setState({ params: p, committed: p, summary, result, busy: null })
    })
    const { container } = render(<SummaryStrip />)
    await act(() => new Promise((r) => setTimeout(r, 50)))
    expect(container.querySelector('[data-key="mse-overflow"]')?.textContent).toBe(
      '误差太大，平方后超出 float64 的范围：MSE 显示为 ∞；SQNR 按缩放后的单位计算。',
    )
    // ordinary values: no such note
    const small = e.setLoaded(new RandomState(1).normal(0, 1, 1000), [1, 1000])
    const ok = e.quantize(quantSettingsOf(p))
    act(() => useLab.setState({ summary: small, result: ok }))
    await act(() => new Promise((r) => setTimeout(r, 50)))
    expect(container.querySelector('[data-key="mse-overflow"]')).toBeNull()
  })
})

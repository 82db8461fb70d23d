// A tensor of one value (n=1): every KL candidate's divergence is +∞ (its last kept bin is empty while the value
// lies beyond it), so the slide-level calibrator has no minimum and takes the whole range. The curve's summary
// still named one: "The minimum, —, is at threshold 0.25092" (zh-CN: 最小值 — 出现在阈值 0.25092 处).
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { CurvesPanel } from '../../src/views/lab/CurvesPanel'

describe('the KL curve’s summary when every candidate is infinite', () => {
  afterEach(() => act(() => useApp.setState({ lang: 'en' })))

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`says there is no minimum, and which threshold is used (${lang})`, () => {
      act(() => useApp.setState({ lang }))
      const params = { ...defaultLabParams(), n: 1, outlier: null }
      const e = new LabEngine()
      const summary = e.generate(sourceSpecOf(params))
      const result = e.quantize(quantSettingsOf(params))
      const entropy = e.entropyCurve('tensorrt')!
      useLab.setState({ params, committed: params, summary, result, entropy, mse: e.mseCurve(), busy: null })
      expect(entropy.best).toBe(-1)
      expect(entropy.threshold).toBeCloseTo(0.25092, 5)
      const { container } = render(<CurvesPanel />)
      const text = container.textContent
      if (lang === 'en') {
        expect(text).not.toContain('The minimum, —')
        expect(text).toContain(
          'every one infinite: there is no minimum, so the threshold is the whole range, 0.25092.',
        )
      } else {
        expect(text).not.toContain('最小值 —')
        expect(text).toContain('散度全是无穷大，没有最小值，因此阈值取整个范围：0.25092。')
      }
    })
  }
})

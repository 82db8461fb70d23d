import { render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QuantControls } from '../../src/views/lab/QuantControls'
import { useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { planGrid } from '../../src/engine/plan'
import { CONVENTIONS, defaultLabParams } from '../../src/params/labParams'

const labels = () =>
  [...screen.getByLabelText('Convention').querySelectorAll('option')].map((o) => o.textContent)

describe('the convention menu', () => {
  beforeEach(() => useLab.setState({ params: { ...defaultLabParams() } }))
  afterEach(() => useApp.setState({ lang: 'en' }))

  it('names each convention’s divisor at 8 bits', () => {
    render(<QuantControls />)
    expect(labels()).toEqual([
      'The notes (w = α/127)',
      'PyTorch (α/127.5, zero point)',
      'ONNX Runtime (2α/254)',
      'TensorRT (α/127, symmetric)',
      'TVM (α/128, clip ±127)',
    ])
  })

  it('follows the signedness (it read α/127 beside the unsigned grid’s w = α/255)', () => {
    useLab.setState({ params: { ...defaultLabParams(), unsigned: true } })
    const { unmount } = render(<QuantControls />)
    expect(labels()).toEqual([
      'The notes (w = α/255)',
      'PyTorch (α/127.5, zero point)',
      'ONNX Runtime (2α/254)',
      'TensorRT (α/255, symmetric)',
      'TVM (α/256, clip 0 … 255)',
    ])
    unmount()
    // each label's divisor is the one the engine's grid divides by, for the same settings
    for (const [i, conv] of CONVENTIONS.entries()) {
      const g = planGrid({ ...defaultLabParams(), unsigned: true, conv }, -1, 1)
      useLab.setState({ params: { ...defaultLabParams(), unsigned: true, conv } })
      const view = render(<QuantControls />)
      const d = conv === 'onnxruntime' ? 2 * g.divisor : g.divisor
      expect(labels()[i]).toContain(`α/${d}`)
      view.unmount()
    }
  })

  it('follows the scheme (asymmetric, it read the symmetric α/127 beside the formulas’ (α − β)/255)', () => {
    useLab.setState({ params: { ...defaultLabParams(), scheme: 'asymmetric' } })
    const { unmount } = render(<QuantControls />)
    expect(labels()).toEqual([
      'The notes (w = (α − β)/255)',
      'PyTorch ((α − β)/255, zero point)',
      'ONNX Runtime ((α − β)/255, zero point)',
      // symmetric only: their grid stays symmetric (and a note says so)
      'TensorRT (α/127, symmetric)',
      'TVM (α/128, clip ±127)',
    ])
    unmount()
    // the restricted range's span, in Chinese
    useApp.setState({ lang: 'zh-CN' })
    useLab.setState({ params: { ...defaultLabParams(), scheme: 'asymmetric', range: 'restricted' } })
    const { container } = render(<QuantControls />)
    const zh = [...container.querySelectorAll('select[name="conv"] option')].map((o) => o.textContent)
    expect(zh[0]).toBe('笔记（w = (α − β)/254）')
    expect(zh[1]).toBe('PyTorch（(α − β)/254，带零点）')
  })

  it('follows the bits (it read α/127 at 4 bits)', () => {
    useLab.setState({ params: { ...defaultLabParams(), bits: 4 } })
    render(<QuantControls />)
    const shown = labels()
    expect(shown[0]).toBe('The notes (w = α/7)')
    expect(shown[4]).toBe('TVM (α/8, clip ±7)')
    // every label names the 4-bit grid, none the 8-bit one
    for (const l of shown) expect(l).not.toMatch(/127|128|254/)
  })
})

import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { QuantControls } from '../../src/views/lab/QuantControls'
import { useLab } from '../../src/lab/labStore'
import { defaultLabParams } from '../../src/params/labParams'

const labels = () =>
  [...screen.getByLabelText('Convention').querySelectorAll('option')].map((o) => o.textContent)

describe('the convention menu', () => {
  beforeEach(() => useLab.setState({ params: { ...defaultLabParams() } }))

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

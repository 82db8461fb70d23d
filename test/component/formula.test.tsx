import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Tex, texNum } from '../../src/charts/Tex'

describe('Tex', () => {
  it('renders KaTeX markup for a formula with live numbers', () => {
    const { container } = render(<Tex tex={`w = \\frac{10}{127} = ${texNum(10 / 127)}`} display />)
    expect(container.querySelector('.katex')).not.toBeNull()
    expect(container.querySelector('.tex-error')).toBeNull()
    expect(container.textContent).toContain('0.07874015748')
  })

  it('shows a visible error instead of throwing for bad TeX, and refuses Chinese outside \\text{}', () => {
    const bad = render(<Tex tex={'\\frac{1}{'} />)
    expect(bad.container.querySelector('.tex-error')).not.toBeNull()
    const zh = render(<Tex tex="缩放 = 1" />)
    expect(zh.container.querySelector('.tex-error')).not.toBeNull()
    const ok = render(<Tex tex={'\\text{缩放} = 1'} />)
    expect(ok.container.querySelector('.tex-error')).toBeNull()
  })

  it('formats numbers for TeX', () => {
    expect(texNum(0.5)).toBe('0.5')
    expect(texNum(1.2e-7)).toBe('1.2\\times 10^{-7}')
    expect(texNum(Infinity)).toBe('\\infty')
  })
})

// The tutorial's asymmetric widget in its default state (α = 4, β = −3): in the notes' form real 0 is not a code,
// so the label says which code is nearest and what that code stands for (−19·w + b_f), from the core's numbers.
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { fmt } from '../../src/charts/format'
import { notesAsymmetricExample } from '../../src/core'
import { useApp } from '../../src/state/appStore'
import { Affine } from '../../src/views/learn/widgets/Affine'

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('the asymmetric widget’s real-0 label', () => {
  it('says ≈ and the value of the nearest code, in both languages', () => {
    const ex = notesAsymmetricExample(4, -3)
    const q = -ex.bQ
    const v = q * ex.w + ex.bF
    expect(q).toBe(-19)
    expect(Math.abs(v)).toBeGreaterThan(ex.w / 4) // not a rounding speck: about −0.0078
    const en = render(<Affine />)
    expect(en.container.textContent).toContain(`real 0 ≈ code ${q} (which stands for ${fmt(v, 3)})`)
    expect(en.container.textContent).not.toContain('real 0 = code')
    en.unmount()
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const zh = render(<Affine />)
    expect(zh.container.textContent).toContain(`实数 0 ≈ 码字 ${q}（它代表 ${fmt(v, 3)}）`)
    zh.unmount()
  })
})

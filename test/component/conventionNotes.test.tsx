import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { decodeLabParams } from '../../src/state/labParams'
import { useApp } from '../../src/state/appStore'
import { QuantControls } from '../../src/views/lab/QuantControls'

function show(query: string, lang: 'en' | 'zh-CN') {
  const { params } = decodeLabParams(new URLSearchParams(query))
  act(() => {
    useApp.setState({ lang })
    useLab.setState({ params, committed: params, past: [], future: [] })
  })
  return render(<QuantControls />)
}

describe('the quantization controls under a convention', () => {
  it('show nothing extra when the settings are the reference’s, and the reference’s range and rounding', () => {
    const { container } = show('conv=pytorch&scheme=asymmetric', 'en')
    expect(container.querySelector('[data-testid="convention-notes"]')).toBeNull()
    const restricted = container.querySelector<HTMLInputElement>('input[name="restricted"]')!
    expect(restricted.checked).toBe(false)
    expect(container.querySelector<HTMLSelectElement>('select[name="round"]')!.value).toBe('half-even')
  })

  it('say when a setting is a custom one (PyTorch with the restricted range), in both languages', () => {
    const en = show('conv=pytorch&scheme=asymmetric&range=restricted', 'en')
    const note = en.container.querySelector('[data-adjust="range"]')
    expect(note?.textContent).toContain('Not PyTorch’s default (full range [-128, 127])')
    en.unmount()
    const zh = show('conv=pytorch&scheme=asymmetric&range=restricted', 'zh-CN')
    expect(zh.container.querySelector('[data-adjust="range"]')?.textContent).toContain(
      '这不是 PyTorch 的默认设置',
    )
  })

  it('say when the reference ignores a setting (TensorRT: asymmetric, full range)', () => {
    const { container } = show('conv=tensorrt&scheme=asymmetric&range=full&round=half-up', 'en')
    expect(container.querySelector('[data-adjust="scheme"]')?.textContent).toContain(
      'TensorRT quantizes only symmetrically',
    )
    expect(container.querySelector('[data-adjust="range"]')?.textContent).toContain(
      'TensorRT always uses the restricted range [-127, 127]',
    )
    expect(container.querySelector('[data-adjust="round"]')?.textContent).toContain(
      'TensorRT rounds half to even',
    )
    expect(container.querySelector<HTMLInputElement>('input[name="restricted"]')!.checked).toBe(true)
  })
})

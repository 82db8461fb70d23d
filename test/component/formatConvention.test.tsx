/**
 * Under a number format (FP8, FP4, NF4, MX) or group-wise scales the engine scales by the format's own rule, not
 * by a convention's divisor: the convention menu must not list divisors there, and the note that stands in for
 * them must name the scale the summary and the formulas show.
 */
import { act } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fmt } from '../../src/charts/format'
import { useApp } from '../../src/state/appStore'
import { FormulaPanel } from '../../src/views/lab/FormulaPanel'
import { QuantControls } from '../../src/views/lab/QuantControls'
import { SummaryStrip } from '../../src/views/lab/SummaryStrip'
import { renderLab } from '../helpers/labView'

vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))

/** Render the controls, the summary and the formulas for a link's query and wait for the result. */
async function lab(query: string, lang: 'en' | 'zh-CN' = 'en') {
  const view = await renderLab(
    <>
      <QuantControls />
      <SummaryStrip />
      <FormulaPanel />
    </>,
    query,
    lang,
  )
  const c = view.container
  const menu = c.querySelector<HTMLSelectElement>('select[name="conv"]')!
  return {
    ...view,
    menu,
    options: [...menu.options].map((o) => o.textContent),
    // the note that stands in for the divisors (in place of renderLab's note(key))
    note: c.querySelector('[data-testid="own-scale"]')?.textContent ?? null,
    formulas: c.querySelector('.formulas')!.textContent,
    disabled: (sel: string) => c.querySelector<HTMLInputElement | HTMLSelectElement>(sel)!.disabled,
  }
}

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('the convention menu under a number format', () => {
  it('FP8 E4M3 per tensor: names without divisors, still switchable, and a note with the scale the view shows', async () => {
    // PyTorch with a range and a rounding of its own: under the integer grid both would be noted
    const v = await lab('dist=normal&n=2000&fmt=e4m3&conv=pytorch&range=restricted&round=half-up')
    // (it listed "The notes (w = α/127)", "TVM (α/128, clip ±127)", …: divisors the format does not use)
    expect(v.options).toEqual(['The notes', 'PyTorch', 'ONNX Runtime', 'TensorRT', 'TVM'])
    expect(v.options.join(' ')).not.toMatch(/α|\/\d/)
    // still switchable: the convention decides whether T is calibrated symmetrically (TensorRT, TVM)
    expect(v.menu.disabled).toBe(false)
    expect(v.menu.value).toBe('pytorch')
    expect(v.note).toContain('FP8 E4M3 sets its own scale, s\u00a0=\u00a0T/448')
    // the note's rule is the engine's, and the strip and the formulas show its number
    const f = v.result.format!
    expect(f.granularity).toBe('tensor')
    expect(f.scale).toBe(v.result.threshold / 448)
    expect(v.card('scale')).toBe(fmt(f.scale, 10))
    expect(v.card('zp')).toBe('0')
    expect(v.formulas).toContain('448')
    // the integer grid's settings are shown but not switchable, and their notes are not given
    for (const sel of ['select[name="round"]', 'input[name="unsigned"]', 'input[name="restricted"]'])
      expect(v.disabled(sel), sel).toBe(true)
    expect(v.container.querySelector('[data-adjust="range"]')).toBeNull()
    expect(v.container.querySelector('[data-adjust="round"]')).toBeNull()
    // the scheme is still the user's: it decides how T is calibrated
    expect(v.container.querySelector<HTMLInputElement>('input[value="asymmetric"]')!.disabled).toBe(false)
    v.unmount()
  })

  it('keeps the one thing a convention still does there: TensorRT calibrates symmetrically', async () => {
    const v = await lab('dist=normal&n=2000&fmt=e4m3&conv=tensorrt&scheme=asymmetric')
    expect(v.result.plan.symmetric).toBe(true)
    expect(v.container.querySelector('[data-adjust="scheme"]')?.textContent).toContain(
      'TensorRT quantizes only symmetrically',
    )
    // the menu the note points to can be changed (it was disabled under a format)
    expect(v.menu.disabled).toBe(false)
    v.unmount()
  })

  it('MXFP4, in Chinese: one power of two per block of 32, as the engine', async () => {
    const v = await lab('dist=normal&n=2000&fmt=mxfp4&conv=tvm', 'zh-CN')
    expect(v.options).toEqual(['笔记', 'PyTorch', 'ONNX Runtime', 'TensorRT', 'TVM'])
    expect(v.menu.disabled).toBe(false)
    expect(v.result.format!.granularity).toBe('block')
    expect(v.result.format!.valuesPerScale).toBe(32)
    expect(v.note).toContain('MXFP4 每 32 个值一块')
    expect(v.note).toContain('2 的幂')
    expect(v.note).toContain('不起作用')
    v.unmount()
  })

  it('NF4 per channel of a 2-D tensor: one scale per channel, its largest |x| / 1', async () => {
    const v = await lab('dist=normal&n=4096&rows=16&gran=channel&fmt=nf4')
    expect(v.result.format!.granularity).toBe('channel')
    expect(v.note).toContain('NF4 takes one scale per channel, its largest |x|/1')
    v.unmount()
  })

  it('int4 with group-wise scales: the integer grid’s bits still count, its convention does not', async () => {
    const v = await lab('dist=normal&n=4096&rows=16&gran=group&group=32&bits=4&conv=tvm')
    expect(v.result.format!.granularity).toBe('group')
    expect(v.note).toContain('int4 takes one scale per group, its largest |x|/7')
    expect(v.menu.disabled).toBe(false)
    expect(v.disabled('input[name="bits"]')).toBe(false)
    v.unmount()
  })

  it('the integer grid per tensor keeps the divisors and no note', async () => {
    const v = await lab('dist=normal&n=2000&bits=4')
    expect(v.note).toBeNull()
    expect(v.menu.disabled).toBe(false)
    expect(v.options[0]).toBe('The notes (w = α/7)')
    expect(v.disabled('input[name="restricted"]')).toBe(false)
    v.unmount()
  })
})

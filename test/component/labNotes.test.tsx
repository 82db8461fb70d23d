/**
 * What the Lab's notes and sentences say about the grid, checked against the numbers the same view shows, for
 * the links a teaching-truth audit found them wrong on: the fallback scale of a zero range (PyTorch's is float32's
 * eps, not 1), an empty clipping range that the data (one value), not a threshold, made, and the zero-point
 * form that needs no fallback at all.
 */
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'
import { ErrorPanel } from '../../src/views/lab/ErrorPanel'
import { FormulaPanel } from '../../src/views/lab/FormulaPanel'
import { SummaryStrip } from '../../src/views/lab/SummaryStrip'
import { QuantControls } from '../../src/views/lab/QuantControls'
import { planGrid } from '../../src/engine/plan'
import { renderLab } from '../helpers/labView'

vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))

/** Render the summary strip, the formulas and the error panel for a link's query and wait for its result. */
const lab = (query: string, lang: 'en' | 'zh-CN' = 'en') =>
  renderLab(
    <>
      <SummaryStrip />
      <FormulaPanel />
      <ErrorPanel />
    </>,
    query,
    lang,
  )

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('a tensor of zeros', () => {
  it('under PyTorch names float32’s eps, the scale the strip shows, not 1', async () => {
    const v = await lab('dist=relu-normal&mu=-1000&conv=pytorch')
    expect(v.result.zeroRange).toBe(true)
    const scale = v.card('scale')
    expect(Number(scale)).toBeCloseTo(2 ** -23, 15)
    expect(v.note('zero-range')).toContain(`scale is ${scale}`)
    expect(v.note('zero-range')).toContain('PyTorch')
    expect(v.note('zero-range')).not.toMatch(/uses scale 1\b/)
    v.unmount()
  })

  it('under the notes names the Lab’s own fallback, scale 1, as ONNX Runtime’s', async () => {
    const v = await lab('dist=relu-normal&mu=-1000')
    expect(v.card('scale')).toBe('1')
    expect(v.note('zero-range')).toContain('the Lab uses scale 1 instead, as ONNX Runtime does')
    v.unmount()
  })
})

describe('one value, asymmetric', () => {
  it('in the notes’ form: the data, not a threshold, left no range', async () => {
    const v = await lab('n=1&scheme=asymmetric')
    expect(v.result.emptyClip).toBe(true)
    const text = v.note('empty-clip')!
    expect(text).toContain('The data hold a single value')
    expect(text).not.toMatch(/threshold/)
    expect(text).toContain(`scale ${v.card('scale')}`)
    // the formulas would read w = 0 / 255 = 1: the note stands in for them
    expect(v.note('fallback')).toContain('scale 1')
    v.unmount()
  })

  it('in the zero-point form: no fallback, the grid from 0 with the scale the strip shows', async () => {
    const v = await lab('n=1&scheme=asymmetric&form=zp')
    const text = v.note('empty-clip')!
    const scale = v.card('scale')
    expect(Number(scale)).toBeGreaterThan(0)
    expect(scale).not.toBe('1')
    expect(text).toContain('The data hold a single value')
    expect(text).toContain(`with scale ${scale}`)
    expect(text).not.toMatch(/scale 1\b|falls back|divide/)
    v.unmount()
  })

  it('says so in Chinese too', async () => {
    const v = await lab('n=1&scheme=asymmetric&form=zp', 'zh-CN')
    expect(v.note('empty-clip')).toContain(`缩放因子 ${v.card('scale')}`)
    expect(v.note('empty-clip')).toContain('所有数据都等于')
    v.unmount()
  })
})

describe('the formulas’ introduction', () => {
  const intro = (c: HTMLElement) => c.querySelector('.formulas p')!.textContent

  for (const [conv, zp] of [
    ['pytorch', 128],
    ['onnxruntime', 127],
  ] as const)
    it(`unsigned symmetric under ${conv}: names the zero point the formulas add, ${zp}`, async () => {
      const v = await lab(`conv=${conv}&unsigned=1`)
      expect(v.result.plan.zeroPoint).toBe(zp)
      expect(v.card('zp')).toBe(String(zp))
      expect(intro(v.container)).toContain(`zero point ${zp}`)
      expect(intro(v.container)).not.toContain('no zero point')
      v.unmount()
    })

  it('signed symmetric: no zero point, as the formulas', async () => {
    const v = await lab('conv=pytorch')
    expect(v.result.plan.zeroPoint).toBe(0)
    expect(intro(v.container)).toContain('no zero point')
    v.unmount()
  })
})

describe('the restricted-range switch', () => {
  const label = (c: HTMLElement) => c.querySelector('input[name="restricted"]')!.closest('label')!.textContent

  for (const [query, range] of [
    ['', '-127 … 127'],
    ['bits=4', '-7 … 7'],
    ['unsigned=1&conv=pytorch', '0 … 254'],
  ] as const)
    it(`names the range it would give${query ? ` (${query})` : ''}: ${range}`, () => {
      const { params } = decodeLabParams(new URLSearchParams(query))
      useLab.setState({ params, committed: params })
      const v = render(<QuantControls />)
      expect(label(v.container)).toContain(`(${range})`)
      // the grid the switch makes has that range
      const on = planGrid({ ...params, range: 'restricted' }, -1, 1)
      expect(`${on.qmin} … ${on.qmax}`).toBe(range)
      v.unmount()
    })
})

describe('the error split', () => {
  it('with no error at all says so, instead of “clipping 0 %, rounding 100 %”', async () => {
    const v = await lab('dist=relu-normal&mu=-1000')
    const m = v.result.metrics
    expect([m.clipSse, m.roundSse, m.maxAbsError]).toEqual([0, 0, 0])
    expect(v.note('split')).toContain('No squared error')
    expect(v.container.textContent).not.toMatch(/from clipping 0\.0 ?%|from rounding 100\.0 ?%/)
    v.unmount()
  })

  it('with error, gives the shares of the two sums', async () => {
    const v = await lab('outlier=10&calib=percentile')
    const m = v.result.metrics
    const clip = (100 * m.clipSse) / (m.clipSse + m.roundSse)
    expect(clip).toBeGreaterThan(0)
    expect(v.note('split')).toContain(`from clipping ${clip.toFixed(1)}%`)
    v.unmount()
  })
})

describe('the note on the codes the inliers use', () => {
  it('is there when some values are not the injected outlier', async () => {
    const { note } = await lab('dist=uniform&n=2&outlier=10&seed=1')
    expect(note('inliers')).toMatch(/only 1 of the 255 codes/)
  })

  it('is not there when the outlier is every value (n = 1): there are no other values', async () => {
    const { note, card } = await lab('dist=uniform&n=1&outlier=10&seed=1')
    expect(card('codes')).toBe('1 of 255')
    expect(note('inliers')).toBeNull()
  })
})

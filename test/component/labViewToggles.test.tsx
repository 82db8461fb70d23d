// The Lab's two comparisons shown on request, "Overlay the three KL variants" and "Compare nonlinear grids", are
// settings of the view like the others: switching one writes the link (a history entry of its own, one undo step),
// and a link that has it shows it switched on. Before, the first lived in the store outside the link and the
// second in the grid panel's own state: a reload or a shared link lost both.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setUrlWriter, useLab } from '../../src/lab/labStore'
import { applyPreset, BUILTIN_PRESETS } from '../../src/lab/presets'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams, defaultLabParams } from '../../src/state/labParams'
import { GridPanel } from '../../src/views/lab/GridPanel'
import { CalibControls } from '../../src/views/lab/QuantControls'
import { storeLabResult } from '../helpers/labView'

const LINK = 'v=1&dist=normal&n=2000'

describe('the Lab’s comparison toggles in the link', () => {
  const writes: string[] = []
  beforeEach(() => {
    writes.length = 0
    useApp.setState({ lang: 'en', route: { name: 'lab', tab: 'tensor' }, query: new URLSearchParams(LINK) })
    // as the Lab page does: the store's link writes go to the address (a push, or a replacement while dragging)
    setUrlWriter((q, replace) => {
      writes.push(`${replace ? 'replace' : 'push'} ${q.toString()}`)
      useApp.getState().setQuery(q, { replace })
    })
    storeLabResult({ ...defaultLabParams(), dist: 'normal', n: 2000 })
    useLab.setState({ past: [], future: [] })
  })
  afterEach(() => {
    setUrlWriter(() => undefined)
    vi.restoreAllMocks()
  })

  const toggle = (name: string) => screen.getByLabelText<HTMLInputElement>(name)
  /** a link arriving (first load, Back/Forward, a shared link): the page hands it to the store */
  const arrive = (query: string) => act(() => useLab.getState().fromQuery(new URLSearchParams(query)))

  it('writes “Overlay the three KL variants” into the link as a change of its own, undone like one', () => {
    render(<CalibControls />)
    expect(toggle('Overlay the three KL variants').checked).toBe(false)
    fireEvent.click(toggle('Overlay the three KL variants'))
    expect(writes).toEqual([`push ${LINK}&variants=1`])
    expect(useApp.getState().query.get('variants')).toBe('1')
    expect(toggle('Overlay the three KL variants').checked).toBe(true)
    // read back, the link has it on
    expect(decodeLabParams(useApp.getState().query).params.variants).toBe(true)
    act(() => useLab.getState().undo())
    expect(toggle('Overlay the three KL variants').checked).toBe(false)
    expect(writes[1]).toBe(`push ${LINK}`)
  })

  it('shows the KL variants overlaid for a link with variants=1, and not for one without', () => {
    render(<CalibControls />)
    arrive(`${LINK}&variants=1`)
    expect(toggle('Overlay the three KL variants').checked).toBe(true)
    arrive(LINK)
    expect(toggle('Overlay the three KL variants').checked).toBe(false)
    expect(writes).toEqual([])
  })

  it('writes “Compare nonlinear grids” into the link as a change of its own', () => {
    const { container } = render(<GridPanel />)
    const compared = () => container.textContent?.includes('MSE on the values shown') ?? false
    expect(toggle('Compare nonlinear grids').checked).toBe(false)
    expect(compared()).toBe(false)
    fireEvent.click(toggle('Compare nonlinear grids'))
    expect(writes).toEqual([`push ${LINK}&nonlinear=1`])
    expect(useApp.getState().query.get('nonlinear')).toBe('1')
    expect(toggle('Compare nonlinear grids').checked).toBe(true)
    expect(compared()).toBe(true)
    fireEvent.click(toggle('Compare nonlinear grids'))
    expect(writes[1]).toBe(`push ${LINK}`)
    expect(compared()).toBe(false)
  })

  it('shows the nonlinear grids compared for a link with nonlinear=1', () => {
    const { container } = render(<GridPanel />)
    arrive(`${LINK}&nonlinear=1`)
    expect(toggle('Compare nonlinear grids').checked).toBe(true)
    expect(container.textContent).toContain('MSE on the values shown: linear')
    expect(writes).toEqual([])
  })

  it('keeps them and the log scale as the user set them when a preset is chosen, unless the preset sets them', () => {
    const current = { ...defaultLabParams(), variants: true, nonlinear: true, log: true, bits: 4 }
    const heavy = BUILTIN_PRESETS.find((p) => p.id === 'heavy')!
    expect(applyPreset(heavy, current)).toMatchObject({
      dist: 'student-t',
      bits: 8,
      variants: true,
      nonlinear: true,
      log: true,
    })
    const mine = { id: 'user-1', name: 'mine', patch: { dist: 'normal' as const, nonlinear: false } }
    expect(applyPreset(mine, current)).toMatchObject({ variants: true, nonlinear: false })
  })
})

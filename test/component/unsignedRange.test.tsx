import { act, fireEvent, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'
import { QuantControls } from '../../src/views/lab/QuantControls'

function show(query: string, lang: 'en' | 'zh-CN') {
  const { params } = decodeLabParams(new URLSearchParams(query))
  act(() => {
    useApp.setState({ lang })
    useLab.setState({ params, committed: params, past: [], future: [] })
  })
  return render(<QuantControls />)
}

const restrictedSwitch = (c: HTMLElement) => c.querySelector<HTMLInputElement>('input[name="restricted"]')!

/** The engine's grid for a link (the codes the values land on). */
function engineCodes(query: string): [number, number] {
  const { params } = decodeLabParams(new URLSearchParams(`n=200&${query}`))
  const e = new LabEngine()
  e.generate(sourceSpecOf(params))
  const { plan } = e.quantize(quantSettingsOf(params))
  return [plan.qmin, plan.qmax]
}

describe('the restricted-range switch under the notes with unsigned codes', () => {
  it('is off, as the grid is: the engine uses all of 0 … 255 whatever the switch asks', () => {
    expect(engineCodes('unsigned=1')).toEqual([0, 255])
    expect(engineCodes('unsigned=1&range=restricted')).toEqual([0, 255])
    const { container } = show('unsigned=1', 'en')
    // (it showed "on" beside a grid of 0 … 255, and no note)
    expect(restrictedSwitch(container).checked).toBe(false)
    expect(container.querySelector('[data-adjust="range"]')).toBeNull()
  })

  it('says the setting is not applied once it is asked for, in both languages', () => {
    // the switch cannot change this grid: it is shown off (the grid's own range) and disabled
    const plain = show('unsigned=1', 'en')
    expect(restrictedSwitch(plain.container).checked).toBe(false)
    expect(restrictedSwitch(plain.container).disabled).toBe(true)
    expect(plain.container.querySelector('[data-adjust="range"]')).toBeNull()
    plain.unmount()
    // a link that asks for it anyway: the engine's grid did not move, the switch neither, and a note says why
    const en = show('unsigned=1&range=restricted', 'en')
    expect(useLab.getState().params.range).toBe('restricted')
    expect(restrictedSwitch(en.container).checked).toBe(false)
    const note = en.container.querySelector('[data-adjust="range"]')?.textContent
    expect(note).toContain('the notes’ symmetric grid spans the full range [0, 255] (w = α/255)')
    expect(note).toContain('not applied')
    en.unmount()
    const zh = show('unsigned=1&range=restricted', 'zh-CN')
    const zhNote = zh.container.querySelector('[data-adjust="range"]')?.textContent
    expect(zhNote).toContain('完整范围 [0, 255]（w = α/255）')
    expect(zhNote).toContain('不起作用')
    zh.unmount()
    // at 4 bits the grid is 0 … 15
    const four = show('unsigned=1&range=restricted&bits=4', 'en')
    expect(four.container.querySelector('[data-adjust="range"]')?.textContent).toContain('[0, 15] (w = α/15)')
  })

  it('still works signed and asymmetric, where the notes’ range is a choice', () => {
    expect(engineCodes('range=full')).toEqual([-128, 127])
    const signed = show('', 'en')
    expect(restrictedSwitch(signed.container).checked).toBe(true)
    fireEvent.click(restrictedSwitch(signed.container))
    expect(restrictedSwitch(signed.container).checked).toBe(false)
    expect(signed.container.querySelector('[data-testid="convention-notes"]')).toBeNull()
    signed.unmount()
    expect(engineCodes('unsigned=1&scheme=asymmetric&range=restricted')).toEqual([0, 254])
    const asym = show('unsigned=1&scheme=asymmetric&range=restricted', 'en')
    expect(restrictedSwitch(asym.container).checked).toBe(true)
    expect(asym.container.querySelector('[data-testid="convention-notes"]')).toBeNull()
  })
})

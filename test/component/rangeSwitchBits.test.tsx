import { act, cleanup, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'
import { QuantControls } from '../../src/views/lab/QuantControls'

/** The controls and the engine's result for the same link (a small tensor: only the grid is compared). */
function both(query: string) {
  const { params } = decodeLabParams(new URLSearchParams(`n=64&${query}`))
  act(() => {
    useApp.setState({ lang: 'en' })
    useLab.setState({ params, committed: params, past: [], future: [] })
  })
  const { container } = render(<QuantControls />)
  const e = new LabEngine()
  e.generate(sourceSpecOf(params))
  const switchEl = container.querySelector<HTMLInputElement>('input[name="restricted"]')!
  const codes = /\((-?\d+) … (-?\d+)\)/.exec(switchEl.closest('label')!.textContent ?? '')
  return {
    result: e.quantize(quantSettingsOf(params)),
    // the engine with the switch on: the codes the switch's label promises
    restricted: e.quantize(quantSettingsOf({ ...params, range: 'restricted' })),
    label: codes ? [Number(codes[1]), Number(codes[2])] : null,
    checked: switchEl.checked,
    bits: container.querySelector<HTMLInputElement>('input[name="bits"]')!.value,
  }
}

describe('the range switch and the bits under a format of its own width', () => {
  // the link's bits=4 is the integer grid's; FP8 E4M3 is 8 bits wide: the switch's label was worked out at 8
  // bits (−127 … 127) and its state at 4 (ONNX Runtime's int4 has no restricted range: unchecked), and the
  // engine planned at 4 (−8 … 7)
  it('name one width: the one the bits field shows and the engine plans with (FP8 E4M3, ONNX Runtime)', () => {
    const s = both('fmt=e4m3&bits=4&conv=onnxruntime')
    expect(s.bits).toBe('8')
    expect(s.result.bits).toBe(8)
    expect([s.result.plan.qmin, s.result.plan.qmax]).toEqual([-127, 127])
    expect(s.label).toEqual([-127, 127])
    expect(s.checked).toBe(true)
  })

  const cases = ['int', 'e4m3', 'nf4', 'mxfp4'].flatMap((fmt) =>
    ['notes', 'pytorch', 'onnxruntime', 'tensorrt', 'tvm'].flatMap((conv) =>
      [4, 8].flatMap((bits) =>
        [false, true].map(
          (unsigned) => `fmt=${fmt}&conv=${conv}&bits=${bits}${unsigned ? '&unsigned=1' : ''}`,
        ),
      ),
    ),
  )
  it.each(cases)('%s: the switch shows the engine’s grid', (query) => {
    const s = both(query)
    expect(s.label).toEqual([s.restricted.plan.qmin, s.restricted.plan.qmax])
    expect(s.checked).toBe(s.result.plan.range === 'restricted')
    expect(s.bits).toBe(String(s.result.bits))
    cleanup()
  })
})

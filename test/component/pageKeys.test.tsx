import { fireEvent, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CurveChart } from '../../src/charts/CurveChart'
import { keyBelongsToFocus } from '../../src/views/learn/pageKeys'

describe('page-wide arrow keys leave a key to the focused widget', () => {
  it('the KL curve’s → moves the candidate only: the page listener sees it as handled', () => {
    const xs = Float64Array.from([1, 2, 3, 4])
    const ys = Float64Array.from([4, 1, 2, 3])
    const picked: number[] = []
    const seen: boolean[] = []
    // the lesson's listener is on the window, as in LearnPage's useLessonKeys
    const onKey = (e: KeyboardEvent) => seen.push(keyBelongsToFocus(e))
    window.addEventListener('keydown', onKey)
    const { container } = render(
      <CurveChart
        series={[{ key: 'kl', label: 'KL', color: '#000', xs, ys, best: 1 }]}
        xLabel="T"
        yLabel="KL"
        selectedX={2}
        onSelectX={(x) => picked.push(x)}
        selectLabel="candidate"
      />,
    )
    const curve = container.querySelector('[role="button"]')!
    fireEvent.keyDown(curve, { key: 'ArrowRight' })
    expect(picked.length).toBe(1)
    expect(seen).toEqual([true])
    // a key the chart does not handle is the page's
    fireEvent.keyDown(curve, { key: 'PageDown' })
    expect(seen).toEqual([true, false])
    // typing fields and sliders keep their keys; the page's body does not
    const input = document.createElement('input')
    document.body.append(input)
    fireEvent.keyDown(input, { key: 'ArrowRight' })
    const slider = document.createElement('div')
    slider.setAttribute('role', 'slider')
    document.body.append(slider)
    fireEvent.keyDown(slider, { key: 'ArrowLeft' })
    fireEvent.keyDown(document.body, { key: 'ArrowRight' })
    expect(seen).toEqual([true, false, true, true, false])
    window.removeEventListener('keydown', onKey)
    input.remove()
    slider.remove()
  })
})

import { render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FitTex } from '../../src/charts/FitTex'
import { formulaForms, stackFormula, visibleLength } from '../../src/charts/texBreaks'

// happy-dom lays nothing out: the formula's box is `column` px wide and its content as wide as the TeX it shows
// reads (KaTeX's annotation), 10 px a character on its widest line
let column = 290
const shownTex = (el: Element) =>
  el.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? ''
const contentWidth = (tex: string) => 10 * Math.max(...tex.split('\\\\').map(visibleLength))

beforeEach(() => {
  column = 290
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('fit') ? column : 0
  })
  vi.spyOn(Element.prototype, 'scrollWidth', 'get').mockImplementation(function (this: Element) {
    return this.classList.contains('fit') ? Math.max(column, contentWidth(shownTex(this))) : 0
  })
})
afterEach(() => vi.restoreAllMocks())

// the dense view's M with a run's numbers, and with numbers whose numerator is short: level 6 (a long
// numerator on two lines) gives the first a form of its own and not the second
const LONG =
  'M = \\frac{0.007549850484 \\cdot 0.04585807222}{0.08878369757} = 0.003899607678 \\approx \\frac{2143831993}{2^{31}} \\cdot 2^{-8}'
const SHORT = 'M = \\frac{0.5 \\cdot 0.25}{0.125} = 1 \\approx \\frac{1073741824}{2^{31}} \\cdot 2^{1}'

describe('FitTex', () => {
  it('remembers its form by break level: new numbers that add or drop a form never move it to another level', () => {
    // the premise: the two lists differ before level 6 (its form is the fourth of LONG's, none of SHORT's own)
    expect(formulaForms(LONG).indexOf(stackFormula(LONG, 6))).toBe(3)
    expect(stackFormula(SHORT, 6)).toBe(stackFormula(SHORT, 4))
    expect(formulaForms(SHORT)[3]).toBe(stackFormula(SHORT, 8))
    const { container, rerender } = render(<FitTex className="fit" tex={LONG} />)
    const box = container.querySelector('.fit')!
    // levels 3 and 4 are 300 px wide, level 6 is the first that fits
    expect(shownTex(box)).toBe(stackFormula(LONG, 6))
    rerender(<FitTex className="fit" tex={SHORT} />)
    // still level 6 (which for these numbers is level 4's form), not the fourth form of the new list (level 8:
    // its last product on a line of its own, for no reason)
    expect(shownTex(box)).toBe(stackFormula(SHORT, 6))
    expect(contentWidth(shownTex(box))).toBeLessThanOrEqual(column)
    // and back: the same form as before, without going through another
    rerender(<FitTex className="fit" tex={LONG} />)
    expect(shownTex(box)).toBe(stackFormula(LONG, 6))
    // (the wrapper says which level it shows)
    expect(box.getAttribute('data-breaks')).toBe('6')
    // numbers too wide for level 6: on to the next level, 8 (the last product on a line of its own)
    const WIDER = LONG.replace('2^{-8}', '0.000000001234567891')
    rerender(<FitTex className="fit" tex={WIDER} />)
    expect(contentWidth(stackFormula(WIDER, 6))).toBeGreaterThan(column)
    expect(shownTex(box)).toBe(stackFormula(WIDER, 8))
    expect(contentWidth(shownTex(box))).toBeLessThanOrEqual(column)
    // never back while the column keeps its width: a formula that would fit less broken keeps the level
    rerender(<FitTex className="fit" tex={SHORT} />)
    expect(shownTex(box)).toBe(stackFormula(SHORT, 8))
    // a wider column starts over from the formula as written
    column = 700
    rerender(<FitTex className="fit" data-k="wider" tex={SHORT} />)
    expect(shownTex(box)).toBe(SHORT)
    expect(box.hasAttribute('data-breaks')).toBe(false)
  })
})

import katex from 'katex'
import { describe, expect, it } from 'vitest'
import { formulaForms, stackFormula } from '../../src/charts/texBreaks'

const valid = (tex: string) =>
  expect(() =>
    katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: 'error' }),
  ).not.toThrow()

describe('breaking a formula for a narrow column', () => {
  it('stacks its items at separators of growing strength: \\qquad and arrows, then \\quad, then ,\\;', () => {
    const tex = 'a = 1,\\; b = 2,\\quad c = 3 \\qquad d = 4 \\;\\Rightarrow\\; e = 5'
    expect(stackFormula(tex, 0)).toBe(
      '\\begin{gathered}a = 1,\\; b = 2,\\quad c = 3 \\\\ d = 4 \\\\ \\Rightarrow e = 5\\end{gathered}',
    )
    expect(stackFormula(tex, 1)).toBe(
      '\\begin{gathered}a = 1,\\; b = 2 \\\\ c = 3 \\\\ d = 4 \\\\ \\Rightarrow e = 5\\end{gathered}',
    )
    expect(stackFormula(tex, 2)).toBe(
      '\\begin{gathered}a = 1 \\\\ b = 2 \\\\ c = 3 \\\\ d = 4 \\\\ \\Rightarrow e = 5\\end{gathered}',
    )
    // never inside a group: \text{…}, subscripts
    expect(stackFormula('\\text{a \\qquad b} = 1')).toBe('\\text{a \\qquad b} = 1')
    expect(stackFormula('x_{a,\\; b} = 1', 2)).toBe('x_{a,\\; b} = 1')
  })

  it('breaks each line before its top-level relations, aligned on them, only from level 3', () => {
    expect(stackFormula('w = \\frac{3}{127} = 0.02', 2)).toBe('w = \\frac{3}{127} = 0.02')
    expect(stackFormula('w = \\frac{3}{127} = 0.02', 3)).toBe(
      '\\begin{aligned}w &= \\frac{3}{127} \\\\ &= 0.02\\end{aligned}',
    )
    // never inside braces, brackets or between \left and \right (not valid TeX, or a lost pair)
    expect(stackFormula('\\sum_{i=1}^{n} x \\le \\left( a = b \\right)', 3)).toBe(
      '\\begin{aligned}\\sum_{i=1}^{n} x &\\le \\left( a = b \\right)\\end{aligned}',
    )
    // \left\{ is a delimiter, not a group; \leq is not \le followed by q
    expect(stackFormula('\\left\\{ a \\right\\} \\leq 1', 3)).toBe(
      '\\begin{aligned}\\left\\{ a \\right\\} &\\leq 1\\end{aligned}',
    )
    expect(stackFormula('a = 1 = 2, \\qquad b < c', 3)).toBe(
      '\\begin{gathered}\\begin{aligned}a &= 1 \\\\ &= 2\\end{aligned} \\\\ \\begin{aligned}b &< c\\end{aligned}\\end{gathered}',
    )
  })

  it('at level 4 puts the left side alone and splits a long side in two at a binary + or −', () => {
    // (`{}` keeps the carried sign binary: − c, not −c)
    expect(stackFormula('s = -a + b - c + d', 4)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = -a + b \\\\ &\\qquad {}- c + d\\end{aligned}',
    )
    expect(stackFormula('s = (a - b)(c + d)', 4)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = (a - b)(c + d)\\end{aligned}',
    )
  })

  it('lists the forms to try, each different from the one before, all valid TeX', () => {
    expect(formulaForms('a = 1 \\qquad b = 2')).toEqual([
      'a = 1 \\qquad b = 2',
      '\\begin{gathered}a = 1 \\\\ b = 2\\end{gathered}',
      '\\begin{gathered}\\begin{aligned}a &= 1\\end{aligned} \\\\ \\begin{aligned}b &= 2\\end{aligned}\\end{gathered}',
      '\\begin{gathered}\\begin{aligned}&a \\\\ &\\quad = 1\\end{aligned} \\\\ \\begin{aligned}&b \\\\ &\\quad = 2\\end{aligned}\\end{gathered}',
    ])
    expect(formulaForms('\\frac{a}{b}')).toEqual(['\\frac{a}{b}'])
    expect(formulaForms('= 1')).toEqual(['= 1'])
    // an environment is one piece: its rows are already laid out
    expect(formulaForms('\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}')).toEqual([
      '\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}',
    ])
    const views = [
      'x_c = \\operatorname{round}\\!\\left(3 \\cdot \\left((1 - 2) + 0.5 \\cdot (4 - 5)\\right)\\right) = \\operatorname{round}(-3.7) = -4',
      'w_c (x_c - z_c) = c \\;\\Rightarrow\\; x_c = z_c + \\frac{w_a}{w_c}\\left((x_a - z_a) + \\frac{w_b}{w_a} (x_b - z_b)\\right)',
      'w_a = 0.1,\\; z_a = 3,\\quad w_b = 0.2,\\; z_b = -4',
    ]
    for (const tex of views) for (const f of formulaForms(tex)) valid(f)
  })
})

describe('breaking a formula: the edges', () => {
  it('keeps an arrow set between \\qquad at the start of the item it leads to', () => {
    expect(stackFormula('a = b \\qquad\\Longrightarrow\\qquad c = d')).toBe(
      '\\begin{gathered}a = b \\\\ \\Longrightarrow c = d\\end{gathered}',
    )
  })
  it('never splits a side after \\cdot or another sign, and keeps a thin space \\, whole', () => {
    expect(stackFormula('s = a \\cdot -3', 4)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = a \\cdot -3\\end{aligned}',
    )
    expect(stackFormula('x = 1\\,', 3)).toBe('\\begin{aligned}x &= 1\\,\\end{aligned}')
  })
})

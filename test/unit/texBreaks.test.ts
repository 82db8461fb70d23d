import katex from 'katex'
import { describe, expect, it } from 'vitest'
import {
  BREAK_LEVELS,
  formulaForms,
  formulaLevels,
  stackFormula,
  visibleLength,
} from '../../src/charts/texBreaks'

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

describe('the forms with their levels (what FitTex remembers)', () => {
  it('gives each form the level that first gives it; a level’s form is the last one not above it', () => {
    const tex = 'a = 1 \\qquad b = 2'
    expect(formulaLevels(tex).map((f) => f.level)).toEqual([-1, 0, 3, 4])
    expect(formulaLevels(tex).map((f) => f.tex)).toEqual(formulaForms(tex))
    for (const t of [tex, ...Object.values(WIDE)]) {
      const forms = formulaLevels(t)
      for (const level of BREAK_LEVELS)
        expect(forms.findLast((f) => f.level <= level)!.tex, `${t} at ${level}`).toBe(stackFormula(t, level))
    }
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

/**
 * A form with its layout taken out (environments, alignment marks, line breaks, spaces, `{}`, the \left. and
 * \right. that close a line, the struts) and \times read as \cdot: what is left is the formula's symbols in
 * order, the same in every form that states the same mathematics.
 */
const symbols = (tex: string) =>
  tex
    .replace(/\\mathopen\{\\mathllap\{\\phantom\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}\}\}/g, '')
    .replace(/\\rule(?:\[[^\]]*\])?\{[^}]*\}\{[^}]*\}/g, '')
    .replace(/\\(?:begin|end)\{(?:aligned|gathered)\}/g, '')
    .replace(/\\left\.|\\right\./g, '')
    .replace(/\\times/g, '\\cdot')
    .replace(/\\q?quad|\\[;,!]|\\\\|[&\s]|\{\}/g, '')

// the formulas that still scrolled on a phone (the Lab’s asymmetric scale and the add and dense views’ derivations), with the numbers a run gives them
const WIDE = {
  asymW:
    'w = \\frac{\\alpha - \\beta}{q_{max} - q_{min}} = \\frac{0.9994353466 - (-0.9999767303)}{255} = 0.007840831675',
  addXc:
    'w_c (x_c - z_c) = c \\;\\Rightarrow\\; x_c = z_c + \\frac{w_a}{w_c}\\left((x_a - z_a) + \\frac{w_b}{w_a} (x_b - z_b)\\right)',
  addEl:
    'x_c = \\operatorname{round}\\!\\left(25 + 0.4064756375 \\cdot \\left((-32 - 0) + 1.500091593 \\cdot (-33 - 42)\\right)\\right) = \\operatorname{round}(-33.73852187) = -34',
  addInt:
    'x_c = \\operatorname{clamp}\\!\\Big(z_c + M_c \\big(M_1 (x_a - z_a) 2^{20} + M_2 (x_b - z_b) 2^{20}\\big)\\Big)',
  denseM:
    'M = \\frac{0.007549850484 \\cdot 0.04585807222}{0.08878369757} = 0.003899607678 \\approx \\frac{2143831993}{2^{31}} \\cdot 2^{-8}',
}

// formulas with a sum after a closing \big … \Bigg delimiter (the dense view's q_out with terms after it, and
// every size and closing delimiter)
const BIG_CLOSED = {
  denseOut:
    'q_{out} = \\operatorname{clamp}\\!\\big(-3 + M \\cdot (1234)\\big) + 0.1234567891 - 0.9876543210 = -3',
  sizes: 's = \\Big[a\\Big] + \\bigg\\{b\\bigg\\} - \\Bigg|c\\Bigg| + \\big\\langle d\\big\\rangle - e',
  bars: 'e = \\Big\\lvert 0.1234567891 - 0.9876543210 \\Big\\rvert - \\big\\| -0.5 + 0.25 \\big\\| + 1',
  numerator: 'y = \\frac{\\big(0.1234567891 + 1\\big) + \\big(0.9876543210 + 2\\big)}{3}',
}
/** a line that ends at a closing \big delimiter and a next that starts with the sign it was broken before */
const AFTER_CLOSING = /\\[bB]igg?r?(?:[)\]|]|\\[}|]|\\r[a-zA-Z]+) (?:\\right\. )*\\\\ &\\q?quad \{\}[+-]/

describe('breaking inside a group or a fraction (levels 5–7)', () => {
  it('breaks inside \\left … \\right: the line closes the group with \\right., the next reopens it with \\left.', () => {
    expect(stackFormula('y = \\left(a + b\\right)', 4)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left(a + b\\right)\\end{aligned}',
    )
    expect(stackFormula('y = \\left(a + b\\right)', 5)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left(a \\right. \\\\ &\\qquad \\left. {}+ b\\right)\\end{aligned}',
    )
    // nested groups: each one open at the break is closed and reopened
    expect(stackFormula('y = f\\left(1 + g\\left(2 + 3\\right)\\right)', 5)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = f\\left(1 + g\\left(2 \\right.\\right. \\\\ &\\qquad \\left.\\left. {}+ 3\\right)\\right)\\end{aligned}',
    )
  })

  it("keeps a broken group's delimiters at their unbroken height with a strut of its contents, only when it is tall", () => {
    const f = stackFormula('y = \\left(a + \\frac{b}{c}\\right)', 5)
    const strut = '\\mathopen{\\mathllap{\\phantom{a + \\frac{b}{c}}}}'
    expect(f).toBe(
      `\\begin{aligned}&y \\\\ &\\quad = \\left(a ${strut}\\right. \\\\ &\\qquad \\left.${strut} {}+ \\frac{b}{c}\\right)\\end{aligned}`,
    )
    // (lapped to the left: a \vphantom's box reaches past the end of the line and would make it scroll)
    expect(f).not.toContain('\\vphantom')
  })

  it('breaks inside \\big groups without closing them (their size is fixed)', () => {
    expect(stackFormula('y = \\Big(a + \\big(b + c\\big)\\Big)', 5)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\Big(a + \\big(b \\\\ &\\qquad {}+ c\\big)\\Big)\\end{aligned}',
    )
  })

  it('never breaks inside braces, plain brackets or environments, nor at a unary sign', () => {
    for (const tex of [
      'y = \\text{a + b}',
      'y = x_{a + b}',
      'y = (a + b)',
      'y = [a - b]',
      'y = \\left(-a\\right)',
      'y = \\left(a \\cdot -b\\right)',
      'y = \\left(\\begin{matrix} a + b \\end{matrix}\\right)',
    ])
      expect(stackFormula(tex, 7), tex).toBe(stackFormula(tex, 4))
  })

  it('sets a long numerator on two lines at level 6, a product broken with ×, short fractions as written', () => {
    expect(stackFormula(WIDE.asymW, 6)).toBe(
      '\\begin{aligned}&w \\\\ &\\quad = \\frac{\\alpha - \\beta}{q_{max} - q_{min}} \\\\ &\\quad = \\frac{\\begin{aligned}&\\rule{0pt}{1.25em}0.9994353466 \\\\ &\\quad {}- (-0.9999767303)\\end{aligned}}{255} \\\\ &\\quad = 0.007840831675\\end{aligned}',
    )
    expect(stackFormula(WIDE.denseM, 6)).toContain(
      '\\frac{\\begin{aligned}&\\rule{0pt}{1.25em}0.007549850484 \\\\ &\\quad {}\\times 0.04585807222\\end{aligned}}{0.08878369757}',
    )
    // a long denominator: the strut goes below it
    expect(stackFormula('y = \\frac{1}{0.123456789 + 0.987654321}', 6)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\frac{1}{\\begin{aligned}&0.123456789 \\\\ &\\quad {}+ 0.987654321\\rule[-0.75em]{0pt}{0.75em}\\end{aligned}}\\end{aligned}',
    )
    expect(stackFormula('y = \\frac{a + b}{c - d}', 6)).toBe(stackFormula('y = \\frac{a + b}{c - d}', 4))
  })

  it('at level 7 breaks each side in up to four lines, each piece split again near its middle', () => {
    const f = stackFormula('y = \\left(1 + 2 + 3 + 4\\right)', 7)
    expect(f).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left(1 \\right. \\\\ &\\qquad \\left. {}+ 2 \\right. \\\\ &\\qquad \\left. {}+ 3 \\right. \\\\ &\\qquad \\left. {}+ 4\\right)\\end{aligned}',
    )
    expect(stackFormula(WIDE.addEl, 7)).toBe(
      '\\begin{aligned}&x_c \\\\ &\\quad = \\operatorname{round}\\!\\left(25 \\right. \\\\ &\\qquad \\left. {}+ 0.4064756375 \\cdot \\left((-32 - 0) \\right.\\right. \\\\ &\\qquad \\left.\\left. {}+ 1.500091593 \\cdot (-33 - 42)\\right)\\right) \\\\ &\\quad = \\operatorname{round}(-33.73852187) \\\\ &\\quad = -34\\end{aligned}',
    )
  })

  it('breaks an argument list after a comma, the next argument (its sign unary) starting the line', () => {
    const q =
      'x_q = \\operatorname{clip}\\!\\left(\\operatorname{round}\\!\\left(\\frac{x}{w}\\right), -32767, 32767\\right)'
    const strut =
      '\\mathopen{\\mathllap{\\phantom{\\operatorname{round}\\!\\left(\\frac{x}{w}\\right), -32767, 32767}}}'
    expect(stackFormula(q, 5)).toBe(
      `\\begin{aligned}&x_q \\\\ &\\quad = \\operatorname{clip}\\!\\left(\\operatorname{round}\\!\\left(\\frac{x}{w}\\right), ${strut}\\right. \\\\ &\\qquad \\left.${strut} -32767, 32767\\right)\\end{aligned}`,
    )
    // a list in plain brackets stays whole; a comma outside any group is no argument list
    expect(stackFormula('y = \\max(a, b)', 7)).toBe(stackFormula('y = \\max(a, b)', 4))
    expect(stackFormula('y = a, b', 7)).toBe(stackFormula('y = a, b', 4))
  })

  it('at level 8 breaks each line again at a product, the dot shown as × at the start of the line', () => {
    expect(stackFormula('y = \\left(a \\cdot b + c \\cdot d\\right)', 7)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left(a \\cdot b \\right. \\\\ &\\qquad \\left. {}+ c \\cdot d\\right)\\end{aligned}',
    )
    expect(stackFormula('y = \\left(a \\cdot b + c \\cdot d\\right)', 8)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left(a \\right. \\\\ &\\qquad \\left. {}\\times b \\right. \\\\ &\\qquad \\left. {}+ c \\right. \\\\ &\\qquad \\left. {}\\times d\\right)\\end{aligned}',
    )
    // never inside a number written with \times
    expect(stackFormula('y = \\frac{1.234567891\\times 10^{-6} + 2}{3}', 8)).toContain(
      '\\begin{aligned}&\\rule{0pt}{1.25em}1.234567891\\times 10^{-6} \\\\ &\\quad {}+ 2\\end{aligned}',
    )
  })

  it('breaks a line without relations from level 5', () => {
    expect(stackFormula('\\left(a + b\\right) \\qquad c = 1', 5)).toBe(
      '\\begin{gathered}\\begin{aligned}&\\left(a \\right. \\\\ &\\qquad \\left. {}+ b\\right)\\end{aligned} \\\\ \\begin{aligned}&c \\\\ &\\quad = 1\\end{aligned}\\end{gathered}',
    )
  })

  it('breaks before a sign after a closing \\big delimiter of any size, never after an opening one', () => {
    for (const [open, close] of [
      ['\\big(', '\\big)'],
      ['\\Big[', '\\Big]'],
      ['\\bigg\\{', '\\bigg\\}'],
      ['\\Bigg|', '\\Bigg|'],
      ['\\big\\langle ', '\\big\\rangle'],
      ['\\Big\\lvert ', '\\Big\\rvert'],
      ['\\bigl(', '\\bigr)'],
      ['\\Bigl\\|', '\\Bigr\\|'],
    ]) {
      const tex = `s = ${open}a${close} - b`
      // (before: \big) and the other sizes and closing delimiters read as opening ones, the − as unary)
      expect(stackFormula(tex, 4), tex).toBe(
        `\\begin{aligned}&s \\\\ &\\quad = ${open}a${close} \\\\ &\\qquad {}- b\\end{aligned}`,
      )
      expect(stackFormula(`s = ${open}-a${close}`, 7), tex).toBe(stackFormula(`s = ${open}-a${close}`, 4))
    }
    // inside a group, and a sum after one (before: broken inside the second group only)
    expect(stackFormula('y = \\Big(\\big(a\\big) + \\big(b\\big)\\Big)', 5)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\Big(\\big(a\\big) \\\\ &\\qquad {}+ \\big(b\\big)\\Big)\\end{aligned}',
    )
    expect(stackFormula('s = \\big(a + b\\big) - \\big(c + d\\big)', 5)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = \\big(a + b\\big) \\\\ &\\qquad {}- \\big(c + d\\big)\\end{aligned}',
    )
    // a long numerator after a closing \big) (level 6)
    expect(stackFormula('y = \\frac{\\big(0.1234567891\\big) + \\big(0.9876543210\\big)}{3}', 6)).toContain(
      '\\begin{aligned}&\\rule{0pt}{1.25em}\\big(0.1234567891\\big) \\\\ &\\quad {}+ \\big(0.9876543210\\big)\\end{aligned}',
    )
  })

  it('reads a \\big bar as closing when it is the second of its pair, and a sign after \\bigm| as unary', () => {
    expect(stackFormula('s = \\big| a \\big| - \\big| -b \\big|', 7)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = \\big| a \\big| \\\\ &\\qquad {}- \\big| -b \\big|\\end{aligned}',
    )
    // (before: broken after \bigm|, its − set as binary: {}-a)
    expect(stackFormula('s = \\big\\{ x \\bigm| -a + b \\big\\}', 7)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = \\big\\{ x \\bigm| -a \\\\ &\\qquad {}+ b \\big\\}\\end{aligned}',
    )
  })

  it('reads a sign just inside an opening bar as unary, deciding which bars open as a reader pairs them', () => {
    // before: every unsized bar read as an operand, the − after it binary and broken before (= b + | \\ {}-a|)
    const kept = (tex: string, expected: string) => {
      for (const level of [4, 7] as const)
        expect(stackFormula(tex, level), `${tex} at ${level}`).toBe(expected)
      for (const f of formulaForms(tex)) valid(f)
    }
    kept('s = b + |-a|', '\\begin{aligned}&s \\\\ &\\quad = b \\\\ &\\qquad {}+ |-a|\\end{aligned}')
    kept('s = |-a| + b', '\\begin{aligned}&s \\\\ &\\quad = |-a| \\\\ &\\qquad {}+ b\\end{aligned}')
    for (const [open, close] of [
      ['\\lvert ', '\\rvert'],
      ['\\lVert ', '\\rVert'],
      ['\\vert ', '\\vert'],
      ['\\|', '\\|'],
      ['\\left| ', '\\right|'],
    ])
      kept(
        `s = ${open}-a${close} + b`,
        `\\begin{aligned}&s \\\\ &\\quad = ${open}-a${close} \\\\ &\\qquad {}+ b\\end{aligned}`,
      )
    // no bar open: it opens, though it follows an operand (the subscript of \max)
    kept(
      'y = \\max_i |-x_i| + 1',
      '\\begin{aligned}&y \\\\ &\\quad = \\max_i |-x_i| \\\\ &\\qquad {}+ 1\\end{aligned}',
    )
    // one open: a bar after an operator opens another (|−b| inside), after an operand it closes
    expect(stackFormula('y = |a - |-b|| - c', 7)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = |a \\\\ &\\qquad {}- |-b|| \\\\ &\\qquad {}- c\\end{aligned}',
    )
    // after a closing bar the sign is binary, so broken before
    expect(stackFormula('y = \\max_i |x_i| - \\max_j |y_j|', 4)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\max_i |x_i| \\\\ &\\qquad {}- \\max_j |y_j|\\end{aligned}',
    )
    expect(stackFormula('s = ||a| - |b|| - c', 7)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = ||a| \\\\ &\\qquad {}- |b|| \\\\ &\\qquad {}- c\\end{aligned}',
    )
  })

  it('keeps sized and plain brace delimiters whole until level 5, as it does \\big( … \\big)', () => {
    // before: \{ was read as an escaped character only, so a relation, sign or ,\; inside one was a top-level
    // break (= \big\{ a \\ &= b \big\})
    for (const [open, close] of [
      ['\\big\\{', '\\big\\}'],
      ['\\Big\\{', '\\Big\\}'],
      ['\\bigg\\{', '\\bigg\\}'],
      ['\\Bigg\\{', '\\Bigg\\}'],
      ['\\bigl\\{', '\\bigr\\}'],
      ['\\Bigl\\lbrace ', '\\Bigr\\rbrace'],
      ['\\{', '\\}'],
    ]) {
      const set = `${open} a = b + c,\\; d ${close}`
      expect(stackFormula(`s = ${set} - e`, 2), open).toBe(`s = ${set} - e`)
      expect(stackFormula(`s = ${set} - e`, 3), open).toBe(`\\begin{aligned}s &= ${set} - e\\end{aligned}`)
      expect(stackFormula(`s = ${set} - e`, 4), open).toBe(
        `\\begin{aligned}&s \\\\ &\\quad = ${set} \\\\ &\\qquad {}- e\\end{aligned}`,
      )
      for (const f of formulaForms(`s = ${set} - e`)) valid(f)
    }
    // a sized one is broken inside from level 5, as \big( is; a plain one never
    expect(stackFormula('s = \\big\\{ a + b \\big\\}', 5)).toBe(
      '\\begin{aligned}&s \\\\ &\\quad = \\big\\{ a \\\\ &\\qquad {}+ b \\big\\}\\end{aligned}',
    )
    for (const tex of ['s = \\{ a + b \\}', 's = \\langle a + b \\rangle', 's = \\lvert a + b \\rvert'])
      expect(stackFormula(tex, 7), tex).toBe(stackFormula(tex, 4))
    // a \left or \right delimiter counts once with its command: \left. … \right) and \left( … \right. are one
    // group each (before: the first closed two, the second opened two, and nothing after was ever broken)
    expect(stackFormula('y = \\left. a \\right) - b', 4)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left. a \\right) \\\\ &\\qquad {}- b\\end{aligned}',
    )
    expect(stackFormula('y = \\left\\{ a \\right. - b', 4)).toBe(
      '\\begin{aligned}&y \\\\ &\\quad = \\left\\{ a \\right. \\\\ &\\qquad {}- b\\end{aligned}',
    )
    // the calibration page's percentile formula (en and zh-CN): its set stays whole on its line
    const calibration =
      '\\alpha = \\max\\big\\{\\, |x_i| \\text{ among the } k \\text{ smallest} \\,\\big\\}, \\qquad k = \\lfloor 0.99999\\, N \\rfloor'
    for (const f of formulaForms(calibration)) {
      valid(f)
      expect(f).toContain('\\big\\{\\, |x_i| \\text{ among the } k \\text{ smallest} \\,\\big\\}')
    }
  })

  it('gives the wide view formulas more forms, every one valid in KaTeX strict mode and with the same symbols', () => {
    for (const [name, tex] of Object.entries(WIDE)) {
      const forms = formulaForms(tex)
      // before: the last form was level 4's
      expect(forms[forms.length - 1], name).not.toBe(stackFormula(tex, 4))
      for (const f of forms) {
        valid(f)
        expect(symbols(f), `${name}: ${f}`).toBe(symbols(tex))
      }
    }
    for (const level of BREAK_LEVELS) for (const tex of Object.values(WIDE)) valid(stackFormula(tex, level))
    // sums after a closing \big delimiter: broken there (a line ends at the delimiter, the next starts {}+ or
    // {}−), every form valid and with the same symbols
    for (const [name, tex] of Object.entries(BIG_CLOSED)) {
      const forms = formulaForms(tex)
      expect(
        forms.some((f) => AFTER_CLOSING.test(f)),
        name,
      ).toBe(true)
      for (const f of forms) {
        valid(f)
        expect(symbols(f), `${name}: ${f}`).toBe(symbols(tex))
      }
      for (const level of BREAK_LEVELS) valid(stackFormula(tex, level))
    }
  })

  it("reads a formula's width roughly as printed", () => {
    expect(visibleLength('a + b')).toBe(3)
    expect(visibleLength('\\frac{123}{45}')).toBe(3)
    expect(visibleLength('x_{ab}')).toBeCloseTo(2.4)
    expect(visibleLength('\\operatorname{round}\\!\\left(1\\right)')).toBe(8)
    expect(visibleLength('\\begin{aligned}a \\\\ b\\end{aligned}')).toBe(2)
    expect(visibleLength('a \\quad b \\qquad c')).toBe(6)
    // a strut prints nothing (it counted ~10 and pulled the split of a fraction's line off its middle)
    expect(visibleLength('a\\rule{0pt}{1.25em}b')).toBe(2)
    expect(visibleLength('a\\rule[-0.75em]{0pt}{0.75em}b')).toBe(2)
  })
})

/**
 * Breaking a display formula for a narrow column, as pure string work on its TeX: the forms FitTex tries one
 * after another until one fits. Up to level 4 only top-level breaks (outside braces, brackets, \left … \right
 * and environments); the last levels also break a sum or an argument list inside a \left … \right or
 * \big-sized group (closed with \right. at the end of the line and reopened with \left. on the next, its
 * delimiters kept at their size), set a long numerator or denominator on two lines and, last, break products.
 * Every form is valid TeX and reads as the same formula: the same symbols in the same order.
 */

/** Relations a long formula may be broken before (TeX commands, then single characters). */
const RELATION_COMMANDS = ['\\approx', '\\leq', '\\geq', '\\neq', '\\le', '\\ge', '\\ne']
const RELATION_CHARS = '=<>'

/**
 * Splits TeX at the top level only: outside braces, \left … \right pairs and \begin … \end environments (a
 * line break there is not valid TeX) and outside brackets, plain or sized (a reader would lose the pair:
 * \big( … \big), \bigl\{ … \bigr\}, \{ … \}, \langle … \rangle). `at(i)` says how long a separator starts at
 * token i (0: none). Returns the pieces between separators and the separators themselves.
 */
function splitTopLevel(tex: string, at: (i: number) => number): { parts: string[]; seps: string[] } {
  const parts: string[] = []
  const seps: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < tex.length;) {
    const len = depth === 0 ? at(i) : 0
    if (len > 0) {
      parts.push(tex.slice(start, i))
      seps.push(tex.slice(i, i + len))
      start = i = i + len
      continue
    }
    const tok = tokenAt(tex, i)
    i += tok.length
    if (tok === '\\left' || tok === '\\right') {
      // its delimiter is part of the pair, counted once: \left( … \right. and \left. … \right) balance
      while (tex[i] === ' ') i++
      i += (tokenAt(tex, i) ?? '').length
      depth += tok === '\\left' ? 1 : -1
    } else if (tok === '{' || tok === '\\begin' || OPENING.test(tok)) depth++
    else if (tok === '}' || tok === '\\end' || CLOSING.test(tok)) depth--
  }
  parts.push(tex.slice(start))
  return { parts, seps }
}

/** `cmd` (e.g. `\qquad`) starts at i and is not the start of a longer command name. */
function commandAt(tex: string, i: number, cmd: string): boolean {
  return tex.startsWith(cmd, i) && !/[a-zA-Z]/.test(tex[i + cmd.length] ?? '')
}

/**
 * Opening and closing delimiters (unsized, or after \big … \Bigg with no side): a sign after an opening one is
 * unary, after a closing one binary. Bars are neither: the same one opens and closes (see binaryAfter).
 */
const DELIMS = 'brace|brack|paren|angle|ceil|floor|vert|Vert|group|moustache'
const OPENING = new RegExp(String.raw`^(?:[([]|\\(?:\{|l(?:${DELIMS})))$`)
const CLOSING = new RegExp(String.raw`^(?:[)\]]|\\(?:\}|r(?:${DELIMS})))$`)
/** Closing delimiters a \big … \Bigg may size, as KaTeX writes them (also > and \gt, an angle bracket there). */
const BIG_CLOSING = /^(?:>|\\gt)$/
/** Bars, by kind: | and \vert are one, \| and \Vert the other. */
const BARS = new Map([
  ['|', '|'],
  ['\\vert', '|'],
  ['\\|', '‖'],
  ['\\Vert', '‖'],
])
/**
 * What a sign is unary after (TeX sets a binary sign after a relation, an operator, punctuation, an opening
 * delimiter or a big operator as unary): relations, signs, commas, alignment marks, \cdot and the other
 * operators, \max and the other operators that take their argument without brackets.
 */
const UNARY_AFTER = [
  ...['cdot', 'times', 'div', 'pm', 'mp', 'ast', 'circ'],
  ...[
    'approx',
    'equiv',
    'sim',
    'simeq',
    'propto',
    'leq?',
    'geq?',
    'neq?',
    'lt',
    'gt',
    'll',
    'gg',
    'in',
    'notin',
  ],
  ...['mid', 'colon', 'to', 'mapsto', '[lL]ongrightarrow', '[rR]ightarrow', 'implies', 'iff'],
  ...['sum', 'prod', 'int', 'max', 'min', 'sup', 'inf', 'lim', 'log', 'ln', 'exp', 'arg', 'det'],
  // (a line break: a new row)
  '\\\\',
]
const BEFORE_UNARY = new RegExp(String.raw`^(?:[=<>&,;:+\-*]|\\(?:${UNARY_AFTER.join('|')}))$`)
/** Commands that change neither: spacing and style. */
const TRANSPARENT = /^(?:\s+|\\(?:[,;:! ]|q?quad|displaystyle|textstyle|limits|nolimits))$/

/**
 * Whether a + or − after `tex` is binary (a line may be broken before it): when `tex` ends with an operand,
 * read left to right as TeX reads atoms. Not at the start, nor after a relation, another sign, \cdot or
 * \times, an opening delimiter (\left…, \bigl…, \big( and the other sizes, \lvert, \langle), \bigm| or \max;
 * after a closing one (\right…, \bigr…, \big) and the other sizes, \rvert) or an operand it is binary. Sub-
 * and superscripts change nothing (x_i − y, \max_i −y), nor do spaces (\, \quad).
 *
 * A bar (| or \vert, \| or \Vert, unsized or of one \big size) both opens and closes, so it is read the way a
 * reader pairs |a| − |−b|: it opens when no bar of its kind and size is open, or when it follows something a
 * sign would be unary after (an operator, an opening delimiter or bar, a relation: the inner bar of ||a| − |b||
 * or |a − |b||); otherwise, after an operand, it closes the innermost open one. Counting alone pairs the bars
 * of \max_i |x_i| (the first follows the operand i yet opens); the place alone nests |x| |y|. (A bar around a
 * lone operator, |\cdot|, reads as opening: a sign after it is taken as unary and never broken before.)
 */
function binaryAfter(tex: string): boolean {
  let operand = false
  const open = new Map<string, number>()
  const bar = (kind: string) => {
    const n = open.get(kind) ?? 0
    const closes = n > 0 && operand
    open.set(kind, closes ? n - 1 : n + 1)
    operand = closes
  }
  for (let i = 0; i < tex.length;) {
    const tok = /^\s/.test(tex[i]) ? /\s+/y.exec(tex.slice(i))![0] : tokenAt(tex, i)
    i += tok.length
    const sized = /^\\(left|right|[bB]igg?)([lrm]?)$/.exec(tok)
    if (sized) {
      while (tex[i] === ' ') i++
      const delim = tokenAt(tex, i) ?? ''
      i += delim.length
      const [, cmd, side] = sized
      if (cmd === 'left' || cmd === 'right' || side !== '') operand = cmd === 'right' || side === 'r'
      else if (BARS.has(delim)) bar(cmd + BARS.get(delim)!)
      else operand = CLOSING.test(delim) || BIG_CLOSING.test(delim)
    } else if (tok === '_' || tok === '^') i = argAt(tex, i).end
    else if (TRANSPARENT.test(tok)) continue
    else if (
      /^\\(?:text[a-z]*|operatorname|math(?:op|bin|rel|open|close|punct|ord|inner)|begin|end)$/.test(tok)
    ) {
      // (an argument not read as math, or read as one atom of the command's kind)
      i = argAt(tex, i).end
      operand = /^\\(?:text|math(?:close|ord|inner)$|end$)/.test(tok)
    } else if (BARS.has(tok)) bar(BARS.get(tok)!)
    else operand = !(tok === '{' || OPENING.test(tok) || BEFORE_UNARY.test(tok))
  }
  return operand
}

/**
 * A side of a relation split in two before the top-level + or − nearest its middle (a binary one: something
 * stands before it), or null when it has none.
 */
function halves(side: string): [string, string] | null {
  const { parts } = splitTopLevel(side, (i) =>
    (side[i] === '+' || side[i] === '-') && binaryAfter(side.slice(0, i)) ? 1 : 0,
  )
  if (parts.length < 2) return null
  let best = 0
  let bestOff = Infinity
  for (let k = 1, at = parts[0].length; k < parts.length; at += parts[k].length + 1, k++) {
    const off = Math.abs(at - side.length / 2)
    if (off < bestOff) [best, bestOff] = [at, off]
  }
  return [side.slice(0, best).trim(), side.slice(best).trim()]
}

/**
 * A piece of a side that starts with the binary sign it was broken before, with `{}` before the sign: alone at
 * the start of a line TeX sets it as unary, close to what follows (−c where the sum reads a − c).
 */
function carried(piece: string): string {
  return /^(?:[+-]|\\times(?![a-zA-Z]))/.test(piece) ? `{}${piece}` : piece
}

/** The token at i: a command (`\frac`, `\{`, `\\`) or one character. */
function tokenAt(tex: string, i: number): string {
  if (tex[i] !== '\\') return tex[i]
  return /\\(?:[a-zA-Z]+|[^a-zA-Z])?/y.exec(tex.slice(i))![0]
}

/** The argument of a command starting at i (blanks skipped): a brace group's contents, or one token. */
function argAt(tex: string, i: number): { body: string; end: number } {
  while (tex[i] === ' ') i++
  if (i >= tex.length) return { body: '', end: i }
  if (tex[i] !== '{') {
    const tok = tokenAt(tex, i)
    return { body: tok, end: i + tok.length }
  }
  for (let j = i + 1, depth = 1; j < tex.length;) {
    const tok = tokenAt(tex, j)
    if (tok === '{') depth++
    else if (tok === '}' && --depth === 0) return { body: tex.slice(i + 1, j), end: j + 1 }
    j += tok.length
  }
  return { body: tex.slice(i + 1), end: tex.length }
}

/** Commands that print nothing of their own (a group after them counts as its contents), and spaces. */
const SILENT =
  /^(?:\\(?:left|right|[bB]igg?[lrm]?|operatorname|math[a-z]+|displaystyle|textstyle|[!,;: \\])|[\s{}&])$/
/** Commands whose argument is not printed at all. */
const UNPRINTED = /^\\(?:begin|end|vphantom)$/

/**
 * How wide TeX reads, roughly, in characters: a command that prints one symbol as one, a fraction as its wider
 * part, a sub- or superscript at 0.7, \quad as one and \qquad as two. It chooses breaks near a formula's middle
 * and the fraction parts long enough to break.
 */
export function visibleLength(tex: string): number {
  let n = 0
  for (let i = 0; i < tex.length;) {
    const tok = tokenAt(tex, i)
    i += tok.length
    if (/^\\[dt]?frac$/.test(tok)) {
      const num = argAt(tex, i)
      const den = argAt(tex, num.end)
      n += Math.max(visibleLength(num.body), visibleLength(den.body))
      i = den.end
    } else if (tok === '_' || tok === '^') {
      const arg = argAt(tex, i)
      n += 0.7 * visibleLength(arg.body)
      i = arg.end
    } else if (UNPRINTED.test(tok)) i = argAt(tex, i).end
    else if (tok === '\\rule') {
      // a strut (the split fractions' spacing): an optional raise and two sizes, nothing printed
      const raise = /^\[[^\]]*\]/.exec(tex.slice(i))
      if (raise) i += raise[0].length
      i = argAt(tex, argAt(tex, i).end).end
    } else if (tok === '\\quad') n += 1
    else if (tok === '\\qquad') n += 2
    else if (!SILENT.test(tok)) n += 1
  }
  return n
}

/**
 * Of `cuts` (offsets in tex between `from` and `to`), the one nearest the middle of tex[from, to) as it reads,
 * or -1 when there is none.
 */
function middleCut(tex: string, cuts: number[], from = 0, to = tex.length): number {
  const half = visibleLength(tex.slice(from, to)) / 2
  let best = -1
  let bestOff = Infinity
  for (const at of cuts) {
    const off = Math.abs(visibleLength(tex.slice(from, at)) - half)
    if (off < bestOff) [best, bestOff] = [at, off]
  }
  return best
}

/**
 * A group a line may be broken inside: `\left( … \right)` (`left`: the line closes it with \right. and the
 * next reopens it with \left., each beside a strut of its whole contents so the delimiters keep the height
 * they had unbroken) or `\big( … \big)` (a fixed size: nothing to close).
 */
type Stretchy = { left: boolean; body: string; start: number }
/**
 * Contents that may stretch a \left delimiter past its normal size (a \left group inside is as tall as its own
 * contents).
 */
const TALL = /\\(?:[dt]?frac|sum|prod|int|begin|[bB]igg?|sqrt|over|binom)(?![a-zA-Z])|[\^_]/
/**
 * An invisible box as tall as `body` and of no width, for a \left or \right. to size itself on: \phantom lapped
 * to the left (a \vphantom's box reaches to the right of where it stands, past the line's end, and makes its
 * column scroll; to the left it is clipped), as an opening atom so that a sign after it stays what it was (the
 * unary − of `\left. -5`). Empty when the contents are no taller than a line.
 */
function strut(body: string): string {
  return TALL.test(body) ? `\\mathopen{\\mathllap{\\phantom{${body}}}}` : ''
}

/**
 * A place a side may be broken: before a binary + or − (`sign`), after a comma between the arguments of a
 * \left or \big group (`comma`: round(a, b, c)), or before a \cdot (`dot`), with the groups open there,
 * outermost first.
 */
type Cut = { at: number; kind: 'sign' | 'comma' | 'dot'; open: Stretchy[] }

/**
 * The places a side may be broken, at its top level or inside \left … \right and \big groups (never inside
 * braces, plain brackets or environments).
 */
function deepCuts(side: string): Cut[] {
  const cuts: Cut[] = []
  // null: a group never broken inside (braces, brackets, environments)
  const stack: (Stretchy | null)[] = []
  for (let i = 0; i < side.length;) {
    const at = i
    const tok = tokenAt(side, i)
    i += tok.length
    const big = /^\\[bB]igg?([lr]?)$/.exec(tok)
    // the groups open here, when none of them is one never broken inside
    const open = stack.filter((g) => g !== null)
    if (tok === '\\left' || tok === '\\right' || big) {
      while (side[i] === ' ') i++
      const delim = tokenAt(side, i) ?? ''
      i += delim.length
      if (tok === '\\left') stack.push({ left: true, body: '', start: i })
      else if (tok === '\\right') {
        const group = stack.pop()
        if (group) group.body = side.slice(group.start, at).trim()
      } else if (big?.[1] === 'l' || (big?.[1] === '' && OPENING.test(delim)))
        stack.push({ left: false, body: '', start: i })
      else if (big?.[1] === 'r' || CLOSING.test(delim)) stack.pop()
    } else if (tok === '\\begin' || tok === '\\end') {
      if (tok === '\\begin') stack.push(null)
      else stack.pop()
      i = argAt(side, i).end
    } else if (tok === '{' || OPENING.test(tok)) stack.push(null)
    else if (tok === '}' || CLOSING.test(tok)) stack.pop()
    else if (open.length < stack.length) continue
    else if ((tok === '+' || tok === '-') && binaryAfter(side.slice(0, at)))
      cuts.push({ at, kind: 'sign', open })
    else if (tok === '\\cdot') cuts.push({ at, kind: 'dot', open })
    else if (tok === ',' && stack.length > 0) {
      // (after the comma and the space that follows it: the next argument starts the line)
      while (side[i] === ' ') i++
      cuts.push({ at: i, kind: 'comma', open })
    }
  }
  return cuts
}

/**
 * A side broken at up to `pieces` − 1 of its sums and argument lists: the + or − or comma nearest the middle,
 * then (4) the one nearest the middle of each half; with `products` each piece is then broken again at the
 * \cdot nearest its middle. A line that ends inside a \left group closes it with \right., the next reopens it
 * with \left.; a strut of the group's contents keeps both delimiters at their unbroken height. A line that
 * starts with the sign it was broken before keeps it binary, a \cdot as × (TeX's discretionary \*).
 */
function splitDeep(side: string, pieces: 2 | 4, products = false): string[] {
  const cuts = deepCuts(side)
  const chosen: Cut[] = []
  const halve = (from: number, to: number, times: number, kinds: Cut['kind'][]) => {
    const inside = cuts.filter((c) => c.at > from && c.at < to && kinds.includes(c.kind))
    const best = middleCut(
      side,
      inside.map((c) => c.at),
      from,
      to,
    )
    if (best < 0) return
    chosen.push(inside.find((c) => c.at === best)!)
    if (times > 1) {
      halve(from, best, times - 1, kinds)
      halve(best, to, times - 1, kinds)
    }
  }
  halve(0, side.length, pieces === 2 ? 1 : 2, ['sign', 'comma'])
  if (products) {
    const ends = [0, ...chosen.map((c) => c.at).sort((a, b) => a - b), side.length]
    for (let k = 1; k < ends.length; k++) halve(ends[k - 1], ends[k], 1, ['dot'])
  }
  if (chosen.length === 0) return [side]
  chosen.sort((a, b) => a.at - b.at)
  const lines: string[] = []
  let prev: Cut = { at: 0, kind: 'comma', open: [] }
  for (const cut of [...chosen, { at: side.length, kind: 'comma', open: [] } satisfies Cut]) {
    const reopen = prev.open
      .filter((g) => g.left)
      .map((g) => `\\left.${strut(g.body)}`)
      .join('')
    const close = [...cut.open]
      .reverse()
      .filter((g) => g.left)
      .map((g) => `${prev.open.includes(g) ? '' : strut(g.body)}\\right.`)
      .join('')
    let piece = side.slice(prev.at, cut.at).trim()
    if (prev.kind === 'dot') piece = carried(piece.replace(/^\\cdot/, '\\times'))
    else if (prev.kind === 'sign') piece = carried(piece)
    lines.push([reopen, piece, close].filter(Boolean).join(' '))
    prev = cut
  }
  return lines
}

/**
 * A numerator or denominator that reads shorter than this is never what makes a line too wide (16 characters:
 * about half a phone's column) and stays on one line.
 */
const LONG_PART = 16

/**
 * A long numerator or denominator on two lines, as mathtools' \splitfrac sets it: broken before the top-level
 * binary + or − nearest its middle, else at the \cdot nearest it, the second line indented. Null when
 * it has no such place.
 */
function twoLines(part: string, where: 'num' | 'den'): string | null {
  const at = (test: (i: number) => boolean) => {
    const cuts: number[] = []
    splitTopLevel(part, (i) => {
      if (test(i)) cuts.push(i)
      return 0
    })
    return middleCut(part, cuts)
  }
  let cut = at((i) => (part[i] === '+' || part[i] === '-') && binaryAfter(part.slice(0, i)))
  // (never at a \times: 1.5 \times 10^{-6} is one number)
  if (cut < 0) cut = at((i) => commandAt(part, i, '\\cdot'))
  if (cut <= 0) return null
  // a product broken at its dot shows the sign as × at the start of the line (TeX's discretionary \*)
  const second = carried(
    part
      .slice(cut)
      .trim()
      .replace(/^\\cdot(?![a-zA-Z])/, '\\times'),
  )
  // a strut on its outer line keeps it from the line above (numerator) or below (denominator): KaTeX stacks
  // an aligned's rows with no more than \jot between the ink of the one and the other, and \\[…] adds nothing
  // below a row as deep as a fraction
  const [top, bottom] = where === 'num' ? ['\\rule{0pt}{1.25em}', ''] : ['', '\\rule[-0.75em]{0pt}{0.75em}']
  return `\\begin{aligned}&${top}${part.slice(0, cut).trim()} \\\\ &\\quad ${second}${bottom}\\end{aligned}`
}

/** Every fraction whose wider part reads long (LONG_PART), that part set on two lines (twoLines). */
function splitFractions(tex: string): string {
  let out = ''
  for (let i = 0; i < tex.length;) {
    const tok = tokenAt(tex, i)
    i += tok.length
    if (/^\\[dt]?frac$/.test(tok)) {
      const num = argAt(tex, i)
      const den = argAt(tex, num.end)
      i = den.end
      let [n, d] = [splitFractions(num.body), splitFractions(den.body)]
      const [ln, ld] = [visibleLength(num.body), visibleLength(den.body)]
      if (Math.max(ln, ld) >= LONG_PART) {
        if (ln >= ld) n = twoLines(n, 'num') ?? n
        else d = twoLines(d, 'den') ?? d
      }
      out += `${tok}{${n}}{${d}}`
    } else if (/^\\(?:text[a-z]*|begin|end)$/.test(tok)) {
      // (text, and an environment's name, as written)
      const arg = argAt(tex, i)
      out += tok + tex.slice(i, arg.end)
      i = arg.end
    } else out += tok
  }
  return out
}

/**
 * One line broken before each top-level relation, the relations aligned (`a &= b \\ &= c`). With `split` the
 * left side stands on a line of its own, each relation starts an indented line, and each side is broken into
 * the lines `split` gives, the later ones indented further (a line without relations too when `whole`).
 */
function breakLine(line: string, split?: (side: string) => string[], whole = false): string {
  const { parts, seps } = splitTopLevel(line, (i) => {
    if (RELATION_CHARS.includes(line[i])) return 1
    const cmd = RELATION_COMMANDS.find((r) => commandAt(line, i, r))
    return cmd ? cmd.length : 0
  })
  if (parts[0].trim() === '') return line
  if (seps.length === 0) {
    const pieces = whole && split ? split(line.trim()) : []
    if (pieces.length < 2) return line
    return `\\begin{aligned}&${pieces.join(' \\\\ &\\qquad ')}\\end{aligned}`
  }
  const sides = parts.map((p) => p.trim())
  const rows: string[] = []
  if (!split) {
    rows.push(`${sides[0]} &${seps[0]} ${sides[1]}`)
    for (let k = 1; k < seps.length; k++) rows.push(`&${seps[k]} ${sides[k + 1]}`)
  } else {
    rows.push(`&${sides[0]}`)
    for (let k = 0; k < seps.length; k++) {
      const [first, ...rest] = split(sides[k + 1])
      rows.push(`&\\quad ${seps[k]} ${first}`, ...rest.map((r) => `&\\qquad ${r}`))
    }
  }
  return `\\begin{aligned}${rows.join(' \\\\ ')}\\end{aligned}`
}

/** Spacing around an arrow: `\;`, `\,`, `\quad`, `\qquad`, blanks. */
const SPACE = String.raw`(?:\\[;,]|\\q?quad(?![a-zA-Z])|\s)*`
/** Separators between the items of a formula, strongest first: an arrow (kept at the start of its line), `\qquad`; `\quad`; a comma followed by `\;` or `\,`. */
const ITEM_SEPARATORS = [
  [
    new RegExp(String.raw`${SPACE}\\(?:Longrightarrow|Rightarrow|implies)(?![a-zA-Z])${SPACE}`, 'y'),
    /\\qquad(?![a-zA-Z])/y,
  ],
  [/\\quad(?![a-zA-Z])/y],
  [/,\s*\\[;,]/y],
]
const ARROW = /\\(?:Longrightarrow|Rightarrow|implies)/

/**
 * The items of a formula, one per line: split at its separators up to `strength` (1: arrows and `\qquad`; 2:
 * also `\quad`; 3: also `,\;`), each item without the comma that ended it, an arrow at the start of the item
 * it leads to.
 */
function formulaItems(tex: string, strength: 1 | 2 | 3): string[] {
  const seps = ITEM_SEPARATORS.slice(0, strength).flat()
  const { parts, seps: found } = splitTopLevel(tex, (i) => {
    if (i > 0 && tex[i - 1] === '\\') return 0
    for (const re of seps) {
      re.lastIndex = i
      const m = re.exec(tex)
      if (m && m[0].length > 0) return m[0].length
    }
    return 0
  })
  return parts
    .map((p, k) => {
      const arrow = k > 0 ? ARROW.exec(found[k - 1])?.[0] : undefined
      // (the comma that ended the item, not the end of a `\,`)
      const item = p
        .trim()
        .replace(/(?<!\\),$/, '')
        .trim()
      return arrow ? `${arrow} ${item}` : item
    })
    .filter(Boolean)
}

/** The break levels, from none to the most broken (see stackFormula). */
export const BREAK_LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const
export type BreakLevel = (typeof BREAK_LEVELS)[number]

/**
 * A formula laid out for a narrow column, at one of nine `level`s: its items stacked one per line (centred,
 * KaTeX `gathered`) at separators of growing strength (0–2: see formulaItems), then each line also broken
 * before its top-level relations (3, aligned on them: a chain such as w = α/127 = 3/127 = 0.0236), then with
 * the left side alone and a long side split in two at a top-level + or − (4). The last levels break where the
 * earlier ones cannot: a side split in two at the + or − or argument comma nearest its middle inside a
 * \left … \right or \big group too (5: round(a + b·(c + d)), clamp(x, lo, hi)), as 5 with a long numerator or
 * denominator on two lines (6), as 6 with each side in up to four lines (7), as 7 with each line broken again
 * at a product (8). Returns the formula unchanged when there is nothing to break.
 */
export function stackFormula(tex: string, level: BreakLevel = 0): string {
  let lines = formulaItems(tex, level >= 2 ? 3 : ((level + 1) as 1 | 2))
  if (level >= 6) lines = lines.map(splitFractions)
  if (level === 3) lines = lines.map((l) => breakLine(l))
  else if (level === 4)
    lines = lines.map((l) =>
      breakLine(l, (side) => {
        const split = halves(side)
        return split ? [split[0], carried(split[1])] : [side]
      }),
    )
  else if (level >= 5) {
    const pieces = level >= 7 ? 4 : 2
    lines = lines.map((l) => breakLine(l, (side) => splitDeep(side, pieces, level === 8), true))
  }
  if (lines.length === 0) return tex
  if (lines.length === 1) return lines[0] !== tex.trim() && level >= 3 ? lines[0] : tex
  return `\\begin{gathered}${lines.join(' \\\\ ')}\\end{gathered}`
}

/** A form of a formula: its TeX and the break level that first gives it (−1: the formula as written). */
export interface FormulaForm {
  level: -1 | BreakLevel
  tex: string
}

/**
 * The forms of a formula from unbroken to most broken, each different from the one before, with the level
 * that first gives it: the form of any level is the last one whose level is not above it (stackFormula).
 */
export function formulaLevels(tex: string): FormulaForm[] {
  const forms: FormulaForm[] = [{ level: -1, tex }]
  for (const level of BREAK_LEVELS) {
    const f = stackFormula(tex, level)
    if (f !== forms[forms.length - 1].tex) forms.push({ level, tex: f })
  }
  return forms
}

/** The forms of a formula from unbroken to most broken, each different from the one before. */
export function formulaForms(tex: string): string[] {
  return formulaLevels(tex).map((f) => f.tex)
}

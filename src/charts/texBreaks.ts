/**
 * Breaking a display formula for a narrow column, as pure string work on its TeX: the forms FitTex tries one
 * after another until one fits. Only top-level breaks (outside braces, brackets, \left … \right and
 * environments), so every form is valid TeX and reads as the same formula.
 */

/** Relations a long formula may be broken before (TeX commands, then single characters). */
const RELATION_COMMANDS = ['\\approx', '\\leq', '\\geq', '\\neq', '\\le', '\\ge', '\\ne']
const RELATION_CHARS = '=<>'

/**
 * Splits TeX at the top level only: outside braces, \left … \right pairs and \begin … \end environments (a
 * line break there is not valid TeX) and outside brackets (a reader would lose the pair). `at(i)` says how long
 * a separator starts at i (0: none). Returns the pieces between separators and the separators themselves.
 */
function splitTopLevel(tex: string, at: (i: number) => number): { parts: string[]; seps: string[] } {
  const parts: string[] = []
  const seps: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i]
    const len = depth === 0 ? at(i) : 0
    if (len > 0) {
      parts.push(tex.slice(start, i))
      seps.push(tex.slice(i, i + len))
      start = i + len
      i += len - 1
      continue
    }
    if (c === '\\') {
      if (commandAt(tex, i, '\\left') || commandAt(tex, i, '\\begin')) depth++
      else if (commandAt(tex, i, '\\right') || commandAt(tex, i, '\\end')) depth--
      i++
      continue
    }
    if (c === '{' || c === '(' || c === '[') depth++
    else if (c === '}' || c === ')' || c === ']') depth--
  }
  parts.push(tex.slice(start))
  return { parts, seps }
}

/** `cmd` (e.g. `\qquad`) starts at i and is not the start of a longer command name. */
function commandAt(tex: string, i: number, cmd: string): boolean {
  return tex.startsWith(cmd, i) && !/[a-zA-Z]/.test(tex[i + cmd.length] ?? '')
}

/**
 * A side of a relation split in two before the top-level + or − nearest its middle (a binary one: something
 * stands before it), or null when it has none.
 */
function halves(side: string): [string, string] | null {
  const { parts } = splitTopLevel(side, (i) => {
    if (side[i] !== '+' && side[i] !== '-') return 0
    const before = side.slice(0, i).trimEnd()
    // binary only after an operand: not at the start, nor after a bracket, a relation, another sign or \cdot
    return before !== '' && !/(?:[([{=&,+-]|\\cdot|\\times)$/.test(before) ? 1 : 0
  })
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
  return /^[+-]/.test(piece) ? `{}${piece}` : piece
}

/**
 * One line broken before each top-level relation, the relations aligned (`a &= b \\ &= c`). At `level` 2 the
 * left side stands on a line of its own, each relation starts an indented line, and a side that holds a sum is
 * split in two, its second half indented further.
 */
function breakLine(line: string, level: 1 | 2): string {
  const { parts, seps } = splitTopLevel(line, (i) => {
    if (RELATION_CHARS.includes(line[i])) return 1
    const cmd = RELATION_COMMANDS.find((r) => commandAt(line, i, r))
    return cmd ? cmd.length : 0
  })
  if (seps.length === 0 || parts[0].trim() === '') return line
  const sides = parts.map((p) => p.trim())
  const rows: string[] = []
  if (level === 1) {
    rows.push(`${sides[0]} &${seps[0]} ${sides[1]}`)
    for (let k = 1; k < seps.length; k++) rows.push(`&${seps[k]} ${sides[k + 1]}`)
  } else {
    rows.push(`&${sides[0]}`)
    for (let k = 0; k < seps.length; k++) {
      const split = halves(sides[k + 1])
      if (split) rows.push(`&\\quad ${seps[k]} ${split[0]}`, `&\\qquad ${carried(split[1])}`)
      else rows.push(`&\\quad ${seps[k]} ${sides[k + 1]}`)
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

/**
 * A formula laid out for a narrow column, at one of five `level`s: its items stacked one per line (centred,
 * KaTeX `gathered`) at separators of growing strength (0–2: see formulaItems), then each line also broken
 * before its top-level relations (3, aligned on them: a chain such as w = α/127 = 3/127 = 0.0236), then with
 * long sides split in two (4). Returns the formula unchanged when there is nothing to break.
 */
export function stackFormula(tex: string, level: 0 | 1 | 2 | 3 | 4 = 0): string {
  let lines = formulaItems(tex, level >= 2 ? 3 : ((level + 1) as 1 | 2))
  if (level >= 3) lines = lines.map((l) => breakLine(l, level === 3 ? 1 : 2))
  if (lines.length === 0) return tex
  if (lines.length === 1) return lines[0] !== tex.trim() && level >= 3 ? lines[0] : tex
  return `\\begin{gathered}${lines.join(' \\\\ ')}\\end{gathered}`
}

/** The forms of a formula from unbroken to most broken, each different from the one before. */
export function formulaForms(tex: string): string[] {
  const forms = [tex]
  for (const level of [0, 1, 2, 3, 4] as const) {
    const f = stackFormula(tex, level)
    if (f !== forms[forms.length - 1]) forms.push(f)
  }
  return forms
}

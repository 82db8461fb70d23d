/**
 * The tutorial's Markdown dialect, parsed into a small block tree that React renders (no HTML strings, so
 * nothing in a chapter file can inject markup). Pure: no DOM, usable from unit tests.
 *
 * Blocks
 *   # Title                      the chapter title (first line)
 *   ## Heading {#id}             a section; the id is the same in every language (deep links: `sec=id`)
 *   ### Heading                  a sub-heading inside a section
 *   $$ … $$                      display math (one or more lines), KaTeX
 *   - item                       bullet list
 *   1. item                      numbered list, after a blank line (it counts on from its first number)
 *   ::: widget name key=value    a live widget (one line)
 *   ::: try … :::                a "try this" box (paragraphs / lists inside)
 *   ::: note … :::               an aside
 *   ::: quiz … :::               a check-your-understanding question:
 *                                  ? the question
 *                                  - [x] a right answer :: feedback
 *                                  - [ ] a wrong answer :: feedback
 * The syntax survives prettier (which may add blank lines and indent a closing ::: after a list).
 *   anything else                paragraphs (blank line separated)
 * Inline
 *   $tex$  **bold**  `code`  [text](chapter:range) or [text](chapter:range/section-id)
 *   @{name} or @{name:digits}    a live number computed by the quant core (also inside math)
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'math'; tex: string }
  | { t: 'live'; name: string; digits: number | null }
  | { t: 'link'; chapter: string; sec: string | null; c: Inline[] }

export interface QuizOption {
  correct: boolean
  text: Inline[]
  feedback: Inline[]
}

export type Block =
  | { t: 'heading'; level: 2 | 3; id: string; c: Inline[] }
  | { t: 'para'; c: Inline[] }
  | { t: 'list'; items: Inline[][]; ordered: boolean; start: number }
  | { t: 'math'; tex: string }
  | { t: 'widget'; name: string; props: Record<string, string> }
  | { t: 'box'; kind: 'try' | 'note'; blocks: Block[] }
  | { t: 'quiz'; question: Inline[]; options: QuizOption[] }

export interface Section {
  id: string
  title: string
}

export interface ParsedChapter {
  title: string
  blocks: Block[]
  sections: Section[]
}

export class ChapterSyntaxError extends Error {}

const LIVE_SRC = '@\\{([a-zA-Z0-9_.]+)(?::(\\d+))?\\}'
const liveRe = (flags: string) => new RegExp(LIVE_SRC, flags)

/** Names of the live numbers a text uses (in prose and in math). */
export function liveNames(text: string): string[] {
  return [...text.matchAll(liveRe('g'))].map((m) => m[1])
}

/** Replace @{name} / @{name:digits} in a TeX string with formatted numbers. */
export function substituteLive(tex: string, fmt: (name: string, digits: number | null) => string): string {
  return tex.replace(liveRe('g'), (_m, name: string, d: string | undefined) =>
    fmt(name, d === undefined ? null : Number(d)),
  )
}

/** Parse inline markup. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = []
  let buf = ''
  const flush = () => {
    if (buf) out.push({ t: 'text', v: buf })
    buf = ''
  }
  let i = 0
  while (i < src.length) {
    const ch = src[i]
    if (ch === '\\' && (src[i + 1] === '$' || src[i + 1] === '*' || src[i + 1] === '@')) {
      buf += src[i + 1]
      i += 2
      continue
    }
    if (ch === '$') {
      const end = src.indexOf('$', i + 1)
      if (end < 0) throw new ChapterSyntaxError(`unclosed $ in: ${src}`)
      flush()
      out.push({ t: 'math', tex: src.slice(i + 1, end) })
      i = end + 1
      continue
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1)
      if (end < 0) throw new ChapterSyntaxError(`unclosed \` in: ${src}`)
      flush()
      out.push({ t: 'code', v: src.slice(i + 1, end) })
      i = end + 1
      continue
    }
    if (ch === '*' && src[i + 1] === '*') {
      const end = src.indexOf('**', i + 2)
      if (end < 0) throw new ChapterSyntaxError(`unclosed ** in: ${src}`)
      flush()
      out.push({ t: 'strong', c: parseInline(src.slice(i + 2, end)) })
      i = end + 2
      continue
    }
    if (ch === '@' && src[i + 1] === '{') {
      const re = liveRe('y')
      re.lastIndex = i
      const m = re.exec(src)
      if (!m) throw new ChapterSyntaxError(`bad live number at: ${src.slice(i)}`)
      flush()
      out.push({ t: 'live', name: m[1], digits: m[2] === undefined ? null : Number(m[2]) })
      i += m[0].length
      continue
    }
    if (ch === '[') {
      const m = /^\[([^\]]+)\]\(chapter:([a-z]+)(?:\/([a-z0-9-]+))?\)/.exec(src.slice(i))
      if (m) {
        flush()
        out.push({ t: 'link', chapter: m[2], sec: m[3] ?? null, c: parseInline(m[1]) })
        i += m[0].length
        continue
      }
    }
    buf += ch
    i++
  }
  flush()
  return out
}

/** Plain text of inline content (for headings in the table of contents). */
export function inlineText(c: Inline[]): string {
  return c
    .map((n) =>
      n.t === 'text' || n.t === 'code'
        ? n.v
        : n.t === 'math'
          ? n.tex
          : n.t === 'live'
            ? ''
            : n.t === 'strong' || n.t === 'link'
              ? inlineText(n.c)
              : '',
    )
    .join('')
}

function parseProps(s: string): Record<string, string> {
  const props: Record<string, string> = {}
  for (const part of s.split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new ChapterSyntaxError(`widget option must be key=value: ${part}`)
    props[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return props
}

function parseQuiz(lines: string[]): Block {
  let question: Inline[] | null = null
  const options: QuizOption[] = []
  for (const raw of lines) {
    const line = raw.trim()
    if (!line) continue
    const opt = /^[-*] \[( |x)\] (.*)$/.exec(line)
    if (line.startsWith('? ')) question = parseInline(line.slice(2))
    else if (opt) {
      const [text, feedback = ''] = opt[2].split(' :: ')
      options.push({ correct: opt[1] === 'x', text: parseInline(text), feedback: parseInline(feedback) })
    } else if (options.length > 0) {
      throw new ChapterSyntaxError(`unexpected line in quiz: ${line}`)
    } else {
      question = [...(question ?? []), { t: 'text', v: ' ' }, ...parseInline(line)]
    }
  }
  if (!question) throw new ChapterSyntaxError('quiz without a question (? line)')
  if (options.length < 2 || !options.some((o) => o.correct))
    throw new ChapterSyntaxError('quiz needs at least two options and one right answer (+)')
  return { t: 'quiz', question, options }
}

function parseBlocks(lines: string[], sections: Section[] | null): Block[] {
  const blocks: Block[] = []
  let para: string[] = []
  const flushPara = () => {
    if (para.length) blocks.push({ t: 'para', c: parseInline(para.join(' ')) })
    para = []
  }
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    const trimmed = line.trim()
    if (trimmed === '') {
      flushPara()
      i++
      continue
    }
    const h = /^(##|###)\s+(.*?)(?:\s+\{#([a-z0-9-]+)\})?\s*$/.exec(trimmed)
    if (h) {
      flushPara()
      const level = h[1] === '##' ? 2 : 3
      if (level === 2 && !h[3]) throw new ChapterSyntaxError(`section heading needs an {#id}: ${trimmed}`)
      if (level === 2 && sections === null) throw new ChapterSyntaxError('sections cannot be nested in boxes')
      const c = parseInline(h[2])
      const id = h[3] ?? ''
      if (level === 2 && sections) {
        if (sections.some((s) => s.id === id)) throw new ChapterSyntaxError(`duplicate section id ${id}`)
        sections.push({ id, title: inlineText(c) })
      }
      blocks.push({ t: 'heading', level, id, c })
      i++
      continue
    }
    if (trimmed.startsWith('$$')) {
      flushPara()
      let body = trimmed.slice(2)
      let closed = body.endsWith('$$') && body.length >= 2
      if (closed) body = body.slice(0, -2)
      const parts = [body]
      i++
      while (!closed && i < lines.length) {
        const l = lines[i].trim()
        if (l.endsWith('$$')) {
          parts.push(l.slice(0, -2))
          closed = true
        } else parts.push(l)
        i++
      }
      if (!closed) throw new ChapterSyntaxError('unclosed $$')
      blocks.push({ t: 'math', tex: parts.join('\n').trim() })
      continue
    }
    const w = /^:::\s*widget\s+([a-z0-9-]+)(.*)$/.exec(trimmed)
    if (w) {
      flushPara()
      blocks.push({ t: 'widget', name: w[1], props: parseProps(w[2]) })
      i++
      continue
    }
    const box = /^:::\s*(try|note|quiz)\s*$/.exec(trimmed)
    if (box) {
      flushPara()
      const inner: string[] = []
      i++
      while (i < lines.length && lines[i].trim() !== ':::') inner.push(lines[i++])
      if (i >= lines.length) throw new ChapterSyntaxError(`unclosed ::: ${box[1]}`)
      i++
      if (box[1] === 'quiz') blocks.push(parseQuiz(inner))
      else blocks.push({ t: 'box', kind: box[1] as 'try' | 'note', blocks: parseBlocks(inner, null) })
      continue
    }
    if (trimmed.startsWith(':::')) throw new ChapterSyntaxError(`unknown directive: ${trimmed}`)
    // a numbered list only where a paragraph could start: "2023. The year…" inside a paragraph stays text
    if (/^- /.test(trimmed) || (para.length === 0 && /^\d+\. /.test(trimmed))) {
      flushPara()
      const ordered = !trimmed.startsWith('- ')
      const marker = ordered ? /^\d+\. / : /^- /
      const other = ordered ? /^- / : /^\d+\. /
      const start = ordered ? parseInt(trimmed, 10) : 1
      const items: string[] = []
      // (a line with the other list's marker ends this list and starts that one)
      while (i < lines.length && lines[i].trim() !== '' && !other.test(lines[i].trim())) {
        const l = lines[i].trim()
        const m = marker.exec(l)
        if (m) items.push(l.slice(m[0].length))
        else if (items.length) items[items.length - 1] += ' ' + l
        i++
      }
      blocks.push({ t: 'list', items: items.map(parseInline), ordered, start })
      continue
    }
    para.push(trimmed)
    i++
  }
  flushPara()
  return blocks
}

/** Parse a chapter file. Throws ChapterSyntaxError on malformed input. */
export function parseChapter(src: string): ParsedChapter {
  const lines = src.replace(/\r\n?/g, '\n').split('\n')
  while (lines.length && lines[0].trim() === '') lines.shift()
  const first = lines.shift() ?? ''
  if (!first.startsWith('# ')) throw new ChapterSyntaxError('a chapter starts with "# Title"')
  const sections: Section[] = []
  const blocks = parseBlocks(lines, sections)
  return { title: first.slice(2).trim(), blocks, sections }
}

/** Everything that must match between the languages of one chapter. */
export interface ChapterShape {
  sections: string[]
  /** per section: number of display formulas, inline formulas, widgets (name + options), try boxes, quizzes */
  displayMath: number[]
  inlineMath: number[]
  widgets: string[]
  tries: number
  quizzes: { options: number; correct: number[] }[]
  live: string[]
  /** the numbered lists: their first number and length, in order */
  numbered: string[]
}

function walkInline(c: Inline[], visit: (n: Inline) => void) {
  for (const n of c) {
    visit(n)
    if (n.t === 'strong' || n.t === 'link') walkInline(n.c, visit)
  }
}

/** The structure of a parsed chapter, for the language-parity test. */
export function chapterShape(ch: ParsedChapter): ChapterShape {
  const shape: ChapterShape = {
    sections: ch.sections.map((s) => s.id),
    displayMath: [],
    inlineMath: [],
    widgets: [],
    tries: 0,
    quizzes: [],
    live: [],
    numbered: [],
  }
  let sec = -1
  const inl = (c: Inline[]) =>
    walkInline(c, (n) => {
      if (n.t === 'math') {
        if (sec >= 0) shape.inlineMath[sec]++
        shape.live.push(...liveNames(n.tex))
      }
      if (n.t === 'live') shape.live.push(n.name)
    })
  const visit = (blocks: Block[]) => {
    for (const b of blocks) {
      switch (b.t) {
        case 'heading':
          if (b.level === 2) {
            sec++
            shape.displayMath.push(0)
            shape.inlineMath.push(0)
          }
          inl(b.c)
          break
        case 'para':
          inl(b.c)
          break
        case 'list':
          b.items.forEach(inl)
          if (b.ordered) shape.numbered.push(`${b.start}+${b.items.length}`)
          break
        case 'math':
          if (sec >= 0) shape.displayMath[sec]++
          shape.live.push(...liveNames(b.tex))
          break
        case 'widget':
          shape.widgets.push(
            [
              b.name,
              ...Object.entries(b.props)
                .map(([k, v]) => `${k}=${v}`)
                .sort(),
            ].join(' '),
          )
          break
        case 'box':
          if (b.kind === 'try') shape.tries++
          visit(b.blocks)
          break
        case 'quiz':
          inl(b.question)
          b.options.forEach((o) => {
            inl(o.text)
            inl(o.feedback)
          })
          shape.quizzes.push({
            options: b.options.length,
            correct: b.options.flatMap((o, k) => (o.correct ? [k] : [])),
          })
          break
      }
    }
  }
  visit(ch.blocks)
  shape.live = [...new Set(shape.live)].sort()
  return shape
}

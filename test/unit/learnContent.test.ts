import { readFileSync } from 'node:fs'
import katex from 'katex'
import { describe, expect, it } from 'vitest'
import { learnEn } from '../../src/i18n/learn.en'
import { learnZh } from '../../src/i18n/learn.zh-CN'
import { MESSAGES, type MessageKey } from '../../src/i18n'
import { formatLive, liveValues } from '../../src/learn/live'
import {
  chapterShape,
  parseChapter,
  parseInline,
  substituteLive,
  type Block,
  type ParsedChapter,
} from '../../src/learn/parse'
import { BREAK_LEVELS, stackFormula } from '../../src/charts/texBreaks'
import { isWidgetName } from '../../src/learn/widgets'
import { CHAPTERS } from '../../src/state/route'

const LANGS = ['en', 'zh-CN'] as const

function load(lang: string, chapter: string): ParsedChapter {
  return parseChapter(readFileSync(`content/${lang}/${chapter}.md`, 'utf8'))
}

/** Every TeX string of a chapter (display and inline), with live numbers filled in. */
function formulas(ch: ParsedChapter): { tex: string; display: boolean }[] {
  const out: { tex: string; display: boolean }[] = []
  const values = liveValues()
  const fill = (tex: string) => substituteLive(tex, (n, d) => formatLive(values[n] ?? NaN, d))
  const inl = (c: ReturnType<typeof parseInline>) => {
    for (const n of c) {
      if (n.t === 'math') out.push({ tex: fill(n.tex), display: false })
      if (n.t === 'strong' || n.t === 'link') inl(n.c)
    }
  }
  const visit = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.t === 'math') out.push({ tex: fill(b.tex), display: true })
      else if (b.t === 'para' || b.t === 'heading') inl(b.c)
      else if (b.t === 'list') b.items.forEach(inl)
      else if (b.t === 'box') visit(b.blocks)
      else if (b.t === 'quiz') {
        inl(b.question)
        b.options.forEach((o) => {
          inl(o.text)
          inl(o.feedback)
        })
      }
    }
  }
  visit(ch.blocks)
  return out
}

/** A display formula with the words inside \text{} removed and spaces dropped: its mathematical skeleton. */
function skeleton(tex: string): string {
  return tex.replace(/\\text\{[^{}]*\}/g, '\\text{}').replace(/\s+/g, '')
}

describe('chapter titles', () => {
  // the table of contents and the pager name a chapter as its own heading does
  it.each(LANGS)('are the same in the contents and on the chapter (%s)', (lang) => {
    for (const c of CHAPTERS)
      expect(MESSAGES[lang][`learn.ch.${c}` as MessageKey], c).toBe(load(lang, c).title)
  })
})

describe('the parser', () => {
  it('reads headings, math, widgets, boxes and quizzes', () => {
    const ch = parseChapter(
      [
        '# T',
        '## One {#one}',
        'Text with $x^2$ and @{asym.w} and **bold** and [a link](chapter:range/tradeoff).',
        '$$',
        'y = w x',
        '$$',
        '::: widget grids',
        '::: try',
        '- a',
        ':::',
        '::: quiz',
        '? Q',
        '- [x] yes :: good',
        '- [ ] no :: bad',
        ':::',
      ].join('\n'),
    )
    expect(ch.title).toBe('T')
    expect(ch.sections).toEqual([{ id: 'one', title: 'One' }])
    expect(ch.blocks.map((b) => b.t)).toEqual(['heading', 'para', 'math', 'widget', 'box', 'quiz'])
    const shape = chapterShape(ch)
    expect(shape.displayMath).toEqual([1])
    expect(shape.widgets).toEqual(['grids'])
    expect(shape.live).toEqual(['asym.w'])
    expect(shape.quizzes).toEqual([{ options: 2, correct: [0] }])
  })

  it('starts a numbered list only where a paragraph could, and ends it at the other marker', () => {
    // a line of a paragraph that begins with a number and a full stop stays in the paragraph
    const para = parseChapter(['# T', 'The notes came out in', '2023. The year after, …'].join('\n'))
    expect(para.blocks.map((b) => b.t)).toEqual(['para'])
    const mixed = parseChapter(['# T', '3. c', '4. d', '- x'].join('\n'))
    expect(mixed.blocks.map((b) => (b.t === 'list' ? [b.ordered, b.start, b.items.length] : b.t))).toEqual([
      [true, 3, 2],
      [false, 1, 1],
    ])
    expect(chapterShape(mixed).numbered).toEqual(['3+2'])
  })

  it('reads a numbered list as one, its items continued on the lines below', () => {
    const ch = parseChapter(
      ['# T', '1. **One.** first', '   still first', '2. second', '', '- a', '- b'].join('\n'),
    )
    expect(ch.blocks.map((b) => (b.t === 'list' ? [b.ordered, b.items.length] : b.t))).toEqual([
      [true, 2],
      [false, 2],
    ])
    const first = ch.blocks[0]
    expect(first.t === 'list' && first.items[0].map((x) => (x.t === 'text' ? x.v : x.t))).toEqual([
      'strong',
      ' first still first',
    ])
  })

  it('refuses malformed chapters', () => {
    expect(() => parseChapter('no title')).toThrow()
    expect(() => parseChapter('# T\n## No id')).toThrow()
    expect(() => parseChapter('# T\n## A {#a}\n$$ x')).toThrow()
    expect(() => parseChapter('# T\n::: quiz\n? Q\n- [ ] only wrong :: x\n- [ ] wrong :: y\n:::')).toThrow()
    expect(() => parseChapter('# T\n::: bogus')).toThrow()
  })
})

describe('the live numbers are the core’s', () => {
  it('reproduces the notes’ worked examples', () => {
    const v = liveValues()
    expect(formatLive(v['asym.w'], null)).toBe('0.0274509804')
    expect(formatLive(v['asym.bF'], null)).toBe('0.5137254902')
    expect(v['asym.bQ']).toBe(19)
    expect(formatLive(v['asym.deqMin'], null)).toBe('-3')
    expect(formatLive(v['asym.bFRounded'], null)).toBe('0.5137254892')
    expect(formatLive(v['asym.deqMinRounded'], null)).toBe('-3.000000002')
    expect(formatLive(v['sym.w'], null)).toBe('0.0236220472')
    expect(formatLive(v['cmp.wSmall'], null)).toBe('0.031496063')
    expect(formatLive(v['cmp.wLarge'], null)).toBe('0.0787401575')
    expect([v['cmp.qSmall'], v['cmp.qLarge']]).toEqual([16, 6])
    expect(formatLive(v['cmp.deqSmall'], 9)).toBe('0.503937008')
    expect(formatLive(v['cmp.deqLarge'], 9)).toBe('0.472440945')
    expect(v['traitor.wClean']).toBe(0.007840831674751093)
    expect(v['traitor.wBad']).toBe(0.04313716364897752)
  })
})

describe('tutorial content', () => {
  for (const chapter of CHAPTERS) {
    describe(chapter, () => {
      const parsed = Object.fromEntries(LANGS.map((l) => [l, load(l, chapter)])) as Record<
        (typeof LANGS)[number],
        ParsedChapter
      >

      it('has the same structure in both languages', () => {
        const en = chapterShape(parsed.en)
        const zh = chapterShape(parsed['zh-CN'])
        expect(zh.sections).toEqual(en.sections)
        expect(zh.displayMath).toEqual(en.displayMath)
        expect(zh.widgets).toEqual(en.widgets)
        expect(zh.tries).toBe(en.tries)
        expect(zh.quizzes).toEqual(en.quizzes)
        expect(zh.live).toEqual(en.live)
        expect(zh.numbered).toEqual(en.numbered)
        expect(en.sections.length).toBeGreaterThanOrEqual(2)
        expect(en.tries).toBeGreaterThanOrEqual(1)
        expect(en.quizzes.length).toBeGreaterThanOrEqual(1)
        expect(en.widgets.length).toBeGreaterThanOrEqual(1)
      })

      it('has the same display formulas in both languages (words inside \\text{} aside)', () => {
        const en = formulas(parsed.en).filter((f) => f.display)
        const zh = formulas(parsed['zh-CN']).filter((f) => f.display)
        expect(zh.map((f) => skeleton(f.tex))).toEqual(en.map((f) => skeleton(f.tex)))
      })

      it('names only existing widgets and live numbers', () => {
        for (const lang of LANGS) {
          const shape = chapterShape(parsed[lang])
          for (const w of shape.widgets) expect(isWidgetName(w.split(' ')[0]), w).toBe(true)
          for (const n of shape.live) expect(liveValues()[n], n).toBeTypeOf('number')
        }
      })

      it('renders every formula with KaTeX in strict mode (Chinese only inside \\text{})', () => {
        for (const lang of LANGS) {
          for (const f of formulas(parsed[lang])) {
            expect(() =>
              katex.renderToString(f.tex, { displayMode: f.display, throwOnError: true, strict: 'error' }),
            ).not.toThrow()
          }
        }
      })

      it('stacks long formulas for phones into valid TeX, broken before relations or not', () => {
        for (const lang of LANGS) {
          for (const f of formulas(parsed[lang]).filter((x) => x.display))
            for (const level of BREAK_LEVELS) {
              expect(() =>
                katex.renderToString(stackFormula(f.tex, level), {
                  displayMode: true,
                  throwOnError: true,
                  strict: 'error',
                }),
              ).not.toThrow()
            }
        }
      })

      it('writes the Chinese chapter in Chinese', () => {
        expect(parsed['zh-CN'].title).toMatch(/\p{Script=Han}/u)
        for (const s of parsed['zh-CN'].sections) expect(s.title, s.id).toMatch(/\p{Script=Han}/u)
      })
    })
  }
})

describe('tutorial UI strings', () => {
  it('has every English key in Chinese and no extra ones', () => {
    expect(Object.keys(learnZh).sort()).toEqual(Object.keys(learnEn).sort())
    for (const k of Object.keys(learnEn)) expect(k.startsWith('learn.'), k).toBe(true)
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MESSAGES, translate } from '../../src/i18n'
import { langFromNavigator } from '../../src/i18n/lang'

describe('i18n', () => {
  const enKeys = Object.keys(MESSAGES.en).sort()
  const zhKeys = Object.keys(MESSAGES['zh-CN']).sort()

  it('has the same keys in both languages', () => {
    expect(zhKeys).toEqual(enKeys)
  })

  it('has no empty message and keeps placeholders identical in both languages', () => {
    for (const key of enKeys) {
      const e = MESSAGES.en[key as keyof typeof MESSAGES.en]
      const z = MESSAGES['zh-CN'][key as keyof typeof MESSAGES.en]
      expect(e.trim(), key).not.toBe('')
      expect(z.trim(), key).not.toBe('')
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
      expect(ph(z), key).toEqual(ph(e))
    }
  })

  it('writes Chinese text in the zh-CN messages', () => {
    const withHan = zhKeys.filter((k) =>
      /\p{Script=Han}/u.test(MESSAGES['zh-CN'][k as keyof typeof MESSAGES.en]),
    )
    expect(withHan.length / zhKeys.length).toBeGreaterThan(0.8)
  })

  it('fills placeholders as text', () => {
    expect(translate('en', 'notFound.body', { path: '<b>x</b>' })).toBe('There is no page at “<b>x</b>”.')
  })

  it('makes English agree with a count through {name?one|other}', () => {
    const say = (clipped: string | number) => translate('en', 'hist.thresholdValue', { value: '2', clipped })
    expect(say(1)).toBe('±2, 1 value clipped')
    expect(say('1')).toBe('±2, 1 value clipped')
    expect(say(0)).toBe('±2, 0 values clipped')
    expect(say(2)).toBe('±2, 2 values clipped')
    expect(say('1,001')).toBe('±2, 1,001 values clipped')
    // CLDR: a written fraction takes the plural ("1.0 values"), as does anything that is not a count
    expect(say('1.0')).toBe('±2, 1.0 values clipped')
    // however many digits are written after the point (Intl.PluralRules refuses more than it supports)
    const long = `1.${'0'.repeat(120)}`
    expect(say(long)).toBe(`±2, ${long} values clipped`)
    expect(say('—')).toBe('±2, — values clipped')
    // Chinese has no plural: the zh-CN message uses the plain placeholder
    expect(translate('zh-CN', 'hist.thresholdValue', { value: '2', clipped: 1 })).toContain('1')
  })

  it('uses choices only on placeholders the message also fills in', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const key of enKeys) {
        const m = MESSAGES[lang][key as keyof typeof MESSAGES.en]
        const plain = new Set([...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]))
        for (const c of m.matchAll(/\{(\w+)\?([^|{}]*)\|([^{}]*)\}/g))
          expect(plain, `${lang} ${key}`).toContain(c[1])
        // a brace left over from a malformed choice would show on the page
        const rest = m.replace(/\{\w+(?:\?[^|{}]*\|[^{}]*)?\}/g, '')
        expect(rest, `${lang} ${key}`).not.toMatch(/[{}]/)
      }
    }
  })

  // Every English message with each placeholder set to 1: no "1 values", "1 images are" and the like. The
  // counts listed here are never 1 where the message is used.
  it('never says "1" with a plural noun or verb', () => {
    const neverOne: Record<string, string[]> = {
      'acc.bits.progress': ['total'], // 7 bit widths × the data calibrators
      'acc.data.split': ['test', 'train'], // the digits data's fixed 359 test and 1,438 training rows
      'fmt.currentPoint': ['bpw'], // bits per weight: at least the element's 2 bits
      'fmt.formula.intro.block': ['per'], // the MX block, a fixed 32 values
      'fmt.gridSummary': ['levels'], // every format grid has many levels
      'fmt.gridSummaryQuantiles': ['levels'], // NF4's 16
      'fmt.gridSummaryUniform': ['levels'], // 2^bits − 1 or 2^bits, bits ≥ 2
      'fmt.summary': ['bpw', 'scaleBits'], // at least the element's 2 bits; scales of 8, 16 or 32 bits
      'fmt.sweepSummary': ['g128'], // int4 g128's cost: 4 bits plus its scales'
      'fmt.sweepUsed': ['used'], // shown only for tensors over 2^20 values (SWEEP_LIMIT): their first values in row order
      'grid.summary': ['total'], // 2^bits − 1 or 2^bits codes, bits ≥ 2 (formats: their level count)
      'grid.summaryPerChannel': ['total'], // as grid.summary
      'home.storyMinmax': ['total'], // the traitor story's fixed 255 codes
      'home.storyNote': ['pctClipped'], // fixed at build time: the percentile clips 37 of the traitor's values
      'learn.fmt.groupSummary': ['g', 'bpw'], // groups of 8–256 values; int4 plus its scales' bits
      'learn.grids.summary': ['codes'], // the grids of 2–8 bits have at least 3 levels
      'learn.kl.facts': ['i', 'levels'], // TensorRT at 8 bits: 128 levels, candidates i ≥ 128 bins
      'learn.progress': ['total'], // the tutorial's chapter count
      'learn.values.many': ['n'], // the caller says learn.values.one when n === 1
      'load.npyNdim': ['detail'], // only arrays of 3 or more dimensions are refused
      'load.tooMany': ['detail'], // only counts above 10,000,000 are refused
      'load.tooManyText': ['detail'], // the limit, 10,000,000
      'micro.facts': ['levels'], // 2^(bits−1) ≥ 2 levels (TVM: 2^bits − 1 ≥ 3), bits ≥ 2
      'micro.summary': ['levels'], // as micro.facts
      'micro.facts.pq': ['levels'], // as micro.facts
      'micro.facts.tvm': ['levels', 'size'], // as micro.facts; TVM's window of 2i + 1 bins, i ≥ its levels / 2
      'micro.summary.tvm': ['levels', 'size'], // as micro.facts.tvm
      'model.about.tfjs': ['n'], // the bundled MobileNet's parameter count
      'model.chMax.summary': ['levels'], // 2^bits − 1 codes (symmetric ±(2^(b−1) − 1)), bits 2–8
      'model.chart.summary': ['bits'], // the model page's bits are 2–8
      'model.chart.summaryNone': ['bits'], // the model page's bits are 2–8
      'lab.outlierPartly': ['outliers'], // shown only when fewer than all fit: outliers > count ≥ 1
      'model.tfjsQuant': ['dtype'], // a dtype name (uint8, uint16), not a count
      'notice.truncated': ['count'], // only strings longer than MAX_ECHO (60) are shortened
      'ops.dense.multMore': ['n'], // shown only when nout > MULT_ROWS (16)
      'ops.dense.termsMore': ['k'], // shown only when k > TERMS_SHOWN (64)
      'sum.inliers': ['total'], // 2^bits − 1 or 2^bits codes, bits ≥ 2
      'traitor.elements.many': ['n'], // the caller says traitor.elements.one when n === 1
      'traitor.percentile.text': ['codesPct', 'bad'], // the notes' fixed tensor: 3 elements fail
      'traitor.symmetric.text': ['codesSym'], // the notes' fixed tensor: the honest values use many codes
      'traitor.traitor.text': ['codesTraitor'], // the notes' fixed tensor: the honest values use many codes
    }
    const plural =
      /(^|(?<!×)[\s(“])1 (values|elements|images|answers|codes|candidates|channels|outliers|outlier counts|tensors|weight tensors|characters|levels|scales|outputs|layers|rows|columns|groups|bins|points|parameters|terms|cells|adds|multiply-adds|steps|chapters|bits|dimensions)\b/
    // and a singular count with a plural verb later in its clause ("1 value beyond it (…) are folded")
    const pluralVerb =
      /(^|[\s(“])1 (value|element|image|answer|code|candidate|channel|outlier|level|scale|bin)\b[^.;:,]*?\b(are|were|have|lie|share)\b/
    const wrong: string[] = []
    for (const key of enKeys) {
      const m = MESSAGES.en[key as keyof typeof MESSAGES.en]
      const names = [...m.matchAll(/\{(\w+)[?}]/g)].map((x) => x[1])
      const vars = Object.fromEntries(names.map((n) => [n, neverOne[key]?.includes(n) ? 2 : 1]))
      const text = translate('en', key as keyof typeof MESSAGES.en, vars)
      if (plural.test(text) || pluralVerb.test(text)) wrong.push(`${key}: ${text}`)
    }
    expect(wrong).toEqual([])
  })

  // A message no code asks for is text nobody checks against the page (one said the digits networks would
  // "appear here once they exist", long after they did). A key counts as used when the source names it in
  // quotes, or a template literal there could build it (`fmt.gran.${g}` covers fmt.gran.tensor).
  it('has no message that the source never asks for', () => {
    const root = join(__dirname, '../../src')
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => /\.tsx?$/.test(f) && !f.startsWith('i18n'),
    )
    const src = files.map((f) => readFileSync(join(root, f), 'utf8')).join('\n')
    const esc = (s: string) => s.replace(/[.]/g, '\\.')
    const built = [...src.matchAll(/`([\w.-]*)\$\{[^}`]+\}([\w.-]*)`/g)].map(
      (m) => new RegExp(`^${esc(m[1])}[\\w-]+${esc(m[2])}$`),
    )
    const unused = enKeys.filter(
      (k) => !["'", '"', '`'].some((q) => src.includes(q + k + q)) && !built.some((re) => re.test(k)),
    )
    expect(unused).toEqual([])
  })

  it('picks the language from the browser', () => {
    expect(langFromNavigator(['zh-TW', 'en'])).toBe('zh-CN')
    expect(langFromNavigator(['de-DE', 'en-GB'])).toBe('en')
    expect(langFromNavigator(['fr'])).toBe('en')
    expect(langFromNavigator([])).toBe('en')
  })
})

describe('percent signs', () => {
  it('never start a line: the space before a % is a no-break space, in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = translate(lang, 'ops.add.verdictFail', { count: 3, n: '10,000', pct: '0.03' })
      expect(text).toContain('0.03\u00a0%')
      expect(text).not.toMatch(/ %/)
    }
  })
})

describe('a short equation in a label', () => {
  // the dense view's "Worst case for k = 32" broke at 360 px between "k =" and "32"
  it('keeps its sides together (no-break spaces around the =)', () => {
    expect(translate('en', 'ops.dense.worst', { k: 32 })).toBe('Worst case for k\u00a0=\u00a032')
    expect(translate('zh-CN', 'ops.dense.worst', { k: 32 })).toBe('k\u00a0=\u00a032 时的最坏情况')
  })
})

describe('intros that place things on the page', () => {
  // a phone stacks the traitor's code above its output and keeps the accuracy page's settings in a drawer: the
  // intros said "on the left" / 左边 / 左侧, which was not true there
  it('do not name a side of the screen', () => {
    for (const key of ['traitor.lead', 'acc.intro'] as const) {
      expect(translate('en', key)).not.toMatch(/on the (left|right)/)
      expect(translate('zh-CN', key)).not.toMatch(/[左右](边|侧)/)
    }
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { translate } from '../../src/i18n'
import { visibleText } from '../../src/i18n/visibleText'

// eslint-disable-next-line no-control-regex -- control characters are among what it checks for
const INVISIBLE = /[\p{Cf}\p{Cs}\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u

describe('visibleText: characters that hide or reorder text are named, not inserted', () => {
  it('names bidirectional controls, zero-width and format characters, controls and lone surrogates', () => {
    expect(visibleText('a\u202Eb')).toBe('aU+202Eb')
    expect(visibleText('\u2066x\u2069')).toBe('U+2066xU+2069')
    expect(visibleText('a\u200Bb\u200Dc\uFEFF')).toBe('aU+200BbU+200DcU+FEFF')
    expect(visibleText('soft\u00ADhyphen')).toBe('softU+00ADhyphen')
    expect(visibleText('bell\u0007 c1\u0085')).toBe('bellU+0007 c1U+0085')
    expect(visibleText('lone\uD800')).toBe('loneU+D800')
    // a tag character outside the BMP keeps its whole code point
    expect(visibleText('flag\u{E0067}')).toBe('flagU+E0067')
  })

  it('leaves readable text alone: Chinese, emoji, spaces, tab and line feed', () => {
    for (const s of ['权重.npy', 'layer 1/conv', '😀 a\tb\nc', 'x\u00a0%', 'café'])
      expect(visibleText(s)).toBe(s)
  })

  it('is idempotent and leaves no invisible character (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const v = visibleText(s)
        expect(v).not.toMatch(INVISIBLE)
        expect(visibleText(v)).toBe(v)
      }),
    )
  })

  it('translate fills placeholders with visible text in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = translate(lang, 'load.empty', { name: 'a\u202Ecsv.txt' })
      expect(text).toContain('aU+202Ecsv.txt')
      expect(text).not.toMatch(INVISIBLE)
    }
  })
})

// One long line: the value limit was checked only when a line ended, and the unfinished line was kept whole in
// the parser's carry, so a text of one line grew without bound (12M values on one line: 1.2 GB; past ~536M
// characters a RangeError, shown as an unknown error). The carry's values are now counted as it grows and the
// line is refused, while it is fed, with the too-many message many lines get. A small limit keeps it fast.
import { describe, expect, it } from 'vitest'
import { LoadError, TextParser } from '../../src/lab/loaders'

const LIMIT = 1000

/** feed `text` in chunks of `size`; the error (null if none), the characters fed before it, the result */
function feed(text: string, size: number, limit = LIMIT) {
  const p = new TextParser(limit)
  let at = 0
  try {
    for (; at < text.length; at += size) p.feed(text.slice(at, at + size))
    return { error: null, at, result: p.finish() }
  } catch (error) {
    return { error, at, result: null }
  }
}

describe('TextParser, one long line', () => {
  it('a line of more values than the limit is refused while it is fed, as many lines are', () => {
    for (const sep of [',', ' ', '\t', ', ', '；']) {
      const text = Array.from({ length: 4 * LIMIT }, (_, i) => String(i % 97)).join(sep)
      for (const size of [7, 100, 1 << 12]) {
        const { error, at } = feed(text, size)
        expect(error, `${JSON.stringify(sep)} ${size}`).toBeInstanceOf(LoadError)
        expect(error).toMatchObject({ code: 'too-many-text', detail: String(LIMIT) })
        // refused soon after the limit's worth of the line was fed, not at its end
        expect(at).toBeLessThan(text.length / 2)
      }
    }
    // the same message as a text of many lines
    const lines = feed('1\n'.repeat(LIMIT + 1), 64)
    expect(lines.error).toMatchObject({ code: 'too-many-text', detail: String(LIMIT) })
  })

  it('the limit counts the values read before the line', () => {
    const before = '1 2 3 4\n'.repeat(LIMIT / 4 - 1) // LIMIT - 4 values
    expect(feed(before + '5 6 7 8', 5).result?.data.length).toBe(LIMIT)
    expect(feed(before + '5 6 7 8 9', 5).error).toMatchObject({ code: 'too-many-text' })
  })

  it('lines that fit are read as before, whatever the chunks', () => {
    const full = Array.from({ length: LIMIT }, (_, i) => `${i}.5`).join(', ')
    // decimal commas: 2·LIMIT pieces between separators, LIMIT values
    const dec = Array.from({ length: LIMIT }, (_, i) => `${i},5`).join(';')
    // a comment far longer than the limit allows a line of values, then a line that fits
    const comment = `  # ${'x '.repeat(40 * LIMIT)}\n1 2 3`
    for (const size of [3, 64, 1 << 16]) {
      expect(feed(full, size).result?.data.length).toBe(LIMIT)
      const d = feed(dec, size).result
      expect(d?.data.length).toBe(LIMIT)
      expect(d?.data[3]).toBe(3.5)
      expect(Array.from(feed(comment, size).result?.data ?? [])).toEqual([1, 2, 3])
    }
  })

  it('a line of more characters than any values the limit allows is refused (of spaces, of one endless number)', () => {
    for (const text of [`1${' '.repeat(40 * LIMIT)}2`, '1'.repeat(40 * LIMIT)])
      expect(feed(text, 256).error).toMatchObject({ code: 'too-many-text' })
  })
})

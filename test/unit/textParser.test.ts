import { describe, expect, it, vi } from 'vitest'
import fc from 'fast-check'
import { LoadError, MAX_VALUES, TextParser, parseText } from '../../src/lab/loaders'

/** cut `text` at the given positions and feed the pieces */
function chunked(text: string, cuts: number[]) {
  const p = new TextParser()
  let from = 0
  for (const c of [...new Set(cuts)].sort((a, b) => a - b)) {
    p.feed(text.slice(from, c))
    from = c
  }
  p.feed(text.slice(from))
  return p.finish()
}

const outcome = (f: () => unknown) => {
  try {
    return { ok: f() }
  } catch (e) {
    return { err: e instanceof LoadError ? e.code + e.detail : String(e) }
  }
}

const token = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -999, max: 999 }).map(String),
  fc.constantFrom('1,5', '-0,25', 'nan', 'inf', '-Infinity', '.5', '3.', 'abc', '0x1f', '1e-310'),
)
const sep = fc.constantFrom(',', ';', ' ', '\t', ', ', '; ')
const line = fc.oneof(
  fc.tuple(fc.array(token, { minLength: 1, maxLength: 5 }), sep).map(([ts, s]) => ts.join(s)),
  fc.constantFrom('', '# a comment', 'x, y', '   '),
)
const text = fc
  .tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
  .map(([ls, nl]) => ls.join(nl))

describe('TextParser: reading text in chunks', () => {
  it('gives the same array (or the same error) as reading the text in one piece, wherever it is cut', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (s, cuts) => {
        const whole = outcome(() => parseText(s))
        const parts = outcome(() =>
          chunked(
            s,
            cuts.map((c) => c % (s.length + 1)),
          ),
        )
        expect(parts).toEqual(whole)
      }),
      { numRuns: 400 },
    )
  })

  it('fed one character at a time, reads a 2-D CSV with its shape', () => {
    const s = 'a,b,c\n1,2,3\r\n4,5,6\n'
    const p = new TextParser()
    for (const ch of s) p.feed(ch)
    const r = p.finish()
    expect(r.shape).toEqual([2, 3])
    expect(Array.from(r.data)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('reads decimal commas cut across chunk boundaries', () => {
    const s = '1,5;2,25\n-0,75;3,0'
    for (let c = 0; c <= s.length; c++) {
      expect(Array.from(chunked(s, [c]).data)).toEqual([1.5, 2.25, -0.75, 3])
    }
  })

  it('counts values as it goes (for progress)', () => {
    const p = new TextParser().feed('1 2 3\n4 5')
    expect(p.count).toBe(3) // "4 5" waits for its line end
    p.feed('\n')
    expect(p.count).toBe(5)
  })

  it('stops at the limit mid-stream, before the rest of the text is fed', () => {
    // the real limit (MAX_VALUES) is checked the same way; 10⁴ keeps the test fast
    const limit = 10_000
    const p = new TextParser(limit)
    const line = '0 '.repeat(999) + '0\n' // 1000 values
    let fedAfter = 0
    let error: unknown
    // limit / 1000 lines fit; the next one is refused as soon as it is fed
    try {
      for (let i = 0; i < limit / 1000 + 5; i++) {
        p.feed(line)
        if (p.count === limit) fedAfter++
      }
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LoadError)
    // the text is not read past the limit: the message says "more than" the limit, not a count it never read
    expect((error as LoadError).code).toBe('too-many-text')
    expect((error as LoadError).detail).toBe(String(limit))
    expect(fedAfter).toBe(1)
    expect(p.count).toBe(limit)
  })
})

it('the default limit is the Lab limit', () => {
  const p = new TextParser()
  expect(() => p.feed(`${'1 '.repeat(MAX_VALUES)}1\n`)).toThrow(LoadError)
  expect(p.count).toBe(0)
}, 60_000)

describe('the size hint (issue 13: the array is made once at its final size)', () => {
  /** texts of numbers with every separator, blank lines and comments, of any length */
  const text = fc
    .array(
      fc.oneof(
        fc.integer({ min: -999, max: 999 }).map(String),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
        fc.constantFrom('\n', ' ', ',', ';', '\t', '\n# note\n', '\n\n'),
      ),
      { maxLength: 120 },
    )
    .map((a) => a.join(' ') + '\n')
  const read = (p: TextParser, t: string) => {
    try {
      return p.feed(t).finish()
    } catch (e) {
      return String(e)
    }
  }

  it('reads what a parser without the hint reads, with the limit checked the same way', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 80 }), (t, limit) => {
        expect(read(new TextParser(limit, t.length), t)).toEqual(read(new TextParser(limit), t))
        expect(read(new TextParser(undefined, t.length), t)).toEqual(read(new TextParser(), t))
      }),
      { seed: 13, numRuns: 300 },
    )
  })

  it('a text of one-digit values fits the hinted array without growing', () => {
    // "1\n" per value: ⌊length/2⌋ + 1 is the most values such a text can hold
    const t = '7\n'.repeat(5000) + '7'
    const grow = vi.spyOn(TextParser.prototype as unknown as { grow: (k: number) => boolean }, 'grow')
    const out = new TextParser(undefined, t.length).feed(t).finish()
    expect(grow).not.toHaveBeenCalled()
    new TextParser().feed(t).finish()
    expect(grow).toHaveBeenCalled()
    grow.mockRestore()
    expect(out.data.length).toBe(5001)
    expect(out.data.every((v) => v === 7)).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
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
    expect((error as LoadError).code).toBe('too-many')
    expect((error as LoadError).detail).toBe(String(limit + 1000))
    expect(fedAfter).toBe(1)
    expect(p.count).toBe(limit)
  })
})

it('the default limit is the Lab limit', () => {
  const p = new TextParser()
  expect(() => p.feed(`${'1 '.repeat(MAX_VALUES)}1\n`)).toThrow(LoadError)
  expect(p.count).toBe(0)
}, 60_000)

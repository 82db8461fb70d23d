import { describe, expect, it } from 'vitest'
import { bindPunctuation } from '../../src/learn/bindPunctuation'
import { parseInline } from '../../src/learn/parse'

const shape = (s: string) =>
  bindPunctuation(parseInline(s)).map((n) =>
    n.t === 'bound' ? `[${n.lead}|${n.node.t}|${n.trail}]` : n.t === 'text' ? n.v : n.t,
  )

describe('formulas and live numbers keep their punctuation on their line', () => {
  it('binds the closing punctuation after, the opening bracket before, and a unit after a space', () => {
    expect(shape('指数 $e$，以及 $m$。')).toEqual(['指数 ', '[|math|，]', '以及 ', '[|math|。]'])
    expect(shape('rounds (as $-2.5 \\mapsto -3$), then')).toEqual(['rounds (as ', '[|math|),]', ' then'])
    expect(shape('ties ($\\operatorname{round}(2.5) = 2$).')).toEqual(['ties ', '[(|math|).]'])
    expect(shape('about @{net.traitor} %, not')).toEqual(['about ', '[|live| %,]', ' not'])
    expect(shape('（@{a}）。')).toEqual(['[（|live|）。]'])
  })

  it('leaves everything else alone', () => {
    expect(shape('a $x$ b')).toEqual(['a ', '[|math|]', ' b'])
    expect(shape('plain text, with commas.')).toEqual(['plain text, with commas.'])
    expect(shape('**bold**, $y$')).toEqual(['strong', ', ', '[|math|]'])
  })
})

import { useMemo } from 'react'
import { fmt } from '../../../charts/format'
import { Tex, texNum } from '../../../charts/Tex'
import { int8AddTrace } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryNumber } from '../state'
import { Controls, Panel, Slider } from './common'
import { ADD_N as N, addModel } from '../../../learn/figures'

const SUP: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
}

/** 2 to an integer power, written with superscripts (2⁻¹⁹). */
function pow2(e: number): string {
  return '2' + [...String(e)].map((c) => SUP[c] ?? c).join('')
}

/** A number for TeX, in parentheses when negative (so "× (−3)" reads right). */
function paren(tex: string): string {
  return tex.startsWith('-') ? `(${tex})` : tex
}

/** c = a + b in int8: the notes' float-multiplier form next to TFLite's integer-only pipeline. */
export function AddPipeline() {
  const t = useT()
  const [i, setI] = useQueryNumber('i', 0, 0, N - 1, true)
  const r = useMemo(() => addModel(), [])
  const tr = int8AddTrace(r.xa[i], r.xb[i], { s1: r.wa, z1: 0, s2: r.wb, z2: 0, sOut: r.wc, zOut: 0 })
  const m = tr.multipliers
  const inner = r.xa[i] + (r.wb / r.wa) * r.xb[i]
  const rows: [string, string][] = [
    [t('learn.add.shifted'), `${tr.shifted1}, ${tr.shifted2}`],
    [
      t('learn.add.mult'),
      `${m.multiplier1} × ${pow2(m.shift1)} / 2³¹,  ${m.multiplier2} × ${pow2(m.shift2)} / 2³¹`,
    ],
    [t('learn.add.scaled'), `${tr.scaled1} + ${tr.scaled2} = ${tr.rawSum}`],
    [t('learn.add.outMult'), `${m.outputMultiplier} × ${pow2(m.outputShift)} / 2³¹`],
    [t('learn.add.out'), `${tr.outputBeforeOffset} → ${tr.output}`],
  ]
  return (
    <Panel title={t('learn.add.title')} testId="add-pipeline">
      <Controls>
        <Slider
          label={t('learn.add.element')}
          value={i}
          min={0}
          max={N - 1}
          step={1}
          onChange={setI}
          name="i"
        />
      </Controls>
      <p className="figure-num">
        {t('learn.add.scales', { wa: fmt(r.wa, 8), wb: fmt(r.wb, 8), wc: fmt(r.wc, 8) })}
      </p>
      <div className="learn-formulas">
        <Tex
          display
          tex={`x_a = ${r.xa[i]},\\quad x_b = ${r.xb[i]}\\quad (a = ${texNum(r.x1[i], 6)},\\ b = ${texNum(r.x2[i], 6)})`}
        />
        <Tex
          display
          tex={`x_c = \\frac{w_a}{w_c}\\left(x_a + \\frac{w_b}{w_a}x_b\\right) = ${texNum(r.wa / r.wc, 6)}\\times ${paren(texNum(inner, 6))} = ${texNum((r.wa / r.wc) * inner, 6)} \\to ${r.notes[i]}`}
        />
      </div>
      <h4>{t('learn.add.intTitle')}</h4>
      <dl className="learn-trace figure-num" data-testid="add-trace">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p data-testid="add-compare">
        {t('learn.add.compare', {
          notes: r.notes[i],
          ints: r.ints[i],
          exact: fmt(r.exact[i], 6),
          back: fmt(r.wc * r.ints[i], 6),
        })}
      </p>
      <p className="muted">
        {t('learn.add.stats', {
          n: N,
          differ: r.differ,
          errNotes: fmt(r.errNotes, 4),
          errInts: fmt(r.errInts, 4),
          half: fmt(r.wc / 2, 4),
        })}
      </p>
    </Panel>
  )
}

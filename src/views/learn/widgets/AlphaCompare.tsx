import { fmt } from '../../../charts/format'
import { FitTex } from '../../../charts/FitTex'
import { texNum } from '../../../charts/Tex'
import { notesSymmetricExample } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryNumber } from '../state'
import { Controls, Panel, Slider } from './common'

function Column({ alpha, value, label }: { alpha: number; value: number; label: string }) {
  const t = useT()
  const ex = notesSymmetricExample(alpha, value)
  const q = Math.min(127, Math.max(-128, ex.q))
  const back = q * ex.w
  const clipped = q !== ex.q
  return (
    <div className="alpha-col" data-testid={`alpha-col-${label}`}>
      <h4>
        α = <span className="figure-num">{alpha}</span>
      </h4>
      <FitTex tex={`w = \\frac{${texNum(alpha)}}{127} = ${texNum(ex.w)}`} />
      <FitTex
        tex={`x_q = \\operatorname{round}\\!\\left(\\frac{${texNum(value)}}{w}\\right) = ${q}${clipped ? '\\ (\\text{clip})' : ''}`}
      />
      <FitTex tex={`\\hat y = x_q \\cdot w = ${texNum(back)}`} />
      <p className="figure-num">
        {t('learn.alpha.error')}:{' '}
        <span data-testid={`alpha-err-${label}`}>{fmt(Math.abs(back - value), 8)}</span>
      </p>
    </div>
  )
}

/** The notes' α = 4 vs α = 10 for the value 0.5, with any value and any two α. */
export function AlphaCompare() {
  const t = useT()
  const [value, setValue] = useQueryNumber('v', 0.5, 0, 12)
  const [a1, setA1] = useQueryNumber('a1', 4, 0.5, 12)
  const [a2, setA2] = useQueryNumber('a2', 10, 0.5, 12)
  return (
    <Panel title={t('learn.alpha.title')} testId="alpha-compare">
      <Controls>
        <Slider
          label={t('learn.alpha.value')}
          value={value}
          min={0}
          max={12}
          step={0.01}
          onChange={setValue}
          name="v"
        />
        <Slider label="α₁" value={a1} min={0.5} max={12} step={0.5} onChange={setA1} name="a1" />
        <Slider label="α₂" value={a2} min={0.5} max={12} step={0.5} onChange={setA2} name="a2" />
      </Controls>
      <div className="alpha-cols">
        <Column alpha={a1} value={value} label="1" />
        <Column alpha={a2} value={value} label="2" />
      </div>
    </Panel>
  )
}

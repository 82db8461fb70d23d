import { useMemo } from 'react'
import { fmt } from '../../../charts/format'
import { Tex, texNum } from '../../../charts/Tex'
import { fullyConnectedTrace } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryNumber } from '../state'
import { Controls, Panel, Slider } from './common'
import {
  DENSE_BATCH as BATCH,
  DENSE_DEPTH as DEPTH,
  DENSE_OUTPUTS as OUTPUTS,
  denseModel,
} from '../../../learn/figures'

/** y = x·Wᵀ in int8 with int32 accumulation: the notes' float multiplier vs the fixed-point M₀·2^shift. */
export function DensePipeline() {
  const t = useT()
  const [b, setB] = useQueryNumber('row', 0, 0, BATCH - 1, true)
  const [o, setO] = useQueryNumber('out', 0, 0, OUTPUTS - 1, true)
  const r = useMemo(() => denseModel(), [])
  const tr = fullyConnectedTrace(r.xa, r.xb, null, r.p, b, o)
  const k = b * OUTPUTS + o
  const ratio = (r.wa * r.wb) / r.wc
  const par = (v: number) => (v < 0 ? `(${v})` : String(v))
  const terms = Array.from(
    { length: 4 },
    (_, d) => `${par(tr.inputCentred[d])}\\cdot ${par(tr.weightCentred[d])}`,
  ).join(' + ')
  return (
    <Panel title={t('learn.dense.title')} testId="dense-pipeline">
      <Controls>
        <Slider
          label={t('learn.dense.row')}
          value={b}
          min={0}
          max={BATCH - 1}
          step={1}
          onChange={setB}
          name="row"
        />
        <Slider
          label={t('learn.dense.out')}
          value={o}
          min={0}
          max={OUTPUTS - 1}
          step={1}
          onChange={setO}
          name="out"
        />
      </Controls>
      <p className="figure-num">
        {t('learn.dense.scales', { wa: fmt(r.wa, 8), wb: fmt(r.wb, 8), wc: fmt(r.wc, 8), depth: DEPTH })}
      </p>
      <div className="learn-formulas">
        <Tex display tex={`\\sum_{i=1}^{${DEPTH}} x_a x_b = ${terms} + \\cdots = ${tr.accumulator}`} />
        <Tex
          display
          tex={`x_c = \\frac{w_a w_b}{w_c}\\sum x_a x_b = ${texNum(ratio, 8)}\\times ${tr.accumulator} = ${texNum(ratio * tr.accumulator, 8)} \\to ${r.notes.outputs[k]}`}
        />
        <Tex
          display
          tex={`M = ${texNum(tr.realMultiplier, 10)} = \\frac{${tr.multiplier}}{2^{31}}\\cdot 2^{${tr.shift}} \\Rightarrow x_c = ${tr.output}`}
        />
      </div>
      <p data-testid="dense-compare">
        {t('learn.dense.compare', {
          notes: r.notes.outputs[k],
          ints: tr.output,
          exact: fmt(r.y[k], 6),
          back: fmt(tr.dequantized, 6),
        })}
      </p>
      <div className="learn-scroll">
        <table className="learn-table dense-grid">
          <tbody>
            {Array.from({ length: BATCH }, (_, bi) => (
              <tr key={bi}>
                {Array.from({ length: OUTPUTS }, (_, oi) => {
                  const kk = bi * OUTPUTS + oi
                  const same = r.notes.outputs[kk] === r.ints.outputs[kk]
                  return (
                    <td
                      key={oi}
                      className={`figure-num${bi === b && oi === o ? ' traced' : ''}${same ? '' : ' differ'}`}
                    >
                      {r.ints.outputs[kk]}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('learn.dense.grid')}</p>
      <p className="muted">
        {t('learn.dense.stats', {
          n: BATCH * OUTPUTS,
          differ: r.differ,
          err: fmt(r.err, 4),
          half: fmt(r.wc / 2, 4),
        })}
      </p>
    </Panel>
  )
}

import { useMemo } from 'react'
import { fmt } from '../../../charts/format'
import { Tex, texNum } from '../../../charts/Tex'
import {
  fullyConnectedTrace,
  int8FullyConnected,
  notesDenseRequant,
  quantTensor,
  RandomState,
} from '../../../core'
import { useT } from '../../../i18n'
import { useQueryNumber } from '../state'
import { Controls, Panel, Slider } from './common'
import { absMax } from './data'

const BATCH = 4
const DEPTH = 32
const OUTPUTS = 8

/** y = x·Wᵀ in int8 with int32 accumulation: the notes' float multiplier vs the fixed-point M₀·2^shift. */
export function DensePipeline() {
  const t = useT()
  const [b, setB] = useQueryNumber('row', 0, 0, BATCH - 1, true)
  const [o, setO] = useQueryNumber('out', 0, 0, OUTPUTS - 1, true)
  const r = useMemo(() => {
    const rs = new RandomState(1)
    const x = rs.uniform(-1, 1, BATCH * DEPTH)
    const w = rs.normal(0, 0.3, OUTPUTS * DEPTH)
    const y = new Float64Array(BATCH * OUTPUTS)
    for (let bi = 0; bi < BATCH; bi++)
      for (let oi = 0; oi < OUTPUTS; oi++) {
        let s = 0
        for (let d = 0; d < DEPTH; d++) s += x[bi * DEPTH + d] * w[oi * DEPTH + d]
        y[bi * OUTPUTS + oi] = s
      }
    const wa = absMax(x) / 127
    const wb = absMax(w) / 127
    const wc = absMax(y) / 127
    const xa = quantTensor(x, wa, 0)
    const xb = quantTensor(w, wb, 0)
    const shape = { batch: BATCH, depth: DEPTH, outputs: OUTPUTS }
    const notes = notesDenseRequant(xa, xb, wa, wb, wc, shape)
    const p = { ...shape, sIn: wa, zIn: 0, sW: wb, zW: 0, sOut: wc, zOut: 0 }
    const ints = int8FullyConnected(xa, xb, null, p)
    let differ = 0
    let err = 0
    for (let k = 0; k < y.length; k++) {
      if (notes.outputs[k] !== ints.outputs[k]) differ++
      err = Math.max(err, Math.abs(wc * ints.outputs[k] - y[k]))
    }
    return { y, wa, wb, wc, xa, xb, notes, ints, p, differ, err }
  }, [])
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

import { useMemo } from 'react'
import { fmt } from '../../../charts/format'
import { codesUsed, dequantize, errorMetrics, quantize, roundHalfEven, type QParams } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryChoice } from '../state'
import { Controls, DistChoice, Panel } from './common'
import { sample } from '../../../learn/data'

const DISTS = ['relu-normal', 'normal'] as const
const SCHEMES = ['int8sym', 'int8asym', 'uint8asym'] as const
type Scheme = (typeof SCHEMES)[number]

function minMax(x: Float64Array): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of x) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return [lo, hi]
}

function qparamsOf(s: Scheme, lo: number, hi: number): QParams {
  if (s === 'int8sym') {
    const a = Math.max(Math.abs(lo), Math.abs(hi))
    return { scale: a / 127, zeroPoint: 0, qmin: -128, qmax: 127 }
  }
  const qmin = s === 'int8asym' ? -128 : 0
  const qmax = s === 'int8asym' ? 127 : 255
  const l = Math.min(lo, 0)
  const h = Math.max(hi, 0)
  const scale = (h - l) / (qmax - qmin)
  return { scale, zeroPoint: Math.min(qmax, Math.max(qmin, qmin - roundHalfEven(l / scale))), qmin, qmax }
}

/** Activations after ReLU: int8 symmetric wastes the negative half; a zero point (or uint8) uses all 256 codes. */
export function ActRange() {
  const t = useT()
  const [dist, setDist] = useQueryChoice('adist', DISTS, 'relu-normal')
  const rows = useMemo(() => {
    const x = sample({ dist, n: 10000, seed: 42 })
    const [lo, hi] = minMax(x)
    return SCHEMES.map((s) => {
      const p = qparamsOf(s, lo, hi)
      const q = quantize(x, p)
      const m = errorMetrics(x, dequantize(q, p))
      return { s, p, used: codesUsed(q, p.qmin, p.qmax).used, m }
    })
  }, [dist])
  return (
    <Panel title={t('learn.act.title')} testId="act-range">
      <Controls>
        <DistChoice name="act-dist" value={dist} options={DISTS} onChange={setDist} />
      </Controls>
      <div className="learn-scroll">
        <table className="learn-table">
          <thead>
            <tr>
              <th scope="col">{t('learn.act.scheme')}</th>
              <th scope="col">{t('learn.scale')}</th>
              <th scope="col">{t('learn.zeroPoint')}</th>
              <th scope="col">{t('learn.codesUsed')}</th>
              <th scope="col">MSE</th>
              <th scope="col">SQNR</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.s}>
                <th scope="row">{t(`learn.act.${r.s}`)}</th>
                <td className="figure-num">{fmt(r.p.scale, 6)}</td>
                <td className="figure-num">{r.p.zeroPoint}</td>
                <td className="figure-num" data-testid={`codes-${r.s}`}>
                  {r.used} / {r.p.qmax - r.p.qmin + 1}
                </td>
                <td className="figure-num">{fmt(r.m.mse, 4)}</td>
                <td className="figure-num">{fmt(r.m.sqnrDb, 4)} dB</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}

import { useMemo } from 'react'
import { ChartFrame } from '../../../charts/ChartFrame'
import { CurveChart } from '../../../charts/CurveChart'
import { fmt } from '../../../charts/format'
import { dequantize, errorMetrics, quantize } from '../../../core'
import { useT } from '../../../i18n'
import { useQueryNumber } from '../state'
import { Controls, Slider } from './common'
import { absMax, sample } from './data'

const ROWS = 16
const COLS = 128

/** A weight-like matrix whose output channels differ in size: one scale for all vs one scale per row. */
export function PerChannel() {
  const t = useT()
  const [spread, setSpread] = useQueryNumber('spread', 1.5, 0, 3)
  const r = useMemo(() => {
    const w = sample({ dist: 'normal', sigma: 0.05, n: ROWS * COLS, rows: ROWS, spread, seed: 7 })
    const aAll = absMax(w)
    const pt = { scale: aAll / 127, zeroPoint: 0, qmin: -127, qmax: 127 }
    const whatT = dequantize(quantize(w, pt), pt)
    const whatC = new Float64Array(w.length)
    const rowsIdx: number[] = []
    const mseT: number[] = []
    const mseC: number[] = []
    const scales: number[] = []
    for (let r = 0; r < ROWS; r++) {
      const row = w.subarray(r * COLS, (r + 1) * COLS)
      const a = absMax(row)
      const pc = { scale: a > 0 ? a / 127 : 1, zeroPoint: 0, qmin: -127, qmax: 127 }
      const d = dequantize(quantize(row, pc), pc)
      whatC.set(d, r * COLS)
      rowsIdx.push(r)
      scales.push(pc.scale)
      mseT.push(errorMetrics(row, whatT.subarray(r * COLS, (r + 1) * COLS)).mse)
      mseC.push(errorMetrics(row, d).mse)
    }
    let smin = Infinity
    let smax = 0
    for (const s of scales) {
      smin = Math.min(smin, s)
      smax = Math.max(smax, s)
    }
    return {
      rowsIdx,
      mseT,
      mseC,
      tensor: errorMetrics(w, whatT),
      channel: errorMetrics(w, whatC),
      scaleAll: pt.scale,
      ratio: smax / smin,
    }
  }, [spread])
  return (
    <ChartFrame
      title={t('learn.gran.title')}
      name="learn-per-channel"
      summary={t('learn.gran.summary', {
        rows: ROWS,
        cols: COLS,
        ratio: fmt(r.ratio, 3),
        tensor: fmt(r.tensor.sqnrDb, 4),
        channel: fmt(r.channel.sqnrDb, 4),
      })}
    >
      <Controls>
        <Slider
          label={t('learn.gran.spread')}
          value={spread}
          min={0}
          max={3}
          step={0.25}
          onChange={setSpread}
          name="spread"
        />
      </Controls>
      <CurveChart
        series={[
          { key: 'tensor', label: t('learn.gran.perTensor'), color: '#d55e00', xs: r.rowsIdx, ys: r.mseT },
          { key: 'channel', label: t('learn.gran.perChannel'), color: '#0072b2', xs: r.rowsIdx, ys: r.mseC },
        ]}
        xLabel={t('learn.gran.row')}
        yLabel="MSE"
        log
        height={220}
      />
      <div className="learn-scroll">
        <table className="learn-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">MSE</th>
              <th scope="col">SQNR</th>
              <th scope="col">{t('learn.gran.scales')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('learn.gran.perTensor')}</th>
              <td className="figure-num">{fmt(r.tensor.mse, 4)}</td>
              <td className="figure-num" data-testid="sqnr-tensor">
                {fmt(r.tensor.sqnrDb, 4)} dB
              </td>
              <td className="figure-num">1</td>
            </tr>
            <tr>
              <th scope="row">{t('learn.gran.perChannel')}</th>
              <td className="figure-num">{fmt(r.channel.mse, 4)}</td>
              <td className="figure-num" data-testid="sqnr-channel">
                {fmt(r.channel.sqnrDb, 4)} dB
              </td>
              <td className="figure-num">{ROWS}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </ChartFrame>
  )
}

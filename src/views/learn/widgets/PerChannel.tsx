import { useMemo } from 'react'
import { ChartFrame } from '../../../charts/ChartFrame'
import { CurveChart } from '../../../charts/CurveChart'
import { fmt } from '../../../charts/format'
import { useT } from '../../../i18n'
import { useQueryNumber } from '../state'
import { Controls, Slider } from './common'
import { PC_COLS, PC_DEFAULT_SPREAD, PC_ROWS, perChannelModel } from '../../../learn/figures'

/** A weight-like matrix whose output channels differ in size: one scale for all vs one scale per row. */
export function PerChannel() {
  const t = useT()
  const [spread, setSpread] = useQueryNumber('spread', PC_DEFAULT_SPREAD, 0, 3)
  const r = useMemo(() => perChannelModel(spread), [spread])
  return (
    <ChartFrame
      title={t('learn.gran.title')}
      name="learn-per-channel"
      summary={t('learn.gran.summary', {
        rows: PC_ROWS,
        cols: PC_COLS,
        ratio: fmt(r.ratio, 3),
        tensor: fmt(r.tensor.sqnrDb, 4),
        channel: fmt(r.channel.sqnrDb, 4),
        row: r.worstRow,
        rowT: fmt(r.worstSqnrT, 3),
        rowC: fmt(r.worstSqnrTc, 3),
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
          { key: 'tensor', label: t('learn.gran.perTensor'), color: '#d55e00', xs: r.rowsIdx, ys: r.sqnrT },
          { key: 'channel', label: t('learn.gran.perChannel'), color: '#0072b2', xs: r.rowsIdx, ys: r.sqnrC },
        ]}
        xLabel={t('learn.gran.row')}
        yLabel={t('learn.gran.rowSqnr')}
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
              <td className="figure-num">{PC_ROWS}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </ChartFrame>
  )
}

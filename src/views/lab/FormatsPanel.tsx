import { memo, useEffect, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { fmt, fmtInt } from '../../charts/format'
import { SweepChart, type SweepPoint } from '../../charts/SweepChart'
import type { SweepRow } from '../../engine/formatQuant'
import { useT, type T } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { useDeferredResult, useDeferredSummary } from '../../lab/useDeferredResult'
import { labEngine } from '../../lab/useLabCompute'
import { useApp } from '../../state/appStore'
import { formatName } from './formatName'

/** The trade-off chart's points: the common formats on this tensor, and the current settings (★). */
export function sweepPoints(
  rows: readonly SweepRow[],
  cur: { bpw: number; sqnr: number },
  t: T,
): SweepPoint[] {
  return [
    ...rows.map((row) => ({
      key: row.id,
      label: t(`fmt.sweep.${row.id}`),
      x: row.bitsPerWeight,
      y: row.sqnrDb,
    })),
    {
      key: 'current',
      label: '★',
      title: t('fmt.currentPoint', { bpw: fmt(cur.bpw, 4), sqnr: fmt(cur.sqnr, 4) }),
      x: cur.bpw,
      y: cur.sqnr,
      current: true,
    },
  ]
}

/**
 * Formats beyond int8 (issue 15): the error and the cost (bits per weight, scales included) of the chosen
 * format and granularity side by side, and the trade-off chart of common weight formats on this tensor.
 * Shown when a format other than the integer grid, or group-wise scales, is chosen.
 */
// memo: no props, so it re-renders only when the store slices it reads change
export const FormatsPanel = memo(function FormatsPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const r = useDeferredResult()
  const summary = useDeferredSummary()
  const axis = useLab((s) => s.params.axis)
  const on = r?.format !== undefined
  const [sweep, setSweep] = useState<{ rows: SweepRow[]; used: number; for: unknown } | null>(null)

  useEffect(() => {
    if (!on || !summary) return
    let live = true
    void labEngine()
      .formatSweep(axis)
      .then((s) => {
        if (live) setSweep({ ...s, for: summary })
      })
      .catch(() => {
        // the sweep is an extra: the panel keeps its figures without the chart
      })
    return () => {
      live = false
    }
  }, [on, summary, axis])

  if (!r?.format || !summary) return null
  const f = r.format
  const label = formatName(f, t)
  const text = t('fmt.summary', {
    format: label,
    gran: t(`fmt.gran.${f.granularity}`),
    sqnr: fmt(r.metrics.sqnrDb, 4),
    bpw: fmt(f.bitsPerWeight, 4),
    scales: fmtInt(f.scaleCount, lang),
    scaleBits: f.scaleBits,
    per: fmtInt(f.valuesPerScale, lang),
  })
  const rows = sweep && sweep.for === summary ? sweep.rows : null
  let best: SweepRow | null = null
  if (rows)
    for (const row of rows)
      if (!best || row.sqnrDb / row.bitsPerWeight > best.sqnrDb / best.bitsPerWeight) best = row
  const g128 = rows?.find((row) => row.id === 'int4-g128')
  return (
    <>
      <ChartFrame title={t('fmt.title')} summary={text} name="formats" hideId="formats">
        <table className="metrics-table" data-testid="fmt-cost">
          <tbody>
            <tr>
              <th scope="row">{t('fmt.label')}</th>
              <td>{label}</td>
            </tr>
            <tr>
              <th scope="row">{t('lab.granularity')}</th>
              <td>{t(`fmt.gran.${f.granularity}`)}</td>
            </tr>
            <tr>
              <th scope="row">{t('fmt.cost')}</th>
              <td className="figure-num" data-testid="fmt-bpw">
                {fmt(f.bitsPerWeight, 5)}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('err.sqnr')}</th>
              <td className="figure-num" data-testid="fmt-sqnr">
                {fmt(r.metrics.sqnrDb, 5)} dB
              </td>
            </tr>
            <tr>
              <th scope="row">{t('err.mse')}</th>
              <td className="figure-num">{fmt(r.metrics.mse, 6)}</td>
            </tr>
          </tbody>
        </table>
        {!f.calibrated && <p className="muted small">{t('fmt.notCalibrated')}</p>}
        {f.groupClamped && (
          <p className="muted small">{t('fmt.groupClamped', { len: fmtInt(f.valuesPerScale, lang) })}</p>
        )}
      </ChartFrame>
      {rows && (
        <ChartFrame
          title={t('fmt.sweepTitle')}
          summary={t('fmt.sweepSummary', {
            best: best ? t(`fmt.sweep.${best.id}`) : '—',
            g128: g128 ? fmt(g128.bitsPerWeight, 4) : '—',
          })}
          name="format-sweep"
          hideId="formats"
        >
          <SweepChart
            xLabel={t('fmt.sweepX')}
            yLabel={t('fmt.sweepY')}
            points={sweepPoints(rows, { bpw: f.bitsPerWeight, sqnr: r.metrics.sqnrDb }, t)}
          />
          <table className="metrics-table num-table" data-testid="fmt-sweep">
            <thead>
              <tr>
                <th scope="col">{t('fmt.sweepCol.format')}</th>
                <th scope="col">{t('fmt.sweepCol.bpw')}</th>
                <th scope="col">{t('fmt.sweepCol.sqnr')}</th>
                <th scope="col">{t('fmt.sweepCol.mse')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{t(`fmt.sweep.${row.id}`)}</th>
                  <td className="figure-num">{fmt(row.bitsPerWeight, 4)}</td>
                  <td className="figure-num">{fmt(row.sqnrDb, 4)}</td>
                  <td className="figure-num">{fmt(row.mse, 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sweep && sweep.used < summary.n && (
            <p className="muted small">{t('fmt.sweepUsed', { used: fmtInt(sweep.used, lang) })}</p>
          )}
        </ChartFrame>
      )}
    </>
  )
})

import { ChartFrame } from '../../charts/ChartFrame'
import { fmt } from '../../charts/format'
import { HistogramChart } from '../../charts/HistogramChart'
import { SweepChart, type SweepPoint } from '../../charts/SweepChart'
import { FitTex } from '../../charts/FitTex'
import { smoothScaleTex } from './smoothTex'
import { useT } from '../../i18n'
import type { DenseParams } from '../../state/opsParams'
import { NumberField, Toggle } from '../lab/controls'
import { Slider } from '../learn/widgets/common'
import { useLatest } from './common'
import type { OpsApi } from './opsClient'

/**
 * Activation outlier channels and SmoothQuant on the dense layer (issue 15): the outlier settings, α, the
 * per-tensor int8 error of X·W before and after migration, the best α, the two pairs of histograms and
 * the formula with the numbers of the largest X channel.
 */
export function SmoothPanel({
  p,
  set,
  engine,
  modelKey,
  size,
}: {
  /** batch · k · nout: a large layer without outliers is not swept unasked (one int8 product per α) */
  size: number
  p: DenseParams
  set: (patch: Partial<DenseParams>) => void
  engine: OpsApi
  modelKey: string
}) {
  const t = useT()
  const key = `${modelKey}|${p.alpha}|${p.xtok}`
  const r = useLatest(key, () => engine.smooth(p), p.xout !== null || size <= 4_000_000).result
  const invalid = (a: number, b: number) => t('ops.invalidNumber', { min: a, max: b })
  const summary = r
    ? t('sq.summary', {
        before: fmt(r.before.sqnrDb, 4),
        after: fmt(r.after.sqnrDb, 4),
        alpha: fmt(r.alpha, 3),
        best: fmt(r.best.alpha, 3),
        bestSqnr: fmt(r.best.sqnrDb, 4),
      })
    : ''
  return (
    <section className="panel span-2" aria-labelledby="ops-sq" data-panel="smoothquant">
      <h2 id="ops-sq">{t('sq.title')}</h2>
      <div className="field-grid">
        <NumberField
          label={t('sq.factor')}
          name="xout"
          value={p.xout ?? 1}
          min={1}
          max={1000}
          onCommit={(v) => set({ xout: v === 1 ? null : v })}
          invalidText={invalid}
        />
        <NumberField
          label={t('sq.count')}
          name="xoutk"
          value={p.xoutk}
          min={1}
          max={1024}
          integer
          onCommit={(v) => set({ xoutk: v })}
          invalidText={invalid}
        />
      </div>
      <Slider
        label="α"
        name="alpha"
        value={p.alpha}
        min={0}
        max={1}
        step={0.05}
        onChange={(alpha) => set({ alpha: Math.round(alpha * 100) / 100 })}
      />
      <Toggle label={t('sq.perToken')} name="xtok" checked={p.xtok} onChange={(xtok) => set({ xtok })} />
      {p.xout === null && (
        <p className="muted small" data-message="sq.off">
          {t('sq.off')}
        </p>
      )}
      {r && (
        <>
          <p data-testid="sq-summary">{summary}</p>
          <table className="metrics-table">
            <tbody>
              <tr>
                <th scope="row">{t('sq.before')}</th>
                <td className="figure-num" data-testid="sq-before">
                  {fmt(r.before.sqnrDb, 4)} dB
                </td>
              </tr>
              <tr>
                <th scope="row">{t('sq.after')}</th>
                <td className="figure-num" data-testid="sq-after">
                  {fmt(r.after.sqnrDb, 4)} dB
                </td>
              </tr>
              <tr>
                <th scope="row">{t('sq.best')}</th>
                <td className="figure-num" data-testid="sq-best">
                  {fmt(r.best.alpha, 3)} ({fmt(r.best.sqnrDb, 4)} dB)
                </td>
              </tr>
              <tr>
                <th scope="row">{t('sq.xMax')}</th>
                <td className="figure-num">
                  {fmt(r.xMax[0], 4)} → {fmt(r.xMax[1], 4)}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('sq.wMax')}</th>
                <td className="figure-num">
                  {fmt(r.wMax[0], 4)} → {fmt(r.wMax[1], 4)}
                </td>
              </tr>
            </tbody>
          </table>
          <FitTex tex={smoothScaleTex(r)} />
          <FitTex
            tex={`X' = X\\,\\operatorname{diag}(s)^{-1},\\qquad W' = \\operatorname{diag}(s)\\,W,\\qquad X'W' = XW`}
          />
          <ChartFrame
            title={t('sq.histX')}
            summary={t('sq.histXSummary', { from: fmt(r.xMax[0], 4), to: fmt(r.xMax[1], 4) })}
            name="smoothquant-x"
          >
            <HistogramChart
              edges={r.xEdges}
              counts={r.xBefore}
              overlay={{ counts: r.xAfter, label: "X'" }}
              log
              height={170}
              xLabel="x"
              yLabel={t('hist.y')}
            />
          </ChartFrame>
          <ChartFrame
            title={t('sq.histW')}
            summary={t('sq.histWSummary', { from: fmt(r.wMax[0], 4), to: fmt(r.wMax[1], 4) })}
            name="smoothquant-w"
          >
            <HistogramChart
              edges={r.wEdges}
              counts={r.wBefore}
              overlay={{ counts: r.wAfter, label: "W'" }}
              log
              height={170}
              xLabel="w"
              yLabel={t('hist.y')}
            />
          </ChartFrame>
          <SweepChart
            xLabel="α"
            yLabel={t('fmt.sweepY')}
            height={200}
            xDomain={[-0.05, 1.15]}
            points={r.sweep
              .map((q): SweepPoint => ({ key: String(q.alpha), label: '', x: q.alpha, y: q.sqnrDb }))
              .concat([
                { key: 'cur', label: `α = ${fmt(r.alpha, 3)}`, x: r.alpha, y: r.after.sqnrDb, current: true },
              ])}
          />
        </>
      )}
    </section>
  )
}

import { useMemo } from 'react'
import { HistogramChart } from '../../charts/HistogramChart'
import { fmt } from '../../charts/format'
import { LabEngine } from '../../engine/labEngine'
import { useT } from '../../i18n'
import { traitorPreset } from '../../lab/labStore'
import { quantSettingsOf } from '../../lab/useLabCompute'
import { generateTensor, sourceSpecOf } from '../../engine/sources'
import { inlierMse } from '../../learn/calibrators'
import { useApp } from '../../state/appStore'
import { buildHash, type Route } from '../../state/route'
import { CALIBRATORS } from '../../registry/calibrators'

type Method = 'minmax' | 'percentile' | 'entropy'

/** The traitor, computed by the core on the spot: the same numbers the Lab and the step-through show. */
function useTraitorStory() {
  return useMemo(() => {
    const p = traitorPreset()
    const engine = new LabEngine()
    const summary = engine.generate(sourceSpecOf(p))
    const base = quantSettingsOf(p)
    const run = (calib: Method): ReturnType<LabEngine['quantize']> => engine.quantize({ ...base, calib })
    const results = { minmax: run('minmax'), percentile: run('percentile'), entropy: run('entropy') }
    // the error over the 9,999 other values: the traitor's own error left out (as in the calibration chapter)
    const tensor = generateTensor(sourceSpecOf(p))
    const honest = {
      minmax: inlierMse(tensor, results.minmax.plan),
      percentile: inlierMse(tensor, results.percentile.plan),
      entropy: inlierMse(tensor, results.entropy.plan),
    }
    return { summary, results, honest }
  }, [])
}

export function HomePage() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)
  const { summary, results, honest } = useTraitorStory()
  const q = new URLSearchParams({ lang })
  const link = (r: Route, extra?: Record<string, string>) =>
    buildHash(
      r,
      new URLSearchParams({ ...Object.fromEntries(q), ...(present ? { present: '1' } : {}), ...extra }),
    )
  const mm = results.minmax
  const methods: Method[] = ['minmax', 'percentile', 'entropy']
  return (
    <div className="page home">
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
      </section>
      <section className="story panel" aria-labelledby="story-h">
        <h2 id="story-h">{t('home.storyTitle')}</h2>
        <p>{t('home.storyIntro')}</p>
        <HistogramChart
          edges={summary.display.edges}
          counts={summary.display.counts}
          log
          height={240}
          markers={methods.map((m) => ({
            key: m,
            x: results[m].threshold,
            label: t(`calib.${m}`),
            color: CALIBRATORS[m].color,
            dash: CALIBRATORS[m].dash,
            mirror: true,
          }))}
          xLabel={t('hist.x')}
          yLabel={t('hist.yLog')}
        />
        <p className="story-key" data-testid="story-minmax">
          {t('home.storyMinmax', {
            scale: fmt(mm.plan.scale, 6),
            used: mm.codesUsedInliers,
            total: mm.codesTotal,
          })}
        </p>
        <div className="table-x">
          <table className="story-table">
            <thead>
              <tr>
                <th scope="col">{t('home.colMethod')}</th>
                <th scope="col">{t('home.colThreshold')}</th>
                <th scope="col">{t('home.colScale')}</th>
                <th scope="col">{t('home.colCodes')}</th>
                <th scope="col">{t('home.colMse')}</th>
                <th scope="col">{t('home.colMseHonest')}</th>
              </tr>
            </thead>
            <tbody>
              {methods.map((m) => (
                <tr key={m} data-method={m}>
                  <th scope="row">
                    <span
                      className="swatch line"
                      style={{ borderColor: CALIBRATORS[m].color }}
                      aria-hidden="true"
                    />{' '}
                    {t(`calib.${m}`)}
                  </th>
                  <td className="figure-num">{fmt(results[m].threshold, 6)}</td>
                  <td className="figure-num">{fmt(results[m].plan.scale, 6)}</td>
                  <td className="figure-num">
                    {t('sum.codesValue', { used: results[m].codesUsedInliers, total: results[m].codesTotal })}
                  </td>
                  <td className="figure-num" data-testid={`home-mse-${m}`}>
                    {fmt(results[m].metrics.mse, 4)}
                  </td>
                  <td className="figure-num" data-testid={`home-mse-honest-${m}`}>
                    {fmt(honest[m], 4)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small" data-testid="story-note">
          {t('home.storyNote', {
            gain: fmt(honest.minmax / Math.max(honest.percentile, honest.entropy), 2),
            pctClipped: results.percentile.metrics.clipped,
          })}
        </p>
      </section>
      <section className="ways" aria-labelledby="ways-h">
        <h2 id="ways-h">{t('home.waysTitle')}</h2>
        <ul className="cards">
          <li className="card">
            <h3>
              <a href={link({ name: 'traitor' })}>{t('nav.traitor')}</a>
            </h3>
            <p>{t('home.wayTraitor')}</p>
          </li>
          <li className="card">
            <h3>
              <a href={link({ name: 'lab', tab: 'tensor' })}>{t('nav.lab')}</a>
            </h3>
            <p>{t('home.wayLab')}</p>
          </li>
          <li className="card">
            <h3>
              <a href={link({ name: 'traitor' }, { present: '1' })}>{t('present.on')}</a>
            </h3>
            <p>{t('home.wayPresent')}</p>
          </li>
        </ul>
      </section>
    </div>
  )
}

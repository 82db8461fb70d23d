import story from 'virtual:traitor-story'
import { HistogramChart } from '../../charts/HistogramChart'
import { fmt } from '../../charts/format'
import { useT } from '../../i18n'
import { Phrases } from '../../i18n/Phrases'
import { STORY_METHODS } from '../../learn/traitorStoryShape'
import { useApp } from '../../state/appStore'
import { buildHash, type Route } from '../../state/route'
import { CALIBRATORS } from '../../registry/calibrators'

export function HomePage() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)
  // the traitor, computed by the core when the app was built (src/learn/traitorStory.ts): the same numbers the
  // Lab and the step-through show
  const { display, rows } = story
  const q = new URLSearchParams({ lang })
  const link = (r: Route, extra?: Record<string, string>) =>
    buildHash(
      r,
      new URLSearchParams({ ...Object.fromEntries(q), ...(present ? { present: '1' } : {}), ...extra }),
    )
  const mm = rows.minmax
  const methods = STORY_METHODS
  return (
    <div className="page home">
      <section className="hero">
        <h1>
          <Phrases text={t('home.title')} />
        </h1>
        <p className="lead">{t('home.lead')}</p>
      </section>
      <section className="story panel" aria-labelledby="story-h">
        <h2 id="story-h">{t('home.storyTitle')}</h2>
        <p>{t('home.storyIntro')}</p>
        <HistogramChart
          edges={display.edges}
          counts={display.counts}
          log
          height={240}
          markers={methods.map((m) => ({
            key: m,
            x: rows[m].threshold,
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
            scale: fmt(mm.scale, 6),
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
                  <td className="figure-num">{fmt(rows[m].threshold, 6)}</td>
                  <td className="figure-num">{fmt(rows[m].scale, 6)}</td>
                  <td className="figure-num">
                    {t('sum.codesValue', { used: rows[m].codesUsedInliers, total: rows[m].codesTotal })}
                  </td>
                  <td className="figure-num" data-testid={`home-mse-${m}`}>
                    {fmt(rows[m].mse, 4)}
                  </td>
                  <td className="figure-num" data-testid={`home-mse-honest-${m}`}>
                    {fmt(rows[m].honestMse, 4)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small" data-testid="story-note">
          {t('home.storyNote', {
            gain: fmt(rows.minmax.honestMse / Math.max(rows.percentile.honestMse, rows.entropy.honestMse), 2),
            pctClipped: rows.percentile.clipped,
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

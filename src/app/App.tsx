import { Suspense, useEffect } from 'react'
import { useT } from '../i18n'
import { listenToLocation, useApp } from '../state/appStore'
import { Header } from './Header'
import { UpdatePrompt } from './UpdatePrompt'
import { NotFound } from './NotFound'
import { HomePage } from '../views/home/HomePage'
import { usePresenterKeys } from './usePresenterKeys'
import { HIDEABLE } from './presentation'
import { ViewBoundary, lazyView } from './ViewBoundary'

// Views other than the home page load on demand, so the first paint only pays for what it shows.
// A view whose chunk fails to load (404 after a redeploy, offline) shows a message in its place; the load is
// tried again when the view is shown again.
const LabPage = lazyView(() => import('../views/lab/LabPage'))
const TraitorPage = lazyView(() => import('../views/traitor/TraitorPage'))
const LearnPage = lazyView(() => import('../views/learn/LearnPage'))
const ModelPage = lazyView(() => import('../views/model/ModelPage'))
const AccuracyPage = lazyView(() => import('../views/accuracy/AccuracyPage'))

export function App() {
  const t = useT()
  const route = useApp((s) => s.route)
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)

  useEffect(() => listenToLocation(), [])
  useEffect(() => {
    document.documentElement.lang = lang
    document.title = `${t('app.name')} · ${t('app.tagline')}`
  }, [lang, t])
  const hidden = useApp((s) => s.hidden)
  useEffect(() => {
    const html = document.documentElement
    html.classList.toggle('present', present)
    for (const id of HIDEABLE) html.classList.toggle(`hide-${id}`, present && hidden.has(id))
  }, [present, hidden])
  usePresenterKeys()

  // one error boundary per view: leaving a failed view resets it
  const viewKey = JSON.stringify(route)
  let view
  switch (route.name) {
    case 'home':
      view = <HomePage />
      break
    case 'lab':
      view = <LabPage tab={route.tab} />
      break
    case 'traitor':
      view = <TraitorPage />
      break
    case 'learn':
      view = <LearnPage chapter={route.chapter} />
      break
    case 'model':
      view = <ModelPage />
      break
    case 'accuracy':
      view = <AccuracyPage />
      break
    default:
      view = <NotFound path={route.name === 'not-found' ? route.path : ''} />
  }

  return (
    <div className="app">
      <Header />
      <main id="main" tabIndex={-1}>
        <ViewBoundary key={viewKey} name={route.name}>
          <Suspense
            fallback={
              <div className="loading" role="status" aria-live="polite">
                …
              </div>
            }
          >
            {view}
          </Suspense>
        </ViewBoundary>
      </main>
      <footer className="app-footer">
        <p>{t('footer.about')}</p>
      </footer>
      <UpdatePrompt />
    </div>
  )
}

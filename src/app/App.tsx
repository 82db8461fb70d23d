import { Suspense, lazy, useEffect } from 'react'
import { useT } from '../i18n'
import { listenToLocation, useApp } from '../state/appStore'
import { Header } from './Header'
import { UpdatePrompt } from './UpdatePrompt'
import { NotFound } from './NotFound'
import { HomePage } from '../views/home/HomePage'
import { usePresenterKeys } from './usePresenterKeys'
import { HIDEABLE } from './presentation'

// Views other than the home page load on demand, so the first paint only pays for what it shows.
const LabPage = lazy(() => import('../views/lab/LabPage'))
const TraitorPage = lazy(() => import('../views/traitor/TraitorPage'))
const LearnPage = lazy(() => import('../views/learn/LearnPage'))

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
    default:
      view = <NotFound path={route.name === 'not-found' ? route.path : ''} />
  }

  return (
    <div className="app">
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense
          fallback={
            <div className="loading" role="status" aria-live="polite">
              …
            </div>
          }
        >
          {view}
        </Suspense>
      </main>
      <footer className="app-footer">
        <p>{t('footer.about')}</p>
      </footer>
      <UpdatePrompt />
    </div>
  )
}

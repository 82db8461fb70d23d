/**
 * The service worker's two messages: "saved for offline use" once after the first visit, and "a new version
 * is ready" when a deploy has been downloaded — the page reloads only when the user says so (Workbox's
 * waiting worker is activated by `updateServiceWorker(true)`), so nobody loses a half-built example in class.
 */
import { useRegisterSW } from 'virtual:pwa-register/react'
import { useT } from '../i18n'

export function UpdatePrompt() {
  const t = useT()
  const {
    offlineReady: [offlineReady, setOfflineReady],
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError() {
      // no service worker (private mode, file://, old browser): the app works as before, only not offline
    },
  })
  if (!offlineReady && !needRefresh) return null
  return (
    <div className="pwa-toast" role="status" aria-live="polite" aria-label={t('pwa.region')}>
      {needRefresh ? (
        <>
          <p>{t('pwa.updateReady')}</p>
          <div className="pwa-actions">
            <button type="button" className="primary" onClick={() => void updateServiceWorker(true)}>
              {t('pwa.reload')}
            </button>
            <button type="button" onClick={() => setNeedRefresh(false)}>
              {t('pwa.later')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-pwa="offline-ready">{t('pwa.offlineReady')}</p>
          <div className="pwa-actions">
            <button type="button" onClick={() => setOfflineReady(false)}>
              {t('pwa.dismiss')}
            </button>
          </div>
        </>
      )}
    </div>
  )
}

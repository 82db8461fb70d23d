import { memo, useState } from 'react'
import { useT, type MessageKey } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { withLoadedName } from '../../lab/loadedName'
import type { ParamNotice } from '../../state/paramCodec'
import { WorkerNotice } from '../../app/WorkerNotice'
import { echo } from '../echo'

/** At most this many notices are listed; the rest are counted (10,000 unknown parameters are one line). */
export const MAX_NOTICES = 8
/**
 * A view's link notices as plain text (dismissable until they change), and its failure, in the user's language
 * (`failedKey` takes `{detail}`), in an alert region: the add, dense, accuracy and model views share it (the
 * model view says its failures beside each model, and gives no `error`).
 */
export function LinkMessages({
  notices,
  error = null,
  failedKey,
}: {
  notices: ParamNotice[]
  error?: string | null
  failedKey?: MessageKey
}) {
  const t = useT()
  const [hidden, setHidden] = useState<string | null>(null)
  const sig = JSON.stringify(notices)
  return (
    <div className="notices">
      <div role="alert" className="alert-region">
        {error && failedKey && (
          <div className="notice error" data-message={failedKey}>
            <span>{t(failedKey, { detail: error })}</span>
          </div>
        )}
      </div>
      <div aria-live="polite" className="status-region">
        {notices.length > 0 && hidden !== sig && (
          <div className="notice" data-message="link-notices">
            <NoticeList notices={notices} />
            <button type="button" className="small" onClick={() => setHidden(sig)}>
              {t('notice.dismiss')}
            </button>
          </div>
        )}
      </div>
    </div>
  )
}

/** What the link parameters' notices say, as a list of plain-text items (shared by every view). */
export function NoticeList({ notices }: { notices: ParamNotice[] }) {
  const t = useT()
  const shown = notices.slice(0, MAX_NOTICES)
  const rest = notices.length - shown.length
  return (
    <ul>
      {shown.map((n, i) => {
        const key = echo(n.key, t)
        const value = echo(n.value, t)
        const used = echo(n.used, t)
        return (
          <li key={i}>
            {n.reason === 'unknown'
              ? t('notice.unknown', { key })
              : n.reason === 'clamped'
                ? t('notice.clamped', { key, value, used })
                : n.reason === 'version'
                  ? t('notice.version', { value, used })
                  : n.reason === 'order'
                    ? t('notice.order', { key, value, used, other: echo(n.other, t) })
                    : n.reason === 'repeated'
                      ? t('notice.repeated', { key, value, used })
                      : n.reason === 'language'
                        ? // the language shown is the one this notice is written in
                          t('notice.language', { value, used: t('lang.shown') })
                        : n.used
                          ? t('notice.invalid', { key, value, used })
                          : t('notice.invalidNoDefault', { key, value })}
          </li>
        )
      })}
      {rest > 0 && <li data-notice="more">{t('notice.more', { count: rest })}</li>}
    </ul>
  )
}

/**
 * Link notices (unknown/invalid/clamped parameters) and messages (bad files, failures), announced to screen
 * readers. Everything shown here is text: values from the link or a file never become markup.
 */
// memo: no props, so it re-renders only when the store slices it reads change
export const Messages = memo(function Messages() {
  const t = useT()
  const notices = useLab((s) => s.notices)
  const messages = useLab((s) => s.messages)
  const dismiss = useLab((s) => s.dismiss)
  const dismissNotices = useLab((s) => s.dismissNotices)
  const errors = messages.filter((m) => m.kind === 'error')
  const infos = messages.filter((m) => m.kind === 'info')
  return (
    <div className="notices">
      <div role="alert" className="alert-region">
        {errors.map((m) => (
          <div key={m.id} className="notice error" data-message={m.key}>
            <span>
              {t(m.key, withLoadedName(m.vars, t))}
              {m.then && ` ${t(m.then.key, withLoadedName(m.then.vars, t))}`}
            </span>
            <button type="button" className="small" onClick={() => dismiss(m.id)}>
              {t('notice.dismiss')}
            </button>
          </div>
        ))}
      </div>
      <div aria-live="polite" className="status-region">
        <WorkerNotice name="lab" />
        {infos.map((m) => (
          <div key={m.id} className="notice" data-message={m.key}>
            <span>
              {t(m.key, withLoadedName(m.vars, t))}
              {m.then && ` ${t(m.then.key, withLoadedName(m.then.vars, t))}`}
            </span>
            <button type="button" className="small" onClick={() => dismiss(m.id)}>
              {t('notice.dismiss')}
            </button>
          </div>
        ))}
        {notices.length > 0 && (
          <div className="notice" data-message="link-notices">
            <NoticeList notices={notices} />
            <button type="button" className="small" onClick={dismissNotices}>
              {t('notice.dismiss')}
            </button>
          </div>
        )}
      </div>
    </div>
  )
})

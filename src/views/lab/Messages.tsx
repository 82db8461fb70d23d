import { memo } from 'react'
import { useT } from '../../i18n'
import { useLab } from '../../lab/labStore'
import type { ParamNotice } from '../../state/paramCodec'
import { WorkerNotice } from '../../app/WorkerNotice'

/** What the link parameters' notices say, as a list of plain-text items (shared by every view). */
export function NoticeList({ notices }: { notices: ParamNotice[] }) {
  const t = useT()
  return (
    <ul>
      {notices.map((n, i) => (
        <li key={i}>
          {n.reason === 'unknown'
            ? t('notice.unknown', { key: n.key })
            : n.reason === 'clamped'
              ? t('notice.clamped', { key: n.key, value: n.value, used: n.used ?? '' })
              : n.reason === 'version'
                ? t('notice.version', { value: n.value, used: n.used ?? '' })
                : n.used
                  ? t('notice.invalid', { key: n.key, value: n.value, used: n.used })
                  : t('notice.invalidNoDefault', { key: n.key, value: n.value })}
        </li>
      ))}
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
              {t(m.key, m.vars)}
              {m.then && ` ${t(m.then.key, m.then.vars)}`}
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
              {t(m.key, m.vars)}
              {m.then && ` ${t(m.then.key, m.then.vars)}`}
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

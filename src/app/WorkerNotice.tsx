import { useT } from '../i18n'
import { useWorkerFallbacks } from '../worker/workerClient'

/**
 * Why the worker whose client records under `name` is not used, in the user's language (the `{detail}` of the
 * notices), or null while it is (or when there is no such client).
 */
export function useWorkerFailure(name: string | undefined): string | null {
  const t = useT()
  const why = useWorkerFallbacks((s) => (name === undefined ? undefined : s.reasons[name]))
  // no Worker at all (tests, very old browsers) is said too: large tensors are then slower, and the user
  // should know why
  if (!why) return null
  return why.kind === 'missing'
    ? t('worker.missing')
    : why.kind === 'timeout'
      ? t('worker.timeout', { seconds: why.seconds })
      : why.kind === 'load'
        ? t('worker.loadFailed')
        : why.kind === 'stopped'
          ? t('worker.stopped')
          : why.kind === 'message'
            ? t('worker.messageError')
            : why.detail.slice(0, 160)
}

/** Says, once, that a view computes on the page because its worker is missing or gave up (and why). */
export function WorkerNotice({ name }: { name: string }) {
  const t = useT()
  const detail = useWorkerFailure(name)
  if (detail === null) return null
  return (
    <p className="notice" role="status" data-message="worker.fallback">
      {t('worker.fallback', { detail })}
    </p>
  )
}

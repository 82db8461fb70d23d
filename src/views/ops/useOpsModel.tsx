import { useMemo, type ReactNode } from 'react'
import { useT, type MessageKey } from '../../i18n'
import { Phrases } from '../../i18n/Phrases'
import { WorkerNotice } from '../../app/WorkerNotice'
import type { ParamNotice } from '../../state/paramCodec'
import { LinkMessages } from '../lab/Messages'
import { OUTPUT_SCALE_CODE, OVERFLOW_CODE, RANGE_CODE, ZERO_POINT_CODE } from '../../engine/ops'
import { engineCode, type EngineErrorCode } from '../../engine/engineError'
import { Busy, useLatest } from './common'
import { opsEngine, type OpsApi } from './opsClient'
import { loadedId, syncLoaded, useLoaded } from './useLoaded'

type OpsView = 'add' | 'dense'

/** The message of each refusal the engine codes; any other failure is "the computation failed". */
const FAILED_KEYS: Partial<Record<EngineErrorCode, MessageKey>> = {
  [ZERO_POINT_CODE]: 'ops.err.zeroPoint',
  [OVERFLOW_CODE]: 'ops.err.overflow',
  [OUTPUT_SCALE_CODE]: 'ops.err.outputScale',
  [RANGE_CODE]: 'ops.err.range',
}

/**
 * A view's model from the worker: recomputed when any parameter but the selected element changes (or the
 * loaded tensor it uses arrives), the loaded tensor handed to the engine first when a source is "loaded".
 */
export function useOpsModel<P extends { sel: number | null }, R>(
  view: OpsView,
  p: P,
  usesLoaded: boolean,
  compute: (engine: OpsApi, p: P) => Promise<R>,
) {
  const engine = useMemo(() => opsEngine(), [])
  const loaded = useLoaded(usesLoaded)
  const missing = usesLoaded && !loaded.pending && !loaded.data
  const { sel: _sel, ...rest } = p
  const key = `${JSON.stringify(rest)}|${usesLoaded ? loadedId(loaded.data) : ''}|${loaded.pending}`
  const model = useLatest(key, async () => {
    if (usesLoaded) {
      if (!loaded.data) return null
      await syncLoaded(engine, view, loaded.data)
    }
    return compute(engine, p)
  })
  return { engine, loaded, missing, key, model }
}

/**
 * The selected element's computation, asked for only once its model is on screen (so it never asks for an
 * index the new model does not have). `stale`: it is not yet the selected element's; `consistent`: it
 * belongs to the model on screen, not to the previous one.
 */
export function useOpsElement<E>(
  model: { result: unknown; busy: boolean; error: string | null; resultKey: string | null },
  key: string,
  sel: number,
  fetch: () => Promise<E>,
) {
  const elementKey = `${key}|${sel}`
  const element = useLatest(elementKey, fetch, model.result !== null && !model.busy && model.error === null)
  return {
    element,
    stale: element.resultKey !== elementKey,
    consistent: model.resultKey !== null && element.resultKey?.startsWith(`${model.resultKey}|`) === true,
  }
}

/** The head of an ops view: title (a section heading when embedded in a chapter), intro, messages, progress. */
export function OpsHead({
  view,
  embedded,
  notices,
  error,
  busy,
  missing,
}: {
  view: OpsView
  embedded: boolean
  notices: ParamNotice[]
  error: string | null
  busy: boolean
  missing: boolean
}): ReactNode {
  const t = useT()
  const Title = embedded ? 'h2' : 'h1'
  // a refusal the engine codes (ZERO_POINT_CODE, OVERFLOW_CODE) has a message of its own; any other failure is
  // "the computation failed"
  const c = error === null ? null : engineCode(error)
  const coded = c !== null && c.code in FAILED_KEYS ? c : null
  return (
    <>
      <Title className="lab-title">
        <Phrases text={t(`ops.${view}.title`)} />
      </Title>
      <p className="muted ops-intro">{t(`ops.${view}.intro`)}</p>
      <LinkMessages
        notices={notices}
        error={coded ? coded.detail : error}
        failedKey={coded === null ? 'ops.failed' : FAILED_KEYS[coded.code]!}
      />
      <WorkerNotice name="ops" />
      <Busy busy={busy} label={t('ops.busy')} />
      {missing && (
        <p className="notice" role="status" data-message="ops.loadedMissing">
          {t('ops.loadedMissing')}
        </p>
      )}
    </>
  )
}

/**
 * The one page shell of the add and dense views (issue 11): the settings drawer, then the main column with
 * the head (title, intro, messages, progress) and the view's panels. Embedded in a chapter (`embedded`), the
 * title is a section heading and the shell is marked so the chapter's layout can fit it.
 */
export function OpsShell({
  view,
  embedded,
  controls,
  notices,
  error,
  busy,
  missing,
  children,
}: {
  view: OpsView
  embedded: boolean
  controls: ReactNode
  notices: ParamNotice[]
  error: string | null
  busy: boolean
  missing: boolean
  children: ReactNode
}): ReactNode {
  return (
    <div className={`lab ops-view${embedded ? ' ops-embedded' : ''}`} data-view={view}>
      {controls}
      <div className="lab-main">
        <OpsHead
          view={view}
          embedded={embedded}
          notices={notices}
          error={error}
          busy={busy}
          missing={missing}
        />
        {children}
      </div>
    </div>
  )
}

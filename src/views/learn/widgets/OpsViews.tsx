import { Suspense } from 'react'
import { lazyView } from '../../../app/ViewBoundary'
import { useT } from '../../../i18n'

const AddView = lazyView<{ embed?: string | undefined }>(() => import('../../ops/AddView'))
const DenseView = lazyView<{ embed?: string | undefined }>(() => import('../../ops/DenseView'))

/** A directive value may be written in quotes (`link="a=1&b=2"`). */
const unquote = (s: string | undefined): string => (s ?? '').replace(/^"(.*)"$/, '$1')

function Loading() {
  const t = useT()
  return (
    <div className="loading" role="status">
      {t('ops.busy')}
    </div>
  )
}

/**
 * The Lab's add view itself, in a chapter (`::: widget add-view link=…`): the link state the chapter gives
 * (the same parameters as `#/lab/add`), kept inside the widget, so what the chapter says and what the Lab
 * computes are one computation (the chapter's live numbers come from the same link: src/learn/opsLinks.ts).
 */
export function AddViewWidget({ link }: Record<string, string>) {
  return (
    <Suspense fallback={<Loading />}>
      <AddView embed={unquote(link)} />
    </Suspense>
  )
}

/** The Lab's dense view in a chapter (`::: widget dense-view link=…`), as AddViewWidget. */
export function DenseViewWidget({ link }: Record<string, string>) {
  return (
    <Suspense fallback={<Loading />}>
      <DenseView embed={unquote(link)} />
    </Suspense>
  )
}

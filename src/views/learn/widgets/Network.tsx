/**
 * Chapter 9's live widgets: parts of the `#/model/accuracy` view, each starting from a preset (`preset=` in the
 * directive, one of ACCURACY_PRESETS) and keeping its state to itself (the chapter's link is left alone).
 */
import { lazy, Suspense } from 'react'
import { useT } from '../../../i18n'
import { ACCURACY_PRESETS, encodeAccuracyParams, presetParams } from '../../../params/accuracyParams'
import type { AccuracyPart } from '../../accuracy/AccuracyPage'

const AccuracyView = lazy(() =>
  import('../../accuracy/AccuracyPage').then((m) => ({ default: m.AccuracyView })),
)

function embedOf(preset: string | undefined): string {
  const pr = ACCURACY_PRESETS.find((p) => p.id === preset) ?? ACCURACY_PRESETS[0]
  return encodeAccuracyParams(presetParams(pr)).toString()
}

function Part({ preset, parts, title }: { preset?: string; parts: AccuracyPart[]; title: string }) {
  return (
    <div className="panel learn-panel acc-learn" data-testid={`network-${parts[0]}`}>
      <Suspense fallback={<p className="loading">…</p>}>
        <AccuracyView embed={embedOf(preset)} parts={parts} title={title} />
      </Suspense>
    </div>
  )
}

export function NetworkAccuracyWidget({ preset }: Record<string, string>) {
  const t = useT()
  return <Part preset={preset} parts={['metrics', 'presets']} title={t('acc.widget.accuracy')} />
}

export function NetworkLayersWidget({ preset }: Record<string, string>) {
  const t = useT()
  return <Part preset={preset} parts={['metrics', 'layers', 'acts']} title={t('acc.widget.layers')} />
}

export function NetworkBitsWidget({ preset }: Record<string, string>) {
  const t = useT()
  return <Part preset={preset} parts={['metrics', 'bits']} title={t('acc.widget.bits')} />
}

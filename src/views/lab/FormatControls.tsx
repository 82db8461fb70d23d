import { memo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { FORMAT_REGISTRY, LAB_FORMATS } from '../../registry/formats'
import { useT } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { NumberField, Select } from './controls'

/** The number format (`fmt`) beside the bit width, and the group size of `gran=group` (issue 15). */
// memo: no props, so it re-renders only when the store slices it reads change
export const FormatControls = memo(function FormatControls() {
  const t = useT()
  const p = useLab(useShallow(({ params: q }) => ({ fmt: q.fmt, gran: q.gran, group: q.group })))
  const update = useLab((s) => s.update)
  const info = FORMAT_REGISTRY[p.fmt]
  return (
    <section className="control-group" aria-labelledby="fmt-h">
      <h2 id="fmt-h">{t('fmt.label')}</h2>
      <Select
        label={t('fmt.label')}
        name="fmt"
        value={p.fmt}
        options={LAB_FORMATS.map((f) => ({ value: f, label: t(FORMAT_REGISTRY[f].labelKey) }))}
        onChange={(fmt) => update({ fmt })}
      />
      <p className="muted small" data-testid="fmt-about">
        {t(info.aboutKey)}
      </p>
      {p.gran === 'group' && (
        <NumberField
          name="group"
          label={t('fmt.group')}
          value={p.group}
          min={8}
          max={256}
          integer
          onCommit={(group) => update({ group })}
          invalidText={(a, b) => t('lab.invalidNumber', { min: a, max: b })}
        />
      )}
    </section>
  )
})

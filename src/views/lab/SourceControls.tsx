import { useT } from '../../i18n'
import { useShallow } from 'zustand/react/shallow'
import { useLab } from '../../lab/labStore'
import { sourceSpecOf } from '../../engine/sources'
import {
  BUILTIN_PRESETS,
  applyPreset,
  loadUserPresets,
  patchOf,
  saveUserPresets,
  validPatch,
  type Preset,
} from '../../lab/presets'
import { DISTS, generatedShape, MAX_N, type LabParams } from '../../state/labParams'
import { fmtInt } from '../../charts/format'
import { useApp } from '../../state/appStore'
import { memo, useState } from 'react'
import { NumberField, Select } from './controls'
import { DrawPad } from './DrawPad'
import { LoadPanel } from './LoadPanel'

type Dist = LabParams['dist']

/** Which parameters each generator has. */
const DIST_PARAMS: Record<Dist, (keyof LabParams)[]> = {
  uniform: ['lo', 'hi'],
  normal: ['mu', 'sigma'],
  laplace: ['mu', 'sigma'],
  'student-t': ['mu', 'sigma', 'df'],
  bimodal: ['mu', 'sigma', 'sep', 'mix'],
  lognormal: ['mu', 'sigma'],
  'relu-normal': ['mu', 'sigma'],
  drawn: ['dlo', 'dhi'],
  loaded: [],
}

/** the two ends of a range: each must stay on its side of the other (the link codec repairs a link that does not) */
const PAIRS: Partial<Record<keyof LabParams, { other: 'lo' | 'hi' | 'dlo' | 'dhi'; below: boolean }>> = {
  lo: { other: 'hi', below: true },
  hi: { other: 'lo', below: false },
  dlo: { other: 'dhi', below: true },
  dhi: { other: 'dlo', below: false },
}

/** Says when the outliers do not all land in the tensor (its size lowered after they were placed). */
function OutlierFit({ n, rows, at, outliers }: { n: number; rows: number; at: number; outliers: number }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const { length } = generatedShape(n, rows)
  const fit = Math.max(0, Math.min(outliers, length - at))
  if (fit === outliers) return null
  const last = fmtInt(length - 1, lang)
  return (
    <p className="notice small" role="status" data-message="outlier-fit">
      {fit === 0
        ? t('lab.outlierPast', { at: fmtInt(at, lang), last })
        : t('lab.outlierPartly', { count: fit, outliers, at: fmtInt(at, lang), last })}
    </p>
  )
}

const LIMITS: Partial<Record<keyof LabParams, [number, number]>> = {
  lo: [-1e6, 1e6],
  hi: [-1e6, 1e6],
  mu: [-1e6, 1e6],
  sigma: [1e-9, 1e6],
  df: [0.1, 1000],
  sep: [0, 1e6],
  mix: [0, 1],
  dlo: [-1e6, 1e6],
  dhi: [-1e6, 1e6],
}

// memo: no props, so it re-renders only when the store slices it reads change
export const SourceControls = memo(function SourceControls() {
  const t = useT()
  // only the source fields: a threshold drag does not re-render the data controls
  const p = useLab(useShallow((s) => sourceSpecOf(s.params)))
  const update = useLab((s) => s.update)
  const [stored] = useState(() => loadUserPresets())
  const [userPresets, setUserPresets] = useState<Preset[]>(stored.presets)
  const invalid = (min: number, max: number) => t('lab.invalidNumber', { min, max })
  const sideOf = (k: keyof LabParams) => {
    const pair = PAIRS[k]
    if (!pair) return undefined
    const other = p[pair.other]
    const vars = { other: t(`param.${pair.other}`), value: other }
    const message = t(pair.below ? 'lab.invalidBelow' : 'lab.invalidAbove', vars)
    return (v: number) => ((pair.below ? v < other : v > other) ? null : message)
  }
  const presetOptions = [
    { value: '', label: t('lab.presetChoose') },
    ...BUILTIN_PRESETS.map((pr) => ({ value: pr.id, label: t(pr.nameKey!) })),
    ...userPresets.map((pr) => ({ value: pr.id, label: pr.name! })),
  ]
  const choosePreset = (id: string) => {
    const pr = [...BUILTIN_PRESETS, ...userPresets].find((x) => x.id === id)
    if (pr) update(applyPreset(pr, useLab.getState().params))
  }
  const savePreset = () => {
    const name = window.prompt(t('lab.presetNamePrompt'))?.trim()
    if (!name) return
    // stored only as the link codec reads it back: a preset that would be refused at the next load is not saved
    const patch = validPatch(patchOf(useLab.getState().params))
    if (!patch) {
      useLab.getState().say('error', 'preset.notSaved', { name })
      return
    }
    const list = [...userPresets.filter((x) => x.name !== name), { id: `user-${Date.now()}`, name, patch }]
    setUserPresets(list)
    saveUserPresets(list)
  }
  return (
    <section className="control-group" aria-labelledby="src-h">
      <h2 id="src-h">{t('lab.source')}</h2>
      <div className="preset-row">
        <Select
          label={t('lab.preset')}
          value=""
          options={presetOptions}
          onChange={choosePreset}
          name="preset"
        />
        <button type="button" className="small" onClick={savePreset}>
          {t('lab.presetSave')}
        </button>
      </div>
      {stored.rejected.length > 0 && (
        <p className="notice" role="status" data-message="preset-rejected">
          {t('preset.rejected', { names: stored.rejected.join(', ') })}
        </p>
      )}
      <Select
        label={t('lab.dist')}
        name="dist"
        value={p.dist}
        options={DISTS.map((d) => ({ value: d, label: t(`dist.${d}`) }))}
        onChange={(dist) => update({ dist })}
      />
      <div className="field-grid">
        {DIST_PARAMS[p.dist].map((k) => (
          <NumberField
            key={k}
            name={k}
            label={t(`param.${k}` as 'param.lo')}
            value={p[k as keyof typeof p] as number}
            min={LIMITS[k]![0]}
            max={LIMITS[k]![1]}
            onCommit={(v) => update({ [k]: v })}
            invalidText={invalid}
            check={sideOf(k)}
          />
        ))}
      </div>
      {p.dist === 'drawn' && <DrawPad />}
      {p.dist === 'loaded' && <LoadPanel />}
      {p.dist !== 'loaded' && (
        <div className="field-grid">
          <NumberField
            name="n"
            label={t('param.n')}
            value={p.n}
            min={1}
            max={MAX_N}
            integer
            onCommit={(n) => update({ n })}
            invalidText={invalid}
          />
          <NumberField
            name="seed"
            label={t('param.seed')}
            value={p.seed}
            min={0}
            max={4294967295}
            integer
            onCommit={(seed) => update({ seed })}
            invalidText={invalid}
          />
          <NumberField
            name="rows"
            label={t('param.rows')}
            value={p.rows}
            min={1}
            max={4096}
            integer
            onCommit={(rows) => update({ rows })}
            invalidText={invalid}
          />
          {p.rows > 1 && (
            <NumberField
              name="spread"
              label={t('param.spread')}
              value={p.spread}
              min={0}
              max={5}
              onCommit={(spread) => update({ spread })}
              invalidText={invalid}
            />
          )}
        </div>
      )}
      {p.dist !== 'loaded' && (
        <fieldset className="outlier-box">
          <legend>{t('lab.outliers')}</legend>
          <label className="toggle">
            <input
              type="checkbox"
              name="outlier-on"
              checked={p.outlier !== null}
              onChange={(e) => update({ outlier: e.target.checked ? 10 : null })}
            />
            {t('lab.injectOutlier')}
          </label>
          {p.outlier !== null && (
            <div className="field-grid">
              <NumberField
                name="outlier"
                label={t('param.outlier')}
                value={p.outlier}
                min={-1e30}
                max={1e30}
                onCommit={(outlier) => update({ outlier })}
                invalidText={invalid}
              />
              <NumberField
                name="outliers"
                label={t('param.outliers')}
                value={p.outliers}
                min={0}
                max={MAX_N}
                integer
                onCommit={(outliers) => update({ outliers })}
                invalidText={invalid}
              />
              <NumberField
                name="at"
                label={t('param.at')}
                value={p.at}
                min={0}
                max={MAX_N - 1}
                integer
                onCommit={(at) => update({ at })}
                invalidText={invalid}
              />
            </div>
          )}
          {p.outlier !== null && <OutlierFit n={p.n} rows={p.rows} at={p.at} outliers={p.outliers} />}
        </fieldset>
      )}
    </section>
  )
})

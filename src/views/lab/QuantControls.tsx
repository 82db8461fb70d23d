import { memo } from 'react'
import { useT } from '../../i18n'
import type { Convention } from '../../core/conventions'
import { formatGranularity, usesFormatPath } from '../../engine/formatQuant'
import { labGridSpec, planGrid, symmetricOnly } from '../../engine/plan'
import type { MessageKey } from '../../i18n'
import { useShallow } from 'zustand/react/shallow'
import { useLab } from '../../lab/labStore'
import { CALIBRATORS } from '../../registry/calibrators'
import { FORMAT_REGISTRY, largestLevel } from '../../registry/formats'
import { CALIBS, CONVENTIONS, ROUNDINGS } from '../../state/labParams'
import { NumberField, Segmented, Select, Toggle } from './controls'
import { formatName } from './formatName'

/** A divisor as the labels write it: 127, 127.5, 254. */
const fmtDivisor = (d: number) => String(Number(d.toPrecision(6)))

// memo: no props, so it re-renders only when the store slices it reads change
export const QuantControls = memo(function QuantControls() {
  const t = useT()
  const p = useLab(
    useShallow(({ params: q }) => ({
      conv: q.conv,
      scheme: q.scheme,
      form: q.form,
      bits: q.bits,
      round: q.round,
      unsigned: q.unsigned,
      range: q.range,
      gran: q.gran,
      axis: q.axis,
      fmt: q.fmt,
    })),
  )
  // a number format with its own width (FP8, NF4, …) fixes the bits: shown, not editable
  const fixedBits = FORMAT_REGISTRY[p.fmt].bits !== null
  // the settings as the engine plans them (labGridSpec: a format's own width), read by every grid below so that
  // the bits field, the range switch, the menu and the notes name the grid the engine makes
  const spec = labGridSpec(p)
  const twoD = useLab((s) => (s.summary?.shape[0] ?? 1) > 1)
  const update = useLab((s) => s.update)
  const symOnly = symmetricOnly(p.conv)
  // the grid these settings give (its range, rounding and what the reference lacks do not depend on the data)
  const grid = planGrid(spec, -1, 1)
  // the codes the grid has with the switch on (−127 … 127 at 8 bits, −7 … 7 at 4, 0 … 254 unsigned under
  // PyTorch; a convention that keeps its own range shows it, and its note says the switch is not applied)
  const restricted = planGrid({ ...spec, range: 'restricted' }, -1, 1)
  // a grid whose range no request changes (ONNX Runtime, TensorRT and TVM take it from the scheme; the notes'
  // unsigned symmetric grid spans every code): the switch could only ask again for what is not applied, and a
  // note says so, so it is shown disabled
  const rangeFixed = planGrid({ ...spec, range: 'full' }, -1, 1).range === restricted.range
  const conv = t(`conv.name.${p.conv}` as MessageKey)
  // a number format (FP8, NF4, MX, …) or group-wise scales: the engine's format path scales by the format's own
  // rule (T / its largest value, or each channel's, group's or block's own), never by a convention's divisor, and
  // ignores the integer grid's unsigned codes, range, form and rounding; those controls are shown disabled,
  // with this note. The convention still decides one thing there: TensorRT and TVM calibrate symmetrically
  // (its note stays). The words follow formatQuantize's granularity.
  const ownScale = usesFormatPath(p)
    ? t(`conv.ownScale.${formatGranularity(p, twoD)}`, {
        format: formatName({ fmt: p.fmt, elemBits: spec.bits }, t),
        largest: largestLevel(p.fmt, spec.bits),
        block: FORMAT_REGISTRY[p.fmt].block ?? 0,
      })
    : null
  // each convention's divisor at the current scheme, bits, range and signedness, as the formulas show it: α/127
  // at 8 bits, α/7 at 4; unsigned, the notes' α/255 and TVM's α/256 clipped to 0 … 255; asymmetric, the range
  // (α − β)/255 (TensorRT and TVM stay symmetric: their grid is, and their note says so)
  const conventionLabel = (c: Convention) => {
    const g = planGrid({ ...spec, conv: c }, -1, 1)
    const key: MessageKey = !g.symmetric
      ? (`conv.asym.${c}` as MessageKey)
      : c === 'tvm' && g.qmin === 0
        ? 'conv.tvm.unsigned'
        : `conv.${c}`
    return t(key, { d: fmtDivisor(g.divisor), d2: fmtDivisor(2 * g.divisor), q: g.qmax })
  }
  const rangeText = (kind: 'full' | 'restricted') => {
    const own = planGrid({ ...spec, range: kind }, -1, 1)
    return t(`rangeKind.${kind}`, { qmin: own.qmin, qmax: own.qmax })
  }
  // (under a format only the scheme's note: the range and rounding are the integer grid's, which is not used)
  const adjustments = ownScale ? grid.adjustments.filter((a) => a.key === 'scheme') : grid.adjustments
  const notes = adjustments.map((a) => {
    switch (a.key) {
      case 'scheme':
        return { key: a.key, text: t('conv.adjust.scheme', { conv }) }
      case 'range': {
        // the notes fix the range only for their unsigned symmetric grid (every code, 0 … 2^b − 1): there the
        // sentence is about that grid, not about "the notes always" using a range
        if (a.kind === 'ignored' && p.conv === 'notes')
          return { key: a.key, text: t('conv.adjust.rangeUnsigned', { qmin: grid.qmin, qmax: grid.qmax }) }
        const own = planGrid({ ...spec, range: null }, -1, 1).range
        return a.kind === 'ignored'
          ? { key: a.key, text: t('conv.adjust.rangeIgnored', { conv, range: rangeText(own) }) }
          : { key: a.key, text: t('conv.adjust.rangeCustom', { conv, range: rangeText(own) }) }
      }
      case 'round': {
        const own = planGrid({ ...spec, round: null }, -1, 1).rounding
        return { key: a.key, text: t('conv.adjust.round', { conv, round: t(`roundKind.${own}`) }) }
      }
      default:
        return a.key satisfies never
    }
  })
  return (
    <section className="control-group" aria-labelledby="q-h">
      <h2 id="q-h">{t('lab.quantization')}</h2>
      <Select
        label={t('lab.convention')}
        name="conv"
        value={p.conv}
        options={CONVENTIONS.map((c) => ({
          value: c,
          label: ownScale ? t(`conv.plain.${c}`) : conventionLabel(c),
        }))}
        // (still switchable under a format: TensorRT and TVM calibrate T symmetrically there too)
        onChange={(conv) => update({ conv })}
      />
      {ownScale && (
        <p className="muted small" data-testid="own-scale">
          {ownScale}
        </p>
      )}
      <Segmented
        legend={t('lab.scheme')}
        name="scheme"
        value={symOnly ? 'symmetric' : p.scheme}
        options={[
          { value: 'symmetric', label: t('scheme.symmetric') },
          { value: 'asymmetric', label: t('scheme.asymmetric'), disabled: symOnly },
        ]}
        onChange={(scheme) => update({ scheme })}
      />
      {p.scheme === 'asymmetric' && p.conv === 'notes' && !symOnly && (
        <Segmented
          legend={t('lab.form')}
          name="form"
          value={p.form}
          options={[
            { value: 'notes', label: t('form.notes'), disabled: ownScale !== null },
            { value: 'zp', label: t('form.zp'), disabled: ownScale !== null },
          ]}
          onChange={(form) => update({ form })}
        />
      )}
      <div className="field-grid">
        <NumberField
          name="bits"
          label={t('param.bits')}
          value={spec.bits}
          disabled={fixedBits}
          min={2}
          max={16}
          integer
          onCommit={(bits) => update({ bits })}
          invalidText={(a, b) => t('lab.invalidNumber', { min: a, max: b })}
        />
        <Select
          label={t('lab.round')}
          name="round"
          value={grid.rounding}
          options={ROUNDINGS.map((r) => ({ value: r, label: t(`round.${r}`) }))}
          disabled={ownScale !== null}
          onChange={(round) => update({ round })}
        />
      </div>
      <Toggle
        name="unsigned"
        label={t('lab.unsigned')}
        checked={p.unsigned}
        disabled={ownScale !== null}
        onChange={(unsigned) => update({ unsigned })}
      />
      <Toggle
        name="restricted"
        label={t('lab.restricted', { qmin: restricted.qmin, qmax: restricted.qmax })}
        checked={grid.range === 'restricted'}
        disabled={ownScale !== null || rangeFixed}
        onChange={(on) => update({ range: on ? 'restricted' : 'full' })}
      />
      {notes.length > 0 && (
        <ul className="control-notes" data-testid="convention-notes">
          {notes.map((n) => (
            <li key={n.key} data-adjust={n.key}>
              {n.text}
            </li>
          ))}
        </ul>
      )}
      {twoD && (
        <div className="field-grid">
          <Select
            label={t('lab.granularity')}
            name="gran"
            value={p.gran}
            options={[
              { value: 'tensor', label: t('gran.tensor') },
              { value: 'channel', label: t('gran.channel') },
              { value: 'group', label: t('gran.group') },
            ]}
            onChange={(gran) => update({ gran })}
          />
          <Select
            label={t('lab.axis')}
            name="axis"
            value={p.axis}
            options={[
              { value: 'row', label: t('axis.row') },
              { value: 'col', label: t('axis.col') },
            ]}
            onChange={(axis) => update({ axis })}
          />
        </div>
      )}
    </section>
  )
})

// memo: no props, so it re-renders only when the store slices it reads change
export const CalibControls = memo(function CalibControls() {
  const t = useT()
  const p = useLab(
    useShallow(({ params: q }) => ({
      calib: q.calib,
      variant: q.variant,
      pct: q.pct,
      pctmode: q.pctmode,
      log: q.log,
      variants: q.variants,
    })),
  )
  const update = useLab((s) => s.update)
  return (
    <section className="control-group" aria-labelledby="c-h">
      <h2 id="c-h">{t('lab.calibration')}</h2>
      <Segmented
        legend={t('lab.method')}
        name="calib"
        value={p.calib}
        options={CALIBS.map((c) => ({ value: c, label: t(CALIBRATORS[c].labelKey) }))}
        onChange={(calib) =>
          update(
            // the threshold is read here, not subscribed to: a threshold step need not re-render the controls
            calib === 'manual' && useLab.getState().params.t === null
              ? { calib, t: useLab.getState().result?.threshold ?? null }
              : { calib },
          )
        }
      />
      {CALIBRATORS[p.calib].variants.length > 0 && (
        <Select
          label={t('lab.variant')}
          name="variant"
          value={p.variant}
          options={CALIBRATORS[p.calib].variants.map((v) => ({ value: v, label: t(`variant.${v}`) }))}
          onChange={(variant) => update({ variant })}
        />
      )}
      {p.calib === 'percentile' && (
        <div className="field-grid">
          <NumberField
            name="pct"
            label={t('param.pct')}
            value={p.pct}
            min={0.001}
            max={100}
            onCommit={(pct) => update({ pct })}
            invalidText={(a, b) => t('lab.invalidNumber', { min: a, max: b })}
          />
          <Select
            label={t('lab.pctmode')}
            name="pctmode"
            value={p.pctmode}
            options={[
              { value: 'hist', label: t('pctmode.hist') },
              { value: 'notes', label: t('pctmode.notes') },
            ]}
            onChange={(pctmode) => update({ pctmode })}
          />
        </div>
      )}
      <Toggle
        name="variants"
        label={t('lab.showVariants')}
        checked={p.variants}
        onChange={(variants) => update({ variants })}
      />
      <Toggle name="log" label={t('lab.logCounts')} checked={p.log} onChange={(log) => update({ log })} />
    </section>
  )
})

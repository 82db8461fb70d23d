import { useId, type ReactNode } from 'react'
import { useT, type MessageKey } from '../../../i18n'
import { Segmented } from '../../lab/controls'

export { Segmented }

/** A labelled range slider (native input: arrow keys, Page Up/Down, Home/End) with its value shown. */
export function Slider({
  label,
  value,
  min,
  max,
  step,
  onChange,
  format = String,
  name,
}: {
  label: string
  value: number
  min: number
  max: number
  step: number
  onChange: (v: number) => void
  format?: (v: number) => string
  name?: string
}) {
  const id = useId()
  return (
    <div className="learn-slider">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={format(value)}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output htmlFor={id} className="figure-num">
        {format(value)}
      </output>
    </div>
  )
}

/** "1 value" or "n values" in the current language. */
export function useValuesText(): (n: number) => string {
  const t = useT()
  return (n) => (n === 1 ? t('learn.values.one') : t('learn.values.many', { n }))
}

/** A widget without a chart: a titled panel. */
export function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId()
  return (
    <section className="panel learn-panel" aria-labelledby={id} data-testid={testId}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  )
}

export function Controls({ children }: { children: ReactNode }) {
  return <div className="learn-controls">{children}</div>
}

/** The data set a widget shows (a choice of the tutorial's distributions, named by `learn.dist.*`). */
export function DistChoice<D extends string>({
  name,
  value,
  options,
  onChange,
}: {
  name: string
  value: D
  options: readonly D[]
  onChange: (d: D) => void
}) {
  const t = useT()
  return (
    <Segmented
      legend={t('learn.dist')}
      name={name}
      value={value}
      options={options.map((d) => ({ value: d, label: t(`learn.dist.${d}` as MessageKey) }))}
      onChange={onChange}
    />
  )
}

/** The bit width of a widget's grid, 2 … 8. */
export function BitsSlider({
  name,
  value,
  onChange,
}: {
  name: string
  value: number
  onChange: (b: number) => void
}) {
  const t = useT()
  return (
    <Slider label={t('learn.bits')} value={value} min={2} max={8} step={1} onChange={onChange} name={name} />
  )
}

import { useId, type ReactNode } from 'react'
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

import { useId, useState, type ReactNode } from 'react'
import { asciiNumberText } from '../../lab/numberScan'

/** Small form controls shared by the Lab's panels. Labels are always real <label>s. */

export function Field({
  label,
  children,
  hint,
}: {
  label: string
  children: (id: string) => ReactNode
  hint?: string
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <small className="muted">{hint}</small>}
    </div>
  )
}

export function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  name,
}: {
  label: string
  value: T
  options: { value: T; label: string }[]
  onChange: (v: T) => void
  disabled?: boolean
  name?: string
}) {
  return (
    <Field label={label}>
      {(id) => (
        <select
          id={id}
          name={name}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

/**
 * A number input that commits on Enter/blur, refuses what is not a finite number in range (with a message
 * next to it) and keeps the last good value, so a typo never loses the state.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step,
  integer,
  onCommit,
  invalidText,
  check,
  name,
  disabled,
}: {
  label: string
  value: number
  min: number
  max: number
  step?: number
  integer?: boolean
  onCommit: (v: number) => void
  invalidText: (min: number, max: number) => string
  /** a further check against the other fields (e.g. low below high): the message, or null when it passes */
  check?: ((v: number) => string | null) | undefined
  name?: string
  /** shown, not editable (a setting the current choice fixes) */
  disabled?: boolean
}) {
  const [text, setText] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const errId = useId()
  const commit = () => {
    if (text === null) return
    // fullwidth digits, signs and points (an input method in fullwidth mode) and the minus sign U+2212 are read as
    // the ASCII ones, as the Lab's loader reads them ("－５" was refused as not a number); "0x10" and the like,
    // which Number() reads, are not decimal numbers and are refused
    const plain = asciiNumberText(text.trim())
    const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain) ? Number(plain) : NaN
    if (
      text.trim() === '' ||
      !Number.isFinite(v) ||
      v < min ||
      v > max ||
      (integer && !Number.isInteger(v))
    ) {
      setError(invalidText(min, max))
      return
    }
    const against = check?.(v) ?? null
    if (against !== null) {
      setError(against)
      return
    }
    setError(null)
    setText(null)
    if (v !== value) onCommit(v)
  }
  return (
    <Field label={label}>
      {(id) => (
        <>
          <input
            id={id}
            name={name}
            type="text"
            inputMode="decimal"
            value={text ?? String(value)}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errId : undefined}
            onChange={(e) => setText(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit()
              if (e.key === 'Escape') {
                setText(null)
                setError(null)
              }
            }}
            data-step={step}
          />
          {error && (
            <small id={errId} className="field-error" role="alert">
              {error}
            </small>
          )}
        </>
      )}
    </Field>
  )
}

export function Toggle({
  label,
  checked,
  onChange,
  name,
  disabled,
}: {
  label: string
  checked: boolean
  onChange: (v: boolean) => void
  name?: string
  /** shown, not switchable (a setting the current choice does not use; a note nearby says why) */
  disabled?: boolean
}) {
  return (
    <label className={disabled ? 'toggle disabled' : 'toggle'}>
      <input
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  )
}

export function Segmented<T extends string>({
  legend,
  value,
  options,
  onChange,
  name,
}: {
  legend: string
  value: T
  options: { value: T; label: string; disabled?: boolean }[]
  onChange: (v: T) => void
  name: string
}) {
  return (
    <fieldset className="segmented">
      <legend>{legend}</legend>
      <div className="segmented-options">
        {options.map((o) => (
          <label key={o.value} className={o.value === value ? 'on' : undefined}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={o.value === value}
              disabled={o.disabled}
              onChange={() => onChange(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  )
}

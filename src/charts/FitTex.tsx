import { useCallback, useLayoutEffect, useRef, useState, type HTMLAttributes } from 'react'
import { formulaForms } from './texBreaks'
import { Tex } from './Tex'

/**
 * A display formula that fits its column: when the formula is wider than the column it is shown broken, one
 * step at a time (formulaForms: its \\qquad parts stacked, then each line broken before its relations, then a
 * long side split in two), measured as laid out, before paint. The step sticks while the column keeps its
 * width or narrows (a formula whose live numbers change does not jump between forms); a wider column starts
 * over from the unbroken form. The wrapper keeps its sideways scroll for a formula that no form fits.
 */
export function FitTex({
  tex,
  ...rest
}: { tex: string } & Omit<HTMLAttributes<HTMLDivElement>, 'children'> & Record<`data-${string}`, unknown>) {
  const ref = useRef<HTMLDivElement>(null)
  /** the form Tex last put on screen */
  const typesetRef = useRef<string | null>(null)
  const [fit, setFit] = useState({ step: 0, width: 0 })
  const forms = formulaForms(tex)
  const step = Math.min(fit.step, forms.length - 1)
  const shown = forms[step]
  const measure = useCallback(
    (typeset: string | null) => {
      const el = ref.current
      if (!el) return
      const width = el.clientWidth
      setFit((f) => {
        if (f.step > 0 && width > f.width) return { step: 0, width }
        // only the form that is on screen is measured (Tex typesets a changed formula a render later)
        if (typeset !== shown || step >= forms.length - 1 || el.scrollWidth <= width + 1) return f
        return { step: step + 1, width }
      })
    },
    [shown, step, forms.length],
  )
  const onTypeset = useCallback(
    (typeset: string) => {
      typesetRef.current = typeset
      measure(typeset)
    },
    [measure],
  )
  useLayoutEffect(() => {
    const el = ref.current
    // (no ResizeObserver in component tests: the formula is measured when typeset only)
    if (!el || typeof ResizeObserver === 'undefined') return
    const again = () => measure(typesetRef.current)
    const ro = new ResizeObserver(again)
    ro.observe(el)
    // KaTeX's fonts arrive after the first layout and widen the formula without resizing its box
    document.fonts?.addEventListener('loadingdone', again)
    return () => {
      ro.disconnect()
      document.fonts?.removeEventListener('loadingdone', again)
    }
  }, [measure])
  return (
    <div ref={ref} {...rest} data-breaks={step || undefined}>
      <Tex tex={shown} display onTypeset={onTypeset} />
    </div>
  )
}

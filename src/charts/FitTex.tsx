import {
  memo,
  useCallback,
  useDeferredValue,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type HTMLAttributes,
} from 'react'
import { formulaForms } from './texBreaks'
import { Tex } from './Tex'

type Props = { tex: string } & Omit<HTMLAttributes<HTMLDivElement>, 'children'> &
  Record<`data-${string}`, unknown>

/**
 * A display formula that fits its column: while the formula is wider than the column it is shown broken one
 * step further (formulaForms: its items stacked, then each line broken before its relations, then a long side
 * split in two, then broken inside its brackets, a long fraction and its products). A changed formula (live numbers) is typeset in React's background render, as Tex does; the
 * steps themselves are synchronous re-renders from the layout effect, so they all happen before the browser
 * paints and no overflowing form is ever shown. The step sticks while the column keeps its width or narrows (a
 * formula whose numbers change does not jump between forms); a wider column starts over from the unbroken
 * form. The wrapper keeps its sideways scroll for a formula that no form fits.
 */
export const FitTex = memo(function FitTex({ tex, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  const shownTex = useDeferredValue(tex)
  const forms = useMemo(() => formulaForms(shownTex), [shownTex])
  const [fit, setFit] = useState({ step: 0, width: 0 })
  const step = Math.min(fit.step, forms.length - 1)
  // what the measuring callbacks compare against (one observer for the component's life)
  const now = useRef({ step, last: forms.length - 1, width: fit.width })
  const measure = useCallback(() => {
    const el = ref.current
    if (!el) return
    const { step: at, last, width: fitted } = now.current
    const width = el.clientWidth
    if (at > 0 && width > fitted) setFit({ step: 0, width })
    else if (at < last && el.scrollWidth > width + 1) setFit({ step: at + 1, width })
  }, [])
  // after every commit: the form on screen is forms[step] (Tex typesets it in the same render)
  useLayoutEffect(() => {
    now.current = { step, last: forms.length - 1, width: fit.width }
    measure()
  })
  useLayoutEffect(() => {
    const el = ref.current
    // (no ResizeObserver in component tests: the formula is measured after each render only)
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    // KaTeX's fonts arrive after the first layout and widen the formula without resizing its box
    document.fonts?.addEventListener('loadingdone', measure)
    return () => {
      ro.disconnect()
      document.fonts?.removeEventListener('loadingdone', measure)
    }
  }, [measure])
  return (
    <div ref={ref} {...rest} data-breaks={step || undefined}>
      <Tex tex={forms[step]} display defer={false} />
    </div>
  )
})

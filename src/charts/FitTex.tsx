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
import { formulaLevels, type FormulaForm } from './texBreaks'
import { Tex } from './Tex'

type Props = { tex: string } & Omit<HTMLAttributes<HTMLDivElement>, 'children'> &
  Record<`data-${string}`, unknown>

/**
 * A display formula that fits its column: while the formula is wider than the column it is shown broken one
 * step further (formulaLevels: its items stacked, then each line broken before its relations, then a long side
 * split in two, then broken inside its brackets, a long fraction and its products). A changed formula (live
 * numbers) is typeset in React's background render, as Tex does; the steps themselves are synchronous
 * re-renders from the layout effect, so they all happen before the browser paints and no overflowing form is
 * ever shown. The step sticks while the column keeps its width or narrows (a formula whose numbers change does
 * not jump between forms): it is remembered as its break level, not as its place in the list of forms, since
 * new numbers can add or drop a form before it (a numerator that grows past LONG_PART gives level 6 a form of
 * its own), and the form shown is always the remembered level's (stackFormula at that level). A wider column
 * starts over from the unbroken form. The wrapper keeps its sideways scroll for a formula that no form fits.
 */
export const FitTex = memo(function FitTex({ tex, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  const shownTex = useDeferredValue(tex)
  const forms = useMemo(() => formulaLevels(shownTex), [shownTex])
  const [fit, setFit] = useState<{ level: FormulaForm['level']; width: number }>({ level: -1, width: 0 })
  // the remembered level's form: the last one whose level is not above it
  let at = 0
  while (at + 1 < forms.length && forms[at + 1].level <= fit.level) at++
  const next = at + 1 < forms.length ? forms[at + 1].level : null
  // what the measuring callbacks compare against (one observer for the component's life)
  const now = useRef({ level: fit.level, next, width: fit.width })
  const measure = useCallback(() => {
    const el = ref.current
    if (!el) return
    const { level, next: further, width: fitted } = now.current
    const width = el.clientWidth
    if (level >= 0 && width > fitted) setFit({ level: -1, width })
    else if (further !== null && el.scrollWidth > width + 1) setFit({ level: further, width })
  }, [])
  // after every commit: the form on screen is forms[at] (Tex typesets it in the same render)
  useLayoutEffect(() => {
    now.current = { level: fit.level, next, width: fit.width }
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
    <div ref={ref} {...rest} data-breaks={at > 0 ? fit.level : undefined}>
      <Tex tex={forms[at].tex} display defer={false} />
    </div>
  )
})

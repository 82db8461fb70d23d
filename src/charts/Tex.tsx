import katex from 'katex'
import { useDeferredValue, useMemo } from 'react'

/**
 * A KaTeX formula. KaTeX builds the markup from the TeX string (never from user input; live numbers are
 * formatted by us before they go in). `strict` rejects Chinese outside \text{} at development time instead
 * of logging warnings; a formula that fails to parse renders as its source in a visible error box.
 *
 * Typesetting a formula takes a few milliseconds, and a panel has several: a changed formula is typeset in
 * React's background render (useDeferredValue), one formula at a time with the page free to handle input in
 * between, while the previous one stays on screen. A new formula is typeset at once (never an empty box).
 */
export function Tex({
  tex,
  display = false,
  label,
  defer = true,
}: {
  tex: string
  display?: boolean
  label?: string
  /** false: a changed formula is typeset in the same render (FitTex defers its input itself, and measures) */
  defer?: boolean
}) {
  const deferred = useDeferredValue(tex)
  const shown = defer ? deferred : tex
  const html = useMemo(() => {
    try {
      return {
        ok: true,
        html: katex.renderToString(shown, {
          displayMode: display,
          throwOnError: true,
          strict: 'error',
          output: 'htmlAndMathml',
        }),
      }
    } catch (e) {
      return { ok: false, html: e instanceof Error ? e.message : String(e) }
    }
  }, [shown, display])
  if (!html.ok) return <code className="tex-error">{html.html}</code>
  return (
    <span
      className={display ? 'tex tex-display' : 'tex'}
      aria-label={label}
      dangerouslySetInnerHTML={{ __html: html.html }}
    />
  )
}

/** A number for a formula: up to 10 significant digits, minus sign as in TeX. */
export function texNum(v: number, digits = 10): string {
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : v < 0 ? '-\\infty' : '\\text{—}'
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e7 || a < 1e-5) {
    const [m, e] = v.toExponential(digits - 1).split('e')
    return `${String(Number(m))}\\times 10^{${Number(e)}}`
  }
  return String(Number(v.toPrecision(digits)))
}

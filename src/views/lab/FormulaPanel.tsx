import { memo } from 'react'
import { FitTex } from '../../charts/FitTex'
import { texNum } from '../../charts/Tex'
import { FORMAT_REGISTRY } from '../../registry/formats'
import { formatFormulas } from './formatFormulas'
import { useT } from '../../i18n'
import { useDeferredResult } from '../../lab/useDeferredResult'
import { useSettledValue } from '../../lab/useSettledValue'
import { formatName } from './formatName'
import { fellBackNote, gridFellBack } from './rangeNotes'

/** The notes' formulas for the current scheme, with the live numbers substituted. */
// memo: no props, so it re-renders only when the store slices it reads change
export const FormulaPanel = memo(function FormulaPanel() {
  const t = useT()
  // typesetting is the costliest part of a new result (each one replaces a few hundred nodes the browser
  // must lay out again): during a drag or a held arrow key the formulas catch up when the numbers settle
  // for a quarter of a second (and at least every 2 s), the rest of the Lab follows every result
  const r = useSettledValue(useDeferredResult(), 250, 2000)
  if (!r) return null
  // a grid without width (all values 0, or an empty clipping range with no scale to fit it): w = range / steps
  // would read 0 while the grid uses its fallback scale, so the note says what happened instead
  if (gridFellBack(r)) {
    return (
      <section className="panel formulas" aria-labelledby="f-h" data-hide-id="formulas">
        <h3 id="f-h">{t('formula.title')}</h3>
        <p data-key="fallback">{fellBackNote(r, t)}</p>
      </section>
    )
  }
  const pl = r.plan
  const formulas: { key: string; tex: string }[] = []
  const f = r.format
  if (f) {
    formulas.push(...formatFormulas(f, r.threshold, t(FORMAT_REGISTRY[f.fmt].labelKey)))
  } else if (pl.symmetric) {
    const T = Math.max(Math.abs(pl.lo), Math.abs(pl.hi))
    const unsignedOnto0 = pl.qmin === 0 && pl.zeroPoint === 0
    const divTex =
      pl.convention === 'tvm'
        ? '2^{b-1}'
        : pl.convention === 'pytorch' || pl.convention === 'onnxruntime'
          ? '\\frac{q_{max}-q_{min}}{2}'
          : unsignedOnto0
            ? 'q_{max}'
            : '2^{b-1}-1'
    formulas.push({
      key: 'w',
      tex: `w = \\frac{\\alpha}{${divTex}} = \\frac{${texNum(T)}}{${texNum(pl.divisor)}} = ${texNum(pl.scale)}`,
    })
    const z = pl.zeroPoint === 0 ? '' : ` + ${pl.zeroPoint}`
    formulas.push({
      key: 'q',
      tex: `x_q = \\operatorname{clip}\\!\\left(\\operatorname{round}\\!\\left(\\frac{x}{w}\\right)${z}, ${pl.qmin}, ${pl.qmax}\\right)`,
    })
    formulas.push({
      key: 'deq',
      tex: pl.zeroPoint === 0 ? `\\hat{x} = w \\cdot x_q` : `\\hat{x} = w \\cdot (x_q - ${pl.zeroPoint})`,
    })
  } else if (pl.form === 'notes') {
    formulas.push({
      key: 'w',
      tex: `w = \\frac{\\alpha - \\beta}{q_{max} - q_{min}} = \\frac{${texNum(pl.hi)} - (${texNum(pl.lo)})}{${texNum(pl.divisor)}} = ${texNum(pl.scale)}`,
    })
    formulas.push({ key: 'b', tex: `b_f = \\alpha - w \\cdot ${pl.qmax} = ${texNum(pl.offset)}` })
    formulas.push({
      key: 'bq',
      tex: `b_q = \\operatorname{round}\\!\\left(\\frac{b_f}{w}\\right) = ${texNum(Math.round(pl.offset / pl.scale))}`,
    })
    formulas.push({ key: 'y', tex: `y = w \\cdot x_q + b_f` })
  } else {
    formulas.push({
      key: 's',
      tex: `S = \\frac{r_{max} - r_{min}}{q_{max} - q_{min}} = \\frac{${texNum(pl.hi)} - (${texNum(pl.lo)})}{${pl.qmax} - (${pl.qmin})} = ${texNum(pl.scale)}`,
    })
    formulas.push({
      key: 'z',
      tex: `Z = \\operatorname{round}\\!\\left(q_{min} - \\frac{r_{min}}{S}\\right) = ${pl.zeroPoint}`,
    })
    formulas.push({ key: 'x', tex: `x = S\\,(q - Z)` })
  }
  const sqnr = r.metrics.sqnrDb
  formulas.push({
    key: 'sqnr',
    tex: `\\mathrm{SQNR} = 10\\log_{10}\\frac{\\sum x^2}{\\sum (x-\\hat{x})^2} = ${texNum(sqnr, 5)}\\ \\mathrm{dB}`,
  })
  return (
    <section className="panel formulas" aria-labelledby="f-h" data-hide-id="formulas">
      <h3 id="f-h">{t('formula.title')}</h3>
      <p className="muted small">
        {f
          ? t(`fmt.formula.intro.${f.granularity}`, {
              format: formatName(f, t),
              per: f.valuesPerScale,
            })
          : pl.symmetric && pl.zeroPoint !== 0
            ? // unsigned codes under PyTorch (zero point 128) or ONNX Runtime (127): symmetric, with a zero point
              t('formula.intro.symZp', { bits: r.bits, qmin: pl.qmin, qmax: pl.qmax, zp: pl.zeroPoint })
            : t(`formula.intro.${pl.symmetric ? 'sym' : pl.form === 'notes' ? 'asymNotes' : 'asymZp'}`, {
                bits: r.bits, // the shown result's, so the sentence and the formulas agree while they settle
              })}
      </p>
      {formulas.map((f) => (
        <FitTex key={f.key} className="formula" data-formula={f.key} tex={f.tex} />
      ))}
    </section>
  )
})

import { scaleLinear, scaleSymlog } from 'd3'
import { useEffect, useRef, useState } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { drawLevelCounts, drawSnaps, prepareCanvas } from '../../charts/gridCanvas'
import { fmt, fmtInt } from '../../charts/format'
import { useWidth } from '../../charts/useWidth'
import { FORMAT_REGISTRY, type FormatInfo } from '../../registry/formats'
import type { QuantResult } from '../../engine/labEngine'
import { useApp } from '../../state/appStore'
import { codesText } from './SummaryStrip'
import { useT, type MessageKey } from '../../i18n'
import { formatName } from './formatName'

const H = 150

/**
 * The grid panel for a number format (issue 15): one tick per level of the format at the tensor's scale,
 * so the uneven spacing shows (dense near 0, one octave per exponent), bars for the values on each level,
 * the first values snapping; a symmetric log axis shows every octave at the same width.
 */
/** The words under a format's grid say how its levels are spaced (NF4's are not octaves). */
function gridSummaryKey(spacing: FormatInfo['spacing']): MessageKey {
  switch (spacing) {
    case 'octaves':
      return 'fmt.gridSummary'
    case 'normal-quantiles':
      return 'fmt.gridSummaryQuantiles'
    case 'uniform':
      return 'fmt.gridSummaryUniform'
    default: {
      const never: never = spacing
      throw new RangeError(`unknown spacing ${String(never)}`)
    }
  }
}

export function FormatGrid({ r }: { r: QuantResult }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const [log, setLog] = useState(false)
  const [ref, width] = useWidth<HTMLDivElement>()
  const canvas = useRef<HTMLCanvasElement>(null)
  const f = r.format!
  const levels = f.levels
  useEffect(() => {
    const c = canvas.current
    if (!c || !levels) return
    const ctx = prepareCanvas(c, width, H)
    if (!ctx) return
    const top = Math.max(Math.abs(levels[0]), Math.abs(levels[levels.length - 1])) || 1
    // symlog: linear within the smallest positive level, logarithmic beyond it (each octave equally wide)
    let small = top
    for (const v of levels) if (v > 0 && v < small) small = v
    const x = log
      ? scaleSymlog()
          .constant(small)
          .domain([-top * 1.04, top * 1.04])
          .range([12, width - 12])
      : scaleLinear()
          .domain([-top * 1.04, top * 1.04])
          .range([12, width - 12])
    const axisY = 110
    if (f.levelCounts) drawLevelCounts(ctx, f.levelCounts, (k) => x(levels[k]), axisY)
    ctx.strokeStyle = '#5b6475'
    ctx.lineWidth = levels.length > 200 ? 0.5 : 1
    ctx.beginPath()
    for (const v of levels) {
      ctx.moveTo(x(v), axisY)
      ctx.lineTo(x(v), axisY + 8)
    }
    ctx.moveTo(x(levels[0]), axisY)
    ctx.lineTo(x(levels[levels.length - 1]), axisY)
    ctx.stroke()
    drawSnaps(ctx, r.sample, x, -top * 1.04, top * 1.04, axisY)
    ctx.fillStyle = '#1d2330'
    ctx.textAlign = 'left'
    ctx.fillText(fmt(levels[0], 4), x(levels[0]), axisY + 32)
    ctx.textAlign = 'right'
    ctx.fillText(fmt(levels[levels.length - 1], 4), x(levels[levels.length - 1]), axisY + 32)
  }, [levels, width, log, f.levelCounts, r.sample])

  const label = formatName(f, t)
  if (!levels) {
    // the caption says why there is no grid; below it, the codes line as the summary strip has it
    return (
      <ChartFrame
        title={t('fmt.gridTitle', { format: label })}
        summary={t('fmt.gridNoLevels', { format: label })}
        name="grid"
        hideId="grid"
        kind="none"
      >
        <p className="grid-codes" data-testid="codes-used">
          {t('fmt.gridCodes', { codes: codesText(r, t, lang) })}
        </p>
      </ChartFrame>
    )
  }
  const summary = t(gridSummaryKey(FORMAT_REGISTRY[f.fmt].spacing), {
    format: label,
    levels: fmtInt(levels.length, lang),
    lo: fmt(levels[0], 5),
    hi: fmt(levels[levels.length - 1], 5),
    // per tensor the levels are counted at any size (formatQuant.ts): codesUsed is the format's
    usage: t('fmt.gridUsed', { used: fmtInt(r.codesUsed, lang) }),
  })
  return (
    <ChartFrame
      title={t('fmt.gridTitle', { format: label })}
      summary={summary}
      name="grid"
      hideId="grid"
      kind="canvas"
      actions={
        <label className="toggle small">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          {t('fmt.gridLog')}
        </label>
      }
    >
      <div ref={ref} className="chart-wrap">
        <canvas ref={canvas} style={{ width, height: H }} role="img" aria-label={summary} />
      </div>
      <p className="grid-codes" data-testid="codes-used">
        {codesText(r, t, lang)}
      </p>
    </ChartFrame>
  )
}

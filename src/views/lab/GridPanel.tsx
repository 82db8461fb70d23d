import { scaleLinear } from 'd3'
import { memo, useEffect, useRef } from 'react'
import { ChartFrame } from '../../charts/ChartFrame'
import { drawLevelCounts, drawSnaps, prepareCanvas } from '../../charts/gridCanvas'
import { fmt, fmtInt } from '../../charts/format'
import { useWidth } from '../../charts/useWidth'
import { gridCoder } from '../../engine/plan'
import { gridMse, logGrid, pow2Grid, snapToGrid } from '../../engine/nonlinearGrids'
import { useT } from '../../i18n'
import { useLab } from '../../lab/labStore'
import { useDeferredResult } from '../../lab/useDeferredResult'
import { useApp } from '../../state/appStore'
import { FormatGrid } from './FormatGrid'
import { formatsAtBits, scaleLevels } from './formatCompare'

const H_LINEAR = 150
const H_EXTRA = 60

/**
 * The quantization grid: the number line of representable values (codes), how many values land on each
 * code, the first values snapping to their codes, the zero point; optionally the power-of-two and log grids
 * with the same number of codes. Drawn on a canvas: hundreds of ticks and points.
 */
// memo: no props, so it re-renders only when the store slices it reads change
export const GridPanel = memo(function GridPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const r = useDeferredResult()
  const bits = useLab((s) => s.params.bits)
  const hoverX = useLab((s) => s.hoverX)
  // the comparison is a setting of the view, kept in the link (`nonlinear=1`) like the others
  const nonlinear = useLab((s) => s.params.nonlinear)
  const update = useLab((s) => s.update)
  const [ref, width] = useWidth<HTMLDivElement>()
  const canvas = useRef<HTMLCanvasElement>(null)
  // the formats with the same bit width join the comparison (issue 15)
  const sameBits = formatsAtBits(bits)
  const height = H_LINEAR + (nonlinear ? (2 + sameBits.length) * H_EXTRA : 0)

  useEffect(() => {
    const c = canvas.current
    if (!c || !r) return
    const ctx = prepareCanvas(c, width, height)
    if (!ctx) return
    const pl = r.plan
    // one coder for all the codes
    const { value: valueOf } = gridCoder(pl)
    const span = pl.hi - pl.lo || 1
    const x = scaleLinear()
      .domain([pl.lo - span * 0.04, pl.hi + span * 0.04])
      .range([12, width - 12])
    const axisY = 110
    // code counts (bars above the axis)
    if (r.codeCounts) drawLevelCounts(ctx, r.codeCounts, (k) => x(valueOf(pl.qmin + k)), axisY)
    // codes: one tick each (thin when dense)
    const codes = pl.qmax - pl.qmin + 1
    const stride = Math.max(1, Math.ceil(codes / 1024))
    ctx.strokeStyle = '#5b6475'
    ctx.lineWidth = codes > 300 ? 0.5 : 1
    ctx.beginPath()
    for (let q = pl.qmin; q <= pl.qmax; q += stride) {
      const cx = x(valueOf(q))
      ctx.moveTo(cx, axisY)
      ctx.lineTo(cx, axisY + 8)
    }
    ctx.stroke()
    ctx.beginPath()
    ctx.moveTo(x(pl.lo), axisY)
    ctx.lineTo(x(pl.hi), axisY)
    ctx.stroke()
    // the first values snapping to their codes
    drawSnaps(ctx, r.sample, x, pl.lo - span * 0.04, pl.hi + span * 0.04, axisY)
    // zero point
    const z = pl.form === 'notes' ? pl.offset : 0
    ctx.fillStyle = '#009e73'
    ctx.beginPath()
    ctx.moveTo(x(z), axisY + 10)
    ctx.lineTo(x(z) - 6, axisY + 20)
    ctx.lineTo(x(z) + 6, axisY + 20)
    ctx.fill()
    ctx.fillStyle = '#1d2330'
    ctx.textAlign = 'left'
    ctx.fillText(fmt(pl.lo, 4), x(pl.lo), axisY + 32)
    ctx.textAlign = 'right'
    ctx.fillText(fmt(pl.hi, 4), x(pl.hi), axisY + 32)
    if (hoverX != null) {
      ctx.strokeStyle = '#000'
      ctx.setLineDash([3, 3])
      ctx.beginPath()
      ctx.moveTo(x(hoverX), 4)
      ctx.lineTo(x(hoverX), height - 4)
      ctx.stroke()
      ctx.setLineDash([])
    }
    if (nonlinear) {
      const T = Math.max(Math.abs(pl.lo), Math.abs(pl.hi))
      const grids: [string, Float64Array][] = [
        [t('grid.pow2'), pow2Grid(T, bits)],
        [t('grid.log'), logGrid(T, bits)],
        ...sameBits.map(([key, levels]): [string, Float64Array] => [t(key), scaleLevels(levels, T)]),
      ]
      grids.forEach(([label, g], gi) => {
        const y0 = H_LINEAR + gi * H_EXTRA + 28
        ctx.fillStyle = '#1d2330'
        ctx.textAlign = 'left'
        ctx.fillText(label, 12, y0 - 14)
        ctx.strokeStyle = '#5b6475'
        ctx.beginPath()
        for (const v of g) {
          ctx.moveTo(x(v), y0)
          ctx.lineTo(x(v), y0 + 8)
        }
        ctx.stroke()
        ctx.fillStyle = '#cc79a7'
        const snapped = new Path2D()
        for (let i = 0, n = Math.min(200, r.sample.x.length); i < n; i++) {
          const sx = x(snapToGrid(r.sample.x[i], g))
          snapped.moveTo(sx + 1.8, y0 - 4)
          snapped.arc(sx, y0 - 4, 1.8, 0, Math.PI * 2)
        }
        ctx.fill(snapped)
      })
    }
  }, [r, width, height, nonlinear, bits, hoverX, t, sameBits])

  if (!r) return null
  if (r.format) return <FormatGrid r={r} />
  const T = Math.max(Math.abs(r.plan.lo), Math.abs(r.plan.hi))
  const summary = t(r.perChannel ? 'grid.summaryPerChannel' : 'grid.summary', {
    used: fmtInt(r.codesUsed, lang),
    total: fmtInt(r.codesTotal, lang),
    step: fmt(r.plan.scale, 6),
    lo: fmt(r.plan.lo, 6),
    hi: fmt(r.plan.hi, 6),
  })
  return (
    <ChartFrame
      title={t('grid.title')}
      summary={summary}
      name="grid"
      hideId="grid"
      kind="canvas"
      actions={
        <label className="toggle small">
          <input
            type="checkbox"
            name="nonlinear"
            checked={nonlinear}
            onChange={(e) => update({ nonlinear: e.target.checked })}
          />
          {t('grid.nonlinear')}
        </label>
      }
    >
      <div ref={ref} className="chart-wrap">
        <canvas ref={canvas} style={{ width, height }} role="img" aria-label={summary} />
      </div>
      <p className="grid-codes" data-testid="codes-used">
        {t('sum.codesValue', { used: fmtInt(r.codesUsed, lang), total: fmtInt(r.codesTotal, lang) })}
      </p>
      {nonlinear && (
        <p className="muted small">
          {t('grid.mseCompare', {
            linear: fmt(
              r.sample.x.reduce((a, v, i) => a + (r.sample.xhat[i] - v) ** 2, 0) /
                Math.max(1, r.sample.x.length),
              4,
            ),
            pow2: fmt(gridMse(r.sample.x, pow2Grid(T, bits)), 4),
            log: fmt(gridMse(r.sample.x, logGrid(T, bits)), 4),
          })}
          {sameBits.map(([key, levels]) => (
            <span key={key}>
              {' '}
              {t('fmt.compareRow', {
                format: t(key),
                mse: fmt(gridMse(r.sample.x, scaleLevels(levels, T)), 4),
              })}
            </span>
          ))}
        </p>
      )}
    </ChartFrame>
  )
})

import { scaleLinear } from 'd3'
import { ChartFrame } from '../../../charts/ChartFrame'
import { fmt } from '../../../charts/format'
import { FitTex } from '../../../charts/FitTex'
import { texNum } from '../../../charts/Tex'
import { useWidth } from '../../../charts/useWidth'
import { notesAsymmetricExample } from '../../../core'
import { useT } from '../../../i18n'
import { useApp } from '../../../state/appStore'
import { useQueryNumber } from '../state'
import { Controls, Slider } from './common'

/** The notes' asymmetric form for any [β, α], next to the symmetric grid that must cover max(|α|, |β|). */
export function Affine() {
  const t = useT()
  const [alpha, setAlpha] = useQueryNumber('alpha', 4, 0.5, 10)
  const [beta, setBeta] = useQueryNumber('beta', -3, -10, 0)
  const [ref, width] = useWidth<HTMLDivElement>()
  // the long labels take 520 px in 11 px type, about 720 px in classroom mode's 15 px (at 700 px the zero's
  // label ran 34 px past the chart's edge)
  const present = useApp((s) => s.present)
  const short = width < (present ? 720 : 520)
  const ex = notesAsymmetricExample(alpha, beta)
  const a = Math.max(Math.abs(alpha), Math.abs(beta))
  const ws = a / 127
  // symmetric codes k·ws that fall inside [β, α]
  const useful = Math.floor(Math.abs(beta) / ws + 1e-9) + Math.floor(alpha / ws + 1e-9) + 1
  const wasted = 255 - useful
  // the code nearest real 0; in the notes' form its value −b_q·w + b_f is generally not exactly 0
  const zeroCode = -ex.bQ
  const zeroValue = zeroCode * ex.w + ex.bF
  const x = scaleLinear()
    .domain([-a, a])
    .range([16, width - 16])
  const H = 150
  return (
    <ChartFrame
      title={t('learn.affine.title')}
      name="learn-affine"
      summary={t('learn.affine.summary', {
        alpha: fmt(alpha),
        beta: fmt(beta),
        w: fmt(ex.w, 10),
        bq: ex.bQ,
        ws: fmt(ws, 10),
        wasted,
      })}
    >
      <Controls>
        <Slider label="α" value={alpha} min={0.5} max={10} step={0.5} onChange={setAlpha} name="alpha" />
        <Slider label="β" value={beta} min={-10} max={0} step={0.5} onChange={setBeta} name="beta" />
      </Controls>
      <div className="learn-formulas" data-testid="affine-formulas">
        <FitTex
          tex={`w = \\frac{\\alpha - \\beta}{255} = \\frac{${texNum(alpha)} - (${texNum(beta)})}{255} = ${texNum(ex.w)}`}
        />
        <FitTex
          tex={`b_f = \\alpha - 127\\,w = ${texNum(ex.bF)}, \\quad b_q = \\operatorname{round}\\!\\left(\\frac{b_f}{w}\\right) = ${ex.bQ}`}
        />
        <FitTex tex={`y(-128) = -128\\,w + b_f = ${texNum(ex.dequantMin)}`} />
      </div>
      <div ref={ref} className="chart-wrap">
        <svg className="chart" width={width} height={H} role="img" aria-label={t('learn.affine.title')}>
          <text x={16} y={14} className="axis-text">
            {short ? t('learn.asym') : t('learn.affine.asym', { w: fmt(ex.w, 6) })}
          </text>
          <rect
            x={x(beta)}
            y={20}
            width={Math.max(1, x(alpha) - x(beta))}
            height={24}
            fill="#0072b2"
            opacity={0.25}
          />
          <line x1={x(0)} x2={x(0)} y1={16} y2={50} stroke="#d55e00" strokeWidth={2} />
          {/* beside the zero line, on the side with room; a phone gets the words without the code's value (the
              whole label ran past a 360 px screen's edge) */}
          <text
            x={x(0) > width / 2 ? x(0) - 4 : x(0) + 4}
            y={58}
            className="axis-text"
            fill="#d55e00"
            textAnchor={x(0) > width / 2 ? 'end' : 'start'}
          >
            {zeroValue === 0
              ? t('learn.affine.zeroAt', { q: zeroCode })
              : short
                ? t('learn.affine.zeroNearShort', { q: zeroCode })
                : t('learn.affine.zeroNear', { q: zeroCode, v: fmt(zeroValue, 3) })}
          </text>
          <text x={x(beta)} y={40} className="axis-text" textAnchor="start">
            −128
          </text>
          <text x={x(alpha)} y={40} className="axis-text" textAnchor="end">
            127
          </text>
          <text x={16} y={82} className="axis-text">
            {short ? t('learn.sym') : t('learn.affine.sym', { w: fmt(ws, 6) })}
          </text>
          <rect x={x(-a)} y={88} width={x(a) - x(-a)} height={24} fill="#cc79a7" opacity={0.15} />
          <rect
            x={x(beta)}
            y={88}
            width={Math.max(1, x(alpha) - x(beta))}
            height={24}
            fill="#cc79a7"
            opacity={0.35}
          />
          <line x1={x(0)} x2={x(0)} y1={84} y2={116} stroke="#d55e00" strokeWidth={2} />
          <text x={x(-a)} y={108} className="axis-text" textAnchor="start">
            −127
          </text>
          <text x={x(a)} y={108} className="axis-text" textAnchor="end">
            127
          </text>
          <text x={16} y={134} className="axis-text">
            {short ? `${wasted} / 255` : t('learn.affine.wasted', { wasted })}
          </text>
        </svg>
      </div>
    </ChartFrame>
  )
}

import { scaleLinear } from 'd3'
import { useMemo } from 'react'
import { ChartFrame } from '../../../charts/ChartFrame'
import { fmt } from '../../../charts/format'
import { useWidth } from '../../../charts/useWidth'
import { useT } from '../../../i18n'
import { useQueryChoice, useQueryNumber } from '../state'
import { BitsSlider, Controls, DistChoice } from './common'
import { GRID_DISTS as DISTS, GRID_KINDS as KINDS, gridsModel } from '../../../learn/figures'

const COLORS = { linear: '#0072b2', pow2: '#d55e00', log: '#009e73' }

/** Linear, power-of-two and log grids with the same number of codes, on the same data. */
export function Grids() {
  const t = useT()
  const [dist, setDist] = useQueryChoice('gdist', DISTS, 'laplace')
  const [bits, setBits] = useQueryNumber('gbits', 4, 2, 8, true)
  const [ref, width] = useWidth<HTMLDivElement>()
  const r = useMemo(() => gridsModel(dist, bits), [dist, bits])
  // grids that tie (at 2 bits all three are {−T, 0, T}) are all the lowest
  const lowest = KINDS.filter((k) => r.mse[k] === r.mse[r.best])
  const x = scaleLinear()
    .domain([-r.T, r.T])
    .range([12, width - 12])
  let top = 0
  for (let i = 0; i < r.hist.counts.length; i++) top = Math.max(top, r.hist.counts[i])
  const HH = 70
  const ROW = 40
  const y = scaleLinear()
    .domain([0, top || 1])
    .range([HH, 6])
  const name = (k: (typeof KINDS)[number]) => t(`learn.grids.${k}`)
  return (
    <ChartFrame
      title={t('learn.grids.title')}
      name="learn-grids"
      summary={t('learn.grids.summary', {
        codes: r.grids.linear.length,
        linear: fmt(r.mse.linear, 4),
        pow2: fmt(r.mse.pow2, 4),
        log: fmt(r.mse.log, 4),
        best: lowest.map(name).join(' = '),
      })}
    >
      <Controls>
        <DistChoice name="grids-dist" value={dist} options={DISTS} onChange={setDist} />
        <BitsSlider name="gbits" value={bits} onChange={setBits} />
      </Controls>
      <div ref={ref} className="chart-wrap">
        <svg
          className="chart"
          width={width}
          height={HH + ROW * 3 + 8}
          role="img"
          aria-label={t('learn.grids.title')}
        >
          {Array.from(r.hist.counts).map((c, i) => (
            <rect
              key={i}
              x={x(r.hist.edges[i])}
              width={Math.max(0, x(r.hist.edges[i + 1]) - x(r.hist.edges[i]) - 0.5)}
              y={y(c)}
              height={HH - y(c)}
              className="hist-bars"
            />
          ))}
          {KINDS.map((k, row) => {
            const y0 = HH + 8 + row * ROW
            return (
              <g key={k}>
                <line x1={x(-r.T)} x2={x(r.T)} y1={y0 + 22} y2={y0 + 22} className="axis-line" />
                {Array.from(r.grids[k]).map((v, j) => (
                  <line
                    key={j}
                    x1={x(v)}
                    x2={x(v)}
                    y1={y0 + 14}
                    y2={y0 + 30}
                    stroke={COLORS[k]}
                    strokeWidth={1}
                  />
                ))}
                <text x={14} y={y0 + 10} className="axis-text" fill={COLORS[k]}>
                  {name(k)}
                </text>
              </g>
            )
          })}
        </svg>
      </div>
      <table className="learn-table">
        <thead>
          <tr>
            <th scope="col">{t('learn.grids.grid')}</th>
            <th scope="col">{t('learn.grids.levels')}</th>
            <th scope="col">MSE</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map((k) => (
            <tr key={k} className={lowest.includes(k) ? 'best' : undefined}>
              <th scope="row">{name(k)}</th>
              <td className="figure-num">{r.grids[k].length}</td>
              <td className="figure-num" data-testid={`grid-mse-${k}`}>
                {fmt(r.mse[k], 4)}
                {lowest.includes(k) ? ` ← ${t('learn.lowest')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFrame>
  )
}

import { useMemo } from 'react'
import { fmt } from '../../../charts/format'
import { useT } from '../../../i18n'
import { conventionRows } from '../../../learn/conventionRows'
import { useQueryChoice } from '../state'
import { Controls, Panel, Segmented } from './common'
import { sample } from '../../../learn/data'

const TENSORS = ['notes-x1', 'skewed', 'relu'] as const
type TensorKind = (typeof TENSORS)[number]

const SPECS: Record<TensorKind, Parameters<typeof sample>[0]> = {
  'notes-x1': { dist: 'uniform', lo: -1, hi: 1, n: 10000, seed: 42 },
  skewed: { dist: 'uniform', lo: -0.5, hi: 2, n: 10000, seed: 42 },
  relu: { dist: 'relu-normal', n: 10000, seed: 42 },
}

/** One tensor, five systems, two schemes: the scale and zero point each one computes, live. */
export function ConventionsTable() {
  const t = useT()
  const [kind, setKind] = useQueryChoice('tensor', TENSORS, 'notes-x1')
  const rows = useMemo(() => conventionRows(sample(SPECS[kind])), [kind])
  return (
    <Panel title={t('learn.conv.title')} testId="conventions-table">
      <Controls>
        <Segmented
          legend={t('learn.conv.tensor')}
          name="conv-tensor"
          value={kind}
          options={TENSORS.map((k) => ({ value: k, label: t(`learn.conv.t.${k}`) }))}
          onChange={setKind}
        />
      </Controls>
      <div className="learn-scroll">
        <table className="learn-table conv-table">
          <thead>
            <tr>
              <th scope="col">{t('learn.conv.system')}</th>
              <th scope="col">{t('learn.conv.divisor')}</th>
              <th scope="col">{t('learn.scale')}</th>
              <th scope="col">{t('learn.zeroPoint')}</th>
              <th scope="col">{t('learn.conv.range')}</th>
              <th scope="col">{t('learn.conv.codeOfMax', { max: fmt(rows[0].max, 4) })}</th>
              <th scope="col">MSE</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.conv}-${r.symmetric}`}
                data-testid={`conv-${r.conv}-${r.symmetric ? 'sym' : 'asym'}`}
              >
                <th scope="row">
                  {t(`learn.conv.sys.${r.conv}`)}{' '}
                  <span className="muted">{r.symmetric ? t('learn.sym') : t('learn.asym')}</span>
                </th>
                <td className="figure-num">{r.p.divisor}</td>
                <td className="figure-num" data-scale={String(r.p.scale)}>
                  {fmt(r.p.scale, 8)}
                </td>
                <td className="figure-num">{r.p.zeroPoint}</td>
                <td className="figure-num">
                  [{r.p.qmin}, {r.p.qmax}]
                </td>
                <td className="figure-num">
                  {r.codeOfMax ?? '—'}
                  {r.rawOfMax !== null && r.rawOfMax !== r.codeOfMax ? ` ← ${r.rawOfMax}` : ''}
                </td>
                <td className="figure-num">{r.mse !== null ? fmt(r.mse, 4) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}

import { memo, useState } from 'react'
import { download } from '../../charts/exportChart'
import { useT } from '../../i18n'
import { numpySnippet } from '../../lab/numpySnippet'
import { useLab } from '../../lab/labStore'
import { flushLinkWrites } from '../../state/appStore'
import { labEngine, quantSettingsOf } from '../../lab/useLabCompute'
import { formatName } from './formatName'

const MAX_EXPORT_ROWS = 1_000_000

/** Export the data (CSV/JSON of x, q, x̂) and the view as a numpy script; copy the link. */
// memo: no props, so it re-renders only when the store slices it reads change
export const ExportPanel = memo(function ExportPanel() {
  const t = useT()
  const [snippet, setSnippet] = useState<string | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  // the format of the result the script was written for (null: the integer grid, which the script reproduces)
  const [format, setFormat] = useState<string | null>(null)

  const exportData = async (kind: 'csv' | 'json') => {
    const { params: p, result: r } = useLab.getState()
    const tab = await labEngine().table(quantSettingsOf(p), MAX_EXPORT_ROWS)
    if (kind === 'csv') {
      // through a format other than the integer grid there is no integer code per value: x and x̂ only
      const codes = tab.q
      let s = codes ? 'index,x,q,x_hat\n' : 'index,x,x_hat\n'
      for (let i = 0; i < tab.x.length; i++)
        s += codes ? `${i},${tab.x[i]},${codes[i]},${tab.xhat[i]}\n` : `${i},${tab.x[i]},${tab.xhat[i]}\n`
      download('quantlab-data.csv', new Blob([s], { type: 'text/csv' }))
    } else {
      // under a number format the integer grid's plan is not what quantized the values: the format's scales are
      const f = r?.format
      const body = {
        params: p,
        ...(f
          ? {
              formatScales: {
                granularity: f.granularity,
                scale: f.scale,
                scaleCount: f.scaleCount,
                valuesPerScale: f.valuesPerScale,
                scaleBits: f.scaleBits,
                elemBits: f.elemBits,
                bitsPerWeight: f.bitsPerWeight,
                threshold: f.calibrated ? r.threshold : null,
              },
            }
          : { plan: r?.plan }),
        metrics: r?.metrics,
        // a format with a scale per channel, group or block has no counted codes (its result carries the
        // integer grid's, which quantized nothing): null, as the page's "not counted"
        codesUsed: f && !f.levelCounts ? null : r?.codesUsed,
        codesTotal: r?.codesTotal,
        format: tab.format,
        x: Array.from(tab.x),
        ...(tab.q ? { q: Array.from(tab.q) } : {}),
        x_hat: Array.from(tab.xhat),
      }
      download('quantlab-data.json', new Blob([JSON.stringify(body)], { type: 'application/json' }))
    }
  }
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(what)
    } catch {
      setCopied('fail')
    }
    setTimeout(() => setCopied(null), 2500)
  }
  return (
    <section className="panel export-panel" aria-labelledby="x-h" data-hide-id="export">
      <h3 id="x-h">{t('export.title')}</h3>
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            flushLinkWrites()
            void copy(window.location.href, 'link')
          }}
        >
          {t('export.copyLink')}
        </button>
        <button type="button" onClick={() => void exportData('csv')}>
          CSV
        </button>
        <button type="button" onClick={() => void exportData('json')}>
          JSON
        </button>
        <button
          type="button"
          onClick={() => {
            const r = useLab.getState().result
            const name = r?.format ? formatName(r.format, t) : null
            setFormat(name)
            setSnippet(snippet ? null : numpySnippet(useLab.getState().params, r, name ?? ''))
          }}
          aria-expanded={snippet !== null}
        >
          {t('export.numpy')}
        </button>
      </div>
      <p className="muted small" role="status" aria-live="polite">
        {copied === 'fail' ? t('export.copyFailed') : copied ? t('export.copied') : ''}
      </p>
      {snippet && (
        <div className="snippet">
          {format && (
            <p className="muted small" data-key="numpy-format">
              {t('fmtview.numpyFormat', { format })}
            </p>
          )}
          <pre>
            <code>{snippet}</code>
          </pre>
          <button type="button" className="small" onClick={() => void copy(snippet, 'code')}>
            {t('export.copyCode')}
          </button>
          <button
            type="button"
            className="small"
            onClick={() => download('quantlab_view.py', new Blob([snippet], { type: 'text/x-python' }))}
          >
            {t('export.downloadPy')}
          </button>
        </div>
      )}
    </section>
  )
})

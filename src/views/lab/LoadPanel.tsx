import { useState, type DragEvent } from 'react'
import { useT, type MessageKey } from '../../i18n'
import { useLab, type LoadedData } from '../../lab/labStore'
import { acceptLoaded, engineReason } from '../../lab/useLabCompute'
import { saveLoaded } from '../../lab/loadedDb'
import { LoadError, parseNpy, parseText, type LoadedArray } from '../../lab/loaders'

const ERROR_KEYS: Record<string, MessageKey> = {
  'npy-magic': 'load.npyMagic',
  'npy-truncated': 'load.npyTruncated',
  'npy-header': 'load.npyHeader',
  'npy-dtype': 'load.npyDtype',
  'npy-ndim': 'load.npyNdim',
  'text-words': 'load.textWords',
  'text-ragged': 'load.textWords',
  'text-hex': 'load.hexText',
  empty: 'load.empty',
  'too-many': 'load.tooMany',
  'all-nonfinite': 'load.allNonFinite',
}

/** Load a .npy or text file (pick or drop) or pasted numbers. Bad input leaves the current data in place. */
export function LoadPanel() {
  const t = useT()
  const [paste, setPaste] = useState('')
  const [over, setOver] = useState(false)
  const loaded = useLab((s) => s.loaded)

  // validate through the engine first: only data it accepts replaces the store's data and the saved copy,
  // and the user hears one thing (loaded, or why not)
  const accept = async (name: string, arr: LoadedArray) => {
    const d: LoadedData = { name, data: arr.data, shape: arr.shape, dropped: arr.dropped }
    let summary
    try {
      summary = await acceptLoaded(d)
    } catch (e) {
      const r = engineReason(e)
      useLab.getState().say('error', 'load.rejected', { name }, { key: r.key, vars: { detail: r.detail } })
      return
    }
    useLab.setState({ loaded: d, summary, busy: null, candidate: null, entropyAll: {} })
    void saveLoaded(d)
    const st = useLab.getState()
    const gran = arr.shape[0] > 1 ? 'channel' : st.params.gran
    st.update({ dist: 'loaded', gran, rows: arr.shape[0] })
    st.say('info', 'load.ok', { name, n: arr.data.length, rows: arr.shape[0], cols: arr.shape[1] })
    if (arr.dropped > 0) st.say('info', 'load.dropped', { count: arr.dropped })
  }
  const fail = (name: string, e: unknown) => {
    const key = e instanceof LoadError ? ERROR_KEYS[e.code] : 'load.unknown'
    useLab.getState().say('error', key, { name, detail: e instanceof LoadError ? e.detail : String(e) })
  }
  const readFile = async (file: File) => {
    let arr: LoadedArray
    try {
      const buf = await file.arrayBuffer()
      const isNpy = file.name.toLowerCase().endsWith('.npy') || new Uint8Array(buf.slice(0, 1))[0] === 0x93
      arr = isNpy ? parseNpy(buf) : parseText(new TextDecoder().decode(buf))
    } catch (e) {
      fail(file.name, e)
      return
    }
    await accept(file.name, arr)
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setOver(false)
    const f = e.dataTransfer.files[0]
    if (f) void readFile(f)
  }
  return (
    <div className="load-panel">
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('load.drop')}</p>
        <label className="file-button">
          {t('load.pick')}
          <input
            type="file"
            accept=".npy,.csv,.txt,.tsv,text/plain,text/csv"
            data-testid="file-input"
            onChange={(e) => {
              const f = e.target.files?.[0]
              if (f) void readFile(f)
              e.target.value = ''
            }}
          />
        </label>
      </div>
      <label className="paste-label" htmlFor="paste-box">
        {t('load.paste')}
      </label>
      <textarea
        id="paste-box"
        rows={3}
        value={paste}
        onChange={(e) => setPaste(e.target.value)}
        placeholder="0.1, -0.5, 2.3 …"
      />
      <button
        type="button"
        className="small"
        onClick={() => {
          let arr: LoadedArray
          try {
            arr = parseText(paste)
          } catch (e) {
            fail(t('load.pasted'), e)
            return
          }
          void accept(t('load.pasted'), arr)
        }}
      >
        {t('load.usePasted')}
      </button>
      {loaded && (
        <p className="muted" aria-live="polite">
          {t('load.current', {
            name: loaded.name,
            n: loaded.data.length,
            rows: loaded.shape[0],
            cols: loaded.shape[1],
          })}
        </p>
      )}
    </div>
  )
}

import { useRef, useState, type DragEvent } from 'react'
import { fmtInt } from '../../charts/format'
import { useT, type MessageKey } from '../../i18n'
import { useLab, type LoadedData } from '../../lab/labStore'
import { acceptLoaded, engineReason, takeLoaded } from '../../lab/useLabCompute'
import { isZip, LoadError, parseNpy, type LoadedArray } from '../../lab/loaders'
import { unexpected } from '../../models/types'
import { ReadCancelled, readText } from '../../lab/textReader'
import { loadedName, PASTED_NAME } from '../../lab/loadedName'
import { useApp } from '../../state/appStore'

const ERROR_KEYS: Record<string, MessageKey> = {
  'npy-magic': 'load.npyMagic',
  'npy-truncated': 'load.npyTruncated',
  'npy-header': 'load.npyHeader',
  'npy-dtype': 'load.npyDtype',
  'npy-structured': 'load.npyStructured',
  'npy-ndim': 'load.npyNdim',
  zip: 'load.zip',
  'text-words': 'load.textWords',
  'text-hex': 'load.hexText',
  'text-binary': 'load.textBinary',
  'text-encoding': 'load.textEncoding',
  empty: 'load.empty',
  'too-many': 'load.tooMany',
  'too-many-text': 'load.tooManyText',
  'all-nonfinite': 'load.allNonFinite',
}

/** Load a .npy or text file (pick or drop) or pasted numbers. Bad input leaves the current data in place. */
export function LoadPanel() {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const [paste, setPaste] = useState('')
  const [over, setOver] = useState(false)
  const loaded = useLab((s) => s.loaded)
  // a text being read in chunks: its name and how far along (0–1); one at a time, cancellable
  const [reading, setReading] = useState<{ name: string; frac: number } | null>(null)
  const abort = useRef<AbortController | null>(null)

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
    takeLoaded(d, summary)
    const st = useLab.getState()
    const gran = arr.shape[0] > 1 ? 'channel' : st.params.gran
    st.update({ dist: 'loaded', gran, rows: arr.shape[0] })
    // (both languages group digits the same way, so a message keeps its numbers when the language changes)
    st.say('info', 'load.ok', {
      name,
      n: fmtInt(arr.data.length, lang),
      rows: arr.shape[0],
      cols: arr.shape[1],
    })
    if (arr.dropped > 0) st.say('info', 'load.dropped', { count: fmtInt(arr.dropped, lang) })
  }
  const fail = (name: string, e: unknown) => {
    if (!(e instanceof LoadError)) {
      // the browser's words (a file it could not read, no memory) are English: the reason says the same
      const { reason } = unexpected(e)
      useLab.getState().say('error', 'load.unknown', { name }, { key: `read.why.${reason.key}` })
      return
    }
    const key = ERROR_KEYS[e.code]
    const raw = e.detail
    // a count of values (a .npy header's shape can announce 1e22) is written with the shared integer format
    const detail =
      (e.code === 'too-many' || e.code === 'too-many-text') && raw !== '' ? fmtInt(Number(raw), lang) : raw
    // a word that is not a number: its line and the word itself, each in its place in the sentence (a control
    // character: its line and its name, U+0000; bytes that are not UTF-8: their line)
    const at = /^(\d+): (.*)$/s.exec(detail)
    const vars =
      e.code === 'text-words' && at
        ? { name, line: at[1], word: at[2] }
        : e.code === 'text-binary' && at
          ? { name, line: at[1], char: at[2] }
          : e.code === 'text-encoding'
            ? { name, line: detail }
            : e.code === 'npy-structured'
              ? // the first field, in the example of saving one field as its own array
                { name, field: String(e.reason?.vars.field ?? 'x') }
              : { name, detail }
    useLab.getState().say('error', key, vars)
  }
  /** text (pasted or a file) read in chunks off the page, with progress; null when cancelled or failed */
  const readChunked = async (name: string, source: string | Blob): Promise<LoadedArray | null> => {
    abort.current?.abort()
    const ctl = new AbortController()
    abort.current = ctl
    setReading({ name, frac: 0 })
    try {
      return await readText(
        source,
        (done, total) => setReading({ name, frac: total ? done / total : 1 }),
        ctl.signal,
      )
    } catch (e) {
      if (e instanceof ReadCancelled) useLab.getState().say('info', 'load.cancelled', { name })
      else fail(name, e)
      return null
    } finally {
      if (abort.current === ctl) {
        abort.current = null
        setReading(null)
      }
    }
  }
  const readFile = async (file: File) => {
    let arr: LoadedArray | null
    try {
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer())
      if (file.name.toLowerCase().endsWith('.npz') || isZip(head)) throw new LoadError('zip')
      const isNpy = file.name.toLowerCase().endsWith('.npy') || head[0] === 0x93
      arr = isNpy ? parseNpy(await file.arrayBuffer()) : await readChunked(file.name, file)
    } catch (e) {
      fail(file.name, e)
      return
    }
    if (arr) await accept(file.name, arr)
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setOver(false)
    const files = e.dataTransfer.files
    const f = files[0]
    if (!f) return
    // one array at a time: the others are named as not read, rather than dropped without a word
    if (files.length > 1)
      useLab.getState().say('info', 'load.onlyFirst', { name: f.name, count: files.length })
    void readFile(f)
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
        disabled={reading !== null}
        onClick={() => {
          // stored under a marker, shown in the current language (loadedName)
          void readChunked(PASTED_NAME, paste).then((arr) => arr && accept(PASTED_NAME, arr))
        }}
      >
        {t('load.usePasted')}
      </button>
      {reading && (
        <div className="load-progress" role="status" data-testid="load-progress">
          <progress max={1} value={reading.frac} />
          {/* before the text, whose width changes with every percent: a button that moves is hard to click (a
              pointer, or a test waiting for it to stand still, missed it until the reading ended) */}
          <button type="button" className="small" onClick={() => abort.current?.abort()}>
            {t('load.cancel')}
          </button>
          <span>
            {t('load.reading', { name: loadedName(reading.name, t), pct: Math.floor(reading.frac * 100) })}
          </span>
        </div>
      )}
      {loaded && (
        <p className="muted loaded-name" aria-live="polite">
          {t('load.current', {
            name: loadedName(loaded.name, t),
            n: fmtInt(loaded.data.length, lang),
            rows: loaded.shape[0],
            cols: loaded.shape[1],
          })}
        </p>
      )}
    </div>
  )
}

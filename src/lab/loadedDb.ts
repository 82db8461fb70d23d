/**
 * Loaded data stays on this device: the last loaded array is kept in IndexedDB (not in the URL), so a
 * reload of a `dist=loaded` link on the same browser finds it again. idb-keyval does the IndexedDB work
 * (the database and store names are the ones earlier versions used, so saved data is still found).
 * Failures (private mode, quota) only mean the data lives in memory for this visit.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval'
import type { LoadedData } from './labStore'

let store: UseStore | null = null
function db(): UseStore {
  if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB')
  return (store ??= createStore('quantlab', 'loaded'))
}

export async function saveLoaded(d: LoadedData): Promise<void> {
  try {
    await set('last', { name: d.name, data: d.data, shape: d.shape, dropped: d.dropped }, db())
  } catch {
    /* memory only */
  }
}

/**
 * A saved record as the Lab can use it, or null: Float64 data, a name, and a [rows, cols] shape that holds exactly
 * the data (a record from an older or damaged version is treated as no record, and the page says the data is
 * not on this device).
 */
export function validLoadedRecord(d: unknown): LoadedData | null {
  if (d === null || typeof d !== 'object') return null
  const r = d as Partial<Record<keyof LoadedData, unknown>>
  if (!(r.data instanceof Float64Array) || typeof r.name !== 'string') return null
  if (!Array.isArray(r.shape) || r.shape.length !== 2) return null
  const [rows, cols] = r.shape as unknown[]
  if (typeof rows !== 'number' || typeof cols !== 'number') return null
  if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 1 || cols < 1) return null
  if (rows * cols !== r.data.length) return null
  const dropped =
    typeof r.dropped === 'number' && Number.isSafeInteger(r.dropped) && r.dropped >= 0 ? r.dropped : 0
  return { name: r.name, data: r.data, shape: [rows, cols], dropped }
}

export async function restoreLoaded(): Promise<LoadedData | null> {
  try {
    return validLoadedRecord(await get<unknown>('last', db()))
  } catch {
    return null
  }
}

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

export async function restoreLoaded(): Promise<LoadedData | null> {
  try {
    const d = await get<LoadedData>('last', db())
    if (!d || !(d.data instanceof Float64Array) || !Array.isArray(d.shape)) return null
    return d
  } catch {
    return null
  }
}

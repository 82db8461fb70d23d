/**
 * Loaded data stays on this device: the last loaded array is kept in IndexedDB (not in the URL), so a
 * reload of a `dist=loaded` link on the same browser finds it again. Failures (private mode, quota) only
 * mean the data lives in memory for this visit.
 */
import type { LoadedData } from './labStore'

const DB = 'quantlab'
const STORE = 'loaded'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('no IndexedDB'))
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

export async function saveLoaded(d: LoadedData): Promise<void> {
  try {
    const db = await open()
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite')
      tx.objectStore(STORE).put({ name: d.name, data: d.data, shape: d.shape, dropped: d.dropped }, 'last')
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
    db.close()
  } catch {
    /* memory only */
  }
}

export async function restoreLoaded(): Promise<LoadedData | null> {
  try {
    const db = await open()
    const v = await new Promise<unknown>((resolve, reject) => {
      const req = db.transaction(STORE, 'readonly').objectStore(STORE).get('last')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    db.close()
    const d = v as LoadedData | undefined
    if (!d || !(d.data instanceof Float64Array) || !Array.isArray(d.shape)) return null
    return d
  } catch {
    return null
  }
}

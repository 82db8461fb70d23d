import { useEffect, useState } from 'react'
import type { LoadedTensor } from '../../engine/ops'
import { restoreLoaded } from '../../lab/loadedDb'
import { useLab, type LoadedData } from '../../lab/labStore'
import { ADD_MAX_N, DENSE_MAX } from '../../state/opsParams'
import type { OpsApi } from './opsClient'

/**
 * The tensor loaded on the Lab's tensor page (kept in memory for this visit, and in IndexedDB on this device):
 * read when a view's source is "loaded". `pending` while IndexedDB is being asked.
 */
export function useLoaded(needed: boolean): { data: LoadedData | null; pending: boolean } {
  const inLab = useLab((s) => s.loaded)
  const [restored, setRestored] = useState<{ d: LoadedData | null } | null>(null)
  useEffect(() => {
    if (!needed || inLab || restored) return
    let live = true
    void restoreLoaded().then((d) => {
      if (live) setRestored({ d })
    })
    return () => {
      live = false
    }
  }, [needed, inLab, restored])
  return { data: inLab ?? restored?.d ?? null, pending: needed && !inLab && restored === null }
}

/** What each view needs of the loaded tensor (so at most 10⁶ values, or a 1024 × 1024 block, cross threads). */
function prepare(view: 'add' | 'dense', d: LoadedData): LoadedTensor {
  if (view === 'add') {
    const m = Math.min(d.data.length, ADD_MAX_N)
    return { name: d.name, data: d.data.slice(0, m), shape: [1, m] }
  }
  const [rows, cols] = d.shape
  const r = Math.min(rows, Math.max(DENSE_MAX.batch, DENSE_MAX.nout))
  const c = Math.min(cols, DENSE_MAX.k)
  const data = new Float64Array(r * c)
  for (let i = 0; i < r; i++) data.set(d.data.subarray(i * cols, i * cols + c), i * c)
  return { name: d.name, data, shape: [r, c] }
}

const sent: Record<'add' | 'dense', LoadedData | null> = { add: null, dense: null }

/** Hand the loaded tensor to the engine once per tensor (not on every recompute). */
export async function syncLoaded(engine: OpsApi, view: 'add' | 'dense', d: LoadedData): Promise<void> {
  if (sent[view] === d) return
  await engine.setLoaded(view, prepare(view, d))
  sent[view] = d
}

/** A short identity of the loaded tensor for recompute keys. */
export const loadedId = (d: LoadedData | null): string =>
  d ? `${d.name}:${d.data.length}:${d.shape.join('x')}` : ''

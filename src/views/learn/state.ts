import { useApp } from '../../state/appStore'

/** Write some keys of the hash query (replacing the history entry: widget state is not navigation). */
export function patchQuery(patch: Record<string, string | null>) {
  const q = new URLSearchParams(useApp.getState().query)
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) q.delete(k)
    else q.set(k, v)
  }
  useApp.getState().setQuery(q, { replace: true })
}

/** A number kept in the chapter's URL (`#/learn/range?alpha=2.5`), clamped to [min, max]. */
export function useQueryNumber(
  key: string,
  def: number,
  min: number,
  max: number,
  integer = false,
): [number, (v: number) => void] {
  const raw = useApp((s) => s.query.get(key))
  let v = raw === null || raw.trim() === '' ? def : Number(raw)
  if (!Number.isFinite(v)) v = def
  if (integer) v = Math.round(v)
  v = Math.min(max, Math.max(min, v))
  return [v, (n: number) => patchQuery({ [key]: n === def ? null : String(n) })]
}

/** One of a fixed set of choices kept in the chapter's URL. */
export function useQueryChoice<T extends string>(
  key: string,
  options: readonly T[],
  def: T,
): [T, (v: T) => void] {
  const raw = useApp((s) => s.query.get(key))
  const v = raw !== null && (options as readonly string[]).includes(raw) ? (raw as T) : def
  return [v, (n: T) => patchQuery({ [key]: n === def ? null : n })]
}

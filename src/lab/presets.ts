/**
 * The Lab's presets, as data: each is a patch over the default link parameters. The user's own presets
 * (saved in localStorage) have the same shape.
 */
import { decodeLabParams, defaultLabParams, TRAITOR_SOURCE, type LabParams } from '../state/labParams'

export interface Preset {
  id: string
  /** message key of the preset's name (built-in) or the user's own name */
  nameKey?: 'preset.traitor' | 'preset.relu' | 'preset.weights' | 'preset.heavy' | 'preset.clean'
  name?: string
  patch: Partial<LabParams>
}

export const BUILTIN_PRESETS: Preset[] = [
  {
    id: 'traitor',
    nameKey: 'preset.traitor',
    patch: { ...TRAITOR_SOURCE },
  },
  { id: 'clean', nameKey: 'preset.clean', patch: { dist: 'uniform', lo: -1, hi: 1, n: 10_000, seed: 42 } },
  {
    id: 'relu',
    nameKey: 'preset.relu',
    patch: { dist: 'lognormal', mu: -1, sigma: 1, n: 100_000, seed: 7, unsigned: true, calib: 'entropy' },
  },
  {
    id: 'weights',
    nameKey: 'preset.weights',
    patch: {
      dist: 'normal',
      mu: 0,
      sigma: 0.05,
      n: 64 * 128,
      rows: 64,
      spread: 1.2,
      seed: 3,
      gran: 'channel',
    },
  },
  {
    id: 'heavy',
    nameKey: 'preset.heavy',
    patch: { dist: 'student-t', mu: 0, sigma: 1, df: 2.5, n: 100_000, seed: 11, calib: 'percentile' },
  },
]

export function applyPreset(p: Preset): LabParams {
  return { ...defaultLabParams(), ...p.patch }
}

const USER_KEY = 'quantlab.presets.v1'

/**
 * Check a stored preset's patch with the link codec: the patch is written as link parameters and decoded,
 * and any notice (an unknown name, an invalid or out-of-range value) rejects the whole preset. Storage is
 * as untrusted as a link: a planted `{dist: '<img>'}` must never reach the store.
 */
export function validPatch(patch: unknown): Partial<LabParams> | null {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return null
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) continue
    if (typeof v === 'boolean') q.set(k, v ? '1' : '0')
    else if (typeof v === 'number' || typeof v === 'string') q.set(k, String(v))
    else return null
  }
  const { params, notices } = decodeLabParams(q)
  if (notices.length > 0) return null
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(patch)) out[k] = params[k as keyof LabParams]
  return out
}

/** The user's presets from localStorage: the valid ones, and the names of those that were refused. */
export function loadUserPresets(): { presets: Preset[]; rejected: string[] } {
  const presets: Preset[] = []
  const rejected: string[] = []
  let list: unknown
  try {
    const raw = localStorage.getItem(USER_KEY)
    if (!raw) return { presets, rejected }
    list = JSON.parse(raw) as unknown
  } catch {
    return { presets, rejected: ['?'] }
  }
  if (!Array.isArray(list)) return { presets, rejected: ['?'] }
  for (const item of list as unknown[]) {
    const p = item as { id?: unknown; name?: unknown; patch?: unknown } | null
    const name = typeof p?.name === 'string' ? p.name : '?'
    const patch = typeof p?.id === 'string' && typeof p?.name === 'string' ? validPatch(p.patch) : null
    if (patch && typeof p?.id === 'string') presets.push({ id: p.id, name, patch })
    else rejected.push(name)
  }
  return { presets, rejected }
}

export function saveUserPresets(list: Preset[]) {
  try {
    localStorage.setItem(USER_KEY, JSON.stringify(list))
  } catch {
    /* storage full or disabled: presets stay for this visit only */
  }
}

/** The patch that turns the defaults into `p` (what a user preset stores). */
export function patchOf(p: LabParams): Partial<LabParams> {
  const d = defaultLabParams()
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(p) as (keyof LabParams)[]) if (p[k] !== d[k]) out[k] = p[k]
  return out
}

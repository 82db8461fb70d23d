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

/**
 * How the Lab's charts show what they show (the histogram's log scale, the three KL variants overlaid, the
 * nonlinear grids): a preset changes the data and the settings, and leaves these as the user set them unless it
 * sets them itself.
 */
const KEPT_BY_PRESETS = ['log', 'variants', 'nonlinear'] as const satisfies readonly (keyof LabParams)[]

/** The params a preset gives: its patch over the defaults, the shown comparisons kept from `current`. */
export function applyPreset(p: Preset, current?: LabParams): LabParams {
  const kept: Partial<LabParams> = {}
  if (current) for (const k of KEPT_BY_PRESETS) kept[k] = current[k]
  return { ...defaultLabParams(), ...kept, ...p.patch }
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

/** A stored item as a preset, or null where it is not one (a malformed item, a patch the link codec refuses). */
function storedPreset(item: unknown): Preset | null {
  const p = item as { id?: unknown; name?: unknown; patch?: unknown } | null
  if (typeof p?.id !== 'string' || typeof p.name !== 'string') return null
  const patch = validPatch(p.patch)
  return patch ? { id: p.id, name: p.name, patch } : null
}

/**
 * The user's presets from localStorage: the valid ones, and the names of those that were refused. A refused
 * one is skipped, never deleted: it stays in storage (saveUserPresets keeps it), so a later version that reads
 * it, or the user's other browser tab, still has it.
 */
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
    const preset = storedPreset(item)
    if (preset) presets.push(preset)
    else {
      const name = (item as { name?: unknown } | null)?.name
      rejected.push(typeof name === 'string' ? name : '?')
    }
  }
  return { presets, rejected }
}

/** Where storage that was not a list of presets is moved before a save, rather than overwritten. */
export const UNREADABLE_KEY = 'quantlab.presets.v1.unreadable'

/**
 * Store the user's presets: `list` (the valid ones, as shown in the menu) after the stored items that were
 * refused (kept as they were); stored text that is not a list at all is moved to UNREADABLE_KEY first.
 */
export function saveUserPresets(list: Preset[]) {
  try {
    const raw = localStorage.getItem(USER_KEY)
    let kept: unknown[] = []
    if (raw) {
      let stored: unknown
      try {
        stored = JSON.parse(raw) as unknown
      } catch {
        stored = undefined
      }
      if (Array.isArray(stored)) kept = stored.filter((item) => storedPreset(item) === null)
      else {
        const aside =
          localStorage.getItem(UNREADABLE_KEY) === null ? UNREADABLE_KEY : `${UNREADABLE_KEY}.${Date.now()}`
        localStorage.setItem(aside, raw)
      }
    }
    localStorage.setItem(USER_KEY, JSON.stringify([...kept, ...list]))
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

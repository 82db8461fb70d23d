/**
 * The Lab's presets, as data: each is a patch over the default link parameters. The user's own presets
 * (saved in localStorage) have the same shape.
 */
import { defaultLabParams, TRAITOR_SOURCE, type LabParams } from '../state/labParams'

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

export function loadUserPresets(): Preset[] {
  try {
    const raw = localStorage.getItem(USER_KEY)
    if (!raw) return []
    const list = JSON.parse(raw) as unknown
    if (!Array.isArray(list)) return []
    return list.filter(
      (p): p is Preset =>
        typeof p?.id === 'string' && typeof p?.name === 'string' && typeof p?.patch === 'object',
    )
  } catch {
    return []
  }
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
  return out as Partial<LabParams>
}

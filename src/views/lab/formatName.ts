import type { FormatView } from '../../engine/formatQuant'
import type { T } from '../../i18n'
import { FORMAT_REGISTRY } from '../../registry/formats'

/**
 * What the views call the format of a result: its name from the registry ("FP8 E4M3", "NF4"), or for the
 * integer grid its width ("int4"), since "Integer (linear grid)" does not say how many bits.
 */
export function formatName(f: Pick<FormatView, 'fmt' | 'elemBits'>, t: T): string {
  return f.fmt === 'int' ? `int${f.elemBits}` : t(FORMAT_REGISTRY[f.fmt].labelKey)
}

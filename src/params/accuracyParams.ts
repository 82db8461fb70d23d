/**
 * Link parameters of `#/model/accuracy` (PRODUCT.md, "`#/model` and `#/model/accuracy` add"), following the
 * pattern of labParams.ts and opsParams.ts: every field is described by data, decoded with valibot, numbers
 * clamped into range, invalid values replaced by defaults, and every change reported as a notice (plain text,
 * never HTML). `float=` names layers kept in float; names the chosen network does not have are dropped, each
 * with a notice. Pure: the worker's engine may import it.
 */
import { LAYER_NAMES, NET_IDS, type NetId } from '../registry/networks'
import { DATA_CALIBRATORS } from '../registry/calibrators'
import { decodeFields, defaultsOf, encodeFields, field, type ParamNotice, type ParamsOf } from './paramCodec'

export const ACCURACY_SCHEMA_VERSION = 1

export const NETS = NET_IDS
export type { NetId }
export const WGRANS = ['tensor', 'channel', 'group'] as const
export const ACC_VARIANTS = ['tensorrt', 'pytorch-quantization', 'tvm'] as const
/** every calibrator computed from the data (no threshold by hand: a network has one per layer) */
export const ACC_CALIBS = DATA_CALIBRATORS
/** the training split's size: calibration uses its first `ncal` rows */
export const TRAIN_ROWS = 1438

/** The layers of each shipped network, in order, as the runner names them (the `float=` values). */
export const NET_LAYERS: Record<NetId, readonly string[]> = LAYER_NAMES

const { en, int, num, optnum, text } = field

export const ACCURACY_FIELDS = {
  net: en(NETS, 'mlp'),
  wbits: int(2, 8, 8),
  abits: int(2, 8, 8),
  wgran: en(WGRANS, 'channel'),
  group: int(8, 256, 128),
  calib: en(ACC_CALIBS, 'minmax'),
  variant: en(ACC_VARIANTS, 'tensorrt'),
  pct: num(0.001, 100, 99.99),
  ncal: int(1, TRAIN_ROWS, 200),
  traitor: optnum(-1e6, 1e6),
  float: text(/^[A-Za-z0-9_.,-]*$/, 400),
} as const

type Parsed = ParamsOf<typeof ACCURACY_FIELDS>
/** The decoded state; `float` as the list of layers kept in float (in network order, no repeats). */
export type AccuracyParams = Omit<Parsed, 'float'> & { float: string[] }

export const defaultAccuracyParams = (): AccuracyParams => ({ ...defaultsOf(ACCURACY_FIELDS), float: [] })

/** Decode `#/model/accuracy`'s parameters; layer names the network lacks are dropped with a notice. */
export function decodeAccuracyParams(query: URLSearchParams): {
  params: AccuracyParams
  notices: ParamNotice[]
} {
  const { params, notices } = decodeFields(ACCURACY_FIELDS, query, ACCURACY_SCHEMA_VERSION)
  const layers = NET_LAYERS[params.net]
  const asked = (params.float ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const kept = new Set<string>()
  for (const name of asked) {
    if (layers.includes(name)) kept.add(name)
    else notices.push({ key: 'float', value: name, reason: 'invalid', used: '' })
  }
  return { params: { ...params, float: layers.filter((l) => kept.has(l)) }, notices }
}

export function encodeAccuracyParams(p: AccuracyParams): URLSearchParams {
  const layers = NET_LAYERS[p.net]
  const float = layers.filter((l) => p.float.includes(l))
  return encodeFields(
    ACCURACY_FIELDS,
    { ...p, float: float.length > 0 ? float.join(',') : null },
    ACCURACY_SCHEMA_VERSION,
  )
}

/** A teacher's preset: a name (its i18n key's tail) and the settings it sets; everything else is default. */
export interface AccuracyPreset {
  id: 'clean8' | 'traitorMinmax' | 'traitorPercentile' | 'w3tensor' | 'w3channel' | 'traitorFloat'
  params: Partial<AccuracyParams>
}

/** The value of the traitor pixel the presets use: real pixels lie in [0, 1], so 40 is forty times the range. */
export const PRESET_TRAITOR = 40

/**
 * The story in presets (data, not code), each on the network that tells it: on the MLP, clean 8-bit; one
 * traitor at 4-bit activations, min-max vs percentile; the first layer (the one the traitor hits) kept in
 * float. On the CNN, 3-bit weights per tensor vs per channel: its folded BatchNorm leaves channels of very
 * different ranges, which one scale per tensor cannot serve (the MLP's rows are too alike to show it).
 */
export const ACCURACY_PRESETS: readonly AccuracyPreset[] = [
  { id: 'clean8', params: { net: 'mlp' } },
  { id: 'traitorMinmax', params: { net: 'mlp', traitor: PRESET_TRAITOR, abits: 4, calib: 'minmax' } },
  { id: 'traitorPercentile', params: { net: 'mlp', traitor: PRESET_TRAITOR, abits: 4, calib: 'percentile' } },
  { id: 'w3tensor', params: { net: 'cnn', wbits: 3, wgran: 'tensor' } },
  { id: 'w3channel', params: { net: 'cnn', wbits: 3, wgran: 'channel' } },
  {
    id: 'traitorFloat',
    params: { net: 'mlp', traitor: PRESET_TRAITOR, abits: 4, calib: 'minmax', float: ['fc1'] },
  },
]

/** A preset's full settings: its own, the defaults for the rest. */
export function presetParams(preset: AccuracyPreset): AccuracyParams {
  return { ...defaultAccuracyParams(), ...preset.params }
}

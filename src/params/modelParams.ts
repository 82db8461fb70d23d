/**
 * Link parameters of `#/model` (PRODUCT.md), following the pattern of accuracyParams.ts: every field is
 * described by data, decoded with valibot, numbers clamped into range, invalid values replaced by defaults, and
 * every change reported as a notice (plain text, never HTML); unknown names and another schema version get a
 * notice too. A parameter left at its default is left out of the link, so the links made before a parameter was
 * added (and before `v`) read as they did. Pure: no UI import.
 */
import { decodeFields, defaultsOf, encodeFields, field, type ParamNotice, type ParamsOf } from './paramCodec'

export const MODEL_SCHEMA_VERSION = 1

/** the models the view shows: the shipped MobileNetV1, the digits networks, the user's files */
export const MODEL_SOURCES = ['mobilenet', 'digits-mlp', 'digits-cnn', 'loaded'] as const
export type ModelSource = (typeof MODEL_SOURCES)[number]

/** The layer table's sortable columns; `order` is the network's order. */
export const SORT_KEYS = [
  'order',
  'name',
  'kind',
  'params',
  'spread',
  'tensor',
  'channel',
  'group',
  'rmse',
] as const
export type SortKey = (typeof SORT_KEYS)[number]
export interface TableSort {
  key: SortKey
  dir: 1 | -1
}
/** `sort=`'s values: a column (ascending) or `-` and a column (descending) */
const SORTS = [...SORT_KEYS, ...SORT_KEYS.map((k) => `-${k}` as const)] as const
type SortText = (typeof SORTS)[number]

/** the longest layer name a link holds (`layer=`, `axis=`) */
export const MAX_LAYER_NAME = 300
/** the highest axis `axis=` takes (a .npy has at most 64 axes; a layer without that axis keeps its own) */
export const MAX_AXIS = 63

export const GROUPS = [8, 16, 32, 64, 128, 256] as const

/** a layer name: any characters (a file's tensor names are the file's own) */
const LAYER_NAME = /^[\s\S]*$/
/**
 * `name:axis`: a name of 1 … MAX_LAYER_NAME characters (colons too), a colon, an axis 0 … MAX_AXIS (one or two
 * digits). The axis has no colon, so the colon it follows is the name's last one.
 */
const AXIS_ENTRY = new RegExp(
  `^[\\s\\S]{1,${MAX_LAYER_NAME}}:(?:${Array.from({ length: MAX_AXIS + 1 }, (_, i) => (i < 10 ? `0?${i}` : String(i))).join('|')})$`,
)

const { en, int, flag, text, list } = field

export const MODEL_FIELDS = {
  src: en(MODEL_SOURCES, 'mobilenet'),
  /** fold BatchNorm into the weights first */
  fold: flag(true),
  bits: int(2, 8, 8),
  group: int(8, 256, 128),
  /** the layer shown (a name the model may not have: the page says so and shows its first layer) */
  layer: text(LAYER_NAME, MAX_LAYER_NAME),
  /** the layer table's order: a column and its direction (`sort=tensor` ascending, `sort=-tensor` descending) */
  sort: en(SORTS, 'order'),
  /** the output-channel axis chosen for a layer, where it is not the layer's own: `axis=name:1`, once per layer */
  axis: list(AXIS_ENTRY, MAX_LAYER_NAME + 3),
} as const

type Parsed = ParamsOf<typeof MODEL_FIELDS>
/** The decoded state: `sort` as a column and a direction, `axis=` as the axis chosen per layer name. */
export type ModelParams = Omit<Parsed, 'sort' | 'axis'> & {
  sort: TableSort
  axes: Readonly<Record<string, number>>
}

function fromParsed({ sort, axis, layer, ...rest }: Parsed): ModelParams {
  const desc = sort.startsWith('-')
  return {
    ...rest,
    // `layer=` names no layer
    layer: layer === '' ? null : layer,
    sort: { key: (desc ? sort.slice(1) : sort) as SortKey, dir: desc ? -1 : 1 },
    // (fromEntries defines each name as the map's own property: a layer named `__proto__` is a name like any
    // other; a name given twice keeps its last axis)
    axes: Object.fromEntries(
      axis.map((entry) => {
        const at = entry.lastIndexOf(':')
        return [entry.slice(0, at), Number(entry.slice(at + 1))]
      }),
    ),
  }
}

export const DEFAULT_MODEL_PARAMS: Readonly<ModelParams> = fromParsed(defaultsOf(MODEL_FIELDS))

/** Decode `#/model`'s parameters: defaults for what is absent, a notice for everything changed or unknown. */
export function decodeModelParams(query: URLSearchParams): { params: ModelParams; notices: ParamNotice[] } {
  const { params, notices } = decodeFields(MODEL_FIELDS, query, MODEL_SCHEMA_VERSION)
  return { params: fromParsed(params), notices }
}

export const encodeSort = (s: TableSort): SortText => (s.dir === -1 ? `-${s.key}` : s.key)

/** The version, then every parameter that differs from its default; the axes by layer name. */
export function encodeModelParams(p: ModelParams): URLSearchParams {
  return encodeFields(
    MODEL_FIELDS,
    {
      ...p,
      layer: p.layer === '' ? null : p.layer,
      sort: encodeSort(p.sort),
      // by name, so that the same choices always make the same link
      axis: Object.keys(p.axes)
        .sort()
        .map((name) => `${name}:${p.axes[name]}`),
    },
    MODEL_SCHEMA_VERSION,
  )
}

/** The link parameters of `#/model` (PRODUCT.md): src, fold, bits, group, layer, sort, axis; invalid values
 *  fall back to defaults with a notice. A parameter added later is left out of the link at its default, so the
 *  links made before it read as they did. */
export interface ModelParams {
  src: 'mobilenet' | 'digits-mlp' | 'digits-cnn' | 'loaded'
  fold: boolean
  bits: number
  group: number
  layer: string | null
  /** the layer table's order: a column and its direction (`sort=tensor` ascending, `sort=-tensor` descending) */
  sort: TableSort
  /** the output-channel axis chosen for a layer (by name), where it is not the layer's own: `axis=name:1` */
  axes: Readonly<Record<string, number>>
}

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

/** the longest layer name a link holds (`layer=`, `axis=`) */
export const MAX_LAYER_NAME = 300
/** the highest axis `axis=` takes (a .npy has at most 64 axes; a layer without that axis keeps its own) */
export const MAX_AXIS = 63

export const GROUPS = [8, 16, 32, 64, 128, 256] as const
export const DEFAULT_MODEL_PARAMS: Readonly<ModelParams> = {
  src: 'mobilenet',
  fold: true,
  bits: 8,
  group: 128,
  layer: null,
  sort: { key: 'order', dir: 1 },
  axes: {},
}

export interface ModelNotice {
  key: string
  value: string
  used: string
}

export function decodeModelParams(q: URLSearchParams): { params: ModelParams; notices: ModelNotice[] } {
  const p: ModelParams = { ...DEFAULT_MODEL_PARAMS, sort: { ...DEFAULT_MODEL_PARAMS.sort } }
  const notices: ModelNotice[] = []
  const src = q.get('src')
  if (src !== null) {
    if (src === 'mobilenet' || src === 'digits-mlp' || src === 'digits-cnn' || src === 'loaded') p.src = src
    else notices.push({ key: 'src', value: src, used: p.src })
  }
  const fold = q.get('fold')
  if (fold !== null) {
    if (fold === '0' || fold === '1') p.fold = fold === '1'
    else notices.push({ key: 'fold', value: fold, used: '1' })
  }
  const bits = q.get('bits')
  if (bits !== null) {
    // an empty value (`bits=`) is no number (Number('') is 0): the default, not the minimum
    const b = bits.trim() === '' ? NaN : Number(bits)
    if (Number.isInteger(b) && b >= 2 && b <= 8) p.bits = b
    else {
      p.bits = Number.isFinite(b) ? Math.min(8, Math.max(2, Math.round(b))) : 8
      notices.push({ key: 'bits', value: bits, used: String(p.bits) })
    }
  }
  const group = q.get('group')
  if (group !== null) {
    const g = group.trim() === '' ? NaN : Number(group)
    if (Number.isInteger(g) && g >= 8 && g <= 256) p.group = g
    else {
      p.group = Number.isFinite(g) ? Math.min(256, Math.max(8, Math.round(g))) : 128
      notices.push({ key: 'group', value: group, used: String(p.group) })
    }
  }
  const layer = q.get('layer')
  if (layer) p.layer = layer.slice(0, MAX_LAYER_NAME)
  const sort = q.get('sort')
  if (sort !== null) {
    const desc = sort.startsWith('-')
    const key = desc ? sort.slice(1) : sort
    if ((SORT_KEYS as readonly string[]).includes(key)) p.sort = { key: key as SortKey, dir: desc ? -1 : 1 }
    else notices.push({ key: 'sort', value: sort, used: encodeSort(DEFAULT_MODEL_PARAMS.sort) })
  }
  const axes: [string, number][] = []
  for (const raw of q.getAll('axis')) {
    const entry = decodeAxis(raw)
    // nothing to use instead: the layer keeps its own axis (the notice says the value was ignored)
    if (entry) axes.push(entry)
    else notices.push({ key: 'axis', value: raw, used: '' })
  }
  // (fromEntries defines each name as the map's own property: a layer named `__proto__` is a name like any other)
  if (axes.length > 0) p.axes = Object.fromEntries(axes)
  return { params: p, notices }
}

/** `name:axis` (the name may hold colons: the axis is after the last one), or null where it is not one */
function decodeAxis(raw: string): [string, number] | null {
  const at = raw.lastIndexOf(':')
  const name = raw.slice(0, Math.max(0, at))
  const axis = raw.slice(at + 1)
  if (at < 1 || name.length > MAX_LAYER_NAME || !/^\d{1,2}$/.test(axis) || Number(axis) > MAX_AXIS)
    return null
  return [name, Number(axis)]
}

const encodeSort = (s: TableSort) => `${s.dir === -1 ? '-' : ''}${s.key}`

export function encodeModelParams(p: ModelParams, base: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams()
  for (const k of ['lang', 'present', 'hide']) {
    const v = base.get(k)
    if (v !== null) q.set(k, v)
  }
  if (p.src !== 'mobilenet') q.set('src', p.src)
  if (!p.fold) q.set('fold', '0')
  if (p.bits !== 8) q.set('bits', String(p.bits))
  if (p.group !== 128) q.set('group', String(p.group))
  if (p.layer) q.set('layer', p.layer)
  if (p.sort.key !== DEFAULT_MODEL_PARAMS.sort.key || p.sort.dir !== DEFAULT_MODEL_PARAMS.sort.dir)
    q.set('sort', encodeSort(p.sort))
  // by name, so that the same choices always make the same link
  for (const name of Object.keys(p.axes).sort()) q.append('axis', `${name}:${p.axes[name]}`)
  return q
}

/**
 * The layer a link's `layer=` shows: the layer of that name; a layer's bias or BatchNorm vector (listed under
 * its layer: only weights with two or more axes are layers) shows that layer; any other name the first layer
 * (the page says so). `how` tells which.
 */
export function resolveLayer<R extends { name: string }>(
  name: string | null,
  rows: readonly R[],
  layers: readonly { name: string; extras: readonly { name: string }[] }[],
): { row: R | null; how: 'none' | 'exact' | 'extra' | 'first' } {
  if (!name || rows.length === 0) return { row: null, how: 'none' }
  const exact = rows.find((r) => r.name === name)
  if (exact) return { row: exact, how: 'exact' }
  const owner = layers.find((l) => l.extras.some((x) => x.name === name))
  const row = owner && rows.find((r) => r.name === owner.name)
  if (row) return { row, how: 'extra' }
  return { row: rows[0], how: 'first' }
}

export { echo } from '../echo'

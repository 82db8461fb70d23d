/** The link parameters of `#/model` (PRODUCT.md): src, fold, bits, group, layer; invalid values fall back
 *  to defaults with a notice. */
export interface ModelParams {
  src: 'mobilenet' | 'digits-mlp' | 'digits-cnn' | 'loaded'
  fold: boolean
  bits: number
  group: number
  layer: string | null
}

export const GROUPS = [8, 16, 32, 64, 128, 256] as const
export const DEFAULT_MODEL_PARAMS: ModelParams = {
  src: 'mobilenet',
  fold: true,
  bits: 8,
  group: 128,
  layer: null,
}

export interface ModelNotice {
  key: string
  value: string
  used: string
}

export function decodeModelParams(q: URLSearchParams): { params: ModelParams; notices: ModelNotice[] } {
  const p = { ...DEFAULT_MODEL_PARAMS }
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
  if (layer) p.layer = layer.slice(0, 300)
  return { params: p, notices }
}

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

// The link parameters of `#/model` live in src/params/modelParams.ts (the shared codec's pattern); re-exported here
// for the view.
export * from '../../params/modelParams'

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

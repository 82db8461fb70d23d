/**
 * The digits networks the project ships (docs/digits-networks.md): their ids and their weighted layers in
 * order. One table that the `#/model/accuracy` link codec (`net=`, `float=`), the runner and the views read.
 */
export type NetId = 'mlp' | 'cnn'
export const NET_IDS: readonly NetId[] = ['mlp', 'cnn']

/** The layer names of each network, in order (the `float=` link values and the `layer` of the histograms). */
export const LAYER_NAMES: { readonly [K in NetId]: readonly string[] } = {
  mlp: ['fc1', 'fc2', 'fc3'],
  cnn: ['conv1', 'dw', 'pw', 'fc'],
}

/**
 * The widgets a chapter may place with `::: widget name key=value`, and the options each accepts. The view
 * maps every name to a component (src/views/learn/widgets/index.tsx); the content test checks every
 * directive against this list.
 */
export const WIDGETS = {
  grids: [],
  affine: [],
  'act-range': [],
  'per-channel': [],
  'alpha-compare': [],
  'range-sweep': [],
  calibrators: [],
  'kl-microscope': [],
  // the Lab's own add and dense views, configured by a link (`link=scheme=asymmetric&…`)
  'add-view': ['link'],
  'dense-view': ['link'],
  'conventions-table': [],
  'kl-variants': [],
  'format-grid': [],
  'group-cost': [],
  'smooth-quant': [],
  'network-accuracy': ['preset'],
  'network-layers': ['preset'],
  'network-bits': ['preset'],
} as const satisfies Record<string, readonly string[]>

export type WidgetName = keyof typeof WIDGETS

export function isWidgetName(s: string): s is WidgetName {
  return Object.prototype.hasOwnProperty.call(WIDGETS, s)
}

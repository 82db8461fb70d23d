import type { ComponentType } from 'react'
import type { WidgetName } from '../../../learn/widgets'
import { ActRange } from './ActRange'
import { Affine } from './Affine'
import { AlphaCompare } from './AlphaCompare'
import { Calibrators } from './Calibrators'
import { ConventionsTable } from './ConventionsTable'
import { FormatGridWidget, GroupCostWidget, SmoothQuantWidget } from './Formats'
import { Grids } from './Grids'
import { KlMicroscope } from './KlMicroscope'
import { KlVariants } from './KlVariants'
import { NetworkAccuracyWidget, NetworkBitsWidget, NetworkLayersWidget } from './Network'
import { AddViewWidget, DenseViewWidget } from './OpsViews'
import { PerChannel } from './PerChannel'
import { RangeSweep } from './RangeSweep'

/** Every widget a chapter can place, by directive name. */
export const WIDGET_COMPONENTS: Record<WidgetName, ComponentType<Record<string, string>>> = {
  grids: Grids,
  affine: Affine,
  'act-range': ActRange,
  'per-channel': PerChannel,
  'alpha-compare': AlphaCompare,
  'range-sweep': RangeSweep,
  calibrators: Calibrators,
  'kl-microscope': KlMicroscope,
  'add-view': AddViewWidget,
  'dense-view': DenseViewWidget,
  'conventions-table': ConventionsTable,
  'kl-variants': KlVariants,
  'format-grid': FormatGridWidget,
  'group-cost': GroupCostWidget,
  'smooth-quant': SmoothQuantWidget,
  'network-accuracy': NetworkAccuracyWidget,
  'network-layers': NetworkLayersWidget,
  'network-bits': NetworkBitsWidget,
}

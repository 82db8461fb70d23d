/**
 * The Lab's engine client for component tests, answering from a LabEngine on the page (no worker, no curves, no
 * per-channel view; the export's table). A test file mocks the client with it:
 *   vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))
 */
import { LabEngine, type QuantSettings } from '../../src/engine/labEngine'
import type { SourceSpec } from '../../src/engine/sources'

export function createEngine() {
  const e = new LabEngine()
  return {
    generate: (s: SourceSpec) => Promise.resolve(e.generate(s)),
    entropyCurve: () => Promise.resolve(null),
    mseCurve: () => Promise.resolve(null),
    quantize: (s: QuantSettings) => Promise.resolve(e.quantize(s)),
    channels: () => Promise.resolve(null),
    table: (s: QuantSettings, limit?: number) => Promise.resolve(e.table(s, limit)),
  }
}

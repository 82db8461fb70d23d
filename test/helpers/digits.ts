// The shipped digits networks and data as the tests read them: the UCI digits split (test/fixtures) and each
// network's weights from public/models, prepared for evaluation once per test file.
import { readFileSync } from 'node:fs'
import {
  decodeDigitsGz,
  loadNetwork,
  prepareEvaluation,
  splitDigits,
  type NetId,
  type PreparedNetwork,
} from '../../src/engine/network'
import { readSafetensors } from '../../src/models/safetensors'

const root = new URL('../../', import.meta.url)

export const digitsSplit = splitDigits(
  decodeDigitsGz(new Uint8Array(readFileSync(new URL('test/fixtures/digits.csv.gz', root)))),
)

const prepared: Partial<Record<NetId, PreparedNetwork>> = {}

/** The shipped network `id`, loaded from public/models and prepared on the digits split. */
export function shippedNet(id: NetId): PreparedNetwork {
  const bytes = new Uint8Array(readFileSync(new URL(`public/models/digits-${id}.safetensors`, root)))
  return (prepared[id] ??= prepareEvaluation(
    loadNetwork(id, readSafetensors(`digits-${id}.safetensors`, bytes)),
    digitsSplit,
  ))
}

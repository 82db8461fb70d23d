import { generateTensor, sourceSpecOf } from '../engine/sources'
import { defaultLabParams, type LabParams } from '../state/labParams'

const cache = new Map<string, Float64Array>()

/** A tensor from the Lab's generators (seeded, numpy-compatible), memoised by its spec. */
export function sample(spec: Partial<LabParams>): Float64Array {
  const key = JSON.stringify(spec)
  let x = cache.get(key)
  if (!x) {
    x = generateTensor(sourceSpecOf({ ...defaultLabParams(), ...spec })).data
    cache.set(key, x)
  }
  return x
}

export function absMax(x: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]))
  return m
}

/**
 * Reused arrays for a kernel's temporaries (arrays it never returns). Why: a browser maps a fresh large
 * ArrayBuffer's memory in page by page on first write, and a page fault is not free: on the 2-core VMs this
 * project is measured on, about 20 µs each, so a 400 KB temporary cost ~2 ms before any arithmetic (Node's
 * allocator keeps freed pages mapped and hides it). The digits network's evaluation made ~3 MB of such
 * temporaries per settings change. Each slot is one kernel's; a kernel takes its slots and is done with them
 * before it returns (nothing here is re-entrant, and JavaScript runs one kernel at a time per thread).
 */
/** above this many elements (16 MB of doubles) a temporary is not kept: memory matters more than page faults then */
const KEEP_AT_MOST = 1 << 21

/**
 * The array of type `Type` and length n kept in `slots` under `slot`: the kept one (or its first n elements), or
 * a new one kept in its place when there is none of that type and length; beyond KEEP_AT_MOST always a new one.
 * Its contents are whatever its last user left. For a caller's own kept arrays too (the digits evaluation's).
 */
export function keptArray<A extends Float64Array | Int32Array>(
  slots: Map<string, Float64Array | Int32Array>,
  Type: new (n: number) => A,
  slot: string,
  n: number,
): A {
  if (n > KEEP_AT_MOST) return new Type(n)
  const a = slots.get(slot)
  if (a instanceof Type && a.length >= n) return a.length === n ? a : (a.subarray(0, n) as A)
  const b = new Type(n)
  slots.set(slot, b)
  return b
}

const slots = new Map<string, Float64Array | Int32Array>()

/** A Float64Array of length n for slot `slot`; its contents are whatever the slot's last user left. */
export function scratchF64(slot: string, n: number): Float64Array {
  return keptArray(slots, Float64Array, slot, n)
}

/**
 * `scratchF64` for Int32Array temporaries (the same element limit, so a slot keeps at most 8 MB: a histogram's
 * counting lanes, four per bin, up to 2^19 bins).
 */
export function scratchI32(slot: string, n: number): Int32Array {
  return keptArray(slots, Int32Array, slot, n)
}

/**
 * Arrays a caller lends an integer kernel (`int8FullyConnected`, `intConv2d`) for its results. Why: the same
 * page faults as above, for arrays the kernel returns. The digits network's evaluation reads each layer's
 * results before its next evaluation, and ~1.2 MB of fresh arrays per settings change (these among them) cost
 * about as much in a Chromium page as the arithmetic. The kernel writes every element.
 */
export interface IntResultArrays {
  accumulators: Int32Array
  outputs: Int32Array
}

/**
 * `into` checked, or two fresh arrays when it is not given: two Int32Arrays of n elements each, on different
 * buffers (two views of one buffer are refused even where they do not overlap: simpler to state, and a caller
 * has no reason to lend them).
 */
export function intResultArrays(into: IntResultArrays | undefined, n: number, fn: string): IntResultArrays {
  if (into === undefined) return { accumulators: new Int32Array(n), outputs: new Int32Array(n) }
  if (into === null || typeof into !== 'object')
    throw new TypeError(`${fn}: into must be an object { accumulators, outputs }`)
  const { accumulators: a, outputs: o } = into
  if (!(a instanceof Int32Array) || !(o instanceof Int32Array))
    throw new TypeError(`${fn}: into.accumulators and into.outputs must be Int32Arrays`)
  if (a.length !== n || o.length !== n)
    throw new RangeError(
      `${fn}: into's arrays must have ${n} elements each (got ${a.length} and ${o.length})`,
    )
  if (a.buffer === o.buffer)
    throw new RangeError(`${fn}: into's accumulators and outputs must not share memory`)
  return into
}

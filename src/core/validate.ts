/**
 * Argument checks shared by the core. Every public function validates its input here so that a bad
 * argument throws a RangeError/TypeError that says what was wrong, instead of producing NaN deep inside.
 */

export function assertArrayLike(x: unknown, name: string): asserts x is ArrayLike<number> {
  if (x == null || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`${name} must be an array of numbers`)
  }
}

export function assertNonEmpty(x: ArrayLike<number>, name: string): void {
  assertArrayLike(x, name)
  if (x.length === 0) throw new RangeError(`${name} is empty`)
}

/** Throws a RangeError naming the first NaN or ±Infinity in x. */
export function assertAllFinite(x: ArrayLike<number>, name: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (!Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}] is ${String(v)}; only finite numbers can be quantized`)
    }
  }
}

export function assertFiniteNumber(v: unknown, name: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${name} must be a finite number (got ${String(v)})`)
  }
}

export function assertPositive(v: unknown, name: string): asserts v is number {
  assertFiniteNumber(v, name)
  if (v <= 0) throw new RangeError(`${name} must be > 0 (got ${v})`)
}

export function assertInteger(v: unknown, name: string, min: number, max: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TypeError(`${name} must be an integer (got ${String(v)})`)
  }
  if (v < min || v > max) throw new RangeError(`${name} must be between ${min} and ${max} (got ${v})`)
}

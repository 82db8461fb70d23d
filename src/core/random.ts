/**
 * numpy-compatible random numbers: the legacy `np.random.RandomState` stream (MT19937), bit for bit.
 *
 * Sources (read, re-implemented in our own words):
 * - numpy/random/src/mt19937/mt19937.c + mt19937-jump/mt19937.h: `mt19937_seed` (= Matsumoto & Nishimura's
 *   `init_genrand`), the block "twist" of 624 words, the tempering, and `mt19937_next_double`
 *   (a 53-bit double from two 32-bit words).
 * - numpy/random/src/legacy/legacy-distributions.c: `legacy_gauss` (polar Box–Muller with the second deviate
 *   cached), `legacy_normal`, `legacy_standard_exponential`, `legacy_standard_gamma`, `legacy_standard_t`,
 *   `legacy_lognormal`.
 * - numpy/random/src/distributions/distributions.c: `random_uniform`, `random_laplace` (used by RandomState too),
 *   `random_bounded_uint64_fill` / `buffered_bounded_masked_uint32` (legacy `randint`).
 * - numpy/random/mtrand.pyx: argument checks (seed in 0 … 2**32 − 1, scale ≥ 0, df > 0, …).
 *
 * random_sample/uniform/randint are exact everywhere (pure integer arithmetic). Distributions that go through
 * `log`, `exp`, `pow` inherit the rounding of the C library numpy calls. We use correctly rounded versions
 * (crmath.ts), which agree with glibc's except where glibc itself is off by one ulp: about 4 in 10 000 calls
 * (e.g. 1 normal pair in ~2 500); V8's own Math.log would differ in ~4 % of calls. test/unit/random.test.ts lists
 * every such position in its fingerprinted runs.
 */

import { crExp, crLog, crPow } from './crmath'

const N = 624
/** 2^-53: scales a 53-bit integer into [0, 1). */
const TWO_POW_M53 = 1 / 9007199254740992
const MAX_SIZE = 1e8

/**
 * Regenerate all 624 words at once (mt19937.c `mt19937_gen`). The state is kept as int32 (same bits as numpy's
 * uint32 words) so that V8 stays in integer arithmetic. Constants are written as int32 literals in the loops
 * (bundlers may turn module constants into mutable variables, which V8 then reloads on every iteration):
 * −2147483648 = 0x80000000 (upper bit), 2147483647 = 0x7fffffff, −1727483681 = 0x9908b0df (MATRIX_A);
 * 227 = N − M, 397 = M, 624 = N.
 */
function twist(mt: Int32Array): void {
  let kk = 0
  let y: number
  for (; kk < 227; kk++) {
    y = (mt[kk] & -2147483648) | (mt[kk + 1] & 2147483647)
    mt[kk] = mt[kk + 397] ^ (y >>> 1) ^ (-(y & 1) & -1727483681)
  }
  for (; kk < 623; kk++) {
    y = (mt[kk] & -2147483648) | (mt[kk + 1] & 2147483647)
    mt[kk] = mt[kk - 227] ^ (y >>> 1) ^ (-(y & 1) & -1727483681)
  }
  y = (mt[623] & -2147483648) | (mt[0] & 2147483647)
  mt[623] = mt[396] ^ (y >>> 1) ^ (-(y & 1) & -1727483681)
}

/**
 * `count` doubles from consecutive word pairs of the current block: each word is tempered (the output transform
 * of `genrand_int32`; masks −1658038656 = 0x9d2c5680, −272236544 = 0xefc60000) and
 * double = ((a >>> 5)·2^26 + (b >>> 6)) · 2^-53 (`mt19937_next_double`);
 * out[i] = low + range · double. A small kernel called once per block, so V8 optimizes it as a whole function.
 */
function pairsToDoubles(
  mt: Int32Array,
  pos: number,
  out: Float64Array,
  i: number,
  count: number,
  low: number,
  range: number,
): void {
  for (let k = 0; k < count; k++) {
    let a = mt[pos]
    let b = mt[pos + 1]
    pos += 2
    a ^= a >>> 11
    a ^= (a << 7) & -1658038656
    a ^= (a << 15) & -272236544
    a ^= a >>> 18
    b ^= b >>> 11
    b ^= (b << 7) & -1658038656
    b ^= (b << 15) & -272236544
    b ^= b >>> 18
    out[i + k] = low + range * (((a >>> 5) * 67108864 + (b >>> 6)) * 1.1102230246251565e-16)
  }
}

/** numpy's `size` argument: an integer 0 … 1e8 (we refuse larger outputs rather than allocate gigabytes). */
function checkSize(size: unknown): number {
  if (typeof size !== 'number') throw new TypeError(`size must be a number (got ${typeof size})`)
  if (!Number.isInteger(size) || size < 0 || size > MAX_SIZE) {
    throw new RangeError(`size must be an integer between 0 and ${MAX_SIZE} (got ${size})`)
  }
  return size
}

/**
 * The output array: `into` when given (it must be a Float64Array of exactly `size` values; the engine draws a
 * large tensor slice by slice into views of one array, since a fresh array per slice costs a page fault per 4 KB
 * page and garbage collection: ~0.4 s of drawing 10⁷ values in Chromium), else a new one.
 */
function output(size: number, into: Float64Array | undefined): Float64Array {
  checkSize(size)
  if (into === undefined) return new Float64Array(size)
  if (!(into instanceof Float64Array) || into.length !== size) {
    throw new TypeError(`into must be a Float64Array of length ${size}`)
  }
  return into
}

function checkFinite(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${name} must be a finite number (got ${String(v)})`)
  }
  return v
}

function checkNonNegative(v: unknown, name: string): number {
  checkFinite(v, name)
  if ((v as number) < 0) throw new RangeError(`${name} must be >= 0 (got ${String(v)})`)
  return v as number
}

/**
 * The legacy numpy generator (`np.random.seed(seed)` + `np.random.<method>`), one continuous stream: e.g.
 * `uniform(-1, 1, n)` followed by `uniform(-2, 1, n)` gives the same numbers as the notes' x1 and x2.
 */
export class RandomState {
  private readonly mt = new Int32Array(N)
  private pos = N
  private hasGauss = false
  private gaussCache = 0
  /** Scratch for `normal`: one block's uniforms (at most N / 2 doubles). */
  private readonly uniformBlock = new Float64Array(N / 2)

  /** `np.random.seed(seed)` for an integer seed: mtrand `_legacy_seeding` → `mt19937_seed` (= `init_genrand`). */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new TypeError(`seed must be an integer (got ${String(seed)})`)
    }
    if (seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be between 0 and 2**32 - 1 (got ${seed})`)
    }
    const mt = this.mt
    mt[0] = seed | 0
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = (Math.imul(1812433253, prev) + i) | 0
    }
    this.pos = N
  }

  private refill(): void {
    twist(this.mt)
    this.pos = 0
  }

  /** One tempered 32-bit word (mt19937.h `mt19937_next32` / `genrand_int32`). */
  nextUint32(): number {
    if (this.pos >= N) this.refill()
    let y = this.mt[this.pos++]
    y ^= y >>> 11
    y ^= (y << 7) & -1658038656
    y ^= (y << 15) & -272236544
    y ^= y >>> 18
    return y >>> 0
  }

  /** One double in [0, 1) with 53 random bits (`mt19937_next_double` = `legacy_double`). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * 67108864 + b) * TWO_POW_M53
  }

  /**
   * Fill `out` with low + range·double (range = 1, low = 0 gives random_sample): whole blocks go through the
   * pairsToDoubles kernel; a pair that straddles two blocks (only after an odd number of 32-bit draws) goes
   * through nextDouble. 10^6 draws take a few milliseconds.
   */
  private fillUniform(out: Float64Array, low: number, range: number): void {
    const n = out.length
    let i = 0
    while (i < n) {
      if (this.pos >= N) this.refill()
      if (this.pos + 1 >= N) {
        out[i++] = low + range * this.nextDouble()
        continue
      }
      const count = Math.min((N - this.pos) >> 1, n - i)
      pairsToDoubles(this.mt, this.pos, out, i, count, low, range)
      this.pos += 2 * count
      i += count
    }
  }

  /** `np.random.random_sample(size)`: doubles in [0, 1). */
  randomSample(size: number, into?: Float64Array): Float64Array {
    const out = output(size, into)
    this.fillUniform(out, 0, 1)
    return out
  }

  /**
   * `np.random.uniform(low, high, size)` = low + (high − low)·double (distributions.c `random_uniform`, with the
   * range computed once as in mtrand). low > high is allowed, as in numpy; a non-finite range is refused.
   */
  uniform(low: number, high: number, size: number, into?: Float64Array): Float64Array {
    checkFinite(low, 'low')
    checkFinite(high, 'high')
    const range = high - low
    if (!Number.isFinite(range))
      throw new RangeError('uniform: high - low overflows (range exceeds valid bounds)')
    const out = output(size, into)
    this.fillUniform(out, low, range)
    return out
  }

  /**
   * `legacy_gauss`: polar Box–Muller. Draws x1 then x2 in (−1, 1) until 0 < r² < 1, returns f·x2 and caches
   * f·x1 for the next call (the cache survives across calls, exactly as numpy's `has_gauss`).
   */
  gauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false
      const g = this.gaussCache
      this.gaussCache = 0
      return g
    }
    let x1: number
    let x2: number
    let r2: number
    do {
      x1 = 2.0 * this.nextDouble() - 1.0
      x2 = 2.0 * this.nextDouble() - 1.0
      r2 = x1 * x1 + x2 * x2
    } while (r2 >= 1.0 || r2 === 0.0)
    const f = Math.sqrt((-2.0 * crLog(r2)) / r2)
    this.gaussCache = f * x1
    this.hasGauss = true
    return f * x2
  }

  /**
   * `np.random.normal(loc, scale, size)` = loc + scale·gauss (`legacy_normal`); scale ≥ 0 as in mtrand.
   * The same draws as calling `gauss` n times, made two at a time (one accepted pair gives out[i] = f·x2 and
   * out[i + 1] = f·x1, the cached one) from a block's uniforms turned into 2·U − 1 by the pairsToDoubles kernel:
   * at N = 10⁷ that is ~0.7 s instead of ~0.85 s in Node.
   */
  normal(loc: number, scale: number, size: number, into?: Float64Array): Float64Array {
    checkFinite(loc, 'loc')
    checkNonNegative(scale, 'scale')
    const out = output(size, into)
    const n = out.length
    let i = 0
    if (this.hasGauss && n > 0) out[i++] = loc + scale * this.gauss()
    const mt = this.mt
    const buf = this.uniformBlock
    // buf[0 … len) holds 2·U − 1 for the word pairs start, start + 2, …; k of them are used
    let start = this.pos
    let len = 0
    let k = 0
    while (i + 1 < n) {
      let x1: number
      let x2: number
      if (k + 2 <= len) {
        x1 = buf[k]
        x2 = buf[k + 1]
        k += 2
      } else {
        // hand the unused doubles back to the generator (a pair's words are consumed together), then draw
        // this pair through nextDouble, which crosses block boundaries, and refill the buffer after it
        this.pos = start + 2 * k
        x1 = 2.0 * this.nextDouble() - 1.0
        x2 = 2.0 * this.nextDouble() - 1.0
        if (this.pos >= N) this.refill()
        start = this.pos
        len = (N - start) >> 1
        k = 0
        pairsToDoubles(mt, start, buf, 0, len, -1.0, 2.0)
      }
      const r2 = x1 * x1 + x2 * x2
      if (r2 >= 1.0 || r2 === 0.0) continue
      const f = Math.sqrt((-2.0 * crLog(r2)) / r2)
      out[i] = loc + scale * (f * x2)
      out[i + 1] = loc + scale * (f * x1)
      i += 2
    }
    this.pos = start + 2 * k
    if (i < n) out[i] = loc + scale * this.gauss()
    return out
  }

  /** `legacy_standard_exponential`: −log(1 − U). */
  private exponential1(): number {
    return -crLog(1.0 - this.nextDouble())
  }

  /**
   * `np.random.laplace(loc, scale, size)` (distributions.c `random_laplace`): U = double; U ≥ 0.5 →
   * loc − scale·log(2 − U − U); 0 < U < 0.5 → loc + scale·log(U + U); U = 0 is rejected and redrawn.
   */
  laplace(loc: number, scale: number, size: number, into?: Float64Array): Float64Array {
    checkFinite(loc, 'loc')
    checkNonNegative(scale, 'scale')
    const out = output(size, into)
    for (let i = 0; i < out.length; i++) {
      let u = this.nextDouble()
      while (u === 0.0) u = this.nextDouble()
      out[i] = u >= 0.5 ? loc - scale * crLog(2.0 - u - u) : loc + scale * crLog(u + u)
    }
    return out
  }

  /**
   * `legacy_standard_gamma(shape)`: shape 1 → exponential; 0 → 0; shape < 1 → Johnk-type rejection with
   * U and an exponential; shape > 1 → Marsaglia–Tsang with legacy_gauss and a uniform.
   */
  private gamma1(shape: number): number {
    if (shape === 1.0) return this.exponential1()
    if (shape === 0.0) return 0.0
    if (shape < 1.0) {
      for (;;) {
        const u = this.nextDouble()
        const v = this.exponential1()
        if (u <= 1.0 - shape) {
          const x = crPow(u, 1.0 / shape)
          if (x <= v) return x
        } else {
          const y = -crLog((1 - u) / shape)
          const x = crPow(1.0 - shape + shape * y, 1.0 / shape)
          if (x <= v + y) return x
        }
      }
    }
    const b = shape - 1.0 / 3.0
    const c = 1.0 / Math.sqrt(9 * b)
    for (;;) {
      let x: number
      let v: number
      do {
        x = this.gauss()
        v = 1.0 + c * x
      } while (v <= 0.0)
      v = v * v * v
      const u = this.nextDouble()
      if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return b * v
      if (crLog(u) < 0.5 * x * x + b * (1.0 - v + crLog(v))) return b * v
    }
  }

  /**
   * `np.random.standard_t(df, size)` (`legacy_standard_t`): num = gauss, denom = standard_gamma(df/2),
   * sqrt(df/2)·num / sqrt(denom). df > 0.
   */
  standardT(df: number, size: number, into?: Float64Array): Float64Array {
    checkFinite(df, 'df')
    if (df <= 0) throw new RangeError(`df must be > 0 (got ${df})`)
    const out = output(size, into)
    const half = df / 2
    // numpy computes df/2 too: for df below 1e-323 it underflows to 0, gamma(0) is 0 and every draw 0/0 = NaN
    if (half === 0) throw new RangeError(`df is too small: df / 2 underflows to 0 (got ${df})`)
    const s = Math.sqrt(half)
    for (let i = 0; i < out.length; i++) {
      const num = this.gauss()
      const denom = this.gamma1(half)
      out[i] = (s * num) / Math.sqrt(denom)
    }
    return out
  }

  /** `np.random.lognormal(mean, sigma, size)` = exp(mean + sigma·gauss) (`legacy_lognormal`); sigma ≥ 0. */
  lognormal(mean: number, sigma: number, size: number, into?: Float64Array): Float64Array {
    checkFinite(mean, 'mean')
    checkNonNegative(sigma, 'sigma')
    const out = output(size, into)
    for (let i = 0; i < out.length; i++) out[i] = crExp(mean + sigma * this.gauss())
    return out
  }

  /**
   * `np.random.randint(low, high, size)` (int64 output, legacy masked rejection): rng = high − low − 1, mask =
   * the smallest 2^k − 1 ≥ rng, draw 32-bit words & mask until ≤ rng (`buffered_bounded_masked_uint32`).
   * Limited to high − low ≤ 2^32 (one word per draw, which covers every int8/int16/int32 range).
   */
  randint(low: number, high: number, size: number, into?: Float64Array): Float64Array {
    if (typeof low !== 'number' || !Number.isSafeInteger(low))
      throw new TypeError(`low must be an integer (got ${low})`)
    if (typeof high !== 'number' || !Number.isSafeInteger(high)) {
      throw new TypeError(`high must be an integer (got ${high})`)
    }
    if (high <= low) throw new RangeError(`randint: low >= high (${low} >= ${high})`)
    const rng = high - low - 1
    if (rng > 0xffffffff) throw new RangeError('randint: high - low must be at most 2**32')
    const out = output(size, into)
    if (rng === 0) {
      out.fill(low)
      return out
    }
    if (rng === 0xffffffff) {
      for (let i = 0; i < out.length; i++) out[i] = low + this.nextUint32()
      return out
    }
    let mask = rng
    mask |= mask >>> 1
    mask |= mask >>> 2
    mask |= mask >>> 4
    mask |= mask >>> 8
    mask |= mask >>> 16
    for (let i = 0; i < out.length; i++) {
      let v: number
      do v = (this.nextUint32() & mask) >>> 0
      while (v > rng)
      out[i] = low + v
    }
    return out
  }
}

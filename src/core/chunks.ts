/**
 * Chunked kernels for the element-wise hot loops (quantize, dequantize, error metrics, …).
 *
 * V8 detail that matters for the 10^6-element budgets: a single long loop is optimized "on stack" (OSR) while it
 * runs; if that happens before the code after the loop has ever executed, the optimized code has no type
 * feedback for it and deoptimizes at the loop exit — and Node 20's V8 reuses that cached OSR code on every later
 * call, so every call pays a deoptimization. So each hot loop lives in a small kernel function that processes
 * [start, end) and is called chunk by chunk, with a short first chunk so that the kernel always completes once
 * (recording feedback for everything it executes) before it can be compiled. The kernels are written without
 * rarely-taken branches for the same reason.
 */
export const CHUNK = 8192

/** End of the chunk that starts at `start` (the very first chunk is short, see above). */
export function chunkEnd(start: number, n: number): number {
  return Math.min(n, start === 0 ? 64 : start + CHUNK)
}

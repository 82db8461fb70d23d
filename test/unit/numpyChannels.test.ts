/**
 * "As numpy" per channel: the script, run with python3 and numpy, prints the Lab's per-channel figures (MSE,
 * SQNR and the codes used) for a 2-D tensor quantized per channel. It used to quantize with one scale for the
 * tensor whatever the granularity. numpy's output is pinned in test/fixtures/numpy-channels.json together with
 * the scripts that printed it (scripts/make-numpy-channels-fixture.ts), so this test needs no Python: it checks
 * that today's scripts are those scripts and that what numpy printed for them is the Lab's result.
 */
import { describe, expect, it } from 'vitest'
import { numpySnippet } from '../../src/lab/numpySnippet'
import fixture from '../fixtures/numpy-channels.json'
import { base, CASES, labResult, printed } from '../helpers/numpyChannelCases'

const pinned: Record<string, { script: string; stdout: string } | undefined> = fixture.cases

describe('the numpy script per channel reproduces the Lab', () => {
  for (const [name, over] of CASES) {
    it(name, () => {
      const p = base(over)
      const r = labResult(p)
      expect(r.perChannel).toBe(true)
      if (p.dist === 'relu-normal') expect(r.channels!.scales).toContain(1)
      const code = numpySnippet(p, r)
      const run = pinned[name]
      // a changed script needs numpy's output again: npx tsx scripts/make-numpy-channels-fixture.ts
      expect(run, 'no pinned run for this case').toBeDefined()
      expect(code, 'the script changed: run npx tsx scripts/make-numpy-channels-fixture.ts').toBe(run!.script)
      const got = printed(run!.stdout)
      expect(got.used).toBe(r.codesUsed)
      expect(got.total).toBe(r.codesTotal)
      // PyTorch's x̂ is float32 (dequantize_val) and the script's float64, as for one scale per tensor: the same
      // to float32's precision; every other grid's to a few units in the last place
      const tol = p.conv === 'pytorch' ? 1e-5 : 1e-9
      expect(Math.abs(got.mse - r.metrics.mse)).toBeLessThanOrEqual(tol * r.metrics.mse)
      if (r.metrics.sqnrDb === Infinity) expect(got.sqnr).toBe(Infinity)
      else expect(Math.abs(got.sqnr - r.metrics.sqnrDb)).toBeLessThan(tol * 10)
    })
  }

  it('differs from one scale for the tensor: the per-channel MSE is the smaller here', () => {
    const p = base({})
    const perTensor = labResult({ ...p, gran: 'tensor' })
    const perChannel = labResult(p)
    expect(perChannel.metrics.mse).toBeLessThan(perTensor.metrics.mse / 2)
    expect(numpySnippet(p, perChannel)).toContain('axis=1, keepdims=True')
  })
})

import { describe, expect, it } from 'vitest'
import { numpyIntArrayStr, pyFloatRepr } from '../../src/core'

describe('Python number printing', () => {
  it('prints floats like repr()', () => {
    expect(pyFloatRepr(-0.250919762305275)).toBe('-0.250919762305275')
    expect(pyFloatRepr(0.9014286128198323)).toBe('0.9014286128198323')
    expect(pyFloatRepr(10)).toBe('10.0')
    expect(pyFloatRepr(-0.0)).toBe('-0.0')
    expect(pyFloatRepr(1e-5)).toBe('1e-05')
    expect(pyFloatRepr(0.0001)).toBe('0.0001')
    expect(pyFloatRepr(1.5e16)).toBe('1.5e+16')
    expect(pyFloatRepr(1234567890123456.0)).toBe('1234567890123456.0')
    expect(pyFloatRepr(2.5e-7)).toBe('2.5e-07')
    expect(pyFloatRepr(1e100)).toBe('1e+100')
    expect(pyFloatRepr(NaN)).toBe('nan')
    expect(pyFloatRepr(-Infinity)).toBe('-inf')
  })
  it('prints int arrays like numpy str()', () => {
    expect(numpyIntArrayStr([-32, 115, 59, 25, -88])).toBe('[-32 115  59  25 -88]')
    expect(numpyIntArrayStr([127, -84, -94, -100, -121])).toBe('[ 127  -84  -94 -100 -121]')
    expect(numpyIntArrayStr([])).toBe('[]')
  })
})

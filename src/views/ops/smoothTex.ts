import { texNum } from '../../charts/Tex'

/**
 * A number as the base of a power: texNum writes 1.2e-6 as `1.2\times 10^{-6}`, and a further `^{…}` on that
 * is KaTeX's "Double superscript"; such a base goes in parentheses.
 */
export function texBase(v: number, digits?: number): string {
  const s = texNum(v, digits)
  return s.includes('^') ? `\\left(${s}\\right)` : s
}

/** SmoothQuant's scale of channel j with its numbers: s_j = max|X_j|^α / max|W_j|^(1−α). */
export function smoothScaleTex(r: {
  j: number
  axj: number
  awj: number
  alpha: number
  sj: number
}): string {
  return `s_{${r.j}} = \\frac{\\max|X_{${r.j}}|^{\\alpha}}{\\max|W_{${r.j}}|^{1-\\alpha}} = \\frac{${texBase(r.axj, 6)}^{${texNum(r.alpha, 3)}}}{${texBase(r.awj, 6)}^{${texNum(1 - r.alpha, 3)}}} = ${texNum(r.sj, 6)}`
}

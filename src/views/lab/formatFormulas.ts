import { texNum } from '../../charts/Tex'
import type { FormatView } from '../../engine/formatQuant'
import { FORMAT_REGISTRY, largestLevel } from '../../registry/formats'

/**
 * The round trip through a format other than the Lab's integer grid (src/engine/formatQuant.ts): per tensor
 * the calibrated threshold T maps to the format's largest value F_max; per channel or group each slice's
 * absmax does (core groupwiseQuantize); an MX block takes the power of two 2^(⌊log₂ max|x|⌋ − e_max) of the
 * OCP Microscaling spec v1.0 §6.3 (core mxQuantize). round_F is "the nearest value of the format" (core quantizeToFormat).
 */
export function formatFormulas(f: FormatView, T: number, label: string): { key: string; tex: string }[] {
  const info = FORMAT_REGISTRY[f.fmt]
  const name = `\\text{${label.replace(/[\\{}$&#^_%~]/g, '')}}`
  // the integer grid (group-wise scales only reach this path) rounds and clips to ±(2^(b−1) − 1)
  const qmax = 2 ** (f.elemBits - 1) - 1
  const round =
    info.element === null
      ? (arg: string) =>
          `\\operatorname{clip}\\!\\left(\\operatorname{round}\\!\\left(${arg}\\right), -${qmax}, ${qmax}\\right)`
      : (arg: string) => `\\operatorname{round}_{${name}}\\!\\left(${arg}\\right)`
  const largest = largestLevel(f.fmt, f.elemBits)
  switch (f.granularity) {
    case 'tensor':
      return [
        {
          key: 's',
          tex: `s = \\frac{T}{F_{max}} = \\frac{${texNum(T)}}{${texNum(largest)}} = ${texNum(f.scale ?? T / largest)}`,
        },
        { key: 'deq', tex: `\\hat{x} = s \\cdot ${round('x / s')}` },
      ]
    case 'channel':
    case 'group':
      return [
        {
          key: 's',
          tex: `s_g = \\frac{\\max_{i \\in g} |x_i|}{${texNum(largest)}}`,
        },
        { key: 'deq', tex: `\\hat{x}_i = s_g \\cdot ${round('x_i / s_g')}` },
      ]
    case 'block':
      return [
        {
          key: 's',
          tex: `s_b = 2^{\\lfloor \\log_2 \\max_{i \\in b} |x_i| \\rfloor - e_{max}},\\quad e_{max} = \\lfloor \\log_2 ${texNum(largest)} \\rfloor = ${Math.floor(Math.log2(largest))}`,
        },
        { key: 'deq', tex: `\\hat{x}_i = s_b \\cdot ${round('x_i / s_b')}` },
      ]
    default: {
      const never: never = f.granularity
      throw new RangeError(`unknown granularity ${String(never)}`)
    }
  }
}

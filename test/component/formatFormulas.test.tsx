import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Tex, texNum } from '../../src/charts/Tex'
import { RandomState } from '../../src/core'
import { formatQuantize } from '../../src/engine/formatQuant'
import { LAB_FORMATS } from '../../src/registry/formats'
import { formatFormulas } from '../../src/views/lab/formatFormulas'

const x = new RandomState(7).normal(0, 1, 8 * 64)

describe('the formula panel through a format', () => {
  for (const fmt of LAB_FORMATS)
    for (const gran of ['tensor', 'channel', 'group'] as const) {
      if (fmt === 'int' && gran !== 'group') continue // the integer grid per tensor/channel has its own formulas
      it(`${fmt}, ${gran}: typesets, with the scale the engine used`, () => {
        const T = 2.5
        const { view } = formatQuantize(x, [8, 64], { fmt, bits: 4, gran, group: 16, axis: 'row' }, T)
        const fs = formatFormulas(view, T, fmt.toUpperCase())
        expect(fs.map((f) => f.key)).toEqual(['s', 'deq'])
        for (const f of fs) {
          const { container } = render(<Tex tex={f.tex} display />)
          expect(container.querySelector('.tex-error')).toBeNull()
        }
        if (view.granularity === 'tensor') expect(fs[0].tex).toContain(texNum(view.scale!))
        if (view.granularity === 'block') expect(fs[0].tex).toMatch(/e_\{max\}/)
        if (fmt === 'int') expect(fs[1].tex).toContain('-7, 7')
      })
    }
})

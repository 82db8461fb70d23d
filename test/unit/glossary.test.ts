import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')

/** The retired Chinese terms: the last column of docs/glossary.md's table, split on 、. */
function retiredTerms(): string[] {
  const md = readFileSync(join(root, 'docs/glossary.md'), 'utf8')
  const out: string[] = []
  for (const line of md.split('\n')) {
    if (!line.startsWith('|') || line.startsWith('|---')) continue
    const cells = line.split('|').slice(1, -1)
    if (cells.length !== 4 || cells[0].trim() === 'English') continue
    for (const t of cells[3].split('、')) if (t.trim()) out.push(t.trim())
  }
  return out
}

function files(): string[] {
  const zhContent = readdirSync(join(root, 'content/zh-CN')).map((f) => join('content/zh-CN', f))
  const i18n = readdirSync(join(root, 'src/i18n'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('src/i18n', f))
  return [...zhContent, ...i18n]
}

describe('glossary', () => {
  const retired = retiredTerms()

  it('lists the retired terms the review named', () => {
    for (const t of ['缩放系数', '码值', '截断误差', '异常值', '台阶', '量化等级'])
      expect(retired).toContain(t)
  })

  it.each(files())('%s uses no retired term', (f) => {
    const text = readFileSync(join(root, f), 'utf8')
    const found = retired.filter((t) => text.includes(t))
    expect(found, `${f} still uses ${found.join(', ')} (see docs/glossary.md)`).toEqual([])
  })

  it('the Chinese text calls min-max calibration 最大最小值, never “min-max”', () => {
    for (const f of files().filter((f) => f.startsWith('content/') || f.includes('zh-CN'))) {
      // (code spans may name it; identifiers such as {minmax} or calib=minmax are not prose)
      const prose = readFileSync(join(root, f), 'utf8').replace(/`[^`]*`/g, '')
      expect(prose, f).not.toMatch(/min-max/i)
    }
  })

  it('the Chinese chapters call a histogram bin 桶, never “bin”', () => {
    for (const f of files().filter((f) => f.startsWith('content/') || f.includes('zh-CN'))) {
      // code spans, identifiers (bins=, np.histogram) and file extensions (.bin shards) are allowed; Chinese
      // prose with the English word is not
      const prose = readFileSync(join(root, f), 'utf8').replace(/`[^`]*`/g, '')
      expect(prose, f).not.toMatch(/[\u4e00-\u9fff]\s*bins?\b|(?<!\.)\bbins?\s*[\u4e00-\u9fff]/)
    }
  })
})

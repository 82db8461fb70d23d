import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The layer rules of eslint.config.js (docs/architecture.md): an import across a layer fails `npm run lint`.
describe('layers', () => {
  // the files linted here do not exist, so no TypeScript project holds them: only the type-checked rules,
  // which this test does not look at, are turned off
  const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked })
  const violations = async (filePath: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath })
    return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').length
  }
  const use = (from: string) => `import { x } from '${from}'\nexport const y = x\n`

  it('keeps the pure layers free of UI and app state', async () => {
    expect(await violations('src/engine/new.ts', use('../lab/labStore'))).toBe(1)
    expect(await violations('src/engine/new.ts', use('../state/appStore'))).toBe(1)
    expect(await violations('src/registry/new.ts', use('react'))).toBe(1)
    expect(await violations('src/core/new.ts', use('../engine/plan'))).toBe(1)
    expect(await violations('src/params/new.ts', use('../views/lab/LabPage'))).toBe(1)
    expect(await violations('src/engine/new.ts', use('../core'))).toBe(0)
    expect(await violations('src/engine/new.ts', use('../params/labParams'))).toBe(0)
  }, 60_000)

  it('keeps the registries and link parameters below the engine', async () => {
    expect(await violations('src/params/new.ts', use('../engine/labEngine'))).toBe(1)
    expect(await violations('src/params/new.ts', use('../engine/network/types'))).toBe(1)
    expect(await violations('src/registry/new.ts', use('../engine/plan'))).toBe(1)
    expect(await violations('src/params/new.ts', use('../registry/formats'))).toBe(0)
    expect(await violations('src/params/new.ts', use('../core'))).toBe(0)
  }, 60_000)

  it('keeps state from the app shell and i18n from the store', async () => {
    expect(await violations('src/state/new.ts', use('../app/presentation'))).toBe(1)
    expect(await violations('src/i18n/new.ts', use('../state/appStore'))).toBe(1)
    expect(await violations('src/state/new.ts', use('../i18n/lang'))).toBe(0)
  }, 60_000)
})

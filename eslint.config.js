import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// what the pure layers may not import (docs/architecture.md): UI libraries, and the layers above them
const UI_LIBRARIES = ['react', 'react-dom', 'react/*', 'react-dom/*', 'd3*', 'zustand', 'zustand/*', 'katex']
const UI_LAYERS = [
  '**/state/*',
  '**/views/*',
  '**/views/**',
  '**/lab/*',
  '**/app/*',
  '**/charts/*',
  '**/i18n',
  '**/i18n/*',
  '**/learn/*',
]

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // the type-checked rules (floating and misused promises, unsafe `any`, needless assertions) on every
  // TypeScript file tsconfig.json compiles: the app, the tests, the benchmarks, the scripts
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // the worker client hands a rejection on exactly as the engine raised it (typed `unknown`); a literal
      // non-Error rejection is still an error
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // scripts run in Node but hand functions to the browser (page.evaluate)
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The layers (docs/architecture.md): the quant core, the engine, the registries and the link parameters
    // are pure (no DOM, no React, no app state; tsconfig.pure.json checks the DOM side) and import nothing from
    // the layers above them.
    files: ['src/core/**/*.ts', 'src/engine/**/*.ts', 'src/registry/**/*.ts', 'src/params/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: UI_LIBRARIES,
              message: 'The pure layers (core, engine, registry, params) use no UI library.',
            },
            {
              group: UI_LAYERS,
              message: 'The pure layers (core, engine, registry, params) import nothing from the UI layers.',
            },
          ],
        },
      ],
    },
  },
  {
    // the core is the bottom layer: not even the engine, the registries or the link parameters
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: UI_LIBRARIES,
              message: 'The quant core uses no UI library.',
            },
            {
              group: ['**/engine/*', '**/registry/*', '**/params/*', ...UI_LAYERS],
              message: 'The quant core imports only itself.',
            },
          ],
        },
      ],
    },
  },
  {
    // the registries and the link parameters sit below the engine: the engine reads them, never the reverse
    // (a shared table, like the number formats or the shipped networks, lives in src/registry)
    files: ['src/registry/**/*.ts', 'src/params/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: UI_LIBRARIES,
              message: 'The pure layers (core, engine, registry, params) use no UI library.',
            },
            {
              group: ['**/engine/*', '**/engine/**', ...UI_LAYERS],
              message: 'The registries and link parameters import only the core and each other.',
            },
          ],
        },
      ],
    },
  },
  {
    // state/ holds the stores and may not reach up into the app shell
    files: ['src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/*', '**/views/**'], message: 'state/ does not import the app shell or views.' },
          ],
        },
      ],
    },
  },
  {
    // i18n is read by everything: it does not import the app store (the store registers the language)
    files: ['src/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/state/*', '**/app/*', '**/views/**', '**/lab/*'],
              message: 'i18n does not import stores or views (state/appStore registers the language source).',
            },
          ],
        },
      ],
    },
  },
)

/**
 * Vite plugin: the module `virtual:traitor-story`, the home page's story computed by the core when the app is
 * built or served (src/learn/traitorStory.ts says why). The core is loaded through Vite's module runner when
 * the module is first asked for (not imported by this file: the config would then bundle the whole core). JSON
 * keeps every finite number exactly (a double prints as the shortest text that reads back to it); the story
 * has no other kind (test/unit/traitorStory.test.ts). `runnerImport` is marked experimental in Vite 8; the
 * test runs this very path, so a change to it fails there first.
 */
import { fileURLToPath } from 'node:url'
import { runnerImport, type Plugin } from 'vite'
import type { TraitorStory } from '../src/learn/traitorStory.ts'

export const TRAITOR_STORY_ID = 'virtual:traitor-story'
const RESOLVED = `\0${TRAITOR_STORY_ID}`

/** the module's text for a story */
export function storyModuleText(story: TraitorStory): string {
  return `export default ${JSON.stringify(story)}\n`
}

/** the story, computed by the core (src/learn/traitorStory.ts), and the files it was computed from */
export async function computeTraitorStory(): Promise<{ story: TraitorStory; files: string[] }> {
  const file = fileURLToPath(new URL('../src/learn/traitorStory.ts', import.meta.url))
  const { module, dependencies } = await runnerImport<typeof import('../src/learn/traitorStory.ts')>(file, {
    configFile: false,
    logLevel: 'error',
    // the project, wherever the build was started from
    root: fileURLToPath(new URL('..', import.meta.url)),
  })
  return { story: module.traitorStory(), files: [file, ...dependencies] }
}

export function traitorStoryModule(): Plugin {
  return {
    name: 'quantlab-traitor-story',
    resolveId: (id) => (id === TRAITOR_STORY_ID ? RESOLVED : null),
    async load(id) {
      if (id !== RESOLVED) return null
      const { story, files } = await computeTraitorStory()
      // the dev server computes it again when one of those files changes
      for (const f of files) this.addWatchFile(f)
      return storyModuleText(story)
    },
  }
}

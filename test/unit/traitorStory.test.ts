// The home page's story, computed at build time (src/learn/traitorStory.ts, scripts/traitorStoryModule.ts):
// the module's numbers are exactly the engine's, and the tutorial computes the same ones for the same tensor.
import { describe, expect, it } from 'vitest'
import { calibrated, calSpec } from '../../src/learn/calibrators'
import { STORY_METHODS, storyRow, traitorStory } from '../../src/learn/traitorStory'
import { computeTraitorStory, storyModuleText } from '../../scripts/traitorStoryModule'

describe('the traitor story module', () => {
  const story = traitorStory()

  it('is the live computation, every number exact after the trip through the module text', async () => {
    // the plugin's own path: the core loaded through Vite's module runner
    const m = /^export default (.*)\n$/s.exec(storyModuleText((await computeTraitorStory()).story))
    expect(m).not.toBeNull()
    const parsed = JSON.parse(m![1]) as unknown
    expect(parsed).toStrictEqual(story)
  }, 30_000)

  it('has the numbers the tutorial computes for the same tensor (one engine, one tensor)', () => {
    const l = calibrated(calSpec('traitor'))
    expect(story.display.edges).toEqual(Array.from(l.summary.display.edges))
    expect(story.display.counts).toEqual(Array.from(l.summary.display.counts))
    for (const k of STORY_METHODS) {
      expect(story.rows[k]).toStrictEqual(storyRow(l.results[k], l.inlierMse[k]))
    }
  })

  it('tells the notes’ story: min-max spends the grid on the traitor, the others keep the honest values', () => {
    const { minmax, percentile, entropy } = story.rows
    // one value of 10: min-max's threshold is it, and the 9 999 honest values use a sliver of the codes
    expect(minmax.threshold).toBe(10)
    expect(minmax.codesUsedInliers).toBeLessThan(minmax.codesTotal / 5)
    for (const r of [percentile, entropy]) {
      expect(r.threshold).toBeLessThan(2)
      expect(r.honestMse).toBeLessThan(minmax.honestMse / 10)
    }
  })
})

/**
 * The home page's story: the notes' traitor (one 10 among 9 999 uniform(−1, 1) values) quantized with min-max,
 * percentile and KL calibration, by the Lab's own engine on the Lab's own tensor (so the numbers are the ones
 * the Lab and the step-through show).
 *
 * It is computed when the app is built: scripts/traitorStoryModule.ts makes it the module
 * `virtual:traitor-story`, plain numbers the page only renders. Computed on the page it took ~0.3 s of a cold
 * first visit (every function it calls running for the first time, in V8's slowest tiers), against the home
 * page's 1.5 s budget for its first render. test/unit/traitorStory.test.ts checks the module against the
 * engine and against the tutorial's own computation of the same tensor.
 */
import { LabEngine, type QuantResult } from '../engine/labEngine'
import { generateTensor, sourceSpecOf } from '../engine/sources'
import { inlierMse } from './calibrators'
import { defaultLabParams, TRAITOR_SOURCE } from '../state/labParams'
import { STORY_METHODS, type StoryMethod, type StoryRow, type TraitorStory } from './traitorStoryShape'

export { STORY_METHODS, type StoryMethod, type StoryRow, type TraitorStory } from './traitorStoryShape'

/** A story row from the engine's result for one calibrator and the honest values' MSE. */
export function storyRow(r: QuantResult, honestMse: number): StoryRow {
  return {
    threshold: r.threshold,
    scale: r.plan.scale,
    codesUsedInliers: r.codesUsedInliers,
    codesTotal: r.codesTotal,
    mse: r.metrics.mse,
    clipped: r.metrics.clipped,
    honestMse,
  }
}

export function traitorStory(): TraitorStory {
  const p = { ...defaultLabParams(), ...TRAITOR_SOURCE }
  const engine = new LabEngine()
  const summary = engine.generate(sourceSpecOf(p))
  const tensor = generateTensor(sourceSpecOf(p))
  const rows = {} as Record<StoryMethod, StoryRow>
  for (const m of STORY_METHODS) {
    const r = engine.quantize({ ...p, calib: m })
    rows[m] = storyRow(r, inlierMse(tensor, r.plan))
  }
  return {
    display: { edges: Array.from(summary.display.edges), counts: Array.from(summary.display.counts) },
    rows,
  }
}

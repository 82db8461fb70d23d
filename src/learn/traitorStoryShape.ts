/**
 * The shape of the home page's story (src/learn/traitorStory.ts computes it when the app is built). A module of
 * its own with no imports, so that the home page, which only renders the story, does not pull in the engine.
 */
export const STORY_METHODS = ['minmax', 'percentile', 'entropy'] as const
export type StoryMethod = (typeof STORY_METHODS)[number]

export interface StoryRow {
  /** the clipping threshold and the grid's scale */
  threshold: number
  scale: number
  /** codes the 9 999 honest values use, of all the grid has */
  codesUsedInliers: number
  codesTotal: number
  /** MSE over every value, and how many were clipped */
  mse: number
  clipped: number
  /** MSE over the values that were not injected (the traitor's own error left out, as in the calibration chapter) */
  honestMse: number
}

export interface TraitorStory {
  /** the tensor's display histogram */
  display: { edges: number[]; counts: number[] }
  rows: Record<StoryMethod, StoryRow>
}

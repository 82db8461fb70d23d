/**
 * The link states the `add` and `dense` chapters give the Lab's views they embed (`::: widget add-view
 * link=…`); the chapters' live numbers (src/learn/live.ts) are computed from these same links by the same
 * engine, and a test checks that each chapter's directive uses them, so prose and view cannot drift.
 */
/** The notes' add experiment: x1, x2 (seed 42, N = 10,000), min/max, asymmetric (w and b). */
export const ADD_CHAPTER_LINK = 'scheme=asymmetric&form=notes'
/** The same with the notes' traitor x1[0] = 10. */
export const ADD_TRAITOR_LINK = 'scheme=asymmetric&form=notes&aoutlier=10'
/**
 * A small layer whose input has a zero point: 4 rows of 32 ReLU(normal) activations (all ≥ 0, so an
 * asymmetric grid puts the zero point at −128), KL-calibrated, 8 outputs of normal weights, symmetric.
 */
export const DENSE_CHAPTER_LINK =
  'batch=4&k=32&nout=8&xdist=relu-normal&scheme=asymmetric&xcalib=entropy&sel=0'

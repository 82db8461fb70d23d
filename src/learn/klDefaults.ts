/**
 * Where the KL microscope opens: Laplace data (peaked, so the 128 merged levels visibly flatten P) at a
 * candidate that keeps 384 bins, three bins per level, still left of the first infinite candidate.
 */
export const KL_MICRO_DEFAULT = { dist: 'laplace', candidate: 384 } as const

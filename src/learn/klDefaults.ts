/**
 * Where the KL microscope opens: Laplace data (falling, so the 128 merged levels visibly flatten P) at a
 * candidate that keeps 640 bins, five bins per level, with a finite divergence and only a few per cent of the
 * values folded into the last bin.
 */
export const KL_MICRO_DEFAULT = { dist: 'laplace', candidate: 640 } as const

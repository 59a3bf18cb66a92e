import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the unary family. */
export const cases: GradCase[] = [];

import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the random family. */
export const cases: GradCase[] = [];

import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the linalg family. */
export const cases: GradCase[] = [];

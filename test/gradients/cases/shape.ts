import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the shape family. */
export const cases: GradCase[] = [];

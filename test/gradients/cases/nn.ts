import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the nn family. */
export const cases: GradCase[] = [];

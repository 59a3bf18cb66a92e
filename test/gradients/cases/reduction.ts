import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the reduction family. */
export const cases: GradCase[] = [];

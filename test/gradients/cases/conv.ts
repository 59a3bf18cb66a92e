import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the conv family. */
export const cases: GradCase[] = [];

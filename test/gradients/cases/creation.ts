import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the creation family. */
export const cases: GradCase[] = [];

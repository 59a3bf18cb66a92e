import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the binary family. */
export const cases: GradCase[] = [];

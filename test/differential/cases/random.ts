import type { DiffCase } from './types.js';

/** Rows of the random family. */
export const cases: DiffCase[] = [];

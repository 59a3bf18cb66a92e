import type { DiffCase } from './types.js';

/** Rows of the linalg family. */
export const cases: DiffCase[] = [];

import type { DiffCase } from './types.js';

/** Rows of the shape family. */
export const cases: DiffCase[] = [];

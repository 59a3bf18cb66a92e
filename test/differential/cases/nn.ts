import type { DiffCase } from './types.js';

/** Rows of the nn family. */
export const cases: DiffCase[] = [];

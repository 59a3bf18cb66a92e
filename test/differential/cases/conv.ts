import type { DiffCase } from './types.js';

/** Rows of the conv family. */
export const cases: DiffCase[] = [];

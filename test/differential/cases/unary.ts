import type { DiffCase } from './types.js';

/** Rows of the unary family. */
export const cases: DiffCase[] = [];

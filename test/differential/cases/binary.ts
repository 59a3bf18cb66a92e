import type { DiffCase } from './types.js';

/** Rows of the binary family. */
export const cases: DiffCase[] = [];

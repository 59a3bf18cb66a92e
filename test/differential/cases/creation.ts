import type { DiffCase } from './types.js';

/** Rows of the creation family. */
export const cases: DiffCase[] = [];

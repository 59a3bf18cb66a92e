import type { DiffCase } from './types.js';

/** Rows of the reduction family. */
export const cases: DiffCase[] = [];

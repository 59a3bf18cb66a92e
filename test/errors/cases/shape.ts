import type { ErrorCase } from './types.js';

/** Rows of the shape family. */
export const cases: ErrorCase[] = [];

import type { ErrorCase } from './types.js';

/** Rows of the random family. */
export const cases: ErrorCase[] = [];

import type { ErrorCase } from './types.js';

/** Rows of the linalg family. */
export const cases: ErrorCase[] = [];

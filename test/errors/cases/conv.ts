import type { ErrorCase } from './types.js';

/** Rows of the conv family. */
export const cases: ErrorCase[] = [];

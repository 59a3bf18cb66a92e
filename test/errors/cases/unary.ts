import type { ErrorCase } from './types.js';

/** Rows of the unary family. */
export const cases: ErrorCase[] = [];

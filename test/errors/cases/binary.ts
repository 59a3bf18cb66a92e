import type { ErrorCase } from './types.js';

/** Rows of the binary family. */
export const cases: ErrorCase[] = [];

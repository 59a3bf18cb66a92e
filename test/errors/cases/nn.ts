import type { ErrorCase } from './types.js';

/** Rows of the nn family. */
export const cases: ErrorCase[] = [];

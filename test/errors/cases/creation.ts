import type { ErrorCase } from './types.js';

/** Rows of the creation family. */
export const cases: ErrorCase[] = [];

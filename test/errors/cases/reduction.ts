import type { ErrorCase } from './types.js';

/** Rows of the reduction family. */
export const cases: ErrorCase[] = [];

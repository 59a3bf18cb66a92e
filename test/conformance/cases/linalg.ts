import type { ConformanceCase } from './types.js';

/** Conformance rows of the linalg kernels. */
export const cases: ConformanceCase[] = [];

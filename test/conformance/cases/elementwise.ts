import type { ConformanceCase } from './types.js';

/** Conformance rows of the elementwise kernels. */
export const cases: ConformanceCase[] = [];

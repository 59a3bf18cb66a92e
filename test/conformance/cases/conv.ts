import type { ConformanceCase } from './types.js';

/** Conformance rows of the conv kernels. */
export const cases: ConformanceCase[] = [];

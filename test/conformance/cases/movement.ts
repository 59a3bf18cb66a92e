import type { ConformanceCase } from './types.js';

/** Conformance rows of the movement kernels. */
export const cases: ConformanceCase[] = [];

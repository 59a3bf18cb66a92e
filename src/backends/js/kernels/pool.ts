import type { KernelTable } from '../../../core/kernels.js';

export const poolKernels: KernelTable = {};

import type { KernelTable } from '../../../core/kernels.js';

export const unaryKernels: KernelTable = {};

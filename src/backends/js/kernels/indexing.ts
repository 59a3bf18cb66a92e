import type { KernelTable } from '../../../core/kernels.js';

export const indexingKernels: KernelTable = {};

import type { KernelTable } from '../../../core/kernels.js';

export const nnKernels: KernelTable = {};

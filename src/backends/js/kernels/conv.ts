import type { KernelTable } from '../../../core/kernels.js';

export const convKernels: KernelTable = {};

import type { KernelTable } from '../../../core/kernels.js';

export const imageKernels: KernelTable = {};

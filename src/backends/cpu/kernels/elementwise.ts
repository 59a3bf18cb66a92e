/** Native kernels of the elementwise family for the cpu backend (see native/README.md). */
import type { KernelTable } from '../../../core/kernels.js';

export const elementwiseKernels: KernelTable = {};

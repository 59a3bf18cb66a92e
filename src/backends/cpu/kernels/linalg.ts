/** Native kernels of the linalg family for the cpu backend (see native/README.md). */
import type { KernelTable } from '../../../core/kernels.js';

export const linalgKernels: KernelTable = {};

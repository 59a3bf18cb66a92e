/** Native kernels of the conv family for the cpu backend (see native/README.md). */
import type { KernelTable } from '../../../core/kernels.js';

export const convKernels: KernelTable = {};

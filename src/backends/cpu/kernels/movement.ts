/** Native kernels of the movement family for the cpu backend (see native/README.md). */
import type { KernelTable } from '../../../core/kernels.js';

export const movementKernels: KernelTable = {};

/**
 * The `cpu` backend: native C++ kernels (SIMD, one thread pool) reading and writing the tensors'
 * typed arrays in place. Kernels it lacks, and dtypes its kernels do not handle, run on `js`.
 */
import { FluxionError } from '../../core/errors.js';
import type { Backend, KernelTable } from '../../core/kernels.js';
import { convKernels } from './kernels/conv.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { linalgKernels } from './kernels/linalg.js';
import { movementKernels, nativeOptimizerUpdates } from './kernels/movement.js';
import { loadNative, type NativeInfo } from './native.js';

export const cpuKernels: KernelTable = {
  ...elementwiseKernels,
  ...linalgKernels,
  ...convKernels,
  ...movementKernels,
};

export function nativeInfo(): NativeInfo | null {
  const r = loadNative();
  return r.ok ? r.addon.info() : null;
}

export function createCpuBackend(): Backend {
  const r = loadNative();
  if (!r.ok) throw new Error(`fluxion: the cpu backend is unavailable: ${r.reason}`);
  return {
    name: 'cpu',
    kernels: cpuKernels,
    ...(nativeOptimizerUpdates ? { fusedOptimizer: nativeOptimizerUpdates } : {}),
    describe: () => ({ ...r.addon.info() }),
  };
}

/** Sets the size of the native thread pool (default: physical cores, or FLUXION_NUM_THREADS). */
export function setNumThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new FluxionError(`setNumThreads: n must be a positive integer, but received ${JSON.stringify(n)}.`);
  }
  const r = loadNative();
  if (!r.ok) return 1;
  return r.addon.setNumThreads(n);
}

/**
 * The `js` backend: every kernel in plain TypeScript. It is the reference that defines what each
 * primitive means and the oracle the other backends are tested against.
 */
import type { Backend, KernelTable } from '../../core/kernels.js';
import { basicKernels } from './kernels/basic.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { linalgKernels } from './kernels/linalg.js';
import { reductionKernels } from './kernels/reduction.js';
import { shapeKernels } from './kernels/shape.js';

export const jsKernels: KernelTable = {
  ...basicKernels,
  ...elementwiseKernels,
  ...reductionKernels,
  ...shapeKernels,
  ...linalgKernels,
};

export function createJsBackend(): Backend {
  return { name: 'js', kernels: jsKernels };
}

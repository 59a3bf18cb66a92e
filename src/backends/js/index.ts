/**
 * The `js` backend: every kernel in plain TypeScript. It is the reference that defines what each
 * primitive means and the oracle the other backends are tested against.
 */
import type { Backend, KernelTable } from '../../core/kernels.js';
import { basicKernels } from './kernels/basic.js';
import { binaryKernels } from './kernels/binary.js';
import { convKernels } from './kernels/conv.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { fusedKernels } from './kernels/fused.js';
import { imageKernels } from './kernels/image.js';
import { indexingKernels } from './kernels/indexing.js';
import { linalgKernels } from './kernels/linalg.js';
import { nnKernels } from './kernels/nn.js';
import { poolKernels } from './kernels/pool.js';
import { reductionKernels } from './kernels/reduction.js';
import { shapeKernels } from './kernels/shape.js';
import { unaryKernels } from './kernels/unary.js';

export const jsKernels: KernelTable = {
  ...basicKernels,
  ...elementwiseKernels,
  ...unaryKernels,
  ...binaryKernels,
  ...reductionKernels,
  ...shapeKernels,
  ...indexingKernels,
  ...linalgKernels,
  ...fusedKernels,
  ...convKernels,
  ...poolKernels,
  ...nnKernels,
  ...imageKernels,
};

export function createJsBackend(): Backend {
  return { name: 'js', kernels: jsKernels };
}

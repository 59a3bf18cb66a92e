/**
 * The op library. Re-exports every op and wires the pieces core needs: the implementation of
 * Tensor's chainable methods and the math the tape uses to accumulate gradients.
 */
import { installGradientMath } from '../core/engine.js';
import { installTensorOps } from '../core/tensor.js';
import type { TensorOps } from '../core/tensor-ops.js';
import * as binary from './binary.js';
import * as conv from './conv.js';
import * as creation from './creation.js';
import * as image from './image.js';
import './losses.js';
import * as indexing from './indexing.js';
import * as linalg from './linalg.js';
import * as nn from './nn.js';
import * as pool from './pool.js';
import * as random from './random.js';
import * as reduction from './reduction.js';
import * as shape from './shape.js';
import * as softmax from './softmax.js';
import * as unary from './unary.js';

export * from './binary.js';
export * from './conv.js';
export * from './creation.js';
export * from './indexing.js';
export * from './linalg.js';
export * from './nn.js';
export * from './pool.js';
export * from './random.js';
export * from './reduction.js';
export * from './shape.js';
export * from './softmax.js';
export * from './unary.js';
/** TensorFlow.js's tf.fused namespace (matMul with bias and activation). */
export * as fused from './fused.js';
/** TensorFlow.js's tf.image namespace (resizeBilinear, resizeNearestNeighbor, ...). */
export * as image from './image.js';
/** TensorFlow.js's tf.linalg namespace (bandPart, ...) plus inverse/solve/cholesky. */
export * as linalg from './linalg-ns.js';
export { listOps, type OpInfo } from './registry.js';
export { Reduction } from './losses.js';

// `satisfies` makes the compiler check that every chainable method of Tensor has its op.
installTensorOps({
  ...binary, ...conv, ...creation, ...image, ...indexing, ...linalg, ...nn, ...pool, ...random,
  ...reduction, ...shape, ...softmax, ...unary,
} satisfies TensorOps);
installGradientMath({ add: binary.add, onesLike: creation.onesLike, zerosLike: creation.zerosLike });

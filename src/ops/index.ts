/**
 * The op library. Re-exports every op and wires the pieces core needs: the implementation of
 * Tensor's chainable methods and the math the tape uses to accumulate gradients.
 */
import { installGradientMath } from '../core/engine.js';
import { installTensorOps } from '../core/tensor.js';
import * as binary from './binary.js';
import * as creation from './creation.js';
import * as linalg from './linalg.js';
import * as reduction from './reduction.js';
import * as shape from './shape.js';
import * as unary from './unary.js';

export * from './binary.js';
export * from './creation.js';
export * from './linalg.js';
export * from './reduction.js';
export * from './shape.js';
export * from './unary.js';
export { listOps, type OpInfo } from './registry.js';

installTensorOps({ ...binary, ...creation, ...linalg, ...reduction, ...shape, ...unary });
installGradientMath({ add: binary.add, onesLike: creation.onesLike, zerosLike: creation.zerosLike });

import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/** Rows of the creation family (the ops that make tensors from scratch have no gradient). */
export const cases: GradCase[] = [
  { op: 'cast', label: 'float64 to float64 is the identity', inputs: [{ shape: [2, 3] }], fn: (x) => fx.mul(fx.cast(x!, 'float64'), x!), secondOrder: true },
  { op: 'cast', label: 'empty', inputs: [{ shape: [0, 2] }], fn: (x) => fx.cast(x!, 'float64') },
  { op: 'clone', label: 'size-1, inside a product', inputs: [{ shape: [1, 3] }], fn: (x) => fx.mul(fx.clone(x!), x!), secondOrder: true },
];

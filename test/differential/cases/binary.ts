import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

type Op = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';
const COMPARISONS: Op[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];

/** float32 with broadcasting, int32 (small range, so ties occur) and bool rows for each comparison. */
const comparisonRows: DiffCase[] = COMPARISONS.flatMap((op): DiffCase[] => [
  { op, inputs: [{ shape: [3, 1] }, { shape: [4] }], fx: (a, b) => fx[op](a!, b!), tf: (tf, a, b) => tf[op](a!, b!) },
  {
    op,
    label: 'int32',
    inputs: [{ shape: [8], dtype: 'int32', range: [-2, 2] }, { shape: [8], dtype: 'int32', range: [-2, 2] }],
    fx: (a, b) => fx[op](a!, b!),
    tf: (tf, a, b) => tf[op](a!, b!),
  },
  {
    op,
    label: 'bool broadcast',
    inputs: [{ shape: [2, 1], dtype: 'bool' }, { shape: [3], dtype: 'bool' }],
    fx: (a, b) => fx[op](a!, b!),
    tf: (tf, a, b) => tf[op](a!, b!),
  },
]);

/** Rows of the binary family (core.ts has the first rows of add, sub, mul and div). */
export const cases: DiffCase[] = [
  { op: 'add', label: 'scalar and weak number', inputs: [{ shape: [2, 3] }], fx: (a) => fx.add(a!, 2.5), tf: (tf, a) => tf.add(a!, 2.5) },
  { op: 'sub', label: 'int32 broadcast', inputs: [{ shape: [3, 1], dtype: 'int32' }, { shape: [4], dtype: 'int32' }], fx: (a, b) => fx.sub(a!, b!), tf: (tf, a, b) => tf.sub(a!, b!) },
  { op: 'mul', label: 'int32', inputs: [{ shape: [6], dtype: 'int32' }, { shape: [1], dtype: 'int32' }], fx: (a, b) => fx.mul(a!, b!), tf: (tf, a, b) => tf.mul(a!, b!) },
  { op: 'div', label: 'int32 negative divisors', inputs: [{ shape: [8], dtype: 'int32', range: [-9, 9] }, { shape: [8], dtype: 'int32', range: [-4, -1] }], fx: (a, b) => fx.div(a!, b!), tf: (tf, a, b) => tf.div(a!, b!) },

  {
    op: 'divNoNan',
    inputs: [{ shape: [2, 6] }, { shape: [6], values: [0, 1.5, 0, -2, 0.5, 0] }],
    fx: (a, b) => fx.divNoNan(a!, b!),
    tf: (tf, a, b) => tf.divNoNan(a!, b!),
  },
  {
    op: 'divNoNan',
    label: 'int32 with zeros',
    inputs: [{ shape: [10], dtype: 'int32', range: [-9, 9] }, { shape: [10], dtype: 'int32', range: [-2, 2] }],
    fx: (a, b) => fx.divNoNan(a!, b!),
    tf: (tf, a, b) => tf.divNoNan(a!, b!),
  },
  {
    // TensorFlow.js returns int32 for every floorDiv; Fluxion keeps the float dtype as TensorFlow does
    op: 'floorDiv',
    label: 'float32 (tfjs result cast back to float32)',
    inputs: [{ shape: [2, 5], range: [-6, 6] }, { shape: [5], awayFromZero: 0.4 }],
    fx: (a, b) => fx.floorDiv(a!, b!),
    tf: (tf, a, b) => tf.cast(tf.floorDiv(a!, b!), 'float32'),
  },
  {
    op: 'floorDiv',
    label: 'int32',
    inputs: [{ shape: [10], dtype: 'int32', range: [-9, 9] }, { shape: [10], dtype: 'int32', range: [-4, 4] }],
    fx: (a, b) => fx.floorDiv(a!, b!),
    tf: (tf, a, b) => tf.floorDiv(a!, b!),
  },
  { op: 'mod', inputs: [{ shape: [2, 5], range: [-6, 6] }, { shape: [5], awayFromZero: 0.4 }], fx: (a, b) => fx.mod(a!, b!), tf: (tf, a, b) => tf.mod(a!, b!) },
  {
    op: 'mod',
    label: 'int32',
    inputs: [{ shape: [10], dtype: 'int32', range: [-9, 9] }, { shape: [10], dtype: 'int32', range: [-4, 4] }],
    fx: (a, b) => fx.mod(a!, b!),
    tf: (tf, a, b) => tf.mod(a!, b!),
  },
  { op: 'pow', inputs: [{ shape: [3, 4], range: [0.1, 3] }, { shape: [4], range: [-2, 2] }], fx: (a, b) => fx.pow(a!, b!), tf: (tf, a, b) => tf.pow(a!, b!) },
  {
    op: 'pow',
    label: 'int32',
    inputs: [{ shape: [10], dtype: 'int32', range: [-3, 3] }, { shape: [10], dtype: 'int32', range: [-2, 4] }],
    fx: (a, b) => fx.pow(a!, b!),
    tf: (tf, a, b) => tf.pow(a!, b!),
  },
  { op: 'maximum', inputs: [{ shape: [3, 1] }, { shape: [1, 4] }], fx: (a, b) => fx.maximum(a!, b!), tf: (tf, a, b) => tf.maximum(a!, b!) },
  { op: 'maximum', label: 'int32', inputs: [{ shape: [6], dtype: 'int32' }, { shape: [6], dtype: 'int32' }], fx: (a, b) => fx.maximum(a!, b!), tf: (tf, a, b) => tf.maximum(a!, b!) },
  { op: 'maximum', label: 'bool gives int32', inputs: [{ shape: [6], dtype: 'bool' }, { shape: [6], dtype: 'bool' }], fx: (a, b) => fx.maximum(a!, b!), tf: (tf, a, b) => tf.maximum(a!, b!) },
  { op: 'minimum', inputs: [{ shape: [3, 1] }, { shape: [1, 4] }], fx: (a, b) => fx.minimum(a!, b!), tf: (tf, a, b) => tf.minimum(a!, b!) },
  { op: 'minimum', label: 'int32', inputs: [{ shape: [6], dtype: 'int32' }, { shape: [6], dtype: 'int32' }], fx: (a, b) => fx.minimum(a!, b!), tf: (tf, a, b) => tf.minimum(a!, b!) },
  { op: 'squaredDifference', inputs: [{ shape: [2, 3] }, { shape: [3] }], fx: (a, b) => fx.squaredDifference(a!, b!), tf: (tf, a, b) => tf.squaredDifference(a!, b!) },
  {
    op: 'squaredDifference',
    label: 'int32',
    inputs: [{ shape: [6], dtype: 'int32' }, { shape: [1], dtype: 'int32' }],
    fx: (a, b) => fx.squaredDifference(a!, b!),
    tf: (tf, a, b) => tf.squaredDifference(a!, b!),
  },
  { op: 'atan2', inputs: [{ shape: [3, 4] }, { shape: [4] }], fx: (a, b) => fx.atan2(a!, b!), tf: (tf, a, b) => tf.atan2(a!, b!) },
  { op: 'logicalAnd', inputs: [{ shape: [3, 1], dtype: 'bool' }, { shape: [4], dtype: 'bool' }], fx: (a, b) => fx.logicalAnd(a!, b!), tf: (tf, a, b) => tf.logicalAnd(a!, b!) },
  { op: 'logicalOr', inputs: [{ shape: [3, 1], dtype: 'bool' }, { shape: [4], dtype: 'bool' }], fx: (a, b) => fx.logicalOr(a!, b!), tf: (tf, a, b) => tf.logicalOr(a!, b!) },
  { op: 'logicalXor', inputs: [{ shape: [3, 1], dtype: 'bool' }, { shape: [4], dtype: 'bool' }], fx: (a, b) => fx.logicalXor(a!, b!), tf: (tf, a, b) => tf.logicalXor(a!, b!) },
  {
    op: 'addN',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }],
    fx: (a, b, c) => fx.addN([a!, b!, c!]),
    tf: (tf, a, b, c) => tf.addN([a!, b!, c!]),
  },
  {
    op: 'addN',
    label: 'int32',
    inputs: [{ shape: [4], dtype: 'int32' }, { shape: [4], dtype: 'int32' }],
    fx: (a, b) => fx.addN([a!, b!]),
    tf: (tf, a, b) => tf.addN([a!, b!]),
  },
  { op: 'prelu', inputs: [{ shape: [2, 4] }, { shape: [4], range: [0, 1] }], fx: (x, a) => fx.prelu(x!, a!), tf: (tf, x, a) => tf.prelu(x!, a!) },
  { op: 'prelu', label: 'scalar alpha', inputs: [{ shape: [7] }, { shape: [] }], fx: (x, a) => fx.prelu(x!, a!), tf: (tf, x, a) => tf.prelu(x!, a!) },
  ...comparisonRows,
  {
    op: 'where',
    inputs: [{ shape: [5], dtype: 'bool' }, { shape: [5] }, { shape: [5] }],
    fx: (c, a, b) => fx.where(c!, a!, b!),
    tf: (tf, c, a, b) => tf.where(c!, a!, b!),
  },
  {
    op: 'where',
    label: 'condition, a and b broadcast',
    inputs: [{ shape: [2, 1, 1], dtype: 'bool' }, { shape: [3, 1] }, { shape: [4] }],
    fx: (c, a, b) => fx.where(c!, a!, b!),
    tf: (tf, c, a, b) => tf.where(c!, a!, b!),
  },
  {
    op: 'where',
    label: 'int32',
    inputs: [{ shape: [6], dtype: 'bool' }, { shape: [6], dtype: 'int32' }, { shape: [1], dtype: 'int32' }],
    fx: (c, a, b) => fx.where(c!, a!, b!),
    tf: (tf, c, a, b) => tf.where(c!, a!, b!),
  },
];

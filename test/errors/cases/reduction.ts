import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the reduction family (reductions, moments, norms, scans, softmax). */
export const cases: ErrorCase[] = [
  {
    name: 'mean with an out-of-range axis',
    fn: () => fx.mean(fx.ones([2, 3]), 3),
    message: 'mean: axis 3 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'sum with keepDims passed as the axis',
    fn: () => fx.sum(fx.ones([2, 3]), true as unknown as number),
    message: 'sum: axis must be an integer, an array of integers, or null (all axes), but received boolean true. keepDims is the third argument: sum(x, null, true).',
  },
  {
    name: 'euclideanNorm with a fractional axis',
    fn: () => fx.euclideanNorm(fx.ones([2, 3]), [0.5]),
    message: 'euclideanNorm: axis must be an integer, an array of integers, or null (all axes), but received [0.5].',
  },
  {
    name: 'prod with a repeated axis',
    fn: () => fx.prod(fx.ones([2, 3]), [1, -1]),
    message: 'prod: axis [1,-1] repeats axis 1; each axis may appear once.',
  },
  {
    name: 'mean with a non-boolean keepDims',
    fn: () => fx.mean(fx.ones([2, 3]), 0, 1 as unknown as boolean),
    message: 'mean: keepDims must be a boolean, but received number 1.',
  },
  {
    name: 'max of a bool tensor points to any',
    fn: () => fx.max(fx.tensor([true, false])),
    message: "max: argument 'x' must have dtype float32 or float64 or int32, but has dtype bool. For bool tensors use any(), or cast(x, 'int32') first.",
  },
  {
    name: 'all of a float tensor',
    fn: () => fx.all(fx.ones([2, 3])),
    message: "all: argument 'x' must have dtype bool, but has dtype float32. Compare first, e.g. notEqual(x, 0), or cast(x, 'bool').",
  },
  {
    name: 'argMax over an empty axis',
    fn: () => fx.argMax(fx.zeros([2, 0]), 1),
    message: 'argMax: axis 1 of x (shape [2,0]) is empty, so it has no maximum; argMax needs at least one element along the axis.',
  },
  {
    name: 'argMax with several axes',
    fn: () => fx.argMax(fx.ones([2, 3]), [0, 1] as unknown as number),
    message: 'argMax: axis must be a single integer, but received [0,1]. argMax reduces one axis at a time.',
  },
  {
    name: 'argMin of a scalar',
    fn: () => fx.argMin(fx.scalar(1)),
    message: 'argMin: x must have rank >= 1, but it is a scalar (shape []); there is no axis to search. Reshape it to [1] first, e.g. reshape(x, [1]).',
  },
  {
    name: 'softmax of a scalar',
    fn: () => fx.softmax(fx.scalar(1)),
    message: 'softmax: logits must have rank >= 1, but it is a scalar (shape []). Give it a class axis, e.g. reshape(logits, [1]).',
  },
  {
    name: 'softmax with an out-of-range dim',
    fn: () => fx.softmax(fx.ones([2, 3]), 2),
    message: 'softmax: dim 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'logSoftmax with a fractional axis',
    fn: () => fx.logSoftmax(fx.ones([2, 3]), 0.5),
    message: 'logSoftmax: axis must be a single integer, but received number 0.5.',
  },
  {
    name: 'norm with an unsupported ord',
    fn: () => fx.norm(fx.ones([2, 3]), 3),
    message: "norm: ord must be 1, 2, Infinity, -Infinity, 'euclidean' or 'fro', but received 3.",
  },
  {
    name: "norm 'fro' of a vector",
    fn: () => fx.norm(fx.ones([3]), 'fro'),
    message: "norm: ord 'fro' is a matrix norm, but axis null selects a vector norm; pass axis as a pair such as [-2, -1], or use ord 'euclidean' for vectors.",
  },
  {
    name: 'norm ord 2 over an axis pair (spectral norm)',
    fn: () => fx.norm(fx.ones([2, 3]), 2, [0, 1]),
    message: "norm: ord 2 over a pair of axes is the spectral norm, which is not supported (as in TensorFlow.js); use 'fro' or 'euclidean', 1, Infinity or -Infinity.",
  },
  {
    name: 'norm over three axes points to euclideanNorm',
    fn: () => fx.norm(fx.ones([2, 2, 2]), 'euclidean', [0, 1, 2]),
    message: 'norm: axis must be null, an integer (vector norm) or a pair of integers (matrix norm), but received [0,1,2]. For the euclidean norm over more axes use euclideanNorm().',
  },
  {
    name: 'cumsum with a non-boolean exclusive',
    fn: () => fx.cumsum(fx.ones([2, 3]), 0, 1 as unknown as boolean),
    message: 'cumsum: exclusive must be a boolean, but received number 1.',
  },
  {
    name: 'cumsum of a scalar',
    fn: () => fx.cumsum(fx.scalar(2)),
    message: 'cumsum: x must have rank >= 1, but it is a scalar (shape []). Reshape it to [1] first, e.g. reshape(x, [1]).',
  },
  {
    name: 'cumprod with an out-of-range axis',
    fn: () => fx.cumprod(fx.ones([2, 3]), -3),
    message: 'cumprod: axis -3 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'moments with an out-of-range axis',
    fn: () => fx.moments(fx.ones([2, 3]), [0, 5]),
    message: 'moments: axis 5 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
];

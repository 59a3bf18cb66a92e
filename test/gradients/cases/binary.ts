import * as fx from '../../../src/index.js';
import type { GradCase } from '../../helpers/gradcheck.js';

/** A fixed bool condition built inside `fn` (so no input needs to be a bool tensor). */
const cond = (values: boolean[], shape: number[]): fx.Tensor => fx.tensor(values, shape, 'bool');

/** Rows of the binary family (add/sub/mul/div basics live in core.ts). */
export const cases: GradCase[] = [
  // add, sub, mul, div: the shapes core.ts does not cover
  { op: 'add', label: 'scalar and rank 3', inputs: [{ shape: [] }, { shape: [2, 1, 3] }], fn: (a, b) => fx.add(a!, b!), secondOrder: true },
  { op: 'sub', label: 'size-1 and empty', inputs: [{ shape: [1, 0] }, { shape: [2, 1] }], fn: (a, b) => fx.sub(a!, b!) },
  { op: 'sub', label: 'same shape', inputs: [{ shape: [3, 2] }, { shape: [3, 2] }], fn: (a, b) => fx.sub(a!, b!), secondOrder: true },
  { op: 'mul', label: 'both broadcast', inputs: [{ shape: [3, 1] }, { shape: [1, 4] }], fn: (a, b) => fx.mul(a!, b!), secondOrder: true },
  { op: 'mul', label: 'empty', inputs: [{ shape: [0, 2] }, { shape: [2] }], fn: (a, b) => fx.mul(a!, b!) },
  { op: 'div', label: 'both broadcast', inputs: [{ shape: [1, 3] }, { shape: [2, 1], awayFromZero: 0.5 }], fn: (a, b) => fx.div(a!, b!), secondOrder: true },

  // divNoNan: where b != 0 it is div; at b == 0 both partials are 0
  { op: 'divNoNan', inputs: [{ shape: [2, 3] }, { shape: [3], awayFromZero: 0.5 }], fn: (a, b) => fx.divNoNan(a!, b!), secondOrder: true },
  // b is held constant: at b == 0 the b-partial is a convention (0), which differences cannot see
  {
    op: 'divNoNan',
    label: 'zero divisors',
    inputs: [{ shape: [4] }, { shape: [4], values: [0, 1.5, 0, -0.7], constant: true }],
    fn: (a, b) => fx.divNoNan(a!, b!),
    secondOrder: true,
  },
  { op: 'divNoNan', label: 'size-1 and empty', inputs: [{ shape: [0, 1] }, { shape: [1, 2], awayFromZero: 0.5 }], fn: (a, b) => fx.divNoNan(a!, b!) },

  // floorDiv is piecewise constant: zero gradient (values kept off the jumps)
  { op: 'floorDiv', inputs: [{ shape: [2, 3], values: [0.3, 1.7, -2.6, 3.2, -0.4, 5.5] }, { shape: [3], values: [1.1, -0.9, 2.3] }], fn: (a, b) => fx.floorDiv(a!, b!), secondOrder: true },

  // mod: d/da = 1, d/db = -floor(a / b)
  { op: 'mod', inputs: [{ shape: [2, 3], values: [0.3, 1.7, -2.6, 3.2, -0.4, 5.5] }, { shape: [3], values: [1.1, -0.9, 2.3] }], fn: (a, b) => fx.mod(a!, b!), secondOrder: true },
  { op: 'mod', label: 'broadcast a', inputs: [{ shape: [1], values: [4.3] }, { shape: [2, 2], values: [1.3, -1.7, 2.9, -3.1] }], fn: (a, b) => fx.mod(a!, b!) },

  // pow: base and exponent
  { op: 'pow', inputs: [{ shape: [2, 3], range: [0.5, 2] }, { shape: [3], range: [-1.5, 2.5] }], fn: (a, b) => fx.pow(a!, b!), secondOrder: true },
  { op: 'pow', label: 'size-1 exponent', inputs: [{ shape: [4], range: [0.2, 3] }, { shape: [1] }], fn: (a, b) => fx.pow(a!, b!), secondOrder: true },
  {
    op: 'pow',
    label: 'negative base, integer exponent',
    inputs: [{ shape: [4], awayFromZero: 0.3 }, { shape: [4], values: [2, 3, -1, 4], constant: true }],
    fn: (a, b) => fx.pow(a!, b!),
    secondOrder: true,
  },
  { op: 'pow', label: 'empty', inputs: [{ shape: [0, 2], range: [0.5, 2] }, { shape: [2] }], fn: (a, b) => fx.pow(a!, b!) },

  // maximum/minimum: ties are measure-zero for random inputs
  { op: 'maximum', inputs: [{ shape: [2, 3] }, { shape: [3] }], fn: (a, b) => fx.maximum(a!, b!), secondOrder: true },
  { op: 'maximum', label: 'size-1 and empty', inputs: [{ shape: [0, 3] }, { shape: [1, 3] }], fn: (a, b) => fx.maximum(a!, b!) },
  { op: 'minimum', inputs: [{ shape: [2, 1] }, { shape: [1, 3] }], fn: (a, b) => fx.minimum(a!, b!), secondOrder: true },
  { op: 'minimum', label: 'same shape', inputs: [{ shape: [5] }, { shape: [5] }], fn: (a, b) => fx.minimum(a!, b!) },

  { op: 'squaredDifference', inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], fn: (a, b) => fx.squaredDifference(a!, b!), secondOrder: true },
  { op: 'squaredDifference', label: 'scalar and empty', inputs: [{ shape: [] }, { shape: [0] }], fn: (a, b) => fx.squaredDifference(a!, b!) },

  { op: 'atan2', inputs: [{ shape: [2, 3], awayFromZero: 0.3 }, { shape: [3], awayFromZero: 0.3 }], fn: (a, b) => fx.atan2(a!, b!), secondOrder: true },
  { op: 'atan2', label: 'size-1', inputs: [{ shape: [1], awayFromZero: 0.3 }, { shape: [2, 2], awayFromZero: 0.3 }], fn: (a, b) => fx.atan2(a!, b!), secondOrder: true },

  { op: 'addN', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }], fn: (a, b, c) => fx.addN([a!, b!, c!]), secondOrder: true },
  { op: 'addN', label: 'repeated input', inputs: [{ shape: [3] }, { shape: [3] }], fn: (a, b) => fx.mul(fx.addN([a!, b!, a!]), a!), secondOrder: true },
  { op: 'addN', label: 'single and empty', inputs: [{ shape: [0, 2] }], fn: (a) => fx.addN([a!]) },

  { op: 'prelu', inputs: [{ shape: [2, 3], awayFromZero: 0.2 }, { shape: [3] }], fn: (x, a) => fx.prelu(x!, a!), secondOrder: true },
  { op: 'prelu', label: 'scalar alpha', inputs: [{ shape: [4], awayFromZero: 0.2 }, { shape: [], range: [0.1, 0.5] }], fn: (x, a) => fx.prelu(x!, a!) },
  { op: 'prelu', label: 'empty', inputs: [{ shape: [0, 3] }, { shape: [1, 3] }], fn: (x, a) => fx.prelu(x!, a!) },

  // where: the condition is a constant bool input or a fixed tensor built inside fn
  {
    op: 'where',
    inputs: [{ shape: [2, 3], dtype: 'bool', constant: true }, { shape: [2, 3] }, { shape: [2, 3] }],
    fn: (c, a, b) => fx.where(c!, a!, b!),
    secondOrder: true,
  },
  {
    op: 'where',
    label: 'condition, a and b broadcast',
    inputs: [{ shape: [2, 1] }, { shape: [3] }],
    fn: (a, b) => fx.where(cond([true, false, false], [3, 1, 1]), a!, b!),
    secondOrder: true,
  },
  {
    op: 'where',
    label: 'composite (a smooth relu)',
    inputs: [{ shape: [5], awayFromZero: 0.2 }],
    fn: (x) => fx.where(fx.greater(x!, 0), fx.mul(x!, x!), fx.tanh(x!)),
    secondOrder: true,
  },
  { op: 'where', label: 'empty', inputs: [{ shape: [0] }, { shape: [1] }], fn: (a, b) => fx.where(cond([], [0]), a!, b!) },
];

import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

const NUMERIC_FIX = "Cast it first, e.g. cast(x, 'int32') or cast(x, 'float32').";
const BOOL_FIX = 'Build a bool tensor with a comparison such as greater(x, 0), or cast(x, "bool").';

/** Rows of the binary family. */
export const cases: ErrorCase[] = [
  {
    name: 'pow of bool tensors',
    fn: () => fx.pow(fx.tensor([true, false]), fx.tensor([false, false])),
    message: `pow: argument 'base' must have dtype float32 or float64 or int32, but has dtype bool. ${NUMERIC_FIX}`,
  },
  {
    name: 'pow names its exponent argument',
    fn: () => fx.pow(fx.ones([2]), 'two' as unknown as number),
    message: "pow: argument 'exp' must be a Tensor, a number, a boolean, a typed array or a nested array, but received the string \"two\".",
  },
  {
    name: 'mod of bool tensors',
    fn: () => fx.mod(fx.tensor([true]), fx.tensor([true])),
    message: `mod: argument 'a' must have dtype float32 or float64 or int32, but has dtype bool. ${NUMERIC_FIX}`,
  },
  {
    name: 'divNoNan of non-broadcastable shapes',
    fn: () => fx.divNoNan(fx.ones([2, 3]), fx.ones([2])),
    message: 'divNoNan: shapes [2,3] and [2] cannot be broadcast together (dimension -1 is 3 vs 2; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'maximum of non-broadcastable shapes',
    fn: () => fx.maximum(fx.ones([4, 1, 3]), fx.ones([2, 4])),
    message: 'maximum: shapes [4,1,3] and [2,4] cannot be broadcast together (dimension -1 is 3 vs 4; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'squaredDifference of a disposed tensor',
    fn: () => {
      const a = fx.ones([2]);
      a.dispose();
      return fx.squaredDifference(a, fx.ones([2]));
    },
    message: "squaredDifference: argument 'a' is a disposed tensor; it was released by dispose() or tidy().",
  },
  {
    name: 'logicalAnd with a float operand names it',
    fn: () => fx.logicalAnd(fx.tensor([true, false]), fx.tensor([1, 0])),
    message: `logicalAnd: argument 'b' must have dtype bool, but has dtype float32. ${BOOL_FIX}`,
  },
  {
    name: 'logicalOr with an int32 operand',
    fn: () => fx.logicalOr(fx.tensor([1, 0], [2], 'int32'), true),
    message: `logicalOr: argument 'a' must have dtype bool, but has dtype int32. ${BOOL_FIX}`,
  },
  {
    name: 'logicalXor with a plain number',
    fn: () => fx.logicalXor(fx.tensor([true]), 1),
    message: `logicalXor: argument 'b' must have dtype bool, but has dtype float32. ${BOOL_FIX}`,
  },
  {
    name: 'equal of non-broadcastable shapes',
    fn: () => fx.equal(fx.ones([3]), fx.ones([4])),
    message: 'equal: shapes [3] and [4] cannot be broadcast together (dimension -1 is 3 vs 4; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'where with a float condition',
    fn: () => fx.where(fx.tensor([1, 0]), fx.ones([2]), fx.zeros([2])),
    message: "where: argument 'condition' must have dtype bool, but has dtype float32. Build it with a comparison such as greater(x, 0), or cast(x, \"bool\").",
  },
  {
    name: 'where with a condition that does not broadcast',
    fn: () => fx.where(fx.tensor([true, false, true]), fx.ones([2]), fx.zeros([2])),
    message: 'where: shapes [3] and [2] cannot be broadcast together (dimension -1 is 3 vs 2; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'addN of a single tensor (not wrapped in an array)',
    fn: () => fx.addN(fx.ones([2]) as unknown as fx.Tensor[]),
    message: 'addN: tensors must be an array of tensors, but received a Tensor. Wrap a single tensor in an array: addN([x]).',
  },
  {
    name: 'addN of an empty list',
    fn: () => fx.addN([]),
    message: 'addN: tensors must hold at least one tensor, but the array is empty.',
  },
  {
    name: 'addN of different shapes',
    fn: () => fx.addN([fx.ones([2, 3]), fx.ones([2, 3]), fx.ones([3])]),
    message: 'addN: every tensor must have the same shape, but tensors[0] has shape [2,3] and tensors[2] has shape [3]. addN does not broadcast; use add() or broadcastTo() for that.',
  },
  {
    name: 'addN of different dtypes',
    fn: () => fx.addN([fx.ones([2]), fx.ones([2], 'int32')]),
    message: 'addN: every tensor must have the same dtype, but tensors[0] has dtype float32 and tensors[1] has dtype int32. Cast them to one dtype with cast().',
  },
  {
    name: 'addN of bool tensors',
    fn: () => fx.addN([fx.tensor([true]), fx.tensor([false])]),
    message: `addN: argument 'tensors[0]' must have dtype float32 or float64 or int32, but has dtype bool. ${NUMERIC_FIX}`,
  },
  {
    name: 'addN names the bad element',
    fn: () => fx.addN([fx.ones([2]), null as unknown as fx.Tensor]),
    message: "addN: argument 'tensors[1]' must be a Tensor, a number, a boolean, a typed array or a nested array, but received null.",
  },
  {
    name: 'prelu with an alpha that does not broadcast',
    fn: () => fx.prelu(fx.ones([2, 3]), fx.ones([2])),
    message: 'prelu: shapes [2,3] and [2] cannot be broadcast together (dimension -1 is 3 vs 2; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'prelu names its alpha argument',
    fn: () => fx.prelu(fx.ones([2]), { slope: 0.2 } as unknown as number),
    message: "prelu: argument 'alpha' must be a Tensor, a number, a boolean, a typed array or a nested array, but received an Object.",
  },
];

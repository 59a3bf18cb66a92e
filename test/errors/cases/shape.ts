import * as fx from '../../../src/index.js';
import type { ErrorCase } from './types.js';

/** Rows of the shape and indexing families. */
export const cases: ErrorCase[] = [
  {
    name: 'reshape with two -1 dimensions',
    fn: () => fx.reshape(fx.ones([2, 3]), [-1, -1]),
    message: 'reshape: shape [-1,-1] has more than one -1; at most one dimension can be inferred.',
  },
  {
    name: 'reshape with -1 that cannot divide the size',
    fn: () => fx.reshape(fx.ones([2, 3]), [4, -1]),
    message: 'reshape: cannot reshape a tensor of shape [2,3] (6 elements) into [4,-1]: 6 is not divisible by 4.',
  },
  {
    name: 'broadcastTo an incompatible shape',
    fn: () => fx.broadcastTo(fx.ones([2, 3]), [2, 4]),
    message: 'broadcastTo: shapes [2,3] and [2,4] cannot be broadcast together (dimension -1 is 3 vs 4; each pair of dimensions, aligned from the right, must be equal or one of them 1).',
  },
  {
    name: 'broadcastTo a lower rank',
    fn: () => fx.broadcastTo(fx.ones([2, 3]), [3]),
    message: 'broadcastTo: cannot broadcast a tensor of rank 2 (shape [2,3]) to the lower rank 1 (shape [3]).',
  },
  {
    name: 'transpose with a perm that repeats an axis',
    fn: () => fx.transpose(fx.ones([2, 3]), [0, 0]),
    message: 'transpose: perm [0,0] is not a permutation of the 2 axes of x (shape [2,3]); expected each of 0..1 exactly once.',
  },
  {
    name: 'expandDims with an out-of-range axis',
    fn: () => fx.expandDims(fx.ones([2, 3]), 3),
    message: 'expandDims: axis 3 is out of range for a tensor of rank 2 (shape [2,3]); expected an integer in [-3, 2].',
  },
  {
    name: 'squeeze of an axis whose size is not 1',
    fn: () => fx.squeeze(fx.ones([1, 3]), [1]),
    message: 'squeeze: cannot squeeze axis 1 of x (shape [1,3]): its size is 3, not 1.',
  },
  {
    name: 'concat of tensors of different ranks',
    fn: () => fx.concat([fx.ones([2, 3]), fx.ones([3])]),
    message: 'concat: all tensors must have the same rank, but tensors[0] has shape [2,3] (rank 2) and tensors[1] has shape [3] (rank 1).',
  },
  {
    name: 'concat of tensors that differ off the axis',
    fn: () => fx.concat([fx.ones([2, 3]), fx.ones([3, 3])], 1),
    message: 'concat: tensors[1] has shape [3,3], which does not match tensors[0] (shape [2,3]) in dimension 0 (3 vs 2); all dimensions except axis 1 must be equal.',
  },
  {
    name: 'concat of scalars points to stack',
    fn: () => fx.concat([fx.scalar(1), fx.scalar(2)]),
    message: 'concat: cannot concatenate scalars (rank 0 tensors); use stack() to join scalars into a vector.',
  },
  {
    name: 'concat of an empty list',
    fn: () => fx.concat([]),
    message: 'concat: tensors must be a non-empty array of tensors, but received an empty array.',
  },
  {
    name: 'concat with an out-of-range axis',
    fn: () => fx.concat([fx.ones([2, 3]), fx.ones([2, 3])], 2),
    message: 'concat: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'stack of tensors of different shapes',
    fn: () => fx.stack([fx.ones([2]), fx.ones([3])]),
    message: 'stack: all tensors must have the same shape, but tensors[0] has shape [2] and tensors[1] has shape [3].',
  },
  {
    name: 'stack with an out-of-range axis',
    fn: () => fx.stack([fx.ones([2]), fx.ones([2])], 3),
    message: 'stack: axis 3 is out of range for stacking tensors of rank 1; expected an integer in [-2, 1].',
  },
  {
    name: 'unstack of a scalar',
    fn: () => fx.unstack(fx.scalar(1)),
    message: 'unstack: x must have rank >= 1, but it is a scalar (shape []).',
  },
  {
    name: 'split into parts that do not divide the axis',
    fn: () => fx.split(fx.ones([7, 2]), 3),
    message: 'split: x.shape[0] = 7 is not divisible by numOrSizeSplits = 3 (x has shape [7,2]); pass an array of sizes for an uneven split.',
  },
  {
    name: 'split with sizes that do not sum to the axis',
    fn: () => fx.split(fx.ones([2, 5]), [2, 2], 1),
    message: 'split: the sizes [2,2] sum to 4, but x.shape[1] = 5 (x has shape [2,5]); they must sum to 5, or use -1 for one size to take the rest.',
  },
  {
    name: 'split with sizes that exceed the axis next to a -1',
    fn: () => fx.split(fx.ones([4]), [3, -1, 2]),
    message: 'split: the sizes [3,-1,2] sum to 5, but x.shape[0] = 4 (x has shape [4]); they must sum to 4 or less when one size is -1.',
  },
  {
    name: 'split with two -1 sizes',
    fn: () => fx.split(fx.ones([4]), [-1, -1]),
    message: 'split: numOrSizeSplits [-1,-1] has more than one -1; at most one size can be inferred.',
  },
  {
    name: 'slice past the end of a dimension',
    fn: () => fx.slice(fx.ones([2, 3]), [1, 1], [1, 3]),
    message: 'slice: begin[1] + size[1] = 1 + 3 = 4 exceeds x.shape[1] = 3 (x has shape [2,3]).',
  },
  {
    name: 'slice with a negative begin points to stridedSlice',
    fn: () => fx.slice(fx.ones([2, 3]), [0, -1]),
    message: 'slice: begin[1] = -1 is out of range for dimension 1 of x (shape [2,3]); expected a value in [0, 3]. Negative begins are not supported; use stridedSlice for counting from the end.',
  },
  {
    name: 'slice with more begin entries than dimensions',
    fn: () => fx.slice(fx.ones([2, 3]), [0, 0, 0]),
    message: 'slice: begin [0,0,0] has 3 entries, but x (shape [2,3]) has rank 2; give at most one entry per dimension.',
  },
  {
    name: 'stridedSlice with a zero stride',
    fn: () => fx.stridedSlice(fx.ones([2, 3]), [0, 0], [2, 3], [1, 0]),
    message: 'stridedSlice: strides[1] is 0; every stride must be non-zero (negative strides walk backwards).',
  },
  {
    name: 'stridedSlice shrinking an out-of-range index',
    fn: () => fx.stridedSlice(fx.ones([2, 3]), [0, 5], [0, 6], [1, 1], 0, 0, 0, 0, 2),
    message: 'stridedSlice: index begin[1] = 5 is out of range for dimension 1 of x (shape [2,3]), which shrinkAxisMask removes; expected a value in [-3, 2].',
  },
  {
    name: 'stridedSlice with more indices than dimensions',
    fn: () => fx.stridedSlice(fx.ones([2, 3]), [0, 0, 0], [1, 1, 1]),
    message: 'stridedSlice: too many indices for x of shape [2,3] (rank 2): entry 2 of begin/end/strides has no dimension left to index. Remove entries, or mark new axes with newAxisMask.',
  },
  {
    name: 'stridedSlice with begin and end of different lengths',
    fn: () => fx.stridedSlice(fx.ones([2, 3]), [0, 0], [1]),
    message: 'stridedSlice: begin, end and strides must have the same length, but have lengths 2, 1 and 2.',
  },
  {
    name: 'stridedSlice with two ellipses',
    fn: () => fx.stridedSlice(fx.ones([2, 3]), [0, 0], [1, 1], [1, 1], 0, 0, 3),
    message: 'stridedSlice: ellipsisMask 3 marks 2 entries; at most one ellipsis is allowed.',
  },
  {
    name: 'stridedSlice shrinking an axis with a negative stride',
    fn: () => fx.stridedSlice(fx.ones([2, 3]), [1], [0], [-1], 0, 0, 0, 0, 1),
    message: 'stridedSlice: strides[0] = -1 is negative on an axis that shrinkAxisMask removes; a shrunk axis takes one index and needs a positive stride.',
  },
  {
    name: 'tile with reps of the wrong length',
    fn: () => fx.tile(fx.ones([2, 3]), [2]),
    message: 'tile: reps must have one entry per dimension of x (shape [2,3], rank 2), but has length 1 ([2]). Use expandDims or reshape first to tile along new dimensions.',
  },
  {
    name: 'tile with a negative rep',
    fn: () => fx.tile(fx.ones([2, 3]), [2, -1]),
    message: 'tile: reps must be an array of non-negative integers, but received [2,-1].',
  },
  {
    name: 'pad with too few padding pairs',
    fn: () => fx.pad(fx.ones([2, 3]), [[1, 1]]),
    message: 'pad: paddings must have one [before, after] pair per dimension of x (shape [2,3], rank 2), but has 1.',
  },
  {
    name: 'pad with a negative padding',
    fn: () => fx.pad(fx.ones([2, 3]), [[1, 1], [-1, 0]]),
    message: 'pad: paddings must be an array of [before, after] pairs of non-negative integers, but received [[1,1],[-1,0]].',
  },
  {
    name: 'mirrorPad reflect padding larger than the size minus 1',
    fn: () => fx.mirrorPad(fx.ones([2, 3]), [[0, 0], [3, 0]], 'reflect'),
    message: "mirrorPad: paddings[1] = [3,0] is too large for dimension 1 of x (shape [2,3]) in 'reflect' mode; each side can be at most 2 (the size minus 1).",
  },
  {
    name: 'mirrorPad with an unknown mode',
    fn: () => fx.mirrorPad(fx.ones([2, 3]), [[0, 0], [1, 0]], 'edge' as 'reflect'),
    message: "mirrorPad: mode must be 'reflect' or 'symmetric', but received \"edge\".",
  },
  {
    name: 'reverse with a repeated axis',
    fn: () => fx.reverse(fx.ones([2, 3]), [1, -1]),
    message: 'reverse: axis [1,-1] repeats axis 1; each axis may appear once.',
  },
  {
    name: 'reverse with an out-of-range axis',
    fn: () => fx.reverse(fx.ones([2, 3]), 2),
    message: 'reverse: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'depthToSpace of a rank-3 image suggests expandDims',
    fn: () => fx.depthToSpace(fx.ones([2, 2, 4]), 2),
    message: 'depthToSpace: x must be rank 4 (NHWC), but has rank 3 (shape [2,2,4]). Add a batch dimension with expandDims(x, 0).',
  },
  {
    name: 'depthToSpace with depth not divisible by blockSize squared',
    fn: () => fx.depthToSpace(fx.ones([1, 2, 2, 6]), 2),
    message: 'depthToSpace: the depth of x (shape [1,2,2,6], NHWC) is 6, which is not divisible by blockSize * blockSize = 4.',
  },
  {
    name: 'depthToSpace with blockSize 1',
    fn: () => fx.depthToSpace(fx.ones([1, 2, 2, 4]), 1),
    message: 'depthToSpace: blockSize must be an integer >= 2, but received 1.',
  },
  {
    name: 'depthToSpace with an unknown dataFormat',
    fn: () => fx.depthToSpace(fx.ones([1, 2, 2, 4]), 2, 'NWHC' as 'NHWC'),
    message: "depthToSpace: dataFormat must be 'NHWC' or 'NCHW', but received \"NWHC\".",
  },
  {
    name: 'spaceToDepth with height not divisible by blockSize',
    fn: () => fx.spaceToDepth(fx.ones([1, 3, 4, 1]), 2),
    message: 'spaceToDepth: the height 3 and width 4 of x (shape [1,3,4,1], NHWC) must both be divisible by blockSize 2.',
  },
  {
    name: 'gather with an out-of-range index names the entry',
    fn: () => fx.gather(fx.ones([3, 2]), [[0, 1], [3, 0]]),
    message: 'gather: indices[1,0] = 3 is out of range for axis 0 of x (shape [3,2]); expected a value in [0, 3).',
  },
  {
    name: 'gather with a negative index',
    fn: () => fx.gather(fx.ones([3, 2]), [-1]),
    message: 'gather: indices[0] = -1 is out of range for axis 0 of x (shape [3,2]); expected a value in [0, 3).',
  },
  {
    name: 'gather with float32 indices',
    fn: () => fx.gather(fx.ones([3, 2]), fx.tensor([0, 1])),
    message: "gather: argument 'indices' must have dtype int32, but has dtype float32. Cast them first, e.g. cast(indices, 'int32').",
  },
  {
    name: 'gather with batchDims greater than axis',
    fn: () => fx.gather(fx.ones([2, 3]), fx.tensor([[0], [1]], undefined, 'int32'), 0, 1),
    message: 'gather: batchDims (1) must be less than or equal to axis (0); the batch dimensions come before the gathered axis.',
  },
  {
    name: 'gather with mismatched batch dimensions',
    fn: () => fx.gather(fx.ones([2, 3]), fx.tensor([[0], [1], [2]], undefined, 'int32'), 1, 1),
    message: 'gather: with batchDims = 1, x (shape [2,3]) and indices (shape [3,1]) must agree in their first 1 dimensions, but dimension 0 is 2 vs 3.',
  },
  {
    name: 'gather from a scalar',
    fn: () => fx.gather(fx.scalar(1), [0]),
    message: 'gather: x must have rank >= 1, but it is a scalar (shape []).',
  },
  {
    name: 'gatherND with an out-of-range index tuple',
    fn: () => fx.gatherND(fx.ones([3, 2]), [[0, 1], [2, 2]]),
    message: 'gatherND: indices[1] = [2,2] is out of range for x of shape [3,2]: entry 1 is 2, but dimension 1 has size 2 (expected a value in [0, 2)).',
  },
  {
    name: 'gatherND with index tuples longer than the rank',
    fn: () => fx.gatherND(fx.ones([3]), [[0, 1]]),
    message: 'gatherND: the last dimension of indices (shape [1,2]) is 2, but x (shape [3]) has rank 1; an index tuple can have at most as many entries as x has dimensions.',
  },
  {
    name: 'scatterND with updates of the wrong shape',
    fn: () => fx.scatterND([[0], [1]], [1, 2, 3], [4]),
    message: 'scatterND: updates must have shape [2] (indices.shape[:-1] + shape[1:] for indices of shape [2,1] and shape [4]), but has shape [3].',
  },
  {
    name: 'scatterND with an out-of-range index',
    fn: () => fx.scatterND([[4]], [1], [4]),
    message: 'scatterND: indices[0] = [4] is out of range for the output of shape [4]: entry 0 is 4, but dimension 0 has size 4 (expected a value in [0, 4)).',
  },
  {
    name: 'tensorScatterUpdate with updates of another dtype',
    fn: () => fx.tensorScatterUpdate(fx.ones([3], 'int32'), [[0]], fx.tensor([1.5])),
    message: "tensorScatterUpdate: updates must have the dtype of tensor (int32), but has dtype float32. Cast it first, e.g. cast(updates, 'int32').",
  },
  {
    name: 'tensorScatterUpdate with updates of the wrong shape',
    fn: () => fx.tensorScatterUpdate(fx.ones([3, 2]), [[0]], [1, 2, 3]),
    message: 'tensorScatterUpdate: updates must have shape [1,2] (indices.shape[:-1] + tensor.shape[1:] for indices of shape [1,1] and tensor of shape [3,2]), but has shape [3].',
  },
  {
    name: 'unsortedSegmentSum with an id >= numSegments',
    fn: () => fx.unsortedSegmentSum(fx.ones([3]), [0, 2, 1], 2),
    message: 'unsortedSegmentSum: segmentIds[1] = 2 is out of range for numSegments = 2; ids must be less than numSegments (negative ids are dropped).',
  },
  {
    name: 'unsortedSegmentSum with segmentIds of the wrong shape',
    fn: () => fx.unsortedSegmentSum(fx.ones([4, 2]), [0, 1, 0], 2),
    message: 'unsortedSegmentSum: segmentIds (shape [3]) must have the shape of the leading dimensions of x (shape [4,2]), e.g. [4]: one id per slice.',
  },
  {
    name: 'unsortedSegmentSum with a fractional numSegments',
    fn: () => fx.unsortedSegmentSum(fx.ones([2]), [0, 1], 1.5),
    message: 'unsortedSegmentSum: numSegments must be a non-negative integer, but received number 1.5.',
  },
  {
    name: 'booleanMask with a float mask',
    fn: () => fx.booleanMask(fx.ones([2, 3]), fx.tensor([1, 0])),
    message: "booleanMask: argument 'mask' must have dtype bool, but has dtype float32. Build it with a comparison such as greater(x, 0), or cast(mask, 'bool').",
  },
  {
    name: 'booleanMask with a mask of the wrong shape',
    fn: () => fx.booleanMask(fx.ones([2, 3]), fx.tensor([true, false, true])),
    message: 'booleanMask: mask (shape [3]) must match the dimensions of tensor (shape [2,3]) starting at axis 0, which are [2]. Pass axis to mask later dimensions.',
  },
  {
    name: 'booleanMask with a scalar mask',
    fn: () => fx.booleanMask(fx.ones([2, 3]), fx.scalar(true)),
    message: 'booleanMask: mask must have rank >= 1, but it is a scalar.',
  },
  {
    name: 'topk with k larger than the last dimension',
    fn: () => fx.topk(fx.ones([2, 3]), 4),
    message: 'topk: k must be an integer in [0, 3] (the size of the last dimension of x, shape [2,3]), but received 4.',
  },
  {
    name: 'topk of a scalar',
    fn: () => fx.topk(fx.scalar(1)),
    message: 'topk: x must have rank >= 1, but it is a scalar (shape []).',
  },
  {
    name: 'sort with an unknown direction',
    fn: () => fx.sort(fx.ones([3]), -1, 'UP' as 'ASCENDING'),
    message: "sort: direction must be 'ASCENDING' or 'DESCENDING', but received \"UP\".",
  },
  {
    name: 'sort with an out-of-range axis',
    fn: () => fx.sort(fx.ones([2, 3]), 2),
    message: 'sort: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
  {
    name: 'argsort of a scalar',
    fn: () => fx.argsort(fx.scalar(2)),
    message: 'argsort: x must have rank >= 1, but it is a scalar (shape []).',
  },
  {
    name: 'unique of a scalar',
    fn: () => fx.unique(fx.scalar(2)),
    message: 'unique: x must have rank >= 1, but it is a scalar (shape []).',
  },
  {
    name: 'unique with an out-of-range axis',
    fn: () => fx.unique(fx.ones([2, 3]), 2),
    message: 'unique: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1].',
  },
];

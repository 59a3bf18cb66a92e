import * as fx from '../../../src/index.js';
import type { ConformanceCase } from './types.js';

/**
 * Conformance rows of the movement kernels: odd shapes, ranks 1-5, every dtype, empty tensors and
 * sizes above the threading threshold (~1 MB). Movement is exact: tol 0 for copies.
 */
const EXACT = 0;
const DTYPES: fx.DType[] = ['float32', 'float64', 'int32', 'bool'];

const copies: ConformanceCase[] = [
  // transpose: 2-d (tiled), N-d with an inner contiguous run, general permutations, big ones.
  { op: 'transpose', label: '2-d odd [37,53]', inputs: [{ shape: [37, 53] }], fn: (x) => fx.transpose(x), tol: EXACT },
  { op: 'transpose', label: '2-d [1024,768] above threshold', inputs: [{ shape: [1024, 768] }], fn: (x) => fx.transpose(x), tol: EXACT },
  { op: 'transpose', label: '2-d float64 [515,259]', inputs: [{ shape: [515, 259], dtype: 'float64' }], fn: (x) => fx.transpose(x), tol: EXACT },
  { op: 'transpose', label: '3-d batch swap last two [7,33,65]', inputs: [{ shape: [7, 33, 65] }], fn: (x) => fx.transpose(x, [0, 2, 1]), tol: EXACT },
  { op: 'transpose', label: '3-d inner run kept [9,5,17]', inputs: [{ shape: [9, 5, 17] }], fn: (x) => fx.transpose(x, [1, 0, 2]), tol: EXACT },
  { op: 'transpose', label: '4-d NHWC->NCHW [3,13,11,7]', inputs: [{ shape: [3, 13, 11, 7] }], fn: (x) => fx.transpose(x, [0, 3, 1, 2]), tol: EXACT },
  { op: 'transpose', label: '5-d [2,3,4,5,6] perm [4,2,0,3,1]', inputs: [{ shape: [2, 3, 4, 5, 6] }], fn: (x) => fx.transpose(x, [4, 2, 0, 3, 1]), tol: EXACT },
  { op: 'transpose', label: '4-d big [4,64,96,33] -> [0,3,1,2]', inputs: [{ shape: [4, 64, 96, 33] }], fn: (x) => fx.transpose(x, [0, 3, 1, 2]), tol: EXACT },
  { op: 'transpose', label: 'size-1 axes [1,17,1,9]', inputs: [{ shape: [1, 17, 1, 9] }], fn: (x) => fx.transpose(x, [3, 2, 1, 0]), tol: EXACT },
  { op: 'transpose', label: 'empty [0,5]', inputs: [{ shape: [0, 5] }], fn: (x) => fx.transpose(x), tol: EXACT },
  { op: 'transpose', label: 'rank 1 [13]', inputs: [{ shape: [13] }], fn: (x) => fx.transpose(x), tol: EXACT },

  // broadcastTo
  { op: 'broadcastTo', label: 'row to [31,17]', inputs: [{ shape: [17] }], fn: (x) => fx.broadcastTo(x, [31, 17]), tol: EXACT },
  { op: 'broadcastTo', label: 'column to [31,17]', inputs: [{ shape: [31, 1] }], fn: (x) => fx.broadcastTo(x, [31, 17]), tol: EXACT },
  { op: 'broadcastTo', label: 'middle axis [3,1,5] -> [2,3,7,5]', inputs: [{ shape: [3, 1, 5] }], fn: (x) => fx.broadcastTo(x, [2, 3, 7, 5]), tol: EXACT },
  { op: 'broadcastTo', label: 'scalar to [9,11]', inputs: [{ shape: [] }], fn: (x) => fx.broadcastTo(x, [9, 11]), tol: EXACT },
  { op: 'broadcastTo', label: 'big [1,1000] -> [600,1000]', inputs: [{ shape: [1, 1000] }], fn: (x) => fx.broadcastTo(x, [600, 1000]), tol: EXACT },
  { op: 'broadcastTo', label: 'big column [700,1] -> [700,500]', inputs: [{ shape: [700, 1] }], fn: (x) => fx.broadcastTo(x, [700, 500]), tol: EXACT },
  { op: 'broadcastTo', label: 'to empty [0,4]', inputs: [{ shape: [1, 4] }], fn: (x) => fx.broadcastTo(x, [0, 4]), tol: EXACT },

  // tile
  { op: 'tile', label: '[3,5] x [2,3]', inputs: [{ shape: [3, 5] }], fn: (x) => fx.tile(x, [2, 3]), tol: EXACT },
  { op: 'tile', label: '5-d [2,1,3,1,2] x [1,3,2,2,1]', inputs: [{ shape: [2, 1, 3, 1, 2] }], fn: (x) => fx.tile(x, [1, 3, 2, 2, 1]), tol: EXACT },
  { op: 'tile', label: 'rank 1 [7] x [5]', inputs: [{ shape: [7] }], fn: (x) => fx.tile(x, [5]), tol: EXACT },
  { op: 'tile', label: 'zero reps', inputs: [{ shape: [3, 4] }], fn: (x) => fx.tile(x, [0, 2]), tol: EXACT },
  { op: 'tile', label: 'big [300,501] x [3,2]', inputs: [{ shape: [300, 501] }], fn: (x) => fx.tile(x, [3, 2]), tol: EXACT },

  // concat
  { op: 'concat', label: 'axis 0 odd', inputs: [{ shape: [3, 7] }, { shape: [5, 7] }, { shape: [1, 7] }], fn: (a, b, c) => fx.concat([a, b, c], 0), tol: EXACT },
  { op: 'concat', label: 'axis 1 odd', inputs: [{ shape: [3, 7] }, { shape: [3, 2] }, { shape: [3, 9] }], fn: (a, b, c) => fx.concat([a, b, c], 1), tol: EXACT },
  { op: 'concat', label: '4-d axis 2', inputs: [{ shape: [2, 3, 4, 5] }, { shape: [2, 3, 1, 5] }], fn: (a, b) => fx.concat([a, b], 2), tol: EXACT },
  { op: 'concat', label: 'with an empty part', inputs: [{ shape: [3, 0] }, { shape: [3, 4] }], fn: (a, b) => fx.concat([a, b], 1), tol: EXACT },
  { op: 'concat', label: 'big axis 1 [400,700]+[400,500]', inputs: [{ shape: [400, 700] }, { shape: [400, 500] }], fn: (a, b) => fx.concat([a, b], 1), tol: EXACT },
  { op: 'concat', label: 'big axis 0 [600,700]+[300,700]', inputs: [{ shape: [600, 700] }, { shape: [300, 700] }], fn: (a, b) => fx.concat([a, b], 0), tol: EXACT },

  // split
  { op: 'split', label: 'sizes axis 1', inputs: [{ shape: [5, 11] }], fn: (x) => fx.split(x, [3, 0, 6, 2], 1), tol: EXACT },
  { op: 'split', label: 'num axis 0 rank 3', inputs: [{ shape: [6, 5, 3] }], fn: (x) => fx.split(x, 3, 0), tol: EXACT },
  { op: 'split', label: 'big axis 1', inputs: [{ shape: [700, 800] }], fn: (x) => fx.split(x, [301, 499], 1), tol: EXACT },

  // slice
  { op: 'slice', label: 'rank 3 interior', inputs: [{ shape: [7, 9, 11] }], fn: (x) => fx.slice(x, [1, 2, 3], [4, 5, 6]), tol: EXACT },
  { op: 'slice', label: 'rank 5', inputs: [{ shape: [3, 4, 5, 6, 7] }], fn: (x) => fx.slice(x, [1, 0, 2, 1, 3], [2, 4, 2, 5, 3]), tol: EXACT },
  { op: 'slice', label: 'empty size', inputs: [{ shape: [4, 5] }], fn: (x) => fx.slice(x, [1, 2], [0, 3]), tol: EXACT },
  { op: 'slice', label: 'big rows', inputs: [{ shape: [1200, 900] }], fn: (x) => fx.slice(x, [100, 50], [1000, 800]), tol: EXACT },

  // stridedSlice (negative strides, steps > 1) and its gradient kernel stridedSliceGrad
  { op: 'stridedSlice', label: 'negative strides rank 2', inputs: [{ shape: [9, 13] }], fn: (x) => fx.stridedSlice(x, [-1, 11], [0, 1], [-2, -3]), tol: EXACT },
  { op: 'stridedSlice', label: 'full reverse via masks', inputs: [{ shape: [6, 7] }], fn: (x) => fx.stridedSlice(x, [0, 0], [0, 0], [-1, -1], 3, 3), tol: EXACT },
  { op: 'stridedSlice', label: 'rank 4 mixed steps', inputs: [{ shape: [5, 6, 7, 8] }], fn: (x) => fx.stridedSlice(x, [0, 5, 1, 7], [5, 0, 7, 0], [2, -2, 3, -1]), tol: EXACT },
  { op: 'stridedSlice', label: 'empty result', inputs: [{ shape: [5, 6] }], fn: (x) => fx.stridedSlice(x, [3, 0], [1, 6], [1, 1]), tol: EXACT },
  { op: 'stridedSlice', label: 'big stride 2', inputs: [{ shape: [1000, 1200] }], fn: (x) => fx.stridedSlice(x, [1, 0], [1000, 1200], [2, 2]), tol: EXACT },
  {
    op: 'stridedSliceGrad',
    label: 'gradient of a negative-stride slice',
    inputs: [{ shape: [9, 13] }],
    fn: (x) => fx.grad((t) => fx.mul(fx.stridedSlice(t, [-1, 11], [0, 1], [-2, -3]), 3))(x),
    tol: EXACT,
  },

  // pad (constant)
  { op: 'pad', label: 'zeros rank 2', inputs: [{ shape: [5, 7] }], fn: (x) => fx.pad(x, [[1, 2], [3, 0]]), tol: EXACT },
  { op: 'pad', label: 'constant rank 3', inputs: [{ shape: [3, 4, 5] }], fn: (x) => fx.pad(x, [[0, 1], [2, 2], [1, 3]], 1.5), tol: EXACT },
  { op: 'pad', label: 'constant rank 5', inputs: [{ shape: [2, 1, 3, 2, 3] }], fn: (x) => fx.pad(x, [[1, 0], [0, 2], [1, 1], [0, 0], [2, 1]], -4), tol: EXACT },
  { op: 'pad', label: 'empty input', inputs: [{ shape: [0, 3] }], fn: (x) => fx.pad(x, [[1, 1], [1, 0]], 2), tol: EXACT },
  { op: 'pad', label: 'big [700,700] constant', inputs: [{ shape: [700, 700] }], fn: (x) => fx.pad(x, [[3, 5], [7, 1]], 0.25), tol: EXACT },

  // mirrorPad
  { op: 'mirrorPad', label: 'reflect rank 2', inputs: [{ shape: [5, 7] }], fn: (x) => fx.mirrorPad(x, [[2, 4], [6, 1]], 'reflect'), tol: EXACT },
  { op: 'mirrorPad', label: 'symmetric rank 3', inputs: [{ shape: [3, 4, 5] }], fn: (x) => fx.mirrorPad(x, [[3, 1], [0, 4], [5, 2]], 'symmetric'), tol: EXACT },
  { op: 'mirrorPad', label: 'reflect rank 1', inputs: [{ shape: [9] }], fn: (x) => fx.mirrorPad(x, [[8, 3]], 'reflect'), tol: EXACT },
  { op: 'mirrorPad', label: 'big reflect', inputs: [{ shape: [600, 500] }], fn: (x) => fx.mirrorPad(x, [[10, 20], [30, 7]], 'reflect'), tol: EXACT },

  // reverse
  { op: 'reverse', label: 'last axis', inputs: [{ shape: [5, 9] }], fn: (x) => fx.reverse(x, 1), tol: EXACT },
  { op: 'reverse', label: 'first axis (runs)', inputs: [{ shape: [5, 9] }], fn: (x) => fx.reverse(x, 0), tol: EXACT },
  { op: 'reverse', label: 'rank 4 axes [0,2]', inputs: [{ shape: [3, 4, 5, 6] }], fn: (x) => fx.reverse(x, [0, 2]), tol: EXACT },
  { op: 'reverse', label: 'rank 5 all axes', inputs: [{ shape: [2, 3, 2, 3, 5] }], fn: (x) => fx.reverse(x), tol: EXACT },
  { op: 'reverse', label: 'big last axis', inputs: [{ shape: [800, 700] }], fn: (x) => fx.reverse(x, 1), tol: EXACT },
];

const indexing: ConformanceCase[] = [
  // gather
  { op: 'gather', label: 'axis 0 with repeats', inputs: [{ shape: [7, 5] }, { shape: [11], dtype: 'int32', range: [0, 6] }], fn: (x, i) => fx.gather(x, i, 0), tol: EXACT },
  { op: 'gather', label: 'axis 1 2-d indices', inputs: [{ shape: [4, 9, 3] }, { shape: [2, 5], dtype: 'int32', range: [0, 8] }], fn: (x, i) => fx.gather(x, i, 1), tol: EXACT },
  { op: 'gather', label: 'last axis (slices of 1)', inputs: [{ shape: [6, 10] }, { shape: [13], dtype: 'int32', range: [0, 9] }], fn: (x, i) => fx.gather(x, i, 1), tol: EXACT },
  {
    op: 'gather',
    label: 'batchDims 1',
    inputs: [{ shape: [3, 8, 5] }, { shape: [3, 4], dtype: 'int32', range: [0, 7] }],
    fn: (x, i) => fx.gather(x, i, 1, 1),
    tol: EXACT,
  },
  {
    op: 'gather',
    label: 'batchDims 2, axis 3, rank 5',
    inputs: [{ shape: [2, 3, 2, 6, 3] }, { shape: [2, 3, 4], dtype: 'int32', range: [0, 5] }],
    fn: (x, i) => fx.gather(x, i, 3, 2),
    tol: EXACT,
  },
  { op: 'gather', label: 'empty indices', inputs: [{ shape: [5, 3] }, { shape: [0], dtype: 'int32' }], fn: (x, i) => fx.gather(x, i, 0), tol: EXACT },
  {
    op: 'gather',
    label: 'big, last axis (slices of 1), batchDims 1',
    inputs: [{ shape: [600, 900] }, { shape: [600, 700], dtype: 'int32', range: [0, 899] }],
    fn: (x, i) => fx.gather(x, i, 1, 1),
    tol: EXACT,
  },
  { op: 'gather', label: 'big rows', inputs: [{ shape: [2000, 300] }, { shape: [1500], dtype: 'int32', range: [0, 1999] }], fn: (x, i) => fx.gather(x, i, 0), tol: EXACT },

  // gatherNd
  { op: 'gatherND', label: 'K=2 of rank 3', inputs: [{ shape: [4, 5, 6] }, { shape: [7, 2], dtype: 'int32', values: [0, 0, 3, 4, 1, 2, 3, 4, 0, 1, 2, 2, 1, 2] }], fn: (x, i) => fx.gatherND(x, i), tol: EXACT },
  { op: 'gatherND', label: 'K=3 full index, 2-d batch', inputs: [{ shape: [3, 4, 5] }, { shape: [2, 2, 3], dtype: 'int32', values: [2, 3, 4, 0, 0, 0, 1, 2, 3, 2, 0, 1] }], fn: (x, i) => fx.gatherND(x, i), tol: EXACT },
  { op: 'gatherND', label: 'K=0 (whole tensor per tuple)', inputs: [{ shape: [2, 3] }, { shape: [3, 0], dtype: 'int32', values: [] }], fn: (x, i) => fx.gatherND(x, i), tol: EXACT },
  { op: 'gatherND', label: 'big slices', inputs: [{ shape: [50, 40, 300] }, { shape: [60, 1], dtype: 'int32', range: [0, 49] }], fn: (x, i) => fx.gatherND(x, i), tol: EXACT },

  // scatterNd: duplicates add
  {
    op: 'scatterND',
    label: 'duplicates add (float32)',
    inputs: [{ shape: [6, 1], dtype: 'int32', values: [1, 3, 1, 0, 3, 1] }, { shape: [6, 4] }],
    fn: (i, u) => fx.scatterND(i, u, [5, 4]),
    tol: EXACT,
  },
  {
    op: 'scatterND',
    label: 'float32 slots hit 1, 2 and 4 times, -0',
    inputs: [
      { shape: [7, 1], dtype: 'int32', values: [4, 0, 2, 0, 2, 2, 2] },
      { shape: [7, 3], values: [-0, 1e-8, 3, 0.1, 0.2, 0.3, 1e8, 1, -1e8, 0.7, 0.1, 0.2, 0.3, 1e-3, 5, 3, 2, 1, 1e-7, 1e7, -0] },
    ],
    fn: (i, u) => fx.scatterND(i, u, [6, 3]),
    tol: EXACT,
  },
  {
    op: 'scatterND',
    label: 'K=2 scalars with duplicates, float64',
    inputs: [{ shape: [5, 2], dtype: 'int32', values: [0, 1, 2, 2, 0, 1, 1, 0, 0, 1] }, { shape: [5], dtype: 'float64' }],
    fn: (i, u) => fx.scatterND(i, u, [3, 3]),
    tol: EXACT,
  },
  {
    op: 'scatterND',
    label: 'int32 duplicates',
    inputs: [{ shape: [4, 1], dtype: 'int32', values: [2, 2, 0, 2] }, { shape: [4, 3], dtype: 'int32' }],
    fn: (i, u) => fx.scatterND(i, u, [4, 3]),
    tol: EXACT,
  },
  {
    op: 'scatterND',
    label: 'bool duplicates (or)',
    inputs: [{ shape: [4, 1], dtype: 'int32', values: [1, 1, 0, 1] }, { shape: [4, 3], dtype: 'bool' }],
    fn: (i, u) => fx.scatterND(i, u, [3, 3]),
    tol: EXACT,
  },
  { op: 'scatterND', label: 'empty updates', inputs: [{ shape: [0, 1], dtype: 'int32', values: [] }, { shape: [0, 3] }], fn: (i, u) => fx.scatterND(i, u, [4, 3]), tol: EXACT },
  {
    op: 'scatterND',
    label: 'big slices with duplicates',
    inputs: [{ shape: [40, 1], dtype: 'int32', range: [0, 19] }, { shape: [40, 20000] }],
    fn: (i, u) => fx.scatterND(i, u, [20, 20000]),
    tol: EXACT,
  },

  // tensorScatterUpdate (last duplicate wins)
  {
    op: 'tensorScatterUpdate',
    label: 'rows with a duplicate',
    inputs: [{ shape: [5, 4] }, { shape: [3, 1], dtype: 'int32', values: [3, 0, 3] }, { shape: [3, 4] }],
    fn: (t, i, u) => fx.tensorScatterUpdate(t, i, u),
    tol: EXACT,
  },
  {
    op: 'tensorScatterUpdate',
    label: 'K=2 elements int32',
    inputs: [{ shape: [3, 3], dtype: 'int32' }, { shape: [2, 2], dtype: 'int32', values: [0, 2, 2, 1] }, { shape: [2], dtype: 'int32' }],
    fn: (t, i, u) => fx.tensorScatterUpdate(t, i, u),
    tol: EXACT,
  },
  {
    op: 'tensorScatterUpdate',
    label: 'big slices',
    inputs: [{ shape: [30, 20000] }, { shape: [12, 1], dtype: 'int32', range: [0, 29] }, { shape: [12, 20000] }],
    fn: (t, i, u) => fx.tensorScatterUpdate(t, i, u),
    tol: EXACT,
  },

  // unsortedSegmentSum (float32 / float64 accumulate; negative ids dropped)
  {
    op: 'unsortedSegmentSum',
    label: 'rows, negative id',
    inputs: [{ shape: [6, 5] }, { shape: [6], dtype: 'int32', values: [2, 0, -1, 2, 1, 2] }],
    fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 4),
    tol: EXACT,
  },
  {
    op: 'unsortedSegmentSum',
    label: 'float64 2-d ids',
    inputs: [{ shape: [2, 3, 4], dtype: 'float64' }, { shape: [2, 3], dtype: 'int32', values: [0, 1, 0, 1, 1, 2] }],
    fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 3),
    tol: EXACT,
  },
  {
    op: 'unsortedSegmentSum',
    label: 'int32 scalars',
    inputs: [{ shape: [9], dtype: 'int32' }, { shape: [9], dtype: 'int32', range: [-1, 3] }],
    fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 4),
    tol: EXACT,
  },
  { op: 'unsortedSegmentSum', label: 'empty', inputs: [{ shape: [0, 3] }, { shape: [0], dtype: 'int32', values: [] }], fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 2), tol: EXACT },
  {
    op: 'unsortedSegmentSum',
    label: 'many scalars (threaded over segments)',
    inputs: [{ shape: [300000] }, { shape: [300000], dtype: 'int32', range: [-1, 999] }],
    fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 1000),
    tol: EXACT,
  },
  {
    op: 'unsortedSegmentSum',
    label: 'medium rows (threaded over segments)',
    inputs: [{ shape: [20000, 20] }, { shape: [20000], dtype: 'int32', range: [-1, 299] }],
    fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 300),
    tol: EXACT,
  },
  {
    op: 'unsortedSegmentSum',
    label: 'long rows (threaded over columns)',
    inputs: [{ shape: [64, 9000] }, { shape: [64], dtype: 'int32', range: [0, 9] }],
    fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 10),
    tol: EXACT,
  },
];

// Every dtype through each copy kernel (the kernels move 1-, 4- and 8-byte elements).
const dtypeRows: ConformanceCase[] = DTYPES.filter((d) => d !== 'float32').flatMap((dtype): ConformanceCase[] => [
  { op: 'transpose', label: `${dtype} [19,23]`, inputs: [{ shape: [19, 23], dtype }], fn: (x) => fx.transpose(x), tol: EXACT },
  { op: 'transpose', label: `${dtype} 4-d`, inputs: [{ shape: [3, 5, 7, 9], dtype }], fn: (x) => fx.transpose(x, [2, 0, 3, 1]), tol: EXACT },
  { op: 'broadcastTo', label: dtype, inputs: [{ shape: [3, 1, 5], dtype }], fn: (x) => fx.broadcastTo(x, [2, 3, 4, 5]), tol: EXACT },
  { op: 'tile', label: dtype, inputs: [{ shape: [3, 5], dtype }], fn: (x) => fx.tile(x, [2, 3]), tol: EXACT },
  { op: 'concat', label: dtype, inputs: [{ shape: [3, 4], dtype }, { shape: [3, 5], dtype }], fn: (a, b) => fx.concat([a, b], 1), tol: EXACT },
  { op: 'split', label: dtype, inputs: [{ shape: [4, 9], dtype }], fn: (x) => fx.split(x, [2, 7], 1), tol: EXACT },
  { op: 'slice', label: dtype, inputs: [{ shape: [6, 7], dtype }], fn: (x) => fx.slice(x, [1, 2], [3, 4]), tol: EXACT },
  { op: 'stridedSlice', label: dtype, inputs: [{ shape: [9, 8], dtype }], fn: (x) => fx.stridedSlice(x, [8, 1], [0, 8], [-3, 2]), tol: EXACT },
  { op: 'pad', label: dtype, inputs: [{ shape: [3, 4], dtype }], fn: (x) => fx.pad(x, [[1, 2], [2, 1]], 1), tol: EXACT },
  { op: 'mirrorPad', label: dtype, inputs: [{ shape: [4, 5], dtype }], fn: (x) => fx.mirrorPad(x, [[3, 2], [1, 4]], 'reflect'), tol: EXACT },
  { op: 'reverse', label: dtype, inputs: [{ shape: [4, 5, 3], dtype }], fn: (x) => fx.reverse(x, [1, 2]), tol: EXACT },
  { op: 'gather', label: dtype, inputs: [{ shape: [6, 4], dtype }, { shape: [5], dtype: 'int32', range: [0, 5] }], fn: (x, i) => fx.gather(x, i, 0), tol: EXACT },
  { op: 'gatherND', label: dtype, inputs: [{ shape: [4, 3], dtype }, { shape: [3, 1], dtype: 'int32', values: [3, 0, 3] }], fn: (x, i) => fx.gatherND(x, i), tol: EXACT },
  {
    op: 'tensorScatterUpdate',
    label: dtype,
    inputs: [{ shape: [4, 3], dtype }, { shape: [2, 1], dtype: 'int32', values: [1, 3] }, { shape: [2, 3], dtype }],
    fn: (t, i, u) => fx.tensorScatterUpdate(t, i, u),
    tol: EXACT,
  },
  { op: 'unsortedSegmentSum', label: dtype, inputs: [{ shape: [5, 3], dtype }, { shape: [5], dtype: 'int32', values: [1, 0, 1, 1, -1] }], fn: (x, ids) => fx.unsortedSegmentSum(x, ids, 3), tol: EXACT },
]);

export const cases: ConformanceCase[] = [...copies, ...indexing, ...dtypeRows];

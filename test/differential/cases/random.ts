import * as fx from '../../../src/index.js';
import type { DiffCase } from './types.js';

/**
 * Rows of the random family. The two libraries' generators differ, so only degenerate
 * distributions are comparable: they check the argument order (mean/stdDev, minval/maxval,
 * normalized), the output shape and the dtype.
 */
export const cases: DiffCase[] = [
  { op: 'randomNormal', label: 'stdDev 0 gives the mean', inputs: [], fx: () => fx.randomNormal([2, 3], 1.5, 0), tf: (tf) => tf.randomNormal([2, 3], 1.5, 0) },
  { op: 'truncatedNormal', label: 'stdDev 0 gives the mean', inputs: [], fx: () => fx.truncatedNormal([4], -2, 0), tf: (tf) => tf.truncatedNormal([4], -2, 0) },
  { op: 'randomUniform', label: 'minval = maxval', inputs: [], fx: () => fx.randomUniform([3, 2], 2, 2), tf: (tf) => tf.randomUniform([3, 2], 2, 2) },
  {
    op: 'multinomial',
    label: 'a certain class, normalized',
    inputs: [],
    fx: () => fx.multinomial([[0, 1, 0], [0, 0, 1]], 5, 1, true),
    tf: (tf) => tf.multinomial(tf.tensor2d([[0, 1, 0], [0, 0, 1]]), 5, 1, true),
  },
];

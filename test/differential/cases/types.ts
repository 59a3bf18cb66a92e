import type * as tfType from '@tensorflow/tfjs-core';
import type * as fxType from '../../../src/index.js';
import type { InputSpec } from '../../helpers/random-inputs.js';

type Out<T> = T | T[] | { values: T; indices: T };

/** One row of the differential test: the same op on the same inputs in Fluxion and TensorFlow.js. */
export interface DiffCase {
  op: string;
  label?: string;
  /** Input specs; dtype defaults to float32. */
  inputs: InputSpec[];
  fx: (...xs: fxType.Tensor[]) => Out<fxType.Tensor>;
  tf: (tf: typeof tfType, ...xs: tfType.Tensor[]) => Out<tfType.Tensor>;
  /** Relative tolerance (default 1e-5). */
  tol?: number;
}

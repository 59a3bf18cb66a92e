import type * as fxType from '../../../src/index.js';
import type { InputSpec } from '../../helpers/random-inputs.js';

type Out<T> = T | T[] | { values: T; indices: T };

/**
 * One conformance row: the same computation on a backend and on `js`, which must agree. Rows aim
 * at what differs between implementations: odd sizes (SIMD tails), sizes above the threading
 * thresholds, transposed (non-contiguous) operands, broadcasting, empty tensors, float32 and float64.
 */
export interface ConformanceCase {
  op: string;
  label?: string;
  /** dtype defaults to float32. */
  inputs: InputSpec[];
  fn: (...xs: fxType.Tensor[]) => Out<fxType.Tensor>;
  /** Relative tolerance (default 1e-5, with 1e-6 absolute). */
  tol?: number;
}

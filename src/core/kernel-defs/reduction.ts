/**
 * Reductions, arg-reductions, cumulative scans and softmax. Attributes arrive normalized: `axes`
 * are non-negative, sorted and unique (empty means no reduction); `axis` is non-negative.
 * Reducing kernels drop the reduced axes from their output (ops reshape for keepDims).
 */
import type { UnaryDef } from '../kernels.js';

export interface ReduceAttrs {
  axes: number[];
}

export interface ArgReduceAttrs {
  axis: number;
}

export interface CumulativeAttrs {
  axis: number;
  /** Each output excludes its own element (the first is the identity: 0 for sums, 1 for products). */
  exclusive: boolean;
  /** Scan from the end of the axis toward its start. */
  reverse: boolean;
}

export interface SoftmaxAttrs {
  axis: number;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** Sum; bool sums to int32, other dtypes keep theirs. */
    sum: UnaryDef<ReduceAttrs>;
    /** Mean of a float input (NaN over an empty axis). */
    mean: UnaryDef<ReduceAttrs>;
    /** Product of a numeric input (1 over an empty axis). */
    prod: UnaryDef<ReduceAttrs>;
    /** Maximum (NaN propagates; -Infinity, or the lowest int32, over an empty axis). */
    max: UnaryDef<ReduceAttrs>;
    /** Minimum (NaN propagates; Infinity, or the highest int32, over an empty axis). */
    min: UnaryDef<ReduceAttrs>;
    /** Logical and of a bool input (true over an empty axis). */
    all: UnaryDef<ReduceAttrs>;
    /** Logical or of a bool input (false over an empty axis). */
    any: UnaryDef<ReduceAttrs>;
    /** log(sum(exp(x))) of a float input, shifted by the (finite) maximum for stability. */
    logSumExp: UnaryDef<ReduceAttrs>;
    /** sqrt(sum(x^2)) of a float input. */
    euclideanNorm: UnaryDef<ReduceAttrs>;
    /** Index (int32) of the first maximum along `axis`, which must not be empty. */
    argMax: UnaryDef<ArgReduceAttrs>;
    /** Index (int32) of the first minimum along `axis`, which must not be empty. */
    argMin: UnaryDef<ArgReduceAttrs>;
    /** Cumulative sum of a numeric input along `axis` (same shape and dtype). */
    cumsum: UnaryDef<CumulativeAttrs>;
    /** Cumulative product of a numeric input along `axis` (same shape and dtype). */
    cumprod: UnaryDef<CumulativeAttrs>;
    /** Softmax of a float input along `axis`. */
    softmax: UnaryDef<SoftmaxAttrs>;
    /** Log-softmax of a float input along `axis`. */
    logSoftmax: UnaryDef<SoftmaxAttrs>;
  }
}

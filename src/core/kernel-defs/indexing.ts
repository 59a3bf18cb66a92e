/**
 * Kernel definitions of the indexing family (see docs/adding-ops.md). Index inputs are int32
 * and already checked to be in range by the ops.
 */
import type { BinaryDef, TernaryDef, UnaryDef } from '../kernels.js';

export interface GatherAttrs {
  /** Non-negative axis of x, >= batchDims. */
  axis: number;
  /** Leading dimensions shared by x and indices (non-negative). */
  batchDims: number;
}
export interface ScatterNdAttrs {
  /** Shape of the output. */
  shape: number[];
}
export interface UnsortedSegmentSumAttrs {
  numSegments: number;
}
export interface TopkAttrs {
  k: number;
  sorted: boolean;
}
export interface SortAttrs {
  descending: boolean;
}
export interface UniqueAttrs {
  axis: number;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** gather(x, indices): slices of x along `axis` picked by indices (GatherV2 with batchDims). */
    gather: BinaryDef<GatherAttrs>;
    /** gatherNd(x, indices [..., K]): slices x[i0..iK-1, ...]. */
    gatherNd: BinaryDef;
    /** scatterNd(indices [..., K], updates): zeros of `shape` plus each update (duplicates add; bool: or). */
    scatterNd: BinaryDef<ScatterNdAttrs>;
    /** tensorScatterUpdate(tensor, indices, updates): a copy of tensor with the indexed slices replaced. */
    tensorScatterUpdate: TernaryDef;
    /** unsortedSegmentSum(x, segmentIds): sums the slices of x with equal ids (negative ids are dropped). */
    unsortedSegmentSum: BinaryDef<UnsortedSegmentSumAttrs>;
    /** Largest k along the last axis: outputs [values, indices (int32)]; ties take the lower index first. */
    topk: UnaryDef<TopkAttrs>;
    /** Stable sort along the last axis: outputs [values, indices (int32)]. NaN sorts above +Infinity. */
    sort: UnaryDef<SortAttrs>;
    /** Distinct slices along `axis` in order of first occurrence: outputs [values, indices (int32)]. */
    unique: UnaryDef<UniqueAttrs>;
  }
}

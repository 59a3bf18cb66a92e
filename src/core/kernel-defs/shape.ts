/** Shape kernels (memory movement). Attributes are normalized by the ops: axes non-negative, lists full-length. */
import type { UnaryDef, VariadicDef } from '../kernels.js';

export interface BroadcastToAttrs {
  shape: number[];
}
export interface TransposeAttrs {
  /** A full permutation of the input's axes. */
  perm: number[];
}
export interface AxisAttrs {
  axis: number;
}
export interface SplitAttrs {
  axis: number;
  /** The size of each output along `axis`; they sum to the input's size there. */
  sizes: number[];
}
export interface SliceAttrs {
  /** One entry per axis, each in [0, dim]. */
  begin: number[];
  /** One entry per axis (no -1), with begin + size <= dim. */
  size: number[];
}
export interface StridedSliceAttrs {
  /** Start of each axis (canonical: non-negative, inside the axis unless the size is 0). */
  begin: number[];
  /** Non-zero step of each axis; negative steps walk backwards. */
  strides: number[];
  /** Number of elements taken along each axis (the output shape). */
  size: number[];
}
export interface StridedSliceGradAttrs extends StridedSliceAttrs {
  /** The shape of the sliced tensor (the gradient's shape). */
  shape: number[];
}
export interface PadAttrs {
  /** [before, after] per axis, non-negative. */
  paddings: Array<[number, number]>;
  /** Already converted for the dtype (0/1 for bool, an integer for int32). */
  constantValue: number;
}
export interface MirrorPadAttrs {
  paddings: Array<[number, number]>;
  mode: 'reflect' | 'symmetric';
}
export interface TileAttrs {
  /** One non-negative repeat count per axis. */
  reps: number[];
}
export interface ReverseAttrs {
  /** Sorted, distinct, non-negative axes to reverse. */
  axes: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    broadcastTo: UnaryDef<BroadcastToAttrs>;
    transpose: UnaryDef<TransposeAttrs>;
    /** Joins inputs of one dtype and rank along `axis` (other dimensions equal). */
    concat: VariadicDef<AxisAttrs>;
    /** Splits along `axis` into one output per entry of `sizes`. */
    split: UnaryDef<SplitAttrs>;
    slice: UnaryDef<SliceAttrs>;
    /** out[i0, i1, ...] = x[begin0 + i0*strides0, begin1 + i1*strides1, ...], shape `size`. */
    stridedSlice: UnaryDef<StridedSliceAttrs>;
    /** The adjoint of stridedSlice: zeros of `shape` with dy written at the sliced positions. */
    stridedSliceGrad: UnaryDef<StridedSliceGradAttrs>;
    pad: UnaryDef<PadAttrs>;
    mirrorPad: UnaryDef<MirrorPadAttrs>;
    /** The adjoint of mirrorPad: sums each mirrored element back onto its source. */
    mirrorPadGrad: UnaryDef<MirrorPadAttrs>;
    tile: UnaryDef<TileAttrs>;
    reverse: UnaryDef<ReverseAttrs>;
  }
}

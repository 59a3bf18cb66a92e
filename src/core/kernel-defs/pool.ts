/**
 * Kernel definitions of the pooling family (see docs/adding-ops.md). Inputs are channels-last with
 * a batch dimension: [batch, height, width, channels] for the 2-D kernels and [batch, depth, height,
 * width, channels] for the 3-D ones. Attributes are normalized by the op: one entry per spatial
 * dimension, explicit leading padding and the output size already computed. A window covers the
 * input positions `o * stride - padBefore + [0, filterSize)`, clipped to the input; padded positions
 * never take part (max ignores them, average divides by the count of valid positions, as TensorFlow).
 */
import type { BinaryDef, UnaryDef } from '../kernels.js';

export interface PoolAttrs {
  /** Window size per spatial dimension. */
  filterSize: number[];
  /** Step between windows per spatial dimension. */
  strides: number[];
  /** Padding before each spatial dimension (top, left; front, top, left in 3-D). */
  padBefore: number[];
  /** Output size per spatial dimension. */
  outSize: number[];
}

export interface PoolGradAttrs extends PoolAttrs {
  /** Shape of the pooled input, which is the shape of the gradient. */
  inShape: number[];
}

declare module '../kernels.js' {
  interface KernelRegistry {
    /** Max over each window (the first maximum wins ties; NaN propagates). */
    maxPool: UnaryDef<PoolAttrs>;
    /** Mean over the valid positions of each window. */
    avgPool: UnaryDef<PoolAttrs>;
    /** (dy, x) -> dx: each dy value flows to the position of its window's maximum in x. */
    maxPoolGrad: BinaryDef<PoolAttrs>;
    /** (ddx, x) -> pooled: picks ddx at the position of each window's maximum (the adjoint of maxPoolGrad). */
    maxPoolGradGrad: BinaryDef<PoolAttrs>;
    /** dy -> dx: each dy value is spread evenly over its window's valid positions. */
    avgPoolGrad: UnaryDef<PoolGradAttrs>;
    maxPool3d: UnaryDef<PoolAttrs>;
    avgPool3d: UnaryDef<PoolAttrs>;
    maxPool3dGrad: BinaryDef<PoolAttrs>;
    maxPool3dGradGrad: BinaryDef<PoolAttrs>;
    avgPool3dGrad: UnaryDef<PoolGradAttrs>;
  }
}

/**
 * Kernel definitions of the image family (see docs/adding-ops.md). Images are
 * [batch, height, width, channels]. Source coordinates follow TensorFlow: the scale is
 * in/out, or (in - 1)/(out - 1) with alignCorners (when out > 1); with halfPixelCenters the
 * source of output pixel i is (i + 0.5) * scale - 0.5 for bilinear and (i + 0.5) * scale for
 * nearest neighbour.
 */
import type { UnaryDef } from '../kernels.js';

export interface ResizeAttrs {
  /** [newHeight, newWidth]. */
  size: [number, number];
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

export interface ResizeGradAttrs {
  /** [height, width] of the resized images (the gradient's spatial size). */
  inSize: [number, number];
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

declare module '../kernels.js' {
  interface KernelRegistry {
    resizeBilinear: UnaryDef<ResizeAttrs>;
    resizeNearestNeighbor: UnaryDef<ResizeAttrs>;
    /** dy [batch, newHeight, newWidth, channels] -> dx [batch, height, width, channels] (the adjoint of resizeBilinear). */
    resizeBilinearGrad: UnaryDef<ResizeGradAttrs>;
    /** dy -> dx, the adjoint of resizeNearestNeighbor. */
    resizeNearestNeighborGrad: UnaryDef<ResizeGradAttrs>;
  }
}

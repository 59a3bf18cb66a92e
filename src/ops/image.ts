/**
 * TensorFlow.js's tf.image namespace: resizeBilinear and resizeNearestNeighbor over NHWC images
 * (rank 4, or rank 3 for a single image), with TensorFlow's alignCorners / halfPixelCenters
 * coordinate rules and gradients that are the exact adjoints of the forward maps.
 */
import { registerGradient, runKernel } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/image.js';
import { asFloat, convertToTensor, requireDType } from './convert.js';
import { defineOp } from './registry.js';
import { reshape } from './shape.js';

type ResizeKernel = 'resizeBilinear' | 'resizeNearestNeighbor';

function resize(
  op: ResizeKernel,
  $images: Tensor,
  size: readonly number[],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Tensor {
  if ($images.rank !== 3 && $images.rank !== 4) {
    throw new FluxionError(
      `${op}: images must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], ` +
        `but has rank ${$images.rank} (shape ${fmtShape($images.shape)}).` +
        ($images.rank === 2 ? ' Add a channels dimension with expandDims(images, -1).' : ''),
    );
  }
  if (!Array.isArray(size) || size.length !== 2 || !size.every((d) => Number.isInteger(d) && d > 0)) {
    throw new FluxionError(
      `${op}: size must be [newHeight, newWidth], two positive integers, but received ${JSON.stringify(size) ?? describeValue(size)}.`,
    );
  }
  if (typeof alignCorners !== 'boolean' || typeof halfPixelCenters !== 'boolean') {
    const [arg, value] = typeof alignCorners !== 'boolean' ? ['alignCorners', alignCorners] : ['halfPixelCenters', halfPixelCenters];
    throw new FluxionError(`${op}: ${arg} must be a boolean, but received ${describeValue(value)}.`);
  }
  if (alignCorners && halfPixelCenters) {
    throw new FluxionError(
      `${op}: alignCorners and halfPixelCenters cannot both be true; set alignCorners to false to use half-pixel centers.`,
    );
  }
  const batched = $images.rank === 4 ? $images : reshape($images, [1, ...$images.shape]);
  const [batch = 0, height = 0, width = 0, channels = 0] = batched.shape;
  if ((height === 0 || width === 0) && batch > 0 && channels > 0) {
    throw new FluxionError(
      `${op}: images must have a non-zero height and width to be resized, but have shape ${fmtShape($images.shape)}.`,
    );
  }
  const y = runKernel(op, [batched], { size: [size[0] as number, size[1] as number], alignCorners, halfPixelCenters });
  return batched === $images ? y : reshape(y, y.shape.slice(1));
}

/**
 * Bilinear resize of images to size = [newHeight, newWidth]. With alignCorners the corner pixels
 * of input and output line up; with halfPixelCenters pixels are sampled at their centres (what
 * TF2's tf.image.resize does). int32/bool input is promoted to float32.
 */
export const resizeBilinear = defineOp(
  { name: 'resizeBilinear', family: 'image', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['resizeBilinear'], method: true },
  (images: TensorLike, size: readonly [number, number] | readonly number[], alignCorners = false, halfPixelCenters = false): Tensor => {
    const $images = asFloat(convertToTensor(images, 'images', 'resizeBilinear'));
    return resize('resizeBilinear', $images, size, alignCorners, halfPixelCenters);
  },
);

/**
 * Nearest-neighbour resize of images to size = [newHeight, newWidth] (same coordinate options
 * as resizeBilinear; alignCorners rounds to the nearest source pixel). Keeps int32 input int32.
 */
export const resizeNearestNeighbor = defineOp(
  { name: 'resizeNearestNeighbor', family: 'image', dtypes: 'numeric', gradient: 'yes', kernels: ['resizeNearestNeighbor'], method: true },
  (images: TensorLike, size: readonly [number, number] | readonly number[], alignCorners = false, halfPixelCenters = false): Tensor => {
    const $images = convertToTensor(images, 'images', 'resizeNearestNeighbor');
    requireDType('resizeNearestNeighbor', 'images', $images, ['float32', 'float64', 'int32']);
    return resize('resizeNearestNeighbor', $images, size, alignCorners, halfPixelCenters);
  },
);

// Each gradient kernel is linear in dy and the adjoint of its forward kernel, so the gradient of
// a gradient is the forward kernel again.
registerGradient('resizeBilinear', ([dy], { inputs: [x], attrs: { alignCorners, halfPixelCenters } }) => [
  runKernel('resizeBilinearGrad', [dy], { inSize: [x.shape[1] ?? 0, x.shape[2] ?? 0], alignCorners, halfPixelCenters }),
]);
registerGradient('resizeBilinearGrad', ([g], { inputs: [dy], attrs: { alignCorners, halfPixelCenters } }) => [
  runKernel('resizeBilinear', [g], { size: [dy.shape[1] ?? 0, dy.shape[2] ?? 0], alignCorners, halfPixelCenters }),
]);
registerGradient('resizeNearestNeighbor', ([dy], { inputs: [x], attrs: { alignCorners, halfPixelCenters } }) => [
  runKernel('resizeNearestNeighborGrad', [dy], { inSize: [x.shape[1] ?? 0, x.shape[2] ?? 0], alignCorners, halfPixelCenters }),
]);
registerGradient('resizeNearestNeighborGrad', ([g], { inputs: [dy], attrs: { alignCorners, halfPixelCenters } }) => [
  runKernel('resizeNearestNeighbor', [g], { size: [dy.shape[1] ?? 0, dy.shape[2] ?? 0], alignCorners, halfPixelCenters }),
]);

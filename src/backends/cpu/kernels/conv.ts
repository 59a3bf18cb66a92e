/**
 * Native kernels of the conv family for the cpu backend (see native/README.md): conv2d, conv3d and
 * their gradients (float32: im2col + sgemm, or a direct kernel for short patches), the depthwise
 * kernels (float32 and float64) and, merged in from ./pool.ts, the pooling kernels.
 *
 * Deliberate js fallbacks: conv2d/conv3d and their gradients in float64 (the gradient checks run
 * in float64 and want the reference's accumulation exactly; the native GEMM path is float32).
 */
import type { ConvAttrs, ConvBackpropFilterAttrs, ConvBackpropInputAttrs } from '../../../core/kernel-defs/conv.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { jsKernels } from '../../js/index.js';
import { convGeometry } from '../../js/kernels/conv-util.js';
import { nativeAs } from '../native.js';
import { jsKernel, sizeOf } from './conv-util.js';
import { makeOutputArray } from '../../../core/output-array.js';
import { poolKernels } from './pool.js';

type FloatArray = Float32Array | Float64Array;

/** The addon's conv functions. `geom` lists the ConvGeom fields of native/src/conv.h in order. */
interface ConvNative {
  convForward(x: Float32Array, w: Float32Array, y: Float32Array, geom: Int32Array): void;
  convBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geom: Int32Array): void;
  convBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geom: Int32Array): void;
  depthwiseForward<A extends FloatArray>(x: A, w: A, y: A, geom: Int32Array): void;
  depthwiseBackpropInput<A extends FloatArray>(dy: A, w: A, dx: A, geom: Int32Array): void;
  depthwiseBackpropFilter<A extends FloatArray>(x: A, dy: A, dw: A, geom: Int32Array): void;
}

let addon: ConvNative | null = null;
function native(): ConvNative {
  addon ??= nativeAs<ConvNative>();
  return addon;
}

/** [batch, inD, inH, inW, inC, fD, fH, fW, outC, outD, outH, outW, strides(3), dilations(3), pads(3)]. */
function geometry(xShape: readonly number[], filterShape: readonly number[], attrs: ConvAttrs): Int32Array {
  const g = convGeometry(xShape, filterShape, attrs);
  return Int32Array.of(
    g.batch, g.inD, g.inH, g.inW, g.inC, g.fD, g.fH, g.fW, g.outC, g.outD, g.outH, g.outW,
    g.sD, g.sH, g.sW, g.dD, g.dH, g.dW, g.pD, g.pH, g.pW,
  );
}

const size = sizeOf;

function bothF32(a: KernelTensor, b: KernelTensor): [Float32Array, Float32Array] | null {
  return a.values instanceof Float32Array && b.values instanceof Float32Array ? [a.values, b.values] : null;
}

/** Both inputs float32 or both float64 (the depthwise kernels take either). */
function sameFloat(a: KernelTensor, b: KernelTensor): [Float32Array, Float32Array] | [Float64Array, Float64Array] | null {
  if (a.values instanceof Float32Array && b.values instanceof Float32Array) return [a.values, b.values];
  if (a.values instanceof Float64Array && b.values instanceof Float64Array) return [a.values, b.values];
  return null;
}

function alloc(like: FloatArray, n: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** y = conv(x, filter), 2-D or 3-D. */
function convForward(x: KernelTensor, filter: KernelTensor, attrs: ConvAttrs): KernelTensor | null {
  const v = bothF32(x, filter);
  if (!v) return null;
  const shape = [x.shape[0] ?? 0, ...attrs.outSize, filter.shape[filter.shape.length - 1] ?? 0];
  const y = makeOutputArray('float32', size(shape)) as Float32Array; // the kernel writes every element
  native().convForward(v[0], v[1], y, geometry(x.shape, filter.shape, attrs));
  return { values: y, shape, dtype: 'float32' };
}

function convBackpropInput(dy: KernelTensor, filter: KernelTensor, attrs: ConvBackpropInputAttrs): KernelTensor | null {
  const v = bothF32(dy, filter);
  if (!v) return null;
  const dx = makeOutputArray('float32', size(attrs.inputShape)) as Float32Array; // the kernel writes every element
  native().convBackpropInput(v[0], v[1], dx, geometry(attrs.inputShape, filter.shape, attrs));
  return { values: dx, shape: attrs.inputShape, dtype: 'float32' };
}

function convBackpropFilter(x: KernelTensor, dy: KernelTensor, attrs: ConvBackpropFilterAttrs): KernelTensor | null {
  const v = bothF32(x, dy);
  if (!v) return null;
  const dw = new Float32Array(size(attrs.filterShape));
  native().convBackpropFilter(v[0], v[1], dw, geometry(x.shape, attrs.filterShape, attrs));
  return { values: dw, shape: attrs.filterShape, dtype: 'float32' };
}

function depthwiseForward(x: KernelTensor, filter: KernelTensor, attrs: ConvAttrs): KernelTensor | null {
  const v = sameFloat(x, filter);
  if (!v) return null;
  const inC = x.shape[3] ?? 0;
  const shape = [x.shape[0] ?? 0, ...attrs.outSize, inC * (filter.shape[3] ?? 0)];
  const y = alloc(v[0], size(shape));
  native().depthwiseForward(v[0], v[1], y, geometry(x.shape, filter.shape, attrs));
  return { values: y, shape, dtype: x.dtype };
}

function depthwiseBackpropInput(dy: KernelTensor, filter: KernelTensor, attrs: ConvBackpropInputAttrs): KernelTensor | null {
  const v = sameFloat(dy, filter);
  if (!v) return null;
  const dx = alloc(v[0], size(attrs.inputShape));
  native().depthwiseBackpropInput(v[0], v[1], dx, geometry(attrs.inputShape, filter.shape, attrs));
  return { values: dx, shape: attrs.inputShape, dtype: dy.dtype };
}

function depthwiseBackpropFilter(x: KernelTensor, dy: KernelTensor, attrs: ConvBackpropFilterAttrs): KernelTensor | null {
  const v = sameFloat(x, dy);
  if (!v) return null;
  const dw = alloc(v[0], size(attrs.filterShape));
  native().depthwiseBackpropFilter(v[0], v[1], dw, geometry(x.shape, attrs.filterShape, attrs));
  return { values: dw, shape: attrs.filterShape, dtype: x.dtype };
}

const js = {
  conv2d: jsKernel(jsKernels, 'conv2d'),
  conv2dBackpropInput: jsKernel(jsKernels, 'conv2dBackpropInput'),
  conv2dBackpropFilter: jsKernel(jsKernels, 'conv2dBackpropFilter'),
  conv3d: jsKernel(jsKernels, 'conv3d'),
  conv3dBackpropInput: jsKernel(jsKernels, 'conv3dBackpropInput'),
  conv3dBackpropFilter: jsKernel(jsKernels, 'conv3dBackpropFilter'),
  depthwiseConv2dNative: jsKernel(jsKernels, 'depthwiseConv2dNative'),
  depthwiseConv2dNativeBackpropInput: jsKernel(jsKernels, 'depthwiseConv2dNativeBackpropInput'),
  depthwiseConv2dNativeBackpropFilter: jsKernel(jsKernels, 'depthwiseConv2dNativeBackpropFilter'),
};

export const convKernels: KernelTable = {
  conv2d: (inputs, attrs) => convForward(inputs[0], inputs[1], attrs) ?? js.conv2d(inputs, attrs),
  conv2dBackpropInput: (inputs, attrs) => convBackpropInput(inputs[0], inputs[1], attrs) ?? js.conv2dBackpropInput(inputs, attrs),
  conv2dBackpropFilter: (inputs, attrs) => convBackpropFilter(inputs[0], inputs[1], attrs) ?? js.conv2dBackpropFilter(inputs, attrs),
  conv3d: (inputs, attrs) => convForward(inputs[0], inputs[1], attrs) ?? js.conv3d(inputs, attrs),
  conv3dBackpropInput: (inputs, attrs) => convBackpropInput(inputs[0], inputs[1], attrs) ?? js.conv3dBackpropInput(inputs, attrs),
  conv3dBackpropFilter: (inputs, attrs) => convBackpropFilter(inputs[0], inputs[1], attrs) ?? js.conv3dBackpropFilter(inputs, attrs),
  depthwiseConv2dNative: (inputs, attrs) => depthwiseForward(inputs[0], inputs[1], attrs) ?? js.depthwiseConv2dNative(inputs, attrs),
  depthwiseConv2dNativeBackpropInput: (inputs, attrs) =>
    depthwiseBackpropInput(inputs[0], inputs[1], attrs) ?? js.depthwiseConv2dNativeBackpropInput(inputs, attrs),
  depthwiseConv2dNativeBackpropFilter: (inputs, attrs) =>
    depthwiseBackpropFilter(inputs[0], inputs[1], attrs) ?? js.depthwiseConv2dNativeBackpropFilter(inputs, attrs),
  ...poolKernels,
};

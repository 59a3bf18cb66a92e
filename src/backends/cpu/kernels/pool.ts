/**
 * Native pooling kernels for the cpu backend (2-D and 3-D, channels-last), merged into the conv
 * family's table. float32 and float64; maxPool also int32. Deliberate js fallbacks: the other
 * dtypes (int32 for avgPool is promoted by the op, so in practice: mixed-dtype gradient calls).
 */
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import type { PoolAttrs, PoolGradAttrs } from '../../../core/kernel-defs/pool.js';
import { jsKernels } from '../../js/index.js';
import { nativeAs } from '../native.js';
import { jsKernel, sizeOf } from './conv-util.js';
import { makeOutputArray } from '../../../core/output-array.js';

type FloatArray = Float32Array | Float64Array;

/** The addon's pooling functions. `geom` lists the PoolGeom fields of native/src/conv.h in order. */
interface PoolNative {
  maxPool<A extends FloatArray | Int32Array>(x: A, y: A, geom: Int32Array): void;
  avgPool<A extends FloatArray>(x: A, y: A, geom: Int32Array): void;
  maxPoolGrad<A extends FloatArray>(dy: A, x: A, dx: A, geom: Int32Array): void;
  maxPoolGradGrad<A extends FloatArray>(ddx: A, x: A, out: A, geom: Int32Array): void;
  avgPoolGrad<A extends FloatArray>(dy: A, dx: A, geom: Int32Array): void;
}

let addon: PoolNative | null = null;
function native(): PoolNative {
  addon ??= nativeAs<PoolNative>();
  return addon;
}

/** [batch, inD, inH, inW, channels, fD, fH, fW, strides(3), pads(3), outSize(3)]; 2-D pools get depth 1. */
function geometry(inShape: readonly number[], attrs: PoolAttrs): Int32Array {
  const k = attrs.filterSize.length;
  const lead = 3 - k; // 1 for 2-D pools: a depth axis of size 1
  const sp = (a: readonly number[], d: number, fallback: number): number => (d < lead ? fallback : (a[d - lead] ?? fallback));
  const spatial = inShape.slice(1, k + 1);
  return Int32Array.of(
    inShape[0] ?? 0, sp(spatial, 0, 1), sp(spatial, 1, 1), sp(spatial, 2, 1), inShape[k + 1] ?? 0,
    sp(attrs.filterSize, 0, 1), sp(attrs.filterSize, 1, 1), sp(attrs.filterSize, 2, 1),
    sp(attrs.strides, 0, 1), sp(attrs.strides, 1, 1), sp(attrs.strides, 2, 1),
    sp(attrs.padBefore, 0, 0), sp(attrs.padBefore, 1, 0), sp(attrs.padBefore, 2, 0),
    sp(attrs.outSize, 0, 1), sp(attrs.outSize, 1, 1), sp(attrs.outSize, 2, 1),
  );
}

function pooledShape(inShape: readonly number[], attrs: PoolAttrs): number[] {
  return [inShape[0] ?? 0, ...attrs.outSize, inShape[attrs.filterSize.length + 1] ?? 0];
}

function floatValues(t: KernelTensor): FloatArray | null {
  return t.values instanceof Float32Array || t.values instanceof Float64Array ? t.values : null;
}

/** An output like `like`, uninitialized when large: every pooling kernel writes each of its elements. */
function alloc<A extends FloatArray | Int32Array>(like: A, n: number): A {
  if (like instanceof Float32Array) return makeOutputArray('float32', n) as A;
  if (like instanceof Float64Array) return makeOutputArray('float64', n) as A;
  return makeOutputArray('int32', n) as A;
}

/** The values of two float inputs of the same dtype, or null. */
function sameFloat(a: KernelTensor, b: KernelTensor): [Float32Array, Float32Array] | [Float64Array, Float64Array] | null {
  if (a.values instanceof Float32Array && b.values instanceof Float32Array) return [a.values, b.values];
  if (a.values instanceof Float64Array && b.values instanceof Float64Array) return [a.values, b.values];
  return null;
}

function maxPool(x: KernelTensor, attrs: PoolAttrs): KernelTensor | null {
  const xv = x.values;
  if (!(xv instanceof Float32Array || xv instanceof Float64Array || xv instanceof Int32Array) || x.dtype === 'bool') return null;
  const shape = pooledShape(x.shape, attrs);
  const y = alloc(xv, sizeOf(shape));
  native().maxPool(xv, y, geometry(x.shape, attrs));
  return { values: y, shape, dtype: x.dtype };
}

function avgPool(x: KernelTensor, attrs: PoolAttrs): KernelTensor | null {
  const xv = floatValues(x);
  if (!xv) return null;
  const shape = pooledShape(x.shape, attrs);
  const y = alloc(xv, sizeOf(shape));
  native().avgPool(xv, y, geometry(x.shape, attrs));
  return { values: y, shape, dtype: x.dtype };
}

function maxPoolGrad(dy: KernelTensor, x: KernelTensor, attrs: PoolAttrs): KernelTensor | null {
  const v = sameFloat(dy, x);
  if (!v) return null;
  const dx = alloc(v[0], sizeOf(x.shape));
  native().maxPoolGrad(v[0], v[1], dx, geometry(x.shape, attrs));
  return { values: dx, shape: x.shape, dtype: dy.dtype };
}

function maxPoolGradGrad(ddx: KernelTensor, x: KernelTensor, attrs: PoolAttrs): KernelTensor | null {
  const v = sameFloat(ddx, x);
  if (!v) return null;
  const shape = pooledShape(x.shape, attrs);
  const out = alloc(v[0], sizeOf(shape));
  native().maxPoolGradGrad(v[0], v[1], out, geometry(x.shape, attrs));
  return { values: out, shape, dtype: ddx.dtype };
}

function avgPoolGrad(dy: KernelTensor, attrs: PoolGradAttrs): KernelTensor | null {
  const dv = floatValues(dy);
  if (!dv) return null;
  const dx = alloc(dv, sizeOf(attrs.inShape));
  native().avgPoolGrad(dv, dx, geometry(attrs.inShape, attrs));
  return { values: dx, shape: attrs.inShape, dtype: dy.dtype };
}

const js = {
  maxPool: jsKernel(jsKernels, 'maxPool'),
  avgPool: jsKernel(jsKernels, 'avgPool'),
  maxPoolGrad: jsKernel(jsKernels, 'maxPoolGrad'),
  maxPoolGradGrad: jsKernel(jsKernels, 'maxPoolGradGrad'),
  avgPoolGrad: jsKernel(jsKernels, 'avgPoolGrad'),
  maxPool3d: jsKernel(jsKernels, 'maxPool3d'),
  avgPool3d: jsKernel(jsKernels, 'avgPool3d'),
  maxPool3dGrad: jsKernel(jsKernels, 'maxPool3dGrad'),
  maxPool3dGradGrad: jsKernel(jsKernels, 'maxPool3dGradGrad'),
  avgPool3dGrad: jsKernel(jsKernels, 'avgPool3dGrad'),
};

export const poolKernels: KernelTable = {
  maxPool: (inputs, attrs) => maxPool(inputs[0], attrs) ?? js.maxPool(inputs, attrs),
  avgPool: (inputs, attrs) => avgPool(inputs[0], attrs) ?? js.avgPool(inputs, attrs),
  maxPoolGrad: (inputs, attrs) => maxPoolGrad(inputs[0], inputs[1], attrs) ?? js.maxPoolGrad(inputs, attrs),
  maxPoolGradGrad: (inputs, attrs) => maxPoolGradGrad(inputs[0], inputs[1], attrs) ?? js.maxPoolGradGrad(inputs, attrs),
  avgPoolGrad: (inputs, attrs) => avgPoolGrad(inputs[0], attrs) ?? js.avgPoolGrad(inputs, attrs),
  maxPool3d: (inputs, attrs) => maxPool(inputs[0], attrs) ?? js.maxPool3d(inputs, attrs),
  avgPool3d: (inputs, attrs) => avgPool(inputs[0], attrs) ?? js.avgPool3d(inputs, attrs),
  maxPool3dGrad: (inputs, attrs) => maxPoolGrad(inputs[0], inputs[1], attrs) ?? js.maxPool3dGrad(inputs, attrs),
  maxPool3dGradGrad: (inputs, attrs) => maxPoolGradGrad(inputs[0], inputs[1], attrs) ?? js.maxPool3dGradGrad(inputs, attrs),
  avgPool3dGrad: (inputs, attrs) => avgPoolGrad(inputs[0], attrs) ?? js.avgPool3dGrad(inputs, attrs),
};

/** Loops shared by the js reference kernels. */
import { makeTypedArray, type DType, type TypedArray } from '../../../core/dtype.js';
import type { KernelTensor } from '../../../core/kernels.js';
import { broadcastShapes, computeStrides, sizeFromShape } from '../../../core/shape.js';

export function output(values: TypedArray, shape: readonly number[], dtype: DType): KernelTensor {
  return { values, shape, dtype };
}

/** Applies `fn` to every element; the result keeps the input's dtype unless `dtype` says otherwise. */
export function mapUnary(x: KernelTensor, fn: (v: number) => number, dtype: DType = x.dtype): KernelTensor {
  const src = x.values;
  const out = makeTypedArray(dtype, src.length);
  for (let i = 0; i < src.length; i++) out[i] = fn(src[i] as number);
  return output(out, x.shape, dtype);
}

/**
 * For each output position of a broadcast, the flat index into an input of shape `inShape`.
 * Cheap enough for the reference backend and shared by every broadcasting kernel.
 */
export function broadcastIndexMap(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const size = sizeFromShape(outShape);
  const map = new Int32Array(size);
  const rank = outShape.length;
  const inStrides = computeStrides(inShape);
  const offset = rank - inShape.length;
  // stride of each output axis in the input (0 where the input is broadcast along it)
  const strideOf = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    const k = d - offset;
    strideOf[d] = k < 0 || inShape[k] === 1 ? 0 : (inStrides[k] ?? 0);
  }
  const idx = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let i = 0; i < size; i++) {
    map[i] = pos;
    for (let d = rank - 1; d >= 0; d--) {
      const next = (idx[d] ?? 0) + 1;
      if (next < (outShape[d] ?? 1)) {
        idx[d] = next;
        pos += strideOf[d] ?? 0;
        break;
      }
      pos -= (strideOf[d] ?? 0) * ((outShape[d] ?? 1) - 1);
      idx[d] = 0;
    }
  }
  return map;
}

/** Broadcasting binary map with fast paths for equal shapes and scalar operands. */
export function mapBinary(
  a: KernelTensor,
  b: KernelTensor,
  fn: (x: number, y: number) => number,
  dtype: DType = a.dtype,
  op = 'binary',
): KernelTensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const size = sizeFromShape(shape);
  const out = makeTypedArray(dtype, size);
  const av = a.values;
  const bv = b.values;
  if (av.length === size && bv.length === size) {
    for (let i = 0; i < size; i++) out[i] = fn(av[i] as number, bv[i] as number);
  } else if (bv.length === 1 && av.length === size) {
    const y = bv[0] as number;
    for (let i = 0; i < size; i++) out[i] = fn(av[i] as number, y);
  } else if (av.length === 1 && bv.length === size) {
    const x = av[0] as number;
    for (let i = 0; i < size; i++) out[i] = fn(x, bv[i] as number);
  } else {
    const ia = broadcastIndexMap(a.shape, shape);
    const ib = broadcastIndexMap(b.shape, shape);
    for (let i = 0; i < size; i++) out[i] = fn(av[ia[i] as number] as number, bv[ib[i] as number] as number);
  }
  return output(out, shape, dtype);
}

/**
 * Output arrays of kernels that write every element (elementwise maps, select, cast, softmax,
 * GEMM, convolutions, pooling). Their contents are unspecified: `new Float32Array(n)` would
 * zero-fill, which for the large activations of a training step costs as much as the kernel
 * itself. From POOL_MIN_BYTES up the buffer comes from ./buffer-pool.ts (reused once the tensors
 * using it are disposed); each array spans its whole ArrayBuffer (byteOffset 0), as
 * `new Float32Array(n)` would. Without Node's Buffer (a browser) they are ordinary arrays.
 */
import { outputBuffer, POOL_MIN_BYTES } from './buffer-pool.js';
import { makeTypedArray, type DType, type TypedArray } from './dtype.js';

/** A typed array of `size` elements whose contents are unspecified: the caller overwrites all of them. */
export function makeOutputArray(dtype: DType, size: number): TypedArray {
  const bytes = dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
  if (size * bytes < POOL_MIN_BYTES || typeof Buffer === 'undefined') return makeTypedArray(dtype, size);
  const buf = outputBuffer(size * bytes);
  switch (dtype) {
    case 'float32':
      return new Float32Array(buf, 0, size);
    case 'float64':
      return new Float64Array(buf, 0, size);
    case 'int32':
      return new Int32Array(buf, 0, size);
    case 'bool':
      return new Uint8Array(buf, 0, size);
  }
}

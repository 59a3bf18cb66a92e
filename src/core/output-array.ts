/**
 * Output arrays of kernels that write every element (elementwise maps, select, cast,
 * softmax). `new Float32Array(n)` zero-fills, which for the large activations of a training step
 * costs as much as the kernel itself (and, for fresh pages, page faults twice); these arrays are
 * allocated uninitialized instead. Only large arrays (at least UNINIT_MIN_BYTES, so never from
 * Buffer's shared pool): each owns its whole ArrayBuffer (byteOffset 0), as `new Float32Array(n)`
 * would. Without Node's Buffer (a browser) they are ordinary zero-filled arrays.
 */
import { makeTypedArray, type DType, type TypedArray } from './dtype.js';

const UNINIT_MIN_BYTES = 64 * 1024;

/** A typed array of `size` elements whose contents are unspecified: the caller overwrites all of them. */
export function makeOutputArray(dtype: DType, size: number): TypedArray {
  const bytes = dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
  if (size * bytes < UNINIT_MIN_BYTES || typeof Buffer === 'undefined') return makeTypedArray(dtype, size);
  const buf = Buffer.allocUnsafeSlow(size * bytes).buffer;
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

/** numpy-like printing of tensors, abbreviated for big ones. */
import type { DType, TypedArray } from './dtype.js';

const EDGE = 3; // items shown at each end of an abbreviated axis
const THRESHOLD = 1000; // tensors larger than this are abbreviated

export type NestedArray = number | boolean | NestedArray[];

/** The values as nested JavaScript arrays of the given shape (bool dtype gives booleans). */
export function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const get = (i: number): number | boolean => (dtype === 'bool' ? values[i] !== 0 : (values[i] ?? 0));
  if (shape.length === 0) return get(0);
  const build = (dim: number, offset: number, stride: number): NestedArray[] => {
    const n = shape[dim] ?? 0;
    const inner = stride / Math.max(n, 1);
    const out: NestedArray[] = new Array<NestedArray>(n);
    for (let i = 0; i < n; i++) {
      out[i] = dim === shape.length - 1 ? get(offset + i) : build(dim + 1, offset + i * inner, inner);
    }
    return out;
  };
  let size = 1;
  for (const d of shape) size *= d;
  return build(0, 0, size);
}

function formatNumber(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return v.toExponential(dtype === 'float64' ? 8 : 4);
  return v.toFixed(dtype === 'float64' ? 8 : 4);
}

/** Renders the values numpy-style: `[[1.0000, 2.0000],\n [3.0000, 4.0000]]`. */
export function formatValues(values: TypedArray, shape: readonly number[], dtype: DType): string {
  let size = 1;
  for (const d of shape) size *= d;
  const abbreviate = size > THRESHOLD;
  const strs: string[] = [];
  for (let i = 0; i < values.length; i++) strs.push(formatNumber(values[i] ?? 0, dtype));
  const width = strs.reduce((w, s) => Math.max(w, s.length), 0);
  if (shape.length === 0) return strs[0] ?? '';
  const render = (dim: number, offset: number, stride: number, indent: string): string => {
    const n = shape[dim] ?? 0;
    const inner = stride / Math.max(n, 1);
    const showAll = !abbreviate || n <= 2 * EDGE;
    const idx: (number | null)[] = showAll
      ? Array.from({ length: n }, (_, i) => i)
      : [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
    if (dim === shape.length - 1) {
      return `[${idx.map((i) => (i === null ? '...' : (strs[offset + i] ?? '').padStart(width))).join(', ')}]`;
    }
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${indent} `;
    return `[${idx.map((i) => (i === null ? '...' : render(dim + 1, offset + i * inner, inner, `${indent} `))).join(sep)}]`;
  };
  return render(0, 0, size, '');
}

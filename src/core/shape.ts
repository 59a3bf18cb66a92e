/** Shapes, strides, broadcasting and axis arithmetic shared by every op and backend. */
import { FluxionError, fmtShape } from './errors.js';

export type Shape = readonly number[];

export function sizeFromShape(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides in elements. */
export function computeStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] ?? 1;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkShape(op: string, shape: unknown, arg = 'shape'): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new FluxionError(
      `${op}: ${arg} must be an array of non-negative integers, but received ${JSON.stringify(shape)}.`,
    );
  }
  return shape as number[];
}

/** numpy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new FluxionError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together ` +
          `(dimension ${i - rank} is ${da} vs ${db}; each pair of dimensions, aligned from the right, ` +
          `must be equal or one of them 1).`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * The axes of `inShape` (right-aligned against `outShape`) that broadcasting stretched; summing
 * a gradient over them brings it back to `inShape`.
 */
export function broadcastedAxes(inShape: Shape, outShape: Shape): number[] {
  const axes: number[] = [];
  const offset = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    const din = i < offset ? 1 : (inShape[i - offset] ?? 1);
    if (din === 1 && outShape[i] !== 1) axes.push(i);
  }
  return axes;
}

/** Maps a possibly negative axis into [0, rank), with an error that says the valid range. */
export function normalizeAxis(op: string, axis: number, rank: number, arg = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    throw new FluxionError(
      `${op}: ${arg} ${String(axis)} is out of range for a tensor of rank ${rank}; ` +
        `expected an integer in [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}].`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes `axis` (undefined = all axes), sorted, rejecting duplicates. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(op, a, rank)).sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) {
      throw new FluxionError(`${op}: axis ${JSON.stringify(axis)} repeats axis ${String(out[i])}; each axis may appear once.`);
    }
  }
  return out;
}

/** Output shape of a reduction over `axes`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else {
      out.push(shape[i] ?? 1);
    }
  }
  return out;
}

/** Shape of a nested JavaScript array, checking that it is rectangular. */
export function inferShape(op: string, values: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  checkRectangular(op, values, shape, 0, []);
  return shape;
}

function checkRectangular(op: string, values: unknown, shape: number[], dim: number, index: number[]): void {
  if (dim === shape.length) {
    if (Array.isArray(values)) {
      throw new FluxionError(`${op}: the nested array is ragged: element [${index.join('][')}] is an array but its siblings are not.`);
    }
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    const got = Array.isArray(values) ? `length ${values.length}` : 'a scalar';
    throw new FluxionError(
      `${op}: the nested array is ragged: expected element ${index.length ? `[${index.join('][')}]` : 'at the top'} ` +
        `to have length ${String(shape[dim])}, but it has ${got}. Every row must have the same length.`,
    );
  }
  if (dim + 1 === shape.length && !values.some(Array.isArray)) return;
  for (let i = 0; i < values.length; i++) checkRectangular(op, values[i], shape, dim + 1, [...index, i]);
}

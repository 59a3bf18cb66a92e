/** Assertions shared by the loss and metric tests. */
import assert from 'node:assert/strict';
import type * as fx from '../../src/index.js';

/** Asserts shape (when given) and values to `tol` relative (absolute below 1). */
export function expectValues(t: fx.Tensor, values: number[], shape?: number[], tol = 1e-5): void {
  if (shape) assert.deepEqual(t.shape, shape, 'shape');
  const got = Array.from(t.dataSync());
  assert.equal(got.length, values.length, `number of values (got ${JSON.stringify(got)})`);
  values.forEach((want, i) => {
    const v = got[i] as number;
    assert.ok(Math.abs(v - want) <= tol * Math.max(1, Math.abs(want)), `element ${i}: expected ${want}, got ${v} (all: ${JSON.stringify(got)})`);
  });
}

export function expectScalar(t: fx.Tensor, want: number, tol = 1e-5): void {
  expectValues(t, [want], [], tol);
}

/** Every value finite. */
export function expectFinite(t: fx.Tensor, label: string): void {
  const v = Array.from(t.dataSync());
  assert.ok(v.every((x) => Number.isFinite(x)), `${label}: expected finite values, got ${JSON.stringify(v)}`);
}

/** Asserts that fn throws a FluxionError with exactly this message. */
export function expectError(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, 'an Error');
    assert.equal(e.name, 'FluxionError');
    assert.equal(e.message, message);
    return true;
  });
}

/** Rows of a 2-D array, mapped. */
export function rows<T>(m: number[][], f: (r: number[], i: number) => T): T[] {
  return m.map(f);
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const EPS = 1e-7;
/** Keras's clip of probabilities, in float32 as the float32 kernels store it. */
export const clipP = (p: number): number => Math.min(Math.max(p, Math.fround(EPS)), Math.fround(1 - EPS));

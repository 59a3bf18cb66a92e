/** Small helpers for the fx.data tests. */
import * as fx from '../../src/index.js';

/** A tensor's values as a plain nested array (numbers). */
export function val(t: unknown): unknown {
  return t instanceof fx.Tensor ? t.arraySync() : t;
}

/** Elements with tensors turned into nested arrays, for deepEqual. */
export function plain(v: unknown): unknown {
  if (v instanceof fx.Tensor) return v.arraySync();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export async function collect<T>(ds: fx.data.Dataset<T>): Promise<unknown[]> {
  return (await ds.toArray()).map(plain);
}

/** Deterministic random inputs for table-driven tests. */
import type { DType } from '../../src/core/dtype.js';

export interface InputSpec {
  shape: number[];
  /** Default float64 for gradient checks, float32 for differential tests. */
  dtype?: DType;
  /** Uniform range of the values (default [-2, 2]; ints: [-5, 5]). */
  range?: [number, number];
  /** Exact values instead of random ones (flat, row-major). */
  values?: number[];
  /** Keep |v| >= this (avoids kinks and poles such as abs at 0 or 1/x). */
  awayFromZero?: number;
  /** Not differentiated (indices, masks): passed through as constants. */
  constant?: boolean;
}

/** A small seeded generator so every run of a test sees the same inputs. */
export function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomValues(spec: InputSpec, rng: () => number): number[] {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.values) {
    if (spec.values.length !== size) throw new Error(`values has ${spec.values.length} entries for shape [${spec.shape.join(',')}]`);
    return spec.values;
  }
  const dtype = spec.dtype ?? 'float64';
  const [lo, hi] = spec.range ?? (dtype === 'int32' ? [-5, 5] : dtype === 'bool' ? [0, 1] : [-2, 2]);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    let v = lo + (hi - lo) * rng();
    if (dtype === 'int32') v = Math.floor(lo + (hi - lo + 1) * rng());
    if (dtype === 'bool') v = rng() < 0.5 ? 0 : 1;
    if (spec.awayFromZero !== undefined && Math.abs(v) < spec.awayFromZero) v = v < 0 ? -spec.awayFromZero - rng() : spec.awayFromZero + rng();
    out.push(v);
  }
  return out;
}

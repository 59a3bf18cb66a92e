/**
 * Random tensors. Every op takes an optional `seed`: with one it draws from a fresh generator, so
 * the same seed gives the same numbers on every call; without one it draws from the global
 * generator that `setSeed(n)` resets (src/core/random.ts), so a whole program is reproducible.
 */
import { checkDType, isFloat, makeTypedArray, type DType } from '../core/dtype.js';
import { makeTensor } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { randomSource, type RandomSource } from '../core/random.js';
import { checkShape, sizeFromShape } from '../core/shape.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import { convertToTensor, requireDType } from './convert.js';
import { defineOp } from './registry.js';

function requireNumber(op: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new FluxionError(`${op}: ${arg} must be a finite number, but received ${describeValue(v)}.`);
  }
  return v;
}

function requirePositive(op: string, arg: string, v: unknown): number {
  const n = requireNumber(op, arg, v);
  if (!(n > 0)) throw new FluxionError(`${op}: ${arg} must be positive, but is ${n}.`);
  return n;
}

function requireStdDev(op: string, v: unknown): number {
  const n = requireNumber(op, 'stdDev', v);
  if (n < 0) throw new FluxionError(`${op}: stdDev must be non-negative, but is ${n}.`);
  return n;
}

function source(op: string, seed: number | undefined): RandomSource {
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new FluxionError(`${op}: seed must be a finite number (or omitted), but received ${describeValue(seed)}.`);
  }
  return randomSource(seed);
}

function floatDType(op: string, dtype: unknown): 'float32' | 'float64' {
  const dt = checkDType(op, 'dtype', dtype);
  if (!isFloat(dt)) {
    throw new FluxionError(
      `${op}: dtype must be float32 or float64, but received "${dt}". Draw floats and cast() them, or use randomUniform for int32.`,
    );
  }
  return dt;
}

/** Fills a new tensor of `shape` with `draw()`. */
function generate(op: string, shape: readonly number[], dtype: DType, draw: () => number): Tensor {
  checkShape(op, shape);
  const data = makeTypedArray(dtype, sizeFromShape(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return makeTensor(data, shape, dtype);
}

/** Normal samples with the given mean and standard deviation. */
export const randomNormal = defineOp(
  { name: 'randomNormal', family: 'random', dtypes: 'float32, float64', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor => {
    const op = 'randomNormal';
    const mu = requireNumber(op, 'mean', mean);
    const sigma = requireStdDev(op, stdDev);
    const dt = floatDType(op, dtype);
    const src = source(op, seed);
    return generate(op, shape, dt, () => mu + sigma * src.nextNormal());
  },
);

/** Standard normal samples (mean 0, standard deviation 1). */
export const randomStandardNormal = defineOp(
  { name: 'randomStandardNormal', family: 'random', dtypes: 'float32, float64', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], dtype: DType = 'float32', seed?: number): Tensor => {
    const op = 'randomStandardNormal';
    const dt = floatDType(op, dtype);
    const src = source(op, seed);
    return generate(op, shape, dt, () => src.nextNormal());
  },
);

/**
 * Normal samples truncated to two standard deviations: a draw more than 2·stdDev from the mean
 * is discarded and drawn again (TensorFlow's truncated_normal).
 */
export const truncatedNormal = defineOp(
  { name: 'truncatedNormal', family: 'random', dtypes: 'float32, float64', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor => {
    const op = 'truncatedNormal';
    const mu = requireNumber(op, 'mean', mean);
    const sigma = requireStdDev(op, stdDev);
    const dt = floatDType(op, dtype);
    const src = source(op, seed);
    return generate(op, shape, dt, () => {
      let z = src.nextNormal();
      while (Math.abs(z) > 2) z = src.nextNormal();
      return mu + sigma * z;
    });
  },
);

/**
 * Uniform samples in [minval, maxval). For int32, minval and maxval must be integers with
 * minval < maxval, and every integer in [minval, maxval) is equally likely.
 */
export const randomUniform = defineOp(
  { name: 'randomUniform', family: 'random', dtypes: 'float32, float64, int32', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor => {
    const op = 'randomUniform';
    const lo = requireNumber(op, 'minval', minval);
    const hi = requireNumber(op, 'maxval', maxval);
    const dt = checkDType(op, 'dtype', dtype);
    if (dt === 'bool') {
      throw new FluxionError(`${op}: dtype must be float32, float64 or int32, but received "bool". Compare a float sample with a threshold instead, e.g. less(randomUniform(shape), 0.5).`);
    }
    if (dt === 'int32') {
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) {
        throw new FluxionError(`${op}: minval and maxval must be integers for dtype int32, but are ${lo} and ${hi}.`);
      }
      if (hi <= lo) {
        throw new FluxionError(`${op}: maxval must be greater than minval for dtype int32 (the range [minval, maxval) must not be empty), but minval is ${lo} and maxval is ${hi}.`);
      }
    }
    const src = source(op, seed);
    const span = hi - lo;
    return dt === 'int32'
      ? generate(op, shape, dt, () => lo + Math.floor(span * src.nextFloat()))
      : generate(op, shape, dt, () => lo + span * src.nextFloat());
  },
);

/** One Gamma(alpha, 1) sample by Marsaglia and Tsang's method (boosted for alpha < 1). */
function gammaSample(src: RandomSource, alpha: number): number {
  if (alpha < 1) {
    let u = src.nextFloat();
    while (u === 0) u = src.nextFloat();
    return gammaSample(src, alpha + 1) * Math.pow(u, 1 / alpha);
  }
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = src.nextNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = src.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Gamma samples with shape parameter alpha and rate beta (mean alpha/beta, variance alpha/beta²). */
export const randomGamma = defineOp(
  { name: 'randomGamma', family: 'random', dtypes: 'float32, float64', gradient: 'n/a', kernels: [] },
  (shape: readonly number[], alpha: number, beta = 1, dtype: DType = 'float32', seed?: number): Tensor => {
    const op = 'randomGamma';
    const a = requirePositive(op, 'alpha', alpha);
    const b = requirePositive(op, 'beta', beta);
    const dt = floatDType(op, dtype);
    const src = source(op, seed);
    return generate(op, shape, dt, () => gammaSample(src, a) / b);
  },
);

/**
 * Draws `numSamples` class indices (int32) from each row of `logits` ([classes] or [batch,
 * classes]): unnormalized log-probabilities, or probabilities when `normalized` is true. The
 * result has shape [numSamples] or [batch, numSamples].
 */
export const multinomial = defineOp(
  { name: 'multinomial', family: 'random', dtypes: 'float (result int32)', gradient: 'n/a', kernels: [] },
  (logits: TensorLike, numSamples: number, seed?: number, normalized = false): Tensor => {
    const op = 'multinomial';
    const $l = convertToTensor(logits, 'logits', op);
    requireDType(op, 'logits', $l, ['float32', 'float64', 'int32']);
    if ($l.rank !== 1 && $l.rank !== 2) {
      throw new FluxionError(
        `${op}: logits must have rank 1 ([classes]) or 2 ([batch, classes]), but has shape ${fmtShape($l.shape)}.`,
      );
    }
    if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples < 0) {
      throw new FluxionError(`${op}: numSamples must be a non-negative integer, but received ${describeValue(numSamples)}.`);
    }
    const classes = $l.shape[$l.rank - 1] as number;
    const rows = $l.rank === 1 ? 1 : ($l.shape[0] as number);
    if (classes === 0) {
      throw new FluxionError(`${op}: logits must have at least one class, but has shape ${fmtShape($l.shape)}.`);
    }
    const src = source(op, seed);
    const values = $l.values;
    const out = new Int32Array(rows * numSamples);
    const cdf = new Float64Array(classes);
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      if (!normalized) for (let c = 0; c < classes; c++) max = Math.max(max, values[r * classes + c] as number);
      let total = 0;
      for (let c = 0; c < classes; c++) {
        const v = values[r * classes + c] as number;
        const p = normalized ? v : Math.exp(v - max);
        if (normalized && !(v >= 0)) {
          throw new FluxionError(`${op}: with normalized=true, logits holds probabilities, which must be >= 0, but row ${r} has ${v} at class ${c}.`);
        }
        total += p;
        cdf[c] = total;
      }
      if (!(total > 0) || !Number.isFinite(total)) {
        throw new FluxionError(
          `${op}: row ${r} of logits gives no valid distribution (its probabilities sum to ${total}); ` +
            'check for NaN, all -Infinity logits, or all-zero probabilities.',
        );
      }
      for (let s = 0; s < numSamples; s++) {
        const target = src.nextFloat() * total;
        let lo = 0;
        let hi = classes - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (target < (cdf[mid] as number)) hi = mid;
          else lo = mid + 1;
        }
        out[r * numSamples + s] = lo;
      }
    }
    return makeTensor(out, $l.rank === 1 ? [numSamples] : [rows, numSamples], 'int32');
  },
);

/** A random permutation of `x` along its first axis (TensorFlow's tf.random.shuffle). */
export const randomShuffle = defineOp(
  { name: 'randomShuffle', family: 'random', dtypes: 'all', gradient: 'n/a', kernels: [] },
  (x: TensorLike, seed?: number): Tensor => {
    const op = 'randomShuffle';
    const $x = convertToTensor(x, 'x', op);
    if ($x.rank === 0) {
      throw new FluxionError(`${op}: x must have rank >= 1 (it is shuffled along axis 0), but is a scalar.`);
    }
    const src = source(op, seed);
    const n = $x.shape[0] as number;
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(src.nextFloat() * (i + 1));
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    const row = n === 0 ? 0 : $x.size / n;
    const values = $x.values;
    const out = makeTypedArray($x.dtype, $x.size);
    perm.forEach((from, to) => out.set(values.subarray(from * row, (from + 1) * row), to * row));
    return makeTensor(out, $x.shape, $x.dtype);
  },
);

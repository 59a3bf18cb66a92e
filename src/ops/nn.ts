/**
 * Neural-network ops: batch normalization, local response normalization, dropout and the
 * numerically stable cross-entropies on logits (TensorFlow's tf.nn formulas).
 */
import { makeTypedArray, type DType } from '../core/dtype.js';
import { makeTensor, registerGradient, runKernel, runKernelMulti } from '../core/engine.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { randomSource } from '../core/random.js';
import { normalizeAxis, reducedShape, sizeFromShape } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/nn.js';
import { add, div, mul, sub } from './binary.js';
import { castTo, convertToTensor, requireDType } from './convert.js';
import { defineOp } from './registry.js';
import { sum } from './reduction.js';
import { reshape } from './shape.js';
import { exp, log, neg, sigmoid, square } from './unary.js';

/**
 * Converts the named arguments and promotes them to one float dtype: float64 if any tensor is
 * float64, else float32 (int32/bool tensors are promoted; plain numbers and arrays follow).
 */
function floatOperands(op: string, args: readonly (readonly [string, TensorLike])[]): Tensor[] {
  const given = args.map(([name, v]) => (v instanceof Tensor ? convertToTensor(v, name, op) : null));
  const dtype: DType = given.some((t) => t?.dtype === 'float64') ? 'float64' : 'float32';
  return args.map(([name, v], i) => castTo(given[i] ?? convertToTensor(v, name, op, dtype), dtype));
}

/** Whether `shape` broadcasts to exactly `target` (numpy rules, one direction). */
function broadcastsTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const offset = target.length - shape.length;
  return shape.every((d, i) => d === 1 || d === target[i + offset]);
}

function requireFinite(op: string, arg: string, value: unknown, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    const what = min === 0 ? 'a non-negative number' : 'a finite number';
    throw new FluxionError(`${op}: ${arg} must be ${what}, but received ${describeValue(value)}.`);
  }
  return value;
}

// ---------------------------------------------------------------- batchNorm

/**
 * Batch normalization with given statistics: (x - mean) / sqrt(variance + varianceEpsilon) *
 * scale + offset. mean, variance, offset and scale broadcast against x, typically one value per
 * channel (the last axis of x) or x's own rank with size-1 dimensions.
 */
export const batchNorm = defineOp(
  { name: 'batchNorm', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['batchNormInvStd'], method: true },
  (
    x: TensorLike,
    mean: TensorLike,
    variance: TensorLike,
    offset?: TensorLike | null,
    scale?: TensorLike | null,
    varianceEpsilon = 0.001,
  ): Tensor => {
    requireFinite('batchNorm', 'varianceEpsilon', varianceEpsilon, 0);
    const named: [string, TensorLike][] = [['x', x], ['mean', mean], ['variance', variance]];
    if (offset !== undefined && offset !== null) named.push(['offset', offset]);
    if (scale !== undefined && scale !== null) named.push(['scale', scale]);
    const ts = floatOperands('batchNorm', named);
    const $x = ts[0] as Tensor;
    const params = new Map<string, Tensor>();
    named.forEach(([name], i) => {
      if (i === 0) return;
      const t = ts[i] as Tensor;
      if (!broadcastsTo(t.shape, $x.shape)) {
        const channels = $x.rank > 0 ? `[${String($x.shape[$x.rank - 1])}] (one value per channel, the last axis of x)` : '[] (a scalar)';
        throw new FluxionError(
          `batchNorm: ${name} has shape ${fmtShape(t.shape)}, which does not broadcast to x's shape ${fmtShape($x.shape)}; ` +
            `expected ${channels} or a shape that broadcasts to ${fmtShape($x.shape)}.`,
        );
      }
      params.set(name, t);
    });
    const invStd = runKernel('batchNormInvStd', [params.get('variance') as Tensor], { varianceEpsilon });
    let y = mul(sub($x, params.get('mean') as Tensor), invStd);
    const $scale = params.get('scale');
    if ($scale) y = mul(y, $scale);
    const $offset = params.get('offset');
    if ($offset) y = add(y, $offset);
    return y;
  },
);

// d/dv (v + eps)^(-1/2) = -1/2 (v + eps)^(-3/2) = -y^3 / 2
registerGradient('batchNormInvStd', ([dy], { outputs: [y] }) => [mul(dy, mul(mul(y, square(y)), -0.5))]);

// ---------------------------------------------------------------- localResponseNormalization

/**
 * Local response normalization across channels (the last axis) of x ([batch, height, width,
 * channels] or [height, width, channels]):
 * y = x / (bias + alpha * sum of x^2 over channels [c - depthRadius, c + depthRadius]) ^ beta.
 */
export const localResponseNormalization = defineOp(
  { name: 'localResponseNormalization', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['lrn'], method: true },
  (x: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor => {
    const op = 'localResponseNormalization';
    const $x = floatOperands(op, [['x', x]])[0] as Tensor;
    if ($x.rank !== 3 && $x.rank !== 4) {
      throw new FluxionError(
        `${op}: x must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], ` +
          `but has rank ${$x.rank} (shape ${fmtShape($x.shape)}).`,
      );
    }
    if (!Number.isInteger(depthRadius) || depthRadius < 0) {
      throw new FluxionError(`${op}: depthRadius must be a non-negative integer, but received ${describeValue(depthRadius)}.`);
    }
    requireFinite(op, 'bias', bias);
    requireFinite(op, 'alpha', alpha);
    requireFinite(op, 'beta', beta);
    return runKernel('lrn', [$x], { depthRadius, bias, alpha, beta });
  },
);

function windowSum(x: Tensor, depthRadius: number): Tensor {
  return runKernel('lrnWindowSum', [x], { depthRadius });
}

// With n = bias + alpha * W(x^2) (W the channel-window sum, which is symmetric) and y = x n^-beta:
// dx = dy n^-beta - 2 alpha beta x W(dy y / n).
registerGradient('lrn', ([dy], { inputs: [x], outputs: [y], attrs: { depthRadius, bias, alpha, beta } }) => {
  const n = add(mul(windowSum(square(x), depthRadius), alpha), bias);
  const nPow = exp(mul(log(n), -beta));
  return [sub(mul(dy, nPow), mul(mul(x, 2 * alpha * beta), windowSum(div(mul(dy, y), n), depthRadius)))];
});
registerGradient('lrnWindowSum', ([dy], { attrs }) => [windowSum(dy, attrs.depthRadius)]);

// ---------------------------------------------------------------- dropout

/** A 32-bit seed from a string seed (FNV-1a). */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Dropout: zeroes each element with probability `rate` and scales the kept ones by
 * 1 / (1 - rate), so the expectation is unchanged. `noiseShape` (broadcast against x's shape)
 * shares one draw along its size-1 dimensions; `seed` makes the mask reproducible, otherwise the
 * global generator (setSeed) is used. rate 0 returns x. The gradient is the same scaled mask.
 */
export const dropout = defineOp(
  { name: 'dropout', family: 'nn', dtypes: 'float32, float64', gradient: 'yes', kernels: [] },
  (x: TensorLike, rate: number, noiseShape?: readonly (number | null)[] | null, seed?: number | string): Tensor => {
    const $x = convertToTensor(x, 'x', 'dropout');
    requireDType('dropout', 'x', $x, ['float32', 'float64'], "dropout scales the kept values by 1 / (1 - rate); cast x first, e.g. fx.cast(x, 'float32').");
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new FluxionError(
        `dropout: rate must be a number in [0, 1) (the fraction of values dropped), but received ${describeValue(rate)}.`,
      );
    }
    if (seed !== undefined && typeof seed !== 'string' && !(typeof seed === 'number' && Number.isFinite(seed))) {
      throw new FluxionError(`dropout: seed must be a finite number or a string, but received ${describeValue(seed)}.`);
    }
    let shape: number[] = [...$x.shape];
    if (noiseShape !== undefined && noiseShape !== null) {
      // as in TensorFlow.js, null entries of a noiseShape of x's rank take x's dimension
      const filled = Array.isArray(noiseShape)
        ? noiseShape.map((d, i) => (d === null && noiseShape.length === $x.rank ? $x.shape[i] : d))
        : null;
      if (!filled || !filled.every((d) => Number.isInteger(d) && (d as number) >= 0) || !broadcastsTo(filled as number[], $x.shape)) {
        throw new FluxionError(
          `dropout: noiseShape ${JSON.stringify(noiseShape)} does not broadcast to x's shape ${fmtShape($x.shape)}; ` +
            'each of its dimensions must equal the matching dimension of x (aligned from the right) or be 1.',
        );
      }
      shape = filled as number[];
    }
    if (rate === 0) return $x;
    const source = randomSource(typeof seed === 'string' ? hashSeed(seed) : seed);
    const keep = 1 - rate;
    const values = makeTypedArray($x.dtype, sizeFromShape(shape));
    for (let i = 0; i < values.length; i++) values[i] = source.nextFloat() >= rate ? 1 / keep : 0;
    return mul($x, makeTensor(values, shape, $x.dtype));
  },
);

// ---------------------------------------------------------------- cross-entropy on logits

function sameShape(op: string, labels: Tensor, logits: Tensor): void {
  if (labels.shape.length !== logits.shape.length || labels.shape.some((d, i) => d !== logits.shape[i])) {
    throw new FluxionError(
      `${op}: labels and logits must have the same shape, but labels has shape ${fmtShape(labels.shape)} ` +
        `and logits has shape ${fmtShape(logits.shape)}.`,
    );
  }
}

/**
 * Softmax cross-entropy between labels (a probability distribution along `axis`, e.g. one-hot)
 * and unnormalized logits: -sum(labels * logSoftmax(logits), axis), computed stably with the
 * log-sum-exp shift. The result drops `axis`. Differentiable in both logits and labels.
 */
export const softmaxCrossEntropyWithLogits = defineOp(
  { name: 'softmaxCrossEntropyWithLogits', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['softmaxCrossEntropyWithLogits'] },
  (labels: TensorLike, logits: TensorLike, axis = -1): Tensor => {
    const op = 'softmaxCrossEntropyWithLogits';
    const [$labels, $logits] = floatOperands(op, [['labels', labels], ['logits', logits]]) as [Tensor, Tensor];
    sameShape(op, $labels, $logits);
    if ($logits.rank === 0) {
      throw new FluxionError(`${op}: logits must have at least one dimension (the classes), but is a scalar.`);
    }
    const ax = normalizeAxis(op, axis, $logits.rank);
    return runKernelMulti('softmaxCrossEntropyWithLogits', [$labels, $logits], { axis: ax })[0];
  },
);

// The kernel also outputs logSoftmax(logits), which the rule below uses; gradients reaching that
// output (from higher-order differentiation) flow back through logSoftmax's own derivative.
registerGradient('softmaxCrossEntropyWithLogits', ([dLoss, dLogSm], { inputs: [labels, logits], outputs: [, logSm], attrs: { axis }, needs, received }) => {
  if (logSm === undefined || dLogSm === undefined) {
    throw new FluxionError('softmaxCrossEntropyWithLogits: internal error: the kernel must return the loss and logSoftmax.');
  }
  const g = reshape(dLoss, reducedShape(logits.shape, [axis], true));
  let dLogits: Tensor | null = null;
  if (needs[1] !== false) {
    const p = exp(logSm);
    // d loss / d logits = sum(labels) softmax - labels; d logSoftmax / d logits: v -> v - softmax sum(v).
    // The logSoftmax output is internal to the losses: its gradient is usually zeros (not received).
    const fromLoss = mul(g, sub(mul(sum(labels, axis, true), p), labels));
    dLogits = received[1] === false ? fromLoss : add(fromLoss, sub(dLogSm, mul(p, sum(dLogSm, axis, true))));
  }
  return [needs[0] === false ? null : mul(neg(g), logSm), dLogits];
});

/**
 * Sigmoid cross-entropy between labels z (probabilities) and logits x, elementwise, in
 * TensorFlow's stable form max(x, 0) - x * z + log(1 + exp(-|x|)). Differentiable in both.
 */
export const sigmoidCrossEntropyWithLogits = defineOp(
  { name: 'sigmoidCrossEntropyWithLogits', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['sigmoidCrossEntropyWithLogits'] },
  (labels: TensorLike, logits: TensorLike): Tensor => {
    const op = 'sigmoidCrossEntropyWithLogits';
    const [$labels, $logits] = floatOperands(op, [['labels', labels], ['logits', logits]]) as [Tensor, Tensor];
    sameShape(op, $labels, $logits);
    return runKernel('sigmoidCrossEntropyWithLogits', [$labels, $logits], {});
  },
);

registerGradient('sigmoidCrossEntropyWithLogits', ([dy], { inputs: [labels, logits] }) => [
  mul(dy, neg(logits)),
  mul(dy, sub(sigmoid(logits), labels)),
]);

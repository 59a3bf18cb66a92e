/**
 * TensorFlow.js's tf.fused namespace: a matrix product with its bias and activation in one kernel
 * (`fx.fused.matMul({a, b, bias, activation})`), as a dense layer computes it.
 */
import { registerGradient, runKernel } from '../core/engine.js';
import { FluxionError, fmtShape } from '../core/errors.js';
import type { FusedActivation } from '../core/kernel-defs/fused.js';
import '../core/kernel-defs/fused.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import { add, greater, less, logicalAnd, mul, prelu, sub, where } from './binary.js';
import { asFloat, binaryOperands, castTo, convertToTensor } from './convert.js';
import { reduceToShape } from './grad-util.js';
import { matMul as plainMatMul } from './linalg.js';
import { defineOp } from './registry.js';
import { reshape } from './shape.js';
import { square } from './unary.js';

/** The activations of TensorFlow.js's fused ops. */
export type Activation = FusedActivation | 'prelu';

const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'tanh', 'prelu'];

export interface FusedMatMulArgs {
  a: TensorLike;
  b: TensorLike;
  transposeA?: boolean;
  transposeB?: boolean;
  /** Added to the product; broadcasts against it (e.g. one value per output column, shape [n]). */
  bias?: TensorLike;
  /** Default 'linear'. */
  activation?: Activation;
  /** The slopes of 'prelu' (broadcast against the product). */
  preluActivationWeights?: TensorLike;
  /** The slope of 'leakyrelu' (default 0.2). */
  leakyreluAlpha?: number;
}

/** Whether `from` broadcasts to `to` without stretching `to` (numpy rules). */
function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  for (let i = 1; i <= from.length; i++) {
    const f = from[from.length - i] ?? 1;
    if (f !== 1 && f !== to[to.length - i]) return false;
  }
  return true;
}

/**
 * act(op(a)·op(b) + bias), TensorFlow.js's `tf.fused.matMul`: a and b as in matMul (batch dims
 * broadcast), int32 operands promoted to float32. 'prelu' is computed as prelu(a·b + bias, weights).
 */
export const matMul = defineOp(
  { name: 'fused.matMul', family: 'linalg', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['fusedMatMul'] },
  ({
    a,
    b,
    transposeA = false,
    transposeB = false,
    bias,
    activation = 'linear',
    preluActivationWeights,
    leakyreluAlpha = 0.2,
  }: FusedMatMulArgs): Tensor => {
    if (!ACTIVATIONS.includes(activation)) {
      throw new FluxionError(
        `fused.matMul: activation must be one of ${ACTIVATIONS.map((s) => `'${s}'`).join(', ')}, but received ${JSON.stringify(activation)}.`,
      );
    }
    if (typeof leakyreluAlpha !== 'number' || !Number.isFinite(leakyreluAlpha)) {
      throw new FluxionError(`fused.matMul: leakyreluAlpha must be a finite number, but received ${JSON.stringify(leakyreluAlpha)}.`);
    }
    if (activation === 'prelu' && preluActivationWeights === undefined) {
      throw new FluxionError("fused.matMul: activation 'prelu' needs preluActivationWeights (the slopes for negative inputs).");
    }
    const [ta, tb] = binaryOperands('fused.matMul', a, b);
    const $a = asFloat(ta);
    const $b = castTo(asFloat(tb), $a.dtype);
    // matMul validates the ranks, the inner dimensions and the batch dimensions (its messages name matMul).
    const product = plainMatMulShape($a, $b, transposeA, transposeB);
    const inputs: Tensor[] = [$a, $b];
    if (bias !== undefined) {
      const $bias = castTo(asFloat(convertToTensor(bias, 'bias', 'fused.matMul', $a.dtype)), $a.dtype);
      if (!broadcastsTo($bias.shape, product)) {
        throw new FluxionError(
          `fused.matMul: bias of shape ${fmtShape($bias.shape)} does not broadcast to the product's shape ${fmtShape(product)}. ` +
            'Use one value per output column (shape [n]) or a shape whose dimensions, aligned from the right, are equal or 1.',
        );
      }
      inputs.push($bias);
    }
    const fusedAct: FusedActivation = activation === 'prelu' ? 'linear' : activation;
    const y = runKernel('fusedMatMul', inputs, { transposeA, transposeB, activation: fusedAct, leakyreluAlpha });
    if (activation === 'prelu' && preluActivationWeights !== undefined) return prelu(y, preluActivationWeights);
    return y;
  },
);

/** The shape of op(a)·op(b), validated exactly as matMul validates it (same error messages). */
function plainMatMulShape(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): number[] {
  if (a.rank < 2 || b.rank < 2) return [...plainMatMul(a, b, transposeA, transposeB).shape]; // throws matMul's error
  const ka = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
  const kb = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2];
  if (a.rank === 2 && b.rank === 2 && ka === kb) {
    // Two matrices (a Dense layer): no batch dimensions to check or broadcast.
    return [(transposeA ? a.shape[1] : a.shape[0]) ?? 1, (transposeB ? b.shape[0] : b.shape[1]) ?? 1];
  }
  const batchOk = ((): boolean => {
    const ba = a.shape.slice(0, -2);
    const bb = b.shape.slice(0, -2);
    for (let i = 1; i <= Math.min(ba.length, bb.length); i++) {
      const x = ba[ba.length - i] ?? 1;
      const y = bb[bb.length - i] ?? 1;
      if (x !== y && x !== 1 && y !== 1) return false;
    }
    return true;
  })();
  if (ka !== kb || !batchOk) return [...plainMatMul(a, b, transposeA, transposeB).shape]; // throws matMul's error
  const m = (transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2]) ?? 1;
  const n = (transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]) ?? 1;
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = ba[ba.length - rank + i] ?? 1;
    const y = bb[bb.length - rank + i] ?? 1;
    batch.push(x === 1 ? y : x);
  }
  return [...batch, m, n];
}

/** dy through the activation's derivative, written in terms of the output y. */
function activationGrad(dy: Tensor, y: Tensor, activation: FusedActivation, alpha: number): Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return where(greater(y, 0), dy, 0);
    case 'relu6':
      return where(logicalAnd(greater(y, 0), less(y, 6)), dy, 0);
    case 'elu':
      // for x <= 0: d/dx (e^x - 1) = y + 1
      return where(greater(y, 0), dy, mul(dy, add(y, 1)));
    case 'leakyrelu':
      // y > 0 exactly where x > 0 for a positive slope (TensorFlow.js's fused ops assume the same)
      return where(greater(y, 0), dy, mul(dy, alpha));
    case 'sigmoid':
      return mul(dy, mul(y, sub(1, y)));
    case 'tanh':
      return mul(dy, sub(1, square(y)));
  }
}

/** Sums a gradient over the batch dimensions that broadcasting added or stretched. */
function reduceBatch(g: Tensor, shape: readonly number[]): Tensor {
  if (g.rank === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  return reshape(reduceToShape(g, shape), shape);
}

registerGradient('fusedMatMul', ([dy], { inputs, outputs: [y], attrs: { transposeA, transposeB, activation, leakyreluAlpha }, needs }) => {
  const [a, b, bias] = inputs as readonly [Tensor, Tensor, Tensor | undefined];
  const dz = activationGrad(dy, y, activation, leakyreluAlpha);
  // Skip the operand gradients no source needs (e.g. dX of a first Dense layer).
  const da = (): Tensor =>
    !transposeA && !transposeB ? plainMatMul(dz, b, false, true)
    : !transposeA && transposeB ? plainMatMul(dz, b, false, false)
    : transposeA && !transposeB ? plainMatMul(b, dz, false, true)
    : plainMatMul(b, dz, true, true);
  const db = (): Tensor =>
    !transposeA && !transposeB ? plainMatMul(a, dz, true, false)
    : !transposeA && transposeB ? plainMatMul(dz, a, true, false)
    : transposeA && !transposeB ? plainMatMul(a, dz, false, false)
    : plainMatMul(dz, a, true, true);
  const grads: (Tensor | null)[] = [needs[0] === false ? null : reduceBatch(da(), a.shape), needs[1] === false ? null : reduceBatch(db(), b.shape)];
  if (bias !== undefined) grads.push(needs[2] === false ? null : reduceBatch(dz, bias.shape));
  return grads;
});

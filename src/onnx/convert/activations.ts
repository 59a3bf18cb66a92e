/** Activation functions and the advanced-activation layers (ReLU, LeakyReLU, ELU, Softmax, PReLU). */
import type { GraphBuilder } from '../graph.js';
import { fail, name, requireWeight, values, type ConvertContext, type Converter } from './common.js';

// ---------------------------------------------------------------- activations

const SIMPLE_ACTIVATIONS: Record<string, string> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
  softsign: 'Softsign',
  exponential: 'Exp',
  selu: 'Selu',
  linear: 'Identity',
};

export const SUPPORTED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'legacyHardSigmoid', 'tanh', 'softmax', 'logSoftmax', 'softplus', 'softsign', 'swish', 'silu', 'gelu', 'mish', 'leakyRelu', 'exponential'];

export function activation(g: GraphBuilder, x: string, act: string, base: string, onFail: (what: string) => never): string {
  if (act === 'linear') return x;
  const simple = SIMPLE_ACTIVATIONS[act];
  if (simple !== undefined) return g.op(simple, [x], base);
  switch (act) {
    case 'relu6':
      return g.op('Clip', [x, g.floatConst(`${base}/min`, [], [0]), g.floatConst(`${base}/max`, [], [6])], base);
    case 'elu':
      return g.op('Elu', [x], base, { alpha: { float: 1 } });
    case 'hardSigmoid':
      return g.op('HardSigmoid', [x], base, { alpha: { float: 1 / 6 }, beta: { float: 0.5 } });
    case 'legacyHardSigmoid':
      return g.op('HardSigmoid', [x], base, { alpha: { float: 0.2 }, beta: { float: 0.5 } });
    case 'softmax':
      return g.op('Softmax', [x], base, { axis: -1 });
    case 'logSoftmax':
      return g.op('LogSoftmax', [x], base, { axis: -1 });
    case 'swish':
    case 'silu':
      return g.op('Mul', [x, g.op('Sigmoid', [x], base)], base);
    case 'gelu': {
      // Keras's gelu (exact): 0.5 x (1 + erf(x / sqrt 2)).
      const erf = g.op('Erf', [g.op('Mul', [x, g.floatConst(`${base}/rsqrt2`, [], [Math.SQRT1_2])], base)], base);
      const onePlus = g.op('Add', [erf, g.floatConst(`${base}/one`, [], [1])], base);
      return g.op('Mul', [g.op('Mul', [x, onePlus], base), g.floatConst(`${base}/half`, [], [0.5])], base);
    }
    case 'mish':
      return g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x], base)], base)], base);
    case 'leakyRelu':
      return g.op('LeakyRelu', [x], base, { alpha: { float: 0.2 } });
    default:
      return onFail(`its activation '${act}' has no ONNX export (supported: ${SUPPORTED_ACTIVATIONS.join(', ')})`);
  }
}

export function applyActivation(ctx: ConvertContext, x: string): string {
  const act = typeof ctx.config['activation'] === 'string' ? ctx.config['activation'] : 'linear';
  return activation(ctx.g, x, act, name(ctx), (what) => fail(ctx, what));
}

// ---------------------------------------------------------------- advanced activations

export const reluLayer: Converter = (ctx) => {
  const { g } = ctx;
  const maxValue = ctx.config['maxValue'];
  const slope = Number(ctx.config['negativeSlope'] ?? 0);
  const threshold = Number(ctx.config['threshold'] ?? 0);
  if (threshold !== 0) fail(ctx, 'a non-zero threshold is not supported');
  let y = slope === 0 ? g.op('Relu', [ctx.inputs[0] as string], name(ctx)) : g.op('LeakyRelu', [ctx.inputs[0] as string], name(ctx), { alpha: { float: slope } });
  if (typeof maxValue === 'number') y = g.op('Min', [y, g.floatConst(`${name(ctx)}/max`, [], [maxValue])], name(ctx));
  return [y];
};

export const leakyReluLayer: Converter = (ctx) => [ctx.g.op('LeakyRelu', [ctx.inputs[0] as string], name(ctx), { alpha: { float: Number(ctx.config['negativeSlope'] ?? ctx.config['alpha'] ?? 0.3) } })];

export const eluLayer: Converter = (ctx) => [ctx.g.op('Elu', [ctx.inputs[0] as string], name(ctx), { alpha: { float: Number(ctx.config['alpha'] ?? 1) } })];

export const softmaxLayer: Converter = (ctx) => {
  const axis = ctx.config['axis'];
  if (Array.isArray(axis) && axis.length !== 1) fail(ctx, 'softmax over several axes is not supported');
  return [ctx.g.op('Softmax', [ctx.inputs[0] as string], name(ctx), { axis: Array.isArray(axis) ? (axis[0] as number) : typeof axis === 'number' ? axis : -1 })];
};

export const preluLayer: Converter = (ctx) => {
  const alpha = requireWeight(ctx, 'alpha');
  return [ctx.g.op('PRelu', [ctx.inputs[0] as string, ctx.g.floatConst(`${name(ctx)}/slope`, [...alpha.shape], values(alpha))], name(ctx))];
};


/** Activation functions by name (Keras 3 names; TensorFlow.js's camelCase spellings accepted). */
import { FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';

export type ActivationFn = (x: Tensor) => Tensor;

const hardSigmoid: ActivationFn = (x) => ops.clipByValue(ops.add(ops.mul(x, 1 / 6), 0.5), 0, 1);

const ACTIVATIONS: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu: ops.relu,
  relu6: ops.relu6,
  elu: (x) => ops.elu(x),
  selu: ops.selu,
  sigmoid: ops.sigmoid,
  hardSigmoid,
  // Keras 2's and TensorFlow.js's hard_sigmoid, clip(0.2 x + 0.5, 0, 1): what 'hard_sigmoid' means in their files.
  legacyHardSigmoid: (x) => ops.clipByValue(ops.add(ops.mul(x, 0.2), 0.5), 0, 1),
  softmax: (x) => ops.softmax(x),
  logSoftmax: (x) => ops.logSoftmax(x),
  softplus: ops.softplus,
  softsign: ops.softsign,
  tanh: ops.tanh,
  swish: (x) => ops.silu(x),
  silu: (x) => ops.silu(x),
  gelu: (x) => ops.gelu(x),
  mish: ops.mish,
  leakyRelu: (x) => ops.leakyRelu(x),
  exponential: ops.exp,
};

/** The canonical (camelCase) name of an activation identifier, e.g. 'log_softmax' -> 'logSoftmax'. */
export function canonicalActivation(name: string): string {
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const hit = Object.keys(ACTIVATIONS).find((k) => k.toLowerCase() === camel.toLowerCase());
  if (hit === undefined) {
    throw new FluxionError(
      `Unknown activation "${name}". Valid activations: ${Object.keys(ACTIVATIONS).join(', ')}.`,
    );
  }
  return hit;
}

export function getActivation(identifier: string | ActivationFn | null | undefined): ActivationFn {
  if (identifier === null || identifier === undefined) return ACTIVATIONS['linear'] as ActivationFn;
  if (typeof identifier === 'function') return identifier;
  return ACTIVATIONS[canonicalActivation(identifier)] as ActivationFn;
}

/** Keras serializes activations by snake_case name. */
export function activationName(identifier: string | ActivationFn | null | undefined): string {
  if (identifier === null || identifier === undefined) return 'linear';
  if (typeof identifier === 'function') {
    const hit = Object.entries(ACTIVATIONS).find(([, f]) => f === identifier);
    if (!hit) throw new FluxionError('A custom activation function cannot be serialized; register it or use a name.');
    return hit[0];
  }
  return canonicalActivation(identifier);
}

/**
 * Fluxion and TensorFlow.js behind one small interface, so that the conv, train and infer
 * benchmarks run literally the same model code on both (Fluxion's API is TensorFlow.js's).
 */
import { fx, tf, useFluxion, useTf } from './js-peers.js';

export interface Framework<T> {
  /** Peer name, e.g. 'fluxion-cpu'. */
  name: string;
  /** Selects the backend; returns why it cannot be used, or null. */
  setup(): Promise<string | null>;
  tensor(data: Float32Array, shape: number[]): T;
  /** A trainable variable initialised from data. */
  variable(data: Float32Array, shape: number[], name: string): T;
  /** 'valid', stride 1, NHWC / HWIO. */
  conv2d(x: T, f: T): T;
  /** 2x2 max pool, stride 2, 'valid'. */
  maxPool2(x: T): T;
  matMul(a: T, b: T): T;
  /** x·w + b, then relu when asked: the framework's fused Dense (as torch's nn.Linear and onnxruntime's Gemm). */
  dense(x: T, w: T, b: T, relu: boolean): T;
  add(a: T, b: T): T;
  relu(x: T): T;
  softmax(x: T): T;
  reshape(x: T, shape: number[]): T;
  /** Mean softmax cross-entropy of logits against one-hot labels. */
  softmaxCrossEntropy(labels: T, logits: T): T;
  /** Gradients of f's output, weighted by dy, with respect to each input. */
  grads(f: (...xs: T[]) => T, xs: T[], dy: T): T[];
  /** Loss value and gradients with respect to vars (in order). */
  variableGrads(f: () => T, vars: T[]): { value: T; grads: T[] };
  /** Adam (lr, 0.9, 0.999, eps 1e-7, m̂/(√v̂+eps) form) over vars: returns the update step. */
  adam(vars: T[], lr: number): (grads: T[]) => void;
  tidy(f: () => void): void;
  data(t: T): Float32Array;
  dispose(ts: T[]): void;
}

type FxT = fx.Tensor;

export function fluxion(backend: 'cpu' | 'js'): Framework<FxT> {
  return {
    name: `fluxion-${backend}`,
    setup: () => useFluxion(backend),
    tensor: (d, s) => fx.tensor(d, s),
    variable: (d, s, n) => fx.variable(fx.tensor(d, s), true, n),
    conv2d: (x, f) => fx.conv2d(x, f, 1, 'valid'),
    maxPool2: (x) => fx.maxPool(x, 2, 2, 'valid'),
    matMul: (a, b) => fx.matMul(a, b),
    dense: (x, w, b, relu) => fx.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' }),
    add: (a, b) => fx.add(a, b),
    relu: (x) => fx.relu(x),
    softmax: (x) => fx.softmax(x),
    reshape: (x, s) => fx.reshape(x, s),
    softmaxCrossEntropy: (l, x) => fx.losses.softmaxCrossEntropy(l, x),
    grads: (f, xs, dy) => fx.grads(f)(xs, dy),
    variableGrads: (f, vars) => {
      const vs = vars as fx.Variable[];
      const { value, grads } = fx.variableGrads(f, vs);
      return { value, grads: vs.map((v) => grads[v.name]!) };
    },
    adam: (vars, lr) => {
      // Fluxion's Keras Adam (its fused update runs natively on the cpu backend).
      const vs = vars as fx.Variable[];
      const opt = new fx.optimizers.Adam({ learningRate: lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      return (grads) => opt.applyGradients(grads.map((g, i) => [g, vs[i]!] as [fx.Tensor, fx.Variable]));
    },
    tidy: (f) => fx.tidy(f),
    data: (t) => t.dataSync() as Float32Array,
    dispose: (ts) => ts.forEach((t) => t.dispose()),
  };
}

type TfT = tf.Tensor;

export function tfjs(backend: 'cpu' | 'wasm'): Framework<TfT> {
  return {
    name: `tfjs-${backend}`,
    setup: () => useTf(backend),
    tensor: (d, s) => tf.tensor(d, s),
    variable: (d, s, n) => tf.variable(tf.tensor(d, s), true, `${n}_${Math.random().toString(36).slice(2)}`),
    conv2d: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid'),
    maxPool2: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'),
    matMul: (a, b) => tf.matMul(a, b),
    dense: (x, w, b, relu) => tf.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' }),
    add: (a, b) => tf.add(a, b),
    relu: (x) => tf.relu(x),
    softmax: (x) => tf.softmax(x),
    reshape: (x, s) => tf.reshape(x, s),
    softmaxCrossEntropy: (l, x) => tf.losses.softmaxCrossEntropy(l, x),
    grads: (f, xs, dy) => tf.grads(f)(xs, dy),
    variableGrads: (f, vars) => {
      const vs = vars as tf.Variable[];
      const { value, grads } = tf.variableGrads(f as () => tf.Scalar, vs);
      return { value, grads: vs.map((v) => grads[v.name]!) };
    },
    adam: (vars, lr) => {
      const opt = tf.train.adam(lr, 0.9, 0.999, 1e-7);
      const vs = vars as tf.Variable[];
      return (grads) => opt.applyGradients(vs.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    },
    tidy: (f) => tf.tidy(f),
    data: (t) => t.dataSync() as Float32Array,
    dispose: (ts) => ts.forEach((t) => t.dispose()),
  };
}

/** The frameworks as a list of the same (erased) type, for loops over peers. */
export type AnyFramework = Framework<FxT> | Framework<TfT>;

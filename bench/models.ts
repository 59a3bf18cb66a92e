/**
 * The MLP (784-256-128-10) and the CNN of the train and infer benchmarks, written once against
 * peers/frameworks.ts's interface, with deterministic parameters that the PyTorch peer rebuilds
 * (ParamSpec: name, shape in Fluxion's layout, detData seed and scale).
 */
import { detData } from './harness.js';
import type { Framework } from './peers/frameworks.js';

export type ModelName = 'mlp' | 'cnn';
export type ParamSpec = [name: string, shape: number[], seed: number, scale: number];

export const PARAMS: Record<ModelName, ParamSpec[]> = {
  mlp: [
    ['W1', [784, 256], 101, 0.05], ['b1', [256], 102, 0.01],
    ['W2', [256, 128], 103, 0.08], ['b2', [128], 104, 0.01],
    ['W3', [128, 10], 105, 0.1], ['b3', [10], 106, 0.01],
  ],
  cnn: [
    ['c1w', [3, 3, 1, 32], 201, 0.3], ['c1b', [32], 202, 0.01],
    ['c2w', [3, 3, 32, 64], 203, 0.08], ['c2b', [64], 204, 0.01],
    ['d1w', [1600, 128], 205, 0.03], ['d1b', [128], 206, 0.01],
    ['d2w', [128, 10], 207, 0.1], ['d2b', [10], 208, 0.01],
  ],
};

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

export function makeParams<T>(fw: Framework<T>, model: ModelName, trainable: boolean): T[] {
  return PARAMS[model].map(([name, shape, seed, scale]) =>
    trainable ? fw.variable(detData(size(shape), seed, scale), shape, name) : fw.tensor(detData(size(shape), seed, scale), shape),
  );
}

/** Logits of a batch: x is [b, 784] for the MLP and [b, 28, 28, 1] for the CNN. */
export function logits<T>(fw: Framework<T>, model: ModelName, p: T[], x: T): T {
  // Dense layers use each framework's fused matMul + bias (+ relu), as torch's nn.Linear and onnxruntime's Gemm do.
  if (model === 'mlp') {
    const h1 = fw.dense(x, p[0]!, p[1]!, true);
    const h2 = fw.dense(h1, p[2]!, p[3]!, true);
    return fw.dense(h2, p[4]!, p[5]!, false);
  }
  const c1 = fw.maxPool2(fw.relu(fw.add(fw.conv2d(x, p[0]!), p[1]!))); // [b,13,13,32]
  const c2 = fw.maxPool2(fw.relu(fw.add(fw.conv2d(c1, p[2]!), p[3]!))); // [b,5,5,64]
  const flat = fw.reshape(c2, [-1, 1600]);
  return fw.dense(fw.dense(flat, p[4]!, p[5]!, true), p[6]!, p[7]!, false);
}

/** Synthetic Fashion-MNIST-shaped batch: detData images (seed 31) and labels (7i mod 10), one-hot. */
export function batchData(model: ModelName, b: number): { x: Float32Array; xShape: number[]; onehot: Float32Array } {
  const onehot = new Float32Array(b * 10);
  for (let i = 0; i < b; i++) onehot[i * 10 + ((i * 7) % 10)] = 1;
  return { x: detData(b * 784, 31), xShape: model === 'mlp' ? [b, 784] : [b, 28, 28, 1], onehot };
}

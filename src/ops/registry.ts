/**
 * The op registry: one entry per exported op, with what docs/ops.md reports (dtypes, gradient,
 * the primitive kernels it runs). Filled by `defineOp` where each op is defined.
 */
import type { KernelName } from '../core/kernels.js';

export type OpFamily =
  | 'creation'
  | 'random'
  | 'unary'
  | 'binary'
  | 'reduction'
  | 'linalg'
  | 'shape'
  | 'indexing'
  | 'nn'
  | 'conv'
  | 'image'
  | 'autodiff';

export interface OpInfo {
  readonly name: string;
  readonly family: OpFamily;
  /** Accepted dtypes, e.g. 'float', 'numeric' (int32 and floats), 'all'. */
  readonly dtypes: string;
  /** Whether gradients flow through the op ('n/a' for ops that make tensors from scratch). */
  readonly gradient: 'yes' | 'no' | 'n/a';
  /** Primitive kernels the op runs; empty for ops composed of other ops. */
  readonly kernels: readonly KernelName[];
  /** Also a Tensor method (TensorFlow.js-style chaining). */
  readonly method?: boolean;
}

const ops = new Map<string, OpInfo>();

/** Registers an op's metadata and returns the op function unchanged. */
export function defineOp<F>(info: OpInfo, fn: F): F {
  if (ops.has(info.name)) throw new Error(`defineOp: op "${info.name}" is defined twice.`);
  ops.set(info.name, info);
  return fn;
}

export function listOps(): OpInfo[] {
  return [...ops.values()].sort((a, b) => a.name.localeCompare(b.name));
}

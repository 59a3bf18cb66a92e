/**
 * The backend interface. A kernel is the backend's implementation of one primitive op; kernels
 * are looked up by name in a typed table, so the compiler knows which primitives a backend lacks.
 *
 * Each op family declares its kernels by augmenting `KernelRegistry` (see src/core/kernel-defs/),
 * giving every kernel its input arity and the type of its attributes.
 */
import type { DType, TypedArray } from './dtype.js';

/** What a kernel receives and returns: storage plus layout (contiguous, row-major). */
export interface KernelTensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: TypedArray;
}

/** Attributes of kernels that take none. */
export type NoAttrs = Record<string, never>;

export interface KernelDef<In extends readonly KernelTensor[] = readonly KernelTensor[], Attrs = NoAttrs> {
  inputs: In;
  attrs: Attrs;
}
export type UnaryDef<Attrs = NoAttrs> = KernelDef<readonly [KernelTensor], Attrs>;
export type BinaryDef<Attrs = NoAttrs> = KernelDef<readonly [KernelTensor, KernelTensor], Attrs>;
export type TernaryDef<Attrs = NoAttrs> = KernelDef<readonly [KernelTensor, KernelTensor, KernelTensor], Attrs>;
export type VariadicDef<Attrs = NoAttrs> = KernelDef<readonly KernelTensor[], Attrs>;

/** Kernel name -> its definition. Augmented by each file of src/core/kernel-defs/. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KernelRegistry {}

export type KernelName = keyof KernelRegistry & string;
export type KernelInputs<K extends KernelName> = KernelRegistry[K] extends KernelDef<infer In, unknown> ? In : never;
export type KernelAttrs<K extends KernelName> = KernelRegistry[K] extends KernelDef<readonly KernelTensor[], infer A> ? A : never;

export type Kernel<K extends KernelName> = (
  inputs: KernelInputs<K>,
  attrs: KernelAttrs<K>,
) => KernelTensor | KernelTensor[];

export type KernelTable = { [K in KernelName]?: Kernel<K> };

/** Where an out-of-place optimizer update writes the new parameter and state (vHat: Adam's amsgrad variant). */
export interface OptimizerUpdateOutputs {
  param: Float32Array;
  m: Float32Array;
  v: Float32Array;
  vHat: Float32Array | null;
}

/** TensorFlow.js's Adam scalars for one step, rounded to float32 (oneMinusAccBeta = 1 - beta^t as it accumulates it). */
export interface TfjsAdamScalars {
  negLr: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
}

/** Adam (Keras 3) at local step `step` (1 for the first update). */
export interface AdamHyper {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  step: number;
  /** Decoupled weight decay, applied first: p -= p·weightDecay·lr. */
  weightDecay?: number;
}

/**
 * Fused optimizer updates a backend may offer (Keras 3 rules, float32): optimizers use them when the
 * active backend has them and fall back to their own loops otherwise. In place, or, given `out`
 * (arrays disjoint from the inputs), reading the inputs and writing the new values there.
 */
export interface FusedOptimizerUpdates {
  /** vHat given: the amsgrad variant. */
  adam(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    vHat: Float32Array | null,
    hyper: AdamHyper,
    out?: OptimizerUpdateOutputs,
  ): void;
  /** TensorFlow.js's Adam rule (tf.train.adam), out of place, float32 operation by operation. */
  adamTfjs?(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, out: OptimizerUpdateOutputs, scalars: TfjsAdamScalars): void;
}

export interface Backend {
  readonly name: string;
  readonly kernels: KernelTable;
  readonly fusedOptimizer?: FusedOptimizerUpdates;
  /** A short description for `fx.env()` (e.g. the SIMD path a native backend chose). */
  describe?(): Record<string, unknown>;
}

export type BackendFactory = () => Backend | Promise<Backend>;

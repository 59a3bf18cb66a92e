/** Argument types of compile / fit / evaluate / predict (TensorFlow.js option names, Keras 3 semantics). */
import type { Tensor } from '../core/tensor.js';
import type { Callback, CustomCallbackArgs } from '../callbacks/callback.js';

/** One input/output as a tensor, several as an array (in model order) or an object keyed by name. */
export type TensorOrArrayOrMap = Tensor | Tensor[] | Record<string, Tensor>;

/** A batch a Dataset yields: TensorFlow.js's {xs, ys} or Keras's [x, y] / [x, y, sampleWeight]. */
export type Batch = { xs: TensorOrArrayOrMap; ys?: TensorOrArrayOrMap; sampleWeight?: Tensor } | [TensorOrArrayOrMap, TensorOrArrayOrMap?, Tensor?];

/** Anything iterable of batches (fx.data datasets, generators, arrays). */
export type BatchSource = AsyncIterable<Batch> | Iterable<Batch>;

export interface FitArgs {
  batchSize?: number;
  epochs?: number;
  /** 0 silent, 1 progress bar (one line per epoch when not a TTY), 2 one line per epoch. */
  verbose?: 0 | 1 | 2 | 'auto';
  callbacks?: Callback | CustomCallbackArgs | Array<Callback | CustomCallbackArgs>;
  validationSplit?: number;
  validationData?: [TensorOrArrayOrMap, TensorOrArrayOrMap] | [TensorOrArrayOrMap, TensorOrArrayOrMap, Tensor] | BatchSource;
  shuffle?: boolean;
  classWeight?: Record<number, number>;
  sampleWeight?: Tensor;
  initialEpoch?: number;
  stepsPerEpoch?: number;
  validationSteps?: number;
  validationBatchSize?: number;
  validationFreq?: number;
  /**
   * Makes each epoch's random draws a function of (seed, epoch): its shuffle, and (by resetting the
   * global generator at the epoch's start) dropout and noise layers, so a fit resumed with
   * initialEpoch repeats the uninterrupted run exactly. Default: the global generator, see fx.setSeed.
   */
  seed?: number;
}

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  sampleWeight?: Tensor;
  steps?: number;
  callbacks?: Callback | Callback[];
}

export interface PredictArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  steps?: number;
}

/** What a training or test step receives. */
export interface StepData {
  x: Tensor[];
  y: Tensor[];
  sampleWeight: Tensor | null;
}

/**
 * Callbacks (Keras 3 hooks, TensorFlow.js's async-friendly signatures): every hook may return a
 * Promise, which fit awaits. Logs carry plain numbers (loss, metrics, val_*).
 */
export type Logs = Record<string, number>;

export interface TrainingParams {
  epochs: number;
  steps: number | null;
  verbose: number;
  batchSize?: number;
  samples?: number | null;
}

/** What callbacks may ask of the model they run with (kept minimal to avoid a cycle). */
export interface CallbackModel {
  stopTraining: boolean;
  getWeights(): import('../core/tensor.js').Tensor[];
  setWeights(w: import('../core/tensor.js').Tensor[]): void;
  optimizer: { learningRate: number | unknown } | null;
  readonly name: string;
}

export abstract class Callback {
  model: CallbackModel | null = null;
  params: TrainingParams | null = null;
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  setParams(params: TrainingParams): void {
    this.params = params;
  }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
}

type Hook = 'onTrainBegin' | 'onTrainEnd' | 'onTestBegin' | 'onTestEnd';
type IndexedHook = 'onEpochBegin' | 'onEpochEnd' | 'onTrainBatchBegin' | 'onTrainBatchEnd' | 'onTestBatchEnd' | 'onPredictBatchEnd';

/** Runs hooks of every callback in order, awaiting those that return a Promise. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  setModel(model: CallbackModel): void {
    for (const c of this.callbacks) c.setModel(model);
  }

  setParams(params: TrainingParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }

  async call(hook: Hook, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) {
      const r = c[hook](logs);
      if (r instanceof Promise) await r;
    }
  }

  async callIndexed(hook: IndexedHook, index: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) {
      const r = c[hook](index, logs);
      if (r instanceof Promise) await r;
    }
  }
}

/** Callbacks given as plain objects of hooks (TensorFlow.js's CustomCallbackArgs). */
export interface CustomCallbackArgs {
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
  onYield?: (epoch: number, batch: number, logs?: Logs) => void | Promise<void>;
}

/** LambdaCallback / TensorFlow.js's CustomCallback: hooks from a plain object. */
export class LambdaCallback extends Callback {
  constructor(private readonly hooks: CustomCallbackArgs) {
    super();
  }
  override onTrainBegin(logs?: Logs): void | Promise<void> {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs): void | Promise<void> {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onTrainBatchBegin(batch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onBatchBegin?.(batch, logs);
  }
  override onTrainBatchEnd(batch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onBatchEnd?.(batch, logs);
  }
}

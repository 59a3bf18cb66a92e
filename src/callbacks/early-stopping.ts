/** EarlyStopping and TerminateOnNaN (Keras 3 semantics). */
import { FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { Callback, type Logs } from './callback.js';

export interface EarlyStoppingArgs {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  verbose?: number;
  mode?: 'auto' | 'min' | 'max';
  baseline?: number | null;
  restoreBestWeights?: boolean;
  startFromEpoch?: number;
}

/** Stops training when `monitor` has not improved by minDelta for `patience` epochs. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly verbose: number;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.verbose = args.verbose ?? 0;
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    const mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) {
      throw new FluxionError(`EarlyStopping: mode must be 'auto', 'min' or 'max', but received ${JSON.stringify(mode)}.`);
    }
    this.mode = mode === 'auto' ? (/acc|auc|precision|recall|f1/.test(this.monitor) ? 'max' : 'min') : mode;
  }

  private improved(value: number, reference: number): boolean {
    return this.mode === 'min' ? value < reference - this.minDelta : value > reference + this.minDelta;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new FluxionError(
        `EarlyStopping: the monitored metric "${this.monitor}" is not in the logs; available: ${Object.keys(logs).join(', ') || 'none'}. ` +
          'Pass validationData or validationSplit to fit() to monitor a val_ metric.',
      );
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model?.getWeights() ?? null;
    this.wait++;
    if (this.improved(value, this.best)) {
      this.best = value;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model?.getWeights() ?? null;
      if (this.baseline === null || this.improved(value, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0 && this.model) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        this.model.setWeights(this.bestWeights);
      }
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
  }
}

/** Stops training, with a clear message, when the loss becomes NaN or infinite. */
export class TerminateOnNaN extends Callback {
  message: string | null = null;
  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs['loss'];
    if (loss !== undefined && !Number.isFinite(loss) && this.model) {
      this.message = `Batch ${batch}: invalid loss ${loss}, terminating training. A NaN loss usually means a learning rate that is too high, or log(0) in a custom loss.`;
      console.log(this.message);
      this.model.stopTraining = true;
    }
  }
}

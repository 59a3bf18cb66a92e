/** ReduceLROnPlateau, LearningRateScheduler and CSVLogger (Keras 3 semantics). */
import { appendFileSync, writeFileSync } from 'node:fs';
import { FluxionError } from '../core/errors.js';
import { Callback, type Logs } from './callback.js';

interface LearningRateOwner {
  learningRate: number;
}

function optimizerOf(cb: Callback, who: string): LearningRateOwner {
  const opt = cb.model?.optimizer as LearningRateOwner | null | undefined;
  if (!opt || typeof opt.learningRate !== 'number') {
    throw new FluxionError(`${who}: the model has no optimizer with a settable learningRate; compile the model first.`);
  }
  return opt;
}

export interface ReduceLROnPlateauArgs {
  monitor?: string;
  factor?: number;
  patience?: number;
  verbose?: number;
  mode?: 'auto' | 'min' | 'max';
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
}

/** Multiplies the learning rate by `factor` when `monitor` stops improving for `patience` epochs. */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly mode: 'min' | 'max';
  private readonly verbose: number;
  private wait = 0;
  private cooldownCounter = 0;
  private best = Infinity;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1 && this.factor >= 0)) {
      throw new FluxionError(`ReduceLROnPlateau: factor must be in [0, 1), but received ${String(args.factor)}; it multiplies the learning rate.`);
    }
    this.patience = args.patience ?? 10;
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    this.verbose = args.verbose ?? 0;
    const mode = args.mode ?? 'auto';
    this.mode = mode === 'auto' ? (/acc|auc/.test(this.monitor) ? 'max' : 'min') : mode;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      throw new FluxionError(`ReduceLROnPlateau: the monitored metric "${this.monitor}" is not in the logs; available: ${Object.keys(logs).join(', ') || 'none'}.`);
    }
    const opt = optimizerOf(this, 'ReduceLROnPlateau');
    logs['learning_rate'] = opt.learningRate;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    const better = this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
    if (better) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = opt.learningRate;
        if (old > this.minLr) {
          const next = Math.max(old * this.factor, this.minLr);
          opt.learningRate = next;
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/** Sets the learning rate at the start of each epoch from schedule(epoch, currentLr). */
export class LearningRateScheduler extends Callback {
  constructor(
    private readonly schedule: (epoch: number, lr: number) => number,
    private readonly verbose = 0,
  ) {
    super();
    if (typeof schedule !== 'function') throw new FluxionError('LearningRateScheduler: schedule must be a function (epoch, lr) => newLr.');
  }
  override onEpochBegin(epoch: number): void {
    const opt = optimizerOf(this, 'LearningRateScheduler');
    const lr = this.schedule(epoch, opt.learningRate);
    if (!Number.isFinite(lr) || lr < 0) {
      throw new FluxionError(`LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; it must return a non-negative number.`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs['learning_rate'] = optimizerOf(this, 'LearningRateScheduler').learningRate;
  }
}

/** Appends each epoch's logs to a CSV file (header from the first epoch's keys). */
export class CSVLogger extends Callback {
  private keys: string[] | null = null;
  constructor(
    readonly filename: string,
    readonly separator = ',',
    readonly append = false,
  ) {
    super();
  }
  override onTrainBegin(): void {
    this.keys = null;
    if (!this.append) writeFileSync(this.filename, '');
  }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      appendFileSync(this.filename, `${['epoch', ...this.keys].join(this.separator)}\n`);
    }
    appendFileSync(this.filename, `${[epoch, ...this.keys.map((k) => logs[k] ?? '')].join(this.separator)}\n`);
  }
}

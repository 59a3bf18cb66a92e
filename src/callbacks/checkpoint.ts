/**
 * ModelCheckpoint: saves the model after each epoch (or every N batches, or only when `monitor`
 * improves), atomically (temporary file in the same folder, fsync, rename; src/utils/atomic.ts),
 * so a crash never leaves a half-written checkpoint. The format follows the file name, as in
 * Keras 3: `.keras` -> model.save (the whole model with its optimizer state), `.weights.h5` ->
 * model.saveWeights; Fluxion's JSON weights (`.json`) remain available.
 * `filepath` may contain `{epoch}` (1-based, zero-padded with {epoch:02d}) and `{<metric>}` or
 * `{<metric>:.4f}` placeholders, as in Keras.
 */
import { readFileSync } from 'node:fs';
import { FluxionError } from '../core/errors.js';
import { tensor } from '../ops/creation.js';
import type { DType } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import { writeFileAtomic } from '../utils/atomic.js';
import { Callback, type Logs } from './callback.js';

export { writeFileAtomic };

interface WeightsOwner {
  weights: { name: string; shape: number[]; dtype: DType; dataSync(): ArrayLike<number> }[];
  setWeights(values: Tensor[]): void;
}

/** What checkpoint callbacks need of the model (a Model; kept structural to avoid a cycle). */
export interface SavingModel {
  save(target: unknown, options?: Record<string, unknown>): Promise<unknown>;
  saveWeights(target: unknown, options?: Record<string, unknown>): Promise<unknown>;
  loadWeights(source: unknown, options?: Record<string, unknown>): Promise<unknown>;
}

export interface SavedWeight {
  name: string;
  shape: number[];
  dtype: DType;
  values: number[];
}

export function saveWeightsJson(model: WeightsOwner, path: string): void {
  const weights: SavedWeight[] = model.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, values: Array.from(w.dataSync()) }));
  writeFileAtomic(path, JSON.stringify({ format: 'fluxion-weights-json', version: 1, weights }));
}

export function loadWeightsJson(model: WeightsOwner, path: string): void {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; weights?: SavedWeight[] };
  if (parsed.format !== 'fluxion-weights-json' || !Array.isArray(parsed.weights)) {
    throw new FluxionError(`loadWeightsJson: ${path} is not a Fluxion JSON weights file.`);
  }
  const expected = model.weights;
  if (parsed.weights.length !== expected.length) {
    throw new FluxionError(`loadWeightsJson: ${path} holds ${parsed.weights.length} weights, but the model has ${expected.length}.`);
  }
  model.setWeights(parsed.weights.map((w) => tensor(w.values, w.shape, w.dtype)));
}

export function formatFilepath(template: string, epoch: number, logs: Logs): string {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, key: string, spec: string | undefined) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (value === undefined) return whole;
    if (spec && /^0?(\d+)d$/.test(spec)) return String(Math.round(value)).padStart(Number(/(\d+)d$/.exec(spec)?.[1] ?? 0), '0');
    if (spec && /^\.(\d+)f$/.test(spec)) return value.toFixed(Number(/^\.(\d+)f$/.exec(spec)?.[1] ?? 0));
    return String(value);
  });
}

export interface ModelCheckpointArgs {
  /** Where to save: ends in .keras (whole model), .weights.h5 (weights) or .json (Fluxion JSON weights). */
  filepath: string;
  /** Keras 3's saveWeightsOnly: must be true for .weights.h5 and false for .keras (default: from the extension). */
  saveWeightsOnly?: boolean;
  monitor?: string;
  verbose?: number;
  saveBestOnly?: boolean;
  mode?: 'auto' | 'min' | 'max';
  /** 'epoch' (default) or every N batches. */
  saveFreq?: 'epoch' | number;
  initialValueThreshold?: number;
}

export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly saveFreq: 'epoch' | number;
  readonly saveWeightsOnly: boolean;
  private readonly verbose: number;
  best: number;
  private batches = 0;
  private epoch = 0;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (typeof args?.filepath !== 'string' || args.filepath === '') {
      throw new FluxionError('ModelCheckpoint: filepath must be a non-empty string, e.g. "checkpoints/model-{epoch:02d}.keras".');
    }
    this.filepath = args.filepath;
    const f = args.filepath.toLowerCase();
    const kind = f.endsWith('.keras') ? 'keras' : f.endsWith('.weights.h5') ? 'weights' : f.endsWith('.json') ? 'json' : null;
    if (kind === null) {
      throw new FluxionError(`ModelCheckpoint: filepath must end in .keras, .weights.h5 or .json, but received "${args.filepath}".`);
    }
    this.saveWeightsOnly = args.saveWeightsOnly ?? kind !== 'keras';
    if (kind === 'keras' && this.saveWeightsOnly) {
      throw new FluxionError(`ModelCheckpoint: saveWeightsOnly is true, so filepath must end in .weights.h5, but received "${args.filepath}".`);
    }
    if (kind === 'weights' && !this.saveWeightsOnly) {
      throw new FluxionError(`ModelCheckpoint: saveWeightsOnly is false, so filepath must end in .keras, but received "${args.filepath}".`);
    }
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.verbose = args.verbose ?? 0;
    this.saveFreq = args.saveFreq ?? 'epoch';
    const mode = args.mode ?? 'auto';
    this.mode = mode === 'auto' ? (/acc|auc|precision|recall|f1/.test(this.monitor) ? 'max' : 'min') : mode;
    this.best = args.initialValueThreshold ?? (this.mode === 'min' ? Infinity : -Infinity);
  }

  private owner(): WeightsOwner {
    return this.model as unknown as WeightsOwner;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onTrainBatchEnd(_batch: number, logs: Logs = {}): Promise<void> {
    this.batches++;
    if (typeof this.saveFreq === 'number' && this.batches % this.saveFreq === 0) await this.save(this.epoch, logs);
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save(epoch, logs);
  }

  private async save(epoch: number, logs: Logs): Promise<void> {
    const path = formatFilepath(this.filepath, epoch, logs);
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        throw new FluxionError(`ModelCheckpoint: the monitored metric "${this.monitor}" is not in the logs; available: ${Object.keys(logs).join(', ') || 'none'}.`);
      }
      const better = this.mode === 'min' ? current < this.best : current > this.best;
      if (!better) return;
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving the weights to ${path}`);
      this.best = current;
    } else if (this.verbose > 0) {
      console.log(`Epoch ${epoch + 1}: saving the weights to ${path}`);
    }
    const model = this.model as unknown as SavingModel;
    if (path.toLowerCase().endsWith('.json')) saveWeightsJson(this.owner(), path);
    else if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
  }
}

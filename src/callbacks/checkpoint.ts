/**
 * ModelCheckpoint: saves the model's weights after each epoch (or only when `monitor` improves),
 * atomically (temporary file in the same folder, fsync, rename), so a crash never leaves a
 * half-written checkpoint. The file holds the weights as JSON ({name, shape, dtype, values} per
 * weight); the Keras `.keras`/`.weights.h5` formats arrive with the saving milestone.
 * `filepath` may contain `{epoch}` (1-based, zero-padded with {epoch:02d}) and `{<metric>}` or
 * `{<metric>:.4f}` placeholders, as in Keras.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FluxionError } from '../core/errors.js';
import { tensor } from '../ops/creation.js';
import type { DType } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import { Callback, type Logs } from './callback.js';

interface WeightsOwner {
  weights: { name: string; shape: number[]; dtype: DType; dataSync(): ArrayLike<number> }[];
  setWeights(values: Tensor[]): void;
}

export interface SavedWeight {
  name: string;
  shape: number[];
  dtype: DType;
  values: number[];
}

/** Writes `data` to `path` atomically: a temporary file beside it, fsync, rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dirFd = openSync(dirname(path), 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Some file systems do not allow fsync on a directory; the rename is still atomic.
  }
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
  filepath: string;
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
  private readonly verbose: number;
  best: number;
  private batches = 0;
  private epoch = 0;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (typeof args?.filepath !== 'string' || args.filepath === '') {
      throw new FluxionError('ModelCheckpoint: filepath must be a non-empty string, e.g. "checkpoints/model-{epoch:02d}.weights.json".');
    }
    this.filepath = args.filepath;
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

  override onTrainBatchEnd(_batch: number, logs: Logs = {}): void {
    this.batches++;
    if (typeof this.saveFreq === 'number' && this.batches % this.saveFreq === 0) this.save(this.epoch, logs);
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.saveFreq === 'epoch') this.save(epoch, logs);
  }

  private save(epoch: number, logs: Logs): void {
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
    saveWeightsJson(this.owner(), path);
  }
}

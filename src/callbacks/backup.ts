/**
 * BackupAndRestore (Keras 3): backs the model up at the end of every epoch (or every N batches)
 * into `backupDir` (`latest.weights.h5` with the optimizer state, then `training_metadata.json`
 * with the next epoch, both written atomically); when fit starts and a backup exists, it loads it
 * and makes fit start at the epoch after the last one finished. With `deleteCheckpoint` (default
 * true) the backup is removed when fit completes. Use it with `fit({seed})` for a resumed run that
 * repeats the uninterrupted one exactly.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeValue, FluxionError } from '../core/errors.js';
import { writeFileAtomic } from '../utils/atomic.js';
import { Callback, type CallbackModel, type Logs } from './callback.js';
import type { SavingModel } from './checkpoint.js';

export interface BackupAndRestoreArgs {
  backupDir: string;
  /** 'epoch' (default) or a number of batches. */
  saveFreq?: 'epoch' | number;
  /** Remove the backup when fit completes (default true). */
  deleteCheckpoint?: boolean;
}

/** The epoch a callback asked fit to start from (read once by fit right after onTrainBegin). */
const resumeRequests = new WeakMap<object, number>();

export function takeResumeEpoch(model: object): number | undefined {
  const epoch = resumeRequests.get(model);
  resumeRequests.delete(model);
  return epoch;
}

export class BackupAndRestore extends Callback {
  readonly backupDir: string;
  readonly saveFreq: 'epoch' | number;
  readonly deleteCheckpoint: boolean;
  private epoch = 0;
  private batches = 0;

  constructor(args: BackupAndRestoreArgs) {
    super();
    if (typeof args?.backupDir !== 'string' || args.backupDir === '') {
      throw new FluxionError(`BackupAndRestore: backupDir must be a non-empty folder path, but received ${describeValue(args?.backupDir)}.`);
    }
    const freq = args.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isInteger(freq) && freq > 0)) {
      throw new FluxionError(`BackupAndRestore: saveFreq must be 'epoch' or a positive number of batches, but received ${describeValue(freq)}.`);
    }
    this.backupDir = args.backupDir;
    this.saveFreq = freq;
    this.deleteCheckpoint = args.deleteCheckpoint ?? true;
  }

  get weightsPath(): string {
    return join(this.backupDir, 'latest.weights.h5');
  }

  get metadataPath(): string {
    return join(this.backupDir, 'training_metadata.json');
  }

  private saving(): SavingModel {
    return this.model as unknown as SavingModel;
  }

  override async onTrainBegin(): Promise<void> {
    if (!existsSync(this.metadataPath) || !existsSync(this.weightsPath)) return;
    let epoch: unknown;
    try {
      epoch = (JSON.parse(readFileSync(this.metadataPath, 'utf8')) as { epoch?: unknown }).epoch;
    } catch (e) {
      throw new FluxionError(`BackupAndRestore: ${this.metadataPath} is not valid JSON (${e instanceof Error ? e.message : String(e)}); delete the backup folder to start over.`);
    }
    if (!(Number.isInteger(epoch) && (epoch as number) >= 0)) {
      throw new FluxionError(`BackupAndRestore: ${this.metadataPath} has epoch ${describeValue(epoch)}; expected a non-negative integer.`);
    }
    await this.saving().loadWeights(this.weightsPath);
    resumeRequests.set(this.model as CallbackModel, epoch as number);
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onTrainBatchEnd(): Promise<void> {
    this.batches++;
    // A mid-epoch backup resumes at the start of this epoch (Keras does the same without batch-level resume).
    if (typeof this.saveFreq === 'number' && this.batches % this.saveFreq === 0) await this.backup(this.epoch);
  }

  override async onEpochEnd(epoch: number, _logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.backup(epoch + 1);
  }

  override onTrainEnd(): void {
    // fit finished (an interrupted fit throws before onTrainEnd, leaving the backup for the next run).
    if (this.deleteCheckpoint) rmSync(this.backupDir, { recursive: true, force: true });
  }

  private async backup(nextEpoch: number): Promise<void> {
    await this.saving().saveWeights(this.weightsPath);
    writeFileAtomic(this.metadataPath, JSON.stringify({ epoch: nextEpoch, batch: -1 }));
  }
}

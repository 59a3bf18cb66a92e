/**
 * The TensorBoard callback: writes TensorBoard event files (TFRecord-framed `Event` protocol
 * buffers with scalar summaries) under logDir/train and logDir/validation, per epoch and, with
 * updateFreq = N, every N batches. The encoding is written here by hand: it is small and fixed.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { maskedCrc32c } from '../utils/crc32c.js';
import { Callback, type Logs } from './callback.js';

// ---- protobuf wire format (just what Event/Summary need)

function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function key(field: number, wire: number): number[] {
  return varint((field << 3) | wire);
}

function bytesField(field: number, data: Uint8Array): number[] {
  return [...key(field, 2), ...varint(data.length), ...data];
}

function doubleField(field: number, v: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [...key(field, 1), ...b];
}

function floatField(field: number, v: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return [...key(field, 5), ...b];
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Event{wall_time=1, step=2, file_version=3 | summary=5{value=1{tag=1, simple_value=2}}}. */
export function encodeEvent(wallTime: number, step: number, body: { fileVersion: string } | { scalars: Record<string, number> }): Uint8Array {
  const fields = [...doubleField(1, wallTime), ...key(2, 0), ...varint(step)];
  if ('fileVersion' in body) {
    fields.push(...bytesField(3, utf8(body.fileVersion)));
  } else {
    const values = Object.entries(body.scalars).flatMap(([tag, v]) => bytesField(1, new Uint8Array([...bytesField(1, utf8(tag)), ...floatField(2, v)])));
    fields.push(...bytesField(5, new Uint8Array(values)));
  }
  return new Uint8Array(fields);
}

/** One TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export class EventFileWriter {
  private fd: number;
  readonly path: string;
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `events.out.tfevents.${Math.floor(Date.now() / 1000)}.${hostname()}.${process.pid}.v2`);
    this.fd = openSync(this.path, 'a');
    this.write(encodeEvent(Date.now() / 1000, 0, { fileVersion: 'brain.Event:2' }));
  }
  write(event: Uint8Array): void {
    writeSync(this.fd, frameRecord(event));
  }
  scalars(step: number, values: Record<string, number>): void {
    this.write(encodeEvent(Date.now() / 1000, step, { scalars: values }));
  }
  flush(): void {
    fsyncSync(this.fd);
  }
  close(): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

export interface TensorBoardArgs {
  logDir?: string;
  /** 'epoch' (default), or write batch-level scalars every N batches. */
  updateFreq?: 'epoch' | 'batch' | number;
}

export class TensorBoard extends Callback {
  readonly logDir: string;
  readonly updateFreq: 'epoch' | number;
  private train: EventFileWriter | null = null;
  private validation: EventFileWriter | null = null;
  private globalStep = 0;

  constructor(args: TensorBoardArgs = {}) {
    super();
    this.logDir = args.logDir ?? 'logs';
    this.updateFreq = args.updateFreq === 'batch' ? 1 : (args.updateFreq ?? 'epoch');
  }

  override onTrainBegin(): void {
    this.train = new EventFileWriter(join(this.logDir, 'train'));
    this.globalStep = 0;
  }

  override onTrainBatchEnd(_batch: number, logs: Logs = {}): void {
    this.globalStep++;
    if (typeof this.updateFreq === 'number' && this.globalStep % this.updateFreq === 0) {
      this.train?.scalars(this.globalStep, Object.fromEntries(Object.entries(logs).map(([k, v]) => [`batch_${k}`, v])));
    }
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const train: Record<string, number> = {};
    const val: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs)) {
      if (k.startsWith('val_')) val[`epoch_${k.slice(4)}`] = v;
      else train[`epoch_${k}`] = v;
    }
    this.train?.scalars(epoch, train);
    if (Object.keys(val).length > 0) {
      this.validation ??= new EventFileWriter(join(this.logDir, 'validation'));
      this.validation.scalars(epoch, val);
    }
    this.train?.flush();
  }

  override onTrainEnd(): void {
    this.train?.close();
    this.validation?.close();
    this.train = null;
    this.validation = null;
  }
}

/**
 * The terminal progress bar, Keras style:
 *   Epoch 1/5
 *   469/469 ━━━━━━━━━━━━━━━━━━━━ 3s 6ms/step - accuracy: 0.8123 - loss: 0.5012
 * On a TTY the line is redrawn in place (at most every 100 ms); elsewhere (pipes, CI) one line is
 * printed per epoch. verbose 2 prints one line per epoch even on a TTY.
 */
import { Callback, type Logs } from './callback.js';

export interface ProgbarOptions {
  /** Where to write (default process.stdout). */
  write?: (s: string) => void;
  isTTY?: boolean;
  width?: number;
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(4) : v.toFixed(4);
}

function formatTime(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return `${Math.round(seconds)}s`;
}

function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(0)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

export function formatLogs(logs: Logs): string {
  return Object.keys(logs)
    .sort((a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')) || a.localeCompare(b))
    .map((k) => `${k}: ${formatValue(logs[k] as number)}`)
    .join(' - ');
}

export class ProgbarLogger extends Callback {
  private readonly write: (s: string) => void;
  private readonly tty: boolean;
  private readonly width: number;
  private epochStart = 0;
  private lastDraw = 0;
  private seen = 0;
  private epochs = 0;

  constructor(private readonly verbose = 1, options: ProgbarOptions = {}) {
    super();
    this.write = options.write ?? ((s) => void process.stdout.write(s));
    this.tty = options.isTTY ?? Boolean(process.stdout.isTTY);
    this.width = options.width ?? 20;
  }

  override onTrainBegin(): void {
    this.epochs = this.params?.epochs ?? 1;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.seen = 0;
    if (this.verbose >= 1) this.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    this.seen = batch + 1;
    if (this.verbose !== 1 || !this.tty) return;
    const now = performance.now();
    const total = this.params?.steps ?? null;
    if (now - this.lastDraw < 100 && this.seen !== total) return;
    this.lastDraw = now;
    this.write(`\r${this.line(now, logs, false)}\x1b[K`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    if (this.verbose === 0) return;
    const line = this.line(performance.now(), logs, true);
    this.write(this.tty && this.verbose === 1 ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  /** The bar line for the current position (final: elapsed time instead of ETA). */
  line(now: number, logs: Logs, final: boolean): string {
    const total = this.params?.steps ?? null;
    const elapsed = (now - this.epochStart) / 1000;
    const perStep = this.seen > 0 ? elapsed / this.seen : 0;
    let head: string;
    if (total !== null && total > 0) {
      const done = Math.min(this.seen, total);
      const filled = Math.round((done / total) * this.width);
      const bar = '━'.repeat(filled) + (filled < this.width ? '\x1b[2m' + '━'.repeat(this.width - filled) + '\x1b[0m' : '');
      const plainBar = this.tty ? bar : '━'.repeat(filled) + '─'.repeat(this.width - filled);
      const time = final || done === total ? formatTime(elapsed) : `ETA: ${formatTime(perStep * (total - done))}`;
      head = `${String(done).padStart(String(total).length)}/${total} ${plainBar} ${time} ${formatPerStep(perStep)}`;
    } else {
      head = `${this.seen} ${formatTime(elapsed)} ${formatPerStep(perStep)}`;
    }
    const metrics = formatLogs(logs);
    return metrics ? `${head} - ${metrics}` : head;
  }
}

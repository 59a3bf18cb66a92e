/**
 * Shared benchmark machinery: options, timing (warm-up, calibrated inner loops, medians),
 * deterministic inputs that every peer (TypeScript or Python) can rebuild, result tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchOptions {
  /** Timed repetitions per measurement (after warm-up); at least 5. */
  reps: number;
  /** Smaller problem sets and shorter repetitions, for development. */
  quick: boolean;
  /** Threads for the multi-threaded peers (Fluxion cpu, onnxruntime, numpy, torch). */
  threads: number;
  /** Target duration of one repetition in ms: fast calls are repeated inside it. */
  repMs: number;
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export interface Timing {
  /** Median seconds per call. */
  median: number;
  /** Fastest repetition, seconds per call. */
  min: number;
  /** Seconds per call of each repetition. */
  samples: number[];
  /** Calls per repetition. */
  inner: number;
}

/** Pools the repetitions of two timings of the same work (e.g. from successive rounds). */
export function mergeTimings(a: Timing | undefined, b: Timing): Timing {
  if (!a) return b;
  const samples = [...a.samples, ...b.samples];
  return { median: median(samples), min: Math.min(a.min, b.min), samples, inner: Math.max(a.inner, b.inner) };
}

/**
 * Rounds of a full benchmark run: the fast peers are measured in turn, round after round, and each
 * peer's repetitions are pooled, so that a noisy stretch on a shared machine falls on every peer alike
 * instead of on whichever peer happened to run then.
 */
export function benchRounds(o: BenchOptions): number {
  return o.quick ? 1 : 3;
}

/** Repetitions per round for `reps` in all (at least 3 per round). */
export function repsPerRound(reps: number, rounds: number): number {
  return Math.max(3, Math.ceil(reps / rounds));
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function nowMs(): number {
  return performance.now();
}

export interface TimeConfig {
  reps: number;
  /** Target ms per repetition (calls are batched to reach it). 0: one call per repetition. */
  repMs: number;
  /** Warm-up calls before calibration. */
  warmup?: number;
  /** Keep warming up (after the `warmup` calls) until this many ms have passed: steady-state throughput. */
  warmupMs?: number;
  /** Soft bound on the time spent in the timed repetitions, in ms: they stop early once it is spent, but never before 5. */
  budgetMs?: number;
  /** A first call slower than this (ms) is not timed further: timeIt throws TooSlow. */
  maxCallMs?: number;
}

/** Thrown by timeIt when one call exceeds maxCallMs, so that a slow fallback cannot blow the time budget. */
export class TooSlow extends Error {
  constructor(readonly callMs: number, readonly limitMs: number) {
    super(`one call took ${(callMs / 1000).toFixed(2)} s (limit ${(limitMs / 1000).toFixed(1)} s); not timed`);
  }
}

/**
 * Times fn (synchronous or async). Warm-up, then one calibration call decides how many calls make
 * one repetition of about repMs; returns per-call seconds for each repetition and their median.
 */
export async function timeIt(fn: () => unknown, cfg: TimeConfig): Promise<Timing> {
  const warmup = cfg.warmup ?? 1;
  const warmStart = nowMs();
  for (let i = 0; i < warmup || nowMs() - warmStart < (cfg.warmupMs ?? 0); i++) {
    const w0 = nowMs();
    await fn();
    const ms = nowMs() - w0;
    if (cfg.maxCallMs !== undefined && ms > cfg.maxCallMs) throw new TooSlow(ms, cfg.maxCallMs);
  }
  const t0 = nowMs();
  await fn();
  const once = Math.max(nowMs() - t0, 1e-3);
  const inner = cfg.repMs > 0 ? Math.max(1, Math.min(100000, Math.round(cfg.repMs / once))) : 1;
  const samples: number[] = [];
  const start = nowMs();
  const minReps = Math.min(cfg.reps, 5);
  for (let r = 0; r < cfg.reps; r++) {
    const s = nowMs();
    for (let i = 0; i < inner; i++) await fn();
    samples.push((nowMs() - s) / 1000 / inner);
    if (cfg.budgetMs !== undefined && r + 1 >= minReps && nowMs() - start > cfg.budgetMs) break;
  }
  return { median: median(samples), min: Math.min(...samples), samples, inner };
}

/** Times fn one call at a time (for latency): median of `calls` single calls after warm-up. */
export async function timeCalls(fn: () => unknown, calls: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const s = nowMs();
    await fn();
    samples.push((nowMs() - s) / 1000);
  }
  return { median: median(samples), min: Math.min(...samples), samples, inner: 1 };
}

/**
 * Deterministic test data that the Python peers rebuild bit for bit: element i of input `seed`
 * is fround(scale * sin(0.7 * i + seed)) (numpy: (scale * np.sin(0.7 * np.arange(n) + seed)).astype(float32)).
 */
export function detData(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * Math.sin(0.7 * i + seed);
  return out;
}

/** Max |a-b| / (max |ref| + tiny) over two arrays of the same length. */
export function relError(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) return Infinity;
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - ref[i]!);
    if (!(d <= maxDiff)) maxDiff = Number.isNaN(d) ? Infinity : d;
    maxRef = Math.max(maxRef, Math.abs(ref[i]!));
  }
  return maxDiff / (maxRef + 1e-30);
}

/** A peer that was not measured, and why. */
export interface Skip {
  peer: string;
  reason: string;
}

/** One row of a result table: a case, and a value per peer (undefined: not run). */
export interface Row {
  case: string;
  values: Record<string, number | undefined>;
  /** Overrides the result's direction for this row (e.g. a latency row in a throughput table). */
  higherIsBetter?: boolean;
  /** Extra columns shown before the peers (e.g. FLOPs). */
  info?: Record<string, string>;
}

export interface BenchResult {
  name: string;
  title: string;
  /** What the numbers are, e.g. 'GFLOP/s' or 'ms'. */
  unit: string;
  /** true: larger is better (throughput); false: smaller is better (time). */
  higherIsBetter: boolean;
  /** The peer the ratios are relative to. */
  baseline: string;
  peers: string[];
  rows: Row[];
  skips: Skip[];
  /** Accuracy checks run before timing: peer -> max relative error (or a note). */
  checks: Record<string, string>;
  /** Peer configuration notes (threads, BLAS kernel, versions). */
  config: Record<string, string>;
  notes: string[];
  seconds: number;
}

function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 10) return v.toFixed(2);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/**
 * "value (ratio)" cells. The ratio is peer vs baseline expressed as "how many times faster
 * than Fluxion" (>1: the peer is faster), whatever the unit's direction.
 */
export function cell(res: BenchResult, row: Row, peer: string): string {
  const v = row.values[peer];
  if (v === undefined) return '—';
  const b = row.values[res.baseline];
  if (peer === res.baseline || b === undefined) return fmtNum(v);
  const speed = (row.higherIsBetter ?? res.higherIsBetter) ? v / b : b / v;
  return `${fmtNum(v)} (${speed.toFixed(2)}x)`;
}

function activePeers(res: BenchResult): string[] {
  return res.peers.filter((p) => res.rows.some((r) => r.values[p] !== undefined));
}

function tableLines(res: BenchResult, sep: 'md' | 'text'): string[] {
  const peers = activePeers(res);
  const infoKeys = [...new Set(res.rows.flatMap((r) => Object.keys(r.info ?? {})))];
  const header = ['case', ...infoKeys, ...peers];
  const body = res.rows.map((r) => [r.case, ...infoKeys.map((k) => r.info?.[k] ?? ''), ...peers.map((p) => cell(res, r, p))]);
  if (sep === 'md') {
    return [
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...body.map((cells) => `| ${cells.join(' | ')} |`),
    ];
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

function direction(res: BenchResult): string {
  if (res.rows.some((r) => r.higherIsBetter !== undefined && r.higherIsBetter !== res.higherIsBetter)) return 'direction per row';
  return res.higherIsBetter ? 'higher is better' : 'lower is better';
}

export function printResult(res: BenchResult): void {
  const dir = direction(res);
  console.log(`\n== ${res.title} [${res.unit}, ${dir}; (Nx) = speed relative to ${res.baseline}, >1 means faster than it]`);
  for (const l of tableLines(res, 'text')) console.log(l);
  for (const s of res.skips) console.log(`  skipped ${s.peer}: ${s.reason}`);
  for (const [k, v] of Object.entries(res.checks)) console.log(`  check ${k}: ${v}`);
  for (const n of res.notes) console.log(`  note: ${n}`);
  console.log(`  (${res.seconds.toFixed(1)} s)`);
}

export function markdownSection(res: BenchResult): string {
  const dir = direction(res);
  const lines = [
    `## ${res.title}`,
    '',
    `${res.unit}, ${dir}. In parentheses: speed relative to ${res.baseline} (>1: faster than ${res.baseline}).`,
    '',
    ...tableLines(res, 'md'),
    '',
  ];
  if (res.skips.length > 0) lines.push(...res.skips.map((s) => `- skipped ${s.peer}: ${s.reason}`), '');
  if (Object.keys(res.checks).length > 0) {
    lines.push('Checks before timing:', '', ...Object.entries(res.checks).map(([k, v]) => `- ${k}: ${v}`), '');
  }
  if (res.notes.length > 0) lines.push(...res.notes.map((n) => `- note: ${n}`), '');
  return lines.join('\n');
}

export function writeJson(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}

export function writeText(name: string, text: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  writeFileSync(path, text);
  return path;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

/**
 * data: input-pipeline throughput and memory, with TensorFlow.js's tf.data (@tensorflow/tfjs-data
 * on tfjs-core's cpu backend) doing the same work in the same run:
 * - in-memory Fashion-MNIST through shuffle(60000).batch(128).prefetch(2), samples/s;
 * - parsing a numeric CSV file (32 float columns and a label), MB/s;
 * - reading a TFRecord file (both CRCs checked), MB/s (TensorFlow.js has no TFRecord reader);
 * - the peak RSS of a child process that streams a 2 GB CSV and a 2 GB TFRecord file through
 *   shuffle(10000).batch(256) (--quick: 512 MB files). The files are generated once in
 *   os.tmpdir() and kept for later runs (delete fluxion-bench-* there to reclaim the space).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, type BenchOptions, type BenchResult, errorMessage, median, type Row, type Skip } from './harness.js';
import { makeCsv, makeTfrecord, TFRECORD_SPEC } from './data-files.js';
import { fx, tf, tfVersion, useTf } from './peers/js-peers.js';

const FLUXION = 'fluxion';
const TFJS = 'tfjs-data';

/** Seconds of each of `reps` runs of fn (after one warm-up run). */
async function timeRuns(fn: () => Promise<void>, reps: number): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

interface RssResult {
  bytes: number;
  rows: number;
  seconds: number;
  mbPerSecond: number;
  peakRssMB: number;
  baselineRssMB: number;
}

/** The newest modification time under a folder (ms). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/**
 * Which Fluxion the memory child loads: the compiled dist/ (as a program using the package does;
 * `npm install` builds it) when it is at least as new as src/, else src/ under tsx, whose loader
 * adds about 45 MB of RSS. Returns the node arguments before the script and a note.
 */
function rssEntry(): { args: string[]; entry: string; note: string } {
  const root = join(BENCH_DIR, '..');
  const dist = join(root, 'dist', 'index.js');
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(join(root, 'src'))) {
    return { args: [], entry: dist, note: 'the memory runs load the compiled dist/ (plain JavaScript, as a program using the package does)' };
  }
  return {
    args: ['--import', 'tsx'],
    entry: join(root, 'src', 'index.ts'),
    note: 'dist/ is missing or older than src/ (npm run build updates it), so the memory runs load src/ under tsx, whose loader adds about 45 MB of RSS',
  };
}

function rssChild(kind: 'csv' | 'tfrecord', path: string, notes: string[]): RssResult {
  const { args, entry, note } = rssEntry();
  if (!notes.includes(note)) notes.push(note);
  const child = spawnSync(process.execPath, [...args, join(BENCH_DIR, 'data-rss.mjs'), kind, path, entry, JSON.stringify(TFRECORD_SPEC)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`the ${kind} memory run failed (exit ${child.status}): ${child.stderr.slice(-500)}`);
  return JSON.parse(line) as RssResult;
}

export async function runData(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const rows: Row[] = [];
  const skips: Skip[] = [];
  const notes: string[] = [];
  const checks: Record<string, string> = {};
  const tfd = await import('@tensorflow/tfjs-data');
  const tfReason = await useTf('cpu');
  if (tfReason) skips.push({ peer: TFJS, reason: tfReason });

  // ---------------------------------------------------------------- in-memory Fashion-MNIST
  const [[xTrain, yTrain]] = fx.datasets.fashionMnist.loadData();
  const n = xTrain.shape[0] ?? 0;
  const fxPipeline = fx.data.fromTensorSlices({ xs: xTrain, ys: yTrain }).shuffle(60000, 1).batch(128).prefetch(2);
  let seen = 0;
  const fxEpoch = async (): Promise<void> => {
    seen = 0;
    for await (const b of fxPipeline) seen += b.ys.shape[0] ?? 0;
  };
  const fxTimes = await timeRuns(fxEpoch, o.reps);
  checks[`${FLUXION} epoch`] = `${seen} samples in ${Math.ceil(n / 128)} batches`;
  const mem: Row = { case: 'Fashion-MNIST in memory: shuffle(60000).batch(128).prefetch(2), samples/s', values: { [FLUXION]: n / median(fxTimes) } };
  if (!tfReason) {
    // TensorFlow.js has no fromTensorSlices: its users build tf.data.array of per-sample tensors.
    const images = xTrain.dataSync() as Float32Array;
    const labels = yTrain.dataSync();
    const items = Array.from({ length: n }, (_, i) => ({ xs: tf.tensor2d(images.subarray(i * 784, (i + 1) * 784), [28, 28]), ys: labels[i] as number }));
    const tfSamples = o.quick ? 12800 : n;
    const tfPipeline = tfd.array(items).shuffle(60000, '1').batch(128).prefetch(2).take(Math.ceil(tfSamples / 128));
    const tfTimes = await timeRuns(async () => {
      await tfPipeline.forEachAsync((b) => tf.dispose(b as unknown as tf.Tensor[]));
    }, o.reps);
    mem.values[TFJS] = tfSamples / median(tfTimes);
    if (o.quick) notes.push(`--quick: tfjs-data timed on the first ${tfSamples} samples of each epoch (after filling its 60000-element shuffle buffer).`);
    tf.dispose(items.map((i) => i.xs));
  }
  rows.push(mem);

  // ---------------------------------------------------------------- CSV parsing
  const csvPath = join(tmpdir(), `fluxion-bench-${o.quick ? 8 : 32}mb.csv`);
  makeCsv(csvPath, (o.quick ? 8 : 32) * 1e6);
  const csvBytes = statSync(csvPath).size;
  let csvRows = 0;
  const csvTimes = await timeRuns(async () => {
    csvRows = 0;
    for await (const _ of fx.data.csv(csvPath)) csvRows++;
  }, o.reps);
  checks[`${FLUXION} csv`] = `${csvRows} rows of 33 numbers`;
  const csvRow: Row = { case: `CSV parsing, ${(csvBytes / 1e6).toFixed(0)} MB of numbers (rows as objects), MB/s`, values: { [FLUXION]: csvBytes / 1e6 / median(csvTimes) } };
  if (!tfReason) {
    let tfRows = 0;
    const tfCsvTimes = await timeRuns(async () => {
      tfRows = 0;
      await tfd.csv(pathToFileURL(csvPath).href).forEachAsync(() => void tfRows++);
    }, o.reps);
    checks[`${TFJS} csv`] = `${tfRows} rows`;
    csvRow.values[TFJS] = csvBytes / 1e6 / median(tfCsvTimes);
  }
  rows.push(csvRow);

  // ---------------------------------------------------------------- TFRecord reading
  const recPath = join(tmpdir(), `fluxion-bench-${o.quick ? 64 : 256}mb.tfrecord`);
  makeTfrecord(recPath, (o.quick ? 64 : 256) * 1e6);
  const recBytes = statSync(recPath).size;
  let records = 0;
  const recTimes = await timeRuns(async () => {
    records = 0;
    for await (const _ of fx.data.tfrecord(recPath)) records++;
  }, o.reps);
  checks[`${FLUXION} tfrecord`] = `${records} records, both CRC32C checked`;
  rows.push({ case: `TFRecord reading, ${(recBytes / 1e6).toFixed(0)} MB (CRCs checked), MB/s`, values: { [FLUXION]: recBytes / 1e6 / median(recTimes) } });
  skips.push({ peer: `${TFJS} (TFRecord)`, reason: 'TensorFlow.js has no TFRecord reader' });

  // ---------------------------------------------------------------- bounded memory
  const bigBytes = (o.quick ? 0.5 : 2) * 1e9;
  const label = o.quick ? '512 MB' : '2 GB';
  try {
    const bigCsv = join(tmpdir(), `fluxion-bench-${label.replace(' ', '')}.csv`);
    const bigRec = join(tmpdir(), `fluxion-bench-${label.replace(' ', '')}.tfrecord`);
    makeCsv(bigCsv, bigBytes);
    makeTfrecord(bigRec, bigBytes);
    for (const [kind, path] of [['csv', bigCsv], ['tfrecord', bigRec]] as const) {
      const r = rssChild(kind, path, notes);
      rows.push({ case: `${label} ${kind === 'csv' ? 'CSV' : 'TFRecord (parsed Examples)'} -> shuffle(10000).batch(256): peak RSS, MB`, values: { [FLUXION]: r.peakRssMB }, higherIsBetter: false });
      checks[`${FLUXION} ${label} ${kind}`] = `${r.rows} rows in ${r.seconds.toFixed(1)} s (${r.mbPerSecond.toFixed(0)} MB/s), peak RSS ${r.peakRssMB.toFixed(0)} MB, ${r.peakRssMB < 300 ? 'within' : 'ABOVE'} the 300 MB bound (${r.baselineRssMB.toFixed(0)} MB before the pipeline started)`;
    }
  } catch (e) {
    skips.push({ peer: `${FLUXION} (peak RSS)`, reason: errorMessage(e) });
  }
  notes.push("tfjs-data's file source reads a whole file into memory (readFileSync), so it cannot stream files larger than memory; its peak RSS is not measured.");
  notes.push('Files are read from the page cache (generated just before): the MB/s are parsing speeds, not disk speeds.');

  return {
    name: 'data',
    title: 'data: input pipelines (fx.data vs TensorFlow.js tf.data)',
    unit: 'per case (samples/s, MB/s; MB for peak RSS)',
    higherIsBetter: true,
    baseline: FLUXION,
    peers: [FLUXION, TFJS],
    rows,
    skips,
    checks,
    config: { [TFJS]: `@tensorflow/tfjs-data with tfjs-core ${tfVersion()} (cpu backend)`, [FLUXION]: 'fx.data (one thread: the pipeline runs on the main thread)' },
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}

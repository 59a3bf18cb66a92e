/**
 * train: training throughput (samples/s) of the MLP 784-256-128-10 (batch 128) and the CNN
 * (batch 64) with softmax cross-entropy and Adam, on synthetic Fashion-MNIST-shaped data.
 * A step = forward, backward (variableGrads), Adam update, and reading the loss.
 */
import {
  type BenchOptions,
  type BenchResult,
  benchRounds,
  errorMessage,
  mergeTimings,
  repsPerRound,
  type Row,
  type Skip,
  type Timing,
  timeIt,
  TooSlow,
} from './harness.js';
import { fluxionKerasTrainer, tfjsKerasTrainer } from './keras-models.js';
import { batchData, logits, makeParams, type ModelName, PARAMS } from './models.js';
import { type Framework, fluxion, tfjs } from './peers/frameworks.js';
import { fluxionConfig, fluxionCpuFallbacks, tfVersion } from './peers/js-peers.js';
import { runPython } from './peers/python.js';

const BATCH: Record<ModelName, number> = { mlp: 128, cnn: 64 };
const LR = 1e-3;
const CHECK_STEPS = 3;
/** Relative agreement of the first CHECK_STEPS losses with fluxion-cpu's (same init, data, Adam). */
const TOL = 1e-3;
/**
 * Steady-state throughput, as a training run sees it after its first steps: every peer trains this long
 * before timing (V8's optimizing compiler, PyTorch's allocator caches and every peer's thread pools settle),
 * then each repetition times as many steps as last about REP_MS.
 */
const WARMUP_MS = { full: 1500, quick: 500 };
const REP_MS = { full: 100, quick: 30 };

/** Builds a fresh model and returns its step function (which returns the loss before the update). */
function trainer<T>(fw: Framework<T>, model: ModelName): () => number {
  const params = makeParams(fw, model, true);
  const b = BATCH[model];
  const d = batchData(model, b);
  const x = fw.tensor(d.x, d.xShape);
  const y = fw.tensor(d.onehot, [b, 10]);
  const update = fw.adam(params, LR);
  return () => {
    let loss = NaN;
    fw.tidy(() => {
      const { value, grads } = fw.variableGrads(() => fw.softmaxCrossEntropy(y, logits(fw, model, params, x)), params);
      update(grads);
      loss = fw.data(value)[0]!;
    });
    return loss;
  };
}

interface PyTrainAnswer {
  version: string;
  check: number[];
  timing: Timing;
  config: string;
}

export async function runTrain(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const skips: Skip[] = [];
  const checks: Record<string, string> = {};
  const config: Record<string, string> = {};
  const notes: string[] = [];
  const timings = new Map<string, Timing>(); // `${peer}|${model}`
  const peers: string[] = [];
  const refLosses: Partial<Record<ModelName, number[]>> = {};
  const models: ModelName[] = ['mlp', 'cnn'];
  const maxCallMs = o.quick ? 8000 : 15000;

  const checkLosses = (peer: string, model: ModelName, losses: number[]): boolean => {
    const ref = refLosses[model];
    const key = `${peer} ${model}`;
    if (!losses.every(Number.isFinite)) {
      checks[key] = `FAILED: non-finite loss ${losses.join(', ')}`;
      skips.push({ peer: key, reason: 'non-finite loss' });
      return false;
    }
    if (!ref) {
      refLosses[model] = losses;
      checks[key] = `reference: losses of the first ${CHECK_STEPS} steps ${losses.map((l) => l.toFixed(5)).join(', ')}`;
      return true;
    }
    const err = Math.max(...losses.map((l, i) => Math.abs(l - ref[i]!) / Math.abs(ref[i]!)));
    const ok = err <= TOL && losses.length === ref.length;
    checks[key] = `${ok ? 'ok' : 'FAILED'}: first ${CHECK_STEPS} losses within ${err.toExponential(1)} of the reference (tolerance ${TOL})`;
    if (!ok) skips.push({ peer: key, reason: `its losses ${losses.map((l) => l.toFixed(5)).join(', ')} disagree with the reference` });
    return ok;
  };

  // Rounds: the peers train in turn, round after round, and each peer's repetitions are pooled (benchRounds).
  // In-process models keep training across rounds; each round's first steps are warm-up again, for every peer.
  const rounds = benchRounds(o);
  const warmupMs = (round: number): number => (o.quick ? WARMUP_MS.quick : round === 0 ? WARMUP_MS.full : WARMUP_MS.full / 3);
  const repMs = o.quick ? REP_MS.quick : REP_MS.full;
  const budgetMs = (o.quick ? 5000 : 20000) / rounds;
  /** core: the step written with ops (bench/models.ts); keras: model.trainOnBatch of a Sequential (bench/keras-models.ts). */
  type Api = 'core' | 'keras';
  const entries: { peer: string; model: ModelName; api: Api; select: () => Promise<string | null>; step: () => number | Promise<number>; slow: boolean }[] = [];

  const runFw = async <T>(fw: Framework<T>, cfg: string, only: ModelName[], why: Partial<Record<ModelName, string>> = {}, slow = false): Promise<void> => {
    peers.push(fw.name);
    const w = await fw.setup();
    if (w !== null) {
      skips.push({ peer: fw.name, reason: w });
      return;
    }
    config[fw.name] = cfg;
    for (const model of models) {
      if (!only.includes(model)) {
        if (why[model]) skips.push({ peer: `${fw.name} ${model}`, reason: why[model] });
        continue;
      }
      try {
        const step = trainer(fw, model);
        const losses = Array.from({ length: CHECK_STEPS }, () => step());
        if (checkLosses(fw.name, model, losses)) entries.push({ peer: fw.name, model, api: 'core', select: () => fw.setup(), step, slow });
      } catch (e) {
        skips.push({ peer: `${fw.name} ${model}`, reason: `failed: ${errorMessage(e)}` });
      }
    }
  };

  await runFw(fluxion('cpu'), fluxionConfig(), models);
  await runFw(fluxion('js'), 'pure TypeScript reference backend, 1 thread', ['mlp'], { cnn: 'reference backend: MLP only' }, true);
  await runFw(tfjs('cpu'), `${tfVersion()}, cpu backend, 1 thread`, ['mlp'], {
    cnn: 'its conv2d gradients take 5-80 s per call (see the conv benchmark)',
  }, true);
  await runFw(tfjs('wasm'), `${tfVersion()}, wasm backend, 1 thread`, ['mlp'], {
    cnn: "the wasm backend has no Conv2DBackpropFilter kernel (TensorFlow.js cannot train a CNN on it)",
  });

  // The same models through each framework's Keras API (Fluxion's layers and TensorFlow.js's tfjs-layers).
  const addKeras = async (peer: string, model: ModelName, select: () => Promise<string | null>, make: () => () => number | Promise<number>, slow = false): Promise<void> => {
    const key = `${peer} ${model} (Keras API)`;
    try {
      const why = await select();
      if (why !== null) {
        skips.push({ peer: key, reason: why });
        return;
      }
      const step = make();
      const losses: number[] = [];
      for (let i = 0; i < CHECK_STEPS; i++) losses.push(await step());
      if (checkLosses(`${peer} (Keras API)`, model, losses)) entries.push({ peer, model, api: 'keras', select, step, slow });
    } catch (e) {
      skips.push({ peer: key, reason: `failed: ${errorMessage(e)}` });
    }
  };
  for (const model of models) await addKeras('fluxion-cpu', model, () => fluxion('cpu').setup(), () => fluxionKerasTrainer(model, BATCH[model], LR));
  await addKeras('tfjs-cpu', 'mlp', () => tfjs('cpu').setup(), () => tfjsKerasTrainer('mlp', BATCH.mlp, LR), true);
  await addKeras('tfjs-wasm', 'mlp', () => tfjs('wasm').setup(), () => tfjsKerasTrainer('mlp', BATCH.mlp, LR));

  // PyTorch, one process per configuration: its intra-op (OpenMP) threads and Debian OpenBLAS's threads are set
  // apart (torch.set_num_threads does not reach OpenBLAS, which reads OPENBLAS_NUM_THREADS when it loads). Each
  // configuration a user could be running is measured: all on one thread, all on N, and torch on one thread
  // over an N-thread OpenBLAS (which avoids two thread pools competing for the cores).
  const torchConfigs = [{ peer: 'torch-1t', threads: 1, blasThreads: 1 }];
  if (o.threads > 1) {
    torchConfigs.push({ peer: `torch-${o.threads}t`, threads: o.threads, blasThreads: o.threads });
    torchConfigs.push({ peer: `torch-1t-blas${o.threads}t`, threads: 1, blasThreads: o.threads });
  }
  const failed = new Set<string>(); // `${peer}|${model}`
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      const key = `${e.peer}|${e.model}|${e.api}`;
      if (failed.has(key) || (round > 0 && e.slow)) continue;
      try {
        const why = await e.select();
        if (why !== null) throw new Error(why);
        const t = await timeIt(e.step, {
          reps: e.slow ? o.reps : repsPerRound(o.reps, rounds), repMs, warmup: 1, warmupMs: warmupMs(round),
          budgetMs: e.slow ? budgetMs * rounds : budgetMs, maxCallMs,
        });
        timings.set(key, mergeTimings(timings.get(key), t));
      } catch (err) {
        failed.add(key);
        timings.delete(key);
        const what = `${e.peer} ${e.model}${e.api === 'keras' ? ' (Keras API)' : ''}`;
        if (err instanceof TooSlow) notes.push(`skipped ${what}: ${err.message}`);
        else skips.push({ peer: what, reason: `failed: ${errorMessage(err)}` });
      }
      process.stdout.write('.');
    }
    for (const model of models) {
      for (const tc of torchConfigs) {
        const key = `${tc.peer}|${model}|core`;
        if (failed.has(key)) continue;
        const req = {
          task: 'train', model, batch: BATCH[model], lr: LR, params: PARAMS[model], threads: tc.threads,
          checkSteps: CHECK_STEPS, steps: repsPerRound(o.reps, rounds), warmup: 1, warmupMs: warmupMs(round), repMs, budgetMs,
        };
        const r = runPython<PyTrainAnswer>('torch', req, tc.threads, { blasThreads: tc.blasThreads });
        if (!peers.includes(tc.peer)) peers.push(tc.peer);
        if (!r.ok) {
          failed.add(key);
          skips.push({ peer: `${tc.peer} ${model}`, reason: r.reason });
          continue;
        }
        config[tc.peer] = r.value.config;
        if (round === 0 && !checkLosses(tc.peer, model, r.value.check)) {
          failed.add(key);
          continue;
        }
        timings.set(key, mergeTimings(timings.get(key), r.value.timing));
        process.stdout.write('.');
      }
    }
  }
  const fallbacks = fluxionCpuFallbacks();
  process.stdout.write('\n');

  const rows: Row[] = (['core', 'keras'] as const).flatMap((api) =>
    models.map((model) => {
      const values: Record<string, number | undefined> = {};
      for (const p of peers) {
        // PyTorch has one API (nn.Module + torch.optim): its step is the same in both rows.
        const t = timings.get(`${p}|${model}|${p.startsWith('torch') ? 'core' : api}`);
        if (t) values[p] = BATCH[model] / t.median;
      }
      const desc = model === 'mlp' ? 'MLP 784-256-128-10' : 'CNN conv32-pool-conv64-pool-dense128-dense10';
      return { case: `${desc}, batch ${BATCH[model]}${api === 'keras' ? ', Keras API (trainOnBatch)' : ''}`, values };
    }),
  );
  notes.unshift(
    `samples/s = batch / median step time over the repetitions (each about ${repMs} ms of steps) after ${CHECK_STEPS} checked steps and ` +
      `${(warmupMs(0) / 1000).toFixed(1)} s of warm-up training (steady state)` +
      (rounds > 1
        ? `; the peers take turns over ${rounds} rounds of ${repsPerRound(o.reps, rounds)} repetitions (each after ${(warmupMs(1) / 1000).toFixed(1)} s more warm-up), pooled (fluxion-js and tfjs-cpu: first round, ${o.reps} repetitions); `
        : `, ${o.reps} repetitions; `) +
      'Fluxion uses fx.optimizers.Adam, TensorFlow.js tf.train.adam, torch torch.optim.Adam (eps 1e-7 everywhere).',
    'rows without "Keras API": the step written with ops (variableGrads, fused Dense, Adam); "Keras API" rows: a Sequential model of the ' +
      "same layers and weights compiled with Adam and softmax cross-entropy on the logits, one model.trainOnBatch(x, y) per step (Fluxion's " +
      'fx.layers, TensorFlow.js\'s tfjs-layers). PyTorch has one API (nn.Module + torch.optim): its columns repeat the same measurement.',
  );
  if (fallbacks.length > 0) notes.push(`kernels fluxion-cpu has run on js so far in this process (not yet native): ${fallbacks.join(', ')}`);
  return {
    name: 'train',
    title: 'train: training throughput, synthetic Fashion-MNIST',
    unit: 'samples/s',
    higherIsBetter: true,
    baseline: 'fluxion-cpu',
    peers,
    rows,
    skips,
    checks,
    config,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * train: training throughput (samples/s) of the MLP 784-256-128-10 (batch 128) and the CNN
 * (batch 64) with softmax cross-entropy and Adam, on synthetic Fashion-MNIST-shaped data.
 * A step = forward, backward (variableGrads), Adam update, and reading the loss.
 */
import { type BenchOptions, type BenchResult, errorMessage, type Row, type Skip, type Timing, timeIt, TooSlow } from './harness.js';
import { batchData, logits, makeParams, type ModelName, PARAMS } from './models.js';
import { type Framework, fluxion, tfjs } from './peers/frameworks.js';
import { fluxionConfig, fluxionCpuFallbacks, tfVersion } from './peers/js-peers.js';
import { runPython } from './peers/python.js';

const BATCH: Record<ModelName, number> = { mlp: 128, cnn: 64 };
const LR = 1e-3;
const CHECK_STEPS = 3;
/** Relative agreement of the first CHECK_STEPS losses with fluxion-cpu's (same init, data, Adam). */
const TOL = 1e-3;

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
  runs: Record<string, { check: number[]; timing: Timing; config: string }>;
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

  const runFw = async <T>(fw: Framework<T>, cfg: string, only: ModelName[], why: Partial<Record<ModelName, string>> = {}): Promise<void> => {
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
        if (!checkLosses(fw.name, model, losses)) continue;
        timings.set(`${fw.name}|${model}`, await timeIt(step, { reps: o.reps, repMs: 0, warmup: 1, budgetMs: o.quick ? 5000 : 20000, maxCallMs }));
      } catch (e) {
        if (e instanceof TooSlow) notes.push(`skipped ${fw.name} ${model}: ${e.message}`);
        else skips.push({ peer: `${fw.name} ${model}`, reason: `failed: ${errorMessage(e)}` });
      }
      process.stdout.write('.');
    }
  };

  await runFw(fluxion('cpu'), fluxionConfig(), models);
  const fallbacks = fluxionCpuFallbacks();
  await runFw(fluxion('js'), 'pure TypeScript reference backend, 1 thread', ['mlp'], { cnn: 'reference backend: MLP only' });
  await runFw(tfjs('cpu'), `${tfVersion()}, cpu backend, 1 thread`, ['mlp'], {
    cnn: 'its conv2d gradients take 5-80 s per call (see the conv benchmark)',
  });
  await runFw(tfjs('wasm'), `${tfVersion()}, wasm backend, 1 thread`, ['mlp'], {
    cnn: "the wasm backend has no Conv2DBackpropFilter kernel (TensorFlow.js cannot train a CNN on it)",
  });

  const threadsList = [...new Set([1, o.threads])];
  for (const model of models) {
    const req = {
      task: 'train', model, batch: BATCH[model], lr: LR, params: PARAMS[model], threadsList,
      checkSteps: CHECK_STEPS, steps: o.reps, warmup: 1, budgetMs: o.quick ? 5000 : 20000,
    };
    const r = runPython<PyTrainAnswer>('torch', req, o.threads);
    if (!r.ok) {
      skips.push({ peer: `torch ${model}`, reason: r.reason });
      continue;
    }
    for (const [threads, run] of Object.entries(r.value.runs)) {
      const peer = `torch-${threads}t`;
      if (!peers.includes(peer)) peers.push(peer);
      config[peer] = run.config;
      if (checkLosses(peer, model, run.check)) timings.set(`${peer}|${model}`, run.timing);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');

  const rows: Row[] = models.map((model) => {
    const values: Record<string, number | undefined> = {};
    for (const p of peers) {
      const t = timings.get(`${p}|${model}`);
      if (t) values[p] = BATCH[model] / t.median;
    }
    const desc = model === 'mlp' ? 'MLP 784-256-128-10' : 'CNN conv32-pool-conv64-pool-dense128-dense10';
    return { case: `${desc}, batch ${BATCH[model]}`, values };
  });
  notes.unshift(
    `samples/s = batch / median step time over ${o.reps} steps after ${CHECK_STEPS} checked steps and 1 warm-up step; ` +
      'Fluxion uses fx.optimizers.Adam, TensorFlow.js tf.train.adam, torch torch.optim.Adam (eps 1e-7 everywhere).',
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

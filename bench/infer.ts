/**
 * infer: MLP 784-256-128-10 (+softmax) inference: latency at batch 1 (median of single calls) and
 * throughput at batch 1024 (samples/s).
 */
import {
  type BenchOptions,
  type BenchResult,
  benchRounds,
  detData,
  errorMessage,
  mergeTimings,
  relError,
  repsPerRound,
  type Row,
  type Skip,
  type Timing,
  timeCalls,
  timeIt,
} from './harness.js';
import { logits, makeParams, PARAMS } from './models.js';
import { type DenseParams, mlpModel } from './onnx-models.js';
import { type Framework, fluxion, tfjs } from './peers/frameworks.js';
import { fluxionConfig, fluxionCpuFallbacks, ort, ortSessionOptions, ortVersion, tfVersion } from './peers/js-peers.js';
import { runPython } from './peers/python.js';

const BIG = 1024;
const TOL = 1e-4;
const CHECK_BATCH = 4;

interface Measured {
  latency?: Timing;
  throughput?: Timing;
}

/** A checked in-process peer, ready to be timed in each round. */
interface Entry {
  peer: string;
  /** Selects the peer's engine again (the in-process peers share engines). */
  select: () => Promise<string | null>;
  latency: () => unknown;
  throughput?: () => unknown;
  /** Far slower than the others: timed in the first round only. */
  slow: boolean;
}

function checkInput(): Float32Array {
  return detData(CHECK_BATCH * 784, 21);
}

/** Returns [predict on a batch, as a closure over a prepared input] for a framework. */
function predictor<T>(fw: Framework<T>): (x: Float32Array, b: number) => () => Float32Array {
  const p = makeParams(fw, 'mlp', false);
  return (x, b) => {
    const xt = fw.tensor(x, [b, 784]);
    return () => {
      let out: Float32Array = new Float32Array(0);
      fw.tidy(() => {
        out = fw.data(fw.softmax(logits(fw, 'mlp', p, xt)));
      });
      return out;
    };
  };
}

function onnxLayers(): DenseParams[] {
  const s = PARAMS.mlp;
  const layers: DenseParams[] = [];
  for (let i = 0; i < s.length; i += 2) {
    const [, wShape, wSeed, wScale] = s[i]!;
    const [, bShape, bSeed, bScale] = s[i + 1]!;
    layers.push({
      w: detData(wShape[0]! * wShape[1]!, wSeed, wScale),
      b: detData(bShape[0]!, bSeed, bScale),
      inDim: wShape[0]!,
      outDim: wShape[1]!,
    });
  }
  return layers;
}

interface PyInferAnswer {
  version: string;
  config: string;
  check: number[];
  latency: Timing;
  throughput: Timing;
}

export async function runInfer(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const skips: Skip[] = [];
  const checks: Record<string, string> = {};
  const config: Record<string, string> = {};
  const results = new Map<string, Measured>();
  const peers: string[] = [];
  const calls = o.quick ? 200 : 1000;
  // Enough warm-up calls for the JavaScript engines to optimize the hot paths (V8 needs well over 100 calls).
  const warmupCalls = o.quick ? 200 : 2000;
  const big = detData(BIG * 784, 22);
  const one = detData(784, 23);
  let ref: Float32Array | null = null;

  const check = (peer: string, out: ArrayLike<number>): boolean => {
    if (ref === null) {
      ref = Float32Array.from(out);
      checks[peer] = `reference: softmax outputs of a batch of ${CHECK_BATCH}`;
      return true;
    }
    const err = relError(out, ref);
    const ok = err <= TOL;
    checks[peer] = `${ok ? 'ok' : 'FAILED'}: max relative error ${err.toExponential(1)} vs fluxion-cpu on a batch of ${CHECK_BATCH} (tolerance ${TOL})`;
    if (!ok) skips.push({ peer, reason: `its outputs disagree with fluxion-cpu (${err.toExponential(1)})` });
    return ok;
  };

  const entries: Entry[] = [];
  const runFw = async <T>(fw: Framework<T>, cfg: string, latencyOnly = false): Promise<void> => {
    peers.push(fw.name);
    const w = await fw.setup();
    if (w !== null) {
      skips.push({ peer: fw.name, reason: w });
      return;
    }
    try {
      const predict = predictor(fw);
      if (!check(fw.name, predict(checkInput(), CHECK_BATCH)())) return;
      config[fw.name] = cfg;
      entries.push({
        peer: fw.name,
        select: () => fw.setup(),
        latency: predict(one, 1),
        ...(latencyOnly ? {} : { throughput: predict(big, BIG) }),
        slow: latencyOnly,
      });
    } catch (e) {
      skips.push({ peer: fw.name, reason: `failed: ${errorMessage(e)}` });
    }
  };

  await runFw(fluxion('cpu'), fluxionConfig());
  await runFw(fluxion('js'), 'pure TypeScript reference backend, 1 thread (batch 1 only)', true);
  await runFw(tfjs('wasm'), `${tfVersion()}, wasm backend, 1 thread`);

  peers.push('onnxruntime');
  try {
    const layers = onnxLayers();
    const session = (b: number): Promise<ort.InferenceSession> => ort.InferenceSession.create(mlpModel(b, layers), ortSessionOptions(o.threads));
    const s4 = await session(CHECK_BATCH);
    const out = await s4.run({ x: new ort.Tensor('float32', checkInput(), [CHECK_BATCH, 784]) });
    await s4.release();
    if (check('onnxruntime', out['y']!.data as Float32Array)) {
      config['onnxruntime'] = `${ortVersion()}, CPU EP, intraOpNumThreads ${o.threads}; graph Gemm+Relu, Gemm+Relu, Gemm, Softmax (hand-encoded ONNX, static batch)`;
      const run = async (b: number, x: Float32Array): Promise<() => Promise<unknown>> => {
        const s = await session(b);
        const feeds = { x: new ort.Tensor('float32', x, [b, 784]) };
        return async () => (await s.run(feeds))['y']!.data;
      };
      entries.push({ peer: 'onnxruntime', select: async () => null, latency: await run(1, one), throughput: await run(BIG, big), slow: false });
    }
  } catch (e) {
    skips.push({ peer: 'onnxruntime', reason: `failed: ${errorMessage(e)}` });
  }

  // Rounds: every peer in turn, round after round, repetitions pooled (see benchRounds).
  const rounds = benchRounds(o);
  const failed = new Set<string>();
  peers.push('torch');
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      if (failed.has(e.peer) || (round > 0 && e.slow)) continue;
      try {
        const why = await e.select();
        if (why !== null) throw new Error(why);
        const n = e.slow ? calls : Math.ceil(calls / rounds);
        const lat = await timeCalls(e.latency, n, round === 0 ? warmupCalls : Math.ceil(warmupCalls / 4));
        const thr = e.throughput
          ? await timeIt(e.throughput, { reps: repsPerRound(o.reps, rounds), repMs: o.repMs, budgetMs: (o.quick ? 2000 : 6000) / rounds, maxCallMs: 5000 })
          : undefined;
        const prev = results.get(e.peer) ?? {};
        results.set(e.peer, {
          latency: mergeTimings(prev.latency, lat),
          ...(thr ? { throughput: mergeTimings(prev.throughput, thr) } : {}),
        });
      } catch (err) {
        failed.add(e.peer);
        results.delete(e.peer);
        skips.push({ peer: e.peer, reason: `failed: ${errorMessage(err)}` });
      }
      process.stdout.write('.');
    }
    if (failed.has('torch')) continue;
    const req = {
      task: 'infer', model: 'mlp', params: PARAMS.mlp, threads: o.threads, calls: Math.ceil(calls / rounds),
      warmupCalls: round === 0 ? warmupCalls : Math.ceil(warmupCalls / 4), bigBatch: BIG, reps: repsPerRound(o.reps, rounds), repMs: o.repMs,
    };
    const r = runPython<PyInferAnswer>('torch', req, o.threads);
    if (!r.ok) {
      failed.add('torch');
      skips.push({ peer: 'torch', reason: r.reason });
    } else if (round > 0 || check('torch', r.value.check)) {
      config['torch'] = `${r.value.version}; ${r.value.config}; inference_mode`;
      const prev = results.get('torch') ?? {};
      results.set('torch', { latency: mergeTimings(prev.latency, r.value.latency), throughput: mergeTimings(prev.throughput, r.value.throughput) });
    } else {
      failed.add('torch');
    }
    process.stdout.write('.');
  }
  const fallbacks = fluxionCpuFallbacks();
  process.stdout.write('\n');

  const row = (name: string, pick: (m: Measured) => number | undefined, higherIsBetter = true): Row => {
    const values: Record<string, number | undefined> = {};
    for (const p of peers) {
      const m = results.get(p);
      if (m) values[p] = pick(m);
    }
    return { case: name, values, higherIsBetter };
  };
  const notes = [
    `batch 1: median of ${calls} single calls after ${warmupCalls} warm-up calls (input prepared once; output read back); batch ${BIG}: median of ${o.reps} repetitions.` +
      (rounds > 1
        ? ` The peers take turns over ${rounds} rounds (${Math.ceil(calls / rounds)} calls and ${repsPerRound(o.reps, rounds)} repetitions each, after ${Math.ceil(warmupCalls / 4)} more warm-up calls), pooled; fluxion-js: first round only.`
        : ''),
  ];
  if (fallbacks.length > 0) notes.push(`kernels fluxion-cpu has run on js so far in this process (not yet native): ${fallbacks.join(', ')}`);
  return {
    name: 'infer',
    title: 'infer: MLP 784-256-128-10 + softmax inference',
    unit: 'per row: median latency in µs at batch 1 (lower is better), samples/s at batch 1024 (higher is better)',
    higherIsBetter: true,
    baseline: 'fluxion-cpu',
    peers,
    rows: [
      row('batch 1, latency µs', (m) => (m.latency ? m.latency.median * 1e6 : undefined), false),
      row(`batch ${BIG}, samples/s`, (m) => (m.throughput ? BIG / m.throughput.median : undefined)),
    ],
    skips,
    checks,
    config,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}

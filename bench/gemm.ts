/**
 * gemm: float32 matrix products, GFLOP/s (2·m·k·n / median seconds per call).
 * Square n = 256..2048 and the MLP's Dense shapes, forward and the two gradient products.
 */
import { gemmModel } from './onnx-models.js';
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
  timeIt,
  TooSlow,
} from './harness.js';
import { fluxionConfig, fluxionCpuFallbacks, fx, ort, ortSessionOptions, ortVersion, tf, tfVersion, useFluxion, useTf } from './peers/js-peers.js';
import { runPython } from './peers/python.js';

export interface GemmCase {
  name: string;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  reps: number;
  /** The largest "size" for peer limits: max(m, k, n). */
  size: number;
}

const PEERS = ['fluxion-cpu', 'fluxion-js', 'tfjs-cpu', 'tfjs-wasm', 'onnxruntime', 'numpy', 'torch'] as const;
type Peer = (typeof PEERS)[number];

/** Peers far slower than the others: timed in the first round only (noise cannot change their ratios). */
const SLOW: ReadonlySet<Peer> = new Set<Peer>(['fluxion-js', 'tfjs-cpu']);

/** Peers too slow for big products run only up to this size (max dimension). */
const SIZE_LIMIT: Partial<Record<Peer, number>> = { 'fluxion-js': 784, 'tfjs-cpu': 784 };

function mk(name: string, m: number, k: number, n: number, transA: boolean, transB: boolean, reps: number): GemmCase {
  return { name, m, k, n, transA, transB, reps, size: Math.max(m, k, n) };
}

export function gemmCases(o: BenchOptions): GemmCase[] {
  const r = o.reps;
  const square = (o.quick ? [256, 512, 1024] : [256, 512, 1024, 2048]).map((n) =>
    mk(`square ${n}`, n, n, n, false, false, n >= 2048 ? Math.max(5, Math.ceil(r / 2)) : r),
  );
  return [
    ...square,
    mk('mlp fwd 128x784 @ 784x256', 128, 784, 256, false, false, r),
    mk('mlp fwd 128x256 @ 256x128', 128, 256, 128, false, false, r),
    mk('mlp fwd 128x128 @ 128x10', 128, 128, 10, false, false, r),
    mk('mlp dW1 = X^T·dY (784x128 @ 128x256, transA)', 784, 128, 256, true, false, r),
    mk('mlp dX2 = dY·W2^T (128x128 @ 128x256, transB)', 128, 128, 256, false, true, r),
  ];
}

/** Small cases whose outputs every peer must reproduce (to 1e-4 relative) before it is timed. */
const CHECKS: GemmCase[] = [
  mk('check plain', 33, 47, 29, false, false, 1),
  mk('check transA', 33, 47, 29, true, false, 1),
  mk('check transB', 33, 47, 29, false, true, 1),
];
const TOL = 1e-4;

function aShape(c: GemmCase): [number, number] {
  return c.transA ? [c.k, c.m] : [c.m, c.k];
}
function bShape(c: GemmCase): [number, number] {
  return c.transB ? [c.n, c.k] : [c.k, c.n];
}

/** float64 reference of a check case on detData inputs (seeds 1 and 2, as the Python peers use). */
function reference(c: GemmCase): Float64Array {
  const a = detData(c.m * c.k, 1);
  const b = detData(c.k * c.n, 2);
  const out = new Float64Array(c.m * c.n);
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      let s = 0;
      for (let p = 0; p < c.k; p++) {
        const av = c.transA ? a[p * c.m + i]! : a[i * c.k + p]!;
        const bv = c.transB ? b[j * c.k + p]! : b[p * c.n + j]!;
        s += av * bv;
      }
      out[i * c.n + j] = s;
    }
  }
  return out;
}

/** One in-process peer: computes a check case, and makes a timed closure for a case. */
interface JsPeerImpl {
  setup(): Promise<string | null>;
  compute(c: GemmCase, a: Float32Array, b: Float32Array): Promise<Float32Array>;
  timer(c: GemmCase): Promise<() => unknown>;
  config(): string;
}

function randn(n: number, seed: number): Float32Array {
  return fx.randomNormal([n], 0, 1, 'float32', seed).dataSync() as Float32Array;
}

function fluxionPeer(backend: 'cpu' | 'js'): JsPeerImpl {
  return {
    setup: () => useFluxion(backend),
    compute: async (c, a, b) => {
      const y = fx.matMul(fx.tensor(a, aShape(c)), fx.tensor(b, bShape(c)), c.transA, c.transB);
      return y.dataSync() as Float32Array;
    },
    timer: async (c) => {
      const a = fx.tensor(randn(c.m * c.k, 1), aShape(c));
      const b = fx.tensor(randn(c.k * c.n, 2), bShape(c));
      // The product is complete when matMul returns (the cpu and js backends run synchronously); its values are
      // not read back, as the Python peers' timed `a @ b` does not read them either (see the note).
      return () => fx.matMul(a, b, c.transA, c.transB).dispose();
    },
    config: () => (backend === 'cpu' ? fluxionConfig() : 'pure TypeScript reference backend, 1 thread'),
  };
}

function tfPeer(backend: 'cpu' | 'wasm'): JsPeerImpl {
  return {
    setup: () => useTf(backend),
    compute: async (c, a, b) => {
      const y = tf.tidy(() => tf.matMul(tf.tensor2d(a, aShape(c)), tf.tensor2d(b, bShape(c)), c.transA, c.transB));
      const out = y.dataSync() as Float32Array;
      y.dispose();
      return out;
    },
    timer: async (c) => {
      const a = tf.tensor2d(randn(c.m * c.k, 1), aShape(c));
      const b = tf.tensor2d(randn(c.k * c.n, 2), bShape(c));
      // Synchronous on the cpu and wasm backends, like Fluxion's: no read-back.
      return () => tf.matMul(a, b, c.transA, c.transB).dispose();
    },
    config: () => `${tfVersion()}, ${backend} backend, 1 thread${backend === 'wasm' ? ' (SIMD wasm, no threads in Node.js)' : ''}`,
  };
}

function ortPeer(threads: number): JsPeerImpl {
  const session = (c: GemmCase): Promise<ort.InferenceSession> =>
    ort.InferenceSession.create(gemmModel(c.m, c.k, c.n, c.transA, c.transB), ortSessionOptions(threads));
  return {
    setup: async () => null,
    compute: async (c, a, b) => {
      const s = await session(c);
      const out = await s.run({ A: new ort.Tensor('float32', a, aShape(c)), B: new ort.Tensor('float32', b, bShape(c)) });
      await s.release();
      return out['C']!.data as Float32Array;
    },
    timer: async (c) => {
      const s = await session(c);
      const feeds = {
        A: new ort.Tensor('float32', randn(c.m * c.k, 1), aShape(c)),
        B: new ort.Tensor('float32', randn(c.k * c.n, 2), bShape(c)),
      };
      return () => s.run(feeds);
    },
    config: () => `${ortVersion()}, CPU EP, intraOpNumThreads ${threads}, MatMul (Gemm for transposes)`,
  };
}

interface PyGemmAnswer {
  version: string;
  config: string;
  checks: Record<string, number[]>;
  results: Record<string, Timing>;
}

export async function runGemm(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const cases = gemmCases(o);
  const skips: Skip[] = [];
  const checks: Record<string, string> = {};
  const config: Record<string, string> = {};
  const timings = new Map<string, Timing>(); // `${peer}|${case}`
  const budgetMs = o.quick ? 1500 : 6000;
  /** Each peer runs each case this long before timing it, in every round (caches, thread pools, clocks settle). */
  const warmupMs = o.quick ? 20 : 100;
  const maxCallMs = o.quick ? 1000 : 6000;
  const tooSlow: string[] = [];

  const checkOutputs = (peer: string, outputs: Record<string, ArrayLike<number>>): boolean => {
    const errs = CHECKS.map((c) => relError(outputs[c.name] ?? [], reference(c)));
    const worst = Math.max(...errs);
    const ok = worst <= TOL;
    checks[peer] = `${ok ? 'ok' : 'FAILED'}: max relative error ${worst.toExponential(1)} over ${CHECKS.length} small products (plain, transA, transB; tolerance ${TOL})`;
    if (!ok) skips.push({ peer, reason: `its outputs disagree with the float64 reference (${worst.toExponential(1)})` });
    return ok;
  };

  const jsPeers: [Peer, JsPeerImpl][] = [
    ['fluxion-cpu', fluxionPeer('cpu')],
    ['fluxion-js', fluxionPeer('js')],
    ['tfjs-cpu', tfPeer('cpu')],
    ['tfjs-wasm', tfPeer('wasm')],
    ['onnxruntime', ortPeer(o.threads)],
  ];
  const ready: [Peer, JsPeerImpl][] = [];
  for (const [peer, impl] of jsPeers) {
    const why = await impl.setup();
    if (why !== null) {
      skips.push({ peer, reason: why });
      continue;
    }
    try {
      const outs: Record<string, Float32Array> = {};
      for (const c of CHECKS) outs[c.name] = await impl.compute(c, detData(c.m * c.k, 1), detData(c.k * c.n, 2));
      if (!checkOutputs(peer, outs)) continue;
      config[peer] = impl.config();
      ready.push([peer, impl]);
    } catch (e) {
      skips.push({ peer, reason: `failed: ${errorMessage(e)}` });
    }
  }
  const slowestFlopPerMs = new Map<Peer, number>(); // each peer's slowest rate so far, to skip a case before a minute-long call
  const failed = new Set<Peer>();
  const rounds = benchRounds(o);
  for (let round = 0; round < rounds; round++) {
    const reps = (c: GemmCase, peer: Peer): number => (SLOW.has(peer) ? c.reps : repsPerRound(c.reps, rounds));
    for (const [peer, impl] of ready) {
      if (failed.has(peer) || (round > 0 && SLOW.has(peer))) continue;
      try {
        // The in-process peers share engines (fluxion cpu/js, tfjs cpu/wasm): select this one's backend again.
        const why = await impl.setup();
        if (why !== null) throw new Error(why);
        for (const c of cases) {
          const limit = SIZE_LIMIT[peer];
          if (limit !== undefined && c.size > limit) continue;
          const flop = 2 * c.m * c.k * c.n;
          const estimateMs = flop / (slowestFlopPerMs.get(peer) ?? Infinity);
          if (estimateMs > maxCallMs) {
            if (round === 0) tooSlow.push(`${peer} ${c.name}: one call would take about ${(estimateMs / 1000).toFixed(1)} s at its rate on smaller products (limit ${(maxCallMs / 1000).toFixed(1)} s); not timed`);
            continue;
          }
          if (round > 0 && !timings.has(`${peer}|${c.name}`)) continue;
          const fn = await impl.timer(c);
          try {
            const t = await timeIt(fn, { reps: reps(c, peer), repMs: o.repMs, warmupMs: SLOW.has(peer) ? 0 : warmupMs, budgetMs: budgetMs / (SLOW.has(peer) ? 1 : rounds), maxCallMs });
            timings.set(`${peer}|${c.name}`, mergeTimings(timings.get(`${peer}|${c.name}`), t));
            if (flop > 1e6) slowestFlopPerMs.set(peer, Math.min(slowestFlopPerMs.get(peer) ?? Infinity, flop / (t.median * 1000)));
          } catch (e) {
            if (!(e instanceof TooSlow)) throw e;
            tooSlow.push(`${peer} ${c.name}: ${e.message}`);
            slowestFlopPerMs.set(peer, Math.min(slowestFlopPerMs.get(peer) ?? Infinity, flop / e.callMs));
          }
          process.stdout.write('.');
        }
      } catch (e) {
        failed.add(peer);
        skips.push({ peer, reason: `failed: ${errorMessage(e)}` });
      }
    }

    for (const peer of ['numpy', 'torch'] as const) {
      if (failed.has(peer)) continue;
      const roundCases = cases.map((c) => ({ ...c, reps: repsPerRound(c.reps, rounds) }));
      const req = { task: 'gemm', threads: o.threads, repMs: o.repMs, warmupMs, budgetMs: budgetMs / rounds, cases: roundCases, check: CHECKS };
      const r = runPython<PyGemmAnswer>(peer, req, o.threads);
      if (!r.ok) {
        failed.add(peer);
        skips.push({ peer, reason: r.reason });
        continue;
      }
      if (!checkOutputs(peer, r.value.checks)) {
        failed.add(peer);
        continue;
      }
      config[peer] = `${r.value.version}; ${r.value.config}`;
      for (const c of cases) {
        const t = r.value.results[c.name];
        if (t) timings.set(`${peer}|${c.name}`, mergeTimings(timings.get(`${peer}|${c.name}`), t));
      }
      process.stdout.write('.');
    }
  }
  const fallbacks = fluxionCpuFallbacks();
  process.stdout.write('\n');

  const rows: Row[] = cases.map((c) => {
    const flop = 2 * c.m * c.k * c.n;
    const values: Record<string, number | undefined> = {};
    for (const p of PEERS) {
      const t = timings.get(`${p}|${c.name}`);
      if (t) values[p] = flop / t.median / 1e9;
    }
    return { case: c.name, values, info: { MFLOP: (flop / 1e6).toFixed(1) } };
  });
  const notes = [
    rounds > 1
      ? `medians of ${repsPerRound(o.reps, rounds) * rounds} repetitions (${repsPerRound(Math.max(5, Math.ceil(o.reps / 2)), rounds) * rounds} for n=2048) after ${warmupMs} ms of warm-up calls per case and round, a repetition repeating fast calls to last about ${o.repMs} ms; ` +
        `the peers take turns over ${rounds} rounds and their repetitions are pooled (fluxion-js and tfjs-cpu: first round only, ${o.reps} repetitions).`
      : `medians of ${o.reps} repetitions after warm-up (${Math.max(5, Math.ceil(o.reps / 2))} for n=2048); a repetition repeats fast calls to last about ${o.repMs} ms.`,
    'fluxion-js and tfjs-cpu run only the products up to 784 (they manage well under 1 GFLOP/s).',
    'a timed call makes the product and releases it (fx.matMul(...).dispose(), tf.matMul(...).dispose(), session.run, a @ b): ' +
      "the values exist when the call returns on every peer here, and none reads them back (onnxruntime's session.run returns its outputs as " +
      'new arrays: that is its API). Reading them (dataSync) hands the output\'s buffer ' +
      'to the program, so Fluxion cannot reuse it and allocates the next one afresh, and the garbage collections that this external memory ' +
      'triggers cost 10-40% at these sizes inside this benchmark process.',
  ];
  for (const t of tooSlow) notes.push(`skipped ${t}`);
  if (fallbacks.length > 0) notes.push(`kernels fluxion-cpu has run on js so far in this process (not yet native): ${fallbacks.join(', ')}`);
  return {
    name: 'gemm',
    title: 'gemm: float32 matMul',
    unit: 'GFLOP/s',
    higherIsBetter: true,
    baseline: 'fluxion-cpu',
    peers: [...PEERS],
    rows,
    skips,
    checks,
    config,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}

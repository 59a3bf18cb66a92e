/**
 * conv: the Fashion-MNIST CNN's conv2d layers at batch 64 ('valid', stride 1, NHWC/HWIO), forward
 * and forward+backward (gradients of the input and the filter, given dy), and its 2x2 max pools.
 * Milliseconds per call (median).
 */
import {
  type BenchOptions,
  type BenchResult,
  detData,
  errorMessage,
  relError,
  type Row,
  type Skip,
  type Timing,
  timeIt,
  TooSlow,
} from './harness.js';
import { type Framework, fluxion, tfjs } from './peers/frameworks.js';
import { fluxionConfig, fluxionCpuFallbacks, tfVersion } from './peers/js-peers.js';
import { runPython } from './peers/python.js';

export interface ConvCase {
  name: string;
  kind: 'conv' | 'pool';
  n: number;
  h: number;
  w: number;
  cin: number;
  kh: number;
  kw: number;
  cout: number;
}

const CASES: ConvCase[] = [
  { name: 'conv1 x[64,28,28,1] * f[3,3,1,32]', kind: 'conv', n: 64, h: 28, w: 28, cin: 1, kh: 3, kw: 3, cout: 32 },
  { name: 'conv2 x[64,13,13,32] * f[3,3,32,64]', kind: 'conv', n: 64, h: 13, w: 13, cin: 32, kh: 3, kw: 3, cout: 64 },
  { name: 'maxPool 2x2 x[64,26,26,32]', kind: 'pool', n: 64, h: 26, w: 26, cin: 32, kh: 2, kw: 2, cout: 32 },
  { name: 'maxPool 2x2 x[64,11,11,64]', kind: 'pool', n: 64, h: 11, w: 11, cin: 64, kh: 2, kw: 2, cout: 64 },
];

const CHECKS: ConvCase[] = [
  { name: 'check conv', kind: 'conv', n: 2, h: 7, w: 6, cin: 3, kh: 3, kw: 3, cout: 4 },
  { name: 'check pool', kind: 'pool', n: 2, h: 6, w: 8, cin: 3, kh: 2, kw: 2, cout: 3 },
];
const TOL = 1e-4;

const PEERS = ['fluxion-cpu', 'fluxion-js', 'tfjs-cpu', 'tfjs-wasm', 'torch'] as const;
type Peer = (typeof PEERS)[number];
const PHASES = ['forward', 'backward'] as const;
type Phase = (typeof PHASES)[number];
const phaseLabel = (c: ConvCase, p: Phase): string => (p === 'forward' ? 'forward' : c.kind === 'conv' ? 'fwd+bwd (dx, df)' : 'fwd+bwd (dx)');

function outShape(c: ConvCase): number[] {
  return c.kind === 'pool'
    ? [c.n, Math.floor(c.h / 2), Math.floor(c.w / 2), c.cin]
    : [c.n, c.h - c.kh + 1, c.w - c.kw + 1, c.cout];
}
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
const xShape = (c: ConvCase): number[] => [c.n, c.h, c.w, c.cin];
const fShape = (c: ConvCase): number[] => [c.kh, c.kw, c.cin, c.cout];

/** Multiply-adds ×2 of the forward conv (0 for pools). */
function convFlop(c: ConvCase): number {
  return c.kind === 'conv' ? 2 * size(outShape(c)) * c.kh * c.kw * c.cin : 0;
}

/** Outputs [y, dx, df?] of a case, from given inputs; backward: false computes y only. */
function compute<T>(fw: Framework<T>, c: ConvCase, x: T, f: T | null, dy: T, backward = true): Float32Array[] {
  if (c.kind === 'pool') {
    const y = fw.maxPool2(x);
    if (!backward) return [fw.data(y)];
    const [dx] = fw.grads((a) => fw.maxPool2(a), [x], dy);
    return [fw.data(y), fw.data(dx!)];
  }
  const y = fw.conv2d(x, f!);
  if (!backward) return [fw.data(y)];
  const [dx, df] = fw.grads((a, b) => fw.conv2d(a, b), [x, f!], dy);
  return [fw.data(y), fw.data(dx!), fw.data(df!)];
}

function checkInputs(c: ConvCase): { x: Float32Array; f: Float32Array; dy: Float32Array } {
  return { x: detData(size(xShape(c)), 1), f: detData(size(fShape(c)), 2, 0.5), dy: detData(size(outShape(c)), 3) };
}

function randData(n: number, seed: number): Float32Array {
  return detData(n, seed + 0.123, 1);
}

async function timePeer<T>(fw: Framework<T>, c: ConvCase, phase: Phase, o: BenchOptions): Promise<Timing> {
  const x = fw.tensor(randData(size(xShape(c)), 1), xShape(c));
  const f = c.kind === 'conv' ? fw.tensor(randData(size(fShape(c)), 2), fShape(c)) : null;
  const dy = fw.tensor(randData(size(outShape(c)), 3), outShape(c));
  // The outputs are complete when the calls return (every in-process peer here runs synchronously) and are released
  // by tidy without being read back, as the PyTorch peer's timed calls do not read theirs (see the note).
  const fn = (): void =>
    fw.tidy(() => {
      if (phase === 'forward') {
        if (c.kind === 'pool') fw.maxPool2(x);
        else fw.conv2d(x, f!);
      } else if (c.kind === 'pool') {
        fw.grads((a) => fw.maxPool2(a), [x], dy);
      } else {
        fw.grads((a, b) => fw.conv2d(a, b), [x, f!], dy);
      }
    });
  try {
    return await timeIt(fn, { reps: o.reps, repMs: o.repMs, warmupMs: o.quick ? 20 : 100, budgetMs: o.quick ? 1500 : 5000, maxCallMs: o.quick ? 1500 : 3000 });
  } finally {
    fw.dispose(f ? [x, f, dy] : [x, dy]);
  }
}

interface PyConvAnswer {
  version: string;
  config: string;
  checks: Record<string, number[][]>;
  results: Record<string, Record<Phase, Timing>>;
}

export async function runConv(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const skips: Skip[] = [];
  const checks: Record<string, string> = {};
  const config: Record<string, string> = {};
  const notes: string[] = [];
  const timings = new Map<string, Timing>(); // `${peer}|${case}|${phase}`

  // The oracle: Fluxion's js backend on the check cases.
  const oracle = fluxion('js');
  const ref: Record<string, Float32Array[]> = {};
  const why = await oracle.setup();
  if (why !== null) throw new Error(`conv: Fluxion's js backend is unavailable: ${why}`);
  for (const c of CHECKS) {
    const d = checkInputs(c);
    ref[c.name] = compute(oracle, c, oracle.tensor(d.x, xShape(c)), oracle.tensor(d.f, fShape(c)), oracle.tensor(d.dy, outShape(c)));
  }
  const check = (peer: string, outs: Record<string, ArrayLike<number>[]>): boolean => {
    let worst = 0;
    let backward = true;
    for (const c of CHECKS) {
      const got = outs[c.name] ?? [];
      if (got.length === 1) backward = false;
      ref[c.name]!.slice(0, Math.max(1, got.length)).forEach((want, i) => {
        worst = Math.max(worst, relError(got[i] ?? [], want));
      });
    }
    const ok = worst <= TOL;
    checks[peer] = `${ok ? 'ok' : 'FAILED'}: max relative error ${worst.toExponential(1)} vs fluxion-js on ${backward ? 'y, dx, df' : 'y'} of a small conv and max pool (tolerance ${TOL})`;
    if (!ok) skips.push({ peer, reason: `its outputs disagree with fluxion-js (${worst.toExponential(1)})` });
    return ok;
  };

  /** Runs one in-process framework: check, then every case and phase it is given. */
  const runFw = async <T>(fw: Framework<T>, cfg: string, maxFlop: number, maxBackwardFlop = Infinity): Promise<void> => {
    const w = await fw.setup();
    if (w !== null) {
      skips.push({ peer: fw.name, reason: w });
      return;
    }
    try {
      const outs: Record<string, Float32Array[]> = {};
      let backward = true;
      for (const c of CHECKS) {
        const d = checkInputs(c);
        const args = [fw.tensor(d.x, xShape(c)), fw.tensor(d.f, fShape(c)), fw.tensor(d.dy, outShape(c))] as const;
        try {
          outs[c.name] = compute(fw, c, ...args, backward);
        } catch (e) {
          // e.g. tfjs-wasm has no Conv2DBackpropFilter kernel: time its forward passes only.
          if (!backward) throw e;
          backward = false;
          notes.push(`${fw.name} runs no backward pass: ${errorMessage(e)}`);
          for (const k of CHECKS) {
            const dk = checkInputs(k);
            outs[k.name] = compute(fw, k, fw.tensor(dk.x, xShape(k)), fw.tensor(dk.f, fShape(k)), fw.tensor(dk.dy, outShape(k)), false);
          }
          break;
        }
      }
      if (!check(fw.name, outs)) return;
      config[fw.name] = cfg;
      for (const c of CASES) {
        if (convFlop(c) > maxFlop) continue;
        for (const phase of PHASES) {
          if (phase === 'backward' && (!backward || convFlop(c) > maxBackwardFlop)) continue;
          try {
            timings.set(`${fw.name}|${c.name}|${phase}`, await timePeer(fw, c, phase, o));
          } catch (e) {
            if (!(e instanceof TooSlow)) throw e;
            notes.push(`skipped ${fw.name} ${c.name} ${phase}: ${e.message}`);
          }
          process.stdout.write('.');
        }
      }
    } catch (e) {
      skips.push({ peer: fw.name, reason: `failed: ${errorMessage(e)}` });
    }
  };

  await runFw(fluxion('cpu'), fluxionConfig(), Infinity);
  const fallbacks = fluxionCpuFallbacks();
  await runFw(fluxion('js'), 'pure TypeScript reference backend, 1 thread', 30e6);
  // tfjs-cpu's conv gradients are naive loops (one conv1 backward call: ~5 s; conv2: ~80 s): forward only.
  await runFw(tfjs('cpu'), `${tfVersion()}, cpu backend, 1 thread`, Infinity, 0);
  await runFw(tfjs('wasm'), `${tfVersion()}, wasm backend (XNNPACK, SIMD), 1 thread`, Infinity);

  const req = { task: 'conv', threads: o.threads, reps: o.reps, repMs: o.repMs, warmupMs: o.quick ? 20 : 100, budgetMs: o.quick ? 1500 : 5000, cases: CASES, check: CHECKS };
  const r = runPython<PyConvAnswer>('torch', req, o.threads);
  if (!r.ok) skips.push({ peer: 'torch', reason: r.reason });
  else if (check('torch', r.value.checks)) {
    config['torch'] = `${r.value.version}; ${r.value.config}; NCHW (inputs permuted from NHWC for the check only)`;
    for (const c of CASES) {
      for (const phase of PHASES) {
        const t = r.value.results[c.name]?.[phase];
        if (t) timings.set(`torch|${c.name}|${phase}`, t);
      }
    }
  }
  process.stdout.write('\n');

  const rows: Row[] = [];
  for (const c of CASES) {
    for (const phase of PHASES) {
      const values: Record<string, number | undefined> = {};
      for (const p of PEERS as readonly Peer[]) {
        const t = timings.get(`${p}|${c.name}|${phase}`);
        if (t) values[p] = t.median * 1000;
      }
      const flop = convFlop(c) * (phase === 'forward' ? 1 : 3);
      rows.push({ case: `${c.name} ${phaseLabel(c, phase)}`, values, info: { MFLOP: flop > 0 ? (flop / 1e6).toFixed(0) : '' } });
    }
  }
  notes.unshift(
    `medians of ${o.reps} repetitions after ${o.quick ? 20 : 100} ms of warm-up calls; backward = one call of grads(conv2d)([x, f], dy) (or grad(maxPool)), which runs the forward too.`,
    'fluxion-js runs only the layers up to 30 MFLOP (reference); tfjs-cpu runs no conv backward (one call takes 5-80 s).',
    'a timed call computes the outputs and releases them (tidy; PyTorch drops them) without reading them back: they exist when the call ' +
      'returns on every peer here. Reading them (dataSync) would make Fluxion allocate each output afresh (see the gemm note).',
  );
  if (fallbacks.length > 0) notes.push(`kernels fluxion-cpu has run on js so far in this process (not yet native): ${fallbacks.join(', ')}`);
  return {
    name: 'conv',
    title: 'conv: Fashion-MNIST CNN layers, batch 64',
    unit: 'ms per call',
    higherIsBetter: false,
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

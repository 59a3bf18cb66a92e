/**
 * Quick sgemm throughput check: Fluxion (native cpu backend) vs numpy/OpenBLAS in the same run.
 * Usage: node --import tsx scripts/bench-gemm.ts [threads=2] [--no-numpy]
 * Prints GFLOP/s (2·m·k·n / median seconds) per shape, and from the fastest call (less sensitive to other load).
 */
import { execFileSync } from 'node:child_process';
import * as fx from '../src/index.js';

const threads = Number(process.argv[2] ?? 2) || 2;
const withNumpy = !process.argv.includes('--no-numpy');
const cases: [string, number, number, number, boolean, boolean][] = [
  ['square 256', 256, 256, 256, false, false],
  ['square 512', 512, 512, 512, false, false],
  ['square 1024', 1024, 1024, 1024, false, false],
  ['square 2048', 2048, 2048, 2048, false, false],
  ['mlp 128x784@784x256', 128, 784, 256, false, false],
  ['mlp 128x256@256x128', 128, 256, 128, false, false],
  ['dX 128x128@128x256^T', 128, 128, 256, false, true],
];

function numpy(): [number, number][] {
  const py = `
import numpy as np, time, json
cases = ${JSON.stringify(cases.map(([, m, k, n, ta, tb]) => [m, k, n, ta ? 1 : 0, tb ? 1 : 0]))}
out = []
for m, k, n, ta, tb in cases:
    a = np.random.randn(*( (k, m) if ta else (m, k))).astype(np.float32)
    b = np.random.randn(*( (n, k) if tb else (k, n))).astype(np.float32)
    A = a.T if ta else a
    B = b.T if tb else b
    flops = 2.0 * m * n * k
    reps = max(5, min(400, int(2e9 / flops)))
    for _ in range(3): A @ B
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); A @ B; ts.append(time.perf_counter() - t)
    ts.sort()
    out.append([flops / ts[len(ts) // 2] / 1e9, flops / ts[0] / 1e9])
print(json.dumps(out))
`;
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  return JSON.parse(execFileSync('python3', ['-c', py], { env, encoding: 'utf8' })) as [number, number][];
}

await fx.setBackend('cpu');
fx.setNumThreads(threads);
const np = withNumpy ? numpy() : [];
const rows: string[] = [];
for (let ci = 0; ci < cases.length; ci++) {
  const [name, m, k, n, ta, tb] = cases[ci] as (typeof cases)[number];
  const a = fx.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', 1);
  const b = fx.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', 2);
  const flops = 2 * m * n * k;
  const reps = Math.max(5, Math.min(400, Math.floor(2e9 / flops)));
  const run = () => {
    const y = fx.matMul(a, b, ta, tb);
    y.dataSync();
    y.dispose();
  };
  for (let i = 0; i < 3; i++) run();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    run();
    ts.push(performance.now() - t);
  }
  ts.sort((x, y) => x - y);
  const g = flops / ((ts[ts.length >> 1] as number) / 1e3) / 1e9;
  const best = flops / ((ts[0] as number) / 1e3) / 1e9;
  const [npMedian, npBest] = np[ci] ?? [NaN, NaN];
  rows.push(
    `${name.padEnd(24)} fluxion ${g.toFixed(1).padStart(6)} (best ${best.toFixed(1).padStart(6)})` +
      (withNumpy ? `  numpy ${(npMedian as number).toFixed(1).padStart(6)} (best ${(npBest as number).toFixed(1).padStart(6)})  ratio ${(g / (npMedian as number)).toFixed(2)}` : ''),
  );
  a.dispose();
  b.dispose();
}
console.log(`threads ${threads}`);
console.log(rows.join('\n'));

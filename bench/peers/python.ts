/**
 * Runs a Python peer (bench/peers/<script>.py) in a subprocess: one JSON request on stdin, one JSON
 * answer on stdout. numpy runs with `python3` (pip's numpy); PyTorch with `/usr/bin/python3` (Debian's
 * python3-torch). OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed from the numpy subprocess's
 * environment only, so that its current OpenBLAS picks its own (fastest) kernel; the thread count is
 * pinned for both.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, errorMessage } from '../harness.js';

export type PythonPeer = 'numpy' | 'torch';

export interface PythonAnswer<T> {
  ok: true;
  value: T;
}
export interface PythonFailure {
  ok: false;
  reason: string;
}

const interpreters: Record<PythonPeer, { exe: string; script: string }> = {
  numpy: { exe: process.env['FLUXION_BENCH_PYTHON'] ?? 'python3', script: 'numpy_peer.py' },
  torch: { exe: process.env['FLUXION_BENCH_TORCH_PYTHON'] ?? '/usr/bin/python3', script: 'torch_peer.py' },
};

function peerEnv(peer: PythonPeer, threads: number, blasThreads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (peer === 'numpy') {
    delete env['OPENBLAS_CORETYPE'];
    delete env['OPENBLAS_L2_SIZE'];
  }
  env['OPENBLAS_NUM_THREADS'] = String(blasThreads);
  env['OMP_NUM_THREADS'] = String(threads);
  env['PYTHONDONTWRITEBYTECODE'] = '1';
  return env;
}

/**
 * Sends `request` to the peer; `threads` pins its OpenMP pool and, unless `blasThreads` says otherwise, its
 * OpenBLAS pool (OpenBLAS reads OPENBLAS_NUM_THREADS at load; torch.set_num_threads does not change it).
 */
export function runPython<T>(
  peer: PythonPeer,
  request: object,
  threads: number,
  { timeoutMs = 300_000, blasThreads = threads }: { timeoutMs?: number; blasThreads?: number } = {},
): PythonAnswer<T> | PythonFailure {
  const { exe, script } = interpreters[peer];
  let r;
  try {
    r = spawnSync(exe, [join(BENCH_DIR, 'peers', script)], {
      input: JSON.stringify(request),
      encoding: 'utf8',
      env: peerEnv(peer, threads, blasThreads),
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    return { ok: false, reason: `${exe}: ${errorMessage(e)}` };
  }
  if (r.error) return { ok: false, reason: `${exe}: ${r.error.message}` };
  const stderrTail = (r.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
  if (r.status !== 0) return { ok: false, reason: `${exe} ${script} exited with ${r.status ?? r.signal}: ${stderrTail}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return { ok: false, reason: `${exe} ${script} printed no JSON: ${r.stdout.slice(0, 200)} ${stderrTail}` };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: `${script}: unexpected answer` };
  const rec = parsed as Record<string, unknown>;
  if (typeof rec['unavailable'] === 'string') return { ok: false, reason: rec['unavailable'] };
  if (typeof rec['error'] === 'string') return { ok: false, reason: rec['error'] };
  return { ok: true, value: parsed as T };
}

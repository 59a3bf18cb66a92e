/**
 * Dataset.map(f, {useWorkers: true}): f runs in worker threads. f is sent as source text, so it
 * must be self-contained (no captured variables); it receives the element and Fluxion's namespace.
 * Elements travel as packed bytes (tensors included) with their buffers transferred, not copied;
 * results come back in input order.
 */
import { Worker } from 'node:worker_threads';
import { FluxionError } from '../core/errors.js';
import { pack, unpack } from './cache-file.js';

export interface WorkerMapOptions {
  threads: number;
}

interface Reply {
  seq: number;
  result?: Uint8Array<ArrayBuffer>;
  error?: string;
}

function startWorker(source: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./map-worker.js', import.meta.url), { workerData: { source } });
  // Run from TypeScript sources (tests, examples under tsx): the worker registers tsx's loader first.
  const url = new URL('./map-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, workerData: { source } });
}

export async function* workerMap<T, U>(upstream: AsyncIterator<T>, f: (element: T, fx: never) => unknown, options: WorkerMapOptions): AsyncGenerator<U> {
  const source = f.toString();
  const workers = Array.from({ length: options.threads }, () => startWorker(source));
  const waiting = new Map<number, { resolve: (v: U) => void; reject: (e: Error) => void }>();
  const fail = (e: Error): void => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  for (const w of workers) {
    w.on('message', (reply: Reply) => {
      const entry = waiting.get(reply.seq);
      if (!entry) return;
      waiting.delete(reply.seq);
      if (reply.error !== undefined) entry.reject(new FluxionError(`map (worker thread): the mapped function threw: ${reply.error}`));
      else entry.resolve(unpack(reply.result as Uint8Array) as U);
    });
    w.on('error', (e: Error) => fail(new FluxionError(`map (worker thread): ${e.message}.`)));
  }
  let seq = 0;
  const dispatch = async (): Promise<IteratorResult<U>> => {
    const r = await upstream.next();
    if (r.done) return { done: true, value: undefined };
    const id = seq++;
    const packed = pack(r.value);
    const result = new Promise<U>((resolve, reject) => waiting.set(id, { resolve, reject }));
    (workers[id % workers.length] as Worker).postMessage({ seq: id, element: packed }, [packed.buffer]);
    return { done: false, value: await result };
  };
  const queue: Promise<IteratorResult<U>>[] = [];
  const depth = 2 * workers.length;
  try {
    for (let i = 0; i < depth; i++) queue.push(dispatch());
    queue.forEach((p) => p.catch(() => undefined));
    for (;;) {
      const r = await (queue.shift() as Promise<IteratorResult<U>>);
      if (r.done) return;
      const next = dispatch();
      next.catch(() => undefined);
      queue.push(next);
      yield r.value;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await upstream.return?.();
  }
}

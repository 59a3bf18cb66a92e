/** The worker thread behind Dataset.map(f, {useWorkers: true}): unpack, apply f, pack, reply. */
import { parentPort, workerData } from 'node:worker_threads';
import * as fx from '../index.js';
import { pack, unpack } from './cache-file.js';

type MapFn = (element: unknown, fxNamespace: typeof fx) => unknown;

const { source } = workerData as { source: string };
// Compilers that keep function names (esbuild's keepNames) wrap them in __name(fn, "name").
const compile = new Function('__name', `"use strict"; return (${source});`) as (keepName: (f: unknown) => unknown) => MapFn;
const fn = compile((f) => f);

parentPort?.on('message', (msg: { seq: number; element: Uint8Array }) => {
  void (async () => {
    try {
      const result = pack(await fn(unpack(msg.element), fx));
      parentPort?.postMessage({ seq: msg.seq, result }, [result.buffer]);
    } catch (e) {
      const hint = e instanceof ReferenceError ? ' (with useWorkers the function runs in another thread: it cannot use variables from its enclosing scope; use the fx argument for Fluxion)' : '';
      parentPort?.postMessage({ seq: msg.seq, error: `${e instanceof Error ? e.message : String(e)}${hint}` });
    }
  })();
});

/**
 * Child process of tfjs-fuzz.test.ts: loads mutated copies of valid TensorFlow.js model folders
 * and prints one JSON line: per-case outcome and time, and the process's peak memory.
 * Usage: node --import tsx test/io/tfjs-fuzz-worker.ts <work dir> <first case> <count> <base dir>...
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fx from '../../src/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** mulberry32: a small seeded generator, so that case i is the same mutation on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: (Json | 'DELETE')[] = [
  null, 0, -1, 1, 2, 7, 3.5, -2.25, 65536, 2 ** 31, 2 ** 40, 1e9, -1e9, '', 'x', 'Lambda', 'Dense', 'float16', 'int32', 'uint8', 'relu',
  'hard_sigmoid', 'channels_first', [], {}, [1, 2], [null, 3, 3], [[1, 2, 3]], true, false, { class_name: 'Lambda', config: {} },
  { dtype: 'uint8', scale: 1e30, min: -1e30 }, { dtype: 'float16' }, '../../../etc/passwd', '/etc/passwd', 'DELETE',
];

function paths(node: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const entries: [string | number, Json][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : node !== null && typeof node === 'object' ? Object.entries(node) : [];
  for (const [key, value] of entries) {
    out.push([...prefix, key]);
    paths(value, [...prefix, key], out);
  }
  return out;
}

function mutateJson(text: string, r: () => number): string {
  const root = JSON.parse(text) as Json;
  const all = paths(root);
  const count = 1 + Math.floor(r() * 3);
  for (let k = 0; k < count && all.length > 0; k++) {
    const path = all[Math.floor(r() * all.length)] as (string | number)[];
    // (An earlier mutation of this case may have removed the path; then this one is skipped.)
    let parent: Json | undefined = root;
    for (const p of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, Json>)[p] : undefined;
    if (parent === null || parent === undefined || typeof parent !== 'object') continue;
    const last = path[path.length - 1] as string | number;
    const value = REPLACEMENTS[Math.floor(r() * REPLACEMENTS.length)] as Json | 'DELETE';
    if (value === 'DELETE') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last as string];
    } else (parent as Record<string | number, Json>)[last] = value;
  }
  return JSON.stringify(root);
}

function flipBits(bytes: Uint8Array, r: () => number): Uint8Array {
  const out = new Uint8Array(bytes);
  const flips = 1 + Math.floor(r() * 8);
  for (let k = 0; k < flips && out.length > 0; k++) {
    const i = Math.floor(r() * out.length);
    out[i] = (out[i] as number) ^ (1 << Math.floor(r() * 8));
  }
  return out;
}

function truncate(bytes: Uint8Array, r: () => number): Uint8Array {
  return bytes.subarray(0, Math.floor(r() * bytes.length));
}

/** Case i: one of six kinds of damage to model.json and/or its shard. */
export function mutate(i: number, json: string, shard: Uint8Array): { kind: string; json: string; shard: Uint8Array } {
  const r = rng(0x5eed + i * 7919);
  const kind = i % 6;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  switch (kind) {
    case 0:
      return { kind: 'json bit flips', json: dec.decode(flipBits(enc.encode(json), r)), shard };
    case 1:
      return { kind: 'shard bit flips', json, shard: flipBits(shard, r) };
    case 2:
      return { kind: 'json truncated', json: dec.decode(truncate(enc.encode(json), r)), shard };
    case 3:
      return { kind: 'shard truncated', json, shard: truncate(shard, r) };
    case 4:
      return { kind: 'json field mutation', json: mutateJson(json, r), shard };
    default: {
      const grown = new Uint8Array(shard.length + Math.floor(r() * 64));
      grown.set(shard);
      return { kind: 'json field mutation + shard resized', json: mutateJson(json, r), shard: r() < 0.5 ? truncate(shard, r) : grown };
    }
  }
}

async function main(): Promise<void> {
  const [work, firstArg, countArg, ...bases] = process.argv.slice(2);
  const first = Number(firstArg);
  const count = Number(countArg);
  const sources = bases.map((b) => ({ json: readFileSync(join(b, 'model.json'), 'utf8'), shard: new Uint8Array(readFileSync(join(b, 'group1-shard1of1.bin'))) }));
  const results: { i: number; kind: string; outcome: string; ms: number; message?: string }[] = [];
  for (let i = first; i < first + count; i++) {
    const base = sources[i % sources.length] as { json: string; shard: Uint8Array };
    const m = mutate(Math.floor(i / sources.length), base.json, base.shard);
    const folder = join(work as string, `case${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'model.json'), m.json);
    writeFileSync(join(folder, 'group1-shard1of1.bin'), m.shard);
    const t0 = performance.now();
    let outcome = 'loaded';
    let message: string | undefined;
    try {
      await fx.loadLayersModel(`file://${folder}/model.json`);
    } catch (e) {
      outcome = e instanceof fx.FluxionError ? 'fluxion-error' : 'other-error';
      message = e instanceof Error ? `${e.name}: ${e.message} @ ${(e.stack ?? "").split("\n").slice(1, 3).join(" | ")}`.slice(0, 500) : String(e);
    }
    results.push({ i, kind: m.kind, outcome, ms: performance.now() - t0, ...(outcome === 'other-error' && message !== undefined ? { message } : {}) });
  }
  process.stdout.write(`${JSON.stringify({ results, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

await main();

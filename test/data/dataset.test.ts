import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { collect, plain } from './helpers.js';

const { data } = fx;

describe('fx.data sources', () => {
  test('array: elements as given, re-iterable, size known', async () => {
    const ds = data.array([1, 2, 3]);
    assert.deepEqual(await ds.toArray(), [1, 2, 3]);
    assert.deepEqual(await ds.toArray(), [1, 2, 3]);
    assert.equal(ds.size, 3);
    assert.equal(ds.cardinality(), 3);
  });

  test('for await, forEachAsync and iterator() see the same elements', async () => {
    const ds = data.array(['a', 'b']);
    const seen: string[] = [];
    for await (const e of ds) seen.push(e);
    await ds.forEachAsync((e) => void seen.push(e));
    const it = await ds.iterator();
    const r1 = await it.next();
    const r2 = await it.next();
    const r3 = await it.next();
    assert.deepEqual(seen, ['a', 'b', 'a', 'b']);
    assert.deepEqual([r1.value, r2.value, r3.done], ['a', 'b', true]);
  });

  test('fromTensorSlices: rows of a tensor, and of an object and an array of tensors', async () => {
    const x = fx.tensor([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(await collect(data.fromTensorSlices(x)), [[1, 2], [3, 4], [5, 6]]);
    const ds = data.fromTensorSlices({ xs: x, ys: fx.tensor([7, 8, 9], [3], 'int32') });
    assert.equal(ds.size, 3);
    assert.deepEqual(await collect(ds), [
      { xs: [1, 2], ys: 7 },
      { xs: [3, 4], ys: 8 },
      { xs: [5, 6], ys: 9 },
    ]);
    const row = (await ds.toArray())[0];
    assert.equal(row?.ys.dtype, 'int32');
    assert.deepEqual(await collect(data.fromTensorSlices([x, fx.tensor([0, 1, 0])])), [[[1, 2], 0], [[3, 4], 1], [[5, 6], 0]]);
  });

  test('fromTensorSlices: tensors with different first dimensions name the field', () => {
    assert.throws(
      () => data.fromTensorSlices({ xs: fx.zeros([3, 2]), ys: fx.zeros([4]) }),
      { message: 'fromTensorSlices: ys has 4 rows (shape [4]), but xs has 3; all must have the same first dimension.' },
    );
  });

  test('generator: sync and async generator functions, called afresh each iteration', async () => {
    let calls = 0;
    const ds = data.generator(function* () {
      calls++;
      yield 1;
      yield 2;
    });
    assert.deepEqual(await ds.toArray(), [1, 2]);
    assert.deepEqual(await ds.toArray(), [1, 2]);
    assert.equal(calls, 2);
    assert.equal(ds.cardinality(), fx.data.UNKNOWN_CARDINALITY);
    const asyncDs = data.generator(async function* () {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield { i };
      }
    });
    assert.deepEqual(await asyncDs.toArray(), [{ i: 0 }, { i: 1 }, { i: 2 }]);
    assert.throws(() => data.generator(42 as unknown as () => Iterator<number>), /generator: expected a function/);
  });

  test('range: like tf.data.Dataset.range', async () => {
    assert.deepEqual(await data.range(4).toArray(), [0, 1, 2, 3]);
    assert.deepEqual(await data.range(2, 10, 3).toArray(), [2, 5, 8]);
    assert.deepEqual(await data.range(5, 0, -2).toArray(), [5, 3, 1]);
    assert.equal(data.range(2, 10, 3).size, 3);
    assert.throws(() => data.range(0, 5, 0), { message: 'range: step must not be 0.' });
  });

  test('zip: arrays and objects of datasets, ending with the shortest', async () => {
    const a = data.range(3);
    const b = data.array(['x', 'y']);
    assert.deepEqual(await data.zip([a, b]).toArray(), [[0, 'x'], [1, 'y']]);
    assert.deepEqual(await data.zip({ n: a, s: b }).toArray(), [{ n: 0, s: 'x' }, { n: 1, s: 'y' }]);
    assert.equal(data.zip([a, b]).size, 2);
    assert.throws(() => data.zip({ a, b: [1, 2] as unknown as fx.data.Dataset<number> }), { message: "zip: the field 'b' is an array of length 2, not a Dataset; zip takes an array or object of datasets." });
  });

  test('concatenate appends, and the sizes add up', async () => {
    const ds = data.range(2).concatenate(data.range(3));
    assert.deepEqual(await ds.toArray(), [0, 1, 0, 1, 2]);
    assert.equal(ds.size, 5);
  });
});

describe('fx.data transformations', () => {
  test('map (sync and async functions) and mapAsync', async () => {
    assert.deepEqual(await data.range(3).map((x) => x * 10).toArray(), [0, 10, 20]);
    assert.deepEqual(await data.range(3).mapAsync(async (x) => Promise.resolve(x + 1)).toArray(), [1, 2, 3]);
  });

  test('map with numParallelCalls runs calls concurrently and keeps the order', async () => {
    let active = 0;
    let maxActive = 0;
    const ds = data.range(8).map(
      async (x) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, (8 - x) * 2)); // later elements finish first
        active--;
        return x;
      },
      { numParallelCalls: 4 },
    );
    assert.deepEqual(await ds.toArray(), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(maxActive, 4);
  });

  test('map with useWorkers runs the function in worker threads, tensors included', async () => {
    const ds = data
      .fromTensorSlices(fx.tensor([[1, 2], [3, 4], [5, 6], [7, 8]]))
      .map((x, fxw) => {
        const { threadId } = process.getBuiltinModule('node:worker_threads');
        return { y: fxw.mul(x, 2), threadId };
      }, { numParallelCalls: 2, useWorkers: true });
    const out = await ds.toArray();
    assert.deepEqual(out.map((e) => plain(e.y)), [[2, 4], [6, 8], [10, 12], [14, 16]]);
    assert.ok(out.every((e) => e.threadId > 0), 'ran outside the main thread');
    assert.equal(new Set(out.map((e) => e.threadId)).size, 2);
  });

  test('map with useWorkers reports the error of a function that uses a captured variable', async () => {
    const factor = 3;
    const ds = data.range(2).map((x) => x * factor, { useWorkers: true, numParallelCalls: 1 });
    await assert.rejects(ds.toArray(), /map \(worker thread\): the mapped function threw: factor is not defined \(with useWorkers the function runs in another thread/);
  });

  test('filter keeps matching elements; the size becomes unknown', async () => {
    const ds = data.range(10).filter((x) => x % 3 === 0);
    assert.deepEqual(await ds.toArray(), [0, 3, 6, 9]);
    assert.equal(ds.cardinality(), data.UNKNOWN_CARDINALITY);
  });

  test('batch stacks numbers and tensors; smallLastBatch / dropRemainder', async () => {
    const b = await data.range(5).batch(2).toArray();
    assert.deepEqual(b.map(plain), [[0, 1], [2, 3], [4]]);
    assert.equal(b[0]?.dtype, 'int32');
    assert.deepEqual(await collect(data.range(5).batch(2, false)), [[0, 1], [2, 3]]);
    assert.deepEqual(await collect(data.range(5).batch(2, { dropRemainder: true })), [[0, 1], [2, 3]]);
    assert.equal(data.range(5).batch(2).size, 3);
    assert.equal(data.range(5).batch(2, { dropRemainder: true }).size, 2);
    const floats = await data.array([0.5, 1]).batch(2).toArray();
    assert.equal(floats[0]?.dtype, 'float32');
  });

  test('batch batches nested structures field by field', async () => {
    const ds = data.array([
      { xs: { a: fx.tensor([1, 2]), b: 1 }, ys: [fx.scalar(0), 'p'] },
      { xs: { a: fx.tensor([3, 4]), b: 2 }, ys: [fx.scalar(1), 'q'] },
    ]);
    const [batch] = await ds.batch(2).toArray();
    assert.deepEqual(plain(batch), { xs: { a: [[1, 2], [3, 4]], b: [1, 2] }, ys: [[0, 1], ['p', 'q']] });
    assert.deepEqual(batch?.xs.a.shape, [2, 2]);
  });

  test('batch: mismatched structures and shapes name the field', async () => {
    const missing = data.array<Record<string, number>>([{ xs: 1, ys: 2 }, { xs: 3 }]).batch(2);
    await assert.rejects(missing.toArray(), {
      message: 'batch: the element of element 1 has the fields {xs}, but element 0 has the fields {xs, ys}; every element must have the same structure.',
    });
    const shapes = data.array([{ xs: fx.zeros([2]) }, { xs: fx.zeros([3]) }]).batch(2);
    await assert.rejects(shapes.toArray(), {
      message: "batch: field 'xs' of element 1 has shape [3], but element 0 has [2]; batch() needs equal shapes: use paddedBatch() or resize them in a map().",
    });
    const kinds = data.array<{ a: unknown }>([{ a: fx.zeros([2]) }, { a: 'text' }]).batch(2);
    await assert.rejects(kinds.toArray(), /batch: field 'a' of element 1 is the string "text", but element 0 has a Tensor there/);
  });

  test('paddedBatch pads to the longest element (or to given shapes)', async () => {
    const ds = data.array([fx.tensor([1]), fx.tensor([2, 3, 4]), fx.tensor([5, 6])]);
    assert.deepEqual(await collect(ds.paddedBatch(2)), [[[1, 0, 0], [2, 3, 4]], [[5, 6]]]);
    assert.deepEqual(await collect(ds.paddedBatch(3, [4], -1)), [[[1, -1, -1, -1], [2, 3, 4, -1], [5, 6, -1, -1]]]);
    const nested = data.array([{ t: fx.tensor([[1]]) }, { t: fx.tensor([[1, 2], [3, 4]]) }]);
    assert.deepEqual(await collect(nested.paddedBatch(2)), [{ t: [[[1, 0], [0, 0]], [[1, 2], [3, 4]]] }]);
  });

  test('unbatch and rebatch', async () => {
    const ds = data.range(7).batch(3);
    assert.deepEqual(await collect(ds.unbatch()), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(await collect(ds.rebatch(2)), [[0, 1], [2, 3], [4, 5], [6]]);
    const objs = data.array([{ x: fx.tensor([[1, 2], [3, 4]]), name: ['a', 'b'] }]);
    assert.deepEqual(await collect(objs.unbatch()), [{ x: [1, 2], name: 'a' }, { x: [3, 4], name: 'b' }]);
    const bad = data.array([{ x: fx.zeros([2, 1]), y: fx.zeros([3]) }]);
    await assert.rejects(bad.unbatch().toArray(), { message: "unbatch: field 'y' has 3 rows, but field 'x' has 2; every field must have the same batch size." });
  });

  test('shuffle with a seed is deterministic, a permutation, and reshuffles each iteration', async () => {
    const a = data.range(100).shuffle(100, 42);
    const b = data.range(100).shuffle(100, 42);
    const a1 = await a.toArray();
    const a2 = await a.toArray();
    assert.deepEqual(a1, await b.toArray(), 'same seed, same first order');
    assert.deepEqual(a2, await b.toArray(), 'same seed, same second order');
    assert.notDeepEqual(a1, a2, 'reshuffleEachIteration gives each epoch its own order');
    assert.deepEqual([...a1].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
    assert.notDeepEqual(a1, Array.from({ length: 100 }, (_, i) => i));
    const fixed = data.range(50).shuffle(50, 'seed', false);
    assert.deepEqual(await fixed.toArray(), await fixed.toArray());
    assert.notDeepEqual(await data.range(100).shuffle(100, 1).toArray(), await data.range(100).shuffle(100, 2).toArray());
  });

  test('shuffle and batch of tensor rows (the index fast path) give exactly what the element path gives', async () => {
    const x = fx.reshape(fx.range(0, 300), [100, 3]);
    const rows = fx.data.fromTensorSlices({ x, i: fx.range(0, 100, 1, 'int32') });
    const order = (await rows.shuffle(30, 9).toArray()).map((e) => e.i.dataSync()[0]);
    assert.deepEqual(order, await data.range(100).shuffle(30, 9).toArray(), 'same order as shuffling the elements themselves');
    const fast = await rows.shuffle(100, 4).batch(16).toArray();
    const slow = await rows.map((e) => e).shuffle(100, 4).batch(16).toArray();
    assert.deepEqual(fast.map(plain), slow.map(plain));
    assert.deepEqual(fast.map((b) => b.x.shape), slow.map((b) => b.x.shape));
    assert.equal(fast[0]?.i.dtype, 'int32');
    assert.deepEqual((await rows.batch(40, { dropRemainder: true }).toArray()).map((b) => b.x.shape), [[40, 3], [40, 3]]);
    assert.equal(rows.batch(40, { dropRemainder: true }).size, 2);
  });

  test('shuffle with a small buffer only moves elements locally', async () => {
    const out = await data.range(1000).shuffle(10, 3).toArray();
    // An element can only be emitted after its predecessors up to bufferSize back were read.
    out.forEach((v, i) => assert.ok(v <= i + 10, `element ${v} at position ${i}`));
    assert.deepEqual([...out].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  });

  test('unseeded shuffle follows fx.setSeed', async () => {
    fx.setSeed(5);
    const a = await data.range(20).shuffle(20).toArray();
    fx.setSeed(5);
    const b = await data.range(20).shuffle(20).toArray();
    assert.deepEqual(a, b);
  });

  test('repeat, take and skip arithmetic, with cardinality', async () => {
    const ds = data.range(3);
    assert.deepEqual(await ds.repeat(2).toArray(), [0, 1, 2, 0, 1, 2]);
    assert.equal(ds.repeat(2).size, 6);
    assert.equal(ds.repeat().cardinality(), data.INFINITE_CARDINALITY);
    assert.deepEqual(await ds.repeat().take(7).toArray(), [0, 1, 2, 0, 1, 2, 0]);
    assert.equal(ds.repeat().take(7).size, 7);
    assert.deepEqual(await ds.take(10).toArray(), [0, 1, 2]);
    assert.equal(ds.take(10).size, 3);
    assert.deepEqual(await ds.take(0).toArray(), []);
    assert.deepEqual(await ds.skip(1).toArray(), [1, 2]);
    assert.equal(ds.skip(5).size, 0);
    assert.deepEqual(await ds.skip(5).toArray(), []);
    assert.deepEqual(await ds.repeat(3).skip(4).take(3).toArray(), [1, 2, 0]);
    assert.equal(ds.repeat(3).skip(4).take(3).size, 3);
    assert.deepEqual(await ds.repeat(0).toArray(), []);
    assert.deepEqual(await data.array([]).repeat().take(3).toArray(), [], 'an empty dataset repeated forever is empty');
    await assert.rejects(ds.repeat().toArray(), { message: 'toArray: the dataset is infinite (repeat() without a count?); take(n) first.' });
    assert.throws(() => ds.take(1.5), { message: 'take: count must be an integer >= 0, but received number 1.5.' });
  });

  test('shard takes every numShards-th element; the shards partition the data', async () => {
    const ds = data.range(10);
    assert.deepEqual(await ds.shard(3, 0).toArray(), [0, 3, 6, 9]);
    assert.deepEqual(await ds.shard(3, 1).toArray(), [1, 4, 7]);
    assert.deepEqual(await ds.shard(3, 2).toArray(), [2, 5, 8]);
    assert.deepEqual([ds.shard(3, 0).size, ds.shard(3, 1).size, ds.shard(3, 2).size], [4, 3, 3]);
    const all = (await Promise.all([0, 1, 2, 3].map((i) => ds.shard(4, i).toArray()))).flat().sort((a, b) => a - b);
    assert.deepEqual(all, await ds.toArray());
    assert.throws(() => ds.shard(3, 3), { message: 'shard: index must be < numShards (3), but received 3.' });
  });

  test('prefetch reads ahead of the consumer and keeps the order', async () => {
    let produced = 0;
    const ds = data
      .generator(function* () {
        for (let i = 0; i < 10; i++) {
          produced++;
          yield i;
        }
      })
      .prefetch(3);
    const it = await ds.iterator();
    const first = await it.next();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(first.value, 0);
    assert.ok(produced >= 3, `read ahead: ${produced} produced after one was consumed`);
    const rest: number[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    assert.deepEqual(rest, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(await data.range(5).prefetch(data.AUTOTUNE).toArray(), [0, 1, 2, 3, 4]);
  });

  test('prefetch overlaps a slow source with a slow consumer', async () => {
    const slow = data.generator(async function* () {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 20));
        yield i;
      }
    });
    const consume = async (ds: fx.data.Dataset<number>): Promise<number> => {
      const t0 = performance.now();
      for await (const _ of ds) await new Promise((r) => setTimeout(r, 20));
      return performance.now() - t0;
    };
    const serial = await consume(slow);
    const overlapped = await consume(slow.prefetch(2));
    assert.ok(overlapped < serial * 0.8, `prefetched ${overlapped.toFixed(0)} ms vs ${serial.toFixed(0)} ms`);
  });

  test('cache in memory: the source is read once', async () => {
    let reads = 0;
    const ds = data
      .generator(function* () {
        reads++;
        yield* [1, 2, 3];
      })
      .cache();
    assert.deepEqual(await ds.toArray(), [1, 2, 3]);
    assert.deepEqual(await ds.toArray(), [1, 2, 3]);
    assert.equal(reads, 1);
  });

  test('cache to a file: survives the dataset, keeps tensors, strings and nesting; partial passes are not kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-cache-'));
    try {
      const file = join(dir, 'cache');
      let reads = 0;
      const make = (): fx.data.Dataset<{ x: fx.Tensor; name: string; n: number[] }> =>
        data
          .generator(function* () {
            reads++;
            for (let i = 0; i < 3; i++) yield { x: fx.tensor([i, i + 0.5], [2], 'float64'), name: `r${i}`, n: [i, i * 2] };
          })
          .cache(file);
      await make().take(1).toArray();
      assert.equal(existsSync(file), false, 'a partial pass leaves no cache');
      const first = await collect(make());
      assert.ok(existsSync(file));
      const again = await make().toArray();
      assert.deepEqual(again.map(plain), first);
      assert.equal(again[2]?.x.dtype, 'float64');
      assert.equal(reads, 2, 'the third pass read the cache file, not the source');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('interleave: cycleLength inputs open at once, blockLength elements from each', async () => {
    const ds = data.array([0, 1, 2]).interleave((x) => data.array([x * 10, x * 10 + 1, x * 10 + 2]), { cycleLength: 2, blockLength: 1 });
    assert.deepEqual(await ds.toArray(), [0, 10, 1, 11, 2, 12, 20, 21, 22]);
    const blocks = data.array([0, 1]).interleave((x) => data.range(x * 10, x * 10 + 4), { cycleLength: 2, blockLength: 2 });
    assert.deepEqual(await blocks.toArray(), [0, 1, 10, 11, 2, 3, 12, 13]);
  });

  test('window: sliding windows with shift, stride and dropRemainder', async () => {
    assert.deepEqual(await data.range(7).window(3, { shift: 2 }).toArray(), [[0, 1, 2], [2, 3, 4], [4, 5, 6], [6]]);
    assert.deepEqual(await data.range(7).window(3, { shift: 2, dropRemainder: true }).toArray(), [[0, 1, 2], [2, 3, 4], [4, 5, 6]]);
    assert.deepEqual(await data.range(7).window(2, { shift: 1, stride: 2, dropRemainder: true }).toArray(), [[0, 2], [1, 3], [2, 4], [3, 5], [4, 6]]);
    assert.deepEqual(await data.range(10).window(2, { shift: 4 }).toArray(), [[0, 1], [4, 5], [8, 9]]);
    assert.equal(data.range(7).window(3, { shift: 2, dropRemainder: true }).size, 3);
    assert.equal(data.range(7).window(3, { shift: 2 }).size, 4);
  });

  test('enumerate and apply', async () => {
    assert.deepEqual(await data.array(['a', 'b']).enumerate().toArray(), [[0, 'a'], [1, 'b']]);
    assert.deepEqual(await data.array(['a']).enumerate(5).toArray(), [[5, 'a']]);
    const pipeline = (ds: fx.data.Dataset<number>): fx.data.Dataset<number> => ds.filter((x) => x > 0).map((x) => x * 2);
    assert.deepEqual(await data.range(3).apply(pipeline).toArray(), [2, 4]);
  });

  test('errors name the function, what was expected and what was received', async () => {
    assert.throws(() => data.range(3).batch(0), { message: 'batch: batchSize must be an integer >= 1, but received number 0.' });
    assert.throws(() => data.range(3).shuffle(-1), { message: 'shuffle: bufferSize must be an integer >= 1, but received number -1.' });
    assert.throws(() => data.range(3).map((x) => x, { numParallelCalls: 0 }), { message: 'map: numParallelCalls must be an integer >= 1, but received number 0.' });
    await assert.rejects(data.array([{ x: new Date() }]).batch(1).toArray(), /batch: field 'x' holds a Date; elements must be tensors/);
  });

  test('a full pipeline: fromTensorSlices -> shuffle -> map -> batch -> prefetch', async () => {
    const x = fx.reshape(fx.range(0, 40), [20, 2]);
    const y = fx.range(0, 20, 1, 'int32');
    const ds = data
      .fromTensorSlices({ xs: x, ys: y })
      .shuffle(20, 7)
      .map(({ xs, ys }) => ({ xs: fx.mul(xs, 2), ys }))
      .batch(8)
      .prefetch(2);
    assert.equal(ds.size, 3);
    const batches = await ds.toArray();
    assert.deepEqual(batches.map((b) => b.xs.shape), [[8, 2], [8, 2], [4, 2]]);
    const labels = batches.flatMap((b) => Array.from(b.ys.dataSync()));
    assert.deepEqual([...labels].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
    for (const b of batches) {
      const xs = b.xs.arraySync() as number[][];
      Array.from(b.ys.dataSync()).forEach((label, i) => assert.deepEqual(xs[i], [label * 4, label * 4 + 2]));
    }
  });
});

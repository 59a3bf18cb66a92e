import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { assertClose, randomTensor, runMultiInputLayerTest } from '../helpers/multi-input-layer-test.js';

/** Keras's rule, written out: insert size-1 axes after the batch axis, then broadcast axis by axis. */
function reference(inputs: fx.Tensor[], f: (vals: number[]) => number): { values: number[]; shape: number[] } {
  const rank = Math.max(...inputs.map((t) => t.rank));
  const shapes = inputs.map((t) => {
    const s = [...t.shape];
    while (s.length < rank) s.splice(1, 0, 1);
    return s;
  });
  const shape = Array.from({ length: rank }, (_, i) => Math.max(...shapes.map((s) => s[i] as number)));
  const size = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    const idx: number[] = [];
    let r = flat;
    for (let i = rank - 1; i >= 0; i--) {
      idx[i] = r % (shape[i] as number);
      r = Math.floor(r / (shape[i] as number));
    }
    const vals = inputs.map((t, k) => {
      const s = shapes[k] as number[];
      let off = 0;
      for (let i = 0; i < rank; i++) off = off * (s[i] as number) + ((s[i] as number) === 1 ? 0 : (idx[i] as number));
      return t.dataSync()[off] as number;
    });
    values.push(f(vals));
  }
  return { values, shape };
}

const elementwise: [string, (a: fx.layers.LayerArgs) => fx.layers.Layer, (v: number[]) => number][] = [
  ['Add', (a) => fx.layers.add(a), (v) => v.reduce((x, y) => x + y, 0)],
  ['Multiply', (a) => fx.layers.multiply(a), (v) => v.reduce((x, y) => x * y, 1)],
  ['Average', (a) => fx.layers.average(a), (v) => v.reduce((x, y) => x + y, 0) / v.length],
  ['Maximum', (a) => fx.layers.maximum(a), (v) => Math.max(...v)],
  ['Minimum', (a) => fx.layers.minimum(a), (v) => Math.min(...v)],
];

for (const [name, make, f] of elementwise) {
  describe(name, () => {
    test('layer contract on three inputs (shapes, config round trip, gradients)', () => {
      runMultiInputLayerTest((dtype) => make({ dtype }), { inputShapes: [[2, 3, 4], [2, 3, 4], [2, 3, 4]], expectedOutputShape: [2, 3, 4] });
    });
    test('values match a straightforward implementation, with Keras 3 broadcasting', () => {
      const a = randomTensor([2, 3, 4], 1, 'float32');
      const b = randomTensor([2, 1, 4], 2, 'float32');
      const c = randomTensor([2, 4], 3, 'float32');
      const y = make({}).apply([a, b, c]) as fx.Tensor;
      const ref = reference([a, b, c], f);
      assertClose(y, ref.values, ref.shape);
      const sym = make({}).apply([fx.input({ shape: [3, 4] }), fx.input({ shape: [1, 4] }), fx.input({ shape: [4] })]) as fx.layers.SymbolicTensor;
      assert.deepEqual(sym.shape, [null, 3, 4]);
    });
    test('incompatible shapes name the layer and both shapes', () => {
      const l = make({ name: 'm' });
      assert.throws(() => l.apply([fx.input({ shape: [3] }), fx.input({ shape: [4] })]), {
        message: `${name} "m": inputs have incompatible shapes: received shapes [null, 3] and [null, 4]; after the batch axis, axes aligned from the right must have equal sizes or size 1.`,
      });
      assert.throws(() => make({ name: 'b' }).apply([fx.zeros([2, 3]), fx.zeros([5, 3])]), {
        message: `${name} "b": cannot merge tensors with different batch sizes; received shapes [2, 3] and [5, 3].`,
      });
      assert.throws(() => make({ name: 's' }).apply(fx.zeros([2, 3])), {
        message: `${name} "s": a merge layer must be called on a list of tensors, but received a single tensor of shape [2, 3].`,
      });
    });
    test('the output mask is the OR of the input masks when every input has one (Keras 3)', () => {
      const l = make({});
      const m1 = fx.tensor([[1, 1, 0, 0]], [1, 4], 'bool');
      const m2 = fx.tensor([[1, 0, 1, 0]], [1, 4], 'bool');
      const x = fx.zeros([1, 4, 2]);
      assert.deepEqual(Array.from((l.computeMask([x, x], [m1, m2]) as fx.Tensor).dataSync()), [1, 1, 1, 0]);
      assert.equal(l.computeMask([x, x], [m1, null as unknown as fx.Tensor]), null);
      assert.equal(l.computeMask([x, x], null), null);
    });
  });
}

describe('masked merges (Keras 3: masked-out values do not take part)', () => {
  // Two inputs [1, 4, 2] with step masks [1, 4]: steps (on, on), (on, off), (off, on), (off, off).
  const a = randomTensor([1, 4, 2], 30, 'float32');
  const b = randomTensor([1, 4, 2], 31, 'float32');
  const masks = [fx.tensor([[1, 1, 0, 0]], [1, 4], 'bool'), fx.tensor([[1, 0, 1, 0]], [1, 4], 'bool')];
  const on = [[true, true, false, false], [true, false, true, false]];
  /** f over the values whose step is unmasked; `none` where both are masked out. */
  const expected = (f: (v: number[]) => number, none: (x: number, y: number) => number): number[] => {
    const av = Array.from(a.dataSync());
    const bv = Array.from(b.dataSync());
    return av.map((x, i) => {
      const t = Math.floor(i / 2);
      const y = bv[i] as number;
      const vals = [on[0]![t] ? x : null, on[1]![t] ? y : null].filter((v): v is number => v !== null);
      return vals.length === 0 ? none(x, y) : f(vals);
    });
  };
  test('Maximum and Minimum take the unmasked values (the first input where both are masked)', () => {
    assertClose(fx.layers.maximum().apply([a, b], { mask: masks }) as fx.Tensor, expected((v) => Math.max(...v), (x) => x), [1, 4, 2]);
    assertClose(fx.layers.minimum().apply([a, b], { mask: masks }) as fx.Tensor, expected((v) => Math.min(...v), (x) => x), [1, 4, 2]);
  });
  test('Multiply treats masked values as 1 and gives 0 where both are masked', () => {
    assertClose(fx.layers.multiply().apply([a, b], { mask: masks }) as fx.Tensor, expected((v) => v.reduce((p, q) => p * q, 1), () => 0), [1, 4, 2]);
  });
  test('Add ignores masks in the values, as Keras does', () => {
    const sum = Array.from(a.dataSync()).map((x, i) => x + (b.dataSync()[i] as number));
    assertClose(fx.layers.add().apply([a, b], { mask: masks }) as fx.Tensor, sum, [1, 4, 2]);
  });
});

describe('Subtract', () => {
  test('layer contract', () => runMultiInputLayerTest((dtype) => fx.layers.subtract({ dtype }), { inputShapes: [[2, 5], [2, 5]], expectedOutputShape: [2, 5] }));
  test('values: a - b with broadcasting', () => {
    const a = randomTensor([2, 3, 4], 4, 'float32');
    const b = randomTensor([2, 4], 5, 'float32');
    const ref = reference([a, b], (v) => (v[0] as number) - (v[1] as number));
    assertClose(fx.layers.subtract().apply([a, b]) as fx.Tensor, ref.values, ref.shape);
  });
  test('exactly two inputs', () => {
    assert.throws(() => fx.layers.subtract({ name: 'sub' }).apply([fx.zeros([1, 2]), fx.zeros([1, 2]), fx.zeros([1, 2])]), {
      message: 'Subtract "sub": expected exactly 2 inputs, but received 3 (shapes [1, 2], [1, 2], [1, 2]).',
    });
  });
});

describe('Concatenate', () => {
  test('layer contract (axis -1 and axis 1)', () => {
    runMultiInputLayerTest((dtype) => fx.layers.concatenate({ dtype }), { inputShapes: [[2, 3, 4], [2, 3, 2]], expectedOutputShape: [2, 3, 6] });
    runMultiInputLayerTest((dtype) => fx.layers.concatenate({ axis: 1, dtype }), { inputShapes: [[2, 1, 4], [2, 3, 4]], expectedOutputShape: [2, 4, 4] });
  });
  test('values match a straightforward implementation', () => {
    const a = randomTensor([2, 2, 3], 6, 'float32');
    const b = randomTensor([2, 1, 3], 7, 'float32');
    const av = Array.from(a.dataSync());
    const bv = Array.from(b.dataSync());
    const expected: number[] = [];
    for (let n = 0; n < 2; n++) expected.push(...av.slice(n * 6, n * 6 + 6), ...bv.slice(n * 3, n * 3 + 3));
    assertClose(fx.layers.concatenate({ axis: 1 }).apply([a, b]) as fx.Tensor, expected, [2, 3, 3]);
  });
  test('mismatched shapes name the layer, the axis and both shapes', () => {
    assert.throws(() => fx.layers.concatenate({ name: 'cat' }).apply([fx.input({ shape: [2, 3] }), fx.input({ shape: [4, 5] })]), {
      message: 'Concatenate "cat": inputs must have matching shapes except for the concatenation axis -1; received shapes [null, 2, 3] and [null, 4, 5] (axis 1: 2 vs 4).',
    });
    assert.throws(() => fx.layers.concatenate({ name: 'cat2' }).apply([fx.input({ shape: [2, 3] }), fx.input({ shape: [3] })]), {
      message: 'Concatenate "cat2": all inputs must have the same rank; received shapes [null, 2, 3] (rank 3) and [null, 3] (rank 2).',
    });
    assert.throws(() => fx.layers.concatenate({ axis: 0, name: 'cat3' }).apply([fx.zeros([1, 2]), fx.zeros([1, 2])]), {
      message: 'Concatenate "cat3": axis 0 is out of range for inputs of rank 2; it must name a non-batch axis (1..1 or -1..-1).',
    });
  });
  test('mask: missing masks count as all-true, concatenated along the axis, ANY over the last axis', () => {
    const l = fx.layers.concatenate({ axis: 1 });
    const x1 = fx.zeros([1, 2, 3]);
    const x2 = fx.zeros([1, 3, 3]);
    const m1 = fx.tensor([[1, 0]], [1, 2], 'bool');
    const out = l.computeMask([x1, x2], [m1, null as unknown as fx.Tensor]) as fx.Tensor;
    assert.deepEqual(out.shape, [1, 5]);
    assert.deepEqual(Array.from(out.dataSync()), [1, 0, 1, 1, 1]);
  });
  test('symbolic: a Functional model runs it', () => {
    const a = fx.input({ shape: [2] });
    const b = fx.input({ shape: [3] });
    const m = fx.model({ inputs: [a, b], outputs: fx.layers.concatenate().apply([a, b]) as fx.layers.SymbolicTensor });
    const y = m.predict([fx.tensor([[1, 2]]), fx.tensor([[3, 4, 5]])]) as fx.Tensor;
    assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4, 5]);
  });
});

/** sum_k x[b, i, k] y[b, j, k] written with loops (axes [2, 2]). */
function batchDotRef(x: fx.Tensor, y: fx.Tensor): number[] {
  const [B, N, D] = x.shape as [number, number, number];
  const M = y.shape[1] as number;
  const xv = x.dataSync();
  const yv = y.dataSync();
  const out: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) {
    let s = 0;
    for (let k = 0; k < D; k++) s += (xv[(b * N + i) * D + k] as number) * (yv[(b * M + j) * D + k] as number);
    out.push(s);
  }
  return out;
}

describe('Dot', () => {
  test('layer contract (axes 2, axes [1, 2], normalize, vectors)', () => {
    runMultiInputLayerTest((dtype) => fx.layers.dot({ axes: 2, dtype }), { inputShapes: [[2, 3, 4], [2, 5, 4]], expectedOutputShape: [2, 3, 5] });
    runMultiInputLayerTest((dtype) => fx.layers.dot({ axes: [1, 2], dtype }), { inputShapes: [[2, 4, 3], [2, 5, 4]], expectedOutputShape: [2, 3, 5] });
    runMultiInputLayerTest((dtype) => fx.layers.dot({ axes: -1, normalize: true, dtype }), { inputShapes: [[2, 3, 4], [2, 2, 4]], expectedOutputShape: [2, 3, 2] });
    runMultiInputLayerTest((dtype) => fx.layers.dot({ axes: 1, dtype }), { inputShapes: [[3, 4], [3, 4]], expectedOutputShape: [3, 1] });
  });
  test('values match loops; normalize gives cosine similarity', () => {
    const x = randomTensor([2, 3, 4], 8, 'float64');
    const y = randomTensor([2, 5, 4], 9, 'float64');
    assertClose(fx.layers.dot({ axes: 2, dtype: 'float64' }).apply([x, y]) as fx.Tensor, batchDotRef(x, y), [2, 3, 5], 1e-12);
    const a = fx.tensor([[3, 4], [1, 0]]);
    const b = fx.tensor([[4, 3], [0, 2]]);
    assertClose(fx.layers.dot({ axes: 1, normalize: true }).apply([a, b]) as fx.Tensor, [24 / 25, 0], [2, 1]);
  });
  test('mismatched contraction sizes name both axes and shapes', () => {
    assert.throws(() => fx.layers.dot({ axes: 2, name: 'd' }).apply([fx.input({ shape: [2, 3] }), fx.input({ shape: [5, 4] })]), {
      message: 'Dot "d": incompatible input shapes: axis 2 of the first input has size 3, but axis 2 of the second has size 4; received shapes [null, 2, 3] and [null, 5, 4].',
    });
    assert.throws(() => fx.layers.dot({ axes: [1, 2, 3] as unknown as number }), {
      message: 'Dot: axes must be an integer or a list of 2 integers, but received an array of length 3.',
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';
import { makeRng } from '../helpers/random-inputs.js';

// ---------------------------------------------------------------- an independent reference in plain JS numbers

type Vec = number[];
type Mat = number[][]; // rows
const sig = (v: number): number => 1 / (1 + Math.exp(-v));

function toMat(t: fx.Tensor): Mat {
  return t.arraySync() as Mat;
}
/** v [n] times m [n][k] */
function vecMat(v: Vec, m: Mat): Vec {
  const k = (m[0] as Vec).length;
  const out = new Array<number>(k).fill(0);
  v.forEach((vi, i) => {
    for (let j = 0; j < k; j++) out[j] = (out[j] as number) + vi * ((m[i] as Vec)[j] as number);
  });
  return out;
}
const add = (a: Vec, b: Vec): Vec => a.map((x, i) => x + (b[i] as number));
const part = (v: Vec, k: number, u: number): Vec => v.slice(k * u, (k + 1) * u);

interface Cell {
  init(): Vec[];
  step(x: Vec, s: Vec[]): Vec[]; // returns new states; output = states[0]
}

function lstmRef(w: fx.Tensor[], u: number): Cell {
  const [k, r, b] = [toMat(w[0]!), toMat(w[1]!), w[2]!.arraySync() as Vec];
  return {
    init: () => [new Array<number>(u).fill(0), new Array<number>(u).fill(0)],
    step: (x, [h, c]) => {
      const z = add(add(vecMat(x, k), vecMat(h!, r)), b);
      const i = part(z, 0, u).map(sig);
      const f = part(z, 1, u).map(sig);
      const g = part(z, 2, u).map(Math.tanh);
      const o = part(z, 3, u).map(sig);
      const c2 = c!.map((cv, j) => f[j]! * cv + i[j]! * g[j]!);
      return [c2.map((cv, j) => o[j]! * Math.tanh(cv)), c2];
    },
  };
}

function gruRef(w: fx.Tensor[], u: number, resetAfter: boolean): Cell {
  const [k, r] = [toMat(w[0]!), toMat(w[1]!)];
  const bias = w[2]!.arraySync() as Vec | Mat;
  return {
    init: () => [new Array<number>(u).fill(0)],
    step: (x, [h]) => {
      if (resetAfter) {
        const [bi, br] = bias as Mat;
        const xz = add(vecMat(x, k), bi!);
        const inner = add(vecMat(h!, r), br!);
        const z = add(part(xz, 0, u), part(inner, 0, u)).map(sig);
        const rr = add(part(xz, 1, u), part(inner, 1, u)).map(sig);
        const hh = part(xz, 2, u).map((v, j) => Math.tanh(v + rr[j]! * part(inner, 2, u)[j]!));
        return [h!.map((hv, j) => z[j]! * hv + (1 - z[j]!) * hh[j]!)];
      }
      const xz = add(vecMat(x, k), bias as Vec);
      const inner = vecMat(h!, r);
      const z = add(part(xz, 0, u), part(inner, 0, u)).map(sig);
      const rr = add(part(xz, 1, u), part(inner, 1, u)).map(sig);
      const rh = h!.map((hv, j) => rr[j]! * hv);
      const rec = vecMat(rh, r.map((row) => row.slice(2 * u)));
      const hh = part(xz, 2, u).map((v, j) => Math.tanh(v + rec[j]!));
      return [h!.map((hv, j) => z[j]! * hv + (1 - z[j]!) * hh[j]!)];
    },
  };
}

function simpleRef(w: fx.Tensor[], u: number): Cell {
  const [k, r, b] = [toMat(w[0]!), toMat(w[1]!), w[2]!.arraySync() as Vec];
  return {
    init: () => [new Array<number>(u).fill(0)],
    step: (x, [h]) => [add(add(vecMat(x, k), vecMat(h!, r)), b).map(Math.tanh)],
  };
}

/** Runs the reference over x [B][T][F] with an optional mask [B][T]: the outputs per step and the final states. */
function runRef(cell: Cell, x: number[][][], opts: { mask?: number[][]; backwards?: boolean; init?: Vec[][] } = {}): { seq: Vec[][]; last: Vec[]; states: Vec[][] } {
  const seq: Vec[][] = [];
  const last: Vec[] = [];
  const states: Vec[][] = [];
  x.forEach((xs, bi) => {
    let s = opts.init ? opts.init.map((st) => [...st[bi]!]) : cell.init();
    let prev = new Array<number>(s[0]!.length).fill(0);
    const outs: Vec[] = [];
    const order = xs.map((_, t) => t);
    if (opts.backwards) order.reverse();
    for (const t of order) {
      if (opts.mask && opts.mask[bi]![t] === 0) {
        outs.push(prev);
        continue;
      }
      s = cell.step(xs[t]!, s);
      prev = s[0]!;
      outs.push(prev);
    }
    seq.push(outs);
    last.push(prev);
    states.push(s);
  });
  return { seq, last, states };
}

function close(actual: fx.Tensor, expected: unknown, tol = 1e-5): void {
  const a = Array.from(actual.dataSync());
  const e = (expected as number[]).flat(3) as number[];
  assert.equal(a.length, e.length, `size ${a.length} vs ${e.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]!) <= tol, `element ${i}: ${v} vs expected ${e[i]}`));
}

function randomArray(shape: number[], seed: number, scale = 1): number[] {
  const rng = makeRng(seed);
  return Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng() * 2 - 1) * scale);
}

/** Sets every weight of a layer to random values (so that biases matter too); returns them. */
function randomizeWeights(layer: fx.layers.Layer, seed: number): fx.Tensor[] {
  const values = layer.weights.map((w, i) => fx.tensor(randomArray(w.shape, seed + i, 0.8), w.shape, 'float64'));
  layer.setWeights(values);
  return values;
}

const X = (): number[][][] => {
  const v = randomArray([2, 3, 2], 11);
  return [0, 1].map((b) => [0, 1, 2].map((t) => [v[b * 6 + t * 2]!, v[b * 6 + t * 2 + 1]!]));
};

// ---------------------------------------------------------------- LSTM

describe('LSTM', () => {
  test('layer contract (shapes, config round trip, float64 gradients)', () => {
    runLayerTest((dtype) => fx.layers.lstm({ units: 3, dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 3] });
    runLayerTest((dtype) => fx.layers.lstm({ units: 3, returnSequences: true, goBackwards: true, dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 3] });
  });

  test('forward values match a step-by-step reference (sequence, last output, states)', () => {
    const l = fx.layers.lstm({ units: 3, returnSequences: true, returnState: true, dtype: 'float64' });
    const x = X();
    l.apply(fx.tensor(x, undefined, 'float64'));
    const w = randomizeWeights(l, 100);
    const [seq, h, c] = l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor[];
    const ref = runRef(lstmRef(w, 3), x);
    close(seq!, ref.seq, 1e-12);
    close(h!, ref.last, 1e-12);
    close(c!, ref.states.map((s) => s[1]), 1e-12);
  });

  test('weights: Keras names and shapes, forget-gate bias of 1 (unitForgetBias)', () => {
    const l = fx.layers.lstm({ units: 2, name: 'enc' });
    l.apply(fx.zeros([1, 4, 3]));
    assert.deepEqual(l.weights.map((w) => `${w.name}:${w.shape.join('x')}`), ['enc/lstm_cell/kernel:3x8', 'enc/lstm_cell/recurrent_kernel:2x8', 'enc/lstm_cell/bias:8']);
    assert.deepEqual(Array.from(l.weights[2]!.dataSync()), [0, 0, 1, 1, 0, 0, 0, 0]);
    const l2 = fx.layers.lstm({ units: 2, unitForgetBias: false });
    l2.apply(fx.zeros([1, 4, 3]));
    assert.deepEqual(Array.from(l2.weights[2]!.dataSync()), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(l.countParams(), 3 * 8 + 2 * 8 + 8);
  });

  test('masked time steps keep the previous output and state (explicit mask and Embedding maskZero)', () => {
    const l = fx.layers.lstm({ units: 3, returnSequences: true, returnState: true, dtype: 'float64' });
    const x = X();
    l.apply(fx.tensor(x, undefined, 'float64'));
    const w = randomizeWeights(l, 200);
    const mask = [[0, 1, 1], [1, 0, 1]];
    const [seq, h, c] = l.apply(fx.tensor(x, undefined, 'float64'), { mask: fx.tensor(mask, undefined, 'bool') }) as fx.Tensor[];
    const ref = runRef(lstmRef(w, 3), x, { mask });
    close(seq!, ref.seq, 1e-12);
    close(h!, ref.last, 1e-12);
    close(c!, ref.states.map((s) => s[1]), 1e-12);
    assert.deepEqual(Array.from(seq!.dataSync()).slice(0, 3), [0, 0, 0], 'a masked first step outputs zeros');
    // computeMask passes the mask on with returnSequences
    const m = l.computeMask(fx.zeros([2, 3, 2]), fx.tensor(mask, undefined, 'bool')) as (fx.Tensor | null)[];
    assert.deepEqual(Array.from(m[0]!.dataSync()), [0, 1, 1, 1, 0, 1]);
    assert.equal(m[1], null);

    // In a Sequential model, Embedding(maskZero) masks the padded steps: a padded sequence gives the unpadded result.
    const model = fx.sequential({
      layers: [fx.layers.embedding({ inputDim: 6, outputDim: 2, maskZero: true, inputShape: [5] }), fx.layers.lstm({ units: 3 })],
    });
    const padded = model.apply(fx.tensor([[3, 1, 4, 0, 0], [0, 0, 2, 5, 1]], [2, 5], 'int32')) as fx.Tensor;
    const short = fx.sequential({ layers: [model.layers[0]!, model.layers[1]!] });
    const a = short.apply(fx.tensor([[3, 1, 4]], [1, 3], 'int32')) as fx.Tensor;
    const b = short.apply(fx.tensor([[2, 5, 1]], [1, 3], 'int32')) as fx.Tensor;
    close(padded, [...Array.from(a.dataSync()), ...Array.from(b.dataSync())], 1e-6);
  });

  test('initialState as a call argument and as extra inputs (eager and Functional)', () => {
    const l = fx.layers.lstm({ units: 3, returnState: true, dtype: 'float64' });
    const x = X();
    l.apply(fx.tensor(x, undefined, 'float64'));
    const w = randomizeWeights(l, 300);
    const h0 = [randomArray([3], 1), randomArray([3], 2)];
    const c0 = [randomArray([3], 3), randomArray([3], 4)];
    const ref = runRef(lstmRef(w, 3), x, { init: [h0, c0] });
    const init = [fx.tensor(h0, undefined, 'float64'), fx.tensor(c0, undefined, 'float64')];
    const [out, , c] = l.apply(fx.tensor(x, undefined, 'float64'), { initialState: init }) as fx.Tensor[];
    close(out!, ref.last, 1e-12);
    close(c!, ref.states.map((s) => s[1]), 1e-12);
    const [out2] = l.apply([fx.tensor(x, undefined, 'float64'), ...init]) as fx.Tensor[];
    close(out2!, ref.last, 1e-12);

    const xi = fx.input({ shape: [3, 2], dtype: 'float64' });
    const hi = fx.input({ shape: [3], dtype: 'float64' });
    const ci = fx.input({ shape: [3], dtype: 'float64' });
    const outs = l.apply(xi, { initialState: [hi, ci] }) as fx.layers.SymbolicTensor[];
    const model = fx.model({ inputs: [xi, hi, ci], outputs: outs[0]! });
    close(model.apply([fx.tensor(x, undefined, 'float64'), ...init]) as fx.Tensor, ref.last, 1e-12);
  });

  test('goBackwards processes the reversed sequence and returns outputs in processing order', () => {
    const l = fx.layers.lstm({ units: 3, returnSequences: true, goBackwards: true, dtype: 'float64' });
    const x = X();
    l.apply(fx.tensor(x, undefined, 'float64'));
    const w = randomizeWeights(l, 400);
    close(l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor, runRef(lstmRef(w, 3), x, { backwards: true }).seq, 1e-12);
  });

  test('stateful: the final state carries over to the next call until resetStates()', () => {
    const l = fx.layers.lstm({ units: 3, stateful: true, dtype: 'float64', batchInputShape: [2, 3, 2] });
    const x = X();
    l.apply(fx.tensor(x, undefined, 'float64'));
    const w = randomizeWeights(l, 500);
    l.resetStates();
    const first = runRef(lstmRef(w, 3), x);
    close(l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor, first.last, 1e-12);
    const second = runRef(lstmRef(w, 3), x, { init: [first.states.map((s) => s[0]!), first.states.map((s) => s[1]!)] });
    close(l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor, second.last, 1e-12);
    l.resetStates();
    close(l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor, first.last, 1e-12);
    assert.throws(() => l.apply(fx.zeros([3, 3, 2], 'float64')), {
      message: 'Layer "' + l.name + '" is stateful with batch size 2, but received a batch of 3. A stateful RNN needs the same batch size on every call; call resetStates() to start over.',
    });
  });

  test('stateful: the states survive the tidy that fit and tidy() put around each step', async () => {
    const l = fx.layers.simpleRNN({ units: 3, stateful: true, batchInputShape: [2, 4, 2] });
    const model = fx.sequential({ layers: [l, fx.layers.dense({ units: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = fx.randomNormal([6, 4, 2], 0, 1, 'float32', 3);
    const y = fx.randomNormal([6, 1], 0, 1, 'float32', 4);
    await model.fit(x, y, { batchSize: 2, epochs: 2, shuffle: false, verbose: 0 });
    // The states left by the last batch are alive and feed the next call.
    const kept = l.states;
    assert.ok(kept !== null && kept.every((t) => !t.isDisposed));
    const xb = fx.randomNormal([2, 4, 2], 0, 1, 'float32', 5);
    const withState = fx.tidy(() => (model.predict(xb) as fx.Tensor).dataSync());
    l.resetStates();
    const fresh = (model.predict(xb) as fx.Tensor).dataSync();
    assert.ok(withState.some((v, i) => Math.abs(v - fresh[i]!) > 1e-6), 'the kept states changed the output');
    // States set by resetStates(values) survive a tidy too.
    fx.tidy(() => l.resetStates([fx.ones([2, 3])]));
    assert.ok(l.states?.every((t) => !t.isDisposed));
    assert.doesNotThrow(() => model.predict(xb));
  });

  test('dropout and recurrentDropout act in training only', () => {
    const x = fx.tensor(X(), undefined, 'float32');
    const l = fx.layers.lstm({ units: 3, dropout: 0.5, recurrentDropout: 0.5, seed: 7 });
    const a = l.apply(x) as fx.Tensor;
    const b = l.apply(x, { training: false }) as fx.Tensor;
    assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
    const plain = fx.layers.lstm({ units: 3 });
    plain.apply(x);
    plain.setWeights(l.getWeights());
    close(plain.apply(x) as fx.Tensor, Array.from(b.dataSync()), 1e-6);
    const t = l.apply(x, { training: true }) as fx.Tensor;
    assert.ok(Array.from(t.dataSync()).some((v, i) => Math.abs(v - (b.dataSync()[i] as number)) > 1e-6), 'training output differs');
  });

  test('bad arguments and inputs are refused with messages naming the layer', () => {
    assert.throws(() => fx.layers.lstm({ units: 0 }), { message: 'LSTM: units must be a positive integer, but received number 0.' });
    assert.throws(() => fx.layers.lstm({ units: 2, dropout: 1.5 }), { message: 'LSTMCell: dropout must be a number in [0, 1], but received number 1.5.' });
    assert.throws(() => fx.layers.lstm({ units: 2, returnSequences: 'yes' as unknown as boolean }), {
      message: 'LSTM: returnSequences must be a boolean, but received the string "yes".',
    });
    const l = fx.layers.lstm({ units: 2, name: 'lstm_x' });
    assert.throws(() => l.apply(fx.zeros([4, 5])), {
      message: 'Input 0 of layer "lstm_x" is incompatible with the layer: expected ndim=3, found ndim=2, but received input with shape [4, 5].',
    });
    l.apply(fx.zeros([1, 2, 3]));
    assert.throws(() => l.apply(fx.zeros([1, 2, 4])), {
      message: 'Input 0 of layer "lstm_x" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape [1, 2, 4].',
    });
    assert.throws(() => l.apply(fx.zeros([1, 2, 3]), { initialState: [fx.zeros([1, 2])] }), {
      message: 'Layer "lstm_x" expects 2 initial states ([batch, 2], [batch, 2]), but received 1.',
    });
    assert.throws(() => l.apply(fx.zeros([1, 2, 3]), { initialState: [fx.zeros([1, 2]), fx.zeros([1, 3])] }), {
      message: 'Layer "lstm_x": initial state 1 must have shape [1, 2], but received shape [1, 3].',
    });
    assert.throws(() => fx.layers.lstm({ units: 2, stateful: true, name: 'st' }).apply(fx.input({ shape: [3, 2] })), {
      message: 'LSTM "st": a stateful RNN needs a fixed batch size; give the first layer batchInputShape (e.g. [32, 10, 8]) or fx.input({batchShape}).',
    });
    assert.throws(() => fx.layers.lstm({ units: 2, name: 'ns' }).resetStates(), {
      message: 'Layer "ns": resetStates() applies to stateful RNNs only; create the layer with stateful: true.',
    });
  });
});

// ---------------------------------------------------------------- GRU

describe('GRU', () => {
  test('layer contract (resetAfter true and false)', () => {
    runLayerTest((dtype) => fx.layers.gru({ units: 3, dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 3] });
    runLayerTest((dtype) => fx.layers.gru({ units: 3, resetAfter: false, returnSequences: true, dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 3] });
  });

  test('forward values match a step-by-step reference (resetAfter true and false), with a mask', () => {
    for (const resetAfter of [true, false]) {
      const l = fx.layers.gru({ units: 3, resetAfter, returnSequences: true, dtype: 'float64' });
      const x = X();
      l.apply(fx.tensor(x, undefined, 'float64'));
      assert.deepEqual(l.weights[2]!.shape, resetAfter ? [2, 9] : [9]);
      const w = randomizeWeights(l, 600);
      close(l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor, runRef(gruRef(w, 3, resetAfter), x).seq, 1e-12);
      const mask = [[1, 1, 0], [1, 0, 1]];
      const masked = l.apply(fx.tensor(x, undefined, 'float64'), { mask: fx.tensor(mask, undefined, 'bool') }) as fx.Tensor;
      close(masked, runRef(gruRef(w, 3, resetAfter), x, { mask }).seq, 1e-12);
    }
  });

  test('weights have Keras names', () => {
    const g = fx.layers.gru({ units: 2, name: 'g' });
    g.apply(fx.zeros([1, 2, 3]));
    assert.deepEqual(g.weights.map((w) => w.name), ['g/gru_cell/kernel', 'g/gru_cell/recurrent_kernel', 'g/gru_cell/bias']);
    assert.equal(g.getConfig()['resetAfter'], true);
  });
});

// ---------------------------------------------------------------- SimpleRNN, RNN and the cells

describe('SimpleRNN', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.simpleRNN({ units: 3, returnSequences: true, dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 3] });
  });
  test('forward values match a step-by-step reference; returnState gives the last output', () => {
    const l = fx.layers.simpleRNN({ units: 3, returnState: true, dtype: 'float64' });
    const x = X();
    l.apply(fx.tensor(x, undefined, 'float64'));
    const w = randomizeWeights(l, 700);
    const [out, h] = l.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor[];
    const ref = runRef(simpleRef(w, 3), x);
    close(out!, ref.last, 1e-12);
    close(h!, ref.last, 1e-12);
  });
});

describe('RNN', () => {
  test('layer contract with an LSTMCell; config holds the serialized cell', () => {
    runLayerTest((dtype) => fx.layers.rnn({ cell: fx.layers.lstmCell({ units: 3, dtype }), returnSequences: true, dtype }), {
      inputShape: [2, 3, 2],
      expectedOutputShape: [2, 3, 3],
    });
    const r = fx.layers.rnn({ cell: fx.layers.gruCell({ units: 2 }) });
    assert.equal((r.getConfig()['cell'] as { className: string }).className, 'GRUCell');
  });
  test('a cell called on one step returns [output, ...states], equal to the RNN over a one-step sequence', () => {
    const cell = fx.layers.lstmCell({ units: 3, dtype: 'float64' });
    const x = fx.tensor(randomArray([2, 2], 5), [2, 2], 'float64');
    const [out, h, c] = cell.apply(x) as fx.Tensor[];
    assert.deepEqual([out!.shape, h!.shape, c!.shape], [[2, 3], [2, 3], [2, 3]]);
    const r = fx.layers.rnn({ cell, dtype: 'float64' });
    close(r.apply(fx.expandDims(x, 1)) as fx.Tensor, Array.from(out!.dataSync()), 1e-12);
  });
  test('a non-cell is refused', () => {
    assert.throws(() => fx.layers.rnn({ cell: fx.layers.dense({ units: 2 }) as unknown as fx.layers.RNNCell }), {
      message: 'RNN: cell must be an RNN cell such as fx.layers.lstmCell({units: 8}), but received a Dense.',
    });
  });
});

// ---------------------------------------------------------------- wrappers

describe('Bidirectional', () => {
  test('layer contract (concat, sequences)', () => {
    runLayerTest((dtype) => fx.layers.bidirectional({ layer: fx.layers.lstm({ units: 3, returnSequences: true, dtype }), dtype }), {
      inputShape: [2, 3, 2],
      expectedOutputShape: [2, 3, 6],
    });
    runLayerTest((dtype) => fx.layers.bidirectional({ layer: fx.layers.gru({ units: 3, dtype }), mergeMode: 'sum', dtype }), {
      inputShape: [2, 3, 2],
      expectedOutputShape: [2, 3],
    });
  });

  test('merges the forward run and the reversed backward run (every merge mode), names forward_/backward_', () => {
    const x = X();
    for (const mergeMode of ['concat', 'sum', 'mul', 'ave', null] as const) {
      const bi = fx.layers.bidirectional({ layer: fx.layers.simpleRNN({ units: 3, returnSequences: true, name: 'rn', dtype: 'float64' }), mergeMode, dtype: 'float64' });
      bi.apply(fx.tensor(x, undefined, 'float64'));
      assert.deepEqual(bi.weights.map((w) => w.name.split('/')[0]), ['forward_rn', 'forward_rn', 'forward_rn', 'backward_rn', 'backward_rn', 'backward_rn']);
      const w = randomizeWeights(bi, 800);
      const f = runRef(simpleRef(w.slice(0, 3), 3), x).seq;
      const b = runRef(simpleRef(w.slice(3), 3), x, { backwards: true }).seq.map((s) => [...s].reverse());
      const out = bi.apply(fx.tensor(x, undefined, 'float64'));
      const comb = (g: (p: number, q: number) => number): number[][][] => f.map((s, i) => s.map((v, t) => v.map((p, j) => g(p, b[i]![t]![j]!))));
      if (mergeMode === null) {
        close((out as fx.Tensor[])[0]!, f, 1e-12);
        close((out as fx.Tensor[])[1]!, b, 1e-12);
      } else if (mergeMode === 'concat') close(out as fx.Tensor, f.map((s, i) => s.map((v, t) => [...v, ...b[i]![t]!])), 1e-12);
      else if (mergeMode === 'sum') close(out as fx.Tensor, comb((p, q) => p + q), 1e-12);
      else if (mergeMode === 'mul') close(out as fx.Tensor, comb((p, q) => p * q), 1e-12);
      else close(out as fx.Tensor, comb((p, q) => (p + q) / 2), 1e-12);
    }
  });

  test('returnState returns the merged output and both directions\' states; masks reach both directions', () => {
    const bi = fx.layers.bidirectional({ layer: fx.layers.lstm({ units: 2, returnState: true }) });
    const outs = bi.apply(fx.zeros([2, 3, 2])) as fx.Tensor[];
    assert.deepEqual(outs.map((t) => t.shape), [[2, 4], [2, 2], [2, 2], [2, 2], [2, 2]]);
    assert.deepEqual((bi.computeOutputShape([null, 3, 2]) as number[][]).length, 5);
    const m = fx.sequential({
      layers: [
        fx.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true, inputShape: [4] }),
        fx.layers.bidirectional({ layer: fx.layers.gru({ units: 2 }) }),
      ],
    });
    const padded = m.apply(fx.tensor([[1, 2, 3, 0]], [1, 4], 'int32')) as fx.Tensor;
    const short = m.apply(fx.tensor([[1, 2, 3]], [1, 3], 'int32')) as fx.Tensor;
    close(padded, Array.from(short.dataSync()), 1e-6);
  });

  test('bad arguments are refused', () => {
    assert.throws(() => fx.layers.bidirectional({ layer: fx.layers.dense({ units: 2, name: 'd' }) as unknown as fx.layers.RNN }), {
      message: 'Bidirectional: layer must be a recurrent layer (SimpleRNN, LSTM, GRU or RNN), but received a Dense layer ("d").',
    });
    assert.throws(() => fx.layers.bidirectional({ layer: fx.layers.lstm({ units: 2 }), mergeMode: 'max' as unknown as 'sum' }), {
      message: "Bidirectional: mergeMode must be one of 'concat', 'sum', 'mul', 'ave' or null, but received the string \"max\".",
    });
  });
});

describe('TimeDistributed', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.timeDistributed({ layer: fx.layers.dense({ units: 3, activation: 'tanh', dtype }), dtype }), {
      inputShape: [2, 3, 2],
      expectedOutputShape: [2, 3, 3],
    });
  });
  test('applies the layer to every time step', () => {
    const td = fx.layers.timeDistributed({ layer: fx.layers.dense({ units: 2, dtype: 'float64' }), dtype: 'float64' });
    const x = X();
    td.apply(fx.tensor(x, undefined, 'float64'));
    const [k, b] = randomizeWeights(td, 900);
    const expected = x.map((s) => s.map((v) => add(vecMat(v, toMat(k!)), b!.arraySync() as Vec)));
    close(td.apply(fx.tensor(x, undefined, 'float64')) as fx.Tensor, expected, 1e-12);
    assert.deepEqual(td.computeOutputShape([null, 7, 2]), [null, 7, 2]);
  });
  test('a rank-2 input is refused', () => {
    const td = fx.layers.timeDistributed({ layer: fx.layers.dense({ units: 2 }), name: 'td' });
    assert.throws(() => td.apply(fx.zeros([3, 2])), {
      message: 'Input 0 of layer "td" is incompatible with the layer: expected min_ndim=3, found ndim=2, but received input with shape [3, 2].',
    });
  });
});

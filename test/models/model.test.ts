import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

function captureSummary(m: fx.Model): string[] {
  const lines: string[] = [];
  m.summary(undefined, undefined, (l) => lines.push(l));
  return lines;
}

describe('Sequential', () => {
  test('layers, automatic names, summary table and parameter totals', () => {
    const m = fx.sequential({ name: 'mlp' });
    m.add(fx.layers.dense({ units: 32, activation: 'relu', inputShape: [784] }));
    m.add(fx.layers.dense({ units: 10, activation: 'softmax' }));
    assert.equal(m.layers.length, 2);
    assert.match(m.layers[0]!.name, /^dense(_\d+)?$/);
    assert.notEqual(m.layers[0]!.name, m.layers[1]!.name);
    const lines = captureSummary(m);
    assert.equal(lines[0], 'Model: "mlp"');
    assert.ok(lines.some((l) => /\(None, 32\)\s+25,120$/.test(l)), lines.join('\n'));
    assert.ok(lines.includes('Total params: 25,450 (99.41 KB)'));
    assert.ok(lines.includes('Trainable params: 25,450 (99.41 KB)'));
    assert.ok(lines.includes('Non-trainable params: 0 (0 B)'));
    assert.equal(m.countParams(), 25450);
  });
  test('builds on first call when no input shape is given', () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 4 }), fx.layers.dense({ units: 1 })] });
    assert.equal(m.isGraph(), false);
    const y = m.apply(fx.ones([2, 3])) as fx.Tensor;
    assert.deepEqual(y.shape, [2, 1]);
    assert.equal(m.isGraph(), true);
    assert.equal(m.countParams(), 3 * 4 + 4 + 4 + 1);
  });
  test('getWeights / setWeights / trainable', () => {
    const m = fx.sequential({ layers: [fx.layers.dense({ units: 2, inputShape: [2] })] });
    m.setWeights([fx.tensor([[1, 0], [0, 1]]), fx.tensor([1, 1])]);
    assert.deepEqual((m.apply(fx.tensor([[2, 3]])) as fx.Tensor).arraySync(), [[3, 4]]);
    assert.deepEqual(m.getWeights().map((w) => w.shape), [[2, 2], [2]]);
    m.layers[0]!.trainable = false;
    assert.equal(m.trainableWeights.length, 0);
    assert.equal(m.nonTrainableWeights.length, 2);
    assert.throws(() => m.setWeights([fx.zeros([2, 2])]), /expected 2 weights/);
  });
});

describe('Functional', () => {
  test('multiple inputs and outputs, shared layers, connected-to column', () => {
    const a = fx.input({ shape: [3], name: 'a' });
    const b = fx.input({ shape: [3], name: 'b' });
    const shared = fx.layers.dense({ units: 2, name: 'shared' });
    const ya = shared.apply(a) as fx.layers.SymbolicTensor;
    const yb = shared.apply(b) as fx.layers.SymbolicTensor;
    const head = fx.layers.dense({ units: 1, name: 'head' });
    const out1 = head.apply(ya) as fx.layers.SymbolicTensor;
    const m = fx.model({ inputs: [a, b], outputs: [out1, yb], name: 'two' });
    const [o1, o2] = m.apply([fx.ones([4, 3]), fx.zeros([4, 3])]) as fx.Tensor[];
    assert.deepEqual(o1!.shape, [4, 1]);
    assert.deepEqual(o2!.shape, [4, 2]);
    assert.equal(m.countParams(), 3 * 2 + 2 + 2 + 1, 'the shared layer counts once');
    const lines = captureSummary(m);
    assert.ok(lines[2]!.includes('Connected to'), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(' shared (Dense)') && l.includes('a[0][0], b[0][0]')), lines.join('\n'));
    assert.equal(m.getLayer('head').name, 'head');
    assert.throws(() => m.getLayer('nope'), /getLayer: no layer named "nope"; the model's layers are: a, b, shared, head/);
  });
  test('nested models act as layers', () => {
    const inner = fx.sequential({ layers: [fx.layers.dense({ units: 3, inputShape: [2] })] });
    const x = fx.input({ shape: [2] });
    const y = fx.layers.dense({ units: 1 }).apply(inner.apply(x) as fx.layers.SymbolicTensor) as fx.layers.SymbolicTensor;
    const outer = fx.model({ inputs: x, outputs: y });
    assert.deepEqual((outer.apply(fx.ones([5, 2])) as fx.Tensor).shape, [5, 1]);
    assert.equal(outer.countParams(), 2 * 3 + 3 + 3 + 1);
  });
  test('an output not reachable from the given inputs is an error', () => {
    const a = fx.input({ shape: [2], name: 'a1' });
    const b = fx.input({ shape: [2], name: 'b1' });
    const y = fx.layers.dense({ units: 1 }).apply(b) as fx.layers.SymbolicTensor;
    assert.throws(() => fx.model({ inputs: a, outputs: y }), /model: output depends on input "b1", which is not among the model's inputs/);
  });
});

describe('subclassed models', () => {
  class TwoLayer extends fx.Model {
    readonly hidden = fx.layers.dense({ units: 8, activation: 'relu' });
    readonly out = fx.layers.dense({ units: 1 });
    override call(x: fx.layers.LayerInputs): fx.Tensor {
      return this.out.apply(this.hidden.apply(x)) as fx.Tensor;
    }
  }
  test('layers created in the constructor, weights built on first call', () => {
    const m = new TwoLayer();
    assert.equal(m.name.startsWith('two_layer'), true);
    assert.equal(m.weights.length, 0);
    const y = m.apply(fx.ones([3, 5])) as fx.Tensor;
    assert.deepEqual(y.shape, [3, 1]);
    assert.equal(m.weights.length, 4);
    assert.equal(m.countParams(), 5 * 8 + 8 + 8 + 1);
    assert.deepEqual(m.layers.map((l) => l.getClassName()), ['Dense', 'Dense']);
  });
});

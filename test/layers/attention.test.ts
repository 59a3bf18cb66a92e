import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { assertClose, randomTensor, runMultiInputLayerTest } from '../helpers/multi-input-layer-test.js';

type Arr3 = number[][][];

function arr3(t: fx.Tensor): Arr3 {
  return t.arraySync() as Arr3;
}

function softmaxRow(logits: number[], allowed: boolean[]): number[] {
  const m = Math.max(...logits.filter((_, j) => allowed[j]));
  const e = logits.map((l, j) => (allowed[j] ? Math.exp(l - m) : 0));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Attention written with loops: scores per (b, i, j), masked softmax over j, weighted sum of values. */
function refAttention(
  q: Arr3, v: Arr3, k: Arr3, opts: { mode: 'dot' | 'concat'; scale?: number; causal?: boolean; vMask?: number[][]; qMask?: number[][] },
): { out: Arr3; weights: Arr3 } {
  const scale = opts.scale ?? 1;
  const out: Arr3 = [];
  const weights: Arr3 = [];
  q.forEach((qb, b) => {
    const kb = k[b] as number[][];
    const vb = v[b] as number[][];
    out.push([]);
    weights.push([]);
    qb.forEach((qi, i) => {
      const logits = kb.map((kj) =>
        opts.mode === 'dot'
          ? qi.reduce((s, x, d) => s + x * (kj[d] as number), 0) * scale
          : qi.reduce((s, x, d) => s + Math.tanh(scale * (x + (kj[d] as number))), 0),
      );
      const allowed = kb.map((_, j) => (opts.causal ? j <= i : true) && (opts.vMask ? (opts.vMask[b] as number[])[j] === 1 : true));
      const w = softmaxRow(logits, allowed);
      const qm = opts.qMask ? ((opts.qMask[b] as number[])[i] as number) : 1;
      (out[b] as number[][]).push((vb[0] as number[]).map((_, e) => qm * w.reduce((s, wj, j) => s + wj * ((vb[j] as number[])[e] as number), 0)));
      (weights[b] as number[][]).push(w);
    });
  });
  return { out, weights };
}

describe('Attention', () => {
  test('layer contract: dot, dot with scale, concat, causal, with key', () => {
    runMultiInputLayerTest((dtype) => fx.layers.attention({ dtype }), { inputShapes: [[2, 3, 4], [2, 5, 4]], expectedOutputShape: [2, 3, 4] });
    runMultiInputLayerTest((dtype) => fx.layers.attention({ useScale: true, dtype }), { inputShapes: [[2, 3, 4], [2, 5, 2], [2, 5, 4]], expectedOutputShape: [2, 3, 2] });
    runMultiInputLayerTest((dtype) => fx.layers.attention({ scoreMode: 'concat', useScale: true, dtype }), { inputShapes: [[2, 3, 4], [2, 4, 4]], expectedOutputShape: [2, 3, 4] });
    runMultiInputLayerTest((dtype) => fx.layers.attention({ dtype }), { inputShapes: [[1, 4, 3], [1, 4, 3]], callArgs: { useCausalMask: true } });
  });
  test('values and scores match loops (dot with scale; concat; value mask; causal; query mask)', () => {
    const q = randomTensor([2, 3, 4], 1);
    const v = randomTensor([2, 5, 2], 2);
    const k = randomTensor([2, 5, 4], 3);
    const dot = fx.layers.attention({ useScale: true, dtype: 'float64' });
    dot.apply([q, v, k]);
    dot.setWeights([fx.tensor(0.7, [], 'float64')]);
    const [y, s] = dot.apply([q, v, k], { returnAttentionScores: true }) as fx.Tensor[];
    const ref = refAttention(arr3(q), arr3(v), arr3(k), { mode: 'dot', scale: 0.7 });
    assertClose(y as fx.Tensor, ref.out.flat(2), [2, 3, 2], 1e-12, 'dot output');
    assertClose(s as fx.Tensor, ref.weights.flat(2), [2, 3, 5], 1e-12, 'dot scores');

    const concat = fx.layers.attention({ scoreMode: 'concat', dtype: 'float64' });
    const refC = refAttention(arr3(q), arr3(v), arr3(k), { mode: 'concat' });
    assertClose(concat.apply([q, v, k]) as fx.Tensor, refC.out.flat(2), [2, 3, 2], 1e-12, 'concat output');

    const qq = randomTensor([2, 4, 3], 4);
    const vv = randomTensor([2, 4, 3], 5);
    const vMask = [[1, 1, 0, 1], [1, 0, 0, 0]];
    const qMask = [[1, 0, 1, 1], [1, 1, 1, 0]];
    const masked = fx.layers.attention({ dtype: 'float64' }).apply([qq, vv], {
      mask: [fx.tensor(qMask, [2, 4], 'bool'), fx.tensor(vMask, [2, 4], 'bool')],
      useCausalMask: true,
    }) as fx.Tensor;
    const refM = refAttention(arr3(qq), arr3(vv), arr3(vv), { mode: 'dot', causal: true, vMask, qMask });
    assertClose(masked, refM.out.flat(2), [2, 4, 3], 1e-9, 'masked output');
  });
  test('useCausalMask as a constructor default; returnAttentionScores in a Functional model', () => {
    const l = fx.layers.attention({ useCausalMask: true, returnAttentionScores: true });
    const x = fx.input({ shape: [4, 3] });
    const outs = l.apply([x, x]) as fx.layers.SymbolicTensor[];
    assert.deepEqual(outs.map((o) => o.shape), [[null, 4, 3], [null, 4, 4]]);
    const m = fx.model({ inputs: x, outputs: outs });
    const [, scores] = m.predict(randomTensor([1, 4, 3], 6, 'float32')) as fx.Tensor[];
    const w = (scores as fx.Tensor).arraySync() as Arr3;
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) assert.ok(Math.abs((w[0] as number[][])[i]![j]!) < 1e-7, `future position ${i},${j} gets no weight`);
  });
  test('Functional: the key mask from the graph removes padded positions; the output keeps the query mask', () => {
    const l = fx.layers.attention();
    const m = fx.tensor([[1, 1, 0]], [1, 3], 'bool');
    assert.equal(l.computeMask([fx.zeros([1, 3, 2]), fx.zeros([1, 3, 2])], [m, m]), m);
  });
  test('bad arguments and inputs are refused with the layer named', () => {
    assert.throws(() => fx.layers.attention({ scoreMode: 'add' as 'dot' }), { message: "Attention: scoreMode must be 'dot' or 'concat', but received the string \"add\"." });
    assert.throws(() => fx.layers.attention({ name: 'att' }).apply(fx.zeros([1, 2, 3])), {
      message: 'Attention "att" must be called on a list of inputs, namely [query, value] or [query, value, key], but received a single tensor of shape [1, 2, 3].',
    });
    assert.throws(() => fx.layers.attention({ name: 'att2' }).apply([fx.input({ shape: [2, 3] }), fx.input({ shape: [4, 5] })]), {
      message: 'Attention "att2": the last dimension of query and key must be equal, but query has shape [null, 2, 3] and key has shape [null, 4, 5].',
    });
    assert.throws(() => fx.layers.attention({ name: 'att3' }).apply([fx.input({ shape: [2, 3] }), fx.input({ shape: [4, 5] }), fx.input({ shape: [3, 3] })]), {
      message: 'Attention "att3": value and key must have the same number of steps, but value has shape [null, 4, 5] and key has shape [null, 3, 3].',
    });
  });
});

/** MultiHeadAttention with loops over the Keras-layout weights (rank-3 inputs). */
function refMha(layer: fx.layers.MultiHeadAttention, q: Arr3, v: Arr3, k: Arr3, opts: { causal?: boolean; allowed?: boolean[][][] } = {}): { out: Arr3; scores: number[][][][] } {
  const ws = layer.getWeights().map((w) => w.arraySync());
  const [Wq, bq, Wk, bk, Wv, bv, Wo, bo] = ws as [Arr3, number[][], Arr3, number[][], Arr3, number[][], Arr3, number[]];
  const H = layer.numHeads;
  const proj = (x: number[], W: Arr3, b: number[][], h: number): number[] =>
    (b[h] as number[]).map((bias, e) => bias + x.reduce((s, xd, d) => s + xd * ((W[d] as number[][])[h] as number[])[e]!, 0));
  const out: Arr3 = [];
  const scores: number[][][][] = [];
  q.forEach((qb, b) => {
    const heads: number[][][] = [];
    scores.push([]);
    for (let h = 0; h < H; h++) {
      const qh = qb.map((x) => proj(x, Wq, bq, h).map((val) => val / Math.sqrt(layer.keyDim)));
      const kh = (k[b] as number[][]).map((x) => proj(x, Wk, bk, h));
      const vh = (v[b] as number[][]).map((x) => proj(x, Wv, bv, h));
      const p = qh.map((qi, i) => {
        const allowed = kh.map((_, j) => (opts.causal ? j <= i : true) && (opts.allowed ? opts.allowed[b]![i]![j]! : true));
        const w = softmaxRow(kh.map((kj) => qi.reduce((s, x, e) => s + x * kj[e]!, 0)), allowed);
        return allowed.some((a) => a) ? w : w.map(() => 0);
      });
      scores[b]!.push(p);
      heads.push(p.map((w) => vh[0]!.map((_, e) => w.reduce((s, wj, j) => s + wj * vh[j]![e]!, 0))));
    }
    out.push(qb.map((_, t) => bo.map((bias, f) => bias + heads.reduce((s, ho, h) => s + ho[t]!.reduce((s2, o, e) => s2 + o * Wo[h]![e]![f]!, 0), 0))));
  });
  return { out, scores };
}

describe('MultiHeadAttention', () => {
  test('layer contract: self-attention, key input with valueDim and outputShape, no bias, rank 4', () => {
    runMultiInputLayerTest((dtype) => fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 3, dtype }), { inputShapes: [[2, 3, 4], [2, 3, 4]], expectedOutputShape: [2, 3, 4] });
    runMultiInputLayerTest((dtype) => fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, valueDim: 3, outputShape: 5, dtype }), {
      inputShapes: [[2, 3, 4], [2, 4, 2], [2, 4, 3]], expectedOutputShape: [2, 3, 5],
    });
    runMultiInputLayerTest((dtype) => fx.layers.multiHeadAttention({ numHeads: 1, keyDim: 2, useBias: false, dtype }), { inputShapes: [[1, 4, 3], [1, 2, 3]], callArgs: { useCausalMask: true } });
    runMultiInputLayerTest((dtype) => fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: [2], dtype }), { inputShapes: [[1, 2, 3, 3], [1, 2, 4, 3]], expectedOutputShape: [1, 2, 3, 3] });
  });
  test('weights have Keras 3 names and shapes', () => {
    const l = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 5, outputShape: [7], name: 'mha' });
    l.apply([fx.zeros([1, 4, 6]), fx.zeros([1, 2, 8]), fx.zeros([1, 2, 9])]);
    assert.deepEqual(l.weights.map((w) => [w.name, w.shape]), [
      ['mha/query/kernel', [6, 2, 3]], ['mha/query/bias', [2, 3]],
      ['mha/key/kernel', [9, 2, 3]], ['mha/key/bias', [2, 3]],
      ['mha/value/kernel', [8, 2, 5]], ['mha/value/bias', [2, 5]],
      ['mha/attention_output/kernel', [2, 5, 7]], ['mha/attention_output/bias', [7]],
    ]);
  });
  test('values and scores match loops (cross-attention with key, causal, explicit attentionMask)', () => {
    const l = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 2, biasInitializer: 'glorotUniform', dtype: 'float64' });
    const q = randomTensor([2, 4, 5], 11);
    const v = randomTensor([2, 4, 3], 12);
    const k = randomTensor([2, 4, 6], 13);
    const [y, s] = l.apply([q, v, k], { returnAttentionScores: true }) as fx.Tensor[];
    const ref = refMha(l, arr3(q), arr3(v), arr3(k));
    assertClose(y as fx.Tensor, ref.out.flat(2), [2, 4, 5], 1e-10, 'output');
    assertClose(s as fx.Tensor, ref.scores.flat(3), [2, 2, 4, 4], 1e-10, 'scores');
    const refC = refMha(l, arr3(q), arr3(v), arr3(k), { causal: true });
    assertClose(l.apply([q, v, k], { useCausalMask: true }) as fx.Tensor, refC.out.flat(2), [2, 4, 5], 1e-10, 'causal output');
    const allowed = [[[true, false, true, true], [false, false, false, false], [true, true, true, true], [false, false, true, false]], [[true, true, true, true], [true, false, false, true], [false, true, false, false], [true, true, false, true]]];
    const refA = refMha(l, arr3(q), arr3(v), arr3(k), { allowed });
    assertClose(l.apply([q, v, k], { attentionMask: fx.tensor(allowed, [2, 4, 4], 'bool') }) as fx.Tensor, refA.out.flat(2), [2, 4, 5], 1e-10, 'masked output');
  });
  test('implicit value mask (Functional masks) equals the explicit attention mask', () => {
    const l = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dtype: 'float64' });
    const x = randomTensor([1, 3, 4], 14);
    const vMask = fx.tensor([[1, 1, 0]], [1, 3], 'bool');
    const a = l.apply([x, x], { mask: [null as unknown as fx.Tensor, vMask] }) as fx.Tensor;
    const b = l.apply([x, x], { attentionMask: fx.tensor([[[1, 1, 0], [1, 1, 0], [1, 1, 0]]], [1, 3, 3], 'bool') }) as fx.Tensor;
    assertClose(a, Array.from(b.dataSync()), [1, 3, 4], 1e-12);
    assert.equal(l.computeMask([x, x], [vMask, vMask]), vMask);
  });
  test('rank 4: default axes attend over both inner axes (= flattened rank 3); attentionAxes [2] attends per row', () => {
    const x = randomTensor([1, 2, 3, 4], 15);
    const full = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dtype: 'float64' });
    const flat = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, dtype: 'float64' });
    const y4 = full.apply([x, x], { returnAttentionScores: true }) as fx.Tensor[];
    const x3 = x.reshape([1, 6, 4]);
    flat.apply([x3, x3]);
    flat.setWeights(full.getWeights());
    assertClose(y4[0] as fx.Tensor, Array.from((flat.apply([x3, x3]) as fx.Tensor).dataSync()), [1, 2, 3, 4], 1e-12, 'flattened');
    assert.deepEqual(y4[1]?.shape, [1, 2, 2, 3, 2, 3]);
    const rows = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: [2], dtype: 'float64' });
    const yr = rows.apply([x, x]) as fx.Tensor;
    flat.setWeights(rows.getWeights());
    const expected: number[] = [];
    for (let r = 0; r < 2; r++) {
      const xr = fx.slice(x, [0, r, 0, 0], [1, 1, 3, 4]).reshape([1, 3, 4]);
      expected.push(...Array.from((flat.apply([xr, xr]) as fx.Tensor).dataSync()));
    }
    assertClose(yr, expected, [1, 2, 3, 4], 1e-12, 'per row');
  });
  test('symbolic: returnAttentionScores gives two outputs; config round trip keeps every option', () => {
    const l = fx.layers.multiHeadAttention({ numHeads: 3, keyDim: 4, returnAttentionScores: true, dropout: 0.1, useCausalMask: true });
    const q = fx.input({ shape: [5, 8] });
    const v = fx.input({ shape: [7, 8] });
    const outs = l.apply([q, v]) as fx.layers.SymbolicTensor[];
    assert.deepEqual(outs.map((o) => o.shape), [[null, 5, 8], [null, 3, 5, 7]]);
    const cfg = l.getConfig();
    assert.deepEqual({ ...cfg, name: undefined }, { ...fx.layers.deserializeLayer({ className: 'MultiHeadAttention', config: cfg }).getConfig(), name: undefined });
    assert.equal(cfg['numHeads'], 3);
    assert.equal(cfg['useCausalMask'], true);
  });
  test('Functional: call arguments given to apply (useCausalMask) are used when the model runs', () => {
    const x = fx.input({ shape: [4, 3] });
    const mha = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, name: 'causal_mha' });
    const m = fx.model({ inputs: x, outputs: mha.apply([x, x], { useCausalMask: true }) as fx.layers.SymbolicTensor });
    const data = randomTensor([2, 4, 3], 16, 'float32');
    const eager = mha.apply([data, data], { useCausalMask: true }) as fx.Tensor;
    const plain = mha.apply([data, data]) as fx.Tensor;
    assertClose(m.predict(data) as fx.Tensor, Array.from(eager.dataSync()), [2, 4, 3], 1e-6);
    assert.ok(Math.abs((plain.dataSync()[0] as number) - (eager.dataSync()[0] as number)) > 1e-6, 'the causal mask changes the first step');
    assert.throws(() => mha.apply([x, x], { attentionMask: fx.input({ shape: [4, 4] }) as unknown as fx.Tensor }), {
      message:
        'MultiHeadAttention "causal_mha": attentionMask must be a tensor of shape [batch, T, S], but received a symbolic tensor. ' +
        'In a Functional model, padding masks travel with the inputs (their masks) and causal masking is the useCausalMask option; an explicit attentionMask is for eager calls.',
    });
  });
  test('bad arguments and shapes are refused with the layer named', () => {
    assert.throws(() => fx.layers.multiHeadAttention({ numHeads: 0, keyDim: 2 }), { message: 'MultiHeadAttention: numHeads must be a positive integer, but received number 0.' });
    assert.throws(() => fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, name: 'mha1' }).apply([fx.input({ shape: [3, 4] }), fx.input({ shape: [5, 4] }), fx.input({ shape: [6, 4] })]), {
      message: 'MultiHeadAttention "mha1": all dimensions of value and key, except the last one, must be equal, but value has shape [null, 5, 4] and key has shape [null, 6, 4].',
    });
    assert.throws(() => fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, name: 'mha2' }).apply([fx.input({ shape: [4] }), fx.input({ shape: [4] })]), {
      message: 'MultiHeadAttention "mha2": query must have rank >= 3 ([batch, steps, dim]), but has shape [null, 4].',
    });
    const l = fx.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, name: 'mha3' });
    assert.throws(() => l.apply([fx.zeros([1, 3, 4]), fx.zeros([1, 3, 4])], { attentionMask: fx.ones([1, 3, 2], 'bool') }), {
      message: 'MultiHeadAttention "mha3": attentionMask must have shape [1, 3, 3] ([batch, query steps, key steps]), but has shape [1, 3, 2].',
    });
  });
});

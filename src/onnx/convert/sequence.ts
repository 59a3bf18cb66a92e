/**
 * Converters of the sequence layers: Attention and MultiHeadAttention (projections, scaled dot
 * products and softmax in MatMuls), and LSTM / GRU / SimpleRNN / RNN / Bidirectional on ONNX's recurrent
 * operators with the gates reordered (Keras: i f c o / z r h; ONNX: i o f c / z r h).
 */
import type { Variable } from '../../core/tensor.js';
import type { Layer, ShapeWithNull } from '../../layers/layer.js';
import type { AttributeValue } from '../proto.js';
import { fail, name, requireWeight, values, weight, type ConvertContext, type Converter } from './common.js';

/** Keras's Attention layer (dot or concat scores) on [query, value] or [query, value, key]; no masks. */
export const attention: Converter = (ctx) => {
  const { g } = ctx;
  const base = name(ctx);
  if (ctx.inputs.length < 2 || ctx.inputs.length > 3) fail(ctx, 'it must be called on [query, value] or [query, value, key]');
  if (ctx.config['useCausalMask'] === true || ctx.config['returnAttentionScores'] === true) fail(ctx, 'useCausalMask and returnAttentionScores are not exported');
  const [query, value] = ctx.inputs as [string, string];
  const key = (ctx.inputs[2] ?? value) as string;
  const scale = weight(ctx, 'scale');
  const scaleConst = scale ? g.floatConst(`${base}/scale`, [], values(scale)) : null;
  let scores: string;
  if (ctx.config['scoreMode'] === 'concat') {
    // sum_d tanh(scale * (q[i, d] + k[j, d])) * concat_score_weight
    let sum = g.op('Add', [g.unsqueeze(query, [2], base), g.unsqueeze(key, [1], base)], base);
    if (scaleConst) sum = g.op('Mul', [sum, scaleConst], base);
    const total = g.reduceSum(g.op('Tanh', [sum], base), [-1], false, base);
    scores = g.op('Mul', [total, g.floatConst(`${base}/concat_score_weight`, [], values(requireWeight(ctx, 'concat_score_weight')))], base);
  } else {
    scores = g.op('MatMul', [query, g.transpose(key, [0, 2, 1], base)], base);
    if (scaleConst) scores = g.op('Mul', [scores, scaleConst], base);
  }
  return [g.op('MatMul', [g.op('Softmax', [scores], base, { axis: -1 }), value], base)];
};

/** [N, T, in] x kernel [in, H, D] (+ bias [H, D]) -> [N, H, T, D]. */
function projectHeads(ctx: ConvertContext, x: string, part: string): { heads: string; h: number; d: number } {
  const { g } = ctx;
  const kernel = requireWeight(ctx, `${part}/kernel`);
  const [inDim, h, d] = kernel.shape as [number, number, number];
  let y = g.op('MatMul', [x, g.floatConst(`${name(ctx)}/${part}/kernel`, [inDim, h * d], values(kernel))], `${name(ctx)}/${part}`);
  const bias = weight(ctx, `${part}/bias`);
  if (bias) y = g.op('Add', [y, g.floatConst(`${name(ctx)}/${part}/bias`, [h * d], values(bias))], `${name(ctx)}/${part}`);
  const split = g.reshape(y, [0, 0, h, d], `${name(ctx)}/${part}`);
  return { heads: g.transpose(split, [0, 2, 1, 3], `${name(ctx)}/${part}`), h, d };
}

export const multiHeadAttention: Converter = (ctx) => {
  const { g } = ctx;
  if (ctx.inputs.length < 2 || ctx.inputs.length > 3) fail(ctx, 'it must be called on [query, value] or [query, value, key] (attention masks are not exported)');
  if (ctx.config['attentionAxes'] !== null && ctx.config['attentionAxes'] !== undefined) fail(ctx, 'attentionAxes is not supported');
  if ((ctx.inputShapes[0] as ShapeWithNull).length !== 3) fail(ctx, 'only [batch, time, features] inputs are supported');
  const query = ctx.inputs[0] as string;
  const value = ctx.inputs[1] as string;
  const key = (ctx.inputs[2] ?? value) as string;
  const q = projectHeads(ctx, query, 'query');
  const k = projectHeads(ctx, key, 'key');
  const v = projectHeads(ctx, value, 'value');
  const base = name(ctx);
  const qScaled = g.op('Mul', [q.heads, g.floatConst(`${base}/scale`, [], [1 / Math.sqrt(q.d)])], base);
  const scores = g.op('MatMul', [qScaled, g.transpose(k.heads, [0, 1, 3, 2], base)], base);
  const weights = g.op('Softmax', [scores], base, { axis: -1 });
  const context = g.op('MatMul', [weights, v.heads], base);
  const merged = g.reshape(g.transpose(context, [0, 2, 1, 3], base), [0, 0, v.h * v.d], base);
  const outKernel = requireWeight(ctx, 'attention_output/kernel');
  const outDim = outKernel.shape.slice(2).reduce((a, b) => a * b, 1);
  let y = g.op('MatMul', [merged, g.floatConst(`${base}/attention_output/kernel`, [v.h * v.d, outDim], values(outKernel))], base);
  const outBias = weight(ctx, 'attention_output/bias');
  if (outBias) y = g.op('Add', [y, g.floatConst(`${base}/attention_output/bias`, [outDim], values(outBias))], base);
  return [y];
};

// ---------------------------------------------------------------- recurrent

const RNN_ACTIVATIONS: Record<string, string> = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' };

/** Reorders the gate blocks of the last axis of a [rows, gates * units] matrix, then transposes to [gates * units, rows]. */
function gateMatrix(data: Float32Array, rows: number, units: number, order: number[]): Float32Array {
  const gates = order.length;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    order.forEach((src, dst) => {
      for (let u = 0; u < units; u++) out[(dst * units + u) * rows + r] = data[r * gates * units + src * units + u] as number;
    });
  }
  return out;
}

function gateVector(data: Float32Array, units: number, order: number[]): Float32Array {
  const out = new Float32Array(order.length * units);
  order.forEach((src, dst) => out.set(data.subarray(src * units, (src + 1) * units), dst * units));
  return out;
}

type RecurrentOp = 'LSTM' | 'GRU' | 'RNN';

const RECURRENT_OPS: Record<string, RecurrentOp> = { LSTM: 'LSTM', GRU: 'GRU', SimpleRNN: 'RNN' };

/** One direction's ONNX weights (W, R, B for num_directions = 1) and activations. */
interface Direction {
  W: Float32Array;
  R: Float32Array;
  B: Float32Array;
  units: number;
  inDim: number;
  activations: string[];
  resetAfter: boolean;
}

/** The cell's settings: on the layer (LSTM, GRU, SimpleRNN) or in the wrapped cell's config (RNN). */
function cellConfig(config: Record<string, unknown>): Record<string, unknown> {
  const cell = config['cell'];
  if (typeof cell === 'object' && cell !== null && !Array.isArray(cell)) {
    const inner = (cell as Record<string, unknown>)['config'];
    if (typeof inner === 'object' && inner !== null) return { ...config, ...(inner as Record<string, unknown>) };
  }
  return config;
}

const CELL_OPS: Record<string, RecurrentOp> = { LSTMCell: 'LSTM', GRUCell: 'GRU', SimpleRNNCell: 'RNN' };

function direction(ctx: ConvertContext, layer: Layer, op: RecurrentOp, expectBackwards: boolean): Direction {
  const config = cellConfig(layer.getConfig());
  const where = `recurrent layer "${layer.name}"`;
  if (config['returnState'] === true) fail(ctx, 'returnState is not supported');
  if (config['stateful'] === true) fail(ctx, 'stateful layers are not supported');
  if ((config['goBackwards'] === true) !== expectBackwards) fail(ctx, 'goBackwards is not supported');
  const find = (suffix: string): Variable | null => layer.weights.find((w) => w.name.endsWith(`/${suffix}`)) ?? null;
  const kernel = find('kernel');
  const recurrentKernel = find('recurrent_kernel');
  if (kernel === null || recurrentKernel === null) fail(ctx, `${where} has no kernel (is it built?)`);
  const bias = find('bias');
  const units = Number(config['units']);
  const inDim = kernel.shape[0] as number;
  // Keras gate order -> ONNX gate order.
  const order = op === 'LSTM' ? [0, 3, 1, 2] : op === 'GRU' ? [0, 1, 2] : [0];
  const gates = order.length;
  const act = String(config['activation'] ?? 'tanh');
  const recAct = String(config['recurrentActivation'] ?? 'sigmoid');
  const onnxAct = RNN_ACTIVATIONS[act];
  const onnxRec = RNN_ACTIVATIONS[recAct];
  if (onnxAct === undefined || (op !== 'RNN' && onnxRec === undefined)) fail(ctx, `activations '${act}' / '${recAct}' are not supported (sigmoid, tanh, relu)`);
  const resetAfter = op === 'GRU' && config['resetAfter'] !== false;
  const B = new Float32Array(2 * gates * units);
  if (bias) {
    const b = values(bias);
    if (resetAfter) {
      // reset_after: bias [2, 3 * units] = input bias, recurrent bias (ONNX: Wb, Rb).
      B.set(gateVector(b.subarray(0, gates * units), units, order), 0);
      B.set(gateVector(b.subarray(gates * units), units, order), gates * units);
    } else B.set(gateVector(b, units, order), 0);
  }
  const activations = op === 'LSTM' ? [onnxRec as string, onnxAct, onnxAct] : op === 'GRU' ? [onnxRec as string, onnxAct] : [onnxAct];
  return { W: gateMatrix(values(kernel), inDim, units, order), R: gateMatrix(values(recurrentKernel), units, units, order), B, units, inDim, activations, resetAfter };
}

function concatArrays(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Emits the ONNX recurrent node for one or two directions; returns [Y, Y_h] ([T, D, N, H] and [D, N, H]). */
function emitRecurrent(ctx: ConvertContext, op: RecurrentOp, dirs: Direction[]): [string, string] {
  const { g } = ctx;
  const base = name(ctx);
  const d0 = dirs[0] as Direction;
  const gates = op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1;
  const n = dirs.length;
  const W = g.floatConst(`${base}/W`, [n, gates * d0.units, d0.inDim], concatArrays(dirs.map((d) => d.W)));
  const R = g.floatConst(`${base}/R`, [n, gates * d0.units, d0.units], concatArrays(dirs.map((d) => d.R)));
  const B = g.floatConst(`${base}/B`, [n, 2 * gates * d0.units], concatArrays(dirs.map((d) => d.B)));
  const attrs: Record<string, AttributeValue> = {
    hidden_size: d0.units,
    activations: { strings: dirs.flatMap((d) => d.activations) },
    ...(n === 2 ? { direction: 'bidirectional' } : {}),
    ...(op === 'GRU' ? { linear_before_reset: d0.resetAfter ? 1 : 0 } : {}),
  };
  const x = g.transpose(ctx.inputs[0] as string, [1, 0, 2], base);
  return g.node(op, [x, W, R, B], base, attrs, 2) as [string, string];
}

export function recurrent(fixed: RecurrentOp | null): Converter {
  return (ctx) => {
    const { g } = ctx;
    const base = name(ctx);
    if (ctx.inputs.length !== 1) fail(ctx, 'initial states are not exported');
    const cell = (ctx.config['cell'] as { className?: unknown } | undefined)?.className;
    const op = fixed ?? CELL_OPS[String(cell)];
    if (op === undefined) fail(ctx, `its cell ${String(cell)} has no ONNX export (LSTMCell, GRUCell and SimpleRNNCell do)`);
    const [Y, Yh] = emitRecurrent(ctx, op, [direction(ctx, ctx.layer, op, false)]);
    // Y: [T, 1, N, units] -> [N, T, units];  Y_h: [1, N, units] -> [N, units].
    if (ctx.config['returnSequences'] === true) return [g.transpose(g.squeeze(Y, [1], base), [1, 0, 2], base)];
    return [g.squeeze(Yh, [0], base)];
  };
}

/** Bidirectional(LSTM | GRU | SimpleRNN): one ONNX node with direction 'bidirectional', then the merge. */
export const bidirectional: Converter = (ctx) => {
  const { g } = ctx;
  const base = name(ctx);
  if (ctx.inputs.length !== 1) fail(ctx, 'initial states are not exported');
  const [forward, backward] = ctx.layer.sublayers() as [Layer, Layer];
  const op = RECURRENT_OPS[forward.getClassName()];
  if (op === undefined || backward.getClassName() !== forward.getClassName()) fail(ctx, `it wraps ${forward.getClassName()}; LSTM, GRU and SimpleRNN are supported`);
  const mergeMode = ctx.config['mergeMode'];
  if (mergeMode !== 'concat' && mergeMode !== 'sum' && mergeMode !== 'mul' && mergeMode !== 'ave') fail(ctx, `mergeMode ${JSON.stringify(mergeMode)} is not supported`);
  const [Y, Yh] = emitRecurrent(ctx, op, [direction(ctx, forward, op, false), direction(ctx, backward, op, true)]);
  const sequences = forward.getConfig()['returnSequences'] === true;
  // The two directions as [N, (T,) units] tensors (ONNX aligns the backward outputs with the input's time steps, as Keras does).
  const both = sequences ? g.transpose(Y, [2, 0, 1, 3], base) : g.transpose(Yh, [1, 0, 2], base); // [N, T, 2, H] or [N, 2, H]
  const dirAxis = sequences ? 2 : 1;
  if (mergeMode === 'concat') return [g.reshape(both, sequences ? [0, 0, -1] : [0, -1], base)];
  const pick = (k: number): string => g.op('Gather', [both, g.int64Const(`${base}/dir${k}`, [k], [])], base, { axis: dirAxis });
  const f = pick(0);
  const b = pick(1);
  if (mergeMode === 'sum') return [g.op('Add', [f, b], base)];
  if (mergeMode === 'mul') return [g.op('Mul', [f, b], base)];
  return [g.op('Mul', [g.op('Add', [f, b], base), g.floatConst(`${base}/half`, [], [0.5])], base)];
};

/** Layers that act on the last axis only, so that TimeDistributed of them is the layer itself. */

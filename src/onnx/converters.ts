/**
 * One converter per exportable layer class: it reads the layer's config and weights and emits
 * ONNX nodes on the graph. Fluxion is channels-last; ONNX's Conv and Pool are channels-first, so
 * those are wrapped in Transposes. Recurrent layers map to ONNX's LSTM / GRU / RNN operators with
 * the gates reordered (Keras: i f c o / z r h; ONNX: i o f c / z r h).
 */
import { FluxionError } from '../core/errors.js';
import type { Variable } from '../core/tensor.js';
import type { Layer, ShapeWithNull } from '../layers/layer.js';
import { GraphBuilder, toChannelsFirst, toChannelsLast } from './graph.js';
import type { AttributeValue } from './proto.js';

export interface ConvertContext {
  g: GraphBuilder;
  layer: Layer;
  config: Record<string, unknown>;
  inputs: string[];
  inputShapes: ShapeWithNull[];
  outputShapes: ShapeWithNull[];
}

export type Converter = (ctx: ConvertContext) => string[];

function fail(ctx: ConvertContext, what: string): never {
  throw new FluxionError(`onnx.exportModel: layer "${ctx.layer.name}" (${ctx.layer.getClassName()}) cannot be exported: ${what}.`);
}

function weight(ctx: ConvertContext, suffix: string): Variable | null {
  return ctx.layer.weights.find((w) => w.name.endsWith(`/${suffix}`)) ?? null;
}

function requireWeight(ctx: ConvertContext, suffix: string): Variable {
  const w = weight(ctx, suffix);
  if (w === null) fail(ctx, `it has no "${suffix}" weight (is it built?)`);
  return w;
}

function values(v: Variable): Float32Array {
  return Float32Array.from(v.dataSync() as ArrayLike<number>);
}

/** Permutes a row-major array of the given shape. */
function permuteArray(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p] as number);
  const inStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] as number) * (shape[i + 1] as number);
  const out = new Float32Array(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += (idx[d] as number) * (inStrides[perm[d] as number] as number);
    out[o] = data[src] as number;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (outShape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

function name(ctx: ConvertContext): string {
  return ctx.layer.name;
}

// ---------------------------------------------------------------- activations

const SIMPLE_ACTIVATIONS: Record<string, string> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
  softsign: 'Softsign',
  exponential: 'Exp',
  selu: 'Selu',
  linear: 'Identity',
};

export const SUPPORTED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'legacyHardSigmoid', 'tanh', 'softmax', 'logSoftmax', 'softplus', 'softsign', 'swish', 'silu', 'gelu', 'mish', 'leakyRelu', 'exponential'];

export function activation(g: GraphBuilder, x: string, act: string, base: string, onFail: (what: string) => never): string {
  if (act === 'linear') return x;
  const simple = SIMPLE_ACTIVATIONS[act];
  if (simple !== undefined) return g.op(simple, [x], base);
  switch (act) {
    case 'relu6':
      return g.op('Clip', [x, g.floatConst(`${base}/min`, [], [0]), g.floatConst(`${base}/max`, [], [6])], base);
    case 'elu':
      return g.op('Elu', [x], base, { alpha: { float: 1 } });
    case 'hardSigmoid':
      return g.op('HardSigmoid', [x], base, { alpha: { float: 1 / 6 }, beta: { float: 0.5 } });
    case 'legacyHardSigmoid':
      return g.op('HardSigmoid', [x], base, { alpha: { float: 0.2 }, beta: { float: 0.5 } });
    case 'softmax':
      return g.op('Softmax', [x], base, { axis: -1 });
    case 'logSoftmax':
      return g.op('LogSoftmax', [x], base, { axis: -1 });
    case 'swish':
    case 'silu':
      return g.op('Mul', [x, g.op('Sigmoid', [x], base)], base);
    case 'gelu': {
      // Keras's gelu (exact): 0.5 x (1 + erf(x / sqrt 2)).
      const erf = g.op('Erf', [g.op('Mul', [x, g.floatConst(`${base}/rsqrt2`, [], [Math.SQRT1_2])], base)], base);
      const onePlus = g.op('Add', [erf, g.floatConst(`${base}/one`, [], [1])], base);
      return g.op('Mul', [g.op('Mul', [x, onePlus], base), g.floatConst(`${base}/half`, [], [0.5])], base);
    }
    case 'mish':
      return g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x], base)], base)], base);
    case 'leakyRelu':
      return g.op('LeakyRelu', [x], base, { alpha: { float: 0.2 } });
    default:
      return onFail(`its activation '${act}' has no ONNX export (supported: ${SUPPORTED_ACTIVATIONS.join(', ')})`);
  }
}

function applyActivation(ctx: ConvertContext, x: string): string {
  const act = typeof ctx.config['activation'] === 'string' ? ctx.config['activation'] : 'linear';
  return activation(ctx.g, x, act, name(ctx), (what) => fail(ctx, what));
}

// ---------------------------------------------------------------- core

const dense: Converter = (ctx) => {
  const { g } = ctx;
  const kernel = requireWeight(ctx, 'kernel');
  const w = g.floatConst(`${name(ctx)}/kernel`, [...kernel.shape], values(kernel));
  let y = g.op('MatMul', [ctx.inputs[0] as string, w], name(ctx));
  const bias = weight(ctx, 'bias');
  if (bias !== null) y = g.op('Add', [y, g.floatConst(`${name(ctx)}/bias`, [...bias.shape], values(bias))], name(ctx));
  return [applyActivation(ctx, y)];
};

const identity: Converter = (ctx) => [ctx.g.op('Identity', [ctx.inputs[0] as string], name(ctx))];

const activationLayer: Converter = (ctx) => [applyActivation(ctx, ctx.inputs[0] as string)];

const flatten: Converter = (ctx) => [ctx.g.op('Flatten', [ctx.inputs[0] as string], name(ctx), { axis: 1 })];

const reshape: Converter = (ctx) => {
  const target = ctx.config['targetShape'] as number[];
  return [ctx.g.reshape(ctx.inputs[0] as string, [0, ...target], name(ctx))];
};

const permute: Converter = (ctx) => {
  const dims = ctx.config['dims'] as number[];
  return [ctx.g.transpose(ctx.inputs[0] as string, [0, ...dims], name(ctx))];
};

const rescaling: Converter = (ctx) => {
  const { g } = ctx;
  const scale = ctx.config['scale'];
  const offset = ctx.config['offset'];
  const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [Number(v ?? 0)]);
  const s = arr(scale);
  const o = arr(offset ?? 0);
  const y = g.op('Mul', [ctx.inputs[0] as string, g.floatConst(`${name(ctx)}/scale`, s.length === 1 ? [] : [s.length], s)], name(ctx));
  return [g.op('Add', [y, g.floatConst(`${name(ctx)}/offset`, o.length === 1 ? [] : [o.length], o)], name(ctx))];
};

// ---------------------------------------------------------------- convolution and pooling

function channelsLast(ctx: ConvertContext): boolean {
  const df = ctx.config['dataFormat'];
  return df === undefined || df === null || df === 'channelsLast';
}

/** Runs `body` on the input in channels-first layout and returns the result in the model's layout. */
function inChannelsFirst(ctx: ConvertContext, body: (x: string) => string): string {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  if (!channelsLast(ctx)) return body(ctx.inputs[0] as string);
  const x = ctx.g.transpose(ctx.inputs[0] as string, toChannelsFirst(rank), name(ctx));
  return ctx.g.transpose(body(x), toChannelsLast(rank), name(ctx));
}

function convAttributes(ctx: ConvertContext, spatial: number): Record<string, number[] | string> {
  const tuple = (key: string, dflt: number): number[] => {
    const v = ctx.config[key];
    return Array.isArray(v) ? (v as number[]) : new Array<number>(spatial).fill(typeof v === 'number' ? v : dflt);
  };
  const padding = ctx.config['padding'] ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') fail(ctx, `padding '${String(padding)}' is not supported (only 'valid' and 'same')`);
  return {
    kernel_shape: tuple('kernelSize', 1),
    strides: tuple('strides', 1),
    dilations: tuple('dilationRate', 1),
    // TensorFlow's 'same' puts the odd pixel at the end: ONNX's SAME_UPPER.
    ...(padding === 'same' ? { auto_pad: 'SAME_UPPER' } : { pads: new Array<number>(2 * spatial).fill(0) }),
  };
}

/** Keras kernel [...k, in, out] -> ONNX W [out, in, ...k]. */
function convWeight(ctx: ConvertContext, kernel: Variable): string {
  const shape = [...kernel.shape];
  const r = shape.length;
  const perm = [r - 1, r - 2, ...Array.from({ length: r - 2 }, (_, i) => i)];
  return ctx.g.floatConst(`${name(ctx)}/W`, perm.map((p) => shape[p] as number), permuteArray(values(kernel), shape, perm));
}

const conv: Converter = (ctx) => {
  const kernel = requireWeight(ctx, 'kernel');
  const spatial = kernel.shape.length - 2;
  const groups = typeof ctx.config['groups'] === 'number' ? ctx.config['groups'] : 1;
  const w = convWeight(ctx, kernel);
  const bias = weight(ctx, 'bias');
  const inputs = [w, ...(bias ? [ctx.g.floatConst(`${name(ctx)}/B`, [...bias.shape], values(bias))] : [])];
  const y = inChannelsFirst(ctx, (x) => ctx.g.op('Conv', [x, ...inputs], name(ctx), { ...convAttributes(ctx, spatial), group: groups }));
  return [applyActivation(ctx, y)];
};

/** Depthwise kernel [kh, kw, in, mult] -> grouped ONNX W [in * mult, 1, kh, kw]. */
function depthwiseWeight(ctx: ConvertContext, kernel: Variable): string {
  const [kh, kw, c, m] = kernel.shape as [number, number, number, number];
  const data = permuteArray(values(kernel), [kh, kw, c, m], [2, 3, 0, 1]);
  return ctx.g.floatConst(`${name(ctx)}/W_depthwise`, [c * m, 1, kh, kw], data);
}

const depthwiseConv2d: Converter = (ctx) => {
  const kernel = weight(ctx, 'depthwise_kernel') ?? requireWeight(ctx, 'kernel');
  const channels = kernel.shape[2] as number;
  const bias = weight(ctx, 'bias');
  const w = depthwiseWeight(ctx, kernel);
  const inputs = [w, ...(bias ? [ctx.g.floatConst(`${name(ctx)}/B`, [...bias.shape], values(bias))] : [])];
  const y = inChannelsFirst(ctx, (x) => ctx.g.op('Conv', [x, ...inputs], name(ctx), { ...convAttributes(ctx, 2), group: channels }));
  return [applyActivation(ctx, y)];
};

const separableConv2d: Converter = (ctx) => {
  const depthwise = requireWeight(ctx, 'depthwise_kernel');
  const pointwise = requireWeight(ctx, 'pointwise_kernel');
  const channels = depthwise.shape[2] as number;
  const bias = weight(ctx, 'bias');
  const wd = depthwiseWeight(ctx, depthwise);
  const wp = convWeight(ctx, pointwise);
  const y = inChannelsFirst(ctx, (x) => {
    const d = ctx.g.op('Conv', [x, wd], name(ctx), { ...convAttributes(ctx, 2), group: channels });
    const pointInputs = [wp, ...(bias ? [ctx.g.floatConst(`${name(ctx)}/B`, [...bias.shape], values(bias))] : [])];
    return ctx.g.op('Conv', [d, ...pointInputs], name(ctx), { kernel_shape: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0] });
  });
  return [applyActivation(ctx, y)];
};

const conv2dTranspose: Converter = (ctx) => {
  const kernel = requireWeight(ctx, 'kernel');
  if (ctx.config['outputPadding'] !== undefined && ctx.config['outputPadding'] !== null) fail(ctx, 'outputPadding is not supported');
  // Keras kernel [kh, kw, out, in] -> ONNX ConvTranspose W [in, out, kh, kw].
  const shape = [...kernel.shape];
  const perm = [3, 2, 0, 1];
  const w = ctx.g.floatConst(`${name(ctx)}/W`, perm.map((p) => shape[p] as number), permuteArray(values(kernel), shape, perm));
  const bias = weight(ctx, 'bias');
  const inputs = [w, ...(bias ? [ctx.g.floatConst(`${name(ctx)}/B`, [...bias.shape], values(bias))] : [])];
  const inShape = ctx.inputShapes[0] as ShapeWithNull;
  const outShape = ctx.outputShapes[0] as ShapeWithNull;
  const attrs = convAttributes(ctx, 2);
  const first = channelsLast(ctx) ? 1 : 2;
  const spatialIn = inShape.slice(first, first + 2);
  const spatialOut = outShape.slice(first, first + 2);
  if (spatialOut.some((d) => d === null) || spatialIn.some((d) => d === null)) fail(ctx, 'its spatial input size must be known');
  // Explicit pads reproduce TensorFlow's cropping (the larger half at the end); when the kernel is
  // smaller than the stride, the missing cells come from output_padding.
  const strides = attrs['strides'] as number[];
  const kernelShape = attrs['kernel_shape'] as number[];
  const pads = [0, 0, 0, 0];
  const outputPadding = [0, 0];
  for (let i = 0; i < 2; i++) {
    const total = (strides[i] as number) * ((spatialIn[i] as number) - 1) + (kernelShape[i] as number) - (spatialOut[i] as number);
    if (total >= 0) {
      pads[i] = Math.floor(total / 2);
      pads[i + 2] = total - Math.floor(total / 2);
    } else outputPadding[i] = -total;
  }
  delete attrs['auto_pad'];
  const y = inChannelsFirst(ctx, (x) => ctx.g.op('ConvTranspose', [x, ...inputs], name(ctx), { ...attrs, pads, output_padding: outputPadding }));
  return [applyActivation(ctx, y)];
};

function pool(op: 'MaxPool' | 'AveragePool'): Converter {
  return (ctx) => {
    const spatial = (ctx.inputShapes[0] as ShapeWithNull).length - 2;
    const tuple = (v: unknown, dflt: number[]): number[] => (v === undefined || v === null ? dflt : Array.isArray(v) ? (v as number[]) : new Array<number>(spatial).fill(v as number));
    const poolSize = tuple(ctx.config['poolSize'], new Array<number>(spatial).fill(2));
    const strides = tuple(ctx.config['strides'], poolSize);
    const padding = ctx.config['padding'] ?? 'valid';
    const attrs = {
      kernel_shape: poolSize,
      strides,
      ...(padding === 'same' ? { auto_pad: 'SAME_UPPER' } : { pads: new Array<number>(2 * spatial).fill(0) }),
      // TensorFlow averages over the window's valid cells only.
      ...(op === 'AveragePool' ? { count_include_pad: 0 } : {}),
    };
    return [inChannelsFirst(ctx, (x) => ctx.g.op(op, [x], name(ctx), attrs))];
  };
}

function globalPool(op: 'ReduceMean' | 'ReduceMax'): Converter {
  return (ctx) => {
    const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
    const axes = channelsLast(ctx) ? Array.from({ length: rank - 2 }, (_, i) => i + 1) : Array.from({ length: rank - 2 }, (_, i) => i + 2);
    return [ctx.g.reduce(op, ctx.inputs[0] as string, axes, ctx.config['keepdims'] === true, name(ctx))];
  };
}

const zeroPadding: Converter = (ctx) => {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  const spatial = rank - 2;
  const p = ctx.config['padding'];
  let pairs: [number, number][];
  if (typeof p === 'number') pairs = new Array<[number, number]>(spatial).fill([p, p]);
  else if (Array.isArray(p) && p.every((x) => typeof x === 'number')) pairs = spatial === 1 ? [[p[0] as number, p[1] as number]] : (p as number[]).map((x) => [x, x] as [number, number]);
  else pairs = p as [number, number][];
  if (!channelsLast(ctx)) fail(ctx, 'channelsFirst padding is not supported');
  const begins = [0, ...pairs.map((q) => q[0]), 0];
  const ends = [0, ...pairs.map((q) => q[1]), 0];
  return [ctx.g.op('Pad', [ctx.inputs[0] as string, ctx.g.int64Const(`${name(ctx)}/pads`, [...begins, ...ends])], name(ctx), { mode: 'constant' })];
};

/** Largest int64, for open-ended Slice ends. */
const SLICE_END = 2 ** 53 - 1;

const cropping: Converter = (ctx) => {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  if (!channelsLast(ctx)) fail(ctx, 'channelsFirst cropping is not supported');
  const c = ctx.config['cropping'];
  const pairs: [number, number][] = rank === 3 ? [c as [number, number]] : (c as [number, number][]);
  const axes = pairs.map((_, i) => i + 1);
  return [ctx.g.slice(ctx.inputs[0] as string, pairs.map((p) => p[0]), pairs.map((p) => (p[1] === 0 ? SLICE_END : -p[1])), axes, name(ctx))];
};

const repeatVector: Converter = (ctx) => {
  const n = Number(ctx.config['n']);
  const x = ctx.g.unsqueeze(ctx.inputs[0] as string, [1], name(ctx));
  return [ctx.g.op('Tile', [x, ctx.g.int64Const(`${name(ctx)}/repeats`, [1, n, 1])], name(ctx))];
};

/** Repeats every entry of `axis` `times` times (nearest-neighbour upsampling), for a static shape. */
function repeatAxis(ctx: ConvertContext, x: string, shape: number[], axis: number, times: number): { y: string; shape: number[] } {
  const g = ctx.g;
  const base = name(ctx);
  const expanded = g.unsqueeze(x, [axis + 1], base);
  const reps = new Array<number>(shape.length + 1).fill(1);
  reps[axis + 1] = times;
  const tiled = g.op('Tile', [expanded, g.int64Const(`${base}/repeats`, reps)], base);
  const out = [...shape];
  out[axis] = (shape[axis] as number) * times;
  return { y: g.reshape(tiled, [0, ...out.slice(1)], base), shape: out };
}

const upSampling: Converter = (ctx) => {
  const inShape = ctx.inputShapes[0] as ShapeWithNull;
  if (inShape.slice(1).some((d) => d === null)) fail(ctx, 'its input shape (without the batch) must be known');
  if (ctx.config['interpolation'] === 'bilinear') fail(ctx, "interpolation 'bilinear' is not supported (only 'nearest')");
  if (!channelsLast(ctx)) fail(ctx, 'channelsFirst upsampling is not supported');
  const size = ctx.config['size'];
  const spatial = inShape.length - 2;
  const sizes = Array.isArray(size) ? (size as number[]) : new Array<number>(spatial).fill(Number(size ?? 2));
  let state = { y: ctx.inputs[0] as string, shape: inShape.map((d) => d ?? 0) };
  sizes.forEach((times, i) => {
    state = repeatAxis(ctx, state.y, state.shape, i + 1, times);
  });
  return [state.y];
};

const centerCrop: Converter = (ctx) => {
  const inShape = ctx.inputShapes[0] as ShapeWithNull;
  if (!channelsLast(ctx)) fail(ctx, 'channelsFirst is not supported');
  const height = Number(ctx.config['height']);
  const width = Number(ctx.config['width']);
  const [h, w] = [inShape[1], inShape[2]];
  if (typeof h !== 'number' || typeof w !== 'number' || h < height || w < width) {
    fail(ctx, 'its input must be at least as large as the crop (smaller images are resized, which is not exported)');
  }
  const top = Math.trunc((h - height) / 2);
  const left = Math.trunc((w - width) / 2);
  return [ctx.g.slice(ctx.inputs[0] as string, [top, left], [top + height, left + width], [1, 2], name(ctx))];
};

// ---------------------------------------------------------------- normalization

const unitNormalization: Converter = (ctx) => {
  const { g } = ctx;
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  const axisArg = ctx.config['axis'];
  const axes = (Array.isArray(axisArg) ? (axisArg as number[]) : [typeof axisArg === 'number' ? axisArg : -1]).map((a) => (a < 0 ? a + rank : a));
  const base = name(ctx);
  const squares = g.reduce('ReduceSumSquare', ctx.inputs[0] as string, axes, true, base);
  const norm = g.op('Sqrt', [g.op('Max', [squares, g.floatConst(`${base}/eps`, [], [1e-12])], base)], base);
  return [g.op('Div', [ctx.inputs[0] as string, norm], base)];
};

function flatNumbers(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(flatNumbers);
  return [];
}

/** The preprocessing Normalization layer: (x - mean) / max(sqrt(variance), 1e-7), or its inverse. */
const normalization: Converter = (ctx) => {
  const { g } = ctx;
  const inShape = ctx.inputShapes[0] as ShapeWithNull;
  const rank = inShape.length;
  const axisArg = ctx.config['axis'];
  const keep = axisArg === null ? [] : (Array.isArray(axisArg) ? (axisArg as number[]) : [typeof axisArg === 'number' ? axisArg : -1]).map((a) => (a < 0 ? a + rank : a));
  const broadcast = inShape.map((d, i) => (keep.includes(i) ? (d as number) : 1));
  const count = broadcast.reduce((a, b) => a * b, 1);
  const stat = (key: string): number[] => {
    const fromConfig = flatNumbers(ctx.config[key]);
    const list = fromConfig.length > 0 ? fromConfig : Array.from(values(requireWeight(ctx, key)));
    if (list.length === 1) return new Array<number>(count).fill(list[0] as number);
    if (list.length !== count) fail(ctx, `its ${key} has ${list.length} values; expected ${count}`);
    return list;
  };
  const mean = stat('mean');
  const std = stat('variance').map((v) => Math.max(Math.sqrt(v), 1e-7));
  const base = name(ctx);
  const m = g.floatConst(`${base}/mean`, broadcast, mean);
  const s = g.floatConst(`${base}/std`, broadcast, std);
  if (ctx.config['invert'] === true) return [g.op('Add', [g.op('Mul', [ctx.inputs[0] as string, s], base), m], base)];
  return [g.op('Div', [g.op('Sub', [ctx.inputs[0] as string, m], base), s], base)];
};

const batchNormalization: Converter = (ctx) => {
  const { g } = ctx;
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  const axisArg = ctx.config['axis'];
  const axis = typeof axisArg === 'number' ? axisArg : Array.isArray(axisArg) && axisArg.length === 1 ? (axisArg[0] as number) : NaN;
  if (axis !== -1 && axis !== rank - 1) fail(ctx, `only axis -1 (the channels-last axis) is supported, but axis is ${JSON.stringify(axisArg)}`);
  const eps = Number(ctx.config['epsilon'] ?? 1e-3);
  const mean = values(requireWeight(ctx, 'moving_mean'));
  const variance = values(requireWeight(ctx, 'moving_variance'));
  const gamma = weight(ctx, 'gamma');
  const beta = weight(ctx, 'beta');
  const gv = gamma ? values(gamma) : null;
  const bv = beta ? values(beta) : null;
  // Inference: y = x * scale + shift with scale = gamma / sqrt(var + eps), shift = beta - mean * scale.
  const scale = mean.map((_, i) => (gv ? (gv[i] as number) : 1) / Math.sqrt((variance[i] as number) + eps));
  const shift = mean.map((m, i) => (bv ? (bv[i] as number) : 0) - m * (scale[i] as number));
  const y = g.op('Mul', [ctx.inputs[0] as string, g.floatConst(`${name(ctx)}/scale`, [scale.length], scale)], name(ctx));
  return [g.op('Add', [y, g.floatConst(`${name(ctx)}/shift`, [shift.length], shift)], name(ctx))];
};

const layerNormalization: Converter = (ctx) => {
  const { g } = ctx;
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  const axisArg = ctx.config['axis'];
  const axes = (Array.isArray(axisArg) ? (axisArg as number[]) : [typeof axisArg === 'number' ? axisArg : -1]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  const first = axes[0] as number;
  if (!axes.every((a, i) => a === first + i) || axes[axes.length - 1] !== rank - 1) fail(ctx, `only trailing axes can be normalized, but axis is ${JSON.stringify(axisArg)}`);
  if (ctx.config['rmsScaling'] === true) fail(ctx, 'rmsScaling is not supported');
  if (g.opset < 17) fail(ctx, `LayerNormalization needs opset 17 or later (requested ${g.opset})`);
  const normShape = (ctx.inputShapes[0] as ShapeWithNull).slice(first) as number[];
  const size = normShape.reduce((a, b) => a * b, 1);
  const gamma = weight(ctx, 'gamma');
  const beta = weight(ctx, 'beta');
  const scale = g.floatConst(`${name(ctx)}/scale`, normShape, gamma ? values(gamma) : new Float32Array(size).fill(1));
  const bias = g.floatConst(`${name(ctx)}/bias`, normShape, beta ? values(beta) : new Float32Array(size));
  return [g.op('LayerNormalization', [ctx.inputs[0] as string, scale, bias], name(ctx), { axis: first, epsilon: { float: Number(ctx.config['epsilon'] ?? 1e-3) } })];
};

// ---------------------------------------------------------------- advanced activations

const reluLayer: Converter = (ctx) => {
  const { g } = ctx;
  const maxValue = ctx.config['maxValue'];
  const slope = Number(ctx.config['negativeSlope'] ?? 0);
  const threshold = Number(ctx.config['threshold'] ?? 0);
  if (threshold !== 0) fail(ctx, 'a non-zero threshold is not supported');
  let y = slope === 0 ? g.op('Relu', [ctx.inputs[0] as string], name(ctx)) : g.op('LeakyRelu', [ctx.inputs[0] as string], name(ctx), { alpha: { float: slope } });
  if (typeof maxValue === 'number') y = g.op('Min', [y, g.floatConst(`${name(ctx)}/max`, [], [maxValue])], name(ctx));
  return [y];
};

const leakyReluLayer: Converter = (ctx) => [ctx.g.op('LeakyRelu', [ctx.inputs[0] as string], name(ctx), { alpha: { float: Number(ctx.config['negativeSlope'] ?? ctx.config['alpha'] ?? 0.3) } })];

const eluLayer: Converter = (ctx) => [ctx.g.op('Elu', [ctx.inputs[0] as string], name(ctx), { alpha: { float: Number(ctx.config['alpha'] ?? 1) } })];

const softmaxLayer: Converter = (ctx) => {
  const axis = ctx.config['axis'];
  if (Array.isArray(axis) && axis.length !== 1) fail(ctx, 'softmax over several axes is not supported');
  return [ctx.g.op('Softmax', [ctx.inputs[0] as string], name(ctx), { axis: Array.isArray(axis) ? (axis[0] as number) : typeof axis === 'number' ? axis : -1 })];
};

const preluLayer: Converter = (ctx) => {
  const alpha = requireWeight(ctx, 'alpha');
  return [ctx.g.op('PRelu', [ctx.inputs[0] as string, ctx.g.floatConst(`${name(ctx)}/slope`, [...alpha.shape], values(alpha))], name(ctx))];
};

// ---------------------------------------------------------------- merging

function variadic(op: string): Converter {
  return (ctx) => [ctx.g.op(op, ctx.inputs, name(ctx))];
}

/** Mul takes two inputs: a chain for more. */
const multiply: Converter = (ctx) => {
  let y = ctx.inputs[0] as string;
  for (const x of ctx.inputs.slice(1)) y = ctx.g.op('Mul', [y, x], name(ctx));
  return [y];
};

const subtract: Converter = (ctx) => [ctx.g.op('Sub', [ctx.inputs[0] as string, ctx.inputs[1] as string], name(ctx))];

const concatenate: Converter = (ctx) => {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  const axis = Number(ctx.config['axis'] ?? -1);
  return [ctx.g.op('Concat', ctx.inputs, name(ctx), { axis: axis < 0 ? axis + rank : axis })];
};

// ---------------------------------------------------------------- embedding and attention

const embedding: Converter = (ctx) => {
  const table = requireWeight(ctx, 'embeddings');
  const w = ctx.g.floatConst(`${name(ctx)}/embeddings`, [...table.shape], values(table));
  // Fluxion casts float token ids to integers; ONNX's Gather needs integer indices.
  const ids = ctx.g.op('Cast', [ctx.inputs[0] as string], name(ctx), { to: 7 });
  return [ctx.g.op('Gather', [w, ids], name(ctx), { axis: 0 })];
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

const multiHeadAttention: Converter = (ctx) => {
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

function recurrent(fixed: RecurrentOp | null): Converter {
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
const bidirectional: Converter = (ctx) => {
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
const PER_STEP = ['Dense', 'Activation', 'Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ReLU', 'LeakyReLU', 'ELU', 'Rescaling'];

const timeDistributed: Converter = (ctx) => {
  const inner = ctx.layer.sublayers()[0] as Layer;
  const cls = inner.getClassName();
  const converter = CONVERTERS[cls];
  if (!PER_STEP.includes(cls) || converter === undefined) fail(ctx, `it wraps a ${cls}; TimeDistributed is exported for ${PER_STEP.join(', ')}`);
  return converter({ ...ctx, layer: inner, config: inner.getConfig() });
};

export const CONVERTERS: Record<string, Converter> = {
  Dense: dense,
  Activation: activationLayer,
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  Rescaling: rescaling,
  Conv1D: conv,
  Conv2D: conv,
  Conv3D: conv,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  MaxPooling1D: pool('MaxPool'),
  MaxPooling2D: pool('MaxPool'),
  AveragePooling1D: pool('AveragePool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling1D: globalPool('ReduceMean'),
  GlobalAveragePooling2D: globalPool('ReduceMean'),
  GlobalMaxPooling1D: globalPool('ReduceMax'),
  GlobalMaxPooling2D: globalPool('ReduceMax'),
  ZeroPadding1D: zeroPadding,
  ZeroPadding2D: zeroPadding,
  Cropping1D: cropping,
  Cropping2D: cropping,
  RepeatVector: repeatVector,
  UpSampling1D: upSampling,
  UpSampling2D: upSampling,
  CenterCrop: centerCrop,
  UnitNormalization: unitNormalization,
  Normalization: normalization,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  ReLU: reluLayer,
  LeakyReLU: leakyReluLayer,
  ELU: eluLayer,
  Softmax: softmaxLayer,
  PReLU: preluLayer,
  Add: variadic('Sum'),
  Subtract: subtract,
  Multiply: multiply,
  Average: variadic('Mean'),
  Maximum: variadic('Max'),
  Minimum: variadic('Min'),
  Concatenate: concatenate,
  Embedding: embedding,
  MultiHeadAttention: multiHeadAttention,
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
  SimpleRNN: recurrent('RNN'),
  RNN: recurrent(null),
  Bidirectional: bidirectional,
  TimeDistributed: timeDistributed,
};

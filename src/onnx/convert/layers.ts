/**
 * Converters of the feed-forward layers: core, convolution and pooling (channels-first inside
 * Transposes), reshaping, normalization, merging and Embedding.
 */
import type { Variable } from '../../core/tensor.js';
import type { ShapeWithNull } from '../../layers/layer.js';
import { applyActivation } from './activations.js';
import { channelsLast, fail, inChannelsFirst, name, permuteArray, requireWeight, values, weight, type ConvertContext, type Converter } from './common.js';

// ---------------------------------------------------------------- core

export const dense: Converter = (ctx) => {
  const { g } = ctx;
  const kernel = requireWeight(ctx, 'kernel');
  const w = g.floatConst(`${name(ctx)}/kernel`, [...kernel.shape], values(kernel));
  let y = g.op('MatMul', [ctx.inputs[0] as string, w], name(ctx));
  const bias = weight(ctx, 'bias');
  if (bias !== null) y = g.op('Add', [y, g.floatConst(`${name(ctx)}/bias`, [...bias.shape], values(bias))], name(ctx));
  return [applyActivation(ctx, y)];
};

export const identity: Converter = (ctx) => [ctx.g.op('Identity', [ctx.inputs[0] as string], name(ctx))];

export const activationLayer: Converter = (ctx) => [applyActivation(ctx, ctx.inputs[0] as string)];

export const flatten: Converter = (ctx) => [ctx.g.op('Flatten', [ctx.inputs[0] as string], name(ctx), { axis: 1 })];

export const reshape: Converter = (ctx) => {
  const target = ctx.config['targetShape'] as number[];
  return [ctx.g.reshape(ctx.inputs[0] as string, [0, ...target], name(ctx))];
};

export const permute: Converter = (ctx) => {
  const dims = ctx.config['dims'] as number[];
  return [ctx.g.transpose(ctx.inputs[0] as string, [0, ...dims], name(ctx))];
};

export const rescaling: Converter = (ctx) => {
  const { g } = ctx;
  const scale = ctx.config['scale'];
  const offset = ctx.config['offset'];
  const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [Number(v ?? 0)]);
  const s = arr(scale);
  const o = arr(offset ?? 0);
  const y = g.op('Mul', [ctx.inputs[0] as string, g.floatConst(`${name(ctx)}/scale`, s.length === 1 ? [] : [s.length], s)], name(ctx));
  return [g.op('Add', [y, g.floatConst(`${name(ctx)}/offset`, o.length === 1 ? [] : [o.length], o)], name(ctx))];
};

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

export const conv: Converter = (ctx) => {
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

export const depthwiseConv2d: Converter = (ctx) => {
  const kernel = weight(ctx, 'depthwise_kernel') ?? requireWeight(ctx, 'kernel');
  const channels = kernel.shape[2] as number;
  const bias = weight(ctx, 'bias');
  const w = depthwiseWeight(ctx, kernel);
  const inputs = [w, ...(bias ? [ctx.g.floatConst(`${name(ctx)}/B`, [...bias.shape], values(bias))] : [])];
  const y = inChannelsFirst(ctx, (x) => ctx.g.op('Conv', [x, ...inputs], name(ctx), { ...convAttributes(ctx, 2), group: channels }));
  return [applyActivation(ctx, y)];
};

export const separableConv2d: Converter = (ctx) => {
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

export const conv2dTranspose: Converter = (ctx) => {
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

export function pool(op: 'MaxPool' | 'AveragePool'): Converter {
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

export function globalPool(op: 'ReduceMean' | 'ReduceMax'): Converter {
  return (ctx) => {
    const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
    const axes = channelsLast(ctx) ? Array.from({ length: rank - 2 }, (_, i) => i + 1) : Array.from({ length: rank - 2 }, (_, i) => i + 2);
    return [ctx.g.reduce(op, ctx.inputs[0] as string, axes, ctx.config['keepdims'] === true, name(ctx))];
  };
}

export const zeroPadding: Converter = (ctx) => {
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

export const cropping: Converter = (ctx) => {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  if (!channelsLast(ctx)) fail(ctx, 'channelsFirst cropping is not supported');
  const c = ctx.config['cropping'];
  const pairs: [number, number][] = rank === 3 ? [c as [number, number]] : (c as [number, number][]);
  const axes = pairs.map((_, i) => i + 1);
  return [ctx.g.slice(ctx.inputs[0] as string, pairs.map((p) => p[0]), pairs.map((p) => (p[1] === 0 ? SLICE_END : -p[1])), axes, name(ctx))];
};

export const repeatVector: Converter = (ctx) => {
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

export const upSampling: Converter = (ctx) => {
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

export const centerCrop: Converter = (ctx) => {
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

/** Resizing as tf.image.resize (half-pixel centres), 'bilinear' or 'nearest'. */
export const resizing: Converter = (ctx) => {
  if (!channelsLast(ctx)) fail(ctx, 'channelsFirst is not supported');
  if (ctx.config['cropToAspectRatio'] === true) fail(ctx, 'cropToAspectRatio is not supported');
  const interpolation = ctx.config['interpolation'] ?? 'bilinear';
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') fail(ctx, `interpolation '${String(interpolation)}' is not supported ('bilinear' and 'nearest' are)`);
  const g = ctx.g;
  const base = name(ctx);
  // TensorFlow's half-pixel nearest neighbour takes floor((out + 0.5) / scale): ONNX's half_pixel
  // coordinates rounded with round_prefer_ceil give exactly that.
  const attrs: Record<string, string> =
    interpolation === 'nearest'
      ? { mode: 'nearest', coordinate_transformation_mode: 'half_pixel', nearest_mode: 'round_prefer_ceil' }
      : { mode: 'linear', coordinate_transformation_mode: 'half_pixel' };
  return [
    inChannelsFirst(ctx, (x) => {
      // Output sizes [N, C, height, width], the batch and channels taken from the input at run time.
      const batchAndChannels = g.slice(g.op('Shape', [x], base), [0], [2], [0], base);
      const sizes = g.op('Concat', [batchAndChannels, g.int64Const(`${base}/size`, [Number(ctx.config['height']), Number(ctx.config['width'])])], base, { axis: 0 });
      return g.op('Resize', [x, '', '', sizes], base, attrs);
    }),
  ];
};

// ---------------------------------------------------------------- normalization

export const unitNormalization: Converter = (ctx) => {
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
export const normalization: Converter = (ctx) => {
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

/** GroupNormalization: statistics over each group of channels (and every non-batch axis), then gamma and beta. */
export const groupNormalization: Converter = (ctx) => {
  const { g } = ctx;
  const base = name(ctx);
  const shape = ctx.inputShapes[0] as ShapeWithNull;
  const rank = shape.length;
  const axisArg = Number(ctx.config['axis'] ?? -1);
  const axis = axisArg < 0 ? axisArg + rank : axisArg;
  const channels = shape[axis];
  const groups = Number(ctx.config['groups'] ?? 32);
  if (typeof channels !== 'number') fail(ctx, 'its channel axis must have a known size');
  if (shape.slice(axis + 1).some((d) => d === null)) fail(ctx, 'the axes after the channel axis must have known sizes');
  // Reshape [.., C, ..] -> [.., G, C/G, ..] (0 keeps a dimension, so unknown sizes before the channels stay).
  const grouped = shape.map((d, i) => (i === 0 || d === null ? 0 : d));
  grouped.splice(axis, 1, groups, channels / groups);
  const xg = g.reshape(ctx.inputs[0] as string, grouped, base);
  const reduce = grouped.map((_, i) => i).filter((i) => i !== 0 && i !== axis);
  const mean = g.reduce('ReduceMean', xg, reduce, true, base);
  const centred = g.op('Sub', [xg, mean], base);
  const variance = g.reduce('ReduceMean', g.op('Mul', [centred, centred], base), reduce, true, base);
  const eps = g.floatConst(`${base}/epsilon`, [], [Number(ctx.config['epsilon'] ?? 1e-3)]);
  const normalized = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [variance, eps], base)], base)], base);
  let y = g.op('Reshape', [normalized, g.op('Shape', [ctx.inputs[0] as string], base)], base);
  const bshape = shape.map((d, i) => (i === axis ? channels : 1)).slice(1);
  const gamma = weight(ctx, 'gamma');
  const beta = weight(ctx, 'beta');
  if (gamma) y = g.op('Mul', [y, g.floatConst(`${base}/gamma`, bshape, values(gamma))], base);
  if (beta) y = g.op('Add', [y, g.floatConst(`${base}/beta`, bshape, values(beta))], base);
  return [y];
};

export const batchNormalization: Converter = (ctx) => {
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

export const layerNormalization: Converter = (ctx) => {
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

// ---------------------------------------------------------------- merging

export function variadic(op: string): Converter {
  return (ctx) => [ctx.g.op(op, ctx.inputs, name(ctx))];
}

/** Mul takes two inputs: a chain for more. */
export const multiply: Converter = (ctx) => {
  let y = ctx.inputs[0] as string;
  for (const x of ctx.inputs.slice(1)) y = ctx.g.op('Mul', [y, x], name(ctx));
  return [y];
};

export const subtract: Converter = (ctx) => [ctx.g.op('Sub', [ctx.inputs[0] as string, ctx.inputs[1] as string], name(ctx))];

export const concatenate: Converter = (ctx) => {
  const rank = (ctx.inputShapes[0] as ShapeWithNull).length;
  const axis = Number(ctx.config['axis'] ?? -1);
  return [ctx.g.op('Concat', ctx.inputs, name(ctx), { axis: axis < 0 ? axis + rank : axis })];
};

/** Keras's Dot (batch_dot over one axis of each input, optionally of L2-normalized inputs) as an Einsum. */
export const dot: Converter = (ctx) => {
  const { g } = ctx;
  const base = name(ctx);
  const [s1, s2] = ctx.inputShapes as [ShapeWithNull, ShapeWithNull];
  const axesArg = ctx.config['axes'];
  const pair = (Array.isArray(axesArg) ? axesArg : [axesArg, axesArg]) as number[];
  const a1 = (pair[0] as number) < 0 ? (pair[0] as number) + s1.length : (pair[0] as number);
  const a2 = (pair[1] as number) < 0 ? (pair[1] as number) + s2.length : (pair[1] as number);
  const letters = 'cdefghijklmnopqrstuvwxyz';
  const x = ['b', ...Array.from({ length: s1.length - 1 }, (_, i) => letters[i] as string)];
  const y = ['b', ...Array.from({ length: s2.length - 1 }, (_, i) => letters[s1.length - 1 + i] as string)];
  y[a2] = x[a1] as string;
  const out = [...x.filter((_, i) => i !== a1), ...y.filter((_, i) => i !== a2 && i !== 0)];
  let [left, right] = ctx.inputs as [string, string];
  if (ctx.config['normalize'] === true) {
    const l2 = (t: string, axis: number): string =>
      g.op('Div', [t, g.op('Sqrt', [g.op('Max', [g.reduce('ReduceSumSquare', t, [axis], true, base), g.floatConst(`${base}/eps`, [], [1e-12])], base)], base)], base);
    left = l2(left, a1);
    right = l2(right, a2);
  }
  const y0 = g.op('Einsum', [left, right], base, { equation: `${x.join('')},${y.join('')}->${out.join('')}` });
  // A result of rank 1 (two rank-2 inputs) gets a trailing axis of 1, as in Keras.
  return [out.length === 1 ? g.unsqueeze(y0, [1], base) : y0];
};

// ---------------------------------------------------------------- embedding

export const embedding: Converter = (ctx) => {
  const table = requireWeight(ctx, 'embeddings');
  const w = ctx.g.floatConst(`${name(ctx)}/embeddings`, [...table.shape], values(table));
  // Fluxion casts float token ids to integers; ONNX's Gather needs integer indices.
  const ids = ctx.g.op('Cast', [ctx.inputs[0] as string], name(ctx), { to: 7 });
  return [ctx.g.op('Gather', [w, ids], name(ctx), { axis: 0 })];
};


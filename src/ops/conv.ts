/**
 * Convolutions: conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d, conv3d.
 * TensorFlow.js names and positional signatures; TensorFlow's output-size and padding rules.
 * The kernels are channels-last (NHWC / NDHWC); channels-first data formats are transposed
 * around them, and an unbatched x (one example) gets a batch dimension of 1 and loses it again.
 */
import { upcastType } from '../core/dtype.js';
import { registerGradient, runKernel } from '../core/engine.js';
import { FluxionError, fmtShape } from '../core/errors.js';
import type { ConvAttrs } from '../core/kernel-defs/conv.js';
import '../core/kernel-defs/conv.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import type { DimRoundingMode, ExplicitPadding, PaddingType, Pair } from '../core/tensor-ops.js';
import {
  checkDataFormat,
  checkFilterRank,
  checkInputRank,
  checkRoundingMode,
  checkStridesDilations,
  effectiveSize,
  fmtArg,
  layoutWords,
  parseWindowParam,
  planSpatial,
  resolvePad,
  type SpatialPlan,
} from './conv-util.js';
import { asFloat, castTo, convertToTensor } from './convert.js';
import { defineOp } from './registry.js';
import { reshape, transpose } from './shape.js';

const DTYPES = 'float (ints promoted)';

// ---------------------------------------------------------------- helpers

/** Converts x and the filters, promoting ints/bool to float32 and all of them to a common float dtype. */
function floatOperands(op: string, args: readonly (readonly [TensorLike, string])[]): Tensor[] {
  const ts = args.map(([v, name]) => asFloat(convertToTensor(v, name, op)));
  const dtype = ts.reduce((d, t) => upcastType(d, t.dtype), ts[0]?.dtype ?? 'float32');
  return ts.map((t) => castTo(t, dtype));
}

function two(ts: Tensor[]): [Tensor, Tensor] {
  return [ts[0] as Tensor, ts[1] as Tensor];
}

/** What the layout says about x, read from its shape alone (nothing runs). */
interface LayoutInfo {
  format: string;
  /** x has the batch dimension (else it is one example). */
  batched: boolean;
  /** Spatial sizes in order ([depth,] height, width). */
  spatial: number[];
  channels: number;
  /** The axis of x (as given) that holds the channels. */
  channelAxis: number;
}

function layoutInfo(x: Tensor, format: string): LayoutInfo {
  const batched = x.rank === format.length;
  const shape = batched ? x.shape : [1, ...x.shape];
  const spatial: number[] = [];
  let channels = 0;
  [...format].forEach((l, i) => {
    if (l === 'C') channels = shape[i] ?? 0;
    else if (l !== 'N') spatial.push(shape[i] ?? 0);
  });
  return { format, batched, spatial, channels, channelAxis: format.indexOf('C') - (batched ? 0 : 1) };
}

const channelsFirst = (format: string): boolean => format[1] === 'C';
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** x batched and channels-last, as the kernels take it. */
function toKernelLayout(x: Tensor, info: LayoutInfo): Tensor {
  const xb = info.batched ? x : reshape(x, [1, ...x.shape]);
  const rank = info.format.length;
  return channelsFirst(info.format) ? transpose(xb, [0, ...range(2, rank), 1]) : xb;
}

/** Undoes toKernelLayout on a kernel output. */
function fromKernelLayout(y: Tensor, info: LayoutInfo): Tensor {
  const rank = info.format.length;
  const out = channelsFirst(info.format) ? transpose(y, [0, rank - 1, ...range(1, rank - 1)]) : y;
  return info.batched ? out : reshape(out, out.shape.slice(1));
}

/** The same layout with the channels at the other end (NHWC <-> NCHW). */
function otherFormat(format: string): string {
  const letters = [...format].filter((l) => l !== 'N' && l !== 'C').join('');
  return channelsFirst(format) ? `N${letters}C` : `NC${letters}`;
}

/** Fixes for an x of the wrong rank: a missing channel axis, or data meant for a higher-rank op. */
function rankHints(format: string, higherOp?: string): Partial<Record<number, string>> {
  const r = format.length;
  const hints: Partial<Record<number, string>> = {
    [r - 2]: `If x has a single channel, add it with expandDims(x, ${channelsFirst(format) ? 0 : -1}).`,
  };
  if (higherOp) hints[r + 1] = `For ${r + 1 === 4 ? 'images' : 'volumes'} use ${higherOp}.`;
  return hints;
}

/** x's channel count must equal the filter's input-channel dimension; says which dimensions disagree. */
function checkChannels(op: string, x: Tensor, info: LayoutInfo, fArg: string, f: Tensor, fAxis: number): void {
  const want = f.shape[fAxis] ?? 0;
  if (info.channels === want) return;
  const other = otherFormat(info.format);
  const otherAxis = other.indexOf('C') - (info.batched ? 0 : 1);
  const hint = x.shape[otherAxis] === want ? ` If x is laid out ${other}, pass dataFormat '${other}'.` : '';
  throw new FluxionError(
    `${op}: x has ${info.channels} channels (x.shape[${info.channelAxis}], x shape ${fmtShape(x.shape)}) but ${fArg} ` +
      `expects ${want} input channels (${fArg}.shape[${fAxis}], ${fArg} shape ${fmtShape(f.shape)}); they must be equal.${hint}`,
  );
}

const names = (prefix: string, axes: readonly string[]): string[] => axes.map((a) => `${prefix}${a[0]?.toUpperCase() ?? ''}${a.slice(1)}`);
const HW = ['height', 'width'] as const;
const DHW = ['depth', 'height', 'width'] as const;

function attrsOf(plan: SpatialPlan, strides: number[], dilations: number[]): ConvAttrs {
  return { strides, dilations, padBefore: plan.padBefore, outSize: plan.outSize };
}

/** The geometry part of a backprop kernel's attributes (what the forward kernel takes). */
function geometry(a: ConvAttrs): ConvAttrs {
  return { strides: a.strides, dilations: a.dilations, padBefore: a.padBefore, outSize: a.outSize };
}

// ---------------------------------------------------------------- conv2d

/**
 * 2-D convolution (cross-correlation, as in TensorFlow) of x [batch, height, width, inChannels]
 * (or NCHW, or one unbatched image) with filter [filterHeight, filterWidth, inChannels,
 * outChannels]. `pad` is 'same', 'valid', a number of zeros on every side, or explicit
 * [[0,0],[top,bottom],[left,right],[0,0]]; `dimRoundingMode` rounds the output size of a numeric or
 * explicit pad (default floor). Strides and dilations cannot both exceed 1.
 */
export const conv2d = defineOp(
  { name: 'conv2d', family: 'conv', dtypes: DTYPES, gradient: 'yes', kernels: ['conv2d'], method: true },
  (
    x: TensorLike,
    filter: TensorLike,
    strides: Pair,
    pad: PaddingType,
    dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
    dilations: Pair = [1, 1],
    dimRoundingMode?: DimRoundingMode,
  ): Tensor => {
    const op = 'conv2d';
    const [$x, $f] = two(floatOperands(op, [[x, 'x'], [filter, 'filter']]));
    const format = checkDataFormat(op, dataFormat, ['NHWC', 'NCHW']);
    checkInputRank(op, $x, format, rankHints(format, 'conv3d'));
    checkFilterRank(op, 'filter', $f, '[filterHeight, filterWidth, inChannels, outChannels]');
    const info = layoutInfo($x, format);
    checkChannels(op, $x, info, 'filter', $f, 2);
    const s = parseWindowParam(op, 'strides', strides, names('stride', HW));
    const d = parseWindowParam(op, 'dilations', dilations, names('dilation', HW));
    checkStridesDilations(op, s, d);
    const rm = checkRoundingMode(op, dimRoundingMode);
    const padding = resolvePad(op, pad, format, rm);
    const plan = planSpatial(op, HW, info.spatial, $f.shape.slice(0, 2), s, d, padding, rm, `x shape ${fmtShape($x.shape)}`);
    const y = runKernel('conv2d', [toKernelLayout($x, info), $f], attrsOf(plan, s, d));
    return fromKernelLayout(y, info);
  },
);

// ---------------------------------------------------------------- conv1d

/**
 * 1-D convolution of x [batch, width, inChannels] (or NCW, or one unbatched sequence) with filter
 * [filterWidth, inChannels, outChannels]; runs as a conv2d of height 1. `pad` is 'same', 'valid', a
 * number, or explicit [[0,0],[left,right],[0,0]] (TensorFlow.js's [[0,0],[0,0],[left,right],[0,0]]
 * is accepted too).
 */
export const conv1d = defineOp(
  { name: 'conv1d', family: 'conv', dtypes: DTYPES, gradient: 'yes', kernels: ['conv2d'], method: true },
  (
    x: TensorLike,
    filter: TensorLike,
    stride: number,
    pad: 'valid' | 'same' | number | ExplicitPadding | [[number, number], [number, number], [number, number]],
    dataFormat: 'NWC' | 'NCW' = 'NWC',
    dilation = 1,
    dimRoundingMode?: DimRoundingMode,
  ): Tensor => {
    const op = 'conv1d';
    const [$x, $f] = two(floatOperands(op, [[x, 'x'], [filter, 'filter']]));
    const format = checkDataFormat(op, dataFormat, ['NWC', 'NCW']);
    checkInputRank(op, $x, format, rankHints(format, 'conv2d'));
    checkFilterRank(op, 'filter', $f, '[filterWidth, inChannels, outChannels]');
    const info = layoutInfo($x, format);
    checkChannels(op, $x, info, 'filter', $f, 1);
    const s = parseWindowParam(op, 'stride', stride, ['stride']);
    const d = parseWindowParam(op, 'dilation', dilation, ['dilation']);
    checkStridesDilations(op, s, d, 'stride', 'dilation');
    const rm = checkRoundingMode(op, dimRoundingMode);
    // TensorFlow.js's form pads the [batch, 1, width, channels] view; its height pair must be zeros.
    const list: unknown = pad;
    const tfjsForm = format === 'NWC' && Array.isArray(list) && list.length === 4 && JSON.stringify(list[1]) === '[0,0]';
    if (format === 'NWC' && Array.isArray(list) && list.length === 4 && !tfjsForm) {
      throw new FluxionError(
        `${op}: a 4-entry explicit pad is TensorFlow.js's form [[0,0],[0,0],[left,right],[0,0]] (padding the [batch, 1, ` +
          `width, channels] view), whose entry 1 must be [0,0], but received ${fmtArg(pad)}. Or use [[0,0],[left,right],[0,0]].`,
      );
    }
    const pad3: unknown = tfjsForm ? [list[0], list[2], list[3]] : pad;
    const padding = resolvePad(op, pad3, format, rm);
    const plan = planSpatial(op, ['width'], info.spatial, $f.shape.slice(0, 1), s, d, padding, rm, `x shape ${fmtShape($x.shape)}`);
    const xl = toKernelLayout($x, info);
    const [n, w, c] = [xl.shape[0] ?? 0, xl.shape[1] ?? 0, xl.shape[2] ?? 0];
    const f4 = reshape($f, [1, ...$f.shape]);
    const y = runKernel('conv2d', [reshape(xl, [n, 1, w, c]), f4], {
      strides: [1, ...s],
      dilations: [1, ...d],
      padBefore: [0, ...plan.padBefore],
      outSize: [1, ...plan.outSize],
    });
    return fromKernelLayout(reshape(y, [n, plan.outSize[0] ?? 0, y.shape[3] ?? 0]), info);
  },
);

// ---------------------------------------------------------------- conv2dTranspose

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input): x [batch,
 * height, width, inChannels] (or one unbatched image), filter [filterHeight, filterWidth,
 * outChannels, inChannels], `outputShape` the shape of the result ([batch, height, width,
 * outChannels], rank 3 for an unbatched x). A conv2d of the result's shape with the same strides and
 * pad must give x's spatial size.
 */
export const conv2dTranspose = defineOp(
  { name: 'conv2dTranspose', family: 'conv', dtypes: DTYPES, gradient: 'yes', kernels: ['conv2dBackpropInput'], method: true },
  (
    x: TensorLike,
    filter: TensorLike,
    outputShape: number[],
    strides: Pair,
    pad: PaddingType,
    dimRoundingMode?: DimRoundingMode,
  ): Tensor => {
    const op = 'conv2dTranspose';
    const [$x, $f] = two(floatOperands(op, [[x, 'x'], [filter, 'filter']]));
    checkInputRank(op, $x, 'NHWC', rankHints('NHWC'));
    checkFilterRank(op, 'filter', $f, '[filterHeight, filterWidth, outChannels, inChannels]');
    const info = layoutInfo($x, 'NHWC');
    checkChannels(op, $x, info, 'filter', $f, 3);
    const rank = $x.rank;
    if (!Array.isArray(outputShape) || outputShape.length !== rank || !outputShape.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new FluxionError(
        `${op}: outputShape must be an array of ${rank} non-negative integers ${layoutWords('NHWC', rank === 3)} ` +
          `(the rank of x, shape ${fmtShape($x.shape)}), but received ${fmtArg(outputShape)}.`,
      );
    }
    const out4 = rank === 4 ? [...outputShape] : [1, ...outputShape];
    const outChannels = $f.shape[2] ?? 0;
    if (out4[3] !== outChannels) {
      throw new FluxionError(
        `${op}: outputShape ${fmtShape(outputShape)} has ${String(out4[3])} channels, but the filter produces ${outChannels} ` +
          `(filter.shape[2], filter shape ${fmtShape($f.shape)}).`,
      );
    }
    if (out4[0] !== ($x.rank === 4 ? $x.shape[0] : 1)) {
      throw new FluxionError(
        `${op}: outputShape ${fmtShape(outputShape)} has batch ${String(out4[0])}, but x (shape ${fmtShape($x.shape)}) has batch ${String($x.shape[0])}.`,
      );
    }
    const s = parseWindowParam(op, 'strides', strides, names('stride', HW));
    const rm = checkRoundingMode(op, dimRoundingMode);
    const padding = resolvePad(op, pad, 'NHWC', rm);
    const outSpatial = out4.slice(1, 3);
    const fSpatial = $f.shape.slice(0, 2);
    const plan = planSpatial(op, HW, outSpatial, fSpatial, s, [1, 1], padding, rm, `outputShape ${fmtShape(outputShape)}`);
    if (plan.outSize.some((v, i) => v !== info.spatial[i])) {
      const spatialSuggestion = info.spatial.map((v, i) => {
        const st = s[i] ?? 1;
        if (padding.kind === 'same') return v * st;
        const total = padding.kind === 'explicit' ? (padding.before[i] ?? 0) + (padding.after[i] ?? 0) : 0;
        return (v - 1) * st + effectiveSize(fSpatial[i] ?? 1, 1) - total;
      });
      const suggested = rank === 4 ? [out4[0] ?? 1, ...spatialSuggestion, outChannels] : [...spatialSuggestion, outChannels];
      const padDesc = typeof pad === 'string' ? `'${pad}'` : fmtArg(pad);
      throw new FluxionError(
        `${op}: outputShape ${fmtShape(outputShape)} does not fit x (shape ${fmtShape($x.shape)}): a conv2d over spatial size ` +
          `${fmtShape(outSpatial)} with strides ${fmtShape(s)} and pad ${padDesc} gives ${fmtShape(plan.outSize)}, not ` +
          `x's ${fmtShape(info.spatial)}. Use an outputShape that maps back to x, e.g. ${fmtShape(suggested)}.`,
      );
    }
    const y = runKernel('conv2dBackpropInput', [toKernelLayout($x, info), $f], { ...attrsOf(plan, s, [1, 1]), inputShape: out4 });
    return fromKernelLayout(y, info);
  },
);

// ---------------------------------------------------------------- depthwiseConv2d

/** Validation and kernel call shared by depthwiseConv2d and separableConv2d (on the kernel layout). */
function depthwisePrepared(
  op: string,
  $x: Tensor,
  $f: Tensor,
  fArg: string,
  strides: unknown,
  pad: unknown,
  format: string,
  dilations: unknown,
  dimRoundingMode: unknown,
  modesOnly: boolean,
  dArg = 'dilations',
): { info: LayoutInfo; run: () => Tensor } {
  checkInputRank(op, $x, format, rankHints(format));
  checkFilterRank(op, fArg, $f, '[filterHeight, filterWidth, inChannels, channelMultiplier]');
  const info = layoutInfo($x, format);
  checkChannels(op, $x, info, fArg, $f, 2);
  const s = parseWindowParam(op, 'strides', strides, names('stride', HW));
  const d = parseWindowParam(op, dArg, dilations, names('dilation', HW));
  checkStridesDilations(op, s, d, 'strides', dArg);
  const rm = checkRoundingMode(op, dimRoundingMode);
  const padding = resolvePad(op, pad, format, rm, modesOnly);
  const plan = planSpatial(op, HW, info.spatial, $f.shape.slice(0, 2), s, d, padding, rm, `x shape ${fmtShape($x.shape)}`);
  return { info, run: () => runKernel('depthwiseConv2dNative', [toKernelLayout($x, info), $f], attrsOf(plan, s, d)) };
}

/**
 * Depthwise 2-D convolution: each input channel c is convolved with its own filters
 * filter[:, :, c, 0..multiplier-1], giving output channels c * multiplier + k. x is
 * [batch, height, width, inChannels] (or NCHW, or one unbatched image), filter [filterHeight,
 * filterWidth, inChannels, channelMultiplier]; pad, strides and dilations as in conv2d.
 */
export const depthwiseConv2d = defineOp(
  { name: 'depthwiseConv2d', family: 'conv', dtypes: DTYPES, gradient: 'yes', kernels: ['depthwiseConv2dNative'], method: true },
  (
    x: TensorLike,
    filter: TensorLike,
    strides: Pair,
    pad: PaddingType,
    dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
    dilations: Pair = [1, 1],
    dimRoundingMode?: DimRoundingMode,
  ): Tensor => {
    const op = 'depthwiseConv2d';
    const [$x, $f] = two(floatOperands(op, [[x, 'x'], [filter, 'filter']]));
    const format = checkDataFormat(op, dataFormat, ['NHWC', 'NCHW']);
    const { info, run } = depthwisePrepared(op, $x, $f, 'filter', strides, pad, format, dilations, dimRoundingMode, false);
    return fromKernelLayout(run(), info);
  },
);

// ---------------------------------------------------------------- separableConv2d

/**
 * Depthwise-separable 2-D convolution: depthwiseConv2d with depthwiseFilter [filterHeight,
 * filterWidth, inChannels, channelMultiplier], then a 1x1 conv2d with pointwiseFilter
 * [1, 1, inChannels * channelMultiplier, outChannels]. pad is 'same' or 'valid'.
 */
export const separableConv2d = defineOp(
  { name: 'separableConv2d', family: 'conv', dtypes: DTYPES, gradient: 'yes', kernels: ['depthwiseConv2dNative', 'conv2d'], method: true },
  (
    x: TensorLike,
    depthwiseFilter: TensorLike,
    pointwiseFilter: TensorLike,
    strides: Pair,
    pad: 'valid' | 'same',
    dilation: Pair = [1, 1],
    dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  ): Tensor => {
    const op = 'separableConv2d';
    const ts = floatOperands(op, [[x, 'x'], [depthwiseFilter, 'depthwiseFilter'], [pointwiseFilter, 'pointwiseFilter']]);
    const [$x, $dw, $pw] = [ts[0] as Tensor, ts[1] as Tensor, ts[2] as Tensor];
    const format = checkDataFormat(op, dataFormat, ['NHWC', 'NCHW']);
    const { info, run } = depthwisePrepared(op, $x, $dw, 'depthwiseFilter', strides, pad, format, dilation, undefined, true, 'dilation');
    checkFilterRank(op, 'pointwiseFilter', $pw, '[1, 1, inChannels * channelMultiplier, outChannels]');
    const inC = $dw.shape[2] ?? 0;
    const mult = $dw.shape[3] ?? 0;
    if ($pw.shape[0] !== 1 || $pw.shape[1] !== 1 || $pw.shape[2] !== inC * mult) {
      throw new FluxionError(
        `${op}: pointwiseFilter must have shape [1,1,${inC * mult},outChannels] (inChannels ${inC} × channelMultiplier ${mult} ` +
          `of depthwiseFilter shape ${fmtShape($dw.shape)}), but has shape ${fmtShape($pw.shape)}.`,
      );
    }
    const depthwise = run();
    const y = runKernel('conv2d', [depthwise, $pw], {
      strides: [1, 1],
      dilations: [1, 1],
      padBefore: [0, 0],
      outSize: depthwise.shape.slice(1, 3),
    });
    return fromKernelLayout(y, info);
  },
);

// ---------------------------------------------------------------- conv3d

/**
 * 3-D convolution of x [batch, depth, height, width, inChannels] (or NCDHW, or one unbatched
 * volume) with filter [filterDepth, filterHeight, filterWidth, inChannels, outChannels]. pad is
 * 'same' or 'valid'; strides and dilations cannot both exceed 1.
 */
export const conv3d = defineOp(
  { name: 'conv3d', family: 'conv', dtypes: DTYPES, gradient: 'yes', kernels: ['conv3d'] },
  (
    x: TensorLike,
    filter: TensorLike,
    strides: number | [number, number, number],
    pad: 'valid' | 'same',
    dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC',
    dilations: number | [number, number, number] = [1, 1, 1],
  ): Tensor => {
    const op = 'conv3d';
    const [$x, $f] = two(floatOperands(op, [[x, 'x'], [filter, 'filter']]));
    const format = checkDataFormat(op, dataFormat, ['NDHWC', 'NCDHW']);
    checkInputRank(op, $x, format, rankHints(format));
    checkFilterRank(op, 'filter', $f, '[filterDepth, filterHeight, filterWidth, inChannels, outChannels]');
    const info = layoutInfo($x, format);
    checkChannels(op, $x, info, 'filter', $f, 3);
    const s = parseWindowParam(op, 'strides', strides, names('stride', DHW));
    const d = parseWindowParam(op, 'dilations', dilations, names('dilation', DHW));
    checkStridesDilations(op, s, d);
    const padding = resolvePad(op, pad, format, undefined, true);
    const plan = planSpatial(op, DHW, info.spatial, $f.shape.slice(0, 3), s, d, padding, undefined, `x shape ${fmtShape($x.shape)}`);
    const y = runKernel('conv3d', [toKernelLayout($x, info), $f], attrsOf(plan, s, d));
    return fromKernelLayout(y, info);
  },
);

// ---------------------------------------------------------------- gradients
//
// Each family is three linear kernels: y = F(x, w), dx = Bx(dy, w), dw = Bw(x, dy). Since
// <dy, F(x, w)> = <Bx(dy, w), x> = <Bw(x, dy), w>, the gradients of each kernel are the other
// two (with the same geometry), so gradients of any order stay inside the family.

const families = [
  ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'],
  ['conv3d', 'conv3dBackpropInput', 'conv3dBackpropFilter'],
  ['depthwiseConv2dNative', 'depthwiseConv2dNativeBackpropInput', 'depthwiseConv2dNativeBackpropFilter'],
] as const;

for (const [fwd, bInput, bFilter] of families) {
  // (The input gradient of a first layer, whose input is data, is skipped: needs[0] is false.)
  registerGradient(fwd, ([dy], { inputs: [x, w], attrs, needs }) => [
    needs[0] === false ? null : runKernel(bInput, [dy, w], { ...geometry(attrs), inputShape: [...x.shape] }),
    needs[1] === false ? null : runKernel(bFilter, [x, dy], { ...geometry(attrs), filterShape: [...w.shape] }),
  ]);
  // dx = Bx(dy, w): d/d(dy) is F(ddx, w); d/dw is Bw(ddx, dy).
  registerGradient(bInput, ([ddx], { inputs: [dy, w], attrs }) => [
    runKernel(fwd, [ddx, w], geometry(attrs)),
    runKernel(bFilter, [ddx, dy], { ...geometry(attrs), filterShape: [...w.shape] }),
  ]);
  // dw = Bw(x, dy): d/dx is Bx(dy, ddw); d/d(dy) is F(x, ddw).
  registerGradient(bFilter, ([ddw], { inputs: [x, dy], attrs }) => [
    runKernel(bInput, [dy, ddw], { ...geometry(attrs), inputShape: [...x.shape] }),
    runKernel(fwd, [x, ddw], geometry(attrs)),
  ]);
}

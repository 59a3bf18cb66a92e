/**
 * Pooling: maxPool and avgPool over NHWC images, maxPool3d and avgPool3d over NDHWC volumes.
 * Padding follows TensorFlow: 'valid' (no padding), 'same' (output size ceil(in / stride), the
 * padding split with the extra element after), a number (that padding on every side, output size
 * rounded by dimRoundingMode, truncated by default) or explicit per-side padding (2-D only).
 * Padded positions never take part: max ignores them and the average divides by the number of
 * valid positions in each window. A window lying wholly in the padding (a pad at least the filter
 * size, or dimRoundingMode 'ceil') gives -Infinity (max) or NaN (average), as in TensorFlow.js.
 * Max pooling propagates NaN; its gradient goes to the first maximum of each window.
 */
import { registerGradient, runKernel } from '../core/engine.js';
import { FluxionError, fmtShape } from '../core/errors.js';
import type { PoolAttrs } from '../core/kernel-defs/pool.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import type { DimRoundingMode, ExplicitPadding, PaddingType } from '../core/tensor-ops.js';
import '../core/kernel-defs/pool.js';
import { asFloat, convertToTensor, requireDType } from './convert.js';
import { defineOp } from './registry.js';
import { reshape } from './shape.js';

type Triple = [number, number, number];
export type Pool3dPadding = 'valid' | 'same' | number;

const DIM_NAMES: Record<2 | 3, string[]> = { 2: ['height', 'width'], 3: ['depth', 'height', 'width'] };

function fmtValue(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

/** A number or a k-tuple of positive integers, as a k-tuple. */
function parseTuple(op: string, arg: string, value: unknown, k: 2 | 3): number[] {
  const list = typeof value === 'number' ? new Array<number>(k).fill(value) : value;
  if (!Array.isArray(list) || list.length !== k || !list.every((v) => Number.isInteger(v) && (v as number) > 0)) {
    const names = DIM_NAMES[k].map((n) => `${arg === 'filterSize' ? 'filter' : 'stride'}${n[0]?.toUpperCase()}${n.slice(1)}`);
    throw new FluxionError(
      `${op}: ${arg} must be a positive integer or an array of ${k} positive integers [${names.join(', ')}], ` +
        `but received ${fmtValue(value)}.`,
    );
  }
  return list as number[];
}

function isExplicitPadding(pad: unknown): pad is ExplicitPadding {
  return (
    Array.isArray(pad) &&
    pad.length === 4 &&
    pad.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && (v as number) >= 0))
  );
}

function roundSize(value: number, mode: DimRoundingMode | undefined): number {
  switch (mode) {
    case 'floor':
      return Math.floor(value);
    case 'ceil':
      return Math.ceil(value);
    case 'round':
      return Math.round(value);
    default:
      return Math.trunc(value);
  }
}

/** Checks the pooling arguments and computes the kernel attributes for an input of shape [batch, ...spatial, channels]. */
function poolAttrs(
  op: string,
  shape: readonly number[],
  filterSize: unknown,
  strides: unknown,
  pad: unknown,
  dimRoundingMode: unknown,
  k: 2 | 3,
): PoolAttrs {
  const filter = parseTuple(op, 'filterSize', filterSize, k);
  const stride = parseTuple(op, 'strides', strides, k);
  const inSpatial = shape.slice(1, k + 1);
  const explicitForm = k === 2 ? ', or explicit padding [[0,0],[top,bottom],[left,right],[0,0]]' : '';
  const numeric = typeof pad === 'number' && Number.isInteger(pad) && pad >= 0;
  const explicit = k === 2 && isExplicitPadding(pad);
  if (pad !== 'valid' && pad !== 'same' && !numeric && !explicit) {
    throw new FluxionError(
      `${op}: pad must be 'valid', 'same', a non-negative integer${explicitForm}, but received ${fmtValue(pad)}.`,
    );
  }
  if (dimRoundingMode !== undefined && dimRoundingMode !== null) {
    if (dimRoundingMode !== 'floor' && dimRoundingMode !== 'round' && dimRoundingMode !== 'ceil') {
      throw new FluxionError(`${op}: dimRoundingMode must be 'floor', 'round' or 'ceil', but received ${fmtValue(dimRoundingMode)}.`);
    }
    if (!numeric && !explicit) {
      throw new FluxionError(
        `${op}: dimRoundingMode '${dimRoundingMode}' applies only to a numeric or explicit pad, but pad is ${fmtValue(pad)}. ` +
          `Give pad as a number, or leave dimRoundingMode out.`,
      );
    }
  }
  const mode = (dimRoundingMode ?? undefined) as DimRoundingMode | undefined;
  if (explicit) {
    const [batchPad, , , channelPad] = pad;
    if (batchPad[0] !== 0 || batchPad[1] !== 0 || channelPad[0] !== 0 || channelPad[1] !== 0) {
      throw new FluxionError(
        `${op}: explicit padding must not pad the batch or channel dimensions, but received ${JSON.stringify(pad)}; ` +
          'use [[0,0],[top,bottom],[left,right],[0,0]].',
      );
    }
  }
  const padBefore: number[] = [];
  const outSize: number[] = [];
  for (let d = 0; d < k; d++) {
    const size = inSpatial[d] ?? 0;
    const f = filter[d] ?? 1;
    const s = stride[d] ?? 1;
    if (pad === 'same') {
      const out = Math.ceil(size / s);
      const total = Math.max(0, (out - 1) * s + f - size);
      padBefore.push(Math.floor(total / 2));
      outSize.push(out);
      continue;
    }
    let before = 0;
    let after = 0;
    if (typeof pad === 'number') {
      before = pad;
      after = pad;
    } else if (explicit) {
      const pair = pad[d + 1] ?? [0, 0];
      before = pair[0];
      after = pair[1];
    }
    const span = size + before + after - f;
    if (span < 0) {
      const window = filter.join('x');
      const dims = DIM_NAMES[k].map((n, i) => `${n} ${inSpatial[i] ?? 0}`).join(', ');
      throw new FluxionError(
        `${op}: the ${window} window does not fit in the input (${dims}) with pad ${fmtValue(pad)}; ` +
          `use pad 'same', add padding, or use a smaller filterSize.`,
      );
    }
    padBefore.push(before);
    outSize.push(pad === 'valid' ? Math.floor(span / s) + 1 : roundSize(span / s + 1, mode));
  }
  return { filterSize: filter, strides: stride, padBefore, outSize };
}

/** Runs a pooling kernel, adding and removing the batch dimension for unbatched input. */
function pool(
  op: string,
  kernel: 'maxPool' | 'avgPool' | 'maxPool3d' | 'avgPool3d',
  $x: Tensor,
  filterSize: unknown,
  strides: unknown,
  pad: unknown,
  dimRoundingMode: unknown,
  k: 2 | 3,
): Tensor {
  if ($x.rank !== k + 1 && $x.rank !== k + 2) {
    const layout = k === 2 ? ['[batch, height, width, channels]', '[height, width, channels]'] : ['[batch, depth, height, width, channels]', '[depth, height, width, channels]'];
    throw new FluxionError(
      `${op}: x must be rank ${k + 2} ${layout[0]} or rank ${k + 1} ${layout[1]}, but has rank ${$x.rank} ` +
        `(shape ${fmtShape($x.shape)}). Add the missing dimensions with expandDims or reshape.`,
    );
  }
  const batched = $x.rank === k + 2 ? $x : reshape($x, [1, ...$x.shape]);
  const attrs = poolAttrs(op, batched.shape, filterSize, strides, pad, dimRoundingMode, k);
  const y = runKernel(kernel, [batched], attrs);
  return batched === $x ? y : reshape(y, y.shape.slice(1));
}

/**
 * 2-D max pooling of x ([batch, height, width, channels], or [height, width, channels]) over
 * windows of filterSize moved by strides. int32 input stays int32.
 */
export const maxPool = defineOp(
  { name: 'maxPool', family: 'nn', dtypes: 'numeric', gradient: 'yes', kernels: ['maxPool'], method: true },
  (x: TensorLike, filterSize: number | [number, number], strides: number | [number, number], pad: PaddingType, dimRoundingMode?: DimRoundingMode): Tensor => {
    const $x = convertToTensor(x, 'x', 'maxPool');
    requireDType('maxPool', 'x', $x, ['float32', 'float64', 'int32']);
    return pool('maxPool', 'maxPool', $x, filterSize, strides, pad, dimRoundingMode, 2);
  },
);

/**
 * 2-D average pooling of x ([batch, height, width, channels], or [height, width, channels]); each
 * window's sum is divided by its count of non-padded positions. int32/bool input is promoted to float32.
 */
export const avgPool = defineOp(
  { name: 'avgPool', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['avgPool'], method: true },
  (x: TensorLike, filterSize: number | [number, number], strides: number | [number, number], pad: PaddingType, dimRoundingMode?: DimRoundingMode): Tensor => {
    const $x = asFloat(convertToTensor(x, 'x', 'avgPool'));
    return pool('avgPool', 'avgPool', $x, filterSize, strides, pad, dimRoundingMode, 2);
  },
);

function checkDataFormat(op: string, dataFormat: unknown): void {
  if (dataFormat !== 'NDHWC') {
    throw new FluxionError(
      `${op}: dataFormat must be 'NDHWC' (channels last), but received ${fmtValue(dataFormat)}. ` +
        "Transpose NCDHW input with transpose(x, [0, 2, 3, 4, 1]).",
    );
  }
}

/** 3-D max pooling of x ([batch, depth, height, width, channels], or without the batch dimension). */
export const maxPool3d = defineOp(
  { name: 'maxPool3d', family: 'nn', dtypes: 'numeric', gradient: 'yes', kernels: ['maxPool3d'] },
  (
    x: TensorLike,
    filterSize: number | Triple,
    strides: number | Triple,
    pad: Pool3dPadding,
    dimRoundingMode?: DimRoundingMode,
    dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC',
  ): Tensor => {
    const $x = convertToTensor(x, 'x', 'maxPool3d');
    requireDType('maxPool3d', 'x', $x, ['float32', 'float64', 'int32']);
    checkDataFormat('maxPool3d', dataFormat);
    return pool('maxPool3d', 'maxPool3d', $x, filterSize, strides, pad, dimRoundingMode, 3);
  },
);

/** 3-D average pooling of x ([batch, depth, height, width, channels], or without the batch dimension). */
export const avgPool3d = defineOp(
  { name: 'avgPool3d', family: 'nn', dtypes: 'float (ints promoted)', gradient: 'yes', kernels: ['avgPool3d'] },
  (
    x: TensorLike,
    filterSize: number | Triple,
    strides: number | Triple,
    pad: Pool3dPadding,
    dimRoundingMode?: DimRoundingMode,
    dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC',
  ): Tensor => {
    const $x = asFloat(convertToTensor(x, 'x', 'avgPool3d'));
    checkDataFormat('avgPool3d', dataFormat);
    return pool('avgPool3d', 'avgPool3d', $x, filterSize, strides, pad, dimRoundingMode, 3);
  },
);

// ---- gradients. maxPoolGrad and maxPoolGradGrad are each other's adjoint (both linear in their
// first input, piecewise constant in x), as are avgPool and avgPoolGrad, so every order works.

function registerPoolGradients(
  max: 'maxPool' | 'maxPool3d',
  maxGrad: 'maxPoolGrad' | 'maxPool3dGrad',
  maxGradGrad: 'maxPoolGradGrad' | 'maxPool3dGradGrad',
  avg: 'avgPool' | 'avgPool3d',
  avgGrad: 'avgPoolGrad' | 'avgPool3dGrad',
): void {
  registerGradient(max, ([dy], { inputs: [x], attrs }) => [runKernel(maxGrad, [dy, x], attrs)]);
  registerGradient(maxGrad, ([g], { inputs: [, x], attrs }) => [runKernel(maxGradGrad, [g, x], attrs), null]);
  registerGradient(maxGradGrad, ([g], { inputs: [, x], attrs }) => [runKernel(maxGrad, [g, x], attrs), null]);
  registerGradient(avg, ([dy], { inputs: [x], attrs }) => [runKernel(avgGrad, [dy], { ...attrs, inShape: [...x.shape] })]);
  registerGradient(avgGrad, ([g], { attrs: { filterSize, strides, padBefore, outSize } }) => [
    runKernel(avg, [g], { filterSize, strides, padBefore, outSize }),
  ]);
}

registerPoolGradients('maxPool', 'maxPoolGrad', 'maxPoolGradGrad', 'avgPool', 'avgPoolGrad');
registerPoolGradients('maxPool3d', 'maxPool3dGrad', 'maxPool3dGradGrad', 'avgPool3d', 'avgPool3dGrad');

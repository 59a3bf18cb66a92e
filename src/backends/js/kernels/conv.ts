/**
 * Convolution kernels. conv2d and conv3d (and their gradients) are im2col + blocked GEMM over
 * chunks of output positions, accumulating in float64 and rounding once on store; the depthwise
 * kernels are direct loops (each output channel reads one input channel, so there is no GEMM to
 * form).
 */
import { makeTypedArray } from '../../../core/dtype.js';
import type { ConvAttrs, ConvBackpropFilterAttrs, ConvBackpropInputAttrs } from '../../../core/kernel-defs/conv.js';
import type { KernelTable, KernelTensor } from '../../../core/kernels.js';
import { sizeFromShape } from '../../../core/shape.js';
import {
  chunkRows,
  col2im,
  convGeometry,
  gemmAccumulate,
  gemmTransposedA,
  gemmTransposedB,
  im2col,
  outPositions,
  patchSize,
  toFloat64,
  type ConvGeometry,
} from './conv-util.js';
import { output } from './util.js';

/** y = conv(x, filter): per chunk of output positions, patches [rows, K] · filter [K, outC]. */
function convForward(x: KernelTensor, filter: KernelTensor, attrs: ConvAttrs): KernelTensor {
  const g = convGeometry(x.shape, filter.shape, attrs);
  const positions = outPositions(g);
  const k = patchSize(g);
  const o = g.outC;
  const shape = [g.batch, ...attrs.outSize, o];
  const out = makeTypedArray(x.dtype, g.batch * positions * o);
  if (out.length === 0) return output(out, shape, x.dtype);
  const w = toFloat64(filter.values);
  const step = Math.min(chunkRows(g), positions);
  const cols = new Float64Array(step * k);
  const acc = new Float64Array(step * o);
  for (let n = 0; n < g.batch; n++) {
    for (let p0 = 0; p0 < positions; p0 += step) {
      const p1 = Math.min(positions, p0 + step);
      const rows = p1 - p0;
      im2col(x.values, g, n, p0, p1, cols);
      acc.fill(0, 0, rows * o);
      gemmAccumulate(cols, w, acc, rows, k, o);
      out.set(acc.subarray(0, rows * o), (n * positions + p0) * o);
    }
  }
  return output(out, shape, x.dtype);
}

/** dx = convᵀ(dy, filter): per chunk, dy [rows, outC] · filterᵀ gives patch gradients, scattered by col2im. */
function convBackpropInput(dy: KernelTensor, filter: KernelTensor, attrs: ConvBackpropInputAttrs): KernelTensor {
  const g = convGeometry(attrs.inputShape, filter.shape, attrs);
  const positions = outPositions(g);
  const k = patchSize(g);
  const o = g.outC;
  const dx = new Float64Array(sizeFromShape(attrs.inputShape));
  if (positions > 0 && k > 0 && o > 0) {
    const w = toFloat64(filter.values);
    const step = Math.min(chunkRows(g), positions);
    const cols = new Float64Array(step * k);
    for (let n = 0; n < g.batch; n++) {
      for (let p0 = 0; p0 < positions; p0 += step) {
        const p1 = Math.min(positions, p0 + step);
        gemmTransposedB(dy.values, (n * positions + p0) * o, w, cols, p1 - p0, k, o);
        col2im(cols, g, n, p0, p1, dx);
      }
    }
  }
  const out = makeTypedArray(dy.dtype, dx.length);
  out.set(dx);
  return output(out, attrs.inputShape, dy.dtype);
}

/** dfilter = Σ patchesᵀ · dy over every chunk of every image. */
function convBackpropFilter(x: KernelTensor, dy: KernelTensor, attrs: ConvBackpropFilterAttrs): KernelTensor {
  const g = convGeometry(x.shape, attrs.filterShape, attrs);
  const positions = outPositions(g);
  const k = patchSize(g);
  const o = g.outC;
  const acc = new Float64Array(k * o);
  if (positions > 0 && acc.length > 0) {
    const step = Math.min(chunkRows(g), positions);
    const cols = new Float64Array(step * k);
    for (let n = 0; n < g.batch; n++) {
      for (let p0 = 0; p0 < positions; p0 += step) {
        const p1 = Math.min(positions, p0 + step);
        im2col(x.values, g, n, p0, p1, cols);
        gemmTransposedA(cols, dy.values, (n * positions + p0) * o, acc, p1 - p0, k, o);
      }
    }
  }
  const out = makeTypedArray(x.dtype, acc.length);
  out.set(acc);
  return output(out, attrs.filterShape, x.dtype);
}

/**
 * Visits every (output position, filter tap) pair of a 2-D depthwise convolution whose tap lands
 * inside the input: `visit(xBase, wBase, yBase)` gets the flat offsets of input channel 0, of
 * filter row (kh, kw, channel 0, multiplier 0) and of output channel 0.
 */
function forEachDepthwiseTap(g: ConvGeometry, visit: (xBase: number, wBase: number, yBase: number) => void): void {
  const { inH, inW, inC, fH, fW, outH, outW } = g;
  const outChannels = inC * g.outC;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < outH; oh++) {
      const h0 = oh * g.sH - g.pH;
      for (let ow = 0; ow < outW; ow++) {
        const w0 = ow * g.sW - g.pW;
        const yBase = ((n * outH + oh) * outW + ow) * outChannels;
        for (let kh = 0; kh < fH; kh++) {
          const ih = h0 + kh * g.dH;
          if (ih < 0 || ih >= inH) continue;
          for (let kw = 0; kw < fW; kw++) {
            const iw = w0 + kw * g.dW;
            if (iw < 0 || iw >= inW) continue;
            visit(((n * inH + ih) * inW + iw) * inC, (kh * fW + kw) * outChannels, yBase);
          }
        }
      }
    }
  }
}

function depthwiseForward(x: KernelTensor, filter: KernelTensor, attrs: ConvAttrs): KernelTensor {
  const g = convGeometry(x.shape, filter.shape, attrs);
  const m = g.outC;
  const inC = g.inC;
  const shape = [g.batch, g.outH, g.outW, inC * m];
  const acc = new Float64Array(sizeFromShape(shape));
  const xv = x.values;
  const wv = toFloat64(filter.values);
  forEachDepthwiseTap(g, (xBase, wBase, yBase) => {
    for (let c = 0; c < inC; c++) {
      const v = xv[xBase + c] as number;
      const wRow = wBase + c * m;
      const yRow = yBase + c * m;
      for (let j = 0; j < m; j++) acc[yRow + j] = (acc[yRow + j] as number) + v * (wv[wRow + j] as number);
    }
  });
  const out = makeTypedArray(x.dtype, acc.length);
  out.set(acc);
  return output(out, shape, x.dtype);
}

function depthwiseBackpropInput(dy: KernelTensor, filter: KernelTensor, attrs: ConvBackpropInputAttrs): KernelTensor {
  const g = convGeometry(attrs.inputShape, filter.shape, attrs);
  const m = g.outC;
  const inC = g.inC;
  const dx = new Float64Array(sizeFromShape(attrs.inputShape));
  const dyv = dy.values;
  const wv = toFloat64(filter.values);
  forEachDepthwiseTap(g, (xBase, wBase, yBase) => {
    for (let c = 0; c < inC; c++) {
      const wRow = wBase + c * m;
      const yRow = yBase + c * m;
      let s = 0;
      for (let j = 0; j < m; j++) s += (dyv[yRow + j] as number) * (wv[wRow + j] as number);
      dx[xBase + c] = (dx[xBase + c] as number) + s;
    }
  });
  const out = makeTypedArray(dy.dtype, dx.length);
  out.set(dx);
  return output(out, attrs.inputShape, dy.dtype);
}

function depthwiseBackpropFilter(x: KernelTensor, dy: KernelTensor, attrs: ConvBackpropFilterAttrs): KernelTensor {
  const g = convGeometry(x.shape, attrs.filterShape, attrs);
  const m = g.outC;
  const inC = g.inC;
  const dw = new Float64Array(sizeFromShape(attrs.filterShape));
  const xv = x.values;
  const dyv = dy.values;
  forEachDepthwiseTap(g, (xBase, wBase, yBase) => {
    for (let c = 0; c < inC; c++) {
      const v = xv[xBase + c] as number;
      const wRow = wBase + c * m;
      const yRow = yBase + c * m;
      for (let j = 0; j < m; j++) dw[wRow + j] = (dw[wRow + j] as number) + v * (dyv[yRow + j] as number);
    }
  });
  const out = makeTypedArray(x.dtype, dw.length);
  out.set(dw);
  return output(out, attrs.filterShape, x.dtype);
}

export const convKernels: KernelTable = {
  conv2d: ([x, filter], attrs) => convForward(x, filter, attrs),
  conv2dBackpropInput: ([dy, filter], attrs) => convBackpropInput(dy, filter, attrs),
  conv2dBackpropFilter: ([x, dy], attrs) => convBackpropFilter(x, dy, attrs),
  conv3d: ([x, filter], attrs) => convForward(x, filter, attrs),
  conv3dBackpropInput: ([dy, filter], attrs) => convBackpropInput(dy, filter, attrs),
  conv3dBackpropFilter: ([x, dy], attrs) => convBackpropFilter(x, dy, attrs),
  depthwiseConv2dNative: ([x, filter], attrs) => depthwiseForward(x, filter, attrs),
  depthwiseConv2dNativeBackpropInput: ([dy, filter], attrs) => depthwiseBackpropInput(dy, filter, attrs),
  depthwiseConv2dNativeBackpropFilter: ([x, dy], attrs) => depthwiseBackpropFilter(x, dy, attrs),
};

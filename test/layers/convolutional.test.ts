import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';
import { assertClose, randomTensor } from '../helpers/multi-input-layer-test.js';

/** TensorFlow's 'same'/'valid' padding before the first element of one spatial axis. */
function padBefore(inSize: number, k: number, s: number, d: number, padding: 'same' | 'valid'): { out: number; pad: number } {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return { out: Math.floor((inSize - eff) / s) + 1, pad: 0 };
  const out = Math.ceil(inSize / s);
  return { out, pad: Math.floor(Math.max((out - 1) * s + eff - inSize, 0) / 2) };
}

/**
 * Straightforward NHWC depthwise-style convolution with loops: out[b, y, x, o] = sum over the
 * window and the input channels `inputsOf(o)` of x * w(ky, kx, c, o).
 */
function refConv(
  x: fx.Tensor, kh: number, kw: number, outC: number, s: [number, number], d: [number, number], padding: 'same' | 'valid',
  inputsOf: (o: number) => number[], w: (ky: number, kx: number, c: number, o: number) => number,
): { values: number[]; shape: number[] } {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const xv = x.dataSync();
  const ph = padBefore(H, kh, s[0], d[0], padding);
  const pw = padBefore(W, kw, s[1], d[1], padding);
  const values: number[] = [];
  for (let b = 0; b < B; b++) for (let oy = 0; oy < ph.out; oy++) for (let ox = 0; ox < pw.out; ox++) for (let o = 0; o < outC; o++) {
    let sum = 0;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = oy * s[0] + ky * d[0] - ph.pad;
      const ix = ox * s[1] + kx * d[1] - pw.pad;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      for (const c of inputsOf(o)) sum += (xv[((b * H + iy) * W + ix) * C + c] as number) * w(ky, kx, c, o);
    }
    values.push(sum);
  }
  return { values, shape: [B, ph.out, pw.out, outC] };
}

function at(t: fx.Tensor, idx: number[]): number {
  let off = 0;
  idx.forEach((v, i) => (off = off * (t.shape[i] as number) + v));
  return t.dataSync()[off] as number;
}

describe('Conv1D', () => {
  test('layer contract: valid, same with strides, dilation, channelsFirst', () => {
    runLayerTest((dtype) => fx.layers.conv1d({ filters: 2, kernelSize: 3, dtype }), { inputShape: [2, 7, 3], expectedOutputShape: [2, 5, 2] });
    runLayerTest((dtype) => fx.layers.conv1d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', dtype }), { inputShape: [2, 7, 3], expectedOutputShape: [2, 4, 2] });
    runLayerTest((dtype) => fx.layers.conv1d({ filters: 2, kernelSize: 2, dilationRate: 2, activation: 'tanh', dtype }), { inputShape: [1, 6, 2], expectedOutputShape: [1, 4, 2] });
    runLayerTest((dtype) => fx.layers.conv1d({ filters: 3, kernelSize: 2, dataFormat: 'channelsFirst', dtype }), { inputShape: [2, 2, 5], expectedOutputShape: [2, 3, 4] });
  });
});

describe('Conv2D', () => {
  test('layer contract: valid, same with strides, dilation, channelsFirst', () => {
    runLayerTest((dtype) => fx.layers.conv2d({ filters: 2, kernelSize: 3, dtype }), { inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2] });
    runLayerTest((dtype) => fx.layers.conv2d({ filters: 2, kernelSize: [2, 3], strides: 2, padding: 'same', dtype }), { inputShape: [2, 5, 6, 2], expectedOutputShape: [2, 3, 3, 2] });
    runLayerTest((dtype) => fx.layers.conv2d({ filters: 1, kernelSize: 2, dilationRate: 2, padding: 'same', dtype }), { inputShape: [1, 5, 4, 2], expectedOutputShape: [1, 5, 4, 1] });
    runLayerTest((dtype) => fx.layers.conv2d({ filters: 3, kernelSize: 2, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 4, 5], expectedOutputShape: [1, 3, 3, 4] });
  });
  test('values match loops (same, stride 2)', () => {
    const x = randomTensor([1, 5, 6, 2], 1, 'float64');
    const l = fx.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', useBias: false, dtype: 'float64' });
    const y = l.apply(x) as fx.Tensor;
    const k = l.kernel as fx.Tensor;
    const ref = refConv(x, 3, 3, 3, [2, 2], [1, 1], 'same', () => [0, 1], (ky, kx, c, o) => at(k, [ky, kx, c, o]));
    assertClose(y, ref.values, ref.shape, 1e-12);
  });
});

describe('Conv3D', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.conv3d({ filters: 2, kernelSize: 2, dtype }), { inputShape: [1, 3, 4, 3, 2], expectedOutputShape: [1, 2, 3, 2, 2] });
    runLayerTest((dtype) => fx.layers.conv3d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', dtype }), { inputShape: [1, 4, 3, 3, 1], expectedOutputShape: [1, 2, 2, 2, 2] });
    runLayerTest((dtype) => fx.layers.conv3d({ filters: 2, kernelSize: 2, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 3, 3, 2], expectedOutputShape: [1, 2, 2, 2, 1] });
  });
  test('a 1x1x1 kernel is a per-voxel matMul', () => {
    const x = randomTensor([1, 2, 2, 2, 3], 2, 'float64');
    const l = fx.layers.conv3d({ filters: 2, kernelSize: 1, useBias: false, dtype: 'float64' });
    const y = l.apply(x) as fx.Tensor;
    const k = (l.kernel as fx.Tensor).reshape([3, 2]);
    const expected = fx.matMul(x.reshape([8, 3]), k);
    assertClose(y, Array.from(expected.dataSync()), [1, 2, 2, 2, 2], 1e-12);
  });
});

/** Transposed convolution by scattering each input element times the kernel (TensorFlow's padding). */
function refConvTranspose(x: fx.Tensor, k: fx.Tensor, s: [number, number], outH: number, outW: number): number[] {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const [kh, kw, F] = k.shape as [number, number, number, number];
  const padT = Math.floor(Math.max((H - 1) * s[0] + kh - outH, 0) / 2);
  const padL = Math.floor(Math.max((W - 1) * s[1] + kw - outW, 0) / 2);
  const out = new Array<number>(B * outH * outW * F).fill(0);
  for (let b = 0; b < B; b++) for (let iy = 0; iy < H; iy++) for (let ix = 0; ix < W; ix++) for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const oy = iy * s[0] + ky - padT;
      const ox = ix * s[1] + kx - padL;
      if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
      for (let f = 0; f < F; f++) {
        const o = ((b * outH + oy) * outW + ox) * F + f;
        out[o] = (out[o] as number) + at(x, [b, iy, ix, c]) * at(k, [ky, kx, f, c]);
      }
    }
  }
  return out;
}

describe('Conv2DTranspose', () => {
  test('layer contract: valid, same with strides, outputPadding, channelsFirst', () => {
    runLayerTest((dtype) => fx.layers.conv2dTranspose({ filters: 2, kernelSize: 3, dtype }), { inputShape: [1, 3, 3, 2], expectedOutputShape: [1, 5, 5, 2] });
    runLayerTest((dtype) => fx.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', dtype }), { inputShape: [2, 3, 2, 2], expectedOutputShape: [2, 6, 4, 2] });
    runLayerTest((dtype) => fx.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, outputPadding: 1, dtype }), { inputShape: [1, 3, 3, 1], expectedOutputShape: [1, 8, 8, 1] });
    runLayerTest((dtype) => fx.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 2, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 3, 2], expectedOutputShape: [1, 3, 6, 4] });
  });
  test('kernel layout [kh, kw, filters, in] and values match a scatter implementation', () => {
    const x = randomTensor([2, 3, 2, 2], 3, 'float64');
    for (const [padding, strides, expected] of [['valid', 2, [7, 5]], ['same', 2, [6, 4]], ['valid', 1, [5, 4]]] as const) {
      const l = fx.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides, padding, useBias: false, dtype: 'float64' });
      const y = l.apply(x) as fx.Tensor;
      assert.deepEqual(l.kernel?.shape, [3, 3, 3, 2]);
      assertClose(y, refConvTranspose(x, l.kernel as fx.Tensor, [strides, strides], expected[0], expected[1]), [2, expected[0], expected[1], 3], 1e-12, `${padding} stride ${strides}`);
    }
  });
  test('even kernel with stride 2 and same padding (the usual upsampling block) matches the scatter implementation', () => {
    const x = randomTensor([1, 3, 3, 2], 6, 'float64');
    const l = fx.layers.conv2dTranspose({ filters: 2, kernelSize: 4, strides: 2, padding: 'same', useBias: false, dtype: 'float64' });
    assertClose(l.apply(x) as fx.Tensor, refConvTranspose(x, l.kernel as fx.Tensor, [2, 2], 6, 6), [1, 6, 6, 2], 1e-12);
  });
  test('bad outputPadding and dilation are refused', () => {
    assert.throws(() => fx.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, outputPadding: 2 }), {
      message: 'Conv2DTranspose: each outputPadding entry must be smaller than the stride, but outputPadding is [2, 2] and strides are [2, 2] (axis 0: 2 >= 2).',
    });
    assert.throws(() => fx.layers.conv2dTranspose({ filters: 1, kernelSize: 3, dilationRate: 2 }), {
      message: 'Conv2DTranspose: dilationRate must be 1, but received number 2; dilated transposed convolution is not implemented.',
    });
  });
});

describe('DepthwiseConv2D', () => {
  test('layer contract: multiplier, same with strides, dilation, channelsFirst', () => {
    runLayerTest((dtype) => fx.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, dtype }), { inputShape: [1, 4, 4, 3], expectedOutputShape: [1, 2, 2, 6] });
    runLayerTest((dtype) => fx.layers.depthwiseConv2d({ kernelSize: 2, strides: 2, padding: 'same', dtype }), { inputShape: [2, 5, 4, 2], expectedOutputShape: [2, 3, 2, 2] });
    runLayerTest((dtype) => fx.layers.depthwiseConv2d({ kernelSize: 2, dilationRate: 2, activation: 'tanh', dtype }), { inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2] });
    runLayerTest((dtype) => fx.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 4, 3], expectedOutputShape: [1, 4, 3, 2] });
  });
  test('weights (Keras 3 names) kernel [kh, kw, in, multiplier] and bias; values match loops', () => {
    const x = randomTensor([2, 5, 4, 3], 4, 'float64');
    const l = fx.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', biasInitializer: 'ones', dtype: 'float64', name: 'dw' });
    const y = l.apply(x) as fx.Tensor;
    assert.deepEqual(l.weights.map((w) => [w.name, w.shape]), [['dw/kernel', [3, 3, 3, 2]], ['dw/bias', [6]]]);
    const k = l.depthwiseKernel as fx.Tensor;
    const ref = refConv(x, 3, 3, 6, [1, 1], [1, 1], 'same', (o) => [Math.floor(o / 2)], (ky, kx, c, o) => at(k, [ky, kx, c, o % 2]));
    assertClose(y, ref.values.map((v) => v + 1), ref.shape, 1e-12);
  });
  test('bad depthMultiplier and wrong rank are refused', () => {
    assert.throws(() => fx.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0 }), {
      message: 'DepthwiseConv2D: depthMultiplier must be a positive integer, but received number 0.',
    });
    assert.throws(() => fx.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw3' }).apply(fx.zeros([1, 5, 5])), {
      message: 'Input 0 of layer "dw3" is incompatible with the layer: expected ndim=4, found ndim=3, but received input with shape [1, 5, 5].',
    });
  });
});

describe('SeparableConv2D', () => {
  test('layer contract: valid, same with strides, multiplier, channelsFirst', () => {
    runLayerTest((dtype) => fx.layers.separableConv2d({ filters: 3, kernelSize: 3, dtype }), { inputShape: [1, 4, 5, 2], expectedOutputShape: [1, 2, 3, 3] });
    runLayerTest((dtype) => fx.layers.separableConv2d({ filters: 2, kernelSize: 2, strides: 2, padding: 'same', depthMultiplier: 2, dtype }), { inputShape: [2, 5, 4, 2], expectedOutputShape: [2, 3, 2, 2] });
    runLayerTest((dtype) => fx.layers.separableConv2d({ filters: 2, kernelSize: 2, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 4, 3], expectedOutputShape: [1, 2, 3, 2] });
  });
  test('weights depthwise_kernel, pointwise_kernel, bias; values = pointwise(depthwise(x)) by loops', () => {
    const x = randomTensor([1, 4, 4, 2], 5, 'float64');
    const l = fx.layers.separableConv2d({ filters: 3, kernelSize: 2, depthMultiplier: 2, dtype: 'float64', name: 'sep' });
    const y = l.apply(x) as fx.Tensor;
    assert.deepEqual(l.weights.map((w) => [w.name, w.shape]), [['sep/depthwise_kernel', [2, 2, 2, 2]], ['sep/pointwise_kernel', [1, 1, 4, 3]], ['sep/bias', [3]]]);
    const dk = l.depthwiseKernel as fx.Tensor;
    const pk = l.pointwiseKernel as fx.Tensor;
    const dw = refConv(x, 2, 2, 4, [1, 1], [1, 1], 'valid', (o) => [Math.floor(o / 2)], (ky, kx, c, o) => at(dk, [ky, kx, c, o % 2]));
    const expected: number[] = [];
    for (let p = 0; p < dw.values.length / 4; p++) {
      for (let f = 0; f < 3; f++) {
        let s = 0;
        for (let c = 0; c < 4; c++) s += (dw.values[p * 4 + c] as number) * at(pk, [0, 0, c, f]);
        expected.push(s);
      }
    }
    assertClose(y, expected, [1, 3, 3, 3], 1e-12);
  });
  test('bad filters are refused', () => {
    assert.throws(() => fx.layers.separableConv2d({ filters: 0, kernelSize: 3 }), { message: 'SeparableConv2D: filters must be a positive integer, but received number 0.' });
  });
});

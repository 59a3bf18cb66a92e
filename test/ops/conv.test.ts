/**
 * Forward values of the conv family: hand-computed cases, a direct-loop reference for the
 * geometry (strides, dilations, every padding mode, data formats), dtypes, unbatched inputs,
 * size-1 and empty dimensions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { makeRng } from '../helpers/random-inputs.js';

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length, `length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `element ${i}: ${a} vs ${e}`);
  }
}

function random(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float64'): fx.Tensor {
  const rng = makeRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return fx.tensor(Array.from({ length: n }, () => rng() * 2 - 1), shape, dtype);
}

const seq = (n: number, start = 1): number[] => Array.from({ length: n }, (_, i) => i + start);

interface Geom {
  strides: [number, number];
  dilations: [number, number];
  /** [top, bottom, left, right] */
  pads: [number, number, number, number];
}

/**
 * Direct-loop 2-D cross-correlation on NHWC data (the textbook definition, independent of the
 * kernels): out size floor((in + pads - effective) / stride) + 1.
 */
function refConv2d(x: fx.Tensor, f: fx.Tensor, g: Geom, depthwise = false): { values: number[]; shape: number[] } {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, fc, fo] = f.shape as [number, number, number, number];
  const xv = x.dataSync();
  const fv = f.dataSync();
  const [sh, sw] = g.strides;
  const [dh, dw] = g.dilations;
  const [pt, pb, pl, pr] = g.pads;
  const oh = Math.floor((h + pt + pb - ((fh - 1) * dh + 1)) / sh) + 1;
  const ow = Math.floor((w + pl + pr - ((fw - 1) * dw + 1)) / sw) + 1;
  const oc = depthwise ? c * fo : fo;
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let o = 0; o < oc; o++) {
          let s = 0;
          for (let ki = 0; ki < fh; ki++) {
            for (let kj = 0; kj < fw; kj++) {
              const y = i * sh - pt + ki * dh;
              const z = j * sw - pl + kj * dw;
              if (y < 0 || y >= h || z < 0 || z >= w) continue;
              if (depthwise) {
                const ch = Math.floor(o / fo);
                s += (xv[((b * h + y) * w + z) * c + ch] as number) * (fv[((ki * fw + kj) * fc + ch) * fo + (o % fo)] as number);
              } else {
                for (let ch = 0; ch < c; ch++) {
                  s += (xv[((b * h + y) * w + z) * c + ch] as number) * (fv[((ki * fw + kj) * fc + ch) * fo + o] as number);
                }
              }
            }
          }
          out.push(s);
        }
      }
    }
  }
  return { values: out, shape: [n, oh, ow, oc] };
}

/** TensorFlow's 'same' padding for one axis: [before, after]. */
function samePads(size: number, filter: number, stride: number, dilation = 1): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + (filter - 1) * dilation + 1 - size);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

const toNCHW = (t: fx.Tensor): fx.Tensor => fx.transpose(t, [0, 3, 1, 2]);
const toNHWC = (t: fx.Tensor): fx.Tensor => fx.transpose(t, [0, 2, 3, 1]);

describe('conv2d', () => {
  const x = fx.tensor(seq(9), [1, 3, 3, 1]);
  const f = fx.tensor([1, 0, 0, 1], [2, 2, 1, 1]);

  test('valid, same and strided same on a 3x3 image (hand-computed)', () => {
    const valid = fx.conv2d(x, f, 1, 'valid');
    assert.deepEqual(valid.shape, [1, 2, 2, 1]);
    assert.deepEqual([...valid.dataSync()], [6, 8, 12, 14]);
    // same: one zero row/column after (TensorFlow puts the odd zero at the end)
    assert.deepEqual([...fx.conv2d(x, f, 1, 'same').dataSync()], [6, 8, 3, 12, 14, 6, 7, 8, 9]);
    assert.deepEqual([...fx.conv2d(x, f, 2, 'same').dataSync()], [6, 3, 7, 9]);
  });

  test('several channels (hand-computed)', () => {
    // x: one pixel with channels [1, 2]; filter 1x1 mapping 2 -> 3 channels
    const y = fx.conv2d(fx.tensor([1, 2], [1, 1, 1, 2]), fx.tensor([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]), 1, 'valid');
    assert.deepEqual(y.shape, [1, 1, 1, 3]);
    assert.deepEqual([...y.dataSync()], [1 + 8, 2 + 10, 3 + 12]);
  });

  test('matches the direct-loop reference over strides, dilations and padding modes', () => {
    const xr = random([2, 7, 6, 3], 1);
    const fr = random([3, 2, 3, 4], 2);
    const configs: { strides: [number, number]; dilations: [number, number]; pad: 'same' | 'valid' | number }[] = [
      { strides: [1, 1], dilations: [1, 1], pad: 'valid' },
      { strides: [2, 2], dilations: [1, 1], pad: 'valid' },
      { strides: [2, 3], dilations: [1, 1], pad: 'same' },
      { strides: [1, 1], dilations: [2, 2], pad: 'same' },
      { strides: [1, 1], dilations: [2, 1], pad: 'valid' },
      { strides: [3, 1], dilations: [1, 1], pad: 2 },
    ];
    for (const c of configs) {
      const pads: Geom['pads'] =
        c.pad === 'same'
          ? [...samePads(7, 3, c.strides[0], c.dilations[0]), ...samePads(6, 2, c.strides[1], c.dilations[1])]
          : c.pad === 'valid'
            ? [0, 0, 0, 0]
            : [c.pad, c.pad, c.pad, c.pad];
      const ref = refConv2d(xr, fr, { strides: c.strides, dilations: c.dilations, pads });
      const y = fx.conv2d(xr, fr, c.strides, c.pad, 'NHWC', c.dilations);
      assert.deepEqual(y.shape, ref.shape, JSON.stringify(c));
      close(y.dataSync(), ref.values, 1e-12);
    }
  });

  test('explicit padding, asymmetric', () => {
    const xr = random([1, 5, 5, 2], 3);
    const fr = random([2, 3, 2, 2], 4);
    const y = fx.conv2d(xr, fr, [2, 1], [[0, 0], [2, 0], [1, 3], [0, 0]]);
    const ref = refConv2d(xr, fr, { strides: [2, 1], dilations: [1, 1], pads: [2, 0, 1, 3] });
    assert.deepEqual(y.shape, ref.shape);
    close(y.dataSync(), ref.values, 1e-12);
  });

  test('NCHW equals NHWC with transposes (explicit pads given in NCHW order)', () => {
    const xr = random([2, 5, 4, 3], 5);
    const fr = random([3, 3, 3, 2], 6);
    close(toNHWC(fx.conv2d(toNCHW(xr), fr, [2, 1], 'same', 'NCHW')).dataSync(), fx.conv2d(xr, fr, [2, 1], 'same').dataSync(), 1e-12);
    const nchw = fx.conv2d(toNCHW(xr), fr, 1, [[0, 0], [0, 0], [1, 0], [0, 2]], 'NCHW');
    const nhwc = fx.conv2d(xr, fr, 1, [[0, 0], [1, 0], [0, 2], [0, 0]]);
    assert.deepEqual(nchw.shape, [2, 2, 4, 4]);
    close(toNHWC(nchw).dataSync(), nhwc.dataSync(), 1e-12);
  });

  test('dimRoundingMode rounds the output size of a numeric pad (default floor)', () => {
    const xr = random([1, 6, 6, 1], 7);
    const fr = random([2, 2, 1, 1], 8);
    // (6 + 0 - 2) / 3 + 1 = 2.33
    assert.deepEqual(fx.conv2d(xr, fr, 3, 0).shape, [1, 2, 2, 1]);
    assert.deepEqual(fx.conv2d(xr, fr, 3, 0, 'NHWC', 1, 'floor').shape, [1, 2, 2, 1]);
    assert.deepEqual(fx.conv2d(xr, fr, 3, 0, 'NHWC', 1, 'round').shape, [1, 2, 2, 1]);
    const ceil = fx.conv2d(xr, fr, 3, 0, 'NHWC', 1, 'ceil');
    assert.deepEqual(ceil.shape, [1, 3, 3, 1]);
    // the extra window starts at row/column 6, entirely in the implicit zeros
    const v = ceil.dataSync();
    assert.equal(v[8], 0);
    close([v[0] as number], [fx.conv2d(xr, fr, 3, 0).dataSync()[0] as number]);
  });

  test('dtypes: int32 promotes to float32, float64 stays, mixed float widths promote to float64', () => {
    const xi = fx.tensor(seq(9), [1, 3, 3, 1], 'int32');
    const fi = fx.tensor([1, 0, 0, 1], [2, 2, 1, 1], 'int32');
    const yi = fx.conv2d(xi, fi, 1, 'valid');
    assert.equal(yi.dtype, 'float32');
    assert.deepEqual([...yi.dataSync()], [6, 8, 12, 14]);
    const y64 = fx.conv2d(fx.cast(x, 'float64'), fx.cast(f, 'float64'), 1, 'valid');
    assert.equal(y64.dtype, 'float64');
    assert.equal(fx.conv2d(x, fx.cast(f, 'float64'), 1, 'valid').dtype, 'float64');
  });

  test('float32 accumulates in float64 and rounds once (js reference; the cpu backend sums in float32)', () => {
    // each 4e-8 is below half an ulp of 1 in float32: a float32 running sum would stay at 1
    const small = Math.fround(4e-8);
    const xs = fx.tensor([1, small, small, small, small], [1, 1, 5, 1], 'float32');
    const fs = fx.tensor([1, 1, 1, 1, 1], [1, 5, 1, 1], 'float32');
    const expected = Math.fround(1 + 4 * small);
    assert.ok(expected > 1);
    const previous = fx.getBackend();
    try {
      void fx.setBackend('js');
      assert.equal(fx.conv2d(xs, fs, 1, 'valid').dataSync()[0], expected);
    } finally {
      void fx.setBackend(previous);
    }
    // Other backends (native float32 GEMM, TensorFlow.js) may round each partial sum.
    const got = fx.conv2d(xs, fs, 1, 'valid').dataSync()[0] as number;
    assert.ok(got === expected || got === 1, `got ${got}`);
  });

  test('an unbatched rank-3 x gives a rank-3 result; nested-array filters are accepted', () => {
    const y = fx.conv2d(fx.reshape(x, [3, 3, 1]), [[[[1]], [[0]]], [[[0]], [[1]]]], 1, 'valid');
    assert.deepEqual(y.shape, [2, 2, 1]);
    assert.deepEqual([...y.dataSync()], [6, 8, 12, 14]);
  });

  test('a 1x1 filter is a matMul over channels (size-1 spatial filter)', () => {
    const xr = random([2, 3, 4, 5], 9);
    const fr = random([1, 1, 5, 3], 10);
    const y = fx.conv2d(xr, fr, 1, 'valid');
    const m = fx.matMul(fx.reshape(xr, [24, 5]), fx.reshape(fr, [5, 3]));
    close(y.dataSync(), m.dataSync(), 1e-12);
  });

  test('empty dimensions: batch 0, 0 output channels, 0 input channels, empty output', () => {
    assert.deepEqual(fx.conv2d(fx.zeros([0, 4, 4, 2]), fx.ones([2, 2, 2, 3]), 1, 'valid').shape, [0, 3, 3, 3]);
    assert.deepEqual(fx.conv2d(fx.ones([1, 4, 4, 2]), fx.ones([2, 2, 2, 0]), 1, 'same').shape, [1, 4, 4, 0]);
    const noIn = fx.conv2d(fx.ones([1, 3, 3, 0]), fx.ones([2, 2, 0, 2]), 1, 'valid');
    assert.deepEqual(noIn.shape, [1, 2, 2, 2]);
    assert.deepEqual([...noIn.dataSync()], new Array<number>(8).fill(0));
    // a filter one larger than the input leaves no valid window: an empty output, as in TensorFlow
    assert.deepEqual(fx.conv2d(fx.ones([1, 2, 2, 1]), fx.ones([3, 3, 1, 1]), 1, 'valid').shape, [1, 0, 0, 1]);
  });

  test('chains as a Tensor method', () => {
    assert.deepEqual([...x.conv2d(f, 1, 'valid').dataSync()], [6, 8, 12, 14]);
  });

  test('large enough for several im2col chunks per image', () => {
    // patch length 3*3*8 = 72 gives chunks of 910 rows; 32*32 = 1024 output positions need two
    const xr = random([1, 32, 32, 8], 11);
    const fr = random([3, 3, 8, 4], 12);
    const ref = refConv2d(xr, fr, { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1] });
    close(fx.conv2d(xr, fr, 1, 'same').dataSync(), ref.values, 1e-12);
  });
});

describe('conv1d', () => {
  test('valid and same (hand-computed)', () => {
    const x = fx.tensor(seq(5), [1, 5, 1]);
    const f = fx.tensor([1, -1], [2, 1, 1]);
    const valid = fx.conv1d(x, f, 1, 'valid');
    assert.deepEqual(valid.shape, [1, 4, 1]);
    assert.deepEqual([...valid.dataSync()], [-1, -1, -1, -1]);
    assert.deepEqual([...fx.conv1d(x, f, 1, 'same').dataSync()], [-1, -1, -1, -1, 5]);
  });

  test('equals conv2d with height 1 (stride, dilation, numeric pad)', () => {
    const x = random([2, 9, 3], 20);
    const f = random([3, 3, 2], 21);
    for (const [s, d, pad] of [[2, 1, 'same'], [1, 2, 'valid'], [3, 1, 1]] as const) {
      const y = fx.conv1d(x, f, s, pad, 'NWC', d);
      const y2 = fx.conv2d(fx.reshape(x, [2, 1, 9, 3]), fx.reshape(f, [1, 3, 3, 2]), [1, s], pad === 1 ? [[0, 0], [0, 0], [1, 1], [0, 0]] : pad, 'NHWC', [1, d]);
      assert.deepEqual(y.shape, [2, y2.shape[2] as number, 2]);
      close(y.dataSync(), y2.dataSync(), 1e-12);
    }
  });

  test('explicit padding: [[0,0],[left,right],[0,0]] and the TensorFlow.js 4-entry form agree', () => {
    const x = random([1, 6, 2], 22);
    const f = random([2, 2, 2], 23);
    const a = fx.conv1d(x, f, 1, [[0, 0], [2, 1], [0, 0]]);
    const b = fx.conv1d(x, f, 1, [[0, 0], [0, 0], [2, 1], [0, 0]]);
    assert.deepEqual(a.shape, [1, 8, 2]);
    close(a.dataSync(), b.dataSync(), 0);
  });

  test('NCW equals NWC with transposes; rank-2 x is one sequence', () => {
    const x = random([2, 7, 3], 24);
    const f = random([3, 3, 4], 25);
    const ncw = fx.conv1d(fx.transpose(x, [0, 2, 1]), f, 1, 'same', 'NCW');
    close(fx.transpose(ncw, [0, 2, 1]).dataSync(), fx.conv1d(x, f, 1, 'same').dataSync(), 1e-12);
    const seqX = random([7, 3], 26);
    const one = fx.conv1d(seqX, f, 2, 'valid');
    assert.deepEqual(one.shape, [3, 4]);
    close(one.dataSync(), fx.conv1d(fx.reshape(seqX, [1, 7, 3]), f, 2, 'valid').dataSync(), 0);
  });

  test('int32 promotes to float32; method form', () => {
    const x = fx.tensor(seq(4), [1, 4, 1], 'int32');
    const y = x.conv1d(fx.tensor([1, 1], [2, 1, 1], 'int32'), 1, 'valid');
    assert.equal(y.dtype, 'float32');
    assert.deepEqual([...y.dataSync()], [3, 5, 7]);
  });

  test('empty batch', () => {
    assert.deepEqual(fx.conv1d(fx.zeros([0, 5, 2]), fx.ones([2, 2, 3]), 1, 'valid').shape, [0, 4, 3]);
  });
});

describe('conv2dTranspose', () => {
  test('stride 2 valid scatters each pixel over a 2x2 block (hand-computed)', () => {
    const y = fx.conv2dTranspose(fx.tensor([1, 2, 3, 4], [1, 2, 2, 1]), fx.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, 'valid');
    assert.deepEqual(y.shape, [1, 4, 4, 1]);
    assert.deepEqual([...y.dataSync()], [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  test('is the adjoint of conv2d: <conv2d(a, f), b> = <a, conv2dTranspose(b, f)>', () => {
    const f = random([3, 3, 2, 4], 30);
    for (const [shape, s, pad] of [
      [[2, 7, 7, 2], 2, 'same'],
      [[1, 6, 5, 2], 1, 'valid'],
      [[1, 7, 6, 2], 2, 1],
      [[1, 8, 8, 2], 3, [[0, 0], [2, 1], [0, 2], [0, 0]]],
    ] as const) {
      const a = random([...shape], 31);
      const y = fx.conv2d(a, f, s, pad as 'same');
      const b = random([...y.shape], 32);
      const lhs = fx.sum(fx.mul(y, b)).dataSync()[0] as number;
      const t = fx.conv2dTranspose(b, f, [...shape], s, pad as 'same');
      assert.deepEqual(t.shape, [...shape]);
      const rhs = fx.sum(fx.mul(a, t)).dataSync()[0] as number;
      close([lhs], [rhs], 1e-12);
    }
  });

  test('rank-3 x and outputShape; float64 stays float64', () => {
    const x = random([2, 2, 3], 33);
    const f = random([2, 2, 1, 3], 34);
    const y = fx.conv2dTranspose(x, f, [4, 4, 1], 2, 'same');
    assert.deepEqual(y.shape, [4, 4, 1]);
    assert.equal(y.dtype, 'float64');
    close(y.dataSync(), fx.conv2dTranspose(fx.reshape(x, [1, 2, 2, 3]), f, [1, 4, 4, 1], 2, 'same').dataSync(), 0);
  });

  test('method form and empty batch', () => {
    const y = fx.ones([1, 1, 1, 1]).conv2dTranspose(fx.ones([3, 3, 1, 1]), [1, 3, 3, 1], 1, 'valid');
    assert.deepEqual([...y.dataSync()], new Array<number>(9).fill(1));
    assert.deepEqual(fx.conv2dTranspose(fx.zeros([0, 2, 2, 1]), fx.ones([2, 2, 3, 1]), [0, 4, 4, 3], 2, 'valid').shape, [0, 4, 4, 3]);
  });
});

describe('depthwiseConv2d', () => {
  test('each channel uses its own filter (hand-computed)', () => {
    // channels interleaved: c0 = [1,2,3,4], c1 = [10,20,30,40]
    const x = fx.tensor([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]);
    const f = fx.tensor([1, 1, 1, 0, 1, 0, 1, 0], [2, 2, 2, 1]); // c0: all ones; c1: top-left only
    const y = fx.depthwiseConv2d(x, f, 1, 'valid');
    assert.deepEqual(y.shape, [1, 1, 1, 2]);
    assert.deepEqual([...y.dataSync()], [10, 10]);
  });

  test('channel multiplier: output channel c * m + k', () => {
    const x = fx.tensor([2, 3], [1, 1, 1, 2]);
    const f = fx.tensor([1, 10, 100, 1000], [1, 1, 2, 2]);
    assert.deepEqual([...fx.depthwiseConv2d(x, f, 1, 'valid').dataSync()], [2, 20, 300, 3000]);
  });

  test('matches the direct-loop reference (strides, dilations, pads)', () => {
    const x = random([2, 7, 6, 3], 40);
    const f = random([3, 2, 3, 2], 41);
    for (const [s, d, pad] of [[1, 1, 'valid'], [2, 1, 'same'], [1, 2, 'same'], [2, 1, 1]] as const) {
      const pads: Geom['pads'] =
        pad === 'same' ? [...samePads(7, 3, s, d), ...samePads(6, 2, s, d)] : pad === 'valid' ? [0, 0, 0, 0] : [1, 1, 1, 1];
      const ref = refConv2d(x, f, { strides: [s, s], dilations: [d, d], pads }, true);
      const y = fx.depthwiseConv2d(x, f, s, pad, 'NHWC', d);
      assert.deepEqual(y.shape, ref.shape);
      close(y.dataSync(), ref.values, 1e-12);
    }
  });

  test('NCHW equals NHWC with transposes; rank-3 x; method form', () => {
    const x = random([1, 5, 5, 2], 42);
    const f = random([3, 3, 2, 3], 43);
    const nhwc = fx.depthwiseConv2d(x, f, 2, 'same');
    close(toNHWC(fx.depthwiseConv2d(toNCHW(x), f, 2, 'same', 'NCHW')).dataSync(), nhwc.dataSync(), 1e-12);
    const one = fx.reshape(x, [5, 5, 2]).depthwiseConv2d(f, 2, 'same');
    assert.deepEqual(one.shape, [3, 3, 6]);
    close(one.dataSync(), nhwc.dataSync(), 0);
  });

  test('int32 promotes to float32; empty batch and multiplier 0', () => {
    const y = fx.depthwiseConv2d(fx.tensor([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), fx.tensor([1, 1, 1, 1], [2, 2, 1, 1], 'int32'), 1, 'valid');
    assert.equal(y.dtype, 'float32');
    assert.deepEqual([...y.dataSync()], [10]);
    assert.deepEqual(fx.depthwiseConv2d(fx.zeros([0, 3, 3, 2]), fx.ones([2, 2, 2, 1]), 1, 'valid').shape, [0, 2, 2, 2]);
    assert.deepEqual(fx.depthwiseConv2d(fx.ones([1, 3, 3, 2]), fx.ones([2, 2, 2, 0]), 1, 'valid').shape, [1, 2, 2, 0]);
  });
});

describe('separableConv2d', () => {
  test('is depthwiseConv2d followed by a 1x1 conv2d', () => {
    const x = random([2, 6, 5, 3], 50);
    const dw = random([3, 3, 3, 2], 51);
    const pw = random([1, 1, 6, 4], 52);
    for (const [s, d, pad] of [[1, 1, 'same'], [2, 1, 'valid'], [1, 2, 'same']] as const) {
      const y = fx.separableConv2d(x, dw, pw, s, pad, d);
      const ref = fx.conv2d(fx.depthwiseConv2d(x, dw, s, pad, 'NHWC', d), pw, 1, 'valid');
      assert.deepEqual(y.shape, ref.shape);
      close(y.dataSync(), ref.dataSync(), 1e-12);
    }
  });

  test('hand-computed: per-channel scale then channel mix', () => {
    const x = fx.tensor([1, 2], [1, 1, 1, 2]);
    const y = fx.separableConv2d(x, fx.tensor([3, 5], [1, 1, 2, 1]), fx.tensor([1, 1, 1, -1], [1, 1, 2, 2]), 1, 'valid');
    assert.deepEqual([...y.dataSync()], [3 + 10, 3 - 10]);
  });

  test('NCHW; rank-3 x; method form; int32 promotes', () => {
    const x = random([1, 4, 4, 2], 53);
    const dw = random([2, 2, 2, 1], 54);
    const pw = random([1, 1, 2, 3], 55);
    const nhwc = fx.separableConv2d(x, dw, pw, 1, 'same');
    close(toNHWC(fx.separableConv2d(toNCHW(x), dw, pw, 1, 'same', 1, 'NCHW')).dataSync(), nhwc.dataSync(), 1e-12);
    const one = fx.reshape(x, [4, 4, 2]).separableConv2d(dw, pw, 1, 'same');
    assert.deepEqual(one.shape, [4, 4, 3]);
    close(one.dataSync(), nhwc.dataSync(), 0);
    const yi = fx.separableConv2d(fx.ones([1, 2, 2, 1], 'int32'), fx.ones([1, 1, 1, 1], 'int32'), fx.ones([1, 1, 1, 1], 'int32'), 1, 'valid');
    assert.equal(yi.dtype, 'float32');
    assert.deepEqual([...yi.dataSync()], [1, 1, 1, 1]);
  });
});

describe('conv3d', () => {
  test('a 2x2x2 box filter sums the cube (hand-computed)', () => {
    const y = fx.conv3d(fx.tensor(seq(8), [1, 2, 2, 2, 1]), fx.ones([2, 2, 2, 1, 1]), 1, 'valid');
    assert.deepEqual(y.shape, [1, 1, 1, 1, 1]);
    assert.deepEqual([...y.dataSync()], [36]);
    // same: output 2x2x2, the corner [0,0,0] sees the whole cube
    const same = fx.conv3d(fx.tensor(seq(8), [1, 2, 2, 2, 1]), fx.ones([2, 2, 2, 1, 1]), 1, 'same');
    assert.deepEqual(same.shape, [1, 2, 2, 2, 1]);
    // x[d,h,w] = 4d + 2h + w + 1; 'same' pads one zero after each axis, so the window at
    // (d,h,w) covers indices {d,d+1} x {h,h+1} x {w,w+1} clipped to the cube
    assert.deepEqual([...same.dataSync()], [36, 20, 22, 12, 26, 14, 15, 8]);
  });

  test('a depth-1 conv3d equals conv2d', () => {
    const x = random([2, 1, 6, 5, 3], 60);
    const f = random([1, 3, 2, 3, 4], 61);
    for (const [s, d, pad] of [[1, 1, 'same'], [2, 1, 'valid'], [1, 2, 'same']] as const) {
      const y = fx.conv3d(x, f, s, pad, 'NDHWC', d);
      const y2 = fx.conv2d(fx.reshape(x, [2, 6, 5, 3]), fx.reshape(f, [3, 2, 3, 4]), s, pad, 'NHWC', d);
      assert.deepEqual(y.shape, [2, 1, ...y2.shape.slice(1)]);
      close(y.dataSync(), y2.dataSync(), 1e-12);
    }
  });

  test('the depth axis convolves like the others (height 1: conv3d over depth and width = conv2d)', () => {
    const x = random([1, 5, 1, 4, 2], 62);
    const f = random([3, 1, 2, 2, 3], 63);
    const y = fx.conv3d(x, f, [2, 1, 1], 'same');
    const y2 = fx.conv2d(fx.reshape(x, [1, 5, 4, 2]), fx.reshape(f, [3, 2, 2, 3]), [2, 1], 'same');
    assert.deepEqual(y.shape, [1, 3, 1, 4, 3]);
    close(y.dataSync(), y2.dataSync(), 1e-12);
  });

  test('NCDHW equals NDHWC with transposes; rank-4 x; float64 stays float64', () => {
    const x = random([1, 3, 4, 3, 2], 64);
    const f = random([2, 2, 2, 2, 3], 65);
    const ndhwc = fx.conv3d(x, f, 1, 'same');
    assert.equal(ndhwc.dtype, 'float64');
    const ncdhw = fx.conv3d(fx.transpose(x, [0, 4, 1, 2, 3]), f, 1, 'same', 'NCDHW');
    close(fx.transpose(ncdhw, [0, 2, 3, 4, 1]).dataSync(), ndhwc.dataSync(), 1e-12);
    const one = fx.conv3d(fx.reshape(x, [3, 4, 3, 2]), f, 1, 'same');
    assert.deepEqual(one.shape, [3, 4, 3, 3]);
    close(one.dataSync(), ndhwc.dataSync(), 0);
  });

  test('int32 promotes to float32; empty batch', () => {
    const y = fx.conv3d(fx.ones([1, 2, 2, 2, 1], 'int32'), fx.ones([2, 2, 2, 1, 1], 'int32'), 1, 'valid');
    assert.equal(y.dtype, 'float32');
    assert.deepEqual([...y.dataSync()], [8]);
    assert.deepEqual(fx.conv3d(fx.zeros([0, 3, 3, 3, 1]), fx.ones([2, 2, 2, 1, 2]), 1, 'valid').shape, [0, 2, 2, 2, 2]);
  });
});

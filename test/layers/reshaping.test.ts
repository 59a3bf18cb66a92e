import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { runLayerTest } from '../helpers/layer-test.js';

// `+ 0` turns -0 (a masked negative value times 0) into 0 for deepEqual
const data = (t: fx.Tensor | fx.Tensor[] | null): number[] => Array.from((t as fx.Tensor).dataSync(), (v) => Number(v) + 0);
const seq = (shape: number[]): fx.Tensor => fx.reshape(fx.range(1, shape.reduce((a, b) => a * b, 1) + 1), shape);

describe('Permute', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.permute({ dims: [2, 1], dtype }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 4, 3] }));
  test('permutes the non-batch axes', () => {
    const y = fx.layers.permute({ dims: [2, 1] }).apply(seq([1, 2, 3])) as fx.Tensor;
    assert.deepEqual(y.shape, [1, 3, 2]);
    assert.deepEqual(data(y), [1, 4, 2, 5, 3, 6]);
    assert.deepEqual(fx.layers.permute({ dims: [3, 1, 2] }).computeOutputShape([null, 2, 3, 4]), [null, 4, 2, 3]);
  });
  test('dims that are not a permutation of 1..n are refused', () => {
    assert.throws(() => fx.layers.permute({ dims: [1, 3] }), {
      message: 'Permute: dims must be a permutation of the consecutive indices 1..n (the batch axis 0 is not permuted), but received [1, 3].',
    });
    assert.throws(() => fx.layers.permute({ dims: [2, 1], name: 'p' }).apply(fx.zeros([2, 2])), {
      message: 'Input 0 of layer "p" is incompatible with the layer: expected ndim=3, found ndim=2, but received input with shape [2, 2].',
    });
  });
});

describe('RepeatVector', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.repeatVector({ n: 4, dtype }), { inputShape: [2, 3], expectedOutputShape: [2, 4, 3] }));
  test('repeats each sample n times', () => {
    assert.deepEqual(data(fx.layers.repeatVector({ n: 2 }).apply(fx.tensor([[1, 2], [3, 4]])) as fx.Tensor), [1, 2, 1, 2, 3, 4, 3, 4]);
  });
  test('bad n and rank are refused', () => {
    assert.throws(() => fx.layers.repeatVector({ n: 0 }), { message: 'RepeatVector: n must be a positive integer, but received number 0.' });
    assert.throws(() => fx.layers.repeatVector({ n: 2, name: 'rv' }).apply(fx.zeros([2, 2, 2])), {
      message: 'Input 0 of layer "rv" is incompatible with the layer: expected ndim=2, found ndim=3, but received input with shape [2, 2, 2].',
    });
  });
});

describe('Masking', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.masking({ maskValue: 5, dtype }), { inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] }));
  test('masks the timesteps whose features all equal maskValue and zeroes them', () => {
    const layer = fx.layers.masking({ maskValue: -1 });
    const x = fx.tensor([[[1, -1], [-1, -1], [0, 2]]]);
    assert.deepEqual(data(layer.computeMask(x, null) as fx.Tensor), [1, 0, 1]);
    assert.equal((layer.computeMask(x, null) as fx.Tensor).dtype, 'bool');
    assert.deepEqual(data(layer.apply(x) as fx.Tensor), [1, -1, 0, 0, 0, 2]);
  });
  test('the mask reaches the next layers of a Functional model', () => {
    const seen: (fx.Tensor | null)[] = [];
    class Spy extends fx.layers.Layer {
      static override readonly className = 'Spy';
      constructor() {
        super({});
        this.supportsMasking = true;
      }
      override call(inputs: fx.layers.LayerInputs, args: fx.layers.CallArgs): fx.layers.LayerInputs {
        seen.push((args.mask as fx.Tensor | null) ?? null);
        return inputs;
      }
    }
    const inp = fx.input({ shape: [3, 2] });
    const out = new Spy().apply(fx.layers.permute({ dims: [1, 2] }).apply(fx.layers.masking().apply(inp))) as fx.layers.SymbolicTensor;
    fx.model({ inputs: inp, outputs: out }).apply(fx.tensor([[[0, 0], [1, 0], [0, 0]]]));
    // the last call is the real one (computeOutputShape probes the layer without a mask)
    assert.deepEqual(data(seen[seen.length - 1] ?? null), [0, 1, 0]);
  });
  test('a non-numeric maskValue is refused', () => {
    assert.throws(() => fx.layers.masking({ maskValue: 'x' as unknown as number }), { message: 'Masking: maskValue must be a finite number, but received the string "x".' });
  });
});

describe('UpSampling1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.upSampling1d({ size: 3, dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 9, 2] }));
  test('repeats each step', () => {
    assert.deepEqual(data(fx.layers.upSampling1d().apply(fx.tensor([[[1, 2], [3, 4]]])) as fx.Tensor), [1, 2, 1, 2, 3, 4, 3, 4]);
  });
  test('bad size is refused', () => {
    assert.throws(() => fx.layers.upSampling1d({ size: 1.5 }), { message: 'UpSampling1D: size must be a positive integer, but received number 1.5.' });
  });
});

describe('UpSampling2D', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.upSampling2d({ size: [2, 3], dtype }), { inputShape: [2, 2, 2, 3], expectedOutputShape: [2, 4, 6, 3] });
    runLayerTest((dtype) => fx.layers.upSampling2d({ interpolation: 'bilinear', dtype }), { inputShape: [1, 2, 3, 2], expectedOutputShape: [1, 4, 6, 2] });
    runLayerTest((dtype) => fx.layers.upSampling2d({ dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 2, 3], expectedOutputShape: [1, 2, 4, 6] });
  });
  test('nearest repeats rows and columns; bilinear interpolates', () => {
    const img = fx.tensor([[[[1], [2]], [[3], [4]]]]);
    assert.deepEqual(data(fx.layers.upSampling2d({ size: [1, 2] }).apply(img) as fx.Tensor), [1, 1, 2, 2, 3, 3, 4, 4]);
    const chw = fx.tensor([[[[1, 2], [3, 4]]]]);
    assert.deepEqual(data(fx.layers.upSampling2d({ size: [2, 1], dataFormat: 'channelsFirst' }).apply(chw) as fx.Tensor), [1, 2, 1, 2, 3, 4, 3, 4]);
    const row = fx.tensor([[[[0], [4]]]]);
    const y = data(fx.layers.upSampling2d({ size: [1, 2], interpolation: 'bilinear' }).apply(row) as fx.Tensor);
    assert.deepEqual(y, [0, 1, 3, 4]);
  });
  test('bad size and interpolation are refused', () => {
    assert.throws(() => fx.layers.upSampling2d({ size: [2, 0] }), { message: 'UpSampling2D: size must be a positive integer or an array of 2 positive integers, but received [2,0].' });
    assert.throws(() => fx.layers.upSampling2d({ interpolation: 'area' as 'nearest' }), {
      message: `UpSampling2D: interpolation must be one of 'nearest', 'bilinear', but received the string "area".`,
    });
  });
});

describe('ZeroPadding1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.zeroPadding1d({ padding: [1, 2], dtype }), { inputShape: [2, 3, 2], expectedOutputShape: [2, 6, 2] }));
  test('pads the steps with zeros', () => {
    assert.deepEqual(data(fx.layers.zeroPadding1d().apply(fx.tensor([[[1], [2]]])) as fx.Tensor), [0, 1, 2, 0]);
  });
  test('negative padding is refused', () => {
    assert.throws(() => fx.layers.zeroPadding1d({ padding: -1 }), { message: 'ZeroPadding1D: padding must be a non-negative integer or an array of 2 non-negative integers, but received number -1.' });
  });
});

describe('ZeroPadding2D', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.zeroPadding2d({ padding: [[1, 0], [0, 2]], dtype }), { inputShape: [1, 2, 2, 2], expectedOutputShape: [1, 3, 4, 2] });
    runLayerTest((dtype) => fx.layers.zeroPadding2d({ padding: 1, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 2, 2], expectedOutputShape: [1, 2, 4, 4] });
  });
  test('pads rows and columns', () => {
    const y = fx.layers.zeroPadding2d({ padding: [1, 0] }).apply(fx.tensor([[[[1], [2]]]])) as fx.Tensor;
    assert.deepEqual(y.shape, [1, 3, 2, 1]);
    assert.deepEqual(data(y), [0, 0, 1, 2, 0, 0]);
  });
  test('a malformed padding is refused', () => {
    assert.throws(() => fx.layers.zeroPadding2d({ padding: [1, 2, 3] as unknown as number }), {
      message: 'ZeroPadding2D: padding must be a non-negative integer, an array of 2 non-negative integers [rows, cols], or an array of 2 pairs [[top, bottom], [left, right]], but received [1,2,3].',
    });
  });
});

describe('Cropping1D', () => {
  test('layer contract', () => runLayerTest((dtype) => fx.layers.cropping1d({ cropping: [1, 2], dtype }), { inputShape: [2, 5, 2], expectedOutputShape: [2, 2, 2] }));
  test('crops steps off both ends', () => {
    assert.deepEqual(data(fx.layers.cropping1d().apply(fx.tensor([[[1], [2], [3], [4]]])) as fx.Tensor), [2, 3]);
  });
  test('cropping everything is refused with the layer name and shape', () => {
    assert.throws(() => fx.layers.cropping1d({ cropping: [2, 2], name: 'c1' }).apply(fx.zeros([1, 4, 1])), {
      message: 'Layer "c1": cropping [2, 2] must leave at least one step of the input, but the input shape is [1, 4, 1].',
    });
  });
});

describe('Cropping2D', () => {
  test('layer contract', () => {
    runLayerTest((dtype) => fx.layers.cropping2d({ cropping: [[1, 0], [0, 1]], dtype }), { inputShape: [1, 3, 3, 2], expectedOutputShape: [1, 2, 2, 2] });
    runLayerTest((dtype) => fx.layers.cropping2D({ cropping: 1, dataFormat: 'channelsFirst', dtype }), { inputShape: [1, 2, 3, 4], expectedOutputShape: [1, 2, 1, 2] });
  });
  test('crops rows and columns', () => {
    const y = fx.layers.cropping2d({ cropping: [[1, 0], [1, 1]] }).apply(seq([1, 3, 4, 1])) as fx.Tensor;
    assert.deepEqual(y.shape, [1, 2, 2, 1]);
    assert.deepEqual(data(y), [6, 7, 10, 11]);
  });
  test('cropping everything is refused', () => {
    assert.throws(() => fx.layers.cropping2d({ cropping: [2, 0], name: 'c2' }).apply(fx.zeros([1, 4, 4, 1])), {
      message: 'Layer "c2": cropping [[2,2],[0,0]] must leave at least one row and one column of the input, but the input shape is [1, 4, 4, 1].',
    });
  });
});

/** Keras-quality error messages of the high-level API, asserted word for word (or by pattern where a name is generated). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';

function mlp(name = 'mlp'): fx.Sequential {
  return fx.sequential({ name, layers: [fx.layers.dense({ units: 4, inputShape: [3], name: `${name}_hidden` }), fx.layers.dense({ units: 2, activation: 'softmax', name: `${name}_out` })] });
}

function compiled(name = 'mlp'): fx.Sequential {
  const m = mlp(name);
  m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  return m;
}

const x = fx.ones([8, 3]);
const y = fx.tensor([0, 1, 0, 1, 0, 1, 0, 1], [8], 'int32');

interface Case {
  name: string;
  run: () => unknown;
  message: string | RegExp;
}

const cases: Case[] = [
  {
    name: 'an input of the wrong shape names the layer and both shapes',
    run: () => fx.sequential({ layers: [fx.layers.dense({ units: 10, inputShape: [784], name: 'dense_1' })] }).predict(fx.zeros([32, 28, 28])),
    message: 'Input 0 of layer "dense_1" is incompatible with the layer: expected axis -1 of input shape to have value 784, but received input with shape [32, 28, 28].',
  },
  {
    name: 'a conv layer given a rank-3 input',
    run: () => fx.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv_a' }).apply(fx.zeros([28, 28, 1])),
    message: 'Input 0 of layer "conv_a" is incompatible with the layer: expected ndim=4, found ndim=3, but received input with shape [28, 28, 1].',
  },
  {
    name: 'fit before compile',
    run: () => mlp('uncompiled').fit(x, y),
    message: `fit: the model "uncompiled" must be compiled first: call model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']}) before fit().`,
  },
  {
    name: 'evaluate before compile',
    run: () => mlp('uncompiled2').evaluate(x, y),
    message: /^evaluate: the model "uncompiled2" must be compiled first/,
  },
  {
    name: 'fit with x and y of different lengths',
    run: () => compiled('len').fit(x, fx.tensor([0, 1, 0], [3], 'int32'), { verbose: 0 }),
    message: 'fit: x and y must have the same number of samples, but x has 8 and y has 3.',
  },
  {
    name: 'sparse labels given to categoricalCrossentropy suggest sparseCategoricalCrossentropy',
    run: () => {
      const m = mlp('cce');
      m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
      return m.trainOnBatch(x, y);
    },
    message: /sparseCategoricalCrossentropy/,
  },
  {
    name: 'unknown optimizer names the valid ones',
    run: () => mlp('opt').compile({ optimizer: 'adamm', loss: 'mse' }),
    message: /adamm.*(sgd|adam)/i,
  },
  {
    name: 'unknown loss names the valid ones',
    run: () => mlp('loss').compile({ optimizer: 'sgd', loss: 'meanSquaredErr' }),
    message: /unknown loss 'meanSquaredErr'. Valid names: .*meanSquaredError/,
  },
  {
    name: 'unknown metric names the valid ones',
    run: () => mlp('metric').compile({ optimizer: 'sgd', loss: 'mse', metrics: ['accuracyy'] }),
    message: /accuracyy.*accuracy/,
  },
  {
    name: 'compile without a loss',
    run: () => mlp('noloss').compile({ optimizer: 'sgd' } as unknown as Parameters<fx.Model['compile']>[0]),
    message: "compile: a loss is required, e.g. model.compile({optimizer: 'adam', loss: 'meanSquaredError'}).",
  },
  {
    name: 'lossWeights of the wrong length',
    run: () => mlp('lw').compile({ optimizer: 'sgd', loss: 'mse', lossWeights: [1, 2] }),
    message: 'compile: lossWeights has 2 entries, but the model has 1 outputs (mlp_lw_out).'.replace('mlp_lw_out', 'lw_out'),
  },
  {
    name: 'validationSplit out of range',
    run: () => compiled('vs').fit(x, y, { validationSplit: 1.5, verbose: 0 }),
    message: 'fit: validationSplit must be in [0, 1), but received number 1.5.',
  },
  {
    name: 'a non-integer batchSize',
    run: () => compiled('bs').fit(x, y, { batchSize: 0, verbose: 0 }),
    message: 'fit: batchSize must be a positive integer, but received number 0.',
  },
  {
    name: 'zero epochs',
    run: () => compiled('ep').fit(x, y, { epochs: 0, verbose: 0 }),
    message: 'fit: epochs must be a positive integer, but received number 0.',
  },
  {
    name: 'evaluate with x and y of different lengths',
    run: () => compiled('ev').evaluate(x, fx.tensor([0, 1], [2], 'int32')),
    message: 'evaluate: x and y must have the same number of samples, but x has 8 and y has 2.',
  },
  {
    name: 'Sequential.add of something that is not a layer',
    run: () => fx.sequential().add('dense' as unknown as fx.layers.Layer),
    message: 'Sequential.add: expected a layer (e.g. fx.layers.dense({units: 10})), but received dense.',
  },
  {
    name: 'Sequential.add of a duplicate layer name',
    run: () => fx.sequential({ layers: [fx.layers.dense({ units: 1, name: 'dup' }), fx.layers.dense({ units: 1, name: 'dup' })] }),
    message: 'Sequential.add: the model already has a layer named "dup"; layer names must be unique.',
  },
  {
    name: 'getLayer with an unknown name lists the layers',
    run: () => mlp('gl').getLayer('nope'),
    message: 'getLayer: no layer named "nope"; the model\'s layers are: gl_hidden, gl_out.',
  },
  {
    name: 'setWeights with the wrong number of weights',
    run: () => mlp('sw').setWeights([fx.zeros([3, 4])]),
    message: /^Layer "sw".setWeights: expected 4 weights \(sw_hidden\/kernel, sw_hidden\/bias, sw_out\/kernel, sw_out\/bias\), but received 1.$/,
  },
  {
    name: 'setWeights with a weight of the wrong shape',
    run: () => {
      const d = fx.layers.dense({ units: 2, name: 'sws' });
      d.apply(fx.zeros([1, 3]));
      d.setWeights([fx.zeros([2, 2]), fx.zeros([2])]);
    },
    message: 'Layer "sws".setWeights: weight 0 ("sws/kernel") has shape [3,2], but the value has shape [2,2].',
  },
  {
    name: 'unknown activation',
    run: () => fx.layers.dense({ units: 2, activation: 'relu7' }),
    message: /^Unknown activation "relu7". Valid activations: linear, relu, relu6,/,
  },
  {
    name: 'unknown initializer',
    run: () => fx.layers.dense({ units: 2, kernelInitializer: 'glorot' }).apply(fx.zeros([1, 2])),
    message: /^Unknown initializer "glorot". Valid initializers: zeros, ones, constant,/,
  },
  {
    name: 'unknown regularizer',
    run: () => fx.regularizers.getRegularizer('l3'),
    message: 'Unknown regularizer "l3". Valid regularizers: l1, l2, l1l2.',
  },
  {
    name: 'unknown constraint',
    run: () => fx.constraints.getConstraint('positive'),
    message: 'Unknown constraint "positive". Valid constraints: maxNorm, nonNeg, unitNorm, minMaxNorm.',
  },
  {
    name: 'Dense with a non-integer number of units',
    run: () => fx.layers.dense({ units: 2.5 }),
    message: 'Dense: units must be a positive integer, but received number 2.5.',
  },
  {
    name: 'Conv2D with a bad kernelSize',
    run: () => fx.layers.conv2d({ filters: 2, kernelSize: [3] }),
    message: 'Conv2D: kernelSize must be a positive integer or a list of 2 positive integers, but received an array of length 1.',
  },
  {
    name: 'Conv2D with a bad padding',
    run: () => fx.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'full' as 'same' }),
    message: "Conv2D: padding must be 'valid' or 'same', but received the string \"full\".",
  },
  {
    name: 'an input without a shape',
    run: () => fx.input({} as fx.layers.InputArgs),
    message: 'input: give the input\'s shape, e.g. fx.input({shape: [784]}) (without the batch dimension); received undefined.',
  },
  {
    name: 'a model whose output does not depend on its input',
    run: () => {
      const a = fx.input({ shape: [2], name: 'ua' });
      const b = fx.input({ shape: [2], name: 'ub' });
      return fx.model({ inputs: a, outputs: fx.layers.dense({ units: 1 }).apply(b) as fx.layers.SymbolicTensor });
    },
    message: 'model: output depends on input "ub", which is not among the model\'s inputs. Add it to fx.model({inputs: [...]}).',
  },
  {
    name: 'countParams of an unbuilt layer',
    run: () => fx.layers.dense({ units: 2, name: 'unbuilt' }).countParams(),
    message: 'Layer "unbuilt" has not been built yet, so it has no weights to count. Call it on data or give it an input shape first.',
  },
  {
    name: 'deserializing an unknown layer class',
    run: () => fx.layers.deserializeLayer({ className: 'Lambda', config: {} }),
    message: /^Unknown layer class "Lambda". Registered layer classes: .*Dense.*Custom layers must be registered/,
  },
  {
    name: 'EarlyStopping monitoring a metric that is not logged',
    run: () => compiled('es').fit(x, y, { verbose: 0, callbacks: [new fx.callbacks.EarlyStopping({ monitor: 'val_loss' })] }),
    message: 'EarlyStopping: the monitored metric "val_loss" is not in the logs; available: loss. Pass validationData or validationSplit to fit() to monitor a val_ metric.',
  },
];

describe('high-level API errors', () => {
  for (const c of cases) {
    test(c.name, async () => {
      await assert.rejects(
        async () => {
          await c.run();
        },
        (e: unknown) => {
          assert.ok(e instanceof fx.FluxionError, `expected a FluxionError, got ${String(e)}`);
          if (typeof c.message === 'string') assert.equal(e.message, c.message);
          else assert.match(e.message, c.message);
          return true;
        },
      );
    });
  }
  test('at least 25 cases are asserted', () => assert.ok(cases.length >= 25));
});

describe('TerminateOnNaN', () => {
  test('a NaN loss stops training with a clear message', async () => {
    const m = compiled('nan');
    const lines: string[] = [];
    const orig = console.log;
    console.log = (s: string) => lines.push(s);
    const stop = new fx.callbacks.TerminateOnNaN();
    try {
      await m.fit(fx.fill([8, 3], NaN), y, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [stop] });
    } finally {
      console.log = orig;
    }
    assert.equal(stop.message, 'Batch 0: invalid loss NaN, terminating training. A NaN loss usually means a learning rate that is too high, or log(0) in a custom loss.');
    assert.deepEqual(lines, [stop.message]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { modelFromConfig, type FunctionalConfig, type FunctionalLayerConfig } from '../../src/models/model.js';
import type { SequentialConfig } from '../../src/models/sequential.js';

/** What a config becomes after saving it as JSON and reading it back. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function functionalConfig(m: fx.Model): FunctionalConfig {
  return m.getConfig() as FunctionalConfig;
}

function layerEntry(config: FunctionalConfig, name: string): FunctionalLayerConfig {
  const entry = config.layers.find((l) => l.name === name);
  assert.ok(entry, `no layer "${name}" in ${config.layers.map((l) => l.name).join(', ')}`);
  return entry;
}

function outputsOf(y: fx.Tensor | fx.Tensor[]): unknown {
  return Array.isArray(y) ? y.map((t) => t.arraySync()) : y.arraySync();
}

/**
 * getConfig -> JSON -> fromConfig -> getConfig gives the same config; the new model has fresh
 * weights (its predictions differ) until the old model's weights are copied in, then they agree.
 */
function assertRoundTrip(original: fx.Model, restored: fx.Model, x: fx.Tensor | fx.Tensor[]): void {
  assert.notEqual(restored, original);
  assert.equal(restored.getClassName(), original.getClassName());
  assert.deepEqual(viaJson(restored.getConfig()), viaJson(original.getConfig()));
  assert.deepEqual(
    restored.weights.map((w) => w.shape),
    original.weights.map((w) => w.shape),
  );
  const expected = outputsOf(original.predict(x));
  assert.notDeepEqual(outputsOf(restored.predict(x)), expected, 'the restored model starts from new weights');
  restored.setWeights(original.getWeights());
  assert.deepEqual(outputsOf(restored.predict(x)), expected);
}

describe('InputLayer config', () => {
  test('is registered and round-trips through deserializeLayer', () => {
    const x = fx.input({ shape: [5, 2], name: 'cfg_in', dtype: 'int32' });
    const layer = x.sourceLayer;
    const spec = viaJson(fx.layers.serializeLayer(layer));
    assert.deepEqual(spec, { className: 'InputLayer', config: { name: 'cfg_in', dtype: 'int32', batchShape: [null, 5, 2], sparse: false } });
    const again = fx.layers.deserializeLayer(spec);
    assert.ok(again instanceof fx.layers.InputLayer, 'deserializeLayer makes an InputLayer');
    assert.notEqual(again, layer);
    assert.deepEqual(again.getConfig(), spec.config);
    assert.deepEqual(again.output.shape, [null, 5, 2]);
    assert.equal(again.output.dtype, 'int32');
    assert.throws(
      () => fx.layers.deserializeLayer({ className: 'InputLayer', config: { name: 'sp', batchShape: [null, 2], sparse: true } }),
      /input "sp": sparse inputs are not supported/,
    );
  });
});

describe('Sequential config', () => {
  test('an MLP with an input shape: InputLayer first, round trip, same predictions', () => {
    const m = fx.sequential({
      name: 'cfg_mlp',
      layers: [
        fx.layers.dense({ units: 8, activation: 'relu', inputShape: [4], name: 'cfg_mlp_h' }),
        fx.layers.dense({ units: 3, activation: 'softmax', name: 'cfg_mlp_out' }),
      ],
    });
    const config = m.getConfig();
    assert.equal(config.name, 'cfg_mlp');
    assert.equal(config.trainable, true);
    assert.deepEqual(
      config.layers.map((l) => l.className),
      ['InputLayer', 'Dense', 'Dense'],
    );
    const inputConfig = config.layers[0]?.config;
    assert.deepEqual(inputConfig, { name: m.inputs[0]?.sourceLayer.name, dtype: 'float32', batchShape: [null, 4], sparse: false });
    assert.equal(config.layers[1]?.config['units'], 8);
    assert.equal(config.layers[2]?.config['activation'], 'softmax');

    const restored = fx.Sequential.fromConfig(viaJson(config));
    assert.ok(restored instanceof fx.Sequential, 'Sequential.fromConfig makes a Sequential');
    assert.equal(restored.name, 'cfg_mlp');
    assert.equal(restored.isGraph(), true, 'the InputLayer gives the restored model its input shape');
    assert.deepEqual(restored.inputShape, [null, 4]);
    assert.deepEqual(restored.layers.map((l) => l.name), ['cfg_mlp_h', 'cfg_mlp_out']);
    assertRoundTrip(m, restored, fx.randomNormal([5, 4]));
  });

  test('without an input shape: no InputLayer until built on a call, then one', () => {
    const m = fx.sequential({
      name: 'cfg_lazy',
      layers: [fx.layers.dense({ units: 4, name: 'cfg_lazy_a' }), fx.layers.dense({ units: 2, name: 'cfg_lazy_b' })],
    });
    const unbuilt = viaJson(m.getConfig());
    assert.deepEqual(
      unbuilt.layers.map((l) => l.className),
      ['Dense', 'Dense'],
    );
    const restoredUnbuilt = fx.Sequential.fromConfig(unbuilt);
    assert.equal(restoredUnbuilt.isGraph(), false);
    assert.deepEqual(viaJson(restoredUnbuilt.getConfig()), unbuilt);

    const x = fx.randomNormal([3, 6]);
    m.apply(x);
    const built: SequentialConfig = viaJson(m.getConfig());
    assert.deepEqual(
      built.layers.map((l) => l.className),
      ['InputLayer', 'Dense', 'Dense'],
    );
    assert.deepEqual(built.layers[0]?.config['batchShape'], [null, 6]);
    const restored = fx.Sequential.fromConfig(built);
    assert.equal(restored.isGraph(), true);
    assertRoundTrip(m, restored, x);

    // The unbuilt copy builds on its own first call, like the original.
    restoredUnbuilt.apply(x);
    restoredUnbuilt.setWeights(m.getWeights());
    assert.deepEqual(outputsOf(restoredUnbuilt.predict(x)), outputsOf(m.predict(x)));
  });

  test('an unknown layer class fails with the registry message', () => {
    const config = viaJson(fx.sequential({ layers: [fx.layers.dense({ units: 2, inputShape: [3] })] }).getConfig());
    const dense = config.layers[1];
    assert.ok(dense, 'the config lists the Dense layer after the InputLayer');
    dense.className = 'NoSuchLayer';
    assert.throws(
      () => fx.Sequential.fromConfig(config),
      /^FluxionError: Unknown layer class "NoSuchLayer"\. Registered layer classes: .*\bDense\b.*\bFunctional\b.*\bInputLayer\b.*\bSequential\b.*Custom layers must be registered with fx\.layers\.registerLayer/,
    );
  });
});

describe('Functional config', () => {
  test('two inputs, two outputs, a shared layer also used in another model: node indices are local', () => {
    const shared = fx.layers.dense({ units: 2, name: 'cfg_shared' });
    const elsewhere = fx.input({ shape: [3], name: 'cfg_elsewhere' });
    fx.model({ inputs: elsewhere, outputs: shared.apply(elsewhere) as fx.layers.SymbolicTensor });
    const a = fx.input({ shape: [3], name: 'cfg_a' });
    const b = fx.input({ shape: [3], name: 'cfg_b' });
    const ya = shared.apply(a) as fx.layers.SymbolicTensor;
    const yb = shared.apply(b) as fx.layers.SymbolicTensor;
    assert.deepEqual([ya.nodeIndex, yb.nodeIndex], [1, 2], 'the shared layer was first called in the other model');
    const merged = fx.layers.concatenate({ name: 'cfg_concat' }).apply([ya, yb]) as fx.layers.SymbolicTensor;
    const head = fx.layers.dense({ units: 1, name: 'cfg_head' }).apply(merged) as fx.layers.SymbolicTensor;
    const m = fx.model({ inputs: [a, b], outputs: [head, yb], name: 'cfg_two' });

    const config = functionalConfig(m);
    assert.equal(config.name, 'cfg_two');
    assert.equal(config.trainable, true);
    assert.deepEqual(
      config.layers.map((l) => [l.className, l.name]),
      [
        ['InputLayer', 'cfg_a'],
        ['InputLayer', 'cfg_b'],
        ['Dense', 'cfg_shared'],
        ['Concatenate', 'cfg_concat'],
        ['Dense', 'cfg_head'],
      ],
    );
    assert.deepEqual(layerEntry(config, 'cfg_a').inboundNodes, []);
    assert.deepEqual(layerEntry(config, 'cfg_a').config, { name: 'cfg_a', dtype: 'float32', batchShape: [null, 3], sparse: false });
    assert.deepEqual(layerEntry(config, 'cfg_shared').inboundNodes, [[['cfg_a', 0, 0]], [['cfg_b', 0, 0]]]);
    assert.deepEqual(layerEntry(config, 'cfg_concat').inboundNodes, [[['cfg_shared', 0, 0], ['cfg_shared', 1, 0]]]);
    assert.deepEqual(layerEntry(config, 'cfg_head').inboundNodes, [[['cfg_concat', 0, 0]]]);
    assert.equal(layerEntry(config, 'cfg_head').config['units'], 1);
    assert.deepEqual(config.inputLayers, [['cfg_a', 0, 0], ['cfg_b', 0, 0]]);
    assert.deepEqual(config.outputLayers, [['cfg_head', 0, 0], ['cfg_shared', 1, 0]]);

    const restored = fx.Model.fromConfig(viaJson(config));
    assert.equal(restored.name, 'cfg_two');
    assert.equal(restored.getLayer('cfg_shared').inboundNodes.length, 2, 'the shared layer is called twice again');
    assert.equal(restored.countParams(), m.countParams());
    assertRoundTrip(m, restored, [fx.randomNormal([4, 3]), fx.randomNormal([4, 3])]);
  });

  test('single input and output stay single; a list of one stays a list', () => {
    const x = fx.input({ shape: [2], name: 'cfg_single_in' });
    const y = fx.layers.dense({ units: 1, name: 'cfg_single_d' }).apply(x) as fx.layers.SymbolicTensor;
    const single = fx.model({ inputs: x, outputs: y });
    assert.deepEqual(functionalConfig(single).inputLayers, ['cfg_single_in', 0, 0]);
    assert.deepEqual(functionalConfig(single).outputLayers, ['cfg_single_d', 0, 0]);
    const restoredSingle = fx.Model.fromConfig(viaJson(functionalConfig(single)));
    assert.ok(restoredSingle.apply(fx.ones([2, 2])) instanceof fx.Tensor, 'a single output gives a tensor');

    const listed = fx.model({ inputs: [x], outputs: [y] });
    assert.deepEqual(functionalConfig(listed).inputLayers, [['cfg_single_in', 0, 0]]);
    assert.deepEqual(functionalConfig(listed).outputLayers, [['cfg_single_d', 0, 0]]);
    const restoredListed = fx.Model.fromConfig(viaJson(functionalConfig(listed)));
    const out = restoredListed.apply([fx.ones([2, 2])]);
    assert.ok(Array.isArray(out) && out.length === 1, 'a list of one output gives a list of one tensor');
    assertRoundTrip(listed, restoredListed, [fx.randomNormal([3, 2])]);
  });

  test('a nested Sequential serializes as {className: "Sequential", config} and round-trips', () => {
    const inner = fx.sequential({
      name: 'cfg_inner',
      layers: [fx.layers.dense({ units: 5, activation: 'tanh', inputShape: [3], name: 'cfg_inner_d1' }), fx.layers.dense({ units: 4, name: 'cfg_inner_d2' })],
    });
    const x = fx.input({ shape: [3], name: 'cfg_outer_in' });
    const h = inner.apply(x) as fx.layers.SymbolicTensor;
    const y = fx.layers.dense({ units: 2, name: 'cfg_outer_d' }).apply(h) as fx.layers.SymbolicTensor;
    const m = fx.model({ inputs: x, outputs: y, name: 'cfg_outer' });

    const config = functionalConfig(m);
    const nested = layerEntry(config, 'cfg_inner');
    assert.equal(nested.className, 'Sequential');
    assert.deepEqual(nested.inboundNodes, [[['cfg_outer_in', 0, 0]]]);
    assert.deepEqual(
      (nested.config as SequentialConfig).layers.map((l) => l.className),
      ['InputLayer', 'Dense', 'Dense'],
    );
    assert.deepEqual(layerEntry(config, 'cfg_outer_d').inboundNodes, [[['cfg_inner', 0, 0]]]);

    const restored = fx.Model.fromConfig(viaJson(config));
    const restoredInner = restored.getLayer('cfg_inner');
    assert.ok(restoredInner instanceof fx.Sequential, 'the nested model is a Sequential again');
    assert.notEqual(restoredInner, inner);
    assertRoundTrip(m, restored, fx.randomNormal([6, 3]));
  });

  test('a nested Functional model and call arguments ({training}) round-trip', () => {
    const ix = fx.input({ shape: [4], name: 'cfg_fin' });
    const iy = fx.layers.dense({ units: 3, name: 'cfg_fd' }).apply(ix) as fx.layers.SymbolicTensor;
    const innerModel = fx.model({ inputs: ix, outputs: iy, name: 'cfg_finner' });
    const x = fx.input({ shape: [4], name: 'cfg_fout_in' });
    const h = innerModel.apply(x) as fx.layers.SymbolicTensor;
    const d = fx.layers.dropout({ rate: 0.25, name: 'cfg_fdrop' }).apply(h, { training: true }) as fx.layers.SymbolicTensor;
    const m = fx.model({ inputs: x, outputs: fx.layers.dense({ units: 1, name: 'cfg_fout_d' }).apply(d) as fx.layers.SymbolicTensor });

    const config = functionalConfig(m);
    const nested = layerEntry(config, 'cfg_finner');
    assert.equal(nested.className, 'Functional');
    assert.deepEqual((nested.config as FunctionalConfig).inputLayers, ['cfg_fin', 0, 0]);
    assert.deepEqual(layerEntry(config, 'cfg_fdrop').inboundNodes, [[['cfg_finner', 0, 0, { training: true }]]]);

    const restored = modelFromConfig(viaJson({ className: m.getClassName(), config }));
    assert.equal(restored.getClassName(), 'Functional');
    assert.ok(restored.getLayer('cfg_finner') instanceof fx.Model, 'the nested model is a Model again');
    assert.deepEqual(restored.getLayer('cfg_fdrop').inboundNodes[0]?.callArgs, { training: true });
    assertRoundTrip(m, restored, fx.randomNormal([2, 4]));
    assert.throws(() => modelFromConfig({ className: 'Dense', config: { units: 2 } }), /modelFromConfig: class "Dense" is a layer, not a model/);
  });

  test('a CNN: Conv2D, MaxPooling2D, Flatten, Dropout, Dense', () => {
    const x = fx.input({ shape: [8, 8, 1], name: 'cfg_img' });
    let h = fx.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', padding: 'same', name: 'cfg_conv' }).apply(x) as fx.layers.SymbolicTensor;
    h = fx.layers.maxPooling2d({ poolSize: 2, name: 'cfg_pool' }).apply(h) as fx.layers.SymbolicTensor;
    h = fx.layers.flatten({ name: 'cfg_flat' }).apply(h) as fx.layers.SymbolicTensor;
    h = fx.layers.dropout({ rate: 0.5, name: 'cfg_drop' }).apply(h) as fx.layers.SymbolicTensor;
    const y = fx.layers.dense({ units: 3, activation: 'softmax', name: 'cfg_cls' }).apply(h) as fx.layers.SymbolicTensor;
    const m = fx.model({ inputs: x, outputs: y, name: 'cfg_cnn' });

    const config = functionalConfig(m);
    assert.deepEqual(
      config.layers.map((l) => l.className),
      ['InputLayer', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense'],
    );
    assert.equal(layerEntry(config, 'cfg_conv').config['filters'], 4);
    assert.equal(layerEntry(config, 'cfg_drop').config['rate'], 0.5);
    const restored = fx.Model.fromConfig(viaJson(config));
    assert.deepEqual(restored.outputShape, [null, 3]);
    assertRoundTrip(m, restored, fx.randomNormal([2, 8, 8, 1]));
  });

  test('errors: an unknown class, an inbound node naming a missing layer, a call that is never made', () => {
    const x = fx.input({ shape: [3], name: 'cfg_err_in' });
    const y = fx.layers.dense({ units: 2, name: 'cfg_err_d' }).apply(x) as fx.layers.SymbolicTensor;
    const config = viaJson(functionalConfig(fx.model({ inputs: x, outputs: y })));

    const unknown = viaJson(config);
    layerEntry(unknown, 'cfg_err_d').className = 'NoSuchLayer';
    assert.throws(() => fx.Model.fromConfig(unknown), /^FluxionError: Unknown layer class "NoSuchLayer"\. Registered layer classes: .*\bDense\b/);

    const ghost = viaJson(config);
    layerEntry(ghost, 'cfg_err_d').inboundNodes = [[['cfg_ghost', 0, 0]]];
    assert.throws(
      () => fx.Model.fromConfig(ghost),
      /^FluxionError: Model\.fromConfig: the input of layer "cfg_err_d" \(call 0\) refers to layer "cfg_ghost", but the config has no layer of that name \(its layers: cfg_err_in, cfg_err_d\)\./,
    );

    const ghostOutput = viaJson(config);
    ghostOutput.outputLayers = ['cfg_nowhere', 0, 0];
    assert.throws(() => fx.Model.fromConfig(ghostOutput), /Model\.fromConfig: outputLayers refers to layer "cfg_nowhere", but the config has no layer of that name/);

    const neverMade = viaJson(config);
    layerEntry(neverMade, 'cfg_err_d').inboundNodes = [[['cfg_err_in', 3, 0]]];
    assert.throws(
      () => fx.Model.fromConfig(neverMade),
      /Model\.fromConfig: cannot connect the graph: call 0 of layer "cfg_err_d" needs call 3 of layer "cfg_err_in", which the config never creates/,
    );

    const malformed = viaJson(config);
    malformed.inputLayers = [['cfg_err_in', 'zero', 0]] as unknown as FunctionalConfig['inputLayers'];
    assert.throws(() => fx.Model.fromConfig(malformed), /Model\.fromConfig: inputLayers\[0\] must be \[layerName, nodeIndex, tensorIndex\]/);
  });
});

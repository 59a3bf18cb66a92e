/**
 * The base Optimizer: gradient forms, clipping, weight decay, schedules, EMA, state variables
 * (names, order, getWeights/setWeights resuming exactly), minimize, configs, get, errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { adamRule, assertClose, GRADS, nadamGlobal, nadamRule, reference, sgdRule, values, W0 } from './helpers.js';

const { optimizers } = fx;
const norm = (g: number[]): number => Math.sqrt(g.reduce((s, x) => s + x * x, 0));

describe('applyGradients forms', () => {
  test('TF.js map with varList, map of known variables, [{name, tensor}] and Keras pairs agree', () => {
    const results = [0, 1, 2].map((form) => {
      const w = fx.variable(fx.tensor(W0), true, 'wf');
      const opt = new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
      GRADS.forEach((g, k) => {
        const grad = fx.tensor(g);
        if (form === 0) opt.applyGradients(k === 0 ? { wf: grad } : { wf: grad }, k === 0 ? [w] : undefined);
        else if (form === 1) opt.applyGradients([{ name: 'wf', tensor: grad }], [w]);
        else opt.applyGradients([[grad, w]]);
      });
      return values(w);
    });
    const expected = reference({ m: 0 }, sgdRule(0.1, 0.9)).w;
    for (const r of results) assertClose(r, expected);
  });

  test('a null gradient skips its variable; iterations count steps', () => {
    const a = fx.variable(fx.tensor([1, 2]), true, 'na');
    const b = fx.variable(fx.tensor([3]), true, 'nb');
    const opt = new optimizers.SGD({ learningRate: 0.5 });
    opt.applyGradients([[fx.tensor([1, 1]), a], [null, b]]);
    assert.deepEqual(values(a), [0.5, 1.5]);
    assert.deepEqual(values(b), [3]);
    assert.equal(opt.iterations, 1);
    opt.applyGradients({ na: null, nb: fx.tensor([2]) });
    assert.deepEqual(values(b), [2]);
    assert.equal(opt.iterations, 2);
  });
});

describe('clipping', () => {
  const g = [3, 4, 0];
  test('clipnorm clips each gradient to that L2 norm (Keras: g * c / max(norm, c))', () => {
    const w = fx.variable(fx.tensor([0, 0, 0]), true, 'c1');
    new optimizers.SGD({ learningRate: 1, clipnorm: 1 }).applyGradients([[fx.tensor(g), w]]);
    assertClose(values(w), [-0.6, -0.8, 0]);
    const w2 = fx.variable(fx.tensor([0, 0, 0]), true, 'c2');
    new optimizers.SGD({ learningRate: 1, clipnorm: 10 }).applyGradients([[fx.tensor(g), w2]]);
    assertClose(values(w2), [-3, -4, 0]);
  });
  test('clipvalue clips elementwise', () => {
    const w = fx.variable(fx.tensor([0, 0, 0]), true, 'c3');
    new optimizers.SGD({ learningRate: 1, clipvalue: 0.5 }).applyGradients([[fx.tensor([3, -4, 0.25]), w]]);
    assertClose(values(w), [-0.5, 0.5, -0.25]);
  });
  test('globalClipnorm scales all gradients by one factor', () => {
    const a = fx.variable(fx.tensor([0, 0]), true, 'c4');
    const b = fx.variable(fx.tensor([0]), true, 'c5');
    const ga = [3, 0];
    const gb = [4];
    new optimizers.SGD({ learningRate: 1, globalClipnorm: 2 }).applyGradients([[fx.tensor(ga), a], [fx.tensor(gb), b]]);
    const s = 2 / norm([...ga, ...gb]);
    assertClose(values(a), [-3 * s, 0]);
    assertClose(values(b), [-4 * s]);
  });
  test('clipnorm then Adam, per variable, over three steps', () => {
    const w = fx.variable(fx.tensor(W0), true, 'c6');
    const opt = new optimizers.Adam({ learningRate: 0.1, clipnorm: 0.3 });
    for (const g of GRADS) opt.applyGradients([[fx.tensor(g), w]]);
    const clipped = GRADS.map((g) => g.map((x) => (x * 0.3) / Math.max(norm(g), 0.3)));
    assertClose(values(w), reference({ m: 0, v: 0, vh: 0 }, adamRule(0.1), { grads: clipped }).w);
  });
});

describe('loss scaling and TF.js configs', () => {
  test('lossScaleFactor divides the gradients first', () => {
    const w = fx.variable(fx.tensor([1, 2]), true, 'lsf');
    new optimizers.SGD({ learningRate: 0.1, lossScaleFactor: 4 }).applyGradients([[fx.tensor([4, -8]), w]]);
    assertClose(values(w), [0.9, 2.2]);
  });
  test('gradientAccumulationSteps is refused with a message', () => {
    assert.throws(() => new optimizers.Adam({ gradientAccumulationSteps: 2 }), {
      message: 'Adam: gradientAccumulationSteps is not supported yet; expected null or undefined, but received number 2.',
    });
  });
  test('fx.train optimizers: TF.js getConfig/fromConfig, and no Keras config', () => {
    const o = fx.train.rmsprop(0.01, 0.8, 0.5, 1e-6, true);
    assert.deepEqual(o.getConfig(), { learningRate: 0.01, decay: 0.8, momentum: 0.5, epsilon: 1e-6, centered: true });
    assert.deepEqual(fx.train.RMSPropOptimizer.fromConfig(o.getConfig()).getConfig(), o.getConfig());
    assert.equal(o.getClassName(), 'RMSProp');
    assert.throws(() => o.toKerasConfig(), /RMSPropOptimizer.toKerasConfig: this optimizer follows TensorFlow.js's rules/);
    assert.deepEqual(fx.train.adamax().getConfig(), { learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, decay: 0 });
  });
});

describe('weight decay', () => {
  test('decoupled, before the update: w = w - lr wd w - lr g (SGD)', () => {
    const w = fx.variable(fx.tensor(W0), true, 'wd1');
    const opt = new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.2 });
    for (const g of GRADS) opt.applyGradients([[fx.tensor(g), w]]);
    const expected = reference({}, (x, g) => x - x * 0.2 * 0.1 - 0.1 * g).w;
    assertClose(values(w), expected);
  });
  test('excludeFromWeightDecay by variable and by name', () => {
    const a = fx.variable(fx.tensor([1]), true, 'dense/kernel');
    const b = fx.variable(fx.tensor([1]), true, 'dense/bias');
    const c = fx.variable(fx.tensor([1]), true, 'other');
    const opt = new optimizers.SGD({ learningRate: 0.1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay({ varList: [c], varNames: ['bias'] });
    const zero = fx.tensor([0]);
    opt.applyGradients([[zero, a], [zero, b], [zero, c]]);
    assertClose([...values(a), ...values(b), ...values(c)], [0.95, 1, 1]);
  });
});

describe('learning-rate schedules drive the optimizer', () => {
  test('ExponentialDecay evaluated at iterations 0, 1, 2', () => {
    const sched = new optimizers.schedules.ExponentialDecay(0.1, 1, 0.5);
    const w = fx.variable(fx.tensor(W0), true, 'ls1');
    const opt = new optimizers.SGD({ learningRate: sched });
    const seen: number[] = [];
    for (const g of GRADS) {
      seen.push(opt.learningRate);
      opt.applyGradients([[fx.tensor(g), w]]);
    }
    assertClose(seen, [0.1, 0.05, 0.025]);
    const lrs = [0.1, 0.05, 0.025];
    const expected = W0.map((x, i) => x - GRADS.reduce((s, g, k) => s + (lrs[k] as number) * (g[i] as number), 0));
    assertClose(values(w), expected);
    assert.deepEqual(opt.variables().map((v) => v.name), ['iteration'], 'no learning_rate variable with a schedule');
  });
  test('a function of no arguments', () => {
    const w = fx.variable(fx.tensor([1]), true, 'ls2');
    new optimizers.SGD({ learningRate: () => 0.25 }).applyGradients([[fx.tensor([1]), w]]);
    assertClose(values(w), [0.75]);
  });
  test('setting learningRate changes the next step', () => {
    const w = fx.variable(fx.tensor([1]), true, 'ls3');
    const opt = new optimizers.SGD(0.1);
    opt.applyGradients([[fx.tensor([1]), w]]);
    opt.learningRate = 0.5;
    opt.applyGradients([[fx.tensor([1]), w]]);
    assertClose(values(w), [0.4]);
  });
});

describe('EMA', () => {
  test('averages follow Keras (first step copies), and finalizeVariableValues writes them back', () => {
    const w = fx.variable(fx.tensor([1, 2]), true, 'ema');
    const opt = new optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5 });
    const traj: number[][] = [];
    for (const g of [[1, 1], [2, 0], [0, 4]]) {
      opt.applyGradients([[fx.tensor(g), w]]);
      traj.push(values(w));
    }
    const [t1, t2, t3] = traj as [number[], number[], number[]];
    const avg = t1.map((x, i) => 0.5 * (0.5 * x + 0.5 * (t2[i] as number)) + 0.5 * (t3[i] as number));
    const avgVar = opt.variables().find((v) => v.name === 'ema_average') as fx.Variable;
    assertClose(values(avgVar), avg);
    opt.finalizeVariableValues();
    assertClose(values(w), avg);
  });
  test('emaOverwriteFrequency overwrites the variables every N steps', () => {
    const w = fx.variable(fx.tensor([1]), true, 'ema2');
    const opt = new optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5, emaOverwriteFrequency: 2 });
    opt.applyGradients([[fx.tensor([1]), w]]); // w 0.9, avg 0.9
    opt.applyGradients([[fx.tensor([1]), w]]); // w 0.8, avg 0.85 -> w 0.85
    assertClose(values(w), [0.85]);
  });
});

describe('state variables', () => {
  test('Adam: Keras 3 names and order (iteration, learning_rate, per variable momentum and velocity)', () => {
    const a = fx.variable(fx.tensor([1, 2]), true, 'dense/kernel');
    const b = fx.variable(fx.tensor([1]), true, 'dense/bias');
    const opt = new optimizers.Adam();
    opt.applyGradients([[fx.tensor([1, 1]), a], [fx.tensor([1]), b]]);
    assert.deepEqual(opt.variables().map((v) => v.name), [
      'iteration', 'learning_rate',
      'dense_kernel_momentum', 'dense_kernel_velocity', 'dense_bias_momentum', 'dense_bias_velocity',
    ]);
    assert.equal(opt.variables()[0]?.dtype, 'int32');
    assert.deepEqual(values(opt.variables()[0] as fx.Variable), [1]);
  });
  test('RMSprop groups slots by kind; Adam amsgrad puts velocity_hat last; EMA averages come first', () => {
    const a = fx.variable(fx.tensor([1]), true, 'a');
    const b = fx.variable(fx.tensor([1]), true, 'b');
    const rms = new optimizers.RMSprop({ momentum: 0.5, centered: true, useEma: true });
    rms.build([a, b]);
    assert.deepEqual(rms.variables().map((v) => v.name), [
      'iteration', 'learning_rate', 'a_average', 'b_average', 'a_velocity', 'b_velocity', 'a_momentum', 'b_momentum',
      'a_average_gradient', 'b_average_gradient',
    ]);
    const adam = new optimizers.Adam({ amsgrad: true });
    adam.build([a, b]);
    assert.deepEqual(adam.variables().map((v) => v.name).slice(2), [
      'a_momentum', 'a_velocity', 'b_momentum', 'b_velocity', 'a_velocity_hat', 'b_velocity_hat',
    ]);
    const sgd = new optimizers.SGD();
    sgd.build([a]);
    assert.deepEqual(sgd.variables().map((v) => v.name), ['iteration', 'learning_rate'], 'no momentum slot without momentum');
  });
  test('a long loop keeps the state size constant', () => {
    const w = fx.variable(fx.tensor([1, 2, 3]), true, 'loop');
    const opt = new optimizers.Adam(0.01);
    opt.applyGradients([[fx.tensor([1, 1, 1]), w]]);
    const n = opt.variables().length;
    for (let i = 0; i < 200; i++) opt.applyGradients({ loop: fx.tensor([0.1, 0.2, 0.3]) });
    assert.equal(opt.variables().length, n);
    assert.equal(opt.trackedVariables().length, 1);
    assert.equal(opt.iterations, 201);
  });
  test('dispose releases the state', () => {
    const w = fx.variable(fx.tensor([1]), true, 'disp');
    const opt = new optimizers.Adam();
    opt.applyGradients([[fx.tensor([1]), w]]);
    const slots = opt.variables().slice(2);
    opt.dispose();
    assert.ok(slots.every((s) => s.isDisposed));
    assert.equal(opt.iterations, 0);
    assert.equal(opt.built, false);
  });
});

describe('getWeights / setWeights resume training exactly', () => {
  const cases: Array<[string, () => fx.optimizers.Optimizer]> = [
    ['Adam', () => new optimizers.Adam({ learningRate: 0.1, amsgrad: true })],
    ['Nadam', () => new optimizers.Nadam(0.1)],
    ['RMSprop', () => new optimizers.RMSprop({ learningRate: 0.1, momentum: 0.5, centered: true })],
    ['SGD + EMA', () => new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, useEma: true })],
    ['Adagrad', () => new optimizers.Adagrad(0.1)],
    ['Adadelta', () => new optimizers.Adadelta(1)],
    ['Adamax', () => new optimizers.Adamax(0.1)],
    ['Lion', () => new optimizers.Lion(0.1)],
    ['train.adam', () => fx.train.adam(0.1)],
    ['train.adamax', () => fx.train.adamax(0.1, 0.9, 0.999, null, 0.1)],
    ['train.rmsprop', () => fx.train.rmsprop(0.1, 0.9, 0.5, null, true)],
  ];
  for (const [label, make] of cases) {
    test(label, async () => {
      const more = [[0.2, 0.1, -0.4], [-0.3, 0.6, 0.2]];
      const w = fx.variable(fx.tensor(W0), true, 'rw');
      const opt = make();
      for (const g of GRADS.slice(0, 2)) opt.applyGradients([[fx.tensor(g), w]]);
      const saved = await opt.getWeights();
      const savedW = values(w);
      for (const g of more) opt.applyGradients([[fx.tensor(g), w]]);
      // A fresh optimizer given the saved state before it has seen the variable.
      const w2 = fx.variable(fx.tensor(savedW), true, 'rw');
      const opt2 = make();
      await opt2.setWeights(saved);
      for (const g of more) opt2.applyGradients([[fx.tensor(g), w2]]);
      assert.deepEqual(values(w2), values(w), 'identical continuation');
      assert.equal(opt2.iterations, 4);
      // And an optimizer that is already built.
      const w3 = fx.variable(fx.tensor(savedW), true, 'rw');
      const opt3 = make();
      opt3.build([w3]);
      opt3.setWeightsSync(saved.map((s) => s.tensor));
      for (const g of more) opt3.applyGradients([[fx.tensor(g), w3]]);
      assert.deepEqual(values(w3), values(w));
    });
  }
  test('getWeights returns snapshots, not live values', async () => {
    const w = fx.variable(fx.tensor([1]), true, 'snap');
    const opt = new optimizers.Adam(0.1);
    opt.applyGradients([[fx.tensor([1]), w]]);
    const saved = await opt.getWeights();
    const before = saved.map((s) => values(s.tensor));
    opt.applyGradients([[fx.tensor([1]), w]]);
    assert.deepEqual(saved.map((s) => values(s.tensor)), before);
  });
  test('Nadam u_product is part of the state', () => {
    const opt = new optimizers.Nadam(0.1);
    opt.build([fx.variable(fx.tensor([1]), true, 'nu')]);
    assert.deepEqual(opt.variables().map((v) => v.name), ['iteration', 'learning_rate', 'nu_momentum', 'nu_velocity', 'u_product']);
    const r = reference({ m: 0, v: 0 }, nadamRule(0.1), { global: nadamGlobal(), globInit: { up: 1 } });
    assert.ok(r.glob['up'] !== 1);
  });
});

describe('minimize', () => {
  test('with varList, returning the cost', () => {
    const w = fx.variable(fx.tensor([1, -2]), true, 'mw');
    const opt = new optimizers.SGD(0.1);
    const cost = opt.minimize(() => fx.sum(fx.square(w)), true, [w]);
    assertClose(values(cost as fx.Tensor), [5]);
    assertClose(values(w), [0.8, -1.6]);
  });
  test('without varList: every trainable variable f reads; returns null without returnCost', () => {
    const a = fx.variable(fx.tensor([1]), true, 'ma');
    const b = fx.variable(fx.tensor([2]), true, 'mb');
    const frozen = fx.variable(fx.tensor([3]), false, 'mf');
    const opt = fx.train.sgd(0.1);
    const r = opt.minimize(() => fx.sum(fx.mul(fx.mul(a, b), frozen)));
    assert.equal(r, null);
    assertClose([...values(a), ...values(b), ...values(frozen)], [1 - 0.1 * 6, 2 - 0.1 * 3, 3]);
  });
  test('a training loop with Adam drives a quadratic to its minimum', () => {
    const w = fx.variable(fx.tensor([5, -3]), true, 'mq');
    const target = fx.tensor([1, 2]);
    const opt = new optimizers.Adam(0.1);
    let last = Infinity;
    for (let i = 0; i < 300; i++) last = values(opt.minimize(() => fx.sum(fx.square(fx.sub(w, target))), true) as fx.Tensor)[0] as number;
    assert.ok(last < 1e-3, `loss ${last}`);
  });
});

describe('configs', () => {
  test('getConfig uses camelCase; toKerasConfig gives Keras 3 keys exactly', () => {
    const opt = new optimizers.Adam({ learningRate: 0.5, clipnorm: 1 });
    assert.deepEqual(Object.keys(opt.getConfig()), [
      'name', 'learningRate', 'weightDecay', 'clipnorm', 'globalClipnorm', 'clipvalue', 'useEma', 'emaMomentum',
      'emaOverwriteFrequency', 'lossScaleFactor', 'gradientAccumulationSteps', 'beta1', 'beta2', 'epsilon', 'amsgrad',
    ]);
    assert.deepEqual(opt.toKerasConfig(), {
      name: 'adam', learning_rate: 0.5, weight_decay: null, clipnorm: 1, global_clipnorm: null, clipvalue: null,
      use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null,
      gradient_accumulation_steps: null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false,
    });
    const extra = (o: fx.optimizers.Optimizer): string[] => Object.keys(o.toKerasConfig()).slice(11);
    assert.deepEqual(extra(new optimizers.SGD()), ['momentum', 'nesterov']);
    assert.deepEqual(extra(new optimizers.RMSprop()), ['rho', 'momentum', 'epsilon', 'centered']);
    assert.deepEqual(extra(new optimizers.Adagrad()), ['initial_accumulator_value', 'epsilon']);
    assert.deepEqual(extra(new optimizers.Adadelta()), ['rho', 'epsilon']);
    assert.deepEqual(extra(new optimizers.Lion()), ['beta_1', 'beta_2']);
    assert.equal(new optimizers.AdamW().toKerasConfig()['weight_decay'], 0.004);
  });
  test('fromConfig / fromKerasConfig round trips, schedules included', () => {
    const sched = new optimizers.schedules.CosineDecay(0.1, 100, 0.1, 'cd', 0.5, 10);
    const opt = new optimizers.RMSprop({ learningRate: sched, rho: 0.8, centered: true, name: 'r' });
    const back = optimizers.RMSprop.fromConfig(opt.getConfig());
    assert.deepEqual(back.getConfig(), opt.getConfig());
    const keras = opt.toKerasConfig();
    assert.deepEqual(keras['learning_rate'], {
      module: 'keras.optimizers.schedules', class_name: 'CosineDecay', registered_name: null,
      config: { initial_learning_rate: 0.1, decay_steps: 100, alpha: 0.1, name: 'cd', warmup_target: 0.5, warmup_steps: 10 },
    });
    const fromKeras = optimizers.RMSprop.fromKerasConfig(keras);
    assert.deepEqual(fromKeras.getConfig(), opt.getConfig());
    assert.ok(fromKeras instanceof optimizers.RMSprop);
    assertClose([fromKeras.learningRate], [sched(0)]);
  });
  test('serialize / deserialize, in both key styles', () => {
    const opt = new optimizers.Lion({ learningRate: 0.01, beta2: 0.9 });
    const back = optimizers.deserialize(optimizers.serialize(opt));
    assert.ok(back instanceof optimizers.Lion);
    assert.deepEqual(back.getConfig(), opt.getConfig());
    const k = optimizers.toKerasSerialized(opt);
    assert.equal(k['class_name'], 'Lion');
    assert.deepEqual(optimizers.deserialize(k).getConfig(), opt.getConfig());
  });
});

describe('optimizers.get', () => {
  test('Keras names, case-insensitive, with Keras defaults', () => {
    const expected: Record<string, [unknown, number]> = {
      sgd: [optimizers.SGD, 0.01], Adam: [optimizers.Adam, 0.001], ADAMW: [optimizers.AdamW, 0.001],
      adamax: [optimizers.Adamax, 0.001], Nadam: [optimizers.Nadam, 0.001], RMSprop: [optimizers.RMSprop, 0.001],
      adagrad: [optimizers.Adagrad, 0.001], adadelta: [optimizers.Adadelta, 0.001], lion: [optimizers.Lion, 0.001],
    };
    for (const [name, [cls, lr]] of Object.entries(expected)) {
      const o = optimizers.get(name);
      assert.ok(o instanceof (cls as typeof optimizers.Optimizer), name);
      assertClose([o.learningRate], [lr]);
    }
  });
  test('config objects and instances', () => {
    const a = optimizers.get({ className: 'Adam', config: { learningRate: 0.5, amsgrad: true } });
    assert.ok(a instanceof optimizers.Adam && a.amsgrad);
    const k = optimizers.get({ class_name: 'SGD', config: { learning_rate: 0.5, momentum: 0.9 } });
    assert.ok(k instanceof optimizers.SGD && k.momentum === 0.9);
    assert.equal(optimizers.get(a), a);
  });
  test('defaults match Keras 3', () => {
    const c = (o: fx.optimizers.Optimizer): Record<string, unknown> => o.toKerasConfig();
    assert.deepEqual([c(optimizers.get('rmsprop'))['rho'], c(optimizers.get('rmsprop'))['epsilon']], [0.9, 1e-7]);
    assert.deepEqual([c(optimizers.get('adagrad'))['initial_accumulator_value']], [0.1]);
    assert.deepEqual([c(optimizers.get('adadelta'))['rho']], [0.95]);
    assert.deepEqual([c(optimizers.get('lion'))['beta_1'], c(optimizers.get('lion'))['beta_2']], [0.9, 0.99]);
    assert.deepEqual(['adam', 'adamw', 'adamax', 'nadam', 'rmsprop', 'adagrad', 'adadelta', 'lion', 'sgd'].map((n) => optimizers.get(n).name), [
      'adam', 'adamw', 'adamax', 'nadam', 'rmsprop', 'adagrad', 'adadelta', 'lion', 'SGD',
    ]);
  });
});

describe('errors', () => {
  test('unknown optimizer name lists the valid ones', () => {
    assert.throws(() => optimizers.get('adamm'), {
      name: 'FluxionError',
      message: 'optimizers.get: unknown optimizer "adamm"; valid names (case-insensitive): sgd, adam, adamw, adamax, nadam, rmsprop, adagrad, adadelta, lion.',
    });
  });
  test('unknown option (e.g. a misspelling) lists the valid ones', () => {
    assert.throws(() => new optimizers.Adam({ learningrate: 0.1 } as fx.optimizers.AdamOptions), {
      message: 'Adam: unknown option "learningrate"; valid options: learningRate, weightDecay, clipnorm, clipvalue, globalClipnorm, ' +
        'useEma, emaMomentum, emaOverwriteFrequency, lossScaleFactor, gradientAccumulationSteps, name, beta1, beta2, epsilon, amsgrad.',
    });
    assert.throws(() => optimizers.get({ class_name: 'SGD', config: { learning_rate: 0.1, decay: 0.1 } }), /SGD: unknown option "decay"/);
  });
  test('bad learning rate', () => {
    assert.throws(() => new optimizers.Adam({ learningRate: -1 }), {
      message: 'Adam: learningRate must be a non-negative finite number, a LearningRateSchedule or a function returning a number, but received number -1.',
    });
    assert.throws(() => new optimizers.SGD({ learningRate: 'fast' as unknown as number }), /SGD: learningRate must be .* but received the string "fast"\./);
    assert.throws(() => fx.train.adam(NaN), { message: 'AdamOptimizer: learningRate must be a number >= 0, but received number NaN.' });
  });
  test('gradient shape mismatch names the variable', () => {
    const w = fx.variable(fx.tensor([[1, 2], [3, 4]]), true, 'dense/kernel');
    assert.throws(() => new optimizers.Adam().applyGradients([[fx.tensor([1, 2, 3]), w]]), {
      message: 'Adam.applyGradients: the gradient for variable "dense/kernel" has shape [3], but the variable has shape [2,2].',
    });
  });
  test('unknown variable name in a gradient map', () => {
    const opt = new optimizers.RMSprop();
    assert.throws(() => opt.applyGradients({ w: fx.tensor([1]) }), {
      message: 'RMSprop.applyGradients: no variable named "w" is known to this optimizer; known: none. ' +
        'Pass the variables as varList, or pass [gradient, variable] pairs.',
    });
  });
  test('only one clipping option; hyperparameter ranges; AdamW needs a weight decay', () => {
    assert.throws(() => new optimizers.SGD({ clipnorm: 1, clipvalue: 1 }), {
      message: 'SGD: only one of clipnorm, clipvalue and globalClipnorm can be set, but received clipnorm=1, clipvalue=1, globalClipnorm=null.',
    });
    assert.throws(() => new optimizers.SGD({ momentum: 1.5 }), { message: 'SGD: momentum must be a number in [0, 1], but received number 1.5.' });
    assert.throws(() => new optimizers.Lion({ beta1: 0 }), { message: 'Lion: beta1 must be a number in (0, 1], but received number 0.' });
    assert.throws(() => new optimizers.AdamW({ weightDecay: null }), /AdamW: weightDecay must be a number, but received null/);
  });
  test('no gradients at all; integer variables; setWeights count mismatch', () => {
    const w = fx.variable(fx.tensor([1]), true, 'e1');
    assert.throws(() => new optimizers.SGD().applyGradients([[null, w]]), {
      message: 'SGD.applyGradients: no gradients provided for any variable ("e1"); check that the loss depends on the variables.',
    });
    const i = fx.variable(fx.tensor([1], [1], 'int32'), true, 'e2');
    assert.throws(() => new optimizers.SGD().applyGradients([[fx.tensor([1], [1], 'int32'), i]]), {
      message: 'SGD.applyGradients: variable "e2" has dtype int32; optimizers update float32 or float64 variables only.',
    });
    const opt = new optimizers.Adam();
    opt.build([w]);
    assert.throws(() => opt.setWeightsSync([fx.scalar(1, 'int32')]), {
      message: 'Adam.setWeights: expected 4 weights (iteration, learning_rate, e1_momentum, e1_velocity), but received 1.',
    });
  });
});

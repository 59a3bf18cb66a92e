/** Learning-rate schedules: values at chosen steps, hand-computed from Keras 3's formulas. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import { assertClose } from './helpers.js';

const S = fx.optimizers.schedules;

function at(s: fx.optimizers.LearningRateSchedule, steps: number[]): number[] {
  return steps.map((k) => s(k));
}

describe('schedules', () => {
  test('ExponentialDecay', () => {
    assertClose(at(new S.ExponentialDecay(0.1, 10, 0.5), [0, 5, 10, 20]), [0.1, 0.07071067811865475, 0.05, 0.025], 1e-12);
    assertClose(at(new S.ExponentialDecay(0.1, 10, 0.5, true), [9, 15, 20]), [0.1, 0.05, 0.025], 1e-12);
  });
  test('InverseTimeDecay', () => {
    assertClose(at(new S.InverseTimeDecay(0.1, 1, 0.5), [0, 2, 3]), [0.1, 0.05, 0.04], 1e-12);
    assertClose(at(new S.InverseTimeDecay(0.1, 2, 1, true), [1, 3, 4]), [0.1, 0.05, 0.1 / 3], 1e-12);
  });
  test('PiecewiseConstantDecay: values[i] while step <= boundaries[i]', () => {
    assertClose(at(new S.PiecewiseConstantDecay([10, 20], [1, 0.5, 0.1]), [0, 10, 11, 20, 21, 1000]), [1, 1, 0.5, 0.5, 0.1, 0.1], 1e-12);
  });
  test('PolynomialDecay, with power and cycle', () => {
    assertClose(at(new S.PolynomialDecay(0.1, 10, 0.01), [0, 5, 10, 20]), [0.1, 0.055, 0.01, 0.01], 1e-12);
    assertClose(at(new S.PolynomialDecay(0.1, 10, 0.01, 2), [5]), [0.0325], 1e-12);
    assertClose(at(new S.PolynomialDecay(0.1, 10, 0.01, 1, true), [0, 5, 15, 20]), [0.1, 0.055, 0.0325, 0.01], 1e-12);
  });
  test('CosineDecay, with alpha', () => {
    assertClose(at(new S.CosineDecay(0.1, 10), [0, 5, 10, 20]), [0.1, 0.05, 0, 0], 1e-12, 1e-15);
    assertClose(at(new S.CosineDecay(0.1, 10, 0.1), [5, 10]), [0.055, 0.01], 1e-12);
  });
  test('CosineDecay with linear warmup', () => {
    const s = new S.CosineDecay(0, 10, 0, 'warm', 0.1, 5);
    assertClose(at(s, [0, 2, 5, 10, 15, 100]), [0, 0.04, 0.1, 0.05, 0, 0], 1e-12, 1e-15);
  });
  test('CosineDecayRestarts', () => {
    const s = new S.CosineDecayRestarts(1, 10, 2, 0.5);
    assertClose(at(s, [0, 5, 10, 20, 30]), [1, 0.5, 0.5, 0.25, 0.25], 1e-12, 1e-15);
    assertClose(at(new S.CosineDecayRestarts(1, 10, 1, 1, 0.2), [15, 20]), [0.6, 1], 1e-12);
  });
  test('schedules are callable functions, instances of LearningRateSchedule', () => {
    const s = new S.ExponentialDecay(0.1, 10, 0.5, false, 'ed');
    assert.equal(typeof s, 'function');
    assert.ok(s instanceof fx.optimizers.LearningRateSchedule);
    assert.ok(s instanceof S.ExponentialDecay);
    assert.equal(s.name, 'ed');
    assert.equal(s.compute(10), s(10));
    assert.equal(s.call(null, 10), 0.05);
  });
  test('configs: camelCase, Keras snake_case, and deserialize', () => {
    const all: fx.optimizers.LearningRateSchedule[] = [
      new S.ExponentialDecay(0.1, 10, 0.5, true),
      new S.InverseTimeDecay(0.1, 3, 0.5),
      new S.PiecewiseConstantDecay([10, 20], [1, 0.5, 0.1]),
      new S.PolynomialDecay(0.1, 10, 0.01, 2, true),
      new S.CosineDecay(0.1, 10, 0.1, 'c', 0.2, 3),
      new S.CosineDecayRestarts(1, 10, 2, 0.5, 0.1),
    ];
    for (const s of all) {
      const back = S.deserialize(S.serialize(s));
      assert.deepEqual(back.getConfig(), s.getConfig());
      assert.deepEqual(at(back, [0, 7, 13, 40]), at(s, [0, 7, 13, 40]));
      assert.deepEqual(S.deserialize(S.toKerasSerialized(s)).getConfig(), s.getConfig());
    }
    assert.deepEqual(all[5]?.toKerasConfig(), { initial_learning_rate: 1, first_decay_steps: 10, t_mul: 2, m_mul: 0.5, alpha: 0.1, name: 'SGDRDecay' });
    assert.deepEqual(all[4]?.toKerasConfig(), {
      initial_learning_rate: 0.1, decay_steps: 10, alpha: 0.1, name: 'c', warmup_target: 0.2, warmup_steps: 3,
    });
    assert.deepEqual(all[3]?.toKerasConfig(), {
      initial_learning_rate: 0.1, decay_steps: 10, end_learning_rate: 0.01, power: 2, cycle: true, name: 'PolynomialDecay',
    });
  });
  test('errors', () => {
    assert.throws(() => new S.ExponentialDecay(0.1, 0, 0.5), { message: 'ExponentialDecay: decaySteps must be a positive number, but received number 0.' });
    assert.throws(() => new S.PiecewiseConstantDecay([1, 2], [1, 2]), {
      message: 'PiecewiseConstantDecay: boundaries must have one element less than values, but received boundaries [1,2] (length 2) and values [1,2] (length 2).',
    });
    assert.throws(() => new S.CosineDecay(0.1, 10)(-1), { message: 'CosineDecay: step must be a non-negative finite number, but received number -1.' });
    assert.throws(() => S.deserialize({ className: 'Nope', config: {} }), /unknown learning-rate schedule the string "Nope"; known schedules: ExponentialDecay/);
  });
});

/**
 * Each Keras 3 optimizer's update over three steps against float64 reference implementations of
 * Keras's formulas (test/optimizers/helpers.ts), on a float32 variable: values to 1e-6 relative.
 * Twice: with the fused one-loop kernels and with the op-by-op rules.
 */
import { after, before, describe, test } from 'node:test';
import * as fx from '../../src/index.js';
import {
  adadeltaRule, adagradRule, adamaxRule, adamRule, assertClose, GRADS, lionRule, nadamGlobal, nadamRule, reference,
  rmspropRule, sgdRule, values, W0, type State,
} from './helpers.js';

function run(opt: fx.optimizers.Optimizer, name = 'w'): { w: fx.Variable; opt: fx.optimizers.Optimizer } {
  const w = fx.variable(fx.tensor(W0), true, name);
  for (const g of GRADS) opt.applyGradients([[fx.tensor(g), w]]);
  return { w, opt };
}

/** The slot values of the single variable, by slot name (e.g. 'w_momentum'). */
function slot(opt: fx.optimizers.Optimizer, name: string): number[] {
  const v = opt.variables().find((x) => x.name === name);
  if (v === undefined) throw new Error(`no optimizer variable ${name}; have ${opt.variables().map((x) => x.name).join(', ')}`);
  return values(v);
}

const col = (states: State[], key: string): number[] => states.map((s) => s[key] as number);

for (const fused of [true, false]) {
  describe(fused ? 'fused kernels' : 'op-by-op rules', () => {
    before(() => {
      fx.optimizers.Optimizer.useFusedKernelsByDefault = fused;
    });
    after(() => {
      fx.optimizers.Optimizer.useFusedKernelsByDefault = true;
    });

    describe('SGD', () => {
      test('plain: w -= lr g (literal first step, then reference)', () => {
        const w = fx.variable(fx.tensor(W0), true, 'w');
        const opt = new fx.optimizers.SGD({ learningRate: 0.1 });
        opt.applyGradients([[fx.tensor(GRADS[0] as number[]), w]]);
        assertClose(values(w), [0.99, -1.98, 0.47]);
        for (const g of GRADS.slice(1)) opt.applyGradients([[fx.tensor(g), w]]);
        assertClose(values(w), reference({}, sgdRule(0.1)).w);
        assertClose([opt.iterations], [3]);
      });
      test('defaults are Keras 3: learningRate 0.01, momentum 0, nesterov false, name SGD', () => {
        const c = new fx.optimizers.SGD().getConfig();
        assertClose([c['learningRate'] as number], [0.01]);
        if (c['momentum'] !== 0 || c['nesterov'] !== false || c['name'] !== 'SGD') throw new Error(JSON.stringify(c));
      });
      test('momentum', () => {
        const { w, opt } = run(new fx.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }));
        const ref = reference({ m: 0 }, sgdRule(0.1, 0.9));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_momentum'), col(ref.states, 'm'));
      });
      test('nesterov', () => {
        const { w } = run(new fx.optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }));
        assertClose(values(w), reference({ m: 0 }, sgdRule(0.1, 0.9, true)).w);
      });
    });

    describe('Adam', () => {
      test('first step moves each element by about lr in the direction of -sign(g)', () => {
        const w = fx.variable(fx.tensor(W0), true, 'w');
        new fx.optimizers.Adam({ learningRate: 0.1 }).applyGradients([[fx.tensor(GRADS[0] as number[]), w]]);
        assertClose(values(w), [0.9, -1.9, 0.4], 1e-5);
      });
      test('three steps, defaults beta1 0.9, beta2 0.999, epsilon 1e-7', () => {
        const { w, opt } = run(new fx.optimizers.Adam({ learningRate: 0.1 }));
        const ref = reference({ m: 0, v: 0, vh: 0 }, adamRule(0.1));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_momentum'), col(ref.states, 'm'));
        assertClose(slot(opt, 'w_velocity'), col(ref.states, 'v'));
      });
      test('amsgrad keeps the running max of the velocity', () => {
        const grads = [[0.5, -0.5, 0.5], [0.01, 0.01, -0.01], [0.02, -0.3, 0.01]];
        const w = fx.variable(fx.tensor(W0), true, 'w');
        const opt = new fx.optimizers.Adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true });
        for (const g of grads) opt.applyGradients([[fx.tensor(g), w]]);
        const ref = reference({ m: 0, v: 0, vh: 0 }, adamRule(0.1, 0.9, 0.5, 1e-7, true), { grads });
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_velocity_hat'), col(ref.states, 'vh'));
        const plain = reference({ m: 0, v: 0, vh: 0 }, adamRule(0.1, 0.9, 0.5), { grads }).w;
        if (Math.max(...plain.map((p, i) => Math.abs(p - (ref.w[i] as number)))) < 1e-3) throw new Error('amsgrad test does not distinguish the variant');
      });
      test('non-default betas and epsilon', () => {
        const { w } = run(new fx.optimizers.Adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }));
        assertClose(values(w), reference({ m: 0, v: 0, vh: 0 }, adamRule(0.05, 0.8, 0.99, 1e-3)).w);
      });
    });

    describe('AdamW', () => {
      test('decoupled weight decay (default 0.004) before the Adam update', () => {
        const { w } = run(new fx.optimizers.AdamW({ learningRate: 0.1 }));
        assertClose(values(w), reference({ m: 0, v: 0, vh: 0 }, adamRule(0.1, 0.9, 0.999, 1e-7, false, 0.004)).w);
      });
      test('a large weight decay', () => {
        const { w } = run(new fx.optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.5 }));
        assertClose(values(w), reference({ m: 0, v: 0, vh: 0 }, adamRule(0.1, 0.9, 0.999, 1e-7, false, 0.5)).w);
      });
    });

    describe('Adamax', () => {
      test('three steps', () => {
        const { w, opt } = run(new fx.optimizers.Adamax({ learningRate: 0.1 }));
        const ref = reference({ m: 0, u: 0 }, adamaxRule(0.1));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_norm'), col(ref.states, 'u'));
      });
    });

    describe('Nadam', () => {
      test('three steps, with the u_product state', () => {
        const { w, opt } = run(new fx.optimizers.Nadam({ learningRate: 0.1 }));
        const ref = reference({ m: 0, v: 0 }, nadamRule(0.1), { global: nadamGlobal(), globInit: { up: 1 } });
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'u_product'), [ref.glob['up'] as number]);
      });
    });

    describe('RMSprop', () => {
      test('plain (epsilon inside the square root, as Keras)', () => {
        const { w, opt } = run(new fx.optimizers.RMSprop({ learningRate: 0.1 }));
        const ref = reference({ v: 0 }, rmspropRule(0.1));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_velocity'), col(ref.states, 'v'));
      });
      test('momentum', () => {
        const { w } = run(new fx.optimizers.RMSprop({ learningRate: 0.1, momentum: 0.5 }));
        assertClose(values(w), reference({ v: 0, mo: 0 }, rmspropRule(0.1, 0.9, 0.5)).w);
      });
      test('centered with momentum', () => {
        const { w, opt } = run(new fx.optimizers.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true, rho: 0.8 }));
        const ref = reference({ v: 0, a: 0, mo: 0 }, rmspropRule(0.01, 0.8, 0.5, 1e-7, true));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_average_gradient'), col(ref.states, 'a'));
      });
    });

    describe('Adagrad', () => {
      test('three steps, accumulator starting at 0.1', () => {
        const { w, opt } = run(new fx.optimizers.Adagrad({ learningRate: 0.1 }));
        const ref = reference({ acc: 0.1 }, adagradRule(0.1));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_accumulator'), col(ref.states, 'acc'));
      });
      test('initialAccumulatorValue', () => {
        const { w } = run(new fx.optimizers.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 1 }));
        assertClose(values(w), reference({ acc: 1 }, adagradRule(0.1)).w);
      });
    });

    describe('Adadelta', () => {
      test('defaults (rho 0.95, epsilon 1e-7), with the accumulators', () => {
        const { w, opt } = run(new fx.optimizers.Adadelta({ learningRate: 1 }));
        const ref = reference({ ag: 0, ad: 0 }, adadeltaRule(1));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_accumulated_grad'), col(ref.states, 'ag'));
        assertClose(slot(opt, 'w_accumulated_delta_var'), col(ref.states, 'ad'), 1e-5);
      });
      test('a large epsilon makes the update sizeable', () => {
        const { w } = run(new fx.optimizers.Adadelta({ learningRate: 1, epsilon: 1e-2, rho: 0.9 }));
        const ref = reference({ ag: 0, ad: 0 }, adadeltaRule(1, 0.9, 1e-2)).w;
        assertClose(values(w), ref);
        if (Math.max(...ref.map((r, i) => Math.abs(r - (W0[i] as number)))) < 0.05) throw new Error('update too small to test');
      });
    });

    describe('Lion', () => {
      test('three steps', () => {
        const { w, opt } = run(new fx.optimizers.Lion({ learningRate: 0.1 }));
        const ref = reference({ m: 0 }, lionRule(0.1));
        assertClose(values(w), ref.w);
        assertClose(slot(opt, 'w_momentum'), col(ref.states, 'm'));
      });
    });

    describe('float64 variables', () => {
      test('Adam on a float64 variable matches the float64 reference to 1e-12', () => {
        const w = fx.variable(fx.tensor(W0, [3], 'float64'), true, 'w64');
        const opt = new fx.optimizers.Adam({ learningRate: 0.125 });
        for (const g of GRADS) opt.applyGradients([[fx.tensor(g, [3], 'float64'), w]]);
        assertClose(values(w), reference({ m: 0, v: 0, vh: 0 }, adamRule(0.125)).w, 1e-12);
      });
    });
  });
}

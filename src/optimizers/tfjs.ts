/**
 * TensorFlow.js's optimizer classes (tf.SGDOptimizer, tf.AdamOptimizer, ...): TensorFlow.js's
 * update rules, defaults, config keys and state layout (getWeights: `iter`, then the accumulators
 * named `<variable>/<slot>` in TensorFlow.js's order), on Fluxion's optimizer base (so clipping,
 * weight decay and schedules are available through `options` too). TensorFlow.js's default epsilon
 * is its backend's epsilon, 1e-7 on float32 backends.
 */
import type { DType } from '../core/dtype.js';
import { backend } from '../core/engine.js';
import type { TfjsAdamScalars } from '../core/kernels.js';
import { FluxionError } from '../core/errors.js';
import type { Tensor, Variable } from '../core/tensor.js';
import { abs, add, div, maximum, mul, sqrt, square, sub } from '../ops/index.js';
import { hyperparameter, Optimizer, rounder, type FloatArray, type OptimizerConfig, type OptimizerOptions, type SlotSpec } from './optimizer.js';

/** TensorFlow.js's backend epsilon for float32. */
export const TFJS_EPSILON = 1e-7;

abstract class TfjsOptimizer<H> extends Optimizer<H> {
  constructor(learningRate: number, options: OptimizerOptions, name: string) {
    super({ ...options, learningRate }, name, true);
  }

  protected override slotName(variable: Variable, slot: string): string {
    return `${variable.name}/${slot}`;
  }

  /** Every slot forms its own group: TensorFlow.js lists all first accumulators, then all second ones. */
  protected override slotGroups(): string[][] {
    return this.slotSpecs().map((s) => [s.name]);
  }

  protected abstract tfjsConfig(): OptimizerConfig;

  /** TensorFlow.js's getConfig(): its own keys (learningRate, beta1, ...). */
  override getConfig(): OptimizerConfig {
    return this.tfjsConfig();
  }

  override toKerasConfig(): OptimizerConfig {
    throw new FluxionError(
      `${this.label}.toKerasConfig: this optimizer follows TensorFlow.js's rules; use the Keras class in fx.optimizers for a Keras config.`,
    );
  }
}

function lrOf(label: string, lr: unknown): number {
  return hyperparameter(label, 'learningRate', lr, 0);
}

/** tf.train.sgd: w += -lr g. */
export class SGDOptimizer extends TfjsOptimizer<{ negLr: number }> {
  static override readonly className: string = 'SGD';

  constructor(learningRate: number, options: OptimizerOptions = {}) {
    super(lrOf('SGDOptimizer', learningRate), options, 'SGD');
  }

  protected prepareStep(lr: number, _step: number, dtype: DType): { negLr: number } {
    return { negLr: rounder(dtype)(-lr) };
  }

  protected updateStep(v: Variable, g: Tensor, _slots: readonly Variable[], h: { negLr: number }): void {
    v.assign(add(mul(g, h.negLr), v));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, _slots: readonly FloatArray[], outW: FloatArray, _outSlots: readonly FloatArray[], h: { negLr: number }): boolean {
    for (let i = 0; i < w.length; i++) outW[i] = (g[i] as number) * h.negLr + (w[i] as number);
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate };
  }

  static override fromConfig(config: OptimizerConfig): SGDOptimizer {
    return new SGDOptimizer(config['learningRate'] as number);
  }
}

/** tf.train.momentum: a = m a + g; w += -lr a (nesterov: w += -lr (g + m a)). */
export class MomentumOptimizer extends TfjsOptimizer<{ negLr: number; m: number }> {
  static override readonly className: string = 'Momentum';
  readonly momentum: number;
  readonly useNesterov: boolean;

  constructor(learningRate: number, momentum: number, useNesterov = false, options: OptimizerOptions = {}) {
    super(lrOf('MomentumOptimizer', learningRate), options, 'Momentum');
    this.momentum = hyperparameter('MomentumOptimizer', 'momentum', momentum, 0);
    this.useNesterov = useNesterov;
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }];
  }

  protected prepareStep(lr: number, _step: number, dtype: DType): { negLr: number; m: number } {
    const f = rounder(dtype);
    return { negLr: f(-lr), m: f(this.momentum) };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: { negLr: number; m: number }): void {
    const acc = slots[0] as Variable;
    acc.assign(add(mul(acc, h.m), g));
    v.assign(this.useNesterov ? add(mul(add(g, mul(acc, h.m)), h.negLr), v) : add(mul(acc, h.negLr), v));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: { negLr: number; m: number }): boolean {
    const acc = slots[0] as FloatArray;
    const outAcc = outSlots[0] as FloatArray;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const ai = (acc[i] as number) * h.m + gi;
      outAcc[i] = ai;
      outW[i] = (this.useNesterov ? gi + ai * h.m : ai) * h.negLr + (w[i] as number);
    }
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate, momentum: this.momentum, useNesterov: this.useNesterov };
  }

  static override fromConfig(config: OptimizerConfig): MomentumOptimizer {
    return new MomentumOptimizer(config['learningRate'] as number, config['momentum'] as number, config['useNesterov'] === true);
  }
}

type TfAdamHyper = TfjsAdamScalars;

/**
 * tf.train.adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * w += -lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 */
export class AdamOptimizer extends TfjsOptimizer<TfAdamHyper> {
  static override readonly className: string = 'Adam';
  /** Both paths of fusedStep (native and the loop) write every element of the outputs. */
  protected override readonly fusedWritesAllOutputs: boolean = true;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(learningRate: number, beta1: number, beta2: number, epsilon: number | null = null, options: OptimizerOptions = {}) {
    super(lrOf('AdamOptimizer', learningRate), options, 'Adam');
    this.beta1 = hyperparameter('AdamOptimizer', 'beta1', beta1, 0, 1);
    this.beta2 = hyperparameter('AdamOptimizer', 'beta2', beta2, 0, 1);
    this.epsilon = hyperparameter('AdamOptimizer', 'epsilon', epsilon ?? TFJS_EPSILON, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'm', initialValue: 0 }, { name: 'v', initialValue: 0 }];
  }

  protected prepareStep(lr: number, step: number, dtype: DType): TfAdamHyper {
    const f = rounder(dtype);
    // TensorFlow.js keeps accBeta = beta^t in float32 scalars, multiplied once per step.
    let accBeta1 = f(this.beta1);
    let accBeta2 = f(this.beta2);
    for (let i = 1; i < step; i++) {
      accBeta1 = f(accBeta1 * f(this.beta1));
      accBeta2 = f(accBeta2 * f(this.beta2));
    }
    return {
      negLr: f(-lr),
      beta1: f(this.beta1),
      oneMinusBeta1: f(1 - this.beta1),
      beta2: f(this.beta2),
      oneMinusBeta2: f(1 - this.beta2),
      oneMinusAccBeta1: f(1 - accBeta1),
      oneMinusAccBeta2: f(1 - accBeta2),
      epsilon: f(this.epsilon),
    };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: TfAdamHyper): void {
    const [m, s] = slots as [Variable, Variable];
    m.assign(add(mul(m, h.beta1), mul(g, h.oneMinusBeta1)));
    s.assign(add(mul(s, h.beta2), mul(square(g), h.oneMinusBeta2)));
    const mHat = div(m, h.oneMinusAccBeta1);
    const vHat = div(s, h.oneMinusAccBeta2);
    v.assign(add(mul(div(mHat, add(sqrt(vHat), h.epsilon)), h.negLr), v));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: TfAdamHyper): boolean {
    const [m, v] = slots as [FloatArray, FloatArray];
    const [outM, outV] = outSlots as [FloatArray, FloatArray];
    const native = backend().fusedOptimizer?.adamTfjs;
    if (native !== undefined && w instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array &&
      outW instanceof Float32Array && outM instanceof Float32Array && outV instanceof Float32Array) {
      native(w, g, m, v, { param: outW, m: outM, v: outV, vHat: null }, h);
      return true;
    }
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const mi = (m[i] as number) * h.beta1 + gi * h.oneMinusBeta1;
      const vi = (v[i] as number) * h.beta2 + gi * gi * h.oneMinusBeta2;
      outM[i] = mi;
      outV[i] = vi;
      outW[i] = (mi / h.oneMinusAccBeta1 / (Math.sqrt(vi / h.oneMinusAccBeta2) + h.epsilon)) * h.negLr + (w[i] as number);
    }
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig(config: OptimizerConfig): AdamOptimizer {
    return new AdamOptimizer(
      config['learningRate'] as number, config['beta1'] as number, config['beta2'] as number, (config['epsilon'] as number | undefined) ?? null,
    );
  }
}

interface TfRmsHyper {
  lr: number;
  decay: number;
  oneMinusDecay: number;
  momentum: number;
  epsilon: number;
}

/**
 * tf.train.rmsprop: ms = d ms + (1 - d) g^2; mom = m mom + lr g / sqrt(ms + eps) (centered:
 * mg = d mg + (1 - d) g and lr g / sqrt(ms - (mg^2 + eps))); w -= mom.
 */
export class RMSPropOptimizer extends TfjsOptimizer<TfRmsHyper> {
  static override readonly className: string = 'RMSProp';
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(learningRate: number, decay = 0.9, momentum = 0.0, epsilon: number | null = null, centered = false, options: OptimizerOptions = {}) {
    super(lrOf('RMSPropOptimizer', learningRate), options, 'RMSProp');
    this.decay = hyperparameter('RMSPropOptimizer', 'decay', decay, 0, 1);
    this.momentum = hyperparameter('RMSPropOptimizer', 'momentum', momentum, 0);
    this.epsilon = hyperparameter('RMSPropOptimizer', 'epsilon', epsilon ?? TFJS_EPSILON, 0);
    this.centered = centered;
  }

  protected override slotSpecs(): SlotSpec[] {
    const s = [{ name: 'rms', initialValue: 0 }, { name: 'momentum', initialValue: 0 }];
    return this.centered ? [...s, { name: 'mg', initialValue: 0 }] : s;
  }

  protected prepareStep(lr: number, _step: number, dtype: DType): TfRmsHyper {
    const f = rounder(dtype);
    return { lr: f(lr), decay: f(this.decay), oneMinusDecay: f(1 - this.decay), momentum: f(this.momentum), epsilon: f(this.epsilon) };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: TfRmsHyper): void {
    const [ms, mom, mg] = slots as [Variable, Variable, Variable | undefined];
    ms.assign(add(mul(ms, h.decay), mul(square(g), h.oneMinusDecay)));
    let denominator: Tensor;
    if (mg !== undefined) {
      mg.assign(add(mul(mg, h.decay), mul(g, h.oneMinusDecay)));
      denominator = sub(ms, add(square(mg), h.epsilon));
    } else {
      denominator = add(ms, h.epsilon);
    }
    mom.assign(add(mul(mom, h.momentum), div(mul(g, h.lr), sqrt(denominator))));
    v.assign(sub(v, mom));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: TfRmsHyper): boolean {
    const [ms, mom, mg] = slots as [FloatArray, FloatArray, FloatArray | undefined];
    const [outMs, outMom, outMg] = outSlots as [FloatArray, FloatArray, FloatArray | undefined];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const msi = (ms[i] as number) * h.decay + gi * gi * h.oneMinusDecay;
      outMs[i] = msi;
      let den = msi + h.epsilon;
      if (mg !== undefined && outMg !== undefined) {
        const mgi = (mg[i] as number) * h.decay + gi * h.oneMinusDecay;
        outMg[i] = mgi;
        den = msi - (mgi * mgi + h.epsilon);
      }
      const momi = (mom[i] as number) * h.momentum + (gi * h.lr) / Math.sqrt(den);
      outMom[i] = momi;
      outW[i] = (w[i] as number) - momi;
    }
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate, decay: this.decay, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }

  static override fromConfig(config: OptimizerConfig): RMSPropOptimizer {
    return new RMSPropOptimizer(
      config['learningRate'] as number, config['decay'] as number | undefined, config['momentum'] as number | undefined,
      (config['epsilon'] as number | undefined) ?? null, config['centered'] === true,
    );
  }
}

/** tf.train.adagrad: acc += g^2; w += -lr g / sqrt(acc + 1e-7). */
export class AdagradOptimizer extends TfjsOptimizer<{ negLr: number; epsilon: number }> {
  static override readonly className: string = 'Adagrad';
  readonly initialAccumulatorValue: number;

  constructor(learningRate: number, initialAccumulatorValue = 0.1, options: OptimizerOptions = {}) {
    super(lrOf('AdagradOptimizer', learningRate), options, 'Adagrad');
    this.initialAccumulatorValue = hyperparameter('AdagradOptimizer', 'initialAccumulatorValue', initialAccumulatorValue, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', initialValue: this.initialAccumulatorValue }];
  }

  protected prepareStep(lr: number, _step: number, dtype: DType): { negLr: number; epsilon: number } {
    const f = rounder(dtype);
    return { negLr: f(-lr), epsilon: f(TFJS_EPSILON) };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: { negLr: number; epsilon: number }): void {
    const acc = slots[0] as Variable;
    acc.assign(add(acc, square(g)));
    v.assign(add(mul(div(g, sqrt(add(acc, h.epsilon))), h.negLr), v));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: { negLr: number; epsilon: number }): boolean {
    const acc = slots[0] as FloatArray;
    const outAcc = outSlots[0] as FloatArray;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const ai = (acc[i] as number) + gi * gi;
      outAcc[i] = ai;
      outW[i] = (gi / Math.sqrt(ai + h.epsilon)) * h.negLr + (w[i] as number);
    }
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate, initialAccumulatorValue: this.initialAccumulatorValue };
  }

  static override fromConfig(config: OptimizerConfig): AdagradOptimizer {
    return new AdagradOptimizer(config['learningRate'] as number, config['initialAccumulatorValue'] as number | undefined);
  }
}

interface TfAdadeltaHyper {
  negLr: number;
  rho: number;
  oneMinusRho: number;
  epsilon: number;
}

/**
 * tf.train.adadelta: u = sqrt(au + eps) / sqrt(ag + eps) g with the previous ag;
 * ag = rho ag + (1 - rho) g^2; au = rho au + (1 - rho) u^2; w += -lr u.
 */
export class AdadeltaOptimizer extends TfjsOptimizer<TfAdadeltaHyper> {
  static override readonly className: string = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(learningRate: number, rho: number, epsilon: number | null = null, options: OptimizerOptions = {}) {
    super(lrOf('AdadeltaOptimizer', learningRate), options, 'Adadelta');
    this.rho = hyperparameter('AdadeltaOptimizer', 'rho', rho, 0, 1);
    this.epsilon = hyperparameter('AdadeltaOptimizer', 'epsilon', epsilon ?? TFJS_EPSILON, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'accum_grad', initialValue: 0 }, { name: 'accum_var', initialValue: 0 }];
  }

  protected prepareStep(lr: number, _step: number, dtype: DType): TfAdadeltaHyper {
    const f = rounder(dtype);
    return { negLr: f(-lr), rho: f(this.rho), oneMinusRho: f(1 - this.rho), epsilon: f(this.epsilon) };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: TfAdadeltaHyper): void {
    const [ag, au] = slots as [Variable, Variable];
    const updates = mul(div(sqrt(add(au, h.epsilon)), sqrt(add(ag, h.epsilon))), g);
    ag.assign(add(mul(ag, h.rho), mul(square(g), h.oneMinusRho)));
    au.assign(add(mul(au, h.rho), mul(square(updates), h.oneMinusRho)));
    v.assign(add(mul(updates, h.negLr), v));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: TfAdadeltaHyper): boolean {
    const [ag, au] = slots as [FloatArray, FloatArray];
    const [outAg, outAu] = outSlots as [FloatArray, FloatArray];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const agi = ag[i] as number;
      const aui = au[i] as number;
      const u = (Math.sqrt(aui + h.epsilon) / Math.sqrt(agi + h.epsilon)) * gi;
      outAg[i] = agi * h.rho + gi * gi * h.oneMinusRho;
      outAu[i] = aui * h.rho + u * u * h.oneMinusRho;
      outW[i] = u * h.negLr + (w[i] as number);
    }
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }

  static override fromConfig(config: OptimizerConfig): AdadeltaOptimizer {
    return new AdadeltaOptimizer(config['learningRate'] as number, config['rho'] as number, (config['epsilon'] as number | undefined) ?? null);
  }
}

interface TfAdamaxHyper {
  /** -lr / (1 + decay (t - 1)) / (1 - b1^t) */
  scale: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * tf.train.adamax: m = b1 m + (1 - b1) g; u = max(b2 u, |g|);
 * w += (-lr / (1 + decay (t - 1))) / (1 - b1^t) m / (u + eps).
 */
export class AdamaxOptimizer extends TfjsOptimizer<TfAdamaxHyper> {
  static override readonly className: string = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly decay: number;

  constructor(
    learningRate: number, beta1: number, beta2: number, epsilon: number | null = null, decay = 0.0, options: OptimizerOptions = {},
  ) {
    super(lrOf('AdamaxOptimizer', learningRate), options, 'Adamax');
    this.beta1 = hyperparameter('AdamaxOptimizer', 'beta1', beta1, 0, 1);
    this.beta2 = hyperparameter('AdamaxOptimizer', 'beta2', beta2, 0, 1);
    this.epsilon = hyperparameter('AdamaxOptimizer', 'epsilon', epsilon ?? TFJS_EPSILON, 0);
    this.decay = hyperparameter('AdamaxOptimizer', 'decay', decay, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'm', initialValue: 0 }, { name: 'v', initialValue: 0 }];
  }

  protected prepareStep(lr: number, step: number, dtype: DType): TfAdamaxHyper {
    const f = rounder(dtype);
    let accBeta1 = f(this.beta1);
    for (let i = 1; i < step; i++) accBeta1 = f(accBeta1 * f(this.beta1));
    const lrT = f(f(-lr) / f(f((step - 1) * f(this.decay)) + 1));
    return { scale: f(lrT / f(1 - accBeta1)), beta1: f(this.beta1), oneMinusBeta1: f(1 - this.beta1), beta2: f(this.beta2), epsilon: f(this.epsilon) };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: TfAdamaxHyper): void {
    const [m, u] = slots as [Variable, Variable];
    m.assign(add(mul(m, h.beta1), mul(g, h.oneMinusBeta1)));
    u.assign(maximum(mul(u, h.beta2), abs(g)));
    v.assign(add(mul(div(m, add(u, h.epsilon)), h.scale), v));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: TfAdamaxHyper): boolean {
    const [m, u] = slots as [FloatArray, FloatArray];
    const [outM, outU] = outSlots as [FloatArray, FloatArray];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const mi = (m[i] as number) * h.beta1 + gi * h.oneMinusBeta1;
      const ui = Math.max((u[i] as number) * h.beta2, Math.abs(gi));
      outM[i] = mi;
      outU[i] = ui;
      outW[i] = (mi / (ui + h.epsilon)) * h.scale + (w[i] as number);
    }
    return true;
  }

  protected tfjsConfig(): OptimizerConfig {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, decay: this.decay };
  }

  static override fromConfig(config: OptimizerConfig): AdamaxOptimizer {
    return new AdamaxOptimizer(
      config['learningRate'] as number, config['beta1'] as number, config['beta2'] as number,
      (config['epsilon'] as number | undefined) ?? null, (config['decay'] as number | undefined) ?? 0,
    );
  }
}

/**
 * Keras 3's optimizers (keras.optimizers.*): names, defaults, update rules, state-variable names
 * and order as in keras/src/optimizers/*.py. Each update is a handful of elementwise ops per
 * variable. The step's scalars (bias corrections, 1 - beta...) are computed once in float64, where
 * Keras casts the hyperparameters to the variable's dtype first: Keras on float32 rounds beta_2 =
 * 0.999 to 0.99900001, so its 1 - beta_2^t is off by about 1e-5 relative; Fluxion follows the
 * formulas exactly.
 *
 * Where TensorFlow.js differs (fx.train's optimizers follow it): Adam's epsilon is added to
 * sqrt(v_hat) after bias correction in TF.js and to sqrt(v) before it in Keras; TF.js's centered
 * RMSprop computes sqrt(ms - (mg^2 + eps)) where Keras computes sqrt(ms - mg^2 + eps); TF.js's
 * Adadelta divides by the previous accumulated gradient, Keras's by the updated one; TF.js's
 * Adagrad has a fixed epsilon; TF.js's momentum optimizer accumulates g (v = m v + g, w -= lr v)
 * where Keras accumulates -lr g.
 */
import type { DType } from '../core/dtype.js';
import { backend } from '../core/engine.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { type Tensor, Variable } from '../core/tensor.js';
import { abs, add, div, maximum, mul, scalar, sign, sqrt, square, sub } from '../ops/index.js';
import { hyperparameter, Optimizer, type FloatArray, type OptimizerConfig, type OptimizerOptions, type SlotSpec } from './optimizer.js';
import { LearningRateSchedule } from './schedules.js';

type Shorthand<O> = O | number | LearningRateSchedule;

/** `new Adam(0.01)` is `new Adam({learningRate: 0.01})`, as Keras's first positional argument. */
function options<O extends OptimizerOptions>(label: string, o: Shorthand<O> | undefined, own: readonly string[]): O {
  if (o === undefined) return {} as O;
  if (typeof o === 'number' || o instanceof LearningRateSchedule) return { learningRate: o } as O;
  if (o === null || typeof o !== 'object') {
    throw new FluxionError(`${label}: expected an options object or a learning rate, but received ${describeValue(o)}.`);
  }
  const valid = [...BASE_OPTIONS, ...own];
  for (const k of Object.keys(o)) {
    if (!valid.includes(k)) {
      throw new FluxionError(`${label}: unknown option "${k}"; valid options: ${valid.join(', ')}.`);
    }
  }
  return o;
}

const BASE_OPTIONS = [
  'learningRate', 'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'useEma', 'emaMomentum', 'emaOverwriteFrequency',
  'lossScaleFactor', 'gradientAccumulationSteps', 'name',
] as const;

// ---------------------------------------------------------------- SGD

export interface SGDOptions extends OptimizerOptions {
  /** Default 0. In [0, 1]. */
  momentum?: number;
  /** Default false. */
  nesterov?: boolean;
}

interface SGDHyper {
  lr: number;
  momentum: number;
}

/** Keras's SGD: w -= lr g; with momentum v = m v - lr g, w += v (nesterov: w += m v - lr g). */
export class SGD extends Optimizer<SGDHyper> {
  static override readonly className: string = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(opts?: Shorthand<SGDOptions>) {
    const o = options<SGDOptions>('SGD', opts, ['momentum', 'nesterov']);
    super({ learningRate: 0.01, ...o }, 'SGD');
    this.momentum = hyperparameter('SGD', 'momentum', o.momentum ?? 0, 0, 1);
    this.nesterov = o.nesterov ?? false;
  }

  protected override slotSpecs(): SlotSpec[] {
    return this.momentum !== 0 ? [{ name: 'momentum', initialValue: 0 }] : [];
  }

  protected prepareStep(lr: number): SGDHyper {
    return { lr, momentum: this.momentum };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: SGDHyper): void {
    const m = slots[0];
    if (m === undefined) {
      v.assign(sub(v, mul(g, h.lr)));
      return;
    }
    const lrG = mul(g, h.lr);
    m.assign(sub(mul(m, h.momentum), lrG));
    v.assign(this.nesterov ? add(v, sub(mul(m, h.momentum), lrG)) : add(v, m));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: SGDHyper): boolean {
    const { lr, momentum } = h;
    const n = w.length;
    if (slots.length === 0) {
      for (let i = 0; i < n; i++) outW[i] = (w[i] as number) - lr * (g[i] as number);
      return true;
    }
    const m = slots[0] as FloatArray;
    const outM = outSlots[0] as FloatArray;
    for (let i = 0; i < n; i++) {
      const gi = g[i] as number;
      const mi = (m[i] as number) * momentum - gi * lr;
      outM[i] = mi;
      outW[i] = (w[i] as number) + (this.nesterov ? mi * momentum - gi * lr : mi);
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

// ---------------------------------------------------------------- Adam / AdamW

export interface AdamOptions extends OptimizerOptions {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7 (TensorFlow.js's tf.train.adam also defaults to 1e-7 on float32 backends). */
  epsilon?: number;
  /** Default false. */
  amsgrad?: boolean;
}

interface AdamHyper {
  alpha: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  epsilon: number;
  /** For the native kernel, which derives alpha itself. */
  lr: number;
  step: number;
}

/**
 * Keras's Adam: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); (amsgrad: vhat = max(vhat, v), used as v);
 * w -= m alpha / (sqrt(v) + eps) with alpha = lr sqrt(1 - b2^t) / (1 - b1^t).
 */
export class Adam extends Optimizer<AdamHyper> {
  static override readonly className: string = 'Adam';
  /** Both paths of fusedStep (native and the loop) write every element of the outputs. */
  protected override readonly fusedWritesAllOutputs: boolean = true;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(opts?: Shorthand<AdamOptions>, defaults: AdamOptions = {}, defaultName = 'adam') {
    const label = defaultName === 'adam' ? 'Adam' : 'AdamW';
    const o = { ...defaults, ...options<AdamOptions>(label, opts, ['beta1', 'beta2', 'epsilon', 'amsgrad']) };
    super(o, defaultName);
    this.beta1 = hyperparameter(label, 'beta1', o.beta1 ?? 0.9, 0, 1);
    this.beta2 = hyperparameter(label, 'beta2', o.beta2 ?? 0.999, 0, 1);
    this.epsilon = hyperparameter(label, 'epsilon', o.epsilon ?? 1e-7, 0);
    this.amsgrad = o.amsgrad ?? false;
  }

  protected override slotSpecs(): SlotSpec[] {
    const s = [{ name: 'momentum', initialValue: 0 }, { name: 'velocity', initialValue: 0 }];
    return this.amsgrad ? [...s, { name: 'velocity_hat', initialValue: 0 }] : s;
  }

  protected override slotGroups(): string[][] {
    return this.amsgrad ? [['momentum', 'velocity'], ['velocity_hat']] : [['momentum', 'velocity']];
  }

  protected prepareStep(lr: number, step: number): AdamHyper {
    const alpha = (lr * Math.sqrt(1 - Math.pow(this.beta2, step))) / (1 - Math.pow(this.beta1, step));
    return { alpha, oneMinusBeta1: 1 - this.beta1, oneMinusBeta2: 1 - this.beta2, epsilon: this.epsilon, lr, step };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: AdamHyper): void {
    const [m, vel, vHat] = slots as [Variable, Variable, Variable | undefined];
    m.assign(add(m, mul(sub(g, m), h.oneMinusBeta1)));
    vel.assign(add(vel, mul(sub(square(g), vel), h.oneMinusBeta2)));
    let denomSource: Tensor = vel;
    if (vHat !== undefined) {
      vHat.assign(maximum(vHat, vel));
      denomSource = vHat;
    }
    v.assign(sub(v, div(mul(m, h.alpha), add(sqrt(denomSource), h.epsilon))));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: AdamHyper): boolean {
    const { alpha, oneMinusBeta1, oneMinusBeta2, epsilon } = h;
    const [m, v, vHat] = slots as [FloatArray, FloatArray, FloatArray | undefined];
    const [outM, outV, outVHat] = outSlots as [FloatArray, FloatArray, FloatArray | undefined];
    const fused = backend().fusedOptimizer;
    if (fused !== undefined && w instanceof Float32Array && g instanceof Float32Array && outW instanceof Float32Array) {
      // Out of place: reads the current arrays (storage is shared, never mutated) and writes the fresh outputs.
      fused.adam(
        w,
        g,
        m as Float32Array,
        v as Float32Array,
        (vHat as Float32Array | undefined) ?? null,
        { learningRate: h.lr, beta1: 1 - oneMinusBeta1, beta2: 1 - oneMinusBeta2, epsilon, step: h.step },
        { param: outW, m: outM as Float32Array, v: outV as Float32Array, vHat: (outVHat as Float32Array | undefined) ?? null },
      );
      return true;
    }
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const mi = (m[i] as number) + (gi - (m[i] as number)) * oneMinusBeta1;
      const vi = (v[i] as number) + (gi * gi - (v[i] as number)) * oneMinusBeta2;
      outM[i] = mi;
      outV[i] = vi;
      let den = vi;
      if (vHat !== undefined && outVHat !== undefined) {
        den = Math.max(vHat[i] as number, vi);
        outVHat[i] = den;
      }
      outW[i] = (w[i] as number) - (mi * alpha) / (Math.sqrt(den) + epsilon);
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/** Keras's AdamW: Adam with decoupled weight decay (default 0.004; must not be null). */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';

  constructor(opts?: Shorthand<AdamOptions>) {
    const o = options<AdamOptions>('AdamW', opts, ['beta1', 'beta2', 'epsilon', 'amsgrad']);
    if (o.weightDecay === null) {
      throw new FluxionError('AdamW: weightDecay must be a number, but received null. Use Adam for no weight decay.');
    }
    super(o, { weightDecay: 0.004 }, 'adamw');
  }
}

// ---------------------------------------------------------------- Adamax

export interface AdamaxOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

interface AdamaxHyper {
  lrOverBias: number;
  oneMinusBeta1: number;
  beta2: number;
  epsilon: number;
}

/** Keras's Adamax: m += (g - m)(1 - b1); u = max(b2 u, |g|); w -= lr m / ((1 - b1^t)(u + eps)). */
export class Adamax extends Optimizer<AdamaxHyper> {
  static override readonly className: string = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(opts?: Shorthand<AdamaxOptions>) {
    const o = options<AdamaxOptions>('Adamax', opts, ['beta1', 'beta2', 'epsilon']);
    super(o, 'adamax');
    this.beta1 = hyperparameter('Adamax', 'beta1', o.beta1 ?? 0.9, 0, 1);
    this.beta2 = hyperparameter('Adamax', 'beta2', o.beta2 ?? 0.999, 0, 1);
    this.epsilon = hyperparameter('Adamax', 'epsilon', o.epsilon ?? 1e-7, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }, { name: 'norm', initialValue: 0 }];
  }

  protected prepareStep(lr: number, step: number): AdamaxHyper {
    return { lrOverBias: lr / (1 - Math.pow(this.beta1, step)), oneMinusBeta1: 1 - this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: AdamaxHyper): void {
    const [m, u] = slots as [Variable, Variable];
    m.assign(add(m, mul(sub(g, m), h.oneMinusBeta1)));
    u.assign(maximum(mul(u, h.beta2), abs(g)));
    v.assign(sub(v, div(mul(m, h.lrOverBias), add(u, h.epsilon))));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: AdamaxHyper): boolean {
    const { lrOverBias, oneMinusBeta1, beta2, epsilon } = h;
    const [m, u] = slots as [FloatArray, FloatArray];
    const [outM, outU] = outSlots as [FloatArray, FloatArray];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const mi = (m[i] as number) + (gi - (m[i] as number)) * oneMinusBeta1;
      const ui = Math.max((u[i] as number) * beta2, Math.abs(gi));
      outM[i] = mi;
      outU[i] = ui;
      outW[i] = (w[i] as number) - (mi * lrOverBias) / (ui + epsilon);
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

// ---------------------------------------------------------------- Nadam

export type NadamOptions = AdamaxOptions;

interface NadamHyper {
  lr: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** m_hat = m cm + g cg */
  cm: number;
  cg: number;
  /** 1 / (1 - b2^t) */
  vScale: number;
  epsilon: number;
}

/**
 * Keras's Nadam (momentum schedule u_t = b1 (1 - 0.5 0.96^t), running product in the `u_product`
 * state variable): m_hat = u_{t+1} m / (1 - prod_{t+1}) + (1 - u_t) g / (1 - prod_t);
 * w -= lr m_hat / (sqrt(v / (1 - b2^t)) + eps).
 */
export class Nadam extends Optimizer<NadamHyper> {
  static override readonly className: string = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private uProduct: Variable | null = null;

  constructor(opts?: Shorthand<NadamOptions>) {
    const o = options<NadamOptions>('Nadam', opts, ['beta1', 'beta2', 'epsilon']);
    super(o, 'nadam');
    this.beta1 = hyperparameter('Nadam', 'beta1', o.beta1 ?? 0.9, 0, 1);
    this.beta2 = hyperparameter('Nadam', 'beta2', o.beta2 ?? 0.999, 0, 1);
    this.epsilon = hyperparameter('Nadam', 'epsilon', o.epsilon ?? 1e-7, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }, { name: 'velocity', initialValue: 0 }];
  }

  /** Keras creates this variable without a name; Fluxion calls it u_product. */
  protected override buildExtra(dtype: DType): void {
    this.uProduct = new Variable(scalar(1, dtype), false, 'u_product');
  }

  protected override extraVariables(): Variable[] {
    return this.uProduct === null ? [] : [this.uProduct];
  }

  protected override beginStep(step: number): void {
    const u = this.uProduct as Variable;
    const prev = u.dataSync()[0] as number;
    u.assign(scalar(prev * this.beta1 * (1 - 0.5 * Math.pow(0.96, step)), u.dtype));
  }

  protected prepareStep(lr: number, step: number): NadamHyper {
    const uT = this.beta1 * (1 - 0.5 * Math.pow(0.96, step));
    const uT1 = this.beta1 * (1 - 0.5 * Math.pow(0.96, step + 1));
    const uProductT = (this.uProduct as Variable).dataSync()[0] as number;
    const uProductT1 = uProductT * uT1;
    return {
      lr,
      oneMinusBeta1: 1 - this.beta1,
      oneMinusBeta2: 1 - this.beta2,
      cm: uT1 / (1 - uProductT1),
      cg: (1 - uT) / (1 - uProductT),
      vScale: 1 - Math.pow(this.beta2, step),
      epsilon: this.epsilon,
    };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: NadamHyper): void {
    const [m, vel] = slots as [Variable, Variable];
    m.assign(add(m, mul(sub(g, m), h.oneMinusBeta1)));
    vel.assign(add(vel, mul(sub(square(g), vel), h.oneMinusBeta2)));
    const mHat = add(mul(m, h.cm), mul(g, h.cg));
    v.assign(sub(v, div(mul(mHat, h.lr), add(sqrt(div(vel, h.vScale)), h.epsilon))));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: NadamHyper): boolean {
    const { lr, oneMinusBeta1, oneMinusBeta2, cm, cg, vScale, epsilon } = h;
    const [m, v] = slots as [FloatArray, FloatArray];
    const [outM, outV] = outSlots as [FloatArray, FloatArray];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const mi = (m[i] as number) + (gi - (m[i] as number)) * oneMinusBeta1;
      const vi = (v[i] as number) + (gi * gi - (v[i] as number)) * oneMinusBeta2;
      outM[i] = mi;
      outV[i] = vi;
      outW[i] = (w[i] as number) - ((mi * cm + gi * cg) * lr) / (Math.sqrt(vi / vScale) + epsilon);
    }
    return true;
  }

  override dispose(): void {
    super.dispose();
    this.uProduct?.dispose();
    this.uProduct = null;
  }

  protected override extraConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

// ---------------------------------------------------------------- RMSprop

export interface RMSpropOptions extends OptimizerOptions {
  /** Default 0.9. */
  rho?: number;
  /** Default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Default false. */
  centered?: boolean;
}

interface RMSpropHyper {
  lr: number;
  rho: number;
  oneMinusRho: number;
  momentum: number;
  epsilon: number;
}

/**
 * Keras's RMSprop: ms = rho ms + (1 - rho) g^2; (centered: mg = rho mg + (1 - rho) g, denominator
 * ms - mg^2 + eps, else ms + eps); inc = lr g / sqrt(denominator); momentum: mom = momentum mom + inc,
 * w -= mom; else w -= inc.
 */
export class RMSprop extends Optimizer<RMSpropHyper> {
  static override readonly className: string = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(opts?: Shorthand<RMSpropOptions>) {
    const o = options<RMSpropOptions>('RMSprop', opts, ['rho', 'momentum', 'epsilon', 'centered']);
    super(o, 'rmsprop');
    this.rho = hyperparameter('RMSprop', 'rho', o.rho ?? 0.9, 0, 1);
    this.momentum = hyperparameter('RMSprop', 'momentum', o.momentum ?? 0, 0);
    this.epsilon = hyperparameter('RMSprop', 'epsilon', o.epsilon ?? 1e-7, 0);
    this.centered = o.centered ?? false;
  }

  protected override slotSpecs(): SlotSpec[] {
    const s: SlotSpec[] = [{ name: 'velocity', initialValue: 0 }];
    if (this.momentum > 0) s.push({ name: 'momentum', initialValue: 0 });
    if (this.centered) s.push({ name: 'average_gradient', initialValue: 0 });
    return s;
  }

  protected override slotGroups(): string[][] {
    return this.slotSpecs().map((s) => [s.name]);
  }

  protected prepareStep(lr: number): RMSpropHyper {
    return { lr, rho: this.rho, oneMinusRho: 1 - this.rho, momentum: this.momentum, epsilon: this.epsilon };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: RMSpropHyper): void {
    const vel = slots[0] as Variable;
    const mom = this.momentum > 0 ? (slots[1] as Variable) : null;
    const avg = this.centered ? (slots[slots.length - 1] as Variable) : null;
    vel.assign(add(mul(vel, h.rho), mul(square(g), h.oneMinusRho)));
    let denominator: Tensor;
    if (avg !== null) {
      avg.assign(add(mul(avg, h.rho), mul(g, h.oneMinusRho)));
      denominator = add(sub(vel, square(avg)), h.epsilon);
    } else {
      denominator = add(vel, h.epsilon);
    }
    const increment = div(mul(g, h.lr), sqrt(denominator));
    if (mom !== null) {
      mom.assign(add(mul(mom, h.momentum), increment));
      v.assign(sub(v, mom));
    } else {
      v.assign(sub(v, increment));
    }
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: RMSpropHyper): boolean {
    const { lr, rho, oneMinusRho, momentum, epsilon } = h;
    const vel = slots[0] as FloatArray;
    const outVel = outSlots[0] as FloatArray;
    const mom = this.momentum > 0 ? (slots[1] as FloatArray) : null;
    const outMom = this.momentum > 0 ? (outSlots[1] as FloatArray) : null;
    const avg = this.centered ? (slots[slots.length - 1] as FloatArray) : null;
    const outAvg = this.centered ? (outSlots[outSlots.length - 1] as FloatArray) : null;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const vi = (vel[i] as number) * rho + gi * gi * oneMinusRho;
      outVel[i] = vi;
      let den = vi + epsilon;
      if (avg !== null && outAvg !== null) {
        const ai = (avg[i] as number) * rho + gi * oneMinusRho;
        outAvg[i] = ai;
        den = vi - ai * ai + epsilon;
      }
      const inc = (gi * lr) / Math.sqrt(den);
      if (mom !== null && outMom !== null) {
        const mi = (mom[i] as number) * momentum + inc;
        outMom[i] = mi;
        outW[i] = (w[i] as number) - mi;
      } else {
        outW[i] = (w[i] as number) - inc;
      }
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

// ---------------------------------------------------------------- Adagrad

export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

interface AdagradHyper {
  lr: number;
  epsilon: number;
}

/** Keras's Adagrad: acc += g^2; w -= lr g / sqrt(acc + eps). */
export class Adagrad extends Optimizer<AdagradHyper> {
  static override readonly className: string = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(opts?: Shorthand<AdagradOptions>) {
    const o = options<AdagradOptions>('Adagrad', opts, ['initialAccumulatorValue', 'epsilon']);
    super(o, 'adagrad');
    this.initialAccumulatorValue = hyperparameter('Adagrad', 'initialAccumulatorValue', o.initialAccumulatorValue ?? 0.1, 0);
    this.epsilon = hyperparameter('Adagrad', 'epsilon', o.epsilon ?? 1e-7, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', initialValue: this.initialAccumulatorValue }];
  }

  protected prepareStep(lr: number): AdagradHyper {
    return { lr, epsilon: this.epsilon };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: AdagradHyper): void {
    const acc = slots[0] as Variable;
    acc.assign(add(acc, square(g)));
    v.assign(sub(v, div(mul(g, h.lr), sqrt(add(acc, h.epsilon)))));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: AdagradHyper): boolean {
    const { lr, epsilon } = h;
    const acc = slots[0] as FloatArray;
    const outAcc = outSlots[0] as FloatArray;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const ai = (acc[i] as number) + gi * gi;
      outAcc[i] = ai;
      outW[i] = (w[i] as number) - (gi * lr) / Math.sqrt(ai + epsilon);
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

// ---------------------------------------------------------------- Adadelta

export interface AdadeltaOptions extends OptimizerOptions {
  /** Default 0.95. */
  rho?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

interface AdadeltaHyper {
  lr: number;
  rho: number;
  oneMinusRho: number;
  epsilon: number;
}

/**
 * Keras's Adadelta: ag = rho ag + (1 - rho) g^2; d = sqrt(ad + eps) g / sqrt(ag + eps);
 * ad = rho ad + (1 - rho) d^2; w -= lr d.
 */
export class Adadelta extends Optimizer<AdadeltaHyper> {
  static override readonly className: string = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(opts?: Shorthand<AdadeltaOptions>) {
    const o = options<AdadeltaOptions>('Adadelta', opts, ['rho', 'epsilon']);
    super(o, 'adadelta');
    this.rho = hyperparameter('Adadelta', 'rho', o.rho ?? 0.95, 0, 1);
    this.epsilon = hyperparameter('Adadelta', 'epsilon', o.epsilon ?? 1e-7, 0);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulated_grad', initialValue: 0 }, { name: 'accumulated_delta_var', initialValue: 0 }];
  }

  protected prepareStep(lr: number): AdadeltaHyper {
    return { lr, rho: this.rho, oneMinusRho: 1 - this.rho, epsilon: this.epsilon };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: AdadeltaHyper): void {
    const [ag, ad] = slots as [Variable, Variable];
    ag.assign(add(mul(ag, h.rho), mul(square(g), h.oneMinusRho)));
    const delta = div(mul(sqrt(add(ad, h.epsilon)), g), sqrt(add(ag, h.epsilon)));
    ad.assign(add(mul(ad, h.rho), mul(square(delta), h.oneMinusRho)));
    v.assign(sub(v, mul(delta, h.lr)));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: AdadeltaHyper): boolean {
    const { lr, rho, oneMinusRho, epsilon } = h;
    const [ag, ad] = slots as [FloatArray, FloatArray];
    const [outAg, outAd] = outSlots as [FloatArray, FloatArray];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const agi = (ag[i] as number) * rho + gi * gi * oneMinusRho;
      const d = (Math.sqrt((ad[i] as number) + epsilon) * gi) / Math.sqrt(agi + epsilon);
      outAg[i] = agi;
      outAd[i] = (ad[i] as number) * rho + d * d * oneMinusRho;
      outW[i] = (w[i] as number) - d * lr;
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

// ---------------------------------------------------------------- Lion

export interface LionOptions extends OptimizerOptions {
  /** Default 0.9, in (0, 1]. */
  beta1?: number;
  /** Default 0.99. */
  beta2?: number;
}

interface LionHyper {
  lr: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
}

/** Keras's Lion: w -= lr sign(b1 m + (1 - b1) g); m = b2 m + (1 - b2) g. */
export class Lion extends Optimizer<LionHyper> {
  static override readonly className: string = 'Lion';
  readonly beta1: number;
  readonly beta2: number;

  constructor(opts?: Shorthand<LionOptions>) {
    const o = options<LionOptions>('Lion', opts, ['beta1', 'beta2']);
    super(o, 'lion');
    this.beta1 = hyperparameter('Lion', 'beta1', o.beta1 ?? 0.9, 0, 1, true);
    this.beta2 = hyperparameter('Lion', 'beta2', o.beta2 ?? 0.99, 0, 1);
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }];
  }

  protected prepareStep(lr: number): LionHyper {
    return { lr, beta1: this.beta1, oneMinusBeta1: 1 - this.beta1, beta2: this.beta2, oneMinusBeta2: 1 - this.beta2 };
  }

  protected updateStep(v: Variable, g: Tensor, slots: readonly Variable[], h: LionHyper): void {
    const m = slots[0] as Variable;
    v.assign(sub(v, mul(sign(add(mul(m, h.beta1), mul(g, h.oneMinusBeta1))), h.lr)));
    m.assign(add(mul(m, h.beta2), mul(g, h.oneMinusBeta2)));
  }

  protected override fusedStep(w: FloatArray, g: FloatArray, slots: readonly FloatArray[], outW: FloatArray, outSlots: readonly FloatArray[], h: LionHyper): boolean {
    const { lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2 } = h;
    const m = slots[0] as FloatArray;
    const outM = outSlots[0] as FloatArray;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const mi = m[i] as number;
      outW[i] = (w[i] as number) - lr * Math.sign(mi * beta1 + gi * oneMinusBeta1);
      outM[i] = mi * beta2 + gi * oneMinusBeta2;
    }
    return true;
  }

  protected override extraConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2 };
  }
}

/**
 * Keras 3's learning-rate schedules (keras.optimizers.schedules). A schedule is callable with the
 * optimizer step (`schedule(step)`, like Python's `__call__`) and returns the learning rate as a
 * number; the formulas are Keras 3's, computed in float64.
 *
 * Configs: `getConfig()` uses camelCase keys (`initialLearningRate`, `decaySteps`, ...);
 * `toKerasConfig()` gives Keras 3's snake_case keys exactly (`initial_learning_rate`, `t_mul`, ...).
 */
import { describeValue, FluxionError } from '../core/errors.js';
import { camelToSnake, snakeToCamel, type ConfigValue } from './config.js';

export type ScheduleConfig = Record<string, ConfigValue>;

/**
 * Base class: subclasses implement `compute(step)`. Instances are functions (`schedule(step)`)
 * whose prototype is the schedule class, so `instanceof` and methods work as usual.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface LearningRateSchedule {
  (step: number): number;
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class LearningRateSchedule {
  /** The Keras class name (ExponentialDecay, ...). */
  static readonly className: string = 'LearningRateSchedule';

  constructor() {
    const self = ((step: number): number => self.compute(checkStep(self.constructor.name, step))) as LearningRateSchedule;
    // A function's own `name` and `length` would shadow the schedules' fields.
    delete (self as { name?: unknown }).name;
    delete (self as { length?: unknown }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    return self;
  }

  /** The learning rate at optimizer step `step` (0-based, as the optimizer's `iterations`). */
  abstract compute(step: number): number;

  /** The constructor arguments with camelCase keys. */
  abstract getConfig(): ScheduleConfig;

  getClassName(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }

  /** The constructor arguments with Keras 3's snake_case keys (what Keras's get_config() returns). */
  toKerasConfig(): ScheduleConfig {
    const out: ScheduleConfig = {};
    for (const [k, v] of Object.entries(this.getConfig())) out[camelToSnake(k)] = v;
    return out;
  }
}

// Schedules are functions: let them inherit call/apply/bind like any function.
Object.setPrototypeOf(LearningRateSchedule.prototype, Function.prototype);

function checkStep(schedule: string, step: number): number {
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
    throw new FluxionError(`${schedule}: step must be a non-negative finite number, but received ${describeValue(step)}.`);
  }
  return step;
}

function positive(schedule: string, arg: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new FluxionError(`${schedule}: ${arg} must be a positive number, but received ${describeValue(value)}.`);
  }
  return value;
}

function finite(schedule: string, arg: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FluxionError(`${schedule}: ${arg} must be a finite number, but received ${describeValue(value)}.`);
  }
  return value;
}

/** initialLearningRate * decayRate ^ (step / decaySteps), the exponent floored when staircase. */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className: string = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  override readonly name: string;

  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, staircase = false, name = 'ExponentialDecay') {
    super();
    this.initialLearningRate = finite('ExponentialDecay', 'initialLearningRate', initialLearningRate);
    this.decaySteps = positive('ExponentialDecay', 'decaySteps', decaySteps);
    this.decayRate = finite('ExponentialDecay', 'decayRate', decayRate);
    this.staircase = staircase;
    this.name = name;
  }

  compute(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate * Math.pow(this.decayRate, p);
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}

/** initialLearningRate / (1 + decayRate * step / decaySteps), the ratio floored when staircase. */
export class InverseTimeDecay extends LearningRateSchedule {
  static override readonly className: string = 'InverseTimeDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  override readonly name: string;

  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, staircase = false, name = 'InverseTimeDecay') {
    super();
    this.initialLearningRate = finite('InverseTimeDecay', 'initialLearningRate', initialLearningRate);
    this.decaySteps = positive('InverseTimeDecay', 'decaySteps', decaySteps);
    this.decayRate = finite('InverseTimeDecay', 'decayRate', decayRate);
    this.staircase = staircase;
    this.name = name;
  }

  compute(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate / (1 + this.decayRate * p);
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}

/** values[0] while step <= boundaries[0], values[i] while boundaries[i-1] < step <= boundaries[i], then values[last]. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className: string = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];
  override readonly name: string;

  constructor(boundaries: number[], values: number[], name = 'PiecewiseConstant') {
    super();
    if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length !== values.length - 1) {
      throw new FluxionError(
        'PiecewiseConstantDecay: boundaries must have one element less than values, but received ' +
          `boundaries ${JSON.stringify(boundaries)} (length ${Array.isArray(boundaries) ? boundaries.length : 'n/a'}) and ` +
          `values ${JSON.stringify(values)} (length ${Array.isArray(values) ? values.length : 'n/a'}).`,
      );
    }
    for (let i = 1; i < boundaries.length; i++) {
      if (!((boundaries[i] as number) > (boundaries[i - 1] as number))) {
        throw new FluxionError(`PiecewiseConstantDecay: boundaries must be strictly increasing, but received ${JSON.stringify(boundaries)}.`);
      }
    }
    this.boundaries = [...boundaries];
    this.values = [...values];
    this.name = name;
  }

  compute(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) {
      if (step <= (this.boundaries[i] as number)) return this.values[i] as number;
    }
    return this.values[this.values.length - 1] as number;
  }

  getConfig(): ScheduleConfig {
    return { boundaries: [...this.boundaries], values: [...this.values], name: this.name };
  }
}

/**
 * (initial - end) * (1 - step / decaySteps) ^ power + end, with step capped at decaySteps; with
 * cycle, decaySteps is the first multiple of itself at or beyond step instead.
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override readonly className: string = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  override readonly name: string;

  constructor(
    initialLearningRate: number,
    decaySteps: number,
    endLearningRate = 0.0001,
    power = 1.0,
    cycle = false,
    name = 'PolynomialDecay',
  ) {
    super();
    this.initialLearningRate = finite('PolynomialDecay', 'initialLearningRate', initialLearningRate);
    this.decaySteps = positive('PolynomialDecay', 'decaySteps', decaySteps);
    this.endLearningRate = finite('PolynomialDecay', 'endLearningRate', endLearningRate);
    this.power = finite('PolynomialDecay', 'power', power);
    this.cycle = cycle;
    this.name = name;
  }

  compute(step: number): number {
    let decaySteps = this.decaySteps;
    let s = step;
    if (this.cycle) {
      const multiplier = s === 0 ? 1 : Math.ceil(s / this.decaySteps);
      decaySteps *= multiplier;
    } else {
      s = Math.min(s, decaySteps);
    }
    const p = s / decaySteps;
    return (this.initialLearningRate - this.endLearningRate) * Math.pow(1 - p, this.power) + this.endLearningRate;
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      endLearningRate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}

/**
 * Cosine decay from initialLearningRate (or, with warmup, from warmupTarget after a linear warmup
 * of warmupSteps steps from initialLearningRate) down to alpha times that value over decaySteps.
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  override readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(
    initialLearningRate: number,
    decaySteps: number,
    alpha = 0.0,
    name = 'CosineDecay',
    warmupTarget: number | null = null,
    warmupSteps = 0,
  ) {
    super();
    this.initialLearningRate = finite('CosineDecay', 'initialLearningRate', initialLearningRate);
    this.decaySteps = positive('CosineDecay', 'decaySteps', decaySteps);
    this.alpha = finite('CosineDecay', 'alpha', alpha);
    this.name = name;
    this.warmupTarget = warmupTarget === null || warmupTarget === undefined ? null : finite('CosineDecay', 'warmupTarget', warmupTarget);
    if (typeof warmupSteps !== 'number' || !(warmupSteps >= 0)) {
      throw new FluxionError(`CosineDecay: warmupSteps must be a non-negative number, but received ${describeValue(warmupSteps)}.`);
    }
    this.warmupSteps = warmupSteps;
  }

  private decay(step: number, from: number): number {
    const cosineDecayed = 0.5 * (1 + Math.cos(Math.PI * (step / this.decaySteps)));
    return from * ((1 - this.alpha) * cosineDecayed + this.alpha);
  }

  compute(step: number): number {
    if (this.warmupTarget === null) return this.decay(Math.min(step, this.decaySteps), this.initialLearningRate);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      return (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate;
    }
    return this.decay(s - this.warmupSteps, this.warmupTarget);
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }
}

/** SGDR: cosine decay restarted every period; period i lasts firstDecaySteps * tMul^i steps and peaks at mMul^i. */
export class CosineDecayRestarts extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  override readonly name: string;

  constructor(initialLearningRate: number, firstDecaySteps: number, tMul = 2.0, mMul = 1.0, alpha = 0.0, name = 'SGDRDecay') {
    super();
    this.initialLearningRate = finite('CosineDecayRestarts', 'initialLearningRate', initialLearningRate);
    this.firstDecaySteps = positive('CosineDecayRestarts', 'firstDecaySteps', firstDecaySteps);
    this.tMul = positive('CosineDecayRestarts', 'tMul', tMul);
    this.mMul = finite('CosineDecayRestarts', 'mMul', mMul);
    this.alpha = finite('CosineDecayRestarts', 'alpha', alpha);
    this.name = name;
  }

  compute(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let iRestart: number;
    if (this.tMul === 1) {
      iRestart = Math.floor(fraction);
      fraction -= iRestart;
    } else {
      iRestart = Math.floor(Math.log(1 - fraction * (1 - this.tMul)) / Math.log(this.tMul));
      const sumR = (1 - Math.pow(this.tMul, iRestart)) / (1 - this.tMul);
      fraction = (fraction - sumR) / Math.pow(this.tMul, iRestart);
    }
    const mFac = Math.pow(this.mMul, iRestart);
    const cosineDecayed = 0.5 * mFac * (1 + Math.cos(Math.PI * fraction));
    return this.initialLearningRate * ((1 - this.alpha) * cosineDecayed + this.alpha);
  }

  getConfig(): ScheduleConfig {
    return {
      initialLearningRate: this.initialLearningRate,
      firstDecaySteps: this.firstDecaySteps,
      tMul: this.tMul,
      mMul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }
}

type ScheduleCtor = (config: ScheduleConfig) => LearningRateSchedule;

const num = (c: ScheduleConfig, k: string, d?: number): number => {
  const v = c[k];
  if (v === undefined || v === null) {
    if (d !== undefined) return d;
    throw new FluxionError(`schedules.deserialize: the config has no "${k}" (received keys ${Object.keys(c).join(', ')}).`);
  }
  return v as number;
};
const str = (c: ScheduleConfig, k: string, d: string): string => (typeof c[k] === 'string' ? (c[k] as string) : d);
const bool = (c: ScheduleConfig, k: string): boolean => c[k] === true;

const SCHEDULES: Record<string, ScheduleCtor> = {
  ExponentialDecay: (c) =>
    new ExponentialDecay(num(c, 'initialLearningRate'), num(c, 'decaySteps'), num(c, 'decayRate'), bool(c, 'staircase'), str(c, 'name', 'ExponentialDecay')),
  InverseTimeDecay: (c) =>
    new InverseTimeDecay(num(c, 'initialLearningRate'), num(c, 'decaySteps'), num(c, 'decayRate'), bool(c, 'staircase'), str(c, 'name', 'InverseTimeDecay')),
  PiecewiseConstantDecay: (c) =>
    new PiecewiseConstantDecay(c['boundaries'] as number[], c['values'] as number[], str(c, 'name', 'PiecewiseConstant')),
  PolynomialDecay: (c) =>
    new PolynomialDecay(
      num(c, 'initialLearningRate'), num(c, 'decaySteps'), num(c, 'endLearningRate', 0.0001), num(c, 'power', 1),
      bool(c, 'cycle'), str(c, 'name', 'PolynomialDecay'),
    ),
  CosineDecay: (c) =>
    new CosineDecay(
      num(c, 'initialLearningRate'), num(c, 'decaySteps'), num(c, 'alpha', 0), str(c, 'name', 'CosineDecay'),
      c['warmupTarget'] === undefined || c['warmupTarget'] === null ? null : num(c, 'warmupTarget'), num(c, 'warmupSteps', 0),
    ),
  CosineDecayRestarts: (c) =>
    new CosineDecayRestarts(
      num(c, 'initialLearningRate'), num(c, 'firstDecaySteps'), num(c, 'tMul', 2), num(c, 'mMul', 1), num(c, 'alpha', 0),
      str(c, 'name', 'SGDRDecay'),
    ),
};

/** `{className, config}` with camelCase config keys (what `serialize` returns). */
export interface SerializedSchedule {
  className: string;
  config: ScheduleConfig;
}

export function serialize(schedule: LearningRateSchedule): SerializedSchedule {
  return { className: schedule.getClassName(), config: schedule.getConfig() };
}

/**
 * Rebuilds a schedule from `{className, config}` (camelCase keys) or from Keras's serialized form
 * `{module, class_name, config, registered_name}` (snake_case keys).
 */
export function deserialize(serialized: SerializedSchedule | Record<string, ConfigValue>): LearningRateSchedule {
  const s = serialized as Record<string, ConfigValue>;
  const keras = typeof s['class_name'] === 'string';
  const className = (keras ? s['class_name'] : s['className']) as string | undefined;
  const make = className === undefined ? undefined : SCHEDULES[className];
  if (make === undefined) {
    throw new FluxionError(
      `schedules.deserialize: unknown learning-rate schedule ${describeValue(className)}; ` +
        `known schedules: ${Object.keys(SCHEDULES).join(', ')}.`,
    );
  }
  const raw = (s['config'] ?? {}) as ScheduleConfig;
  if (!keras) return make(raw);
  const config: ScheduleConfig = {};
  for (const [k, v] of Object.entries(raw)) config[snakeToCamel(k)] = v;
  return make(config);
}

/** Keras's serialized form of a schedule: {module, class_name, config (snake_case), registered_name}. */
export function toKerasSerialized(schedule: LearningRateSchedule): Record<string, ConfigValue> {
  return {
    module: 'keras.optimizers.schedules',
    class_name: schedule.getClassName(),
    config: schedule.toKerasConfig(),
    registered_name: null,
  };
}

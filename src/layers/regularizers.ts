/** Weight regularizers (penalties added to the loss) and constraints (projections after each step). */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';

export abstract class Regularizer {
  abstract readonly className: string;
  abstract apply(x: Tensor): Tensor;
  abstract getConfig(): Record<string, unknown>;
}

/** l1 * sum(|x|) + l2 * sum(x^2) (Keras's L1L2). */
export class L1L2 extends Regularizer {
  className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    super();
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
    for (const [k, v] of [['l1', this.l1], ['l2', this.l2]] as const) {
      if (!(Number.isFinite(v) && v >= 0)) throw new FluxionError(`${this.className}: ${k} must be a non-negative number, but received ${describeValue(v)}.`);
    }
  }
  apply(x: Tensor): Tensor {
    let penalty = ops.scalar(0, x.dtype);
    if (this.l1 > 0) penalty = ops.add(penalty, ops.mul(ops.sum(ops.abs(x)), this.l1));
    if (this.l2 > 0) penalty = ops.add(penalty, ops.mul(ops.sum(ops.square(x)), this.l2));
    return penalty;
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

export class L1 extends L1L2 {
  override className = 'L1';
  constructor(args: { l1?: number } = {}) {
    super({ l1: args.l1 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

export class L2 extends L1L2 {
  override className = 'L2';
  constructor(args: { l2?: number } = {}) {
    super({ l2: args.l2 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

export const l1 = (args?: { l1?: number }): Regularizer => new L1(args);
export const l2 = (args?: { l2?: number }): Regularizer => new L2(args);
export const l1l2 = (args?: { l1?: number; l2?: number }): Regularizer => new L1L2(args ?? { l1: 0.01, l2: 0.01 });

export type RegularizerIdentifier = string | Regularizer | { className: string; config?: Record<string, unknown> };

export function getRegularizer(id: RegularizerIdentifier): Regularizer {
  if (id instanceof Regularizer) return id;
  const name = (typeof id === 'string' ? id : id.className).toLowerCase().replace(/_/g, '');
  const config = typeof id === 'string' ? {} : (id.config ?? {});
  if (name === 'l1') return new L1(config as { l1?: number });
  if (name === 'l2') return new L2(config as { l2?: number });
  if (name === 'l1l2') return new L1L2(config as { l1?: number; l2?: number });
  throw new FluxionError(`Unknown regularizer "${typeof id === 'string' ? id : id.className}". Valid regularizers: l1, l2, l1l2.`);
}

export abstract class Constraint {
  abstract readonly className: string;
  abstract apply(w: Tensor): Tensor;
  abstract getConfig(): Record<string, unknown>;
}

/** Norms along `axis` (Keras's default axis 0: each column of a Dense kernel). */
function norms(w: Tensor, axis: number | number[]): Tensor {
  return ops.sqrt(ops.sum(ops.square(w), axis, true));
}

const EPSILON = 1e-7;

export class MaxNorm extends Constraint {
  className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(args: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = args.maxValue ?? 2;
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = ops.clipByValue(n, 0, this.maxValue);
    return ops.mul(w, ops.div(desired, ops.add(n, EPSILON)));
  }
  getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

export class NonNeg extends Constraint {
  className = 'NonNeg';
  apply(w: Tensor): Tensor {
    return ops.mul(w, ops.cast(ops.greaterEqual(w, 0), w.dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

export class UnitNorm extends Constraint {
  className = 'UnitNorm';
  readonly axis: number | number[];
  constructor(args: { axis?: number | number[] } = {}) {
    super();
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    return ops.div(w, ops.add(norms(w, this.axis), EPSILON));
  }
  getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

export class MinMaxNorm extends Constraint {
  className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = args.minValue ?? 0;
    this.maxValue = args.maxValue ?? 1;
    this.rate = args.rate ?? 1;
    this.axis = args.axis ?? 0;
  }
  apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = ops.add(ops.mul(ops.clipByValue(n, this.minValue, this.maxValue), this.rate), ops.mul(n, 1 - this.rate));
    return ops.mul(w, ops.div(desired, ops.add(n, EPSILON)));
  }
  getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export const maxNorm = (args?: { maxValue?: number; axis?: number | number[] }): Constraint => new MaxNorm(args);
export const nonNeg = (): Constraint => new NonNeg();
export const unitNorm = (args?: { axis?: number | number[] }): Constraint => new UnitNorm(args);
export const minMaxNorm = (args?: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] }): Constraint =>
  new MinMaxNorm(args);

export type ConstraintIdentifier = string | Constraint | { className: string; config?: Record<string, unknown> };

export function getConstraint(id: ConstraintIdentifier): Constraint {
  if (id instanceof Constraint) return id;
  const raw = typeof id === 'string' ? id : id.className;
  const name = raw.toLowerCase().replace(/_/g, '');
  const config = typeof id === 'string' ? {} : (id.config ?? {});
  if (name === 'maxnorm') return new MaxNorm(config);
  if (name === 'nonneg') return new NonNeg();
  if (name === 'unitnorm') return new UnitNorm(config);
  if (name === 'minmaxnorm') return new MinMaxNorm(config);
  throw new FluxionError(`Unknown constraint "${raw}". Valid constraints: maxNorm, nonNeg, unitNorm, minMaxNorm.`);
}

/**
 * Helpers shared by the Keras losses and metrics: argument conversion to one float dtype, Keras's
 * squeeze_or_expand_to_same_rank, shape checks with messages that name both shapes, and the
 * epsilon Keras clips probabilities with.
 */
import type { DType } from '../core/dtype.js';
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import { shapesEqual } from '../core/shape.js';
import { Tensor, type TensorLike } from '../core/tensor.js';
import { cast, expandDims, squeeze, tensor } from '../ops/index.js';

/** Keras's backend.epsilon(): probabilities are clipped to [EPSILON, 1 - EPSILON]. */
export const EPSILON = 1e-7;

function isFloatDType(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

/** Converts a TensorLike (a Tensor is used as is); plain values become float32 unless `hint`. */
export function toTensor(value: TensorLike, op: string, arg: string, hint?: DType): Tensor {
  if (value instanceof Tensor) {
    if (value.isDisposed) throw new FluxionError(`${op}: ${arg} is a disposed tensor; it was released by dispose() or tidy().`);
    return value;
  }
  try {
    return tensor(value as Parameters<typeof tensor>[0], undefined, hint);
  } catch (e) {
    throw new FluxionError(
      `${op}: ${arg} must be a Tensor, a number or a (nested) array of numbers, but received ${describeValue(value)}` +
        `${e instanceof Error ? ` (${e.message})` : ''}.`,
    );
  }
}

/**
 * yPred is converted to a float dtype (float64 stays float64, ints/bool become float32) and yTrue
 * is cast to the same dtype, as Keras converts y_true to y_pred's dtype.
 */
export function lossOperands(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  let p = toTensor(yPred, op, 'yPred');
  if (!isFloatDType(p.dtype)) p = cast(p, 'float32');
  const t = toTensor(yTrue, op, 'yTrue', p.dtype);
  return [t.dtype === p.dtype ? t : cast(t, p.dtype), p];
}

/**
 * Keras's squeeze_or_expand_to_same_rank: when the ranks differ by exactly one and the longer
 * shape ends in 1, that axis is squeezed (or, when the shorter is rank 1, the shorter is expanded).
 */
export function squeezeOrExpand(a: Tensor, b: Tensor, expandRank1 = true): [Tensor, Tensor] {
  let x1 = a;
  let x2 = b;
  if (x1.rank === x2.rank) return [x1, x2];
  if (x1.rank === x2.rank + 1 && x1.shape[x1.rank - 1] === 1) {
    if (x2.rank === 1 && expandRank1) x2 = expandDims(x2, -1);
    else x1 = squeeze(x1, [x1.rank - 1]);
  } else if (x2.rank === x1.rank + 1 && x2.shape[x2.rank - 1] === 1) {
    if (x1.rank === 1 && expandRank1) x1 = expandDims(x1, -1);
    else x2 = squeeze(x2, [x2.rank - 1]);
  }
  return [x1, x2];
}

/** Requires equal shapes, naming both (after Keras's squeeze/expand of a trailing 1). */
export function requireSameShape(op: string, yTrue: Tensor, yPred: Tensor, hint = ''): void {
  if (!shapesEqual(yTrue.shape, yPred.shape)) {
    throw new FluxionError(
      `${op}: yTrue and yPred must have the same shape, but yTrue has shape ${fmtShape(yTrue.shape)} ` +
        `and yPred has shape ${fmtShape(yPred.shape)}.${hint ? ` ${hint}` : ''}`,
    );
  }
}

export function requireNumber(op: string, arg: string, value: unknown, lo: number, hi: number, what: string): number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
    throw new FluxionError(`${op}: ${arg} must be ${what}, but received ${describeValue(value)}.`);
  }
  return value;
}

export function requireBoolean(op: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new FluxionError(`${op}: ${arg} must be true or false, but received ${describeValue(value)}.`);
  return value;
}

/** A single integer axis of a tensor of rank `rank`, returned non-negative. */
export function requireAxis(op: string, axis: unknown, rank: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new FluxionError(`${op}: axis must be an integer, but received ${describeValue(axis)}.`);
  }
  if (rank === 0) {
    throw new FluxionError(`${op}: yPred must have at least one dimension (the axis the loss reduces), but it is a scalar (shape []).`);
  }
  if (axis < -rank || axis >= rank) {
    throw new FluxionError(`${op}: axis ${axis} is out of range for yPred of rank ${rank}; use an axis in [${-rank}, ${rank - 1}].`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** snake_case -> camelCase ('sum_over_batch_size' stays a string value elsewhere; this is for names). */
export function camelCase(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** camelCase -> snake_case. */
export function snakeCase(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** What identifierGetter needs to know about a family (losses or metrics). */
export interface IdentifierFamily<B, Cfg> {
  /** 'losses' or 'metrics': messages say `${module}.get`. */
  module: string;
  /** 'loss' or 'metric'. */
  what: string;
  /** 'Loss' or 'Metric'. */
  baseName: string;
  classes: Readonly<Record<string, new (config: Cfg) => B>>;
  aliases: Readonly<Record<string, string>>;
  isInstance(value: unknown): value is B;
  /** Wraps a per-sample function (yTrue, yPred) => Tensor. */
  wrap(fn: (yTrue: Tensor, yPred: Tensor) => Tensor): B;
}

/**
 * fx.losses.get and fx.metrics.get: an instance is returned as is, a function is wrapped, a name is
 * a class name or an alias in Keras's snake_case or its camelCase spelling, and {className, config}
 * (from a saved config) builds that class.
 */
export function identifierGetter<B, Cfg>(family: IdentifierFamily<B, Cfg>): {
  get(identifier: unknown): B;
  names(): string[];
} {
  const { module, what, baseName, classes, aliases } = family;
  const resolve = (name: string): (new (config: Cfg) => B) | undefined => {
    const direct = classes[name];
    if (direct) return direct;
    const alias = aliases[name] ?? aliases[snakeCase(name)];
    return alias === undefined ? undefined : classes[alias];
  };
  const names = (): string[] => {
    const camel = Object.keys(aliases)
      .filter((k) => k.includes('_'))
      .map(camelCase);
    return [...new Set([...Object.keys(classes), ...Object.keys(aliases), ...camel])].sort();
  };
  const get = (identifier: unknown): B => {
    if (family.isInstance(identifier)) return identifier;
    if (typeof identifier === 'function') return family.wrap(identifier as (yTrue: Tensor, yPred: Tensor) => Tensor);
    if (typeof identifier === 'string') {
      const cls = resolve(identifier);
      if (cls) return new cls({} as Cfg);
      throw new FluxionError(`${module}.get: unknown ${what} '${identifier}'. Valid names: ${names().join(', ')}.`);
    }
    if (identifier !== null && typeof identifier === 'object' && typeof (identifier as { className?: unknown }).className === 'string') {
      const { className, config } = identifier as { className: string; config?: Cfg };
      const cls = classes[className];
      if (!cls) {
        throw new FluxionError(`${module}.get: unknown ${what} class '${className}'. Valid classes: ${Object.keys(classes).sort().join(', ')}.`);
      }
      return new cls(config ?? ({} as Cfg));
    }
    throw new FluxionError(
      `${module}.get: identifier must be a ${what} name, a ${baseName} instance, a function (yTrue, yPred) => Tensor or {className, config}, ` +
        `but received ${describeValue(identifier)}.`,
    );
  };
  return { get, names };
}

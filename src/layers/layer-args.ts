/**
 * Argument checks and small helpers shared by the normalization, noise, preprocessing, reshaping
 * and activation layers. Messages name the layer and say what was expected and what was received.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Layer, LayerInputs, ShapeWithNull } from './layer.js';

export type DataFormat = 'channelsLast' | 'channelsFirst';

/** The one input tensor of a single-input layer. */
export function singleInput(layer: Layer, inputs: LayerInputs): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new FluxionError(`Layer "${layer.name}" expects a single input, but received ${inputs.length}.`);
    return inputs[0] as Tensor;
  }
  return inputs;
}

/** kernelSize/strides/poolSize: one positive integer for every spatial axis, or a list of `rank` of them. */
export function positiveTuple(layer: string, arg: string, v: unknown, rank: number): number[] {
  const list = typeof v === 'number' ? new Array<number>(rank).fill(v) : v;
  if (!Array.isArray(list) || list.length !== rank || !list.every((d) => Number.isInteger(d) && d > 0)) {
    throw new FluxionError(`${layer}: ${arg} must be a positive integer or a list of ${rank} positive integers, but received ${describeValue(v)}.`);
  }
  return list as number[];
}

export function fmtShape(shape: ShapeWithNull): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

export function checkNumber(cls: string, arg: string, v: unknown, opts: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; what?: string } = {}): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (opts.min === undefined || (opts.minExclusive ? v > opts.min : v >= opts.min)) &&
    (opts.max === undefined || (opts.maxExclusive ? v < opts.max : v <= opts.max));
  if (!ok) {
    const what =
      opts.what ??
      (opts.min !== undefined && opts.max !== undefined
        ? `a number in ${opts.minExclusive ? '(' : '['}${opts.min}, ${opts.max}${opts.maxExclusive ? ')' : ']'}`
        : opts.min !== undefined
          ? `a ${opts.minExclusive ? 'positive' : 'non-negative'} number`
          : 'a finite number');
    throw new FluxionError(`${cls}: ${arg} must be ${what}, but received ${describeValue(v)}.`);
  }
  return v as number;
}

export function checkPositiveInt(cls: string, arg: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) {
    throw new FluxionError(`${cls}: ${arg} must be a positive integer, but received ${describeValue(v)}.`);
  }
  return v as number;
}

export function checkBool(cls: string, arg: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new FluxionError(`${cls}: ${arg} must be a boolean, but received ${describeValue(v)}.`);
  return v;
}

export function checkDataFormat(cls: string, v: unknown): DataFormat {
  if (v === undefined || v === null) return 'channelsLast';
  if (v !== 'channelsLast' && v !== 'channelsFirst') {
    throw new FluxionError(`${cls}: dataFormat must be 'channelsLast' or 'channelsFirst', but received ${describeValue(v)}.`);
  }
  return v;
}

export function checkOneOf<T extends string>(cls: string, arg: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new FluxionError(`${cls}: ${arg} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, but received ${describeValue(v)}.`);
  }
  return v as T;
}

/** An integer or an array of `n` integers, each >= min (Keras's normalize_tuple). */
export function intTuple(cls: string, arg: string, v: unknown, n: number, min = 1): number[] {
  const arr = typeof v === 'number' ? new Array<number>(n).fill(v) : v;
  if (!Array.isArray(arr) || arr.length !== n || !arr.every((d) => Number.isInteger(d) && (d as number) >= min)) {
    const kind = min === 0 ? 'non-negative' : 'positive';
    throw new FluxionError(`${cls}: ${arg} must be a ${kind} integer or an array of ${n} ${kind} integers, but received ${v === undefined || typeof v !== 'object' ? describeValue(v) : JSON.stringify(v)}.`);
  }
  return [...(arr as number[])];
}

/**
 * An axis (or list of axes) of a rank-`rank` input, made non-negative; the batch axis 0 is
 * allowed only when allowBatch is set.
 */
export function normalizeAxes(layer: Layer, axis: number | number[], rank: number, shape: ShapeWithNull, allowBatch = false): number[] {
  const list = Array.isArray(axis) ? axis : [axis];
  return list.map((a) => {
    const p = a < 0 ? a + rank : a;
    if (!Number.isInteger(a) || p < (allowBatch ? 0 : 1) || p >= rank) {
      throw new FluxionError(
        `Layer "${layer.name}": axis ${String(a)} is out of range for an input of rank ${rank} (shape ${fmtShape(shape)}); ` +
          `expected an integer in [${allowBatch ? -rank : -(rank - 1)}, ${rank - 1}]${allowBatch ? '' : ' other than the batch axis 0'}.`,
      );
    }
    return p;
  });
}

export function checkAxisArg(cls: string, v: unknown, dflt: number | number[]): number | number[] {
  if (v === undefined) return dflt;
  if (Number.isInteger(v)) return v as number;
  if (Array.isArray(v) && v.length > 0 && v.every((a) => Number.isInteger(a))) return [...(v as number[])];
  throw new FluxionError(`${cls}: axis must be an integer or a non-empty array of integers, but received ${describeValue(v)}.`);
}

/** A per-layer seed stream: each call draws a fresh seed, reproducible when a seed is given. */
export class SeedStream {
  private counter = 0;
  constructor(readonly seed: number | undefined) {}
  next(): number | undefined {
    if (this.seed === undefined) return undefined;
    return (this.seed + Math.imul(0x9e3779b1, this.counter++)) >>> 0;
  }
}

export function checkSeed(cls: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v)) throw new FluxionError(`${cls}: seed must be an integer, but received ${describeValue(v)}.`);
  return v as number;
}

/**
 * Argument checks and output-size / padding arithmetic shared by the convolution ops (and usable
 * by any windowed op: pooling uses the same rules). Everything here throws FluxionError with the
 * op's name, the argument, what was expected and what was received.
 */
import { describeValue, FluxionError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { DimRoundingMode } from '../core/tensor-ops.js';

/** A padding argument as users give it: a mode, a number of zeros per side, or explicit pairs. */
export type PadArg = 'valid' | 'same' | number | readonly (readonly number[])[];

/** A padding argument after validation. */
export type ResolvedPad =
  | { kind: 'same' | 'valid' }
  /** Explicit zeros before and after each spatial axis (a numeric pad is explicit too). */
  | { kind: 'explicit'; before: number[]; after: number[] };

/** Output size and the zeros added before each spatial axis, as the kernels take them. */
export interface SpatialPlan {
  outSize: number[];
  padBefore: number[];
}

/** Formats an argument for a message: arrays and numbers as JSON, strings quoted, the rest described. */
export function fmtArg(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return describeValue(value);
    }
  }
  return describeValue(value);
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Parses strides or dilations: one positive integer for every spatial axis, or one per axis.
 * `names` lists what each entry means (e.g. ['strideHeight', 'strideWidth']).
 */
export function parseWindowParam(op: string, arg: string, value: unknown, names: readonly string[]): number[] {
  const n = names.length;
  if (isPosInt(value)) return new Array<number>(n).fill(value);
  if (Array.isArray(value) && value.length === n && value.every(isPosInt)) return [...(value as number[])];
  const expected = n === 1 ? 'a positive integer' : `a positive integer or an array of ${n} positive integers [${names.join(', ')}]`;
  throw new FluxionError(`${op}: ${arg} must be ${expected}, but received ${fmtArg(value)}.`);
}

/** TensorFlow refuses strided dilated convolution: strides or dilations must be all ones. */
export function checkStridesDilations(op: string, strides: readonly number[], dilations: readonly number[], sArg = 'strides', dArg = 'dilations'): void {
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) {
    const f = (a: readonly number[]): string => (a.length === 1 ? String(a[0]) : fmtShape(a));
    throw new FluxionError(
      `${op}: ${sArg} ${f(strides)} and ${dArg} ${f(dilations)} cannot both be greater than 1 (TensorFlow does not ` +
        `support dilated convolution with strides). Use ${sArg} 1 with ${dArg} > 1, or ${dArg} 1 with ${sArg} > 1.`,
    );
  }
}

/** Checks that `dataFormat` is one of `allowed`. */
export function checkDataFormat<F extends string>(op: string, dataFormat: unknown, allowed: readonly F[]): F {
  if (typeof dataFormat === 'string' && (allowed as readonly string[]).includes(dataFormat)) return dataFormat as F;
  const list = allowed.map((f) => `'${f}'`).join(' or ');
  const upper = typeof dataFormat === 'string' ? allowed.find((f) => f === dataFormat.toUpperCase()) : undefined;
  throw new FluxionError(
    `${op}: dataFormat must be ${list}, but received ${fmtArg(dataFormat)}.${upper ? ` Data formats are upper case: use '${upper}'.` : ''}`,
  );
}

/** Checks `dimRoundingMode` (undefined: floor, as TensorFlow computes output sizes). */
export function checkRoundingMode(op: string, mode: unknown): DimRoundingMode | undefined {
  if (mode === undefined || mode === null) return undefined;
  if (mode === 'floor' || mode === 'round' || mode === 'ceil') return mode;
  throw new FluxionError(`${op}: dimRoundingMode must be 'floor', 'round' or 'ceil' (or left out), but received ${fmtArg(mode)}.`);
}

/**
 * Describes a layout such as 'NHWC' in words: [batch, height, width, channels].
 * With `dropBatch`, the layout of a single example.
 */
export function layoutWords(layout: string, dropBatch = false): string {
  const words: Record<string, string> = { N: 'batch', C: 'channels', D: 'depth', H: 'height', W: 'width' };
  const letters = [...layout].filter((l) => !(dropBatch && l === 'N'));
  return `[${letters.map((l) => words[l] ?? l).join(', ')}]`;
}

/**
 * Checks that x has the layout's rank or one less (a single example, as TensorFlow.js accepts).
 * `hints` maps a wrong rank to the likely fix.
 */
export function checkInputRank(op: string, x: Tensor, layout: string, hints: Partial<Record<number, string>> = {}): void {
  const rank = layout.length;
  if (x.rank === rank || x.rank === rank - 1) return;
  const hint = hints[x.rank];
  throw new FluxionError(
    `${op}: x must be rank ${rank} (${layout}: ${layoutWords(layout)}) or rank ${rank - 1} (a single example: ` +
      `${layoutWords(layout, true)}), but has rank ${x.rank} (shape ${fmtShape(x.shape)}).${hint ? ` ${hint}` : ''}`,
  );
}

/** Checks the rank of a filter argument; `layout` describes its dimensions. */
export function checkFilterRank(op: string, arg: string, f: Tensor, layout: string): void {
  const rank = layout.split(',').length;
  if (f.rank === rank) return;
  throw new FluxionError(`${op}: ${arg} must be rank ${rank} (${layout}), but has rank ${f.rank} (shape ${fmtShape(f.shape)}).`);
}

/**
 * Validates a padding argument for `rank`-dimensional x in `layout` (e.g. 'NHWC'). Explicit pads
 * list a [before, after] pair for every dimension of x, with zeros for batch and channels.
 * `modesOnly` restricts pad to 'valid' / 'same'.
 */
export function resolvePad(op: string, pad: unknown, layout: string, roundingMode: DimRoundingMode | undefined, modesOnly = false): ResolvedPad {
  const spatial = [...layout].map((l, i) => (l === 'N' || l === 'C' ? -1 : i)).filter((i) => i >= 0);
  const pairNames: Record<string, string> = { D: '[front,back]', H: '[top,bottom]', W: '[left,right]' };
  const template = `[${[...layout].map((l) => pairNames[l] ?? '[0,0]').join(',')}]`;
  const accepted = modesOnly
    ? "'valid' or 'same'"
    : `'valid', 'same', a non-negative integer or explicit padding ${template} (${layout})`;
  if (pad === 'same' || pad === 'valid') {
    if (roundingMode !== undefined) {
      throw new FluxionError(
        `${op}: dimRoundingMode '${roundingMode}' only applies to a numeric or explicit pad, but pad is '${pad}'. ` +
          'Leave dimRoundingMode out, or give pad as a number of zeros.',
      );
    }
    return { kind: pad };
  }
  if (!modesOnly && typeof pad === 'number') {
    if (!isNonNegInt(pad)) {
      throw new FluxionError(`${op}: a numeric pad must be a non-negative integer (zeros on every side), but received ${fmtArg(pad)}.`);
    }
    return { kind: 'explicit', before: spatial.map(() => pad), after: spatial.map(() => pad) };
  }
  if (!modesOnly && Array.isArray(pad)) {
    const ok =
      pad.length === layout.length &&
      pad.every((p: unknown) => Array.isArray(p) && p.length === 2 && p.every(isNonNegInt));
    if (!ok) {
      throw new FluxionError(
        `${op}: explicit pad must give a [before, after] pair of non-negative integers for each of the ${layout.length} ` +
          `dimensions of x (${layout}: ${template}), but received ${fmtArg(pad)}.`,
      );
    }
    const pairs = pad as number[][];
    const bad = [...layout].findIndex((l, i) => (l === 'N' || l === 'C') && pairs[i]?.some((v) => v !== 0));
    if (bad >= 0) {
      const which = layout[bad] === 'N' ? 'batch' : 'channel';
      throw new FluxionError(
        `${op}: explicit pad cannot pad the ${which} dimension (entry ${bad} must be [0,0]), but received ${fmtArg(pad)}. ` +
          `Expected ${template} (${layout}).`,
      );
    }
    return { kind: 'explicit', before: spatial.map((i) => pairs[i]?.[0] ?? 0), after: spatial.map((i) => pairs[i]?.[1] ?? 0) };
  }
  const lower = typeof pad === 'string' && (pad.toLowerCase() === 'same' || pad.toLowerCase() === 'valid') ? pad.toLowerCase() : undefined;
  throw new FluxionError(
    `${op}: pad must be ${accepted}, but received ${fmtArg(pad)}.${lower ? ` Pad modes are lower case: use '${lower}'.` : ''}`,
  );
}

/** Filter size once dilation spreads its taps: f + (f - 1)(d - 1). */
export function effectiveSize(filter: number, dilation: number): number {
  return filter + (filter - 1) * (dilation - 1);
}

function roundBy(value: number, mode: DimRoundingMode | undefined): number {
  switch (mode) {
    case 'ceil':
      return Math.ceil(value);
    case 'round':
      return Math.round(value);
    default:
      return Math.floor(value);
  }
}

/**
 * Output size and leading padding of a windowed op along each spatial axis, TensorFlow's rules:
 * 'same' gives ceil(in / stride) with the total padding split evenly (the extra zero after);
 * 'valid' and explicit pads give floor((in + padding - effectiveFilter) / stride) + 1 (or the
 * dimRoundingMode's rounding). A negative size is an error naming the axis; zero is an empty output.
 * `inputDesc` names the input in that error (e.g. 'x shape [1,2,2,1]').
 */
export function planSpatial(
  op: string,
  axisNames: readonly string[],
  inSize: readonly number[],
  filterSize: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
  pad: ResolvedPad,
  roundingMode: DimRoundingMode | undefined,
  inputDesc: string,
): SpatialPlan {
  const outSize: number[] = [];
  const padBefore: number[] = [];
  axisNames.forEach((name, i) => {
    const inp = inSize[i] ?? 1;
    const f = filterSize[i] ?? 1;
    const s = strides[i] ?? 1;
    const d = dilations[i] ?? 1;
    const eff = effectiveSize(f, d);
    if (pad.kind === 'same') {
      const out = Math.ceil(inp / s);
      const total = Math.max(0, (out - 1) * s + eff - inp);
      outSize.push(out);
      padBefore.push(Math.floor(total / 2));
      return;
    }
    const before = pad.kind === 'explicit' ? (pad.before[i] ?? 0) : 0;
    const after = pad.kind === 'explicit' ? (pad.after[i] ?? 0) : 0;
    const out = roundBy((inp + before + after - eff) / s, roundingMode) + 1;
    if (out < 0) {
      const filterDesc = d > 1 ? `effective filter ${name} ${eff} (filter ${f}, dilation ${d})` : `filter ${name} ${f}`;
      throw new FluxionError(
        `${op}: the output ${name} would be negative (${out}): the ${filterDesc} is larger than the padded input ${name} ` +
          `${inp + before + after} (${inputDesc}, padding ${before}+${after}). ` +
          "Use pad 'same', a smaller filter or dilation, or a larger input.",
      );
    }
    outSize.push(out);
    padBefore.push(before);
  });
  return { outSize, padBefore };
}

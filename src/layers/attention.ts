/**
 * Attention layers (Keras 3): Attention (Luong-style dot or Bahdanau-style concat scores) and
 * MultiHeadAttention.
 *
 * Calling convention. A Fluxion layer's apply() takes one `inputs` argument, so both layers take
 * the list [query, value] or [query, value, key] (key defaults to value). The Keras call options
 * are call arguments and constructor defaults:
 *   - `useCausalMask` (constructor default, overridable per call): position i of the query only
 *     attends to positions j <= i of the key;
 *   - `returnAttentionScores` (constructor default, overridable per call, symbolic calls
 *     included): the layer returns [output, scores];
 *   - `attentionMask` (MultiHeadAttention, call argument only, eager calls): a boolean or 0/1
 *     tensor of shape [batch, T, S] (true = may attend), ANDed with the implicit masks.
 * Implicit masks (Keras's _keras_mask) arrive as `mask: [queryMask, valueMask, keyMask?]`, as the
 * Functional model passes them; padded key positions get no attention and the output keeps the
 * query's mask.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import { Tensor, type Variable } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import type { InitializerIdentifier } from './initializers.js';
import { Layer, isShapeList, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { registerLayer } from './registry.js';
import { SymbolicTensor } from './symbolic.js';
import type { ConstraintIdentifier, RegularizerIdentifier } from './regularizers.js';

declare module './layer.js' {
  interface CallArgs {
    /** Attention layers: mask out future positions (query i attends to key j <= i). */
    useCausalMask?: boolean;
    /** Attention layers: also return the attention scores ([output, scores]). */
    returnAttentionScores?: boolean;
    /** MultiHeadAttention: [batch, T, S] boolean mask, true where attention is allowed. */
    attentionMask?: Tensor | null;
  }
}

/** Keras's large negative number for masked logits. */
const LARGE_NEGATIVE = -1e9;

function fmt(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** [query, value, key?] shapes, or an error naming what was received. */
function attentionShapes(layer: Layer, inputShape: ShapeWithNull | ShapeWithNull[]): [ShapeWithNull, ShapeWithNull, ShapeWithNull] {
  const label = `${layer.getClassName()} "${layer.name}"`;
  if (!isShapeList(inputShape)) {
    throw new FluxionError(
      `${label} must be called on a list of inputs, namely [query, value] or [query, value, key], but received a single tensor of shape ${fmt(inputShape)}.`,
    );
  }
  if (inputShape.length < 2 || inputShape.length > 3) {
    throw new FluxionError(
      `${label} must be called on a list of inputs, namely [query, value] or [query, value, key], but received ${inputShape.length} inputs (shapes ${inputShape.map(fmt).join(', ')}).`,
    );
  }
  const [q, v, k] = inputShape as [ShapeWithNull, ShapeWithNull, ShapeWithNull | undefined];
  return [q, v, k ?? v];
}

function maskList(mask: Tensor | Tensor[] | null | undefined): (Tensor | null)[] {
  if (mask === null || mask === undefined) return [];
  return (Array.isArray(mask) ? mask : [mask]).map((m) => m ?? null);
}

function toBool(m: Tensor): Tensor {
  return m.dtype === 'bool' ? m : ops.notEqual(m, 0);
}

/** Lower-triangular [1, T, S] mask: row i may attend to columns j <= i (Keras's causal mask). */
function causalMask(t: number, s: number): Tensor {
  const rows = ops.reshape(ops.range(0, t, 1, 'int32'), [1, t, 1]);
  const cols = ops.reshape(ops.range(0, s, 1, 'int32'), [1, 1, s]);
  return ops.greaterEqual(rows, cols);
}

/** softmax over the last axis with masked logits pushed to -1e9; masked weights are then zeroed (Keras 3's Softmax with a mask). */
function maskedSoftmax(scores: Tensor, mask: Tensor | null): Tensor {
  if (mask === null) return ops.softmax(scores, -1);
  const m = ops.cast(mask, scores.dtype);
  const p = ops.softmax(ops.add(scores, ops.mul(ops.sub(1, m), LARGE_NEGATIVE)), -1);
  return ops.mul(p, m);
}

// ---------------------------------------------------------------- Attention

export interface AttentionArgs extends LayerArgs {
  /** Learn a scalar that scales the scores (weight "scale", initialized to 1). */
  useScale?: boolean;
  /** 'dot' (query · key) or 'concat' (sum(tanh(query + key))). */
  scoreMode?: 'dot' | 'concat';
  /** Dropout rate on the attention weights during training. */
  dropout?: number;
  seed?: number | null;
  /** Default of the call argument useCausalMask. */
  useCausalMask?: boolean;
  /** Default of the call argument returnAttentionScores. */
  returnAttentionScores?: boolean;
}

/**
 * Dot-product (Luong) or additive (Bahdanau, scoreMode 'concat') attention on [batch, Tq, dim]
 * queries and [batch, Tv, dim] keys/values: output = softmax(scores) · value, of shape
 * [batch, Tq, valueDim]; scores [batch, Tq, Tv].
 */
export class Attention extends Layer {
  static override readonly className = 'Attention';
  readonly useScale: boolean;
  readonly scoreMode: 'dot' | 'concat';
  readonly dropout: number;
  readonly seed: number | null;
  readonly useCausalMask: boolean;
  readonly returnAttentionScores: boolean;
  scale: Variable | null = null;
  concatScoreWeight: Variable | null = null;

  constructor(args: AttentionArgs = {}) {
    super(args);
    this.useScale = args.useScale ?? false;
    const mode = args.scoreMode ?? 'dot';
    if (mode !== 'dot' && mode !== 'concat') {
      throw new FluxionError(`Attention: scoreMode must be 'dot' or 'concat', but received ${describeValue(args.scoreMode)}.`);
    }
    this.scoreMode = mode;
    const rate = args.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new FluxionError(`Attention: dropout must be a number in [0, 1), but received ${describeValue(args.dropout)}.`);
    }
    this.dropout = rate;
    this.seed = args.seed ?? null;
    this.useCausalMask = args.useCausalMask ?? false;
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.supportsMasking = true;
  }

  private checkShapes(inputShape: ShapeWithNull | ShapeWithNull[]): [ShapeWithNull, ShapeWithNull, ShapeWithNull] {
    const [q, v, k] = attentionShapes(this, inputShape);
    const label = `Attention "${this.name}"`;
    const names = ['query', 'value', 'key'];
    [q, v, k].forEach((s, i) => {
      if (s.length !== 3) {
        throw new FluxionError(`${label}: ${names[i]} must have rank 3 ([batch, steps, dim]), but has shape ${fmt(s)}.`);
      }
    });
    const qd = q[2] ?? null;
    const kd = k[2] ?? null;
    if (qd !== null && kd !== null && qd !== kd) {
      throw new FluxionError(`${label}: the last dimension of query and key must be equal, but query has shape ${fmt(q)} and key has shape ${fmt(k)}.`);
    }
    const vt = v[1] ?? null;
    const kt = k[1] ?? null;
    if (vt !== null && kt !== null && vt !== kt) {
      throw new FluxionError(`${label}: value and key must have the same number of steps, but value has shape ${fmt(v)} and key has shape ${fmt(k)}.`);
    }
    return [q, v, k];
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    this.checkShapes(inputShape);
    if (this.useScale) this.scale = this.addWeight('scale', [], { initializer: 'ones' });
    if (this.scoreMode === 'concat') this.concatScoreWeight = this.addWeight('concat_score_weight', [], { initializer: 'ones' });
    this.built = true;
  }

  /** [batch, Tq, Tv] scores. */
  private scores(query: Tensor, key: Tensor): Tensor {
    if (this.scoreMode === 'dot') {
      const s = ops.matMul(query, key, false, true);
      return this.scale ? ops.mul(s, this.scale) : s;
    }
    let sum = ops.add(ops.expandDims(query, -2), ops.expandDims(key, -3));
    if (this.scale) sum = ops.mul(sum, this.scale);
    return ops.mul(this.concatScoreWeight as Variable, ops.sum(ops.tanh(sum), -1));
  }

  override call(inputs: LayerInputs, args: CallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.checkShapes(Array.isArray(inputs) ? list.map((t) => [...t.shape]) : [...(inputs as Tensor).shape]);
    const [query, value, key] = [0, 1, 2].map((i) => ops.cast((list[i] ?? list[1]) as Tensor, this.dtype)) as [Tensor, Tensor, Tensor];
    const [qMask, vMask] = maskList(args.mask);
    const scores = this.scores(query, key);
    const tq = scores.shape[1] as number;
    const tv = scores.shape[2] as number;
    let scoreMask: Tensor | null = vMask ? ops.expandDims(toBool(vMask), -2) : null;
    if (args.useCausalMask ?? this.useCausalMask) {
      const causal = causalMask(tq, tv);
      scoreMask = scoreMask ? ops.logicalAnd(scoreMask, causal) : causal;
    }
    // Keras's Attention subtracts 1e9 from masked scores, then takes the softmax.
    const logits = scoreMask ? ops.sub(scores, ops.mul(ops.cast(ops.logicalNot(scoreMask), scores.dtype), 1e9)) : scores;
    let weights = ops.softmax(logits, -1);
    if (args.training && this.dropout > 0) weights = ops.dropout(weights, this.dropout, null, this.seed ?? undefined);
    let result = ops.matMul(weights, value);
    if (qMask) result = ops.mul(result, ops.cast(ops.expandDims(toBool(qMask), -1), result.dtype));
    // (as in Keras, the returned scores are the attention weights after dropout)
    return (args.returnAttentionScores ?? this.returnAttentionScores) ? [result, weights] : result;
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[], args?: CallArgs): ShapeWithNull | ShapeWithNull[] {
    const [q, v, k] = this.checkShapes(inputShape);
    const out: ShapeWithNull = [...q.slice(0, -1), v[v.length - 1] ?? null];
    if (args?.returnAttentionScores ?? this.returnAttentionScores) return [out, [q[0] ?? null, q[1] ?? null, k[1] ?? null]];
    return out;
  }

  /** The output keeps the query's mask. */
  override computeMask(_inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | null {
    return maskList(mask)[0] ?? null;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      useScale: this.useScale,
      scoreMode: this.scoreMode,
      dropout: this.dropout,
      seed: this.seed,
      useCausalMask: this.useCausalMask,
      returnAttentionScores: this.returnAttentionScores,
    };
  }
}

// ---------------------------------------------------------------- MultiHeadAttention

export interface MultiHeadAttentionArgs extends LayerArgs {
  numHeads: number;
  /** Size of each attention head for query and key. */
  keyDim: number;
  /** Size of each attention head for value (default keyDim). */
  valueDim?: number | null;
  dropout?: number;
  useBias?: boolean;
  /** The output's trailing shape (default: the query's last dimension). */
  outputShape?: number | number[] | null;
  /**
   * The axes attention runs over, as axes of the query (excluding the batch axis 0 and the
   * feature axis; negative values count from the end of the query's shape). Default: every axis
   * between them, which for [batch, steps, dim] inputs is the last-but-one axis.
   */
  attentionAxes?: number | number[] | null;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  seed?: number | null;
  /** Default of the call argument useCausalMask. */
  useCausalMask?: boolean;
  /** Default of the call argument returnAttentionScores. */
  returnAttentionScores?: boolean;
}

interface Projection {
  kernel: Variable;
  bias: Variable | null;
}

/**
 * Multi-head attention (Vaswani et al.), Keras 3 layout: query/key/value projections with
 * kernels [dim, numHeads, keyDim|valueDim] and biases [numHeads, keyDim|valueDim] (weights
 * "query/kernel", "query/bias", "key/...", "value/...", then "attention_output/kernel"
 * [numHeads, valueDim, ...outputShape] and "attention_output/bias" [...outputShape]), scaled
 * dot-product attention per head over `attentionAxes`, and the output projection.
 * Output: [batch, ...query's inner axes, ...outputShape]; scores [batch, (other axes,) numHeads, T..., S...].
 */
export class MultiHeadAttention extends Layer {
  static override readonly className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputShapeArg: number[] | null;
  readonly attentionAxes: number[] | null;
  readonly seed: number | null;
  readonly useCausalMask: boolean;
  readonly returnAttentionScores: boolean;
  private readonly args: MultiHeadAttentionArgs;
  private query: Projection | null = null;
  private key: Projection | null = null;
  private value: Projection | null = null;
  private output: Projection | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    const posInt = (name: string, v: unknown): number => {
      if (!Number.isInteger(v) || (v as number) <= 0) {
        throw new FluxionError(`MultiHeadAttention: ${name} must be a positive integer, but received ${describeValue(v)}.`);
      }
      return v as number;
    };
    this.numHeads = posInt('numHeads', args?.numHeads);
    this.keyDim = posInt('keyDim', args.keyDim);
    this.valueDim = args.valueDim === undefined || args.valueDim === null ? this.keyDim : posInt('valueDim', args.valueDim);
    const rate = args.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new FluxionError(`MultiHeadAttention: dropout must be a number in [0, 1), but received ${describeValue(args.dropout)}.`);
    }
    this.dropout = rate;
    this.useBias = args.useBias ?? true;
    const os = args.outputShape;
    if (os === undefined || os === null) this.outputShapeArg = null;
    else {
      const list = typeof os === 'number' ? [os] : os;
      if (!Array.isArray(list) || list.length === 0 || !list.every((d) => Number.isInteger(d) && d > 0)) {
        throw new FluxionError(`MultiHeadAttention: outputShape must be a positive integer or a list of positive integers, but received ${describeValue(os)}.`);
      }
      this.outputShapeArg = [...list];
    }
    const axes = args.attentionAxes;
    if (axes === undefined || axes === null) this.attentionAxes = null;
    else {
      const list = typeof axes === 'number' ? [axes] : axes;
      if (!Array.isArray(list) || list.length === 0 || !list.every((d) => Number.isInteger(d))) {
        throw new FluxionError(`MultiHeadAttention: attentionAxes must be an integer or a list of integers, but received ${describeValue(axes)}.`);
      }
      this.attentionAxes = [...list];
    }
    this.seed = args.seed ?? null;
    this.useCausalMask = args.useCausalMask ?? false;
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.args = args;
    this.supportsMasking = true;
  }

  private label(): string {
    return `MultiHeadAttention "${this.name}"`;
  }

  /** Attention axes as axes of the query (1..rank-2, sorted). */
  private resolvedAxes(rank: number): number[] {
    if (this.attentionAxes === null) return Array.from({ length: rank - 2 }, (_, i) => i + 1);
    const out = this.attentionAxes.map((a) => {
      const r = a < 0 ? a + rank : a;
      if (r < 1 || r > rank - 2) {
        throw new FluxionError(
          `${this.label()}: attentionAxes entry ${a} is out of range for a query of rank ${rank}; it must name an axis between the batch axis and the feature axis (1..${rank - 2}).`,
        );
      }
      return r;
    });
    return [...new Set(out)].sort((x, y) => x - y);
  }

  private checkShapes(inputShape: ShapeWithNull | ShapeWithNull[]): [ShapeWithNull, ShapeWithNull, ShapeWithNull] {
    const [q, v, k] = attentionShapes(this, inputShape);
    if (q.length < 3) {
      throw new FluxionError(`${this.label()}: query must have rank >= 3 ([batch, steps, dim]), but has shape ${fmt(q)}.`);
    }
    for (const [name, s] of [['value', v], ['key', k]] as const) {
      if (s.length !== q.length) {
        throw new FluxionError(`${this.label()}: ${name} must have the same rank as query, but query has shape ${fmt(q)} and ${name} has shape ${fmt(s)}.`);
      }
    }
    const vInner = v.slice(1, -1);
    const kInner = k.slice(1, -1);
    if (vInner.some((d, i) => d !== null && kInner[i] !== null && kInner[i] !== undefined && d !== kInner[i])) {
      throw new FluxionError(
        `${this.label()}: all dimensions of value and key, except the last one, must be equal, but value has shape ${fmt(v)} and key has shape ${fmt(k)}.`,
      );
    }
    const axes = this.resolvedAxes(q.length);
    for (let i = 1; i < q.length - 1; i++) {
      if (axes.includes(i)) continue;
      const a = q[i] ?? null;
      const b = v[i] ?? null;
      if (a !== null && b !== null && a !== b) {
        throw new FluxionError(
          `${this.label()}: axis ${i} is not an attention axis, so query and value must agree on it, but query has shape ${fmt(q)} and value has shape ${fmt(v)}.`,
        );
      }
    }
    return [q, v, k];
  }

  private projection(name: string, inDim: number | null, heads: number, size: number): Projection {
    if (inDim === null) throw new FluxionError(`${this.label()}: the last dimension of the ${name} input must be known to build the layer.`);
    const kernel = this.addWeight(`${name}/kernel`, [inDim, heads, size], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer ?? null,
      constraint: this.args.kernelConstraint ?? null,
    });
    const bias = this.useBias
      ? this.addWeight(`${name}/bias`, [heads, size], {
          initializer: this.args.biasInitializer ?? 'zeros',
          regularizer: this.args.biasRegularizer ?? null,
          constraint: this.args.biasConstraint ?? null,
        })
      : null;
    return { kernel, bias };
  }

  private outTrailing(q: ShapeWithNull): number[] {
    if (this.outputShapeArg) return this.outputShapeArg;
    const d = q[q.length - 1] ?? null;
    if (d === null) throw new FluxionError(`${this.label()}: the last dimension of the query must be known to build the layer.`);
    return [d];
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    const [q, v, k] = this.checkShapes(inputShape);
    this.query = this.projection('query', q[q.length - 1] ?? null, this.numHeads, this.keyDim);
    this.key = this.projection('key', k[k.length - 1] ?? null, this.numHeads, this.keyDim);
    this.value = this.projection('value', v[v.length - 1] ?? null, this.numHeads, this.valueDim);
    const out = this.outTrailing(q);
    const kernel = this.addWeight('attention_output/kernel', [this.numHeads, this.valueDim, ...out], {
      initializer: this.args.kernelInitializer ?? 'glorotUniform',
      regularizer: this.args.kernelRegularizer ?? null,
      constraint: this.args.kernelConstraint ?? null,
    });
    const bias = this.useBias
      ? this.addWeight('attention_output/bias', out, {
          initializer: this.args.biasInitializer ?? 'zeros',
          regularizer: this.args.biasRegularizer ?? null,
          constraint: this.args.biasConstraint ?? null,
        })
      : null;
    this.output = { kernel, bias };
    this.built = true;
  }

  /** x [..., dim] -> [..., heads, size] (Keras's EinsumDense "...d,dhs->...hs"). */
  private project(x: Tensor, p: Projection): Tensor {
    const [dim, heads, size] = p.kernel.shape as [number, number, number];
    let y = ops.matMul(ops.reshape(x, [-1, dim]), ops.reshape(p.kernel, [dim, heads * size]));
    y = ops.reshape(y, [...x.shape.slice(0, -1), heads, size]);
    return p.bias ? ops.add(y, p.bias) : y;
  }

  /** The implicit, causal and explicit masks combined into one [b|1, Tf, Sf] boolean tensor, or null. */
  private combinedMask(args: CallArgs, q: Tensor, v: Tensor, axes: number[], tf: number, sf: number): Tensor | null {
    const [qMask, vMask, kMask] = maskList(args.mask);
    const batch = q.shape[0] as number;
    const otherAxes = q.rank - 2 - axes.length;
    let mask: Tensor | null = null;
    const and = (m: Tensor): void => {
      mask = mask === null ? m : ops.logicalAnd(mask, m);
    };
    const implicit = (m: Tensor | null | undefined, which: string, shape: number[]): void => {
      if (m === null || m === undefined) return;
      if (otherAxes > 0) {
        throw new FluxionError(
          `${this.label()}: ${which} masks are only supported when attention runs over every axis between the batch and feature axes (attentionAxes ${fmt(axes)} for a query of rank ${q.rank}).`,
        );
      }
      and(ops.reshape(toBool(m), shape));
    };
    implicit(qMask, 'query', [batch, tf, 1]);
    implicit(vMask, 'value', [batch, 1, sf]);
    implicit(kMask, 'key', [batch, 1, sf]);
    if (args.useCausalMask ?? this.useCausalMask) and(causalMask(tf, sf));
    const explicit = args.attentionMask ?? null;
    if (explicit !== null) {
      this.checkAttentionMaskArg(explicit);
      const expected = [batch, ...axes.map((a) => q.shape[a] as number), ...axes.map((a) => v.shape[a] as number)];
      if (explicit.size !== batch * tf * sf && explicit.size !== tf * sf) {
        throw new FluxionError(
          `${this.label()}: attentionMask must have shape ${fmt(expected)} ([batch, query steps, key steps]), but has shape ${fmt(explicit.shape)}.`,
        );
      }
      and(ops.reshape(toBool(explicit), [explicit.size === tf * sf ? 1 : batch, tf, sf]));
    }
    return mask;
  }

  override call(inputs: LayerInputs, args: CallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.checkShapes(Array.isArray(inputs) ? list.map((t) => [...t.shape]) : [...(inputs as Tensor).shape]);
    const [queryIn, valueIn, keyIn] = [0, 1, 2].map((i) => ops.cast((list[i] ?? list[1]) as Tensor, this.dtype)) as [Tensor, Tensor, Tensor];
    const rank = queryIn.rank;
    const axes = this.resolvedAxes(rank);
    const others = Array.from({ length: rank - 2 }, (_, i) => i + 1).filter((a) => !axes.includes(a));
    // Projected tensors are [batch, ...inner, heads, size]; bring them to [batch, ...others, heads, flat attention axes, size].
    const perm = [0, ...others, rank - 1, ...axes, rank];
    const flatten = (x: Tensor): [Tensor, number] => {
      const t = ops.transpose(x, perm);
      const flat = axes.reduce((n, a) => n * (x.shape[a] as number), 1);
      const lead = t.shape.slice(0, others.length + 2);
      return [ops.reshape(t, [...lead, flat, x.shape[rank] as number]), flat];
    };
    const [q, tf] = flatten(ops.mul(this.project(queryIn, this.query as Projection), 1 / Math.sqrt(this.keyDim)));
    const [k, sf] = flatten(this.project(keyIn, this.key as Projection));
    const [v] = flatten(this.project(valueIn, this.value as Projection));
    const scores = ops.matMul(q, k, false, true); // [batch, ...others, heads, Tf, Sf]
    const mask = this.combinedMask(args, queryIn, valueIn, axes, tf, sf);
    // [b|1, Tf|1, Sf|1] -> broadcastable against the scores [batch, ...others, heads, Tf, Sf]
    const maskShaped = mask === null ? null : ops.reshape(mask, [(mask as Tensor).shape[0] as number, ...new Array<number>(others.length + 1).fill(1), ...(mask as Tensor).shape.slice(1)]);
    const probs = maskedSoftmax(scores, maskShaped);
    const dropped = args.training && this.dropout > 0 ? ops.dropout(probs, this.dropout, null, this.seed ?? undefined) : probs;
    let att = ops.matMul(dropped, v); // [batch, ...others, heads, Tf, valueDim]
    // Back to [batch, ...inner, heads, valueDim].
    const lead = att.shape.slice(0, others.length + 2);
    att = ops.reshape(att, [...lead, ...axes.map((a) => queryIn.shape[a] as number), this.valueDim]);
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    att = ops.transpose(att, inverse);
    // Output projection: [..., heads, valueDim] x [heads, valueDim, ...out] -> [..., ...out].
    const outP = this.output as Projection;
    const trailing = outP.kernel.shape.slice(2);
    const outSize = trailing.reduce((a, b) => a * b, 1);
    let y = ops.matMul(ops.reshape(att, [-1, this.numHeads * this.valueDim]), ops.reshape(outP.kernel, [this.numHeads * this.valueDim, outSize]));
    y = ops.reshape(y, [...queryIn.shape.slice(0, -1), ...trailing]);
    if (outP.bias) y = ops.add(y, outP.bias);
    if (!(args.returnAttentionScores ?? this.returnAttentionScores)) return y;
    const scoreShape = [...probs.shape.slice(0, others.length + 2), ...axes.map((a) => queryIn.shape[a] as number), ...axes.map((a) => keyIn.shape[a] as number)];
    return [y, ops.reshape(probs, scoreShape)];
  }

  /** attentionMask must be a real tensor (a symbolic one cannot travel as a call argument). */
  private checkAttentionMaskArg(m: unknown): void {
    if (m === null || m === undefined || m instanceof Tensor) return;
    throw new FluxionError(
      `${this.label()}: attentionMask must be a tensor of shape [batch, T, S], but received ${m instanceof SymbolicTensor ? 'a symbolic tensor' : describeValue(m)}. ` +
        'In a Functional model, padding masks travel with the inputs (their masks) and causal masking is the useCausalMask option; an explicit attentionMask is for eager calls.',
    );
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[], args?: CallArgs): ShapeWithNull | ShapeWithNull[] {
    this.checkAttentionMaskArg(args?.attentionMask);
    const [q, , k] = this.checkShapes(inputShape);
    const out: ShapeWithNull = [...q.slice(0, -1), ...(this.outputShapeArg ?? [q[q.length - 1] ?? null])];
    if (!(args?.returnAttentionScores ?? this.returnAttentionScores)) return out;
    const axes = this.resolvedAxes(q.length);
    const others = Array.from({ length: q.length - 2 }, (_, i) => i + 1).filter((a) => !axes.includes(a));
    return [out, [q[0] ?? null, ...others.map((a) => q[a] ?? null), this.numHeads, ...axes.map((a) => q[a] ?? null), ...axes.map((a) => k[a] ?? null)]];
  }

  /** The output keeps the query's mask. */
  override computeMask(_inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | null {
    return maskList(mask)[0] ?? null;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputShapeArg,
      attentionAxes: this.attentionAxes,
      kernelInitializer: this.args.kernelInitializer ?? 'glorotUniform',
      biasInitializer: this.args.biasInitializer ?? 'zeros',
      kernelRegularizer: this.args.kernelRegularizer ?? null,
      biasRegularizer: this.args.biasRegularizer ?? null,
      kernelConstraint: this.args.kernelConstraint ?? null,
      biasConstraint: this.args.biasConstraint ?? null,
      seed: this.seed,
      useCausalMask: this.useCausalMask,
      returnAttentionScores: this.returnAttentionScores,
    };
  }
}

registerLayer('Attention', (c) => new Attention(c as AttentionArgs));
registerLayer('MultiHeadAttention', (c) => new MultiHeadAttention(c as unknown as MultiHeadAttentionArgs));

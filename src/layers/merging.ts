/**
 * Merge layers (Keras 3): Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot.
 *
 * They are called on a list of tensors. The elementwise ones broadcast as Keras 3 does: the
 * batch sizes must agree; inputs of lower rank get size-1 axes inserted after the batch axis
 * (axis 1) until all ranks agree; then every axis must have equal sizes or size 1. Their output
 * mask (Keras 3) is the logical OR of the input masks when every input has one, and none
 * otherwise; Maximum, Minimum and Multiply also use the masks in the computation (a masked-out
 * value does not take part: Maximum/Minimum take the other inputs' values there, Multiply treats
 * it as 1, and positions masked in every input give 0). Concatenate and Dot: see below.
 */
import { describeValue, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../ops/index.js';
import { Layer, isShapeList, type CallArgs, type LayerArgs, type LayerInputs, type ShapeWithNull } from './layer.js';
import { registerLayer } from './registry.js';

function fmt(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

function asFloat(x: Tensor, dtype: Layer['dtype']): Tensor {
  return x.dtype === 'float32' || x.dtype === 'float64' ? ops.cast(x, dtype) : x;
}

/** Shared machinery: list checks, shape broadcasting, mask combination. */
export abstract class Merge extends Layer {
  /** Exactly this many inputs (Subtract, Dot), or null for "at least one". */
  protected readonly exactInputs: number | null = null;

  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  protected label(): string {
    return `${this.getClassName()} "${this.name}"`;
  }

  /** The list of input shapes, or a Keras-quality error when the input is not a list of the right length. */
  protected shapeList(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull[] {
    if (!isShapeList(inputShape)) {
      throw new FluxionError(
        `${this.label()}: a merge layer must be called on a list of tensors${this.exactInputs === null ? '' : ` (exactly ${this.exactInputs})`}, ` +
          `but received a single tensor of shape ${fmt(inputShape)}.`,
      );
    }
    if (this.exactInputs !== null && inputShape.length !== this.exactInputs) {
      throw new FluxionError(
        `${this.label()}: expected exactly ${this.exactInputs} inputs, but received ${inputShape.length} (shapes ${inputShape.map(fmt).join(', ')}).`,
      );
    }
    if (inputShape.length < 1) throw new FluxionError(`${this.label()}: a merge layer must be called on a list of at least 1 input, but received 0.`);
    return inputShape;
  }

  protected tensorList(inputs: LayerInputs): Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.shapeList(Array.isArray(inputs) ? list.map((t) => [...t.shape]) : [...(inputs as Tensor).shape]);
    return list.map((t) => asFloat(t, this.dtype));
  }

  /** Keras's _compute_elemwise_op_output_shape on the shapes without the batch axis (aligned from the right). */
  private broadcastPair(full1: ShapeWithNull, full2: ShapeWithNull, s1: ShapeWithNull, s2: ShapeWithNull): ShapeWithNull {
    if (s1.length < s2.length) return this.broadcastPair(full2, full1, s2, s1);
    const out: ShapeWithNull = s1.slice(0, s1.length - s2.length);
    const tail = s1.slice(s1.length - s2.length);
    tail.forEach((i, k) => {
      const j = s2[k] as number | null;
      if (i === null || j === null) out.push(i === 1 ? j : j === 1 ? i : null);
      else if (i === 1) out.push(j);
      else if (j === 1) out.push(i);
      else if (i !== j) {
        throw new FluxionError(
          `${this.label()}: inputs have incompatible shapes: received shapes ${fmt(full1)} and ${fmt(full2)}; ` +
            'after the batch axis, axes aligned from the right must have equal sizes or size 1.',
        );
      } else out.push(i);
    });
    return out;
  }

  protected elementwiseOutputShape(shapes: ShapeWithNull[]): ShapeWithNull {
    const batches = new Set(shapes.map((s) => s[0] ?? null).filter((d) => d !== null));
    if (batches.size > 1) {
      throw new FluxionError(`${this.label()}: cannot merge tensors with different batch sizes; received shapes ${shapes.map(fmt).join(' and ')}.`);
    }
    const first = shapes[0] as ShapeWithNull;
    let out = first.slice(1);
    let full = first;
    for (const s of shapes.slice(1)) {
      out = this.broadcastPair(full, s, out, s.slice(1));
      full = [null, ...out];
    }
    return [batches.size === 1 ? ([...batches][0] as number) : null, ...out];
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    this.elementwiseOutputShape(this.shapeList(inputShape));
    this.built = true;
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    const out = this.elementwiseOutputShape(this.shapeList(inputShape));
    const batchKnown = this.shapeList(inputShape).every((s) => s[0] !== null);
    return batchKnown ? out : [null, ...out.slice(1)];
  }

  /**
   * The elementwise combination of inputs of equal rank (broadcasting). `masks[i]` is input i's
   * mask broadcast to its shape, or null.
   */
  protected abstract merge(inputs: Tensor[], masks: (Tensor | null)[]): Tensor;

  override call(inputs: LayerInputs, args: CallArgs): Tensor {
    const list = this.tensorList(inputs);
    this.elementwiseOutputShape(list.map((t) => [...t.shape]));
    const maxRank = Math.max(...list.map((t) => t.rank));
    const given = args.mask === null || args.mask === undefined ? [] : Array.isArray(args.mask) ? args.mask : [args.mask];
    const masks = list.map((t, i) => {
      const m = given[i] ?? null;
      // As in Keras, inputs that get expanded to the common rank lose their mask.
      if (m === null || t.rank < maxRank) return null;
      const b = ops.cast(m, 'bool');
      return ops.broadcastTo(b.rank < t.rank ? ops.expandDims(b, -1) : b, t.shape);
    });
    const same = list.map((t) => {
      let x = t;
      while (x.rank < maxRank) x = ops.expandDims(x, 1);
      return x;
    });
    return this.merge(same, masks);
  }

  /** The OR of the input masks when every input has one; otherwise no mask. */
  override computeMask(_inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | null {
    if (mask === null) return null;
    const masks = Array.isArray(mask) ? mask : [mask];
    if (masks.length === 0 || masks.some((m) => m === null || m === undefined)) return null;
    return masks.slice(1).reduce((a, m) => ops.logicalOr(a, ops.cast(m, 'bool')), ops.cast(masks[0] as Tensor, 'bool'));
  }

  /** Keras's _apply_merge_op_and_or_mask: a masked-out value is replaced by the running result (Maximum, Minimum). */
  protected mergeSkippingMasked(op: (a: Tensor, b: Tensor) => Tensor, inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    let output = inputs[0] as Tensor;
    let outMask = masks[0] ?? null;
    inputs.slice(1).forEach((input, k) => {
      const mask = masks[k + 1] ?? null;
      let x = input;
      if (mask !== null) x = ops.where(mask, x, output);
      if (outMask !== null) output = ops.where(outMask, output, x);
      outMask = mask !== null && outMask !== null ? ops.logicalOr(outMask, mask) : null;
      output = op(output, x);
    });
    return output;
  }
}

/** The sum of the inputs. */
export class Add extends Merge {
  static override readonly className = 'Add';
  protected merge(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((a, b) => ops.add(a, b), inputs[0] as Tensor);
  }
}

/** inputs[0] - inputs[1] (exactly two inputs). */
export class Subtract extends Merge {
  static override readonly className = 'Subtract';
  protected override readonly exactInputs: number | null = 2;
  protected merge(inputs: Tensor[]): Tensor {
    return ops.sub(inputs[0] as Tensor, inputs[1] as Tensor);
  }
}

/** The elementwise product of the inputs. */
export class Multiply extends Merge {
  static override readonly className = 'Multiply';
  protected merge(inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    if (masks.every((m) => m === null)) return inputs.slice(1).reduce((a, b) => ops.mul(a, b), inputs[0] as Tensor);
    // Masked-out values count as 1; where every input is masked out the result is 0.
    const factors = inputs.map((x, i) => {
      const m = masks[i] ?? null;
      return m === null ? x : ops.where(m, x, ops.onesLike(x));
    });
    const product = factors.slice(1).reduce((a, b) => ops.mul(a, b), factors[0] as Tensor);
    if (masks.some((m) => m === null)) return product;
    const any = (masks as Tensor[]).slice(1).reduce((a, m) => ops.logicalOr(a, m), masks[0] as Tensor);
    return ops.where(any, product, ops.zerosLike(product));
  }
}

/** The elementwise mean of the inputs. */
export class Average extends Merge {
  static override readonly className = 'Average';
  protected merge(inputs: Tensor[]): Tensor {
    return ops.div(inputs.slice(1).reduce((a, b) => ops.add(a, b), inputs[0] as Tensor), inputs.length);
  }
}

/** The elementwise maximum of the inputs. */
export class Maximum extends Merge {
  static override readonly className = 'Maximum';
  protected merge(inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    return this.mergeSkippingMasked((a, b) => ops.maximum(a, b), inputs, masks);
  }
}

/** The elementwise minimum of the inputs. */
export class Minimum extends Merge {
  static override readonly className = 'Minimum';
  protected merge(inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    return this.mergeSkippingMasked((a, b) => ops.minimum(a, b), inputs, masks);
  }
}

export interface ConcatenateArgs extends LayerArgs {
  /** The axis to concatenate along (default -1; the batch axis 0 is not allowed). */
  axis?: number;
}

/**
 * Concatenates a list of inputs of equal rank along `axis`; every other axis must match. Output
 * mask (Keras 3): the input masks (all-true where absent, broadcast over the feature axis when
 * of lower rank) concatenated along `axis`, reduced with ANY over the last axis.
 */
export class Concatenate extends Merge {
  static override readonly className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new FluxionError(`Concatenate: axis must be an integer, but received ${describeValue(args.axis)}.`);
    this.axis = axis;
  }

  private resolvedAxis(rank: number): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 1 || a >= rank) {
      throw new FluxionError(
        `${this.label()}: axis ${this.axis} is out of range for inputs of rank ${rank}; it must name a non-batch axis (1..${rank - 1} or -${rank - 1}..-1).`,
      );
    }
    return a;
  }

  private concatShape(shapes: ShapeWithNull[]): ShapeWithNull {
    const first = shapes[0] as ShapeWithNull;
    for (const s of shapes.slice(1)) {
      if (s.length !== first.length) {
        throw new FluxionError(
          `${this.label()}: all inputs must have the same rank; received shapes ${fmt(first)} (rank ${first.length}) and ${fmt(s)} (rank ${s.length}).`,
        );
      }
    }
    const axis = this.resolvedAxis(first.length);
    const out: ShapeWithNull = [...first];
    for (const s of shapes.slice(1)) {
      s.forEach((d, i) => {
        if (i === axis) {
          const cur = out[axis] ?? null;
          out[axis] = cur === null || d === null ? null : cur + d;
          return;
        }
        const cur = out[i] ?? null;
        if (cur !== null && d !== null && cur !== d) {
          throw new FluxionError(
            `${this.label()}: inputs must have matching shapes except for the concatenation axis ${this.axis}; ` +
              `received shapes ${fmt(first)} and ${fmt(s)} (axis ${i}: ${cur} vs ${d}).`,
          );
        }
        if (cur === null) out[i] = d;
      });
    }
    return out;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    this.concatShape(this.shapeList(inputShape));
    this.built = true;
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return this.concatShape(this.shapeList(inputShape));
  }

  protected merge(inputs: Tensor[]): Tensor {
    return ops.concat(inputs, this.axis);
  }

  override call(inputs: LayerInputs, _args: CallArgs): Tensor {
    const list = this.tensorList(inputs);
    this.concatShape(list.map((t) => [...t.shape]));
    return ops.concat(list, this.resolvedAxis(list[0]?.rank ?? 0));
  }

  override computeMask(inputs: LayerInputs, mask: Tensor | Tensor[] | null): Tensor | null {
    if (mask === null) return null;
    const masks = Array.isArray(mask) ? mask : [mask];
    if (masks.every((m) => m === null || m === undefined)) return null;
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const full = list.map((x, i) => {
      const m = masks[i] ?? null;
      if (m === null) return ops.cast(ops.onesLike(x), 'bool');
      if (m.rank < x.rank) return ops.broadcastTo(ops.expandDims(ops.cast(m, 'bool'), -1), x.shape);
      return ops.cast(m, 'bool');
    });
    const rank = list[0]?.rank ?? 0;
    return ops.any(ops.concat(full, this.resolvedAxis(rank)), -1);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

export interface DotArgs extends LayerArgs {
  /** The axis (or one axis per input) to contract; the batch axis 0 cannot be contracted. */
  axes: number | [number, number];
  /** L2-normalize both inputs along the contracted axes first (the result is then the cosine similarity). */
  normalize?: boolean;
}

/**
 * The dot product of two batched tensors along `axes` (Keras's batch_dot): for inputs of shapes
 * [b, ...s1] and [b, ...s2], the output is [b, ...s1 without the axis, ...s2 without the axis],
 * and [b, 1] when that leaves only the batch axis. The output has no mask.
 */
export class Dot extends Merge {
  static override readonly className = 'Dot';
  protected override readonly exactInputs: number | null = 2;
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(args: DotArgs) {
    super(args);
    const axes = args?.axes;
    const okAxis = (a: unknown): boolean => Number.isInteger(a);
    if (!(okAxis(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every(okAxis)))) {
      throw new FluxionError(`Dot: axes must be an integer or a list of 2 integers, but received ${describeValue(axes)}.`);
    }
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : axes;
    this.normalize = args.normalize ?? false;
    this.supportsMasking = false;
  }

  private resolvedAxes(shape1: ShapeWithNull, shape2: ShapeWithNull): [number, number] {
    const pair = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    const resolved = pair.map((a, i) => {
      const rank = (i === 0 ? shape1 : shape2).length;
      const r = a < 0 ? a + rank : a;
      if (r < 1 || r >= rank) {
        throw new FluxionError(
          `${this.label()}: axis ${a} of input ${i} is out of range for its shape ${fmt(i === 0 ? shape1 : shape2)}; it must name a non-batch axis.`,
        );
      }
      return r;
    });
    return [resolved[0] as number, resolved[1] as number];
  }

  private dotShape(shapes: ShapeWithNull[]): ShapeWithNull {
    const [s1, s2] = [shapes[0] as ShapeWithNull, shapes[1] as ShapeWithNull];
    const [a1, a2] = this.resolvedAxes(s1, s2);
    const d1 = s1[a1] ?? null;
    const d2 = s2[a2] ?? null;
    if (d1 !== null && d2 !== null && d1 !== d2) {
      throw new FluxionError(
        `${this.label()}: incompatible input shapes: axis ${a1} of the first input has size ${d1}, but axis ${a2} of the second has size ${d2}; ` +
          `received shapes ${fmt(s1)} and ${fmt(s2)}.`,
      );
    }
    const b1 = s1[0] ?? null;
    const b2 = s2[0] ?? null;
    if (b1 !== null && b2 !== null && b1 !== b2) {
      throw new FluxionError(`${this.label()}: cannot merge tensors with different batch sizes; received shapes ${fmt(s1)} and ${fmt(s2)}.`);
    }
    const out = [...s1.filter((_, i) => i !== a1), ...s2.filter((_, i) => i !== a2 && i !== 0)];
    return out.length === 1 ? [...out, 1] : out;
  }

  override build(inputShape: ShapeWithNull | ShapeWithNull[]): void {
    this.dotShape(this.shapeList(inputShape));
    this.built = true;
  }

  override computeOutputShape(inputShape: ShapeWithNull | ShapeWithNull[]): ShapeWithNull {
    return this.dotShape(this.shapeList(inputShape));
  }

  protected merge(inputs: Tensor[]): Tensor {
    return inputs[0] as Tensor;
  }

  override call(inputs: LayerInputs, _args: CallArgs): Tensor {
    const list = this.tensorList(inputs);
    let [x, y] = [list[0] as Tensor, list[1] as Tensor];
    const outShape = this.dotShape([[...x.shape], [...y.shape]]) as number[];
    const [a1, a2] = this.resolvedAxes([...x.shape], [...y.shape]);
    if (this.normalize) {
      x = l2Normalize(x, a1);
      y = l2Normalize(y, a2);
    }
    // x -> [b, rest1, d] and y -> [b, d, rest2], then one batched matMul.
    const perm1 = [...x.shape.keys()].filter((i) => i !== a1);
    const perm2 = [...y.shape.keys()].filter((i) => i !== a2 && i !== 0);
    const b = x.shape[0] as number;
    const d = x.shape[a1] as number;
    const xt = ops.reshape(ops.transpose(x, [...perm1, a1]), [b, -1, d]);
    const yt = ops.reshape(ops.transpose(y, [0, a2, ...perm2]), [b, d, -1]);
    return ops.reshape(ops.matMul(xt, yt), outShape);
  }

  override computeMask(): null {
    return null;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}

/** x / sqrt(max(sum(x^2, axis), 1e-12)) (Keras's l2_normalize). */
function l2Normalize(x: Tensor, axis: number): Tensor {
  const sq = ops.sum(ops.square(x), axis, true);
  return ops.mul(x, ops.rsqrt(ops.maximum(sq, 1e-12)));
}

registerLayer('Add', (c) => new Add(c as LayerArgs));
registerLayer('Subtract', (c) => new Subtract(c as LayerArgs));
registerLayer('Multiply', (c) => new Multiply(c as LayerArgs));
registerLayer('Average', (c) => new Average(c as LayerArgs));
registerLayer('Maximum', (c) => new Maximum(c as LayerArgs));
registerLayer('Minimum', (c) => new Minimum(c as LayerArgs));
registerLayer('Concatenate', (c) => new Concatenate(c as ConcatenateArgs));
registerLayer('Dot', (c) => new Dot(c as unknown as DotArgs));

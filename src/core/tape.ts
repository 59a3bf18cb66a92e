/**
 * The tape that ops record onto while a gradient computation is active. Each recorded node keeps
 * its inputs, its outputs and its backward rule; `computeGradients` walks the nodes that lie on
 * a path from the sources to the target in reverse. Backward rules are written with ops, so when
 * another tape is recording they are recorded too: that is how higher-order gradients work.
 */
import { FluxionError, fmtShape } from './errors.js';
import { isFloat } from './dtype.js';
import { shapesEqual } from './shape.js';
import { Tensor, Variable } from './tensor.js';

/**
 * A node's backward rule: one gradient (or null) per input. `needs[i]` is false for inputs no
 * source depends on (data, the first layer's input), so rules may skip computing them.
 * `received[k]` is false for outputs no gradient reached: their dys[k] are zeros, filled in, so
 * rules may skip the terms they contribute.
 */
export type BackwardFn = (dys: [Tensor, ...Tensor[]], needs: readonly boolean[], received: readonly boolean[]) => (Tensor | null)[];

export interface TapeNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly backward: BackwardFn;
}

/** What the tape needs from the op library to accumulate and seed gradients. */
export interface GradientMath {
  add(a: Tensor, b: Tensor): Tensor;
  onesLike(x: Tensor): Tensor;
  zerosLike(x: Tensor): Tensor;
}

export class Tape {
  readonly persistent: boolean;
  readonly watchAccessedVariables: boolean;
  recording = true;
  private readonly tracked = new Set<number>();
  private nodes: TapeNode[] = [];
  /** Tensors referenced by recorded nodes; an enclosing tidy must not release them. */
  private readonly held = new Set<number>();
  private readonly variables = new Set<Variable>();
  private cleared = false;

  constructor(persistent = false, watchAccessedVariables = true) {
    this.persistent = persistent;
    this.watchAccessedVariables = watchAccessedVariables;
  }

  watch(t: Tensor): void {
    this.tracked.add(t.id);
  }

  isTracked(t: Tensor): boolean {
    if (this.tracked.has(t.id)) return true;
    return this.watchAccessedVariables && t instanceof Variable && t.trainable && isFloat(t.dtype);
  }

  holds(t: Tensor): boolean {
    return this.held.has(t.id);
  }

  /** Records `node` if one of its inputs is tracked; returns whether it did. */
  maybeRecord(node: TapeNode): boolean {
    if (!this.recording || !node.inputs.some((t) => this.isTracked(t))) return false;
    this.nodes.push(node);
    for (const t of node.inputs) {
      this.held.add(t.id);
      if (t instanceof Variable && this.isTracked(t)) this.variables.add(t);
    }
    for (const t of node.outputs) {
      this.held.add(t.id);
      if (isFloat(t.dtype)) this.tracked.add(t.id);
    }
    return true;
  }

  /** Trainable variables that recorded ops read. */
  accessedVariables(): Set<Variable> {
    return new Set(this.variables);
  }

  clear(): void {
    this.nodes = [];
    this.held.clear();
    this.tracked.clear();
    this.variables.clear();
  }

  markCleared(): void {
    this.cleared = true;
  }

  isCleared(): boolean {
    return this.cleared;
  }

  /**
   * Gradients of `target` with respect to each source (null where the target does not depend
   * on it). `dy` seeds the target's gradient (default: ones).
   */
  computeGradients(math: GradientMath, target: Tensor, sources: readonly Tensor[], dy?: Tensor): (Tensor | null)[] {
    const { path, fromSources } = this.nodesOnPath(target, sources);
    const grads = new Map<number, Tensor>();
    const seed = dy ?? math.onesLike(target);
    if (!shapesEqual(seed.shape, target.shape)) {
      throw new FluxionError(
        `gradient: dy must have the target's shape ${fmtShape(target.shape)}, but has shape ${fmtShape(seed.shape)}.`,
      );
    }
    grads.set(target.id, seed);
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i];
      if (node === undefined) continue;
      const dys = node.outputs.map((o) => grads.get(o.id) ?? null);
      if (dys.every((g) => g === null)) continue;
      const filled = node.outputs.map((o, k) => dys[k] ?? math.zerosLike(o)) as [Tensor, ...Tensor[]];
      const needs = node.inputs.map((t) => fromSources.has(t.id) && isFloat(t.dtype));
      const inputGrads = node.backward(filled, needs, dys.map((g) => g !== null));
      node.inputs.forEach((input, k) => {
        const g = inputGrads[k];
        if (g === null || g === undefined || !isFloat(input.dtype)) return;
        if (!shapesEqual(g.shape, input.shape)) {
          throw new FluxionError(
            `gradient of ${node.name}: the backward rule returned shape ${fmtShape(g.shape)} for input ${k}, ` +
              `which has shape ${fmtShape(input.shape)}. This is a bug in the op's gradient; please report it.`,
          );
        }
        const prev = grads.get(input.id);
        grads.set(input.id, prev === undefined ? g : math.add(prev, g));
      });
    }
    return sources.map((s) => {
      if (!this.isTracked(s)) return null; // TensorFlow semantics: an unwatched source has no gradient
      return s.id === target.id ? seed : (grads.get(s.id) ?? null);
    });
  }

  /** Nodes that depend on a source and that the target depends on, in recording order. */
  private nodesOnPath(target: Tensor, sources: readonly Tensor[]): { path: TapeNode[]; fromSources: Set<number> } {
    const fromSources = new Set<number>(sources.filter((s) => this.isTracked(s)).map((s) => s.id));
    const forward: TapeNode[] = [];
    for (const node of this.nodes) {
      if (node.inputs.some((t) => fromSources.has(t.id))) {
        forward.push(node);
        for (const o of node.outputs) fromSources.add(o.id);
      }
    }
    const toTarget = new Set<number>([target.id]);
    const onPath: TapeNode[] = [];
    for (let i = forward.length - 1; i >= 0; i--) {
      const node = forward[i];
      if (node !== undefined && node.outputs.some((o) => toTarget.has(o.id))) {
        onPath.push(node);
        for (const t of node.inputs) toTarget.add(t.id);
      }
    }
    return { path: onPath.reverse(), fromSources };
  }
}

/**
 * The user-facing autodiff transforms, built on the engine's tape: TensorFlow.js's grad/grads/
 * valueAndGrad(s)/variableGrads/customGrad, and TensorFlow's GradientTape.
 */
import { isFloat } from '../core/dtype.js';
import { getGradientMath, popTape, pushTape, recordCustom, runKernel, withoutRecording } from '../core/engine.js';
import { describeValue, FluxionError } from '../core/errors.js';
import { Tape } from '../core/tape.js';
import { Tensor, Variable, type TensorLike } from '../core/tensor.js';
import '../core/kernel-defs/basic.js';
import { convertToTensor } from '../ops/convert.js';
import { defineOp } from '../ops/registry.js';

function requireTensor(op: string, arg: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new FluxionError(`${op}: ${arg} must be a Tensor, but received ${describeValue(value)}.`);
  }
  return value;
}

function requireFloatSource(op: string, arg: string, t: Tensor): void {
  if (!isFloat(t.dtype)) {
    throw new FluxionError(
      `${op}: ${arg} has dtype ${t.dtype}; gradients are defined only with respect to float32 or float64 tensors. ` +
        `Cast it first, e.g. fx.cast(${arg}, 'float32').`,
    );
  }
}

function requireResult(op: string, y: unknown): Tensor {
  if (!(y instanceof Tensor)) {
    throw new FluxionError(`${op}: f must return a Tensor, but it returned ${describeValue(y)}.`);
  }
  return y;
}

/** Runs `f` on a fresh tape watching `xs`, then differentiates its result. */
function differentiate(op: string, f: (...xs: Tensor[]) => unknown, xs: Tensor[], dy?: Tensor): { value: Tensor; grads: Tensor[] } {
  xs.forEach((x, i) => requireFloatSource(op, xs.length === 1 ? 'x' : `args[${i}]`, x));
  const tape = new Tape(false, false);
  for (const x of xs) tape.watch(x);
  pushTape(tape);
  let value: Tensor;
  try {
    value = requireResult(op, f(...xs));
  } finally {
    popTape(tape);
  }
  if (dy !== undefined) requireTensor(op, 'dy', dy);
  const grads = tape.computeGradients(getGradientMath(), value, xs, dy);
  tape.clear();
  return {
    value,
    grads: grads.map((g, i) => {
      if (g === null) {
        throw new FluxionError(
          `${op}: cannot compute the gradient of y=f(x) with respect to ${xs.length === 1 ? 'x' : `args[${i}]`}: ` +
            'y does not depend on it. Make sure f computes its result from its arguments.',
        );
      }
      return g;
    }),
  };
}

/** grad(f)(x, dy?): the gradient of f at x. Composable: grad(grad(f)) is the second derivative. */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const $x = convertToTensor(x, 'x', 'grad');
    const g = differentiate('grad', (t) => f(t as Tensor), [$x], dy).grads[0];
    if (g === undefined) throw new FluxionError('grad: internal error: no gradient produced.');
    return g;
  };
}

/** grads(f)(args, dy?): the gradients of f with respect to each of its arguments. */
export function grads(f: (...args: Tensor[]) => Tensor): (args: TensorLike[], dy?: Tensor) => Tensor[] {
  return (args, dy) => {
    if (!Array.isArray(args)) throw new FluxionError(`grads: args must be an array of tensors, but received ${describeValue(args)}.`);
    const xs = args.map((a, i) => convertToTensor(a, `args[${i}]`, 'grads'));
    return differentiate('grads', f, xs, dy).grads;
  };
}

export function valueAndGrad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const $x = convertToTensor(x, 'x', 'valueAndGrad');
    const { value, grads: g } = differentiate('valueAndGrad', (t) => f(t as Tensor), [$x], dy);
    return { value, grad: g[0] as Tensor };
  };
}

export function valueAndGrads(f: (...args: Tensor[]) => Tensor): (args: TensorLike[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (args, dy) => {
    if (!Array.isArray(args)) throw new FluxionError(`valueAndGrads: args must be an array of tensors, but received ${describeValue(args)}.`);
    const xs = args.map((a, i) => convertToTensor(a, `args[${i}]`, 'valueAndGrads'));
    return differentiate('valueAndGrads', f, xs, dy);
  };
}

/**
 * Gradients of the scalar f() with respect to `varList` (default: every trainable variable f
 * reads). Keys are variable names, as in TensorFlow.js.
 */
export function variableGrads(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
  const tape = new Tape(false, varList === undefined);
  if (varList) for (const v of varList) {
    if (!(v instanceof Variable)) throw new FluxionError(`variableGrads: varList must contain only Variables, but contains ${describeValue(v)}.`);
    tape.watch(v);
  }
  pushTape(tape);
  let value: Tensor;
  try {
    value = requireResult('variableGrads', f());
  } finally {
    popTape(tape);
  }
  if (value.rank !== 0) {
    throw new FluxionError(`variableGrads: f must return a scalar (rank 0) loss, but it returned shape [${value.shape.join(',')}].`);
  }
  const vars = varList ?? [...usedVariables(tape)];
  const gs = tape.computeGradients(getGradientMath(), value, vars);
  tape.clear();
  const out: Record<string, Tensor> = {};
  vars.forEach((v, i) => {
    const g = gs[i];
    if (g) out[v.name] = g;
  });
  return { value, grads: out };
}

function usedVariables(tape: Tape): Set<Variable> {
  return tape.accessedVariables();
}

export interface GradientTapeOptions {
  /** Allows several gradient() calls; the tape records until stop() is called. */
  persistent?: boolean;
  /** Watches every trainable variable an op reads (default true), as TensorFlow does. */
  watchAccessedVariables?: boolean;
}

type Sources = Tensor | Tensor[] | Record<string, Tensor>;
type GradsOf<S> = S extends Tensor ? Tensor | null : S extends Tensor[] ? (Tensor | null)[] : Record<string, Tensor | null>;

/**
 * TensorFlow's GradientTape: records from construction until `gradient()` (or `stop()` for a
 * persistent tape). Tapes nest, which gives higher-order gradients.
 *
 *   const tape = new fx.GradientTape();
 *   const loss = fx.sum(fx.square(fx.matMul(x, w)));
 *   const [dx, dw] = tape.gradient(loss, [x, w]);
 */
export class GradientTape {
  private readonly tape: Tape;
  private active = true;

  constructor(options: GradientTapeOptions = {}) {
    this.tape = new Tape(options.persistent ?? false, options.watchAccessedVariables ?? true);
    pushTape(this.tape);
  }

  get persistent(): boolean {
    return this.tape.persistent;
  }

  /** Starts tracking tensors that are not trainable variables. */
  watch(...tensors: Tensor[]): void {
    for (const t of tensors) {
      requireTensor('GradientTape.watch', 'tensor', t);
      if (isFloat(t.dtype)) this.tape.watch(t);
    }
  }

  /** Stops recording (the tape keeps what it recorded for gradient()). */
  stop(): void {
    if (this.active) popTape(this.tape);
    this.active = false;
  }

  [Symbol.dispose](): void {
    this.stop();
    this.tape.clear();
  }

  gradient<S extends Sources>(
    target: Tensor,
    sources: S,
    outputGradients?: Tensor,
    unconnectedGradients: 'none' | 'zero' = 'none',
  ): GradsOf<S> {
    requireTensor('GradientTape.gradient', 'target', target);
    if (!this.tape.persistent && !this.active && this.tape.isCleared()) {
      throw new FluxionError(
        'GradientTape.gradient: a non-persistent tape can compute gradients only once. ' +
          'Create it with {persistent: true} to call gradient() several times.',
      );
    }
    const list: Tensor[] = sources instanceof Tensor ? [sources] : Array.isArray(sources) ? sources : Object.values(sources);
    list.forEach((s, i) => requireTensor('GradientTape.gradient', `sources[${i}]`, s));
    const math = getGradientMath();
    const recording = this.tape.recording;
    this.tape.recording = false;
    let gs: (Tensor | null)[];
    try {
      gs = this.tape.computeGradients(math, target, list, outputGradients);
    } finally {
      this.tape.recording = recording;
    }
    if (unconnectedGradients === 'zero') gs = gs.map((g, i) => g ?? math.zerosLike(list[i] as Tensor));
    if (!this.tape.persistent) {
      this.stop();
      this.tape.clear();
      this.tape.markCleared();
    }
    if (sources instanceof Tensor) return gs[0] as GradsOf<S>;
    if (Array.isArray(sources)) return gs as GradsOf<S>;
    const out: Record<string, Tensor | null> = {};
    Object.keys(sources).forEach((k, i) => (out[k] = gs[i] ?? null));
    return out as GradsOf<S>;
  }
}

/** Returns `x` unchanged, but no gradient flows through it. */
export const stopGradient = defineOp(
  { name: 'stopGradient', family: 'autodiff', dtypes: 'all', gradient: 'no', kernels: ['identity'] },
  (x: TensorLike): Tensor => {
    const $x = convertToTensor(x, 'x', 'stopGradient');
    return withoutRecording(() => runKernel('identity', [$x], {}));
  },
);

export interface CustomGradResult {
  value: Tensor;
  gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
}

/**
 * customGrad(f): f computes the value and returns the rule for its gradient, as in TensorFlow.js.
 * Its forward computation is not recorded; the gradFunc's ops are (so it composes with
 * higher-order gradients when gradFunc is itself differentiable).
 */
export function customGrad(
  f: (...args: [...Tensor[], (tensors: Tensor[]) => void] | Tensor[]) => CustomGradResult,
): (...args: Tensor[]) => Tensor {
  return (...args) => {
    args.forEach((a, i) => requireTensor('customGrad', `args[${i}]`, a));
    let saved: Tensor[] = [];
    const save = (tensors: Tensor[]): void => {
      saved = tensors;
    };
    const { value, gradFunc } = withoutRecording(() => f(...args, save));
    requireResult('customGrad', value);
    if (typeof gradFunc !== 'function') {
      throw new FluxionError(`customGrad: f must return {value, gradFunc}, but gradFunc is ${describeValue(gradFunc)}.`);
    }
    const out = withoutRecording(() => runKernel('identity', [value], {}));
    recordCustom('customGrad', args, [out], ([dy]) => {
      const g = gradFunc(dy, saved);
      const list = Array.isArray(g) ? g : [g];
      if (list.length !== args.length) {
        throw new FluxionError(`customGrad: gradFunc returned ${list.length} gradients for ${args.length} inputs; it must return one per input.`);
      }
      return list;
    });
    return out;
  };
}

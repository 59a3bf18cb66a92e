/**
 * The engine: the registry of backends, kernel dispatch (with fallback to the `js` reference
 * backend), the gradient rules of primitive kernels, the stack of active tapes, and tidy scopes.
 */
import type { DType, TypedArray } from './dtype.js';
import { FluxionError } from './errors.js';
import type { Backend, BackendFactory, KernelAttrs, KernelInputs, KernelName, KernelTensor } from './kernels.js';
import { adoptIntoOuterScope, closeScope, openScope, type Disposable } from './memory.js';
import { Tape, type BackwardFn, type GradientMath, type TapeNode } from './tape.js';
import { Tensor, Variable } from './tensor.js';

// ---------------------------------------------------------------- backends

interface Registration {
  factory: BackendFactory;
  priority: number;
  instance?: Backend;
}

const REFERENCE_BACKEND = 'js';
const registry = new Map<string, Registration>();
let active: Backend | null = null;
const fallbackNotices = new Set<string>();

export function registerBackend(name: string, factory: BackendFactory, priority = 1): boolean {
  if (registry.has(name)) return false;
  registry.set(name, { factory, priority });
  return true;
}

export function removeBackend(name: string): void {
  if (active?.name === name) active = null;
  registry.delete(name);
}

function instantiate(name: string): Backend | Promise<Backend> {
  const reg = registry.get(name);
  if (reg === undefined) {
    throw new FluxionError(
      `setBackend: no backend named "${name}" is registered; registered backends: ${[...registry.keys()].join(', ') || 'none'}.`,
    );
  }
  if (reg.instance) return reg.instance;
  const made = reg.factory();
  if (made instanceof Promise) {
    return made.then((b) => (reg.instance = b));
  }
  reg.instance = made;
  return made;
}

/** Switches the active backend. Synchronous backends switch at once; the promise says whether it worked. */
export function setBackend(name: string): Promise<boolean> {
  const made = instantiate(name);
  if (made instanceof Promise) {
    return made.then((b) => {
      active = b;
      return true;
    });
  }
  active = made;
  return Promise.resolve(true);
}

/** The backend in use, choosing the highest-priority registered synchronous backend on first use. */
export function backend(): Backend {
  if (active) return active;
  const ranked = [...registry.entries()].sort((a, b) => b[1].priority - a[1].priority);
  for (const [name] of ranked) {
    const made = instantiate(name);
    if (!(made instanceof Promise)) {
      active = made;
      return made;
    }
  }
  throw new FluxionError('No backend is registered. Import Fluxion through its package entry ("fluxion").');
}

export function getBackend(): string {
  return backend().name;
}

export function findBackend(name: string): Backend | undefined {
  const reg = registry.get(name);
  if (!reg) return undefined;
  const made = instantiate(name);
  return made instanceof Promise ? undefined : made;
}

export function registeredBackends(): string[] {
  return [...registry.keys()];
}

/** Kernels that ran on `js` because the active backend lacked them (backend/kernel pairs). */
export function kernelFallbacks(): string[] {
  return [...fallbackNotices];
}

// ---------------------------------------------------------------- gradients

/** The Tensor tuple matching a kernel's input tuple. */
export type TensorsOf<T> = { [I in keyof T]: Tensor };

export interface GradContext<K extends KernelName> {
  inputs: TensorsOf<KernelInputs<K>>;
  /** Whether each input needs a gradient (false: the rule may return null without computing it). */
  needs: readonly boolean[];
  /** Whether each output received a gradient (false: its dy is zeros, and the rule may skip its terms). */
  received: readonly boolean[];
  outputs: [Tensor, ...Tensor[]];
  attrs: KernelAttrs<K>;
}

export type GradFn<K extends KernelName> = (dys: [Tensor, ...Tensor[]], ctx: GradContext<K>) => (Tensor | null)[];

const gradients = new Map<string, GradFn<KernelName>>();

/** Registers the backward rule of a primitive kernel (done beside the op's definition). */
export function registerGradient<K extends KernelName>(name: K, grad: GradFn<K>): void {
  gradients.set(name, grad as unknown as GradFn<KernelName>);
}

export function hasGradient(name: string): boolean {
  return gradients.has(name);
}

// ---------------------------------------------------------------- tapes

const tapes: Tape[] = [];

export function pushTape(tape: Tape): void {
  tapes.push(tape);
}

export function popTape(tape: Tape): void {
  const i = tapes.lastIndexOf(tape);
  if (i >= 0) tapes.splice(i, 1);
}

export function isRecording(): boolean {
  return tapes.some((t) => t.recording);
}

function record(node: TapeNode): void {
  for (const tape of tapes) tape.maybeRecord(node);
}

/** Records a node with a hand-written backward rule (customGrad builds on this). */
export function recordCustom(name: string, inputs: readonly Tensor[], outputs: readonly Tensor[], backward: BackwardFn): void {
  if (tapes.length > 0) record({ name, inputs, outputs, backward });
}

/** Runs `f` with every tape paused, so that nothing it does is recorded. */
export function withoutRecording<T>(f: () => T): T {
  const states = tapes.map((t) => t.recording);
  for (const t of tapes) t.recording = false;
  try {
    return f();
  } finally {
    tapes.forEach((t, i) => (t.recording = states[i] ?? t.recording));
  }
}

let gradientMath: GradientMath | null = null;

/** Installs the ops the tape needs to accumulate gradients (done once by the op library). */
export function installGradientMath(math: GradientMath): void {
  gradientMath = math;
}

export function getGradientMath(): GradientMath {
  if (gradientMath === null) throw new FluxionError('The op library is not loaded; import Fluxion through "fluxion".');
  return gradientMath;
}

// ---------------------------------------------------------------- kernels

export function makeTensor(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(values, shape, dtype);
}

function toTensor(k: KernelTensor): Tensor {
  return k instanceof Tensor ? k : new Tensor(k.values, k.shape, k.dtype);
}

function findKernel<K extends KernelName>(name: K): (inputs: KernelInputs<K>, attrs: KernelAttrs<K>) => KernelTensor | KernelTensor[] {
  const b = backend();
  const own = b.kernels[name];
  if (own) return own as (inputs: KernelInputs<K>, attrs: KernelAttrs<K>) => KernelTensor | KernelTensor[];
  const reference = findBackend(REFERENCE_BACKEND);
  const fallback = reference?.kernels[name];
  if (!fallback) {
    throw new FluxionError(`Kernel "${name}" is not implemented by backend "${b.name}" nor by the js reference backend.`);
  }
  const key = `${b.name}/${name}`;
  if (!fallbackNotices.has(key)) {
    fallbackNotices.add(key);
    if (globalThis.process?.env['FLUXION_DEBUG']) console.debug(`fluxion: kernel ${name} is not in backend ${b.name}; running it on js.`);
  }
  return fallback as (inputs: KernelInputs<K>, attrs: KernelAttrs<K>) => KernelTensor | KernelTensor[];
}

/**
 * Runs a primitive kernel on the active backend and records it on the active tapes. Returns all
 * outputs; `run` is the single-output shorthand.
 */
export function runKernelMulti<K extends KernelName>(
  name: K,
  inputs: TensorsOf<KernelInputs<K>>,
  attrs: KernelAttrs<K>,
): [Tensor, ...Tensor[]] {
  const kernel = findKernel(name);
  return finishKernel(name, inputs, attrs, kernel(inputs as unknown as KernelInputs<K>, attrs));
}

/** Wraps a kernel's outputs in tensors and records the op on the active tapes. */
function finishKernel<K extends KernelName>(
  name: K,
  inputs: TensorsOf<KernelInputs<K>>,
  attrs: KernelAttrs<K>,
  result: KernelTensor | KernelTensor[],
): [Tensor, ...Tensor[]] {
  const list = Array.isArray(result) ? result : [result];
  if (list.length === 0) throw new FluxionError(`Kernel "${name}" returned no outputs.`);
  const outputs = list.map(toTensor) as [Tensor, ...Tensor[]];
  if (tapes.length > 0) {
    const grad = gradients.get(name) as GradFn<K> | undefined;
    const ins = inputs as unknown as readonly Tensor[];
    // The backward rule must see a variable's value as it was when the op ran, even if the
    // variable is assigned before the gradient is computed: snapshot it (no copy: storage is immutable).
    const atCall = (ins.some((t) => t instanceof Variable)
      ? ins.map((t) => (t instanceof Variable ? new Tensor(t.values, t.shape, t.dtype) : t))
      : inputs) as unknown as TensorsOf<KernelInputs<K>>;
    const backward: BackwardFn = grad
      ? (dys, needs, received) => grad(dys, { inputs: atCall, outputs, attrs, needs, received })
      : () => {
          throw new FluxionError(
            `${name} has no gradient: it is not differentiable, so no gradient can flow through it to its inputs. ` +
              'Wrap it in stopGradient() if its result should be treated as a constant.',
          );
        };
    record({ name, inputs: ins, outputs, backward });
  }
  return outputs;
}

export function runKernel<K extends KernelName>(
  name: K,
  inputs: TensorsOf<KernelInputs<K>>,
  attrs: KernelAttrs<K>,
): Tensor {
  const result = findKernel(name)(inputs as unknown as KernelInputs<K>, attrs);
  // The common case without arrays: one output, no tape recording.
  if (tapes.length === 0 && !Array.isArray(result)) return toTensor(result);
  return finishKernel(name, inputs, attrs, result)[0];
}

// ---------------------------------------------------------------- memory scopes

const keptTensors = new WeakSet<Tensor>();

/** Marks a tensor to survive every enclosing tidy. */
export function keep<T extends Tensor>(t: T): T {
  keptTensors.add(t);
  return t;
}

export type TensorContainer = void | Tensor | string | number | boolean | TensorContainer[] | { [key: string]: TensorContainer } | null | undefined;

function collectTensors(value: unknown, out: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value instanceof Tensor) {
    out.add(value);
  } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const v of Object.values(value as Record<string, unknown>)) collectTensors(v, out, seen);
  }
}

/**
 * Runs `fn` and releases the tensors it created, except those it returns, those kept with
 * `keep`, variables, and those a recording tape still needs. Optional in Fluxion: the garbage
 * collector frees tensors anyway; tidy makes the release deterministic.
 */
export function tidy<T>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') {
    throw new FluxionError('tidy: expected a function (tidy(fn) or tidy(name, fn)), but received none.');
  }
  if (fn.constructor.name === 'AsyncFunction') {
    throw new FluxionError('tidy: fn must be synchronous; an async function would release tensors it still uses.');
  }
  openScope();
  let result: T;
  let created: Disposable[] = [];
  try {
    result = fn();
  } catch (e) {
    // The tensors made before the throw are left to the garbage collector, which must now see them.
    for (const t of closeScope()) if (t instanceof Tensor) t.settleTracking(false);
    throw e;
  }
  created = closeScope();
  if (result instanceof Promise) {
    throw new FluxionError('tidy: fn returned a Promise; tidy only supports synchronous functions.');
  }
  const survivors = new Set<Tensor>();
  collectTensors(result, survivors);
  for (const t of created) {
    if (!(t instanceof Tensor)) continue;
    if (survivors.has(t)) {
      t.settleTracking(adoptIntoOuterScope(t));
    } else if (!(t instanceof Variable) && !keptTensors.has(t) && !tapes.some((tape) => tape.holds(t))) {
      t.dispose();
    } else {
      t.settleTracking(false);
    }
  }
  return result;
}

/** Disposes a tensor or every tensor in a container. */
export function dispose(container: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(container, found);
  for (const t of found) t.dispose();
}

// ---------------------------------------------------------------- environment

export interface EnvInfo {
  /** The active backend. */
  backend: string;
  /** Every registered backend. */
  backends: string[];
  /** What the active backend reports about itself (e.g. a native backend's SIMD path and threads). */
  backendInfo: Record<string, unknown>;
  /** Kernels that fell back to `js` so far, as "backend/kernel". */
  fallbacks: string[];
  node: string;
  platform: string;
}

/** Describes the runtime: backends, the active one's details, fallbacks so far. */
export function env(): EnvInfo {
  const b = backend();
  return {
    backend: b.name,
    backends: registeredBackends(),
    backendInfo: b.describe?.() ?? {},
    fallbacks: kernelFallbacks(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
  };
}

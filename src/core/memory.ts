/**
 * Accounting of live tensors. Tensors of the CPU backends keep their data in ArrayBuffers that
 * V8 counts, so the garbage collector frees them without help; the counts here follow both
 * explicit `dispose()` and garbage collection (through a FinalizationRegistry).
 *
 * Scopes (`tidy`) collect the tensors created inside them so they can be released
 * deterministically; outside a scope nothing is collected and nothing is kept alive.
 */
export interface MemoryInfo {
  /** Tensors alive (not disposed and not yet garbage-collected). */
  numTensors: number;
  /** Bytes held by those tensors' data. */
  numBytes: number;
  /** Always false: the CPU backends never lose data on disposal. Kept for TensorFlow.js compatibility. */
  unreliable: boolean;
}

const state = { numTensors: 0, numBytes: 0 };

const finalizer = new FinalizationRegistry<number>((bytes) => {
  state.numTensors--;
  state.numBytes -= bytes;
});

export interface Disposable {
  dispose(): void;
  readonly isDisposed: boolean;
}

const scopes: Disposable[][] = [];

export function trackAllocation(tensor: Disposable, bytes: number): void {
  state.numTensors++;
  state.numBytes += bytes;
  finalizer.register(tensor, bytes, tensor);
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(tensor);
}

export function trackRelease(tensor: Disposable, bytes: number): void {
  finalizer.unregister(tensor);
  state.numTensors--;
  state.numBytes -= bytes;
}

export function memory(): MemoryInfo {
  return { numTensors: state.numTensors, numBytes: state.numBytes, unreliable: false };
}

export function openScope(): void {
  scopes.push([]);
}

/** Closes the innermost scope and returns the tensors created in it. */
export function closeScope(): Disposable[] {
  return scopes.pop() ?? [];
}

/** Moves `tensor` into the enclosing scope (if any) so an outer tidy can still release it. */
export function adoptIntoOuterScope(tensor: Disposable): void {
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(tensor);
}

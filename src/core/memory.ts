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
  /** True when some live tensors could not be counted (see `reasons`). */
  unreliable: boolean;
  reasons: string[];
}

/**
 * Counting garbage-collected tensors needs a FinalizationRegistry, whose callbacks run only when
 * the event loop turns. In a long synchronous loop the registry's bookkeeping would pile up (about
 * 100 bytes per tensor), so at most MAX_TRACKED tensors are registered at once; tensors created
 * beyond that are freed by the garbage collector as usual but not counted, and memory() says so.
 */
const MAX_TRACKED = 100_000;

const state = { numTensors: 0, numBytes: 0, untracked: 0 };

const finalizer = new FinalizationRegistry<number>((bytes) => {
  state.numTensors--;
  state.numBytes -= bytes;
});

export interface Disposable {
  dispose(): void;
  readonly isDisposed: boolean;
}

const scopes: Disposable[][] = [];

/**
 * Counts a new tensor (and adds it to the innermost scope). Returns whether it was counted: the
 * tensor keeps that flag and passes it to trackRelease (cheaper than a WeakSet of counted tensors).
 */
export function trackAllocation(tensor: Disposable, bytes: number): boolean {
  let counted = false;
  if (state.numTensors < MAX_TRACKED) {
    state.numTensors++;
    state.numBytes += bytes;
    finalizer.register(tensor, bytes, tensor);
    counted = true;
  } else {
    state.untracked++;
  }
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(tensor);
  return counted;
}

/** Uncounts a tensor that trackAllocation counted (`counted`: what it returned); call once. */
export function trackRelease(tensor: Disposable, bytes: number, counted: boolean): void {
  if (!counted) return;
  finalizer.unregister(tensor);
  state.numTensors--;
  state.numBytes -= bytes;
}

export function memory(): MemoryInfo {
  const reasons =
    state.untracked > 0
      ? [
          `${state.untracked} tensors were created while ${MAX_TRACKED} were already counted (a long synchronous loop); ` +
            'they are freed by the garbage collector but not counted here.',
        ]
      : [];
  return { numTensors: state.numTensors, numBytes: state.numBytes, unreliable: reasons.length > 0, reasons };
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

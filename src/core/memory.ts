/**
 * Accounting of live tensors. Tensors of the CPU backends keep their data in ArrayBuffers that
 * V8 counts, so the garbage collector frees them without help; the counts here follow both
 * explicit `dispose()` and garbage collection (through a FinalizationRegistry).
 *
 * Scopes (`tidy`) collect the tensors created inside them so they can be released
 * deterministically; outside a scope nothing is collected, and at most a short list of new tensors
 * (see YOUNG_MAX) is kept alive until the current task ends.
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

/** A tensor as trackAllocation sees it: told when its deferred registration happens. */
export interface Counted extends Disposable {
  onRegistered(): void;
}

const scopes: Disposable[][] = [];

/**
 * How a tensor is counted: not at all (the MAX_TRACKED bound was reached), counted and registered with
 * the FinalizationRegistry, counted with the registration deferred to its scope (Deferred), or counted
 * and waiting in the young list (Young, made outside any scope; see below). A tensor created inside a scope
 * (tidy) is held by the scope's list until the scope closes, so the collector cannot take it before
 * then; most such tensors are disposed when the scope closes, and registering and unregistering them
 * would cost more than the op that made them (a few hundred nanoseconds each, for every intermediate).
 * The scope's owner registers the ones that outlive it (settleTracking).
 */
export enum Tracking {
  None = 0,
  Registered = 1,
  Deferred = 2,
  Young = 3,
}

/**
 * Tensors created outside any scope wait in a short list (Tracking.Young) before they are registered: eager code
 * that disposes what it makes (`fx.matMul(a, b).dispose()`, a loop's temporaries) then never touches the registry,
 * whose register + unregister pair costs about 0.25 us a tensor (measured, Node 20), as much as the rest of a small
 * op. The list is registered when the current task ends (a microtask) or when it holds YOUNG_MAX tensors or
 * YOUNG_MAX_BYTES bytes, so it keeps at most that much alive beyond what the garbage collector could free.
 */
const YOUNG_MAX = 256;
const YOUNG_MAX_BYTES = 32 * 1024 * 1024;
const young: Counted[] = [];
const youngBytes: number[] = [];
let youngTotal = 0;
let flushQueued = false;

function flushYoung(): void {
  for (let i = 0; i < young.length; i++) {
    const t = young[i]!;
    if (!t.isDisposed) {
      finalizer.register(t, youngBytes[i]!, t);
      t.onRegistered();
    }
  }
  young.length = 0;
  youngBytes.length = 0;
  youngTotal = 0;
}

function flushYoungTask(): void {
  flushQueued = false;
  flushYoung();
}

/** Counts a new tensor (and adds it to the innermost scope). Returns its Tracking state, which the tensor keeps. */
export function trackAllocation(tensor: Counted, bytes: number): Tracking {
  const scope = scopes[scopes.length - 1];
  let tracking = Tracking.None;
  if (state.numTensors < MAX_TRACKED) {
    state.numTensors++;
    state.numBytes += bytes;
    if (scope) {
      tracking = Tracking.Deferred;
    } else if (bytes <= YOUNG_MAX_BYTES) {
      if (young.length >= YOUNG_MAX || youngTotal + bytes > YOUNG_MAX_BYTES) flushYoung();
      young.push(tensor);
      youngBytes.push(bytes);
      youngTotal += bytes;
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(flushYoungTask);
      }
      tracking = Tracking.Young;
    } else {
      finalizer.register(tensor, bytes, tensor);
      tracking = Tracking.Registered;
    }
  } else {
    state.untracked++;
  }
  if (scope) scope.push(tensor);
  return tracking;
}

/**
 * For a tensor that outlives the scope it was created in: registers it with the FinalizationRegistry
 * unless it moves into an enclosing scope (`adopted`), which holds it in turn. Returns the new state.
 */
export function settleTracking(tensor: Disposable, bytes: number, tracking: Tracking, adopted: boolean): Tracking {
  if (tracking !== Tracking.Deferred || adopted) return tracking;
  finalizer.register(tensor, bytes, tensor);
  return Tracking.Registered;
}

/** Uncounts a tensor that trackAllocation counted (`tracking`: its state); call once. A Young one stays in the list, skipped when it is flushed. */
export function trackRelease(tensor: Disposable, bytes: number, tracking: Tracking): void {
  if (tracking === Tracking.None) return;
  if (tracking === Tracking.Registered) finalizer.unregister(tensor);
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

/** Moves `tensor` into the enclosing scope (if any) so an outer tidy can still release it; returns whether there was one. */
export function adoptIntoOuterScope(tensor: Disposable): boolean {
  const scope = scopes[scopes.length - 1];
  if (scope) scope.push(tensor);
  return scope !== undefined;
}

/**
 * Fluxion's error type. Messages name the op or layer, what was expected, what was received
 * and, where one is likely, the fix.
 */
export class FluxionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FluxionError';
  }
}

/** Formats a shape the way every message shows it: [2,3]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Describes an arbitrary JavaScript value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    return ctor ? `${/^[AEIOU]/i.test(ctor) ? 'an' : 'a'} ${ctor}` : 'an object';
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

export function assert(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new FluxionError(message());
}

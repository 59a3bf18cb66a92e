/** One asserted error message: `fn` must throw a FluxionError whose message equals (or matches) `message`. */
export interface ErrorCase {
  name: string;
  fn: () => unknown;
  message: string | RegExp;
}

/** The pixels of the image fixtures (test/fixtures/data/images), shared by their generator and the tests. */

/** The RGBA value of pixel (x, y) of image `index` of a class with base brightness `base`. */
export function pixel(base: number, index: number, x: number, y: number): [number, number, number, number] {
  return [base + x * 4 + index, base + y * 4, base + ((x + y) % 4) * 8, 255];
}

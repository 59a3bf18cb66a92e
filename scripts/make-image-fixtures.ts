/**
 * Writes the tiny image fixtures of test/fixtures/data/images (run: node --import tsx scripts/make-image-fixtures.ts).
 * Two classes, dark/ and light/, of 8x6 images whose pixel (x, y) is a known function of x, y
 * and the image index, as PNG (lossless: the tests check exact values) and JPEG (lossy).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { pixel } from './image-fixture-pixels.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'data', 'images');
const width = 8;
const height = 6;


function rgba(base: number, index: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(base, index, x, y), (y * width + x) * 4);
  return data;
}

for (const [cls, base] of [['dark', 20], ['light', 180]] as const) {
  mkdirSync(join(root, cls), { recursive: true });
  for (let i = 0; i < 3; i++) {
    const png = new PNG({ width, height });
    rgba(base, i).copy(png.data);
    writeFileSync(join(root, cls, `img${i}.png`), PNG.sync.write(png));
  }
  const jpg = jpeg.encode({ data: rgba(base, 3), width, height }, 95);
  writeFileSync(join(root, cls, 'img3.jpg'), jpg.data);
}
console.log(`wrote ${root}`);

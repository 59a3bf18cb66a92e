/**
 * fx.datasets.fashionMnist / fx.datasets.mnist: loadData() returns [[xTrain, yTrain], [xTest, yTest]]
 * as in Keras (images [n, 28, 28] holding 0-255 as float32, labels [n] int32). The files are looked
 * up in FLUXION_DATA_DIR, ~/.fluxion/datasets, then Debian's dataset package location.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { tensor } from '../ops/creation.js';
import { readIdx } from './idx.js';

type Split = [Tensor, Tensor];

function candidates(name: string): string[] {
  const dirs: string[] = [];
  if (process.env['FLUXION_DATA_DIR']) dirs.push(join(process.env['FLUXION_DATA_DIR'], name));
  dirs.push(join(homedir(), '.fluxion', 'datasets', name));
  dirs.push(join('/usr/share/datasets', name));
  return dirs;
}

function findFile(dir: string, base: string): string | null {
  for (const f of [base, `${base}.gz`]) if (existsSync(join(dir, f))) return join(dir, f);
  return null;
}

function loadFrom(name: string, debianPackage: string): [Split, Split] {
  const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  const dirs = candidates(name);
  for (const dir of dirs) {
    const paths = files.map((f) => findFile(dir, f));
    if (paths.every((p) => p !== null)) {
      const [xTr, yTr, xTe, yTe] = (paths as string[]).map(readIdx) as [ReturnType<typeof readIdx>, ReturnType<typeof readIdx>, ReturnType<typeof readIdx>, ReturnType<typeof readIdx>];
      const images = (a: ReturnType<typeof readIdx>): Tensor => tensor(Float32Array.from(a.data), a.shape, 'float32');
      const labels = (a: ReturnType<typeof readIdx>): Tensor => tensor(Int32Array.from(a.data), a.shape, 'int32');
      return [
        [images(xTr), labels(yTr)],
        [images(xTe), labels(yTe)],
      ];
    }
  }
  throw new FluxionError(
    `${name}: the dataset files (${files.join(', ')}, optionally .gz) were not found. Looked in: ${dirs.join(', ')}. ` +
      `Install them with \`apt-get install ${debianPackage}\` (Debian), or put them in one of those folders.`,
  );
}

export const fashionMnist = {
  loadData: (): [Split, Split] => loadFrom('fashion-mnist', 'dataset-fashion-mnist'),
};

export const mnist = {
  loadData: (): [Split, Split] => loadFrom('mnist', 'the MNIST IDX files'),
};

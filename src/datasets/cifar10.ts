/**
 * fx.datasets.cifar10: loadData() returns [[xTrain, yTrain], [xTest, yTest]] as Keras does
 * (images [n, 32, 32, 3] holding 0-255 as float32, labels [n] int32), read from the binary
 * version's files (cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin). They are looked up
 * like the MNIST family's (FLUXION_DATA_DIR, ~/.fluxion/datasets, /usr/share/datasets, under
 * cifar10/), and otherwise downloaded (cifar-10-binary.tar.gz, SHA-256 checked) and extracted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FluxionError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { cacheRoot, downloadSync } from './get-file.js';
import type { LoadDataOptions } from './mnist.js';

type Split = [Tensor, Tensor];

const URL_ = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
const SHA256 = 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd';
const TRAIN = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
const TEST = ['test_batch.bin'];
const RECORD = 1 + 3 * 32 * 32;

function searchDirs(): string[] {
  const dirs: string[] = [];
  if (process.env['FLUXION_DATA_DIR']) dirs.push(join(process.env['FLUXION_DATA_DIR'], 'cifar10'));
  dirs.push(join(homedir(), '.fluxion', 'datasets', 'cifar10'), '/usr/share/datasets/cifar10');
  return dirs.map((d) => join(d, 'cifar-10-batches-bin'));
}

/** Records (label byte, 1024 red, 1024 green, 1024 blue bytes) into channels-last images. */
export function readCifarBatches(paths: string[]): Split {
  const buffers = paths.map((p) => {
    const b = readFileSync(p);
    if (b.length % RECORD !== 0) throw new FluxionError(`cifar10: ${p} holds ${b.length} bytes, not a whole number of ${RECORD}-byte records; the file is corrupt.`);
    return b;
  });
  const n = buffers.reduce((s, b) => s + b.length / RECORD, 0);
  const images = new Float32Array(n * 3072);
  const labels = new Int32Array(n);
  let i = 0;
  for (const b of buffers) {
    for (let at = 0; at < b.length; at += RECORD, i++) {
      labels[i] = b[at] as number;
      const out = i * 3072;
      for (let p = 0; p < 1024; p++) {
        images[out + p * 3] = b[at + 1 + p] as number;
        images[out + p * 3 + 1] = b[at + 1 + 1024 + p] as number;
        images[out + p * 3 + 2] = b[at + 1 + 2048 + p] as number;
      }
    }
  }
  return [new Tensor(images, [n, 32, 32, 3], 'float32'), new Tensor(labels, [n], 'int32')];
}

function extractSync(archive: string, dest: string): void {
  const here = import.meta.url;
  const script = `const { extractTar } = await import(${JSON.stringify(new URL(here.endsWith('.ts') ? './tar.ts' : './tar.js', here).href)});
await extractTar(${JSON.stringify(archive)}, ${JSON.stringify(dest)}, (n) => n.endsWith('.bin') || n.endsWith('.txt'));`;
  const args = here.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  const child = spawnSync(process.execPath, [...args, '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`extracting ${archive} failed: ${child.stderr.trim().split('\n').at(-1) ?? ''}`);
}

export const cifar10 = {
  /** [[xTrain, yTrain], [xTest, yTest]]: 50,000 + 10,000 images [32, 32, 3] (0-255) and labels 0-9. */
  loadData: (options: LoadDataOptions = {}): [Split, Split] => {
    const has = (dir: string): boolean => [...TRAIN, ...TEST].every((f) => existsSync(join(dir, f)));
    let dir = searchDirs().find(has);
    const looked = `Looked in: ${searchDirs().join(', ')}.`;
    if (dir === undefined) {
      if (options.download === false) throw new FluxionError(`cifar10: the dataset files (${[...TRAIN, ...TEST].join(', ')}) were not found. ${looked} Download ${URL_} and extract it into one of those folders' parents.`);
      const root = join(cacheRoot(), 'cifar10');
      const archive = join(root, 'cifar-10-binary.tar.gz');
      try {
        const base = process.env['FLUXION_DATASETS_MIRROR'];
        if (!existsSync(archive)) downloadSync(base ? `${base.replace(/\/?$/, '/')}cifar-10-binary.tar.gz` : URL_, archive, SHA256, options.progress ?? true);
        extractSync(archive, root);
      } catch (e) {
        throw new FluxionError(`cifar10: the dataset files were not found and could not be downloaded: ${e instanceof Error ? e.message : String(e)}. ${looked} Download ${URL_} and extract it into one of those folders' parents.`);
      }
      dir = join(root, 'cifar-10-batches-bin');
    }
    return [readCifarBatches(TRAIN.map((f) => join(dir, f))), readCifarBatches(TEST.map((f) => join(dir, f)))];
  },
};


/**
 * fx.datasets.fashionMnist / fx.datasets.mnist: loadData() returns [[xTrain, yTrain], [xTest, yTest]]
 * as in Keras (images [n, 28, 28] holding 0-255 as float32, labels [n] int32). The files are looked
 * up in FLUXION_DATA_DIR, ~/.fluxion/datasets, then Debian's dataset package location
 * (/usr/share/datasets/<name>); otherwise they are downloaded from the dataset's public URL (or the
 * mirror in FLUXION_DATASETS_MIRROR) into the cache, with a progress bar and a SHA-256 check.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { tensor } from '../ops/creation.js';
import { cacheRoot, downloadSync } from './get-file.js';
import { readIdx, type IdxArray } from './idx.js';

type Split = [Tensor, Tensor];

const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;

interface DatasetSource {
  name: string;
  /** Where the .gz files are published. */
  baseUrl: string;
  /** SHA-256 of the published .gz files, in FILES order. */
  sha256: readonly [string, string, string, string];
  /** How to install the files, when there is a package for them. */
  install: string | null;
}

/** Fashion-MNIST (Zalando Research) as published on its S3 bucket; checksums as tensorflow-datasets lists them. */
const FASHION: DatasetSource = {
  name: 'fashion-mnist',
  baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  sha256: [
    '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
    'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
    '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
    '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
  ],
  install: 'apt-get install dataset-fashion-mnist',
};

/** MNIST from the mirror TensorFlow uses (LeCun's site no longer serves it reliably). */
const MNIST: DatasetSource = {
  name: 'mnist',
  baseUrl: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
  sha256: [
    '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
    '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
    'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
  ],
  install: null,
};

export interface LoadDataOptions {
  /** Download when no folder holds the files (default true). */
  download?: boolean;
  /** Print the download progress bar (default true). */
  progress?: boolean;
}

/** The folders searched, in order. */
export function searchDirs(name: string): string[] {
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

function findLocal(name: string): string[] | null {
  for (const dir of searchDirs(name)) {
    const paths = FILES.map((f) => findFile(dir, f));
    if (paths.every((p) => p !== null)) return paths as string[];
  }
  return null;
}

function download(src: DatasetSource, progress: boolean): string[] {
  const base = process.env['FLUXION_DATASETS_MIRROR'] || src.baseUrl;
  const dir = join(cacheRoot(), src.name);
  return FILES.map((f, i) => {
    const dest = join(dir, `${f}.gz`);
    if (!existsSync(dest)) downloadSync(`${base.endsWith('/') ? base : `${base}/`}${f}.gz`, dest, src.sha256[i], progress);
    return dest;
  });
}

function toTensors(paths: string[]): [Split, Split] {
  const [xTr, yTr, xTe, yTe] = paths.map(readIdx) as [IdxArray, IdxArray, IdxArray, IdxArray];
  const images = (a: IdxArray): Tensor => tensor(Float32Array.from(a.data), a.shape, 'float32');
  const labels = (a: IdxArray): Tensor => tensor(Int32Array.from(a.data), a.shape, 'int32');
  return [
    [images(xTr), labels(yTr)],
    [images(xTe), labels(yTe)],
  ];
}

function loadFrom(src: DatasetSource, options: LoadDataOptions): [Split, Split] {
  const local = findLocal(src.name);
  if (local) return toTensors(local);
  const looked = `Looked in: ${searchDirs(src.name).join(', ')}.`;
  const fetch = `download the four .gz files from ${src.baseUrl} into one of those folders`;
  const install = src.install ? `Install them with \`${src.install}\` (Debian), or ${fetch}.` : `To install them, ${fetch}.`;
  if (options.download === false) {
    throw new FluxionError(`${src.name}: the dataset files (${FILES.join(', ')}) were not found. ${looked} ${install}`);
  }
  try {
    return toTensors(download(src, options.progress ?? true));
  } catch (e) {
    throw new FluxionError(
      `${src.name}: the dataset files (${FILES.join(', ')}) were not found and could not be downloaded: ${e instanceof Error ? e.message : String(e)}. ${looked} ${install}`,
    );
  }
}

export const fashionMnist = {
  /** [[xTrain, yTrain], [xTest, yTest]]: 60,000 + 10,000 images [28, 28] (0-255) and labels 0-9. */
  loadData: (options: LoadDataOptions = {}): [Split, Split] => loadFrom(FASHION, options),
};

export const mnist = {
  /** [[xTrain, yTrain], [xTest, yTest]]: 60,000 + 10,000 digits [28, 28] (0-255) and labels 0-9. */
  loadData: (options: LoadDataOptions = {}): [Split, Split] => loadFrom(MNIST, options),
};

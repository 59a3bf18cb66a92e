/**
 * Images: decodeImage (PNG and JPEG, through pngjs and jpeg-js) and Keras's
 * imageDatasetFromDirectory: a folder with one sub-folder per class becomes a dataset of
 * [images, labels] batches, the labels taken from the sub-folder names.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { globSync } from 'tinyglobby';
import { describeValue, FluxionError } from '../core/errors.js';
import { RandomSource, randomSource } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { resizeBilinear, resizeNearestNeighbor } from '../ops/image.js';
import { Dataset } from './dataset.js';
import { array } from './sources.js';

export type ColorMode = 'rgb' | 'rgba' | 'grayscale';

const CHANNELS: Record<ColorMode, number> = { grayscale: 1, rgb: 3, rgba: 4 };

/** Decodes PNG or JPEG bytes into a float32 tensor [height, width, channels] holding 0-255. */
export function decodeImage(bytes: Uint8Array, colorMode: ColorMode = 'rgb', name = 'the image'): Tensor {
  const channels = CHANNELS[colorMode];
  if (channels === undefined) throw new FluxionError(`decodeImage: colorMode must be 'rgb', 'rgba' or 'grayscale', but received ${describeValue(colorMode)}.`);
  let rgba: Uint8Array;
  let width: number;
  let height: number;
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  try {
    if (isPng) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      ({ width, height } = png);
      rgba = png.data;
    } else if (isJpeg) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
      ({ width, height } = img);
      rgba = img.data;
    } else {
      throw new FluxionError(`decodeImage: ${name} is neither PNG nor JPEG (its first bytes are ${Array.from(bytes.subarray(0, 4), (x) => x.toString(16)).join(' ')}).`);
    }
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    throw new FluxionError(`decodeImage: ${name} could not be decoded: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const out = new Float32Array(width * height * channels);
  for (let p = 0, q = 0; p < width * height; p++, q += 4) {
    const r = rgba[q] as number;
    const g = rgba[q + 1] as number;
    const b = rgba[q + 2] as number;
    if (channels === 1) {
      out[p] = 0.2989 * r + 0.587 * g + 0.114 * b; // tf.image.rgb_to_grayscale's weights
    } else {
      out[p * channels] = r;
      out[p * channels + 1] = g;
      out[p * channels + 2] = b;
      if (channels === 4) out[p * channels + 3] = rgba[q + 3] as number;
    }
  }
  return new Tensor(out, [height, width, channels], 'float32');
}

export interface ImageDirectoryOptions {
  /** 'int' (class index, int32), 'categorical' (one-hot float32), 'binary' (0/1 float32) or null (images only). */
  labelMode?: 'int' | 'categorical' | 'binary' | null;
  /** The sub-folders to use, in label order (default: all of them, sorted). */
  classNames?: string[];
  colorMode?: ColorMode;
  /** Elements per batch (default 32); null gives single images. */
  batchSize?: number | null;
  /** [height, width] every image is resized to (default [256, 256]). */
  imageSize?: [number, number];
  /** Shuffle the files (default true), reproducibly with a seed. */
  shuffle?: boolean;
  seed?: number;
  /** Fraction of the files kept for validation, with subset choosing which part this dataset is. */
  validationSplit?: number;
  subset?: 'training' | 'validation';
  interpolation?: 'bilinear' | 'nearest';
  /** Glob of the image files inside each class folder (default '**\/*.{png,jpg,jpeg}', case-insensitive). */
  pattern?: string;
}

export type ImageDirectoryDataset<E> = Dataset<E> & { readonly classNames: string[]; readonly filePaths: string[] };

/**
 * Keras's image_dataset_from_directory: directory/<class>/<image> files become a dataset of
 * [images, labels] (batched by default: images [batch, h, w, c] float32 0-255).
 */
export function imageDatasetFromDirectory(directory: string, options: ImageDirectoryOptions = {}): ImageDirectoryDataset<[Tensor, Tensor] | Tensor> {
  const fn = 'imageDatasetFromDirectory';
  let subdirs: string[];
  try {
    subdirs = readdirSync(directory).filter((d) => statSync(join(directory, d)).isDirectory()).sort();
  } catch {
    throw new FluxionError(`${fn}: cannot read the directory ${directory}; it must exist and hold one sub-folder per class.`);
  }
  const classNames = options.classNames ?? subdirs;
  for (const c of classNames) if (!subdirs.includes(c)) throw new FluxionError(`${fn}: classNames names '${c}', but ${directory} has no such sub-folder (it has ${subdirs.join(', ')}).`);
  const files = globSync(classNames.map((c) => `${c}/${options.pattern ?? '**/*.{png,jpg,jpeg}'}`), { cwd: directory, caseSensitiveMatch: false, onlyFiles: true });
  files.sort();
  if (files.length === 0) throw new FluxionError(`${fn}: found no PNG or JPEG files in the class sub-folders of ${directory} (${classNames.join(', ')}).`);
  let items = files.map((f) => ({ path: join(directory, f), label: classNames.indexOf(f.split('/')[0] as string) }));
  const labelMode = options.labelMode === undefined ? 'int' : options.labelMode;
  if (labelMode === 'binary' && classNames.length !== 2) throw new FluxionError(`${fn}: labelMode 'binary' needs exactly 2 classes, but ${directory} has ${classNames.length}.`);
  const seed = options.seed ?? randomSource().nextSeed();
  if (options.shuffle ?? true) {
    const rng = new RandomSource(seed);
    for (let i = items.length - 1; i > 0; i--) {
      const j = rng.nextUint32() % (i + 1);
      [items[i], items[j]] = [items[j] as (typeof items)[0], items[i] as (typeof items)[0]];
    }
  }
  if (options.validationSplit !== undefined) {
    const split = options.validationSplit;
    if (!(split > 0 && split < 1)) throw new FluxionError(`${fn}: validationSplit must be in (0, 1), but received ${describeValue(split)}.`);
    if (options.subset !== 'training' && options.subset !== 'validation') throw new FluxionError(`${fn}: with validationSplit, subset must be 'training' or 'validation'.`);
    const nVal = Math.floor(items.length * split);
    items = options.subset === 'training' ? items.slice(0, items.length - nVal) : items.slice(items.length - nVal);
  }
  const [height, width] = options.imageSize ?? [256, 256];
  const colorMode = options.colorMode ?? 'rgb';
  const resize = options.interpolation === 'nearest' ? resizeNearestNeighbor : resizeBilinear;
  const numClasses = classNames.length;
  const load = async (item: { path: string; label: number }): Promise<[Tensor, Tensor] | Tensor> => {
    let image = decodeImage(await readFile(item.path), colorMode, item.path);
    if (image.shape[0] !== height || image.shape[1] !== width) image = resize(image, [height, width], false, true);
    if (labelMode === null) return image;
    let label: Tensor;
    if (labelMode === 'categorical') {
      const oneHot = new Float32Array(numClasses);
      oneHot[item.label] = 1;
      label = new Tensor(oneHot, [numClasses], 'float32');
    } else if (labelMode === 'binary') label = new Tensor(Float32Array.of(item.label), [], 'float32');
    else label = new Tensor(Int32Array.of(item.label), [], 'int32');
    return [image, label];
  };
  const batchSize = options.batchSize === undefined ? 32 : options.batchSize;
  // As in Keras: the file list is shuffled once, and a buffer of 8 batches reshuffles every epoch.
  let files$ = array(items);
  if (options.shuffle ?? true) files$ = files$.shuffle((batchSize ?? 1) * 8, seed);
  let ds: Dataset<[Tensor, Tensor] | Tensor> = files$.map(load, { numParallelCalls: 4 });
  if (batchSize !== null) ds = ds.batch(batchSize) as Dataset<[Tensor, Tensor] | Tensor>;
  return Object.assign(ds, { classNames: [...classNames], filePaths: items.map((i) => i.path) });
}

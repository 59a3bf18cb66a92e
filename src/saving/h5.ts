/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly), kept behind a small interface:
 * `writeH5` builds a file in memory and returns its bytes; `openH5` reads one. Files live in
 * h5wasm's in-memory file system under fresh names and are removed when done, so the real file
 * system is only touched by the callers' atomic writes.
 *
 * Corrupt input must end in a FluxionError, never a crash: the bytes are checked (signature,
 * superblock, end-of-file address) before HDF5 sees them, every h5wasm call is wrapped, and a
 * dataset is only read after its shape and type are checked against what the caller expects and
 * its size against what the file could hold.
 */
import { FluxionError } from '../core/errors.js';

type H5Module = typeof import('h5wasm');
type H5File = InstanceType<H5Module['File']>;
type H5Group = InstanceType<H5Module['Group']>;
type H5Dataset = InstanceType<H5Module['Dataset']>;

let loading: Promise<H5Module> | null = null;

/** HDF5 prints its error stack to stderr on every failed call; callers get the error as a FluxionError instead. */
function isHdf5Diagnostic(line: unknown): boolean {
  return typeof line === 'string' && /^(HDF5-DIAG|\s+#\d{3}:|\s+(major|minor):)/.test(line);
}

/** Loads h5wasm once. Emscripten binds console.error when the module starts, so the filter is installed for that moment only. */
export function h5wasm(): Promise<H5Module> {
  if (loading === null) {
    loading = (async () => {
      const original = console.error;
      const filtered = (...args: unknown[]): void => {
        if (args.length === 1 && isHdf5Diagnostic(args[0])) return;
        original(...args);
      };
      console.error = filtered;
      try {
        const mod = await import('h5wasm');
        await mod.ready;
        return mod;
      } finally {
        console.error = original;
      }
    })();
  }
  return loading;
}

let fileCounter = 0;
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export type H5Data = Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array;

export interface H5Writer {
  group(path: string): void;
  dataset(path: string, data: Float32Array | Float64Array | Int32Array, shape: number[]): void;
  attr(path: string, name: string, value: string | string[] | number | number[]): void;
}

function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

function wrap<T>(fn: () => T, where: string, fileName: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    throw new FluxionError(`${where}: ${fileName} is not a readable HDF5 file (${describeError(e)}). The file may be truncated or corrupt; save it again.`);
  }
}

function dtypeOf(data: Float32Array | Float64Array | Int32Array): string {
  if (data instanceof Float32Array) return '<f';
  if (data instanceof Float64Array) return '<d';
  return '<i';
}

/** Builds an HDF5 file in memory with `build` and returns its bytes. */
export async function writeH5(build: (w: H5Writer) => void): Promise<Uint8Array> {
  const h5 = await h5wasm();
  const FS = h5.FS as unknown as { readFile(p: string): Uint8Array; unlink(p: string): void };
  const name = `/fluxion-write-${process.pid}-${fileCounter++}.h5`;
  const file: H5File = new h5.File(name, 'w');
  const groups = new Map<string, H5Group>([['', file]]);
  const ensure = (path: string): H5Group => {
    const known = groups.get(path);
    if (known !== undefined) return known;
    const cut = path.lastIndexOf('/');
    const parent = ensure(cut < 0 ? '' : path.slice(0, cut));
    const g = parent.create_group(cut < 0 ? path : path.slice(cut + 1));
    groups.set(path, g);
    return g;
  };
  const split = (path: string): [H5Group, string] => {
    const cut = path.lastIndexOf('/');
    return [ensure(cut < 0 ? '' : path.slice(0, cut)), cut < 0 ? path : path.slice(cut + 1)];
  };
  try {
    build({
      group: (path) => void ensure(path),
      dataset: (path, data, shape) => {
        const [parent, leaf] = split(path);
        parent.create_dataset({ name: leaf, data, shape, dtype: dtypeOf(data) });
      },
      attr: (path, attrName, value) => {
        const target = path === '' ? file : ensure(path);
        target.create_attribute(attrName, value);
      },
    });
  } finally {
    file.close();
  }
  const bytes = FS.readFile(name);
  FS.unlink(name);
  return new Uint8Array(bytes);
}

function readUint(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

/**
 * Checks what HDF5 reads first, before HDF5 sees the bytes: the signature at offset 0 (where Keras,
 * h5py and h5wasm put it), a known superblock version, sane sizes of offsets and lengths, and an
 * end-of-file address that fits in the file (a truncated file is reported here, by name).
 */
export function checkHdf5Header(bytes: Uint8Array, where: string, fileName: string): void {
  if (bytes.length < 48 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new FluxionError(`${where}: ${fileName} is not an HDF5 file (its first bytes are not the HDF5 signature \\x89HDF\\r\\n\\x1a\\n). Expected a file written by Keras, h5py or Fluxion.`);
  }
  const version = bytes[8] ?? 255;
  let offsetSize: number;
  let lengthSize: number;
  let eofAt: number;
  if (version === 0 || version === 1) {
    offsetSize = bytes[13] ?? 0;
    lengthSize = bytes[14] ?? 0;
    // After the fixed fields: base address, free-space address (v0/1), end-of-file address.
    eofAt = 24 + (version === 1 ? 4 : 0) + 2 * offsetSize;
  } else if (version === 2 || version === 3) {
    offsetSize = bytes[9] ?? 0;
    lengthSize = bytes[10] ?? 0;
    eofAt = 12 + 2 * offsetSize;
  } else {
    throw new FluxionError(`${where}: ${fileName} has an unknown HDF5 superblock version ${version}; expected 0 to 3. The file is corrupt.`);
  }
  if (![2, 4, 8].includes(offsetSize) || ![2, 4, 8].includes(lengthSize)) {
    throw new FluxionError(`${where}: ${fileName} has a corrupt HDF5 superblock (sizes of offsets/lengths ${offsetSize}/${lengthSize}; expected 2, 4 or 8).`);
  }
  const eof = readUint(bytes, eofAt, offsetSize);
  if (eof > bytes.length) {
    throw new FluxionError(`${where}: ${fileName} is truncated: its HDF5 superblock says the file is ${eof} bytes long, but it has ${bytes.length}.`);
  }
}

export interface DatasetInfo {
  shape: number[];
  /** 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'bfloat16' | 'float16' | other descriptions. */
  dtype: string;
  byteSize: number;
}

/** A read-only view of an HDF5 file; every method names the file in its errors. */
export class H5Reader {
  private closed = false;

  constructor(
    private readonly file: H5File,
    private readonly memName: string,
    private readonly fs: { unlink(p: string): void },
    readonly fileName: string,
    readonly fileSize: number,
    private readonly where: string,
  ) {}

  private entity(path: string): ReturnType<H5Group['get']> {
    return wrap(() => (path === '' ? this.file : this.file.get(path)), this.where, this.fileName);
  }

  has(path: string): boolean {
    if (path === '') return true;
    const parts = path.split('/');
    let cur = '';
    for (const p of parts) {
      const keys = this.keys(cur);
      if (!keys.includes(p)) return false;
      cur = cur === '' ? p : `${cur}/${p}`;
    }
    return true;
  }

  isGroup(path: string): boolean {
    const e = this.entity(path);
    return e !== null && e !== undefined && (e as { type?: unknown }).type === 'Group';
  }

  isDataset(path: string): boolean {
    const e = this.entity(path);
    return e !== null && e !== undefined && (e as { type?: unknown }).type === 'Dataset';
  }

  keys(path: string): string[] {
    const e = this.entity(path);
    if (e === null || e === undefined || (e as { type?: unknown }).type !== 'Group') return [];
    return wrap(() => (e as H5Group).keys(), this.where, this.fileName);
  }

  attr(path: string, name: string): unknown {
    const e = this.entity(path);
    if (e === null || e === undefined) return undefined;
    return wrap(
      () => {
        const attrs = (e as H5Group).attrs;
        const a = attrs[name];
        return a === undefined ? undefined : a.json_value;
      },
      this.where,
      this.fileName,
    );
  }

  info(path: string): DatasetInfo {
    const e = this.entity(path);
    if (e === null || e === undefined || (e as { type?: unknown }).type !== 'Dataset') {
      throw new FluxionError(`${this.where}: ${this.fileName} has no dataset "${path}".`);
    }
    const meta = wrap(() => (e as H5Dataset).metadata, this.where, this.fileName);
    const shape = meta.shape ?? [];
    const attrDtype = this.attr(path, 'dtype');
    let dtype: string;
    if (meta.type === 1 && meta.size === 4) dtype = 'float32';
    else if (meta.type === 1 && meta.size === 8) dtype = 'float64';
    else if (meta.type === 1 && meta.size === 2) dtype = 'float16';
    else if (meta.type === 0 && meta.size === 4) dtype = meta.signed ? 'int32' : 'uint32';
    else if (meta.type === 0 && meta.size === 8) dtype = meta.signed ? 'int64' : 'uint64';
    else if (meta.type === 0 && meta.size === 1) dtype = meta.signed ? 'int8' : 'uint8';
    else if (meta.type === 0 && meta.size === 2 && attrDtype === 'bfloat16') dtype = 'bfloat16';
    else dtype = `HDF5 type class ${meta.type} of ${meta.size} bytes`;
    const count = shape.reduce((n, d) => n * d, 1);
    return { shape, dtype, byteSize: count * meta.size };
  }

  /**
   * Reads a numeric dataset as float32/int32 values. Refuses a dataset whose size exceeds what the
   * file could hold (Keras writes uncompressed data), so a forged shape cannot make us allocate.
   */
  read(path: string): { values: Float32Array | Int32Array; shape: number[]; dtype: 'float32' | 'int32' } {
    const info = this.info(path);
    if (info.byteSize > this.fileSize) {
      throw new FluxionError(
        `${this.where}: ${this.fileName}: dataset "${path}" claims shape [${info.shape.join(',')}] (${info.byteSize} bytes), more than the whole file holds (${this.fileSize} bytes). The file is corrupt.`,
      );
    }
    const e = this.entity(path) as H5Dataset;
    const raw = wrap(() => e.value, this.where, this.fileName);
    const count = info.shape.reduce((n, d) => n * d, 1);
    const out = (values: Float32Array | Int32Array, dtype: 'float32' | 'int32') => {
      if (values.length !== count) throw new FluxionError(`${this.where}: ${this.fileName}: dataset "${path}" holds ${values.length} values, but its shape [${info.shape.join(',')}] needs ${count}.`);
      return { values, shape: info.shape, dtype };
    };
    if (raw instanceof Float32Array) return out(raw, 'float32');
    if (raw instanceof Float64Array) return out(Float32Array.from(raw), 'float32');
    if (raw instanceof Int32Array) return out(raw, 'int32');
    if (raw instanceof BigInt64Array) return out(Int32Array.from(raw, (v) => Number(v)), 'int32');
    if (info.dtype === 'bfloat16' && raw instanceof Uint16Array) {
      const f = new Float32Array(raw.length);
      const u = new Uint32Array(f.buffer);
      raw.forEach((v, i) => (u[i] = v << 16));
      return out(f, 'float32');
    }
    if (typeof raw === 'number') return out(Float32Array.of(raw), 'float32');
    throw new FluxionError(`${this.where}: ${this.fileName}: dataset "${path}" has dtype ${info.dtype}, which Fluxion cannot load (expected float32, float64, int32 or int64).`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.file.close();
    } catch {
      // Closing a file HDF5 could not fully read can fail; the memory file is removed below.
    }
    try {
      this.fs.unlink(this.memName);
    } catch {
      // Already gone.
    }
  }
}

/** Opens HDF5 bytes for reading (checked first; see checkHdf5Header). Close the reader when done. */
export async function openH5(bytes: Uint8Array, fileName: string, where: string): Promise<H5Reader> {
  checkHdf5Header(bytes, where, fileName);
  const h5 = await h5wasm();
  const FS = h5.FS as unknown as { writeFile(p: string, d: Uint8Array): void; unlink(p: string): void };
  const memName = `/fluxion-read-${process.pid}-${fileCounter++}.h5`;
  FS.writeFile(memName, bytes);
  let file: H5File;
  try {
    file = wrap(() => new h5.File(memName, 'r'), where, fileName);
  } catch (e) {
    FS.unlink(memName);
    throw e;
  }
  return new H5Reader(file, memName, FS, fileName, bytes.length, where);
}

/** Runs `fn` on the opened file and closes it afterwards. */
export async function withH5<T>(bytes: Uint8Array, fileName: string, where: string, fn: (r: H5Reader) => T): Promise<T> {
  const reader = await openH5(bytes, fileName, where);
  try {
    return fn(reader);
  } finally {
    reader.close();
  }
}

/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly), kept behind a small interface.
 * `writeH5` builds a file in h5wasm's in-memory file system and returns its bytes (the callers
 * write them atomically). `openH5` parses a file in a worker thread and hands back its tree.
 *
 * Corrupt input must end in a FluxionError, never a crash or a hang: the bytes are checked
 * (signature, superblock, end-of-file address) before HDF5 sees them; HDF5 then runs in the worker
 * under a deadline, so an endless loop or a WebAssembly abort costs a terminated worker; and a
 * dataset's values are only read when their size fits in the file.
 */
import { Worker } from 'node:worker_threads';
import { FluxionError } from '../core/errors.js';

type H5Module = typeof import('h5wasm');
type H5File = InstanceType<H5Module['File']>;
type H5Group = InstanceType<H5Module['Group']>;

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

/** What the parsing worker sends back: the file's tree, with the values of datasets small enough to be real. */
interface ParsedDataset {
  shape: number[];
  type: number;
  size: number;
  signed: boolean;
  attrs: Record<string, unknown>;
  values: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint16Array | Uint8Array | Int8Array | Uint32Array | Int16Array | null;
}

interface ParsedTree {
  children: Record<string, string[]>;
  groupAttrs: Record<string, Record<string, unknown>>;
  datasets: Record<string, ParsedDataset>;
}

/**
 * The parsing worker's code. HDF5 runs in a worker thread so that a file that sends the C library
 * into an endless loop, or makes the WebAssembly module abort, costs a terminated worker and a
 * FluxionError, never the process. The function is self-contained: it is started as the worker's
 * source (`eval: true`), with the location of h5wasm in workerData. It reads a dataset's values only
 * when their size fits in the file (Keras writes uncompressed data), so a forged shape allocates
 * nothing; nesting depth and object count are bounded, so hard-link cycles end too.
 */
declare const workerThreads: typeof import('node:worker_threads');

function h5WorkerMain(): void {
  const { parentPort, workerData } = workerThreads;
  type Entity = { type: string; keys(): string[]; get(k: string): Entity | null; attrs: Record<string, { json_value: unknown }>; metadata: { shape: number[] | null; type: number; size: number; signed: boolean; vlen: boolean }; value: unknown };
  type Module = { ready: Promise<unknown>; FS: { writeFile(p: string, d: Uint8Array): void; unlink(p: string): void }; File: new (name: string, mode: string) => Entity & { close(): void } };
  let counter = 0;
  const loading = (async (): Promise<Module> => {
    const original = console.error;
    console.error = (...args: unknown[]): void => {
      if (args.length === 1 && typeof args[0] === 'string' && /^(HDF5-DIAG|\s+#\d{3}:|\s+(major|minor):)/.test(args[0])) return;
      original(...args);
    };
    try {
      const mod = (await import(String(workerData.h5wasmUrl))) as Module;
      await mod.ready;
      return mod;
    } finally {
      console.error = original;
    }
  })();
  const attrsOf = (e: Entity): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const attrs = e.attrs;
    for (const name of Object.keys(attrs)) out[name] = attrs[name]?.json_value;
    return out;
  };
  const parse = (h5: Module, bytes: Uint8Array) => {
    const name = `/fluxion-read-${counter++}.h5`;
    h5.FS.writeFile(name, bytes);
    let file: (Entity & { close(): void }) | null = null;
    const tree = { children: {} as Record<string, string[]>, groupAttrs: {} as Record<string, Record<string, unknown>>, datasets: {} as Record<string, unknown> };
    const transfer: ArrayBuffer[] = [];
    let objects = 0;
    const walk = (g: Entity, path: string, depth: number): void => {
      if (depth > 64 || ++objects > 100000) throw new Error('the file nests groups too deeply or holds too many objects');
      const keys = g.keys();
      tree.children[path] = keys;
      tree.groupAttrs[path] = attrsOf(g);
      for (const k of keys) {
        const p = path === '' ? k : `${path}/${k}`;
        const e = g.get(k);
        if (e === null || e === undefined) continue;
        if (e.type === 'Group') walk(e, p, depth + 1);
        else if (e.type === 'Dataset') {
          if (++objects > 100000) throw new Error('the file holds too many objects');
          const meta = e.metadata;
          const shape = meta.shape ?? [];
          const bytesNeeded = shape.reduce((n, d) => n * d, 1) * meta.size;
          let values: unknown = null;
          if ((meta.type === 0 || meta.type === 1) && !meta.vlen && bytesNeeded <= bytes.length) {
            const v = e.value;
            if (ArrayBuffer.isView(v)) {
              const copy = (v as unknown as { slice(): ArrayBufferView }).slice();
              values = copy;
              transfer.push(copy.buffer as ArrayBuffer);
            } else if (typeof v === 'number') values = Float64Array.of(v);
            else if (typeof v === 'bigint') values = BigInt64Array.of(v);
          }
          tree.datasets[p] = { shape, type: meta.type, size: meta.size, signed: meta.signed, attrs: attrsOf(e), values };
        }
      }
    };
    try {
      file = new h5.File(name, 'r');
      walk(file, '', 0);
    } finally {
      try {
        file?.close();
      } catch {
        // A file HDF5 could not fully read may fail to close; the memory file goes below.
      }
      try {
        h5.FS.unlink(name);
      } catch {
        // Already gone.
      }
    }
    return { tree, transfer };
  };
  void loading.then(
    () => parentPort?.postMessage({ ready: true }),
    (e: unknown) => parentPort?.postMessage({ ready: false, error: String(e) }),
  );
  parentPort?.on('message', (msg: { id: number; bytes: Uint8Array }) => {
    void loading.then((h5) => {
      try {
        const { tree, transfer } = parse(h5, msg.bytes);
        parentPort?.postMessage({ id: msg.id, tree }, transfer);
      } catch (e) {
        // A WebAssembly trap (out-of-bounds access, abort) leaves the HDF5 library's state broken: the worker must be replaced.
        const fatal = (e instanceof Error && e.constructor.name === 'RuntimeError') || /^Aborted\b|RuntimeError/.test(String(e));
        parentPort?.postMessage({ id: msg.id, error: (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200), fatal });
      }
    });
  });
}

interface Pending {
  resolve(tree: ParsedTree): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** The parsing worker, started on first use and replaced after a timeout or a crash. */
class ParserWorker {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private next = 0;
  private readonly pending = new Map<number, Pending>();

  private start(): Promise<Worker> {
    if (this.ready !== null) return this.ready;
    // (`__name` is the helper that TypeScript-on-the-fly loaders such as tsx insert to keep function names.)
    // (`workerThreads` is bound here because process.getBuiltinModule only exists from Node 20.16.)
    const source =
      'const __name = (f) => f;\n' +
      "const workerThreads = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : require('node:worker_threads');\n" +
      `(${h5WorkerMain.toString()})();`;
    const worker = new Worker(source, { eval: true, workerData: { h5wasmUrl: import.meta.resolve('h5wasm') } });
    this.worker = worker;
    // An idle worker must not keep the process alive; it is ref'ed while a parse is pending.
    worker.unref();
    this.ready = new Promise<Worker>((resolve, reject) => {
      worker.once('message', (m: { ready: boolean; error?: string }) => (m.ready ? resolve(worker) : reject(new FluxionError(`HDF5: h5wasm failed to start (${m.error ?? 'unknown error'}).`))));
      worker.once('error', (e) => reject(new FluxionError(`HDF5: the parsing worker failed to start (${e.message}).`)));
    });
    worker.on('message', (m: { id?: number; tree?: ParsedTree; error?: string; fatal?: boolean }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (this.pending.size === 0) worker.unref();
      if (m.tree !== undefined) p.resolve(m.tree);
      else p.reject(new Error(m.error ?? 'unknown error'));
      if (m.fatal === true) this.fail(worker, `the HDF5 library trapped on an earlier file (${m.error ?? 'unknown error'})`);
    });
    worker.on('error', (e) => this.fail(worker, `the HDF5 library crashed (${e.message.split('\n')[0]})`));
    worker.on('exit', () => this.fail(worker, 'the HDF5 parsing worker exited'));
    return this.ready;
  }

  private fail(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.ready = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(why));
      this.pending.delete(id);
    }
    void worker.terminate();
    // Start the replacement now, so the next load does not wait for h5wasm to compile.
    void this.start().catch(() => undefined);
  }

  async parse(bytes: Uint8Array, deadlineMs: number): Promise<ParsedTree> {
    const worker = await this.start();
    const id = this.next++;
    return new Promise<ParsedTree>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(worker, `parsing took longer than ${deadlineMs} ms`), deadlineMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, bytes });
    });
  }
}

const parser = new ParserWorker();

/** How long HDF5 may take to read a file: 1 s, plus 1 s per 50 MB. */
function deadlineFor(size: number): number {
  return 1000 + Math.floor(size / 50e6) * 1000;
}

/** A read-only view of a parsed HDF5 file; every method names the file in its errors. */
export class H5Reader {
  constructor(
    private readonly tree: ParsedTree,
    readonly fileName: string,
    readonly fileSize: number,
    private readonly where: string,
  ) {}

  has(path: string): boolean {
    return path === '' || this.tree.children[path] !== undefined || this.tree.datasets[path] !== undefined;
  }

  isGroup(path: string): boolean {
    return this.tree.children[path] !== undefined;
  }

  isDataset(path: string): boolean {
    return this.tree.datasets[path] !== undefined;
  }

  keys(path: string): string[] {
    return [...(this.tree.children[path] ?? [])];
  }

  attr(path: string, name: string): unknown {
    return (this.tree.groupAttrs[path] ?? this.tree.datasets[path]?.attrs)?.[name];
  }

  private dataset(path: string): ParsedDataset {
    const d = this.tree.datasets[path];
    if (d === undefined) throw new FluxionError(`${this.where}: ${this.fileName} has no dataset "${path}".`);
    return d;
  }

  info(path: string): DatasetInfo {
    const d = this.dataset(path);
    const t = d.type;
    let dtype: string;
    if (t === 1 && d.size === 4) dtype = 'float32';
    else if (t === 1 && d.size === 8) dtype = 'float64';
    else if (t === 1 && d.size === 2) dtype = 'float16';
    else if (t === 0 && d.size === 4) dtype = d.signed ? 'int32' : 'uint32';
    else if (t === 0 && d.size === 8) dtype = d.signed ? 'int64' : 'uint64';
    else if (t === 0 && d.size === 1) dtype = d.signed ? 'int8' : 'uint8';
    else if (t === 0 && d.size === 2 && d.attrs['dtype'] === 'bfloat16') dtype = 'bfloat16';
    else dtype = `HDF5 type class ${t} of ${d.size} bytes`;
    return { shape: [...d.shape], dtype, byteSize: d.shape.reduce((n, x) => n * x, 1) * d.size };
  }

  /**
   * A numeric dataset's values as float32/int32. Refuses a dataset whose size exceeds what the file
   * could hold (Keras writes uncompressed data), so a forged shape cannot make us allocate.
   */
  read(path: string): { values: Float32Array | Int32Array; shape: number[]; dtype: 'float32' | 'int32' } {
    const info = this.info(path);
    if (info.byteSize > this.fileSize) {
      throw new FluxionError(
        `${this.where}: ${this.fileName}: dataset "${path}" claims shape [${info.shape.join(',')}] (${info.byteSize} bytes), more than the whole file holds (${this.fileSize} bytes). The file is corrupt.`,
      );
    }
    const raw = this.dataset(path).values;
    const count = info.shape.reduce((n, d) => n * d, 1);
    const out = (values: Float32Array | Int32Array, dtype: 'float32' | 'int32') => {
      if (values.length !== count) throw new FluxionError(`${this.where}: ${this.fileName}: dataset "${path}" holds ${values.length} values, but its shape [${info.shape.join(',')}] needs ${count}.`);
      return { values, shape: info.shape, dtype };
    };
    if (info.dtype === 'bfloat16' && raw instanceof Uint16Array) {
      const f = new Float32Array(raw.length);
      const u = new Uint32Array(f.buffer);
      raw.forEach((v, i) => (u[i] = v << 16));
      return out(f, 'float32');
    }
    if (raw instanceof Float32Array) return out(raw, 'float32');
    if (raw instanceof Float64Array) return out(Float32Array.from(raw), 'float32');
    if (raw instanceof Int32Array) return out(raw, 'int32');
    if (raw instanceof BigInt64Array) return out(Int32Array.from(raw, (v) => Number(v)), 'int32');
    if (raw instanceof Int8Array || raw instanceof Int16Array || raw instanceof Uint8Array) return out(Int32Array.from(raw), 'int32');
    throw new FluxionError(`${this.where}: ${this.fileName}: dataset "${path}" has dtype ${info.dtype}, which Fluxion cannot load (expected float32, float64, int32 or int64).`);
  }

  close(): void {
    // The file was parsed and released in the worker; nothing is held here.
  }
}

/** Parses HDF5 bytes (checked first; see checkHdf5Header) in the worker; close the reader when done. */
export async function openH5(bytes: Uint8Array, fileName: string, where: string): Promise<H5Reader> {
  checkHdf5Header(bytes, where, fileName);
  let tree: ParsedTree;
  try {
    tree = await parser.parse(bytes.slice(), deadlineFor(bytes.length));
  } catch (e) {
    if (e instanceof FluxionError) throw e;
    throw new FluxionError(`${where}: ${fileName} is not a readable HDF5 file (${e instanceof Error ? e.message : String(e)}). The file may be truncated or corrupt; save it again.`);
  }
  return new H5Reader(tree, fileName, bytes.length, where);
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

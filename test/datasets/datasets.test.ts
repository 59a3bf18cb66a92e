/**
 * fx.datasets: the real Fashion-MNIST files (CI installs them with `apt-get install
 * dataset-fashion-mnist`), the search order, and downloads with checksums against a local HTTP
 * server on 127.0.0.1 (no external network).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:net';
import * as fx from '../../src/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data');
const tmp = mkdtempSync(join(tmpdir(), 'fx-datasets-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs fn with environment variables set (undefined: removed), restoring them afterwards. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>): void => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

/** An IDX file of unsigned bytes. */
function idx(shape: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(8, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

describe('fx.datasets.fashionMnist.loadData on the installed files', () => {
  test('returns [[xTrain, yTrain], [xTest, yTest]] as Keras does: [n, 28, 28] images of 0-255, [n] labels', () => {
    const [[xTrain, yTrain], [xTest, yTest]] = fx.datasets.fashionMnist.loadData({ download: false });
    assert.deepEqual(xTrain.shape, [60000, 28, 28]);
    assert.deepEqual(yTrain.shape, [60000]);
    assert.deepEqual(xTest.shape, [10000, 28, 28]);
    assert.deepEqual(yTest.shape, [10000]);
    assert.equal(fx.min(xTrain).dataSync()[0], 0);
    assert.equal(fx.max(xTrain).dataSync()[0], 255);
    assert.ok(Array.from(xTrain.dataSync().subarray(0, 784 * 10)).every((v) => Number.isInteger(v)));
    const counts = new Array<number>(10).fill(0);
    for (const l of yTrain.dataSync()) counts[l] = (counts[l] ?? 0) + 1;
    assert.deepEqual(counts, new Array<number>(10).fill(6000), 'Fashion-MNIST has 6,000 training images per class');
  });

  test('the search order is FLUXION_DATA_DIR, ~/.fluxion/datasets, /usr/share/datasets', () => {
    const dirs = withEnv({ FLUXION_DATA_DIR: '/data/x', HOME: '/home/u' }, () => fx.datasets.searchDirs('fashion-mnist'));
    assert.deepEqual(dirs, ['/data/x/fashion-mnist', '/home/u/.fluxion/datasets/fashion-mnist', '/usr/share/datasets/fashion-mnist']);
  });

  test('files in FLUXION_DATA_DIR win over the installed ones', () => {
    const dir = join(tmp, 'datadir', 'fashion-mnist');
    mkdirSync(dir, { recursive: true });
    const img = Array.from({ length: 2 * 784 }, (_, i) => i % 256);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([2, 28, 28], img)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([2], [3, 9]));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([1, 28, 28], img.slice(0, 784)));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx([1], [4]));
    const [[x, y], [xt, yt]] = withEnv({ FLUXION_DATA_DIR: join(tmp, 'datadir') }, () => fx.datasets.fashionMnist.loadData());
    assert.deepEqual([x.shape, y.arraySync(), xt.shape, yt.arraySync()], [[2, 28, 28], [3, 9], [1, 28, 28], [4]]);
    assert.equal(x.dataSync()[300], 300 % 256);
  });
});

describe('downloads (a local HTTP server on 127.0.0.1)', () => {
  let server: ChildProcess;
  let base = '';
  const served = join(tmp, 'served');
  const requests = (): string[] => readFileSync(join(tmp, 'requests.log'), 'utf8').split('\n').filter(Boolean);

  before(async () => {
    mkdirSync(served, { recursive: true });
    writeFileSync(join(served, 'iris.csv'), readFileSync(join(FIXTURES, 'iris.csv')));
    // A "mirror" holding the Debian package's Fashion-MNIST files under MNIST's names: their
    // checksums are not MNIST's, so a download from it must be rejected.
    for (const f of readdirSync('/usr/share/datasets/fashion-mnist')) writeFileSync(join(served, f), readFileSync(join('/usr/share/datasets/fashion-mnist', f)));
    const script = join(tmp, 'server.mjs');
    writeFileSync(
      script,
      `import { createServer } from 'node:http';
import { appendFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
const [root, log] = process.argv.slice(2);
const srv = createServer((req, res) => {
  appendFileSync(log, req.url + '\\n');
  const p = join(root, decodeURIComponent(req.url.slice(1)));
  if (!existsSync(p)) { res.writeHead(404); res.end(); return; }
  const body = readFileSync(p);
  res.writeHead(200, { 'content-length': body.length });
  res.end(body);
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));`,
    );
    writeFileSync(join(tmp, 'requests.log'), '');
    server = spawn(process.execPath, [script, served, join(tmp, 'requests.log')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve) => server.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
    base = `http://127.0.0.1:${port}`;
  });
  after(() => server.kill());

  test('getFile downloads into the cache, checks the SHA-256, and reuses the cached copy', () => {
    const sha = createHash('sha256').update(readFileSync(join(FIXTURES, 'iris.csv'))).digest('hex');
    const cacheDir = join(tmp, 'cache1');
    const path = fx.datasets.getFile('iris.csv', `${base}/iris.csv`, { fileHash: sha, cacheDir, cacheSubdir: 'tables', progress: false });
    assert.equal(path, join(cacheDir, 'tables', 'iris.csv'));
    assert.deepEqual(readFileSync(path), readFileSync(join(FIXTURES, 'iris.csv')));
    const before = requests().length;
    assert.equal(fx.datasets.getFile('iris.csv', `${base}/iris.csv`, { fileHash: sha, cacheDir, cacheSubdir: 'tables' }), path);
    assert.equal(requests().length, before, 'the cached copy was used');
  });

  test('a checksum mismatch fails and leaves nothing in the cache', () => {
    const cacheDir = join(tmp, 'cache2');
    const wrong = '0'.repeat(64);
    assert.throws(() => fx.datasets.getFile('iris.csv', `${base}/iris.csv`, { fileHash: wrong, cacheDir, progress: false }), (e: Error) => {
      assert.match(e.message, new RegExp(`^getFile: iris\\.csv is not in ${cacheDir} and the file downloaded from ${base}/iris\\.csv has SHA-256 [0-9a-f]{64}, but 0{64} was expected \\(a corrupted download or a changed file\\); it was deleted\\.$`));
      return true;
    });
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  test('the progress bar reports size, share and rate', async () => {
    const lines: string[] = [];
    await fx.datasets.downloadFile(`${base}/iris.csv`, join(tmp, 'cache3', 'iris.csv'), { progress: (l) => void lines.push(l) });
    const size = readFileSync(join(FIXTURES, 'iris.csv')).length;
    assert.equal(lines[0], `Downloading ${base}/iris.csv`);
    assert.match(lines.at(-1) ?? '', new RegExp(`^  ${(size / 1e6).toFixed(1)}/${(size / 1e6).toFixed(1)} MB ━{20} 100% [0-9.]+ MB/s$`));
    assert.equal(fx.datasets.cacheRoot(), process.env['FLUXION_DATA_DIR'] || join(process.env['HOME'] ?? '', '.fluxion', 'datasets'));
  });

  test('loadData downloads from the mirror into the cache and rejects files whose checksum is wrong', () => {
    const home = join(tmp, 'home-mirror');
    assert.throws(
      () => withEnv({ FLUXION_DATA_DIR: undefined, HOME: home, FLUXION_DATASETS_MIRROR: `${base}/` }, () => fx.datasets.mnist.loadData({ progress: false })),
      (e: Error) => {
        assert.match(e.message, /^mnist: the dataset files \(train-images-idx3-ubyte, .*\) were not found and could not be downloaded: /);
        assert.match(e.message, new RegExp(`the file downloaded from ${base}/train-images-idx3-ubyte\\.gz has SHA-256 b0564c3e[0-9a-f]{56}, but 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609 was expected`));
        return true;
      },
    );
    assert.ok(requests().includes('/train-images-idx3-ubyte.gz'), 'the loader asked the mirror');
    assert.equal(existsSync(join(home, '.fluxion', 'datasets', 'mnist', 'train-images-idx3-ubyte.gz')), false);
  });

  test('with no network, one clear message says where it looked and how to install', async () => {
    const closed = await closedPort();
    const home = join(tmp, 'home-offline');
    const dirs = [join(tmp, 'none', 'mnist'), join(home, '.fluxion', 'datasets', 'mnist'), '/usr/share/datasets/mnist'];
    assert.throws(
      () => withEnv({ FLUXION_DATA_DIR: join(tmp, 'none'), HOME: home, FLUXION_DATASETS_MIRROR: `http://127.0.0.1:${closed}/` }, () => fx.datasets.mnist.loadData({ progress: false })),
      {
        message:
          'mnist: the dataset files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) were not found and could not be downloaded: ' +
          `could not reach http://127.0.0.1:${closed}/train-images-idx3-ubyte.gz (ECONNREFUSED). Looked in: ${dirs.join(', ')}. ` +
          'To install them, download the four .gz files from https://storage.googleapis.com/cvdf-datasets/mnist/ into one of those folders.',
      },
    );
    assert.throws(() => withEnv({ FLUXION_DATA_DIR: undefined, HOME: home }, () => fx.datasets.mnist.loadData({ download: false })), {
      message: `mnist: the dataset files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) were not found. Looked in: ${dirs.slice(1).join(', ')}. To install them, download the four .gz files from https://storage.googleapis.com/cvdf-datasets/mnist/ into one of those folders.`,
    });
  });
});

/** A local port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

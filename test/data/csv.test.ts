import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as fx from '../../src/index.js';
import { plain } from './helpers.js';

const IRIS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data', 'iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'fx-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

type Row = fx.data.CSVRow;

describe('fx.data.csv on the Iris data set', () => {
  test('rows are objects keyed by the header, numbers parsed, strings kept', async () => {
    const rows = await fx.data.csv(IRIS).toArray();
    assert.equal(rows.length, 150);
    assert.deepEqual(rows[0], { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2, species: 'setosa' });
    assert.deepEqual(rows[149], { sepal_length: 5.9, sepal_width: 3, petal_length: 5.1, petal_width: 1.8, species: 'virginica' });
    assert.deepEqual(await fx.data.csv(IRIS).columnNames(), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  });

  test("TensorFlow.js's columnConfigs {isLabel: true} gives {xs, ys}, and batch gives tensors per column", async () => {
    const ds = fx.data.csv<{ xs: Row; ys: Row }>(pathToFileURL(IRIS), { columnConfigs: { species: { isLabel: true } } });
    const [first] = await ds.take(1).toArray();
    assert.deepEqual(first, { xs: { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }, ys: { species: 'setosa' } });
    const [batch] = await ds.batch(4).take(1).toArray();
    assert.deepEqual((batch?.xs['sepal_length'] as fx.Tensor).shape, [4]);
    assert.deepEqual(plain(batch?.ys.species), ['setosa', 'setosa', 'setosa', 'setosa']);
  });

  test('a model trains on the CSV pipeline (features stacked per row, species as class index)', async () => {
    fx.setSeed(1);
    const species = ['setosa', 'versicolor', 'virginica'];
    const ds = fx.data
      .csv<{ xs: Row; ys: Row }>(IRIS, { columnConfigs: { species: { isLabel: true } } })
      .map(({ xs, ys }) => ({ xs: Object.values(xs) as number[], ys: species.indexOf(ys['species'] as string) }))
      .map(({ xs, ys }) => ({ xs: fx.tensor(xs), ys }))
      .cache()
      .shuffle(150, 3)
      .batch(16);
    const model = fx.sequential({ layers: [fx.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), fx.layers.dense({ units: 3, activation: 'softmax' })] });
    model.compile({ optimizer: fx.train.adam(0.05), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(ds, undefined, { epochs: 15, verbose: 0 });
    const acc = history.history['acc'] ?? history.history['accuracy'] ?? [];
    assert.ok((acc.at(-1) ?? 0) > 0.85, `accuracy ${acc.at(-1)}`);
  });
});

describe('fx.data.csv parsing', () => {
  test('column types: dtype, default, configuredColumnsOnly, no header, delimiters', async () => {
    const p = file('types.csv', 'a,b,c,d\n1,2.5,true,x\n4,,false,y\n');
    const rows = await fx.data.csv(p, { columnConfigs: { a: { dtype: 'int32' }, b: { default: -1 }, c: { dtype: 'bool' }, d: { dtype: 'string' } } }).toArray();
    assert.deepEqual(rows, [{ a: 1, b: 2.5, c: 1, d: 'x' }, { a: 4, b: -1, c: 0, d: 'y' }]);
    assert.deepEqual(await fx.data.csv(p, { columnConfigs: { a: {}, d: {} }, configuredColumnsOnly: true }).toArray(), [{ a: 1, d: 'x' }, { a: 4, d: 'y' }]);
    const noHeader = file('nh.csv', '1;2\n3;4');
    assert.deepEqual(await fx.data.csv(noHeader, { hasHeader: false, columnNames: ['p', 'q'], delimiter: ';' }).toArray(), [{ p: 1, q: 2 }, { p: 3, q: 4 }]);
    const ws = file('ws.txt', 'x y\n 1   2\n3\t4\n');
    assert.deepEqual(await fx.data.csv(ws, { delimWhitespace: true }).toArray(), [{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  });

  test('quoted fields: delimiters, doubled quotes and line breaks inside quotes; CRLF line ends', async () => {
    const p = file('quoted.csv', 'id,text,n\r\n1,"a, b",2\r\n2,"say ""hi""",3\r\n3,"two\nlines",4\r\n4,plain,"5"\r\n');
    const rows = await fx.data.csv(p).toArray();
    assert.deepEqual(rows, [
      { id: 1, text: 'a, b', n: 2 },
      { id: 2, text: 'say "hi"', n: 3 },
      { id: 3, text: 'two\nlines', n: 4 },
      { id: 4, text: 'plain', n: 5 },
    ]);
  });

  test('numbers parse exactly as Number() does', async () => {
    const values: string[] = ['0', '-0.5', '+3', '1e3', '2.5E-4', '123456789012345', '1234567890123456789', '0.1', '3.14159265358979', '1e-30', '-7.000', ' 8 ', 'NaN', 'Infinity'];
    for (let i = 0; i < 300; i++) values.push(((Math.sin(i) * 10 ** ((i % 13) - 6)) as number).toPrecision(1 + (i % 17)));
    const p = file('nums.csv', `v\n${values.join('\n')}\n`);
    const rows = await fx.data.csv(p).toArray();
    assert.equal(rows.length, values.length);
    rows.forEach((r, i) => assert.equal(r['v'], Number(values[i]), `value ${values[i]}`));
  });

  test('all-numeric rows (the one-pass path) parse like Number(), across chunks, with malformed rows still caught', async () => {
    const lines = ['x,y,z'];
    const expected: number[][] = [];
    for (let i = 0; i < 400; i++) {
      const row = [((i * 7919) % 1000) / 7, -i * 1e-3, i % 3 === 0 ? 1e21 + i : i].map((v) => (i % 5 === 0 ? v.toExponential(3) : String(v)));
      lines.push(row.join(','));
      expected.push(row.map(Number));
    }
    const p = file('numeric.csv', `${lines.join('\r\n')}`);
    for (const chunkBytes of [5, 64, 1 << 20]) {
      const rows = await fx.data.csv(p, { chunkBytes }).toArray();
      assert.deepEqual(rows.map((r) => [r['x'], r['y'], r['z']]), expected, `chunkBytes ${chunkBytes}`);
    }
    const bad = file('numeric-bad.csv', 'a,b\n1,2\n3,4\n5,6,7\n8,9\n');
    await assert.rejects(fx.data.csv(bad).toArray(), { message: `csv: ${bad} line 4: expected 2 fields (one per column), but found 3. Fix the row, or pass {onMalformedRow: 'skip'} to skip malformed rows.` });
    assert.deepEqual(await fx.data.csv(bad, { onMalformedRow: 'skip' }).toArray(), [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 8, b: 9 }]);
  });

  test('records split across read chunks are reassembled (streaming with small chunks)', async () => {
    const lines = ['a,b,s'];
    for (let i = 0; i < 500; i++) lines.push(`${i},${i * 0.25},"q,${i}\n${'x'.repeat(i % 7)}"`);
    const p = file('chunks.csv', `${lines.join('\n')}\n`);
    const rows = await fx.data.csv(p, { chunkBytes: 7 }).toArray();
    assert.deepEqual(await fx.data.csv(p, { chunkBytes: 2 }).columnNames(), ['a', 'b', 's']);
    assert.equal(rows.length, 500);
    rows.forEach((r, i) => assert.deepEqual(r, { a: i, b: i * 0.25, s: `q,${i}\n${'x'.repeat(i % 7)}` }));
  });

  test('http:// sources stream through fetch (a local server on 127.0.0.1)', async () => {
    const server = createServer((req, res) => {
      if (req.url !== '/iris.csv') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv' }).end(readFileSync(IRIS));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const rows = await fx.data.csv(`http://127.0.0.1:${port}/iris.csv`).toArray();
      assert.equal(rows.length, 150);
      assert.deepEqual(rows[50], { sepal_length: 7, sepal_width: 3.2, petal_length: 4.7, petal_width: 1.4, species: 'versicolor' });
      await assert.rejects(fx.data.csv(`http://127.0.0.1:${port}/missing.csv`).toArray(), { message: `csv: fetching http://127.0.0.1:${port}/missing.csv failed with HTTP status 404.` });
    } finally {
      server.close();
    }
  });

  test('gzip-compressed files are decompressed while streaming', async () => {
    const p = file('iris.csv.gz', gzipSync(Buffer.from('a,b\n1,2\n3,4\n')));
    assert.deepEqual(await fx.data.csv(p).toArray(), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
  });
});

describe('fx.data.csv malformed rows', () => {
  const bad = (): string => file('bad.csv', 'a,b,c\n1,2,3\n4,5\n6,x7,8\n9,10,11\n12,,13\n');

  test('a row with the wrong field count reports file and line', async () => {
    const p = bad();
    await assert.rejects(fx.data.csv(p).toArray(), {
      message: `csv: ${p} line 3: expected 3 fields (one per column), but found 2. Fix the row, or pass {onMalformedRow: 'skip'} to skip malformed rows.`,
    });
  });

  test('an unparsable number reports file, line and column', async () => {
    const rest = file('bad2.csv', 'a,b,c\n1,2,3\n6,x7,8\n');
    await assert.rejects(fx.data.csv(rest).toArray(), {
      message: `csv: ${rest} line 3, column 2 ('b'): cannot parse "x7" as a number. Fix the row, or pass {onMalformedRow: 'skip'} to skip malformed rows.`,
    });
  });

  test("onMalformedRow: 'skip' skips them; a missing required value is malformed", async () => {
    const p = bad();
    assert.deepEqual(await fx.data.csv(p, { onMalformedRow: 'skip' }).toArray(), [
      { a: 1, b: 2, c: 3 },
      { a: 9, b: 10, c: 11 },
      { a: 12, b: NaN, c: 13 },
    ]);
    await assert.rejects(fx.data.csv(p, { columnConfigs: { b: { required: true } }, onMalformedRow: 'error' }).skip(2).toArray(), /line 3: expected 3 fields/);
    const req = file('req.csv', 'a,b\n1,\n');
    await assert.rejects(fx.data.csv(req, { columnConfigs: { b: { required: true } } }).toArray(), {
      message: `csv: ${req} line 2, column 2 ('b'): the value is missing, but the column is required. Fix the row, or pass {onMalformedRow: 'skip'} to skip malformed rows.`,
    });
  });

  test('configuration errors: unknown column, unclosed quote, missing file', async () => {
    await assert.rejects(fx.data.csv(IRIS, { columnConfigs: { label: { isLabel: true } } }).toArray(), {
      message: `csv: columnConfigs names the column 'label', but ${IRIS} has the columns sepal_length, sepal_width, petal_length, petal_width, species; fix the name in columnConfigs.`,
    });
    const q = file('unclosed.csv', 'a,b\n1,"oops\n');
    await assert.rejects(fx.data.csv(q).toArray(), { message: `csv: ${q} line 2, column 2: a quoted field is not closed before the end of the file.` });
    await assert.rejects(fx.data.csv(join(dir, 'nope.csv')).toArray(), /csv: the file .*nope\.csv does not exist/);
  });
});

describe('fx.data.jsonl', () => {
  test('one JSON value per line; errors give file and line', async () => {
    const p = file('a.jsonl', '{"x": 1, "y": [1, 2]}\n\n{"x": 2, "y": [3, 4]}\n');
    const rows = await fx.data.jsonl<{ x: number; y: number[] }>(p).toArray();
    assert.deepEqual(rows, [{ x: 1, y: [1, 2] }, { x: 2, y: [3, 4] }]);
    const [b] = await fx.data.jsonl<{ x: number; y: number[] }>(p).batch(2).toArray();
    assert.deepEqual(plain(b), { x: [1, 2], y: [[1, 3], [2, 4]] });
    const bad = file('bad.jsonl', '{"x": 1}\n{"x": \n');
    await assert.rejects(fx.data.jsonl(bad).toArray(), new RegExp(`jsonl: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 2: .*; every line must be one JSON value\\.`));
  });
});
